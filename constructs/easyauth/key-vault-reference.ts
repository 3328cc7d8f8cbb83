import type { KeyVaultSecret } from "@cdktf/provider-azurerm/lib/key-vault-secret";

/**
 * An App Service Key Vault reference to the latest version of a secret. Versionless, so a rotated secret is picked
 * up on the platform's next refresh (within 24 hours, or at once on a config change), with the identity named in
 * `key_vault_reference_identity_id`.
 * https://learn.microsoft.com/azure/app-service/app-service-key-vault-references#reference-syntax
 */
export function keyVaultReference(secret: KeyVaultSecret): string {
  return `@Microsoft.KeyVault(SecretUri=${secret.versionlessId})`;
}
