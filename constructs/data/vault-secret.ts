import type { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import type { ResourceGroupReference } from "../resource-group";
import { ResourceGroupTemplateDeployment } from "@cdktf/provider-azurerm/lib/resource-group-template-deployment";
import { Fn, type TerraformResource } from "cdktf";
import type { Construct } from "constructs";
import { ConstructError } from "../construct-error";
import { SECRET_NAME_PATTERN } from "./secret-id";

/**
 * API version of `Microsoft.KeyVault/vaults/secrets` the template deploys with: the latest GA one
 * (https://learn.microsoft.com/azure/templates/microsoft.keyvault/vaults/secrets; Azure/azure-rest-api-specs
 * specification/keyvault/resource-manager/Microsoft.KeyVault/stable/2025-05-01/secrets.json).
 */
export const KEY_VAULT_SECRETS_API_VERSION = "2025-05-01";

/** Deployment names: at most 64 characters (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftresources). */
const DEPLOYMENT_NAME_MAX = 64;
const DEPLOYMENT_PREFIX = "kv-secret-";

export interface VaultSecretProps {
  readonly keyVault: KeyVault;
  readonly resourceGroup: ResourceGroupReference;
  /** Secret name in the vault (1-127 letters, digits, hyphens; at most 54 so the deployment name fits). */
  readonly name: string;
  /** The value: always a reference (random_password, another resource's attribute), never a literal. */
  readonly value: string;
  /** What the value is, e.g. `text/plain`, `application/x-sqlalchemy-url`. */
  readonly contentType: string;
  /**
   * The resources the value is made of (a random_password, an application password). A new one of them, and only
   * that, writes a new version: see `lifecycle` below.
   */
  readonly valueFrom: readonly TerraformResource[];
}

/**
 * The ARM template that writes one secret. The value is a `securestring` parameter: Resource Manager never
 * returns it (not in the deployment's parameters, not in its outputs), and the template outputs only the secret's
 * URIs. A value change is a new deployment, i.e. a new secret version.
 */
export const VAULT_SECRET_TEMPLATE = {
  $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  contentVersion: "1.0.0.0",
  parameters: {
    vaultName: { type: "string" },
    secretName: { type: "string" },
    contentType: { type: "string" },
    value: { type: "securestring" },
  },
  resources: [
    {
      type: "Microsoft.KeyVault/vaults/secrets",
      apiVersion: KEY_VAULT_SECRETS_API_VERSION,
      name: "[format('{0}/{1}', parameters('vaultName'), parameters('secretName'))]",
      properties: {
        value: "[parameters('value')]",
        contentType: "[parameters('contentType')]",
        attributes: { enabled: true },
      },
    },
  ],
  outputs: {
    secretUriWithVersion: {
      type: "string",
      value:
        "[reference(resourceId('Microsoft.KeyVault/vaults/secrets', parameters('vaultName'), parameters('secretName')), " +
        `'${KEY_VAULT_SECRETS_API_VERSION}').secretUriWithVersion]`,
    },
  },
} as const;

/**
 * One Key Vault secret, written through Azure Resource Manager rather than the Key Vault data plane.
 *
 * Why: `azurerm_key_vault_secret` calls the data plane (https://<vault>.vault.azure.net), which the vault's firewall
 * closes to everyone outside the VNet, and which honours a new RBAC role only minutes after it is granted.
 * `Microsoft.KeyVault/vaults/secrets` is a control-plane resource. What Microsoft Learn says, and what it does not:
 * - Network: "Key Vault firewalls and virtual network rules only apply to the data plane of Key Vault. Key Vault
 *   control plane operations (such as ... deployment of secrets or keys through ARM templates) are not affected by
 *   firewalls and virtual network rules."
 *   (https://learn.microsoft.com/azure/key-vault/general/overview-vnet-service-endpoints#usage-scenarios)
 * - Rights: `Microsoft.KeyVault/vaults/secrets/write`, "Creates a new secret or updates the value of an existing
 *   secret", is listed as a control-plane Action (Contributor and Owner hold it), apart from the DataAction
 *   `.../secrets/setSecret/action` that the data plane checks
 *   (https://learn.microsoft.com/azure/role-based-access-control/permissions/security#microsoftkeyvault).
 * - Not found in Learn: a sentence that names a vault with public network access *disabled* (rather than a
 *   default-Deny firewall) or an RBAC-mode vault and says this ARM write still succeeds there without a data-plane
 *   role. Best evidence besides the two sentences above: a public reproduction that creates an RBAC vault with
 *   `--public-network-access disabled --bypass none`, fails `az keyvault secret set`, and succeeds with
 *   `az resource create` of `vaults/secrets` as a plain Contributor (https://gist.github.com/maskati/0fe868f62dba0c13f7983ab98c0656d2).
 *   Checked against a live tenant by nobody here (README, "What is verified, and what is not yet").
 * So the vault stays private always and a first deploy from a laptop works.
 *
 * Plans that settle: Resource Manager leaves `securestring` values out of what Terraform reads back, so
 * `parameters_content` would differ on every plan and every apply would write the value again
 * (hashicorp/terraform-provider-azurerm#15394). The argument is therefore ignored after creation, and the deployment
 * is replaced (a new secret version) exactly when a resource in `valueFrom` is replaced.
 *
 * Data safety: the provider feature `template_deployment.delete_nested_items_during_deletion = false` (set in
 * MlflowStack) makes destroying this resource delete the deployment record only, never the secret
 * (hashicorp/terraform-provider-azurerm v4.55.0 internal/services/resource/template_deployment_common.go; the
 * default, true, would try a DELETE that the secrets API does not have).
 * Trade-off: Resource Manager never returns the value, so Terraform cannot see drift made outside it.
 */
export class VaultSecret extends ResourceGroupTemplateDeployment {
  /** Secret name in the vault. */
  readonly secretName: string;
  /** `https://<vault>.vault.azure.net/secrets/<name>`: the current version, whatever it is. */
  readonly versionlessId: string;
  /** `https://<vault>.vault.azure.net/secrets/<name>/<version>`: the version this deployment wrote. */
  readonly versionedId: string;
  /** Resource Manager id of the secret, the scope for a role on this secret alone. */
  readonly resourceVersionlessId: string;

  constructor(scope: Construct, id: string, props: VaultSecretProps) {
    if (
      !SECRET_NAME_PATTERN.test(props.name) ||
      DEPLOYMENT_PREFIX.length + props.name.length > DEPLOYMENT_NAME_MAX
    ) {
      throw ConstructError.at(
        scope,
        id,
        `VaultSecret: secret name "${props.name}" must be 1-${DEPLOYMENT_NAME_MAX - DEPLOYMENT_PREFIX.length} letters, digits or hyphens.`,
      );
    }
    super(scope, id, {
      name: `${DEPLOYMENT_PREFIX}${props.name}`,
      resourceGroupName: props.resourceGroup.name,
      // Incremental: the deployment adds or updates its own secret and leaves everything else in the group alone.
      deploymentMode: "Incremental",
      templateContent: JSON.stringify(VAULT_SECRET_TEMPLATE),
      parametersContent: Fn.jsonencode({
        vaultName: { value: props.keyVault.name },
        secretName: { value: props.name },
        contentType: { value: props.contentType },
        value: { value: props.value },
      }),
      lifecycle: {
        ignoreChanges: ["parameters_content"],
        replaceTriggeredBy: [...props.valueFrom],
      },
    });
    this.secretName = props.name;
    // vault_uri ends with "/" (https://<vault>.vault.azure.net/).
    this.versionlessId = `${props.keyVault.vaultUri}secrets/${props.name}`;
    this.resourceVersionlessId = `${props.keyVault.id}/secrets/${props.name}`;
    // Deployment outputs come back as { name: { type, value } }.
    this.versionedId = Fn.lookupNested(Fn.jsondecode(this.outputContent), ["secretUriWithVersion", "value"]);
  }
}
