import { verdict, type Rule } from "../rule";
import { rawString, readBoolean, readString, referencesIn, refersTo } from "../values";

/**
 * Artifacts are reached through the private endpoint only: either public network access is off, or the firewall
 * denies by default (inline `network_rules` or an `azurerm_storage_account_network_rules` resource).
 */
export const storageNetworkDeny: Rule = {
  id: "MLF-ST-3",
  title: "Storage accounts are closed to public networks.",
  appliesTo: ["azurerm_storage_account"],
  fix: 'set publicNetworkAccessEnabled: false, or networkRules: { defaultAction: "Deny" } and reach the account through its private endpoint.',
  check: (element, stack) => {
    if (readBoolean(element.config, "public_network_access_enabled") === false) return verdict();
    const separateRules = stack
      .resourcesOfType("azurerm_storage_account_network_rules")
      .filter((rules) =>
        referencesIn(rawString(rules.config, "storage_account_id") ?? "").some((ref) =>
          refersTo(ref, element),
        ),
      );
    const actions = [
      readString(element.config, "network_rules.default_action"),
      ...separateRules.map((rules) => readString(rules.config, "default_action")),
    ].filter((action): action is string => action !== undefined);
    if (actions.length === 0)
      return verdict("public_network_access_enabled is not false and no network rules deny by default");
    return verdict(
      actions.some((action) => action !== "Deny") &&
        `the network rules' default_action is "${actions.find((a) => a !== "Deny")}"`,
    );
  },
};
