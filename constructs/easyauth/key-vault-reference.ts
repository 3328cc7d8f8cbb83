/**
 * An App Service Key Vault reference, resolved with the identity named in `key_vault_reference_identity_id`.
 * A versionless secret URI follows a rotated secret on the platform's next refetch: App Service "caches the values of
 * the Key Vault references and refetches them every 24 hours", or at once on any configuration change, or on
 * `POST <app id>/config/configreferences/appsettings/refresh?api-version=2022-03-01`. A URI with a version names that
 * version only, so a new version is a new app setting, which restarts the app and refetches.
 * A reference that does not resolve reaches the app as its own text (`@Microsoft.KeyVault(...)`).
 * https://learn.microsoft.com/azure/app-service/app-service-key-vault-references#understand-rotation,
 * #understand-source-app-settings-from-key-vault (syntax) and #troubleshoot-key-vault-references
 * @param secretUri `https://<vault>.vault.azure.net/secrets/<name>`, optionally `/<version>`
 */
export function keyVaultReference(secretUri: string): string {
  return `@Microsoft.KeyVault(SecretUri=${secretUri})`;
}
