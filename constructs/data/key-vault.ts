import type { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultSecret } from "@cdktf/provider-azurerm/lib/key-vault-secret";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Construct } from "constructs";
import type { DataComponentProps } from "./component-props";
import { Diagnostics } from "./monitoring";
import { PrivateEndpoint } from "./private-endpoint";

export interface SecretStoreProps extends DataComponentProps {
  readonly azurermClient: DataAzurermClientConfig;
}

export interface SecretProps {
  /** Secret name in the vault (1-127 letters, digits, hyphens). */
  readonly name: string;
  /** The value: always a reference (random_password, another resource's attribute), never a literal. */
  readonly value: string;
  /** What the value is, e.g. `text/plain`, `application/x-postgresql-uri`. */
  readonly contentType: string;
}

/**
 * Key Vault for the few secrets MLflow needs. RBAC authorization, purge protection, private endpoint.
 *
 * Network: Terraform writes secrets through the Key Vault *data plane* (there is no Resource Manager path for
 * secret values), so a deployer outside the VNet must be let through the firewall. With `deployerIpRanges` set,
 * public network access is on but the firewall denies everything except those addresses and trusted Azure
 * services; without them, public network access is off and deploys must run inside the VNet (a self-hosted
 * runner). https://learn.microsoft.com/azure/key-vault/general/network-security
 */
export class SecretStore extends Construct {
  readonly keyVault: KeyVault;
  /** Key Vault Secrets Officer for whoever runs Terraform: needed to write secrets with RBAC authorization. */
  readonly deployerSecretsOfficer: RoleAssignment;

  constructor(scope: Construct, id: string, props: SecretStoreProps) {
    super(scope, id);
    const { config, names, resourceGroup, network } = props;

    this.keyVault = new KeyVault(this, "key-vault", {
      name: names.keyVault,
      resourceGroupName: resourceGroup.name,
      location: resourceGroup.location,
      tenantId: props.azurermClient.tenantId,
      skuName: "standard",
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: config.keyVault.softDeleteRetentionDays,
      publicNetworkAccessEnabled: config.deployerIpRanges.length > 0,
      networkAcls: {
        defaultAction: "Deny",
        bypass: "AzureServices",
        ipRules: [...config.deployerIpRanges],
      },
      tags: { ...config.tags },
      lifecycle: { preventDestroy: true },
    });
    new PrivateEndpoint(this, "private-endpoint", {
      name: names.privateEndpoint("kv"),
      resourceGroup,
      subnet: network.subnets.privateEndpoints,
      targetResourceId: this.keyVault.id,
      subresource: "vault",
      dnsZone: network.privateDnsZones.keyVault,
      tags: config.tags,
    });
    new Diagnostics(this, "diagnostics", {
      targetResourceId: this.keyVault.id,
      workspace: props.logAnalytics,
      categoryGroups: ["allLogs"],
    });
    this.deployerSecretsOfficer = new RoleAssignment(this, "deployer-secrets-officer", {
      scope: this.keyVault.id,
      roleDefinitionName: "Key Vault Secrets Officer",
      principalId: props.azurermClient.objectId,
      description: "Lets the identity running Terraform write the vault's secrets",
    });
  }

  /** A secret written after the deployer's role exists (RBAC writes fail until it does). */
  addSecret(scope: Construct, id: string, props: SecretProps): KeyVaultSecret {
    return new KeyVaultSecret(scope, id, {
      name: props.name,
      keyVaultId: this.keyVault.id,
      value: props.value,
      contentType: props.contentType,
      dependsOn: [this.deployerSecretsOfficer],
    });
  }
}
