import type { JsonObject } from "../synthesized";
import type { TerraformReference } from "../values";
import { keyVaultSecretsOfTemplate } from "./key-vault-secret-template";

/**
 * Names of the Terraform arguments and attributes that hold secrets, shared by the MLF-SEC rules. Argument names
 * are matched on the last path segment (`site_config.application_stack.docker_registry_password`).
 */

/** Arguments whose value is a secret (write-only `_wo` variants included). */
export const SECRET_ARGUMENTS = new Set([
  "password",
  "admin_password",
  "administrator_password",
  "administrator_password_wo",
  "administrator_login_password",
  "client_secret",
  "client_certificate_password",
  "docker_registry_password",
  "access_key",
  "primary_access_key",
  "secondary_access_key",
  "storage_account_access_key",
  "shared_key",
  "sas_token",
  "private_key",
  "private_key_pem",
  "token",
]);

/**
 * Arguments built to receive a secret: Key Vault secret values (including the parameters of a template deployment
 * that writes only Key Vault secrets from `securestring` parameters) and the password a resource is created with.
 */
export function isSecretSink(type: string, path: string, config?: JsonObject): boolean {
  const argument = lastSegment(path);
  if (type === "azurerm_key_vault_secret" && (argument === "value" || argument === "value_wo")) return true;
  if (type === "azurerm_resource_group_template_deployment" && path === "parameters_content" && config) {
    const secrets = keyVaultSecretsOfTemplate(config);
    if (secrets?.every((secret) => secret.valueIsSecureParameter)) return true;
  }
  // VM extension protected settings are encrypted by Azure and never returned by its API.
  if (argument === "protected_settings") return true;
  return SECRET_ARGUMENTS.has(argument) && argument !== "token";
}

/**
 * Resources that generate a secret and keep it in Terraform state: a random password, a private key, and the
 * passwords Entra generates for an application or a service principal. Their secret attributes are the ones
 * `isSecretSource` names for them. (`random_string` is not one: the random provider does not treat it as sensitive,
 * and nothing here uses it as a credential.)
 */
export const GENERATED_SECRET_TYPES = [
  "random_password",
  "tls_private_key",
  "azuread_application_password",
  "azuread_service_principal_password",
] as const;

/** Attributes of other resources that carry a secret: a reference to them moves the secret where it is used. */
export function isSecretSource(reference: TerraformReference): boolean {
  const { type, attribute } = reference;
  if (SECRET_ARGUMENTS.has(attribute)) return true;
  switch (type) {
    case "random_password":
      return attribute === "result" || attribute === "bcrypt_hash";
    case "tls_private_key":
      return attribute.startsWith("private_key");
    case "azuread_application_password":
    case "azuread_service_principal_password":
    case "azurerm_key_vault_secret":
      return attribute === "value";
    case "azurerm_storage_account":
      return /^(primary|secondary)_.*(access_key|connection_string)$/.test(attribute);
    case "azurerm_log_analytics_workspace":
      return /_shared_key$/.test(attribute);
    default:
      return false;
  }
}

/** `site_config.app_settings.FOO` -> `FOO`; `ip_configuration[0].name` -> `name`. */
export function lastSegment(path: string): string {
  return (
    path
      .replace(/\[\d+\]/g, "")
      .split(".")
      .pop() ?? path
  );
}
