/** Vocabulary shared by several rules: resource families and how to print a value in a finding. */

/** App Service apps that serve HTTP (the EasyAuth host). */
export const WEB_APP_TYPES = ["azurerm_linux_web_app", "azurerm_windows_web_app"] as const;

/** Virtual machines (the App Proxy MLflow VM is Linux, the connector hosts Windows). */
export const VIRTUAL_MACHINE_TYPES = [
  "azurerm_linux_virtual_machine",
  "azurerm_windows_virtual_machine",
] as const;

/** A value as a finding shows it: `true`, `"Allow"`, or `unset` when the argument is absent. */
export function show(value: unknown): string {
  return value === undefined ? "unset" : JSON.stringify(value);
}

/**
 * True for an App Service Key Vault reference, `@Microsoft.KeyVault(...)`, which App Service resolves with the app's
 * identity: https://learn.microsoft.com/azure/app-service/app-service-key-vault-references
 */
export function isKeyVaultReference(value: unknown): value is string {
  return typeof value === "string" && value.startsWith("@Microsoft.KeyVault(");
}
