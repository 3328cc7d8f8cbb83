import { verdict, type Rule } from "../rule";
import { readBoolean } from "../values";

/**
 * Azure RBAC lets a role be granted on one secret; access policies grant the whole vault.
 * azurerm 4.x names the argument `rbac_authorization_enabled` (`enable_rbac_authorization` is deprecated).
 */
export const keyVaultRbac: Rule = {
  id: "MLF-KV-2",
  title: "Key Vaults use Azure RBAC, not access policies.",
  appliesTo: ["azurerm_key_vault"],
  fix: "set rbacAuthorizationEnabled: true and grant roles with RoleAssignment.",
  check: ({ config }) => {
    const enabled =
      readBoolean(config, "rbac_authorization_enabled") === true ||
      readBoolean(config, "enable_rbac_authorization") === true;
    return verdict(!enabled && "rbac_authorization_enabled is not true (the default is access policies)");
  },
};
