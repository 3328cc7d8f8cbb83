import { parseKeyVaultSecretId } from "../../constructs/data/secret-id";

describe("parseKeyVaultSecretId: one parser for Key Vault secret ids", () => {
  const version = "0123456789abcdef0123456789abcdef";

  test("reads the vault, the secret and the version", () => {
    expect(
      parseKeyVaultSecretId(`https://kv-ops.vault.azure.net/secrets/connector-token/${version}`),
    ).toEqual({
      vaultName: "kv-ops",
      secretName: "connector-token",
      version,
    });
  });

  test("a versionless id has no version", () => {
    expect(
      parseKeyVaultSecretId("https://kv-ops.vault.azure.net/secrets/connector-token")?.version,
    ).toBeUndefined();
  });

  test.each([
    "connector-token",
    "https://kv.vault.azure.net/secrets/token", // vault names have 3-24 characters
    "https://kv-ops.vault.azure.net/keys/token",
    `https://kv-ops.vault.azure.net/secrets/token/${version}/extra`,
    "https://kv-ops.vault.azure.net/secrets/token/not-a-version",
    "https://kv-ops.vault.azure.net/secrets/to_ken",
  ])("%j is not a secret id", (text) => expect(parseKeyVaultSecretId(text)).toBeUndefined());
});
