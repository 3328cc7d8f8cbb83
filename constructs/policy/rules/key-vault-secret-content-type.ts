import { NOT_APPLICABLE, verdict, type Rule } from "../rule";
import { rawString } from "../values";
import { keyVaultSecretsOfTemplate } from "./key-vault-secret-template";

/** Scanner rule (checkov CKV_AZURE_114): a content type tells whoever rotates the secret what it holds. */
export const keyVaultSecretContentType: Rule = {
  id: "MLF-KV-4",
  title: "Key Vault secrets declare a content type.",
  appliesTo: ["azurerm_key_vault_secret", "azurerm_resource_group_template_deployment"],
  fix: 'set contentType, e.g. "text/plain; postgresql connection URI" (DataPlane.addSecret requires one).',
  check: ({ type, config }) => {
    if (type === "azurerm_resource_group_template_deployment") {
      const secrets = keyVaultSecretsOfTemplate(config);
      if (secrets === undefined) return NOT_APPLICABLE;
      return verdict(
        secrets.some((secret) => !secret.properties.contentType) &&
          "the template writes a secret without contentType",
      );
    }
    const contentType = rawString(config, "content_type");
    return verdict((contentType === undefined || contentType.trim() === "") && "content_type is unset");
  },
};
