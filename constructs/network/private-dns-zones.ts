import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import type { ResourceGroupReference } from "../resource-group";
import { Construct } from "constructs";
import type { ResourceNames } from "../naming";

export interface PrivateDnsZonesProps {
  readonly names: ResourceNames;
  readonly resourceGroup: ResourceGroupReference;
  /** The VNet to link the zones to (created here, or a landing zone's). */
  readonly virtualNetwork: { readonly id: string; readonly name: string };
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Private DNS zones that make the data plane's public names resolve to private addresses inside the VNet.
 * Zone names: https://learn.microsoft.com/azure/private-link/private-endpoint-dns#storage.
 * PostgreSQL uses VNet injection, whose zone must end in `.postgres.database.azure.com`
 * (https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-private#private-dns-zone-and-virtual-network-peering).
 */
export class PrivateDnsZones extends Construct {
  readonly blob: PrivateDnsZone;
  readonly keyVault: PrivateDnsZone;
  readonly postgres: PrivateDnsZone;
  /** The VNet links: a PostgreSQL server must be created after its zone is linked. */
  readonly links: readonly PrivateDnsZoneVirtualNetworkLink[];

  constructor(scope: Construct, id: string, props: PrivateDnsZonesProps) {
    super(scope, id);
    const zone = (zoneId: string, name: string) => {
      const dnsZone = new PrivateDnsZone(this, zoneId, {
        name,
        resourceGroupName: props.resourceGroup.name,
        tags: { ...props.tags },
      });
      const link = new PrivateDnsZoneVirtualNetworkLink(this, `${zoneId}-link`, {
        name: `link-${props.virtualNetwork.name}`,
        resourceGroupName: props.resourceGroup.name,
        privateDnsZoneName: dnsZone.name,
        virtualNetworkId: props.virtualNetwork.id,
        registrationEnabled: false,
        tags: { ...props.tags },
      });
      return { dnsZone, link };
    };
    const blob = zone("blob", "privatelink.blob.core.windows.net");
    const keyVault = zone("key-vault", "privatelink.vaultcore.azure.net");
    const postgres = zone(
      "postgres",
      `mlflow-${props.names.environment}.private.postgres.database.azure.com`,
    );
    this.blob = blob.dnsZone;
    this.keyVault = keyVault.dnsZone;
    this.postgres = postgres.dnsZone;
    this.links = [blob.link, keyVault.link, postgres.link];
  }
}
