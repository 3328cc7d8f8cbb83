import { verdict, type Rule } from "../rule";
import { readBoolean, valueAt } from "../values";

/** SSH keys (or Entra ID login) only: a password can be guessed and must be stored somewhere. */
export const vmNoPasswordAuth: Rule = {
  id: "MLF-VM-1",
  title: "Linux VMs accept no password sign-in.",
  appliesTo: ["azurerm_linux_virtual_machine"],
  fix: "remove adminPassword and leave disablePasswordAuthentication unset or true; give adminSshKey.",
  check: ({ config }) =>
    verdict(
      readBoolean(config, "disable_password_authentication") === false &&
        "disable_password_authentication is false",
      valueAt(config, "admin_password") !== undefined && "admin_password is set",
    ),
};
