import type { JsonObject } from "../synthesized";
import { rawString } from "../values";

/** The secrets an ARM template writes, read from a template deployment's `template_content`. */
export interface TemplateSecret {
  /** The `properties` of the `Microsoft.KeyVault/vaults/secrets` resource, as written in the template. */
  readonly properties: Readonly<Record<string, unknown>>;
  /** True when `properties.value` is a `securestring` parameter (never returned by Resource Manager). */
  readonly valueIsSecureParameter: boolean;
}

/**
 * The Key Vault secrets of an `azurerm_resource_group_template_deployment`, or undefined when its template writes
 * anything else (or cannot be read at synth). Secrets written this way go through Resource Manager, not the
 * vault's data plane (see constructs/data/vault-secret.ts).
 */
export function keyVaultSecretsOfTemplate(config: JsonObject): TemplateSecret[] | undefined {
  const content = rawString(config, "template_content");
  if (content === undefined) return undefined;
  let template: {
    parameters?: Record<string, { type?: string }>;
    resources?: { type?: string; properties?: Record<string, unknown> }[];
  };
  try {
    template = JSON.parse(content);
  } catch {
    return undefined;
  }
  const resources = template.resources ?? [];
  if (
    resources.length === 0 ||
    resources.some((r) => r.type?.toLowerCase() !== "microsoft.keyvault/vaults/secrets")
  ) {
    return undefined;
  }
  return resources.map((resource) => {
    const properties = resource.properties ?? {};
    const parameter = /^\[parameters\('([^']+)'\)\]$/.exec(String(properties.value ?? ""))?.[1];
    return {
      properties,
      valueIsSecureParameter:
        parameter !== undefined && template.parameters?.[parameter]?.type?.toLowerCase() === "securestring",
    };
  });
}
