/**
 * The one shell command the printed operator steps use to store a secret in an environment's Key Vault: a Resource
 * Manager PUT of `Microsoft.KeyVault/vaults/secrets`, so it works from a laptop although the vault is private.
 * Whoever builds the request body (a file the caller creates with umask 077, never a command-line argument, so the
 * value shows in no process list or shell history) hands its name here; the command prints the new version's id and
 * removes the file whatever happened.
 */

/**
 * API version of the create-or-update: stable, body `{ properties: { value, contentType, attributes } }`, response
 * with `properties.secretUriWithVersion` (Azure/azure-rest-api-specs
 * specification/keyvault/resource-manager/Microsoft.KeyVault/stable/2023-07-01/secrets.json and
 * examples/createSecret.json). A control-plane call: the vault's network rules apply to its data plane only
 * (https://learn.microsoft.com/azure/key-vault/general/network-security), and `Microsoft.KeyVault/vaults/secrets/write`
 * is a control-plane action that Contributor holds
 * (https://learn.microsoft.com/azure/role-based-access-control/permissions/security#microsoftkeyvault).
 */
export const KEY_VAULT_SECRETS_ARM_API_VERSION = "2023-07-01";

export interface StoreSecretCommandProps {
  /** Resource Manager id of the vault (`/subscriptions/.../vaults/<name>`); a Terraform reference is fine. */
  readonly keyVaultId: string;
  /** Name of the secret: a new name creates it, an existing one gets a new version. */
  readonly secretName: string;
  /** The file holding the request body, removed by the command. */
  readonly bodyFile: string;
}

/** `az rest --method put ...` of the body file, printing the new version's id (`https://<vault>.vault.azure.net/secrets/<name>/<version>`). */
export function storeSecretCommand(p: StoreSecretCommandProps): string {
  const url =
    `https://management.azure.com${p.keyVaultId}/secrets/${p.secretName}` +
    `?api-version=${KEY_VAULT_SECRETS_ARM_API_VERSION}`;
  return (
    `az rest --method put --url "${url}" --body @${p.bodyFile} --query properties.secretUriWithVersion -o tsv; ` +
    `rm -f ${p.bodyFile}`
  );
}
