import type { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { Construct } from "constructs";
import type { DataComponentProps } from "./component-props";
import { Diagnostics } from "./monitoring";
import { PrivateEndpoint } from "./private-endpoint";
import { VaultSecret, type VaultSecretProps } from "./vault-secret";

export type SecretStoreProps = DataComponentProps & {
  readonly azurermClient: DataAzurermClientConfig;
};

export type SecretProps = Omit<VaultSecretProps, "keyVault" | "resourceGroup">;

/**
 * Key Vault for the few secrets MLflow needs: RBAC authorization, purge protection, a private endpoint, and no
 * public network access at all. Terraform writes secrets through Resource Manager (VaultSecret), which the vault's
 * firewall does not apply to, so nobody needs the data plane from outside the VNet and no deployer address is
 * ever allowed in. https://learn.microsoft.com/azure/key-vault/general/network-security
 */
export class SecretStore extends Construct {
  readonly keyVault: KeyVault;
  readonly privateEndpoint: PrivateEndpoint;
  readonly diagnostics: Diagnostics;
  private readonly resourceGroup: DataComponentProps["resourceGroup"];

  constructor(scope: Construct, id: string, props: SecretStoreProps) {
    super(scope, id);
    const { config, names, resourceGroup, network } = props;
    this.resourceGroup = resourceGroup;

    this.keyVault = new KeyVault(this, "key-vault", {
      name: names.keyVault,
      resourceGroupName: resourceGroup.name,
      location: resourceGroup.location,
      tenantId: props.azurermClient.tenantId,
      skuName: "standard",
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: config.keyVault.softDeleteRetentionDays,
      publicNetworkAccessEnabled: false,
      // Nothing reaches the data plane from outside the VNet, trusted Azure services included: the hosts read
      // through the private endpoint, and Terraform writes through Resource Manager.
      networkAcls: { defaultAction: "Deny", bypass: "None" },
      tags: { ...config.tags },
      lifecycle: { preventDestroy: true },
    });
    this.privateEndpoint = new PrivateEndpoint(this, "private-endpoint", {
      name: names.privateEndpoint("kv"),
      resourceGroup,
      subnet: network.subnets.privateEndpoints,
      targetResourceId: this.keyVault.id,
      subresource: "vault",
      dnsZone: network.privateDnsZones.keyVault,
      tags: config.tags,
    });
    this.diagnostics = new Diagnostics(this, "diagnostics", {
      targetResourceId: this.keyVault.id,
      targetType: "Microsoft.KeyVault/vaults",
      workspace: props.logAnalytics,
    });
  }

  /** Writes a secret into this vault through Resource Manager, at `scope`/`id`. */
  addSecret(scope: Construct, id: string, props: SecretProps): VaultSecret {
    return new VaultSecret(scope, id, {
      ...props,
      keyVault: this.keyVault,
      resourceGroup: this.resourceGroup,
    });
  }
}
