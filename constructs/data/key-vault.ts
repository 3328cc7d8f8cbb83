import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { Construct } from "constructs";
import type { DataComponentProps, PrivateAccessProps } from "./component-props";
import { Diagnostics } from "./monitoring";
import { PrivateEndpoint } from "./private-endpoint";
import { VaultSecret, type VaultSecretProps } from "./vault-secret";

export interface SecretStoreProps extends DataComponentProps, PrivateAccessProps {
  /** Entra tenant the vault trusts. */
  readonly tenantId: string;
  /** Days a deleted vault or secret can be recovered (7 to 90). */
  readonly softDeleteRetentionDays: number;
}

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
    const { names, resourceGroup } = props;
    const tags = props.tags ?? {};
    this.resourceGroup = resourceGroup;

    this.keyVault = new KeyVault(this, "key-vault", {
      name: names.keyVault,
      resourceGroupName: resourceGroup.name,
      location: resourceGroup.location,
      tenantId: props.tenantId,
      skuName: "standard",
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: props.softDeleteRetentionDays,
      publicNetworkAccessEnabled: false,
      // Nothing reaches the data plane from outside the VNet, trusted Azure services included: the hosts read
      // through the private endpoint, and Terraform writes through Resource Manager.
      networkAcls: { defaultAction: "Deny", bypass: "None" },
      tags: { ...tags },
      lifecycle: { preventDestroy: true },
    });
    this.privateEndpoint = new PrivateEndpoint(this, "private-endpoint", {
      name: names.privateEndpoint("kv"),
      resourceGroup,
      subnet: props.subnet,
      targetResourceId: this.keyVault.id,
      subresource: "vault",
      dnsZone: props.dnsZone,
      tags,
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
