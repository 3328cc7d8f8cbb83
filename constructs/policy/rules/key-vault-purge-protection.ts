import { verdict, type Rule } from "../rule";
import { readBoolean } from "../values";
import { show } from "./common";

/** Without purge protection a deleted vault (and the database credentials in it) can be purged before recovery. */
export const keyVaultPurgeProtection: Rule = {
  id: "MLF-KV-1",
  title: "Key Vaults have purge protection.",
  appliesTo: ["azurerm_key_vault"],
  fix: "set purgeProtectionEnabled: true (it cannot be turned off again).",
  check: ({ config }) => {
    const enabled = readBoolean(config, "purge_protection_enabled");
    return verdict(enabled !== true && `purge_protection_enabled is ${show(enabled)} (the default is false)`);
  },
};
