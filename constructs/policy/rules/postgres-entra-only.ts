import { verdict, type Rule } from "../rule";
import { blocksAt, readBoolean, valueAt } from "../values";
import { show } from "./common";

/**
 * Microsoft Entra ID sign-in only. A password would sit in Terraform state (`administrator_password`) and in every
 * connection string that uses it; with Entra authentication a host connects with a token of its managed identity.
 * azurerm 4.55.0 turns password authentication on unless told otherwise: `authentication.password_auth_enabled`
 * defaults to true and `active_directory_auth_enabled` to false, and with the block absent the create treats password
 * authentication as on ("pwdEnabled := true // it defaults to true") and sends no setting, so Azure's default applies
 * (hashicorp/terraform-provider-azurerm@v4.55.0 internal/services/postgres/postgresql_flexible_server_resource.go).
 * The same two settings are what Azure Policy's built-in "Azure PostgreSQL flexible server should have Microsoft
 * Entra Only Authentication enabled" audits (authConfig.activeDirectoryAuth Enabled, authConfig.passwordAuth Disabled;
 * Azure/azure-policy built-in-policies/policyDefinitions/SQL/PostgreSQL_FlexibleServers_EnableEntraOnlyAuthentication_Audit.json).
 */
export const postgresEntraOnly: Rule = {
  id: "MLF-PG-5",
  title: "PostgreSQL flexible servers accept Microsoft Entra ID sign-in only (no password authentication).",
  appliesTo: ["azurerm_postgresql_flexible_server"],
  fix: "set authentication: { passwordAuthEnabled: false, activeDirectoryAuthEnabled: true, tenantId }, drop administratorLogin and administratorPassword, and connect with a managed identity's token.",
  check: ({ config }) => {
    const [authentication] = blocksAt(config, "authentication");
    if (!authentication) {
      return verdict("the authentication block is absent, so password authentication is on (the default)");
    }
    const password = readBoolean(authentication, "password_auth_enabled");
    const entra = readBoolean(authentication, "active_directory_auth_enabled");
    return verdict(
      password !== false &&
        `authentication.password_auth_enabled is ${password === undefined ? "unset (the default is true)" : show(password)}`,
      entra !== true &&
        `authentication.active_directory_auth_enabled is ${entra === undefined ? "unset (the default is false)" : show(entra)}`,
      valueAt(config, "administrator_password") !== undefined && "administrator_password is set",
    );
  },
};
