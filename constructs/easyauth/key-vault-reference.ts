import type { VaultSecret } from "../data";

/**
 * An App Service Key Vault reference, resolved with the identity named in `key_vault_reference_identity_id`.
 * `latest` (versionless) follows a rotated secret on the platform's next refetch: App Service "caches the values of
 * the Key Vault references and refetches them every 24 hours", or at once on any configuration change, or on
 * `POST <app id>/config/configreferences/appsettings/refresh?api-version=2022-03-01`. `version-written` names the
 * version this deployment wrote, so a new version changes the app settings, which restarts the app and refetches.
 * A reference that does not resolve reaches the app as its own text (`@Microsoft.KeyVault(...)`).
 * https://learn.microsoft.com/azure/app-service/app-service-key-vault-references#understand-rotation,
 * #understand-source-app-settings-from-key-vault (syntax) and #troubleshoot-key-vault-references
 */
export function keyVaultReference(
  secret: Pick<VaultSecret, "versionlessId" | "versionedId">,
  version: "latest" | "version-written" = "latest",
): string {
  return `@Microsoft.KeyVault(SecretUri=${version === "latest" ? secret.versionlessId : secret.versionedId})`;
}
