import type { VaultSecret } from "../data";
import { keyVaultReferenceTo } from "../mlflow-server";

/**
 * An App Service Key Vault reference, resolved with the identity named in `key_vault_reference_identity_id`.
 * `latest` (versionless) follows a rotated secret on the platform's next refresh (within 24 hours, or at once on a
 * config change); `version-written` names the version this deployment wrote, so a new version changes the app
 * settings and App Service resolves it at once.
 * https://learn.microsoft.com/azure/app-service/app-service-key-vault-references#reference-syntax
 */
export function keyVaultReference(
  secret: Pick<VaultSecret, "versionlessId" | "versionedId">,
  version: "latest" | "version-written" = "latest",
): string {
  return keyVaultReferenceTo(version === "latest" ? secret.versionlessId : secret.versionedId);
}
