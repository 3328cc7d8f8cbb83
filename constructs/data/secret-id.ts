/**
 * Key Vault secret identifiers, `https://<vault>.vault.azure.net/secrets/<name>[/<version>]`, parsed in one place
 * (https://learn.microsoft.com/azure/key-vault/about-keys-secrets-and-certificates#object-identifiers): vault names of
 * 3-24 letters, digits and hyphens, secret names of 1-127, versions as Key Vault writes them (32 hex digits).
 */

/** Key Vault secret names. */
export const SECRET_NAME_PATTERN = /^[0-9A-Za-z-]{1,127}$/;

const SECRET_ID =
  /^https:\/\/([a-zA-Z0-9-]{3,24})\.vault\.azure\.net\/secrets\/([0-9A-Za-z-]{1,127})(?:\/([0-9a-f]{32}))?$/;

export interface KeyVaultSecretId {
  readonly vaultName: string;
  readonly secretName: string;
  /** undefined for a versionless id (which always means the current version). */
  readonly version: string | undefined;
}

/** The parts of a secret id, or undefined when the text is not one. */
export function parseKeyVaultSecretId(text: string): KeyVaultSecretId | undefined {
  const match = SECRET_ID.exec(text);
  return match ? { vaultName: match[1], secretName: match[2], version: match[3] } : undefined;
}
