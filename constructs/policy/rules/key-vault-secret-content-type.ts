import { verdict, type Rule } from "../rule";
import { rawString } from "../values";

/** Scanner rule (checkov CKV_AZURE_114): a content type tells whoever rotates the secret what it holds. */
export const keyVaultSecretContentType: Rule = {
  id: "MLF-KV-4",
  title: "Key Vault secrets declare a content type.",
  appliesTo: ["azurerm_key_vault_secret"],
  fix: 'set contentType, e.g. "text/plain; postgresql connection URI" (DataPlane.addSecret requires one).',
  check: ({ config }) => {
    const contentType = rawString(config, "content_type");
    return verdict((contentType === undefined || contentType.trim() === "") && "content_type is unset");
  },
};
