import { verdict, type Rule } from "../rule";
import { readBoolean, readString } from "../values";

/** The vault is reached through its private endpoint; a deployer's IP may be allowed, everything else is denied. */
export const keyVaultNetworkDeny: Rule = {
  id: "MLF-KV-3",
  title: "Key Vaults are closed to public networks.",
  appliesTo: ["azurerm_key_vault"],
  fix: 'set publicNetworkAccessEnabled: false, or networkAcls: { defaultAction: "Deny", bypass: "None", ipRules: [deployer] }.',
  check: ({ config }) => {
    if (readBoolean(config, "public_network_access_enabled") === false) return verdict();
    const action = readString(config, "network_acls.default_action");
    return verdict(
      action !== "Deny" &&
        (action === undefined
          ? "public_network_access_enabled is not false and network_acls is missing"
          : `network_acls.default_action is "${action}"`),
    );
  },
};
