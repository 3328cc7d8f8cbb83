import { NatGateway } from "@cdktf/provider-azurerm/lib/nat-gateway";
import { NatGatewayPublicIpAssociation } from "@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import type { ResourceGroupReference } from "../resource-group";
import { Construct } from "constructs";
import type { ResourceNames } from "../naming";

export interface EgressProps {
  readonly names: ResourceNames;
  readonly resourceGroup: ResourceGroupReference;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Outbound internet for the subnets that need it (image pulls, Entra, OS updates). New VNets get no default
 * outbound access since 2025-09-30 (https://learn.microsoft.com/azure/virtual-network/ip-services/default-outbound-access),
 * and a NAT gateway's public IP takes no inbound connections. It is the only public IP in the project.
 */
export class Egress extends Construct {
  readonly natGateway: NatGateway;
  readonly publicIp: PublicIp;

  constructor(scope: Construct, id: string, props: EgressProps) {
    super(scope, id);
    const { names, resourceGroup, tags } = props;
    this.publicIp = new PublicIp(this, "public-ip", {
      name: names.natPublicIp,
      resourceGroupName: resourceGroup.name,
      location: resourceGroup.location,
      allocationMethod: "Static",
      sku: "Standard",
      tags: { ...tags },
    });
    this.natGateway = new NatGateway(this, "nat-gateway", {
      name: names.natGateway,
      resourceGroupName: resourceGroup.name,
      location: resourceGroup.location,
      skuName: "Standard",
      idleTimeoutInMinutes: 10,
      tags: { ...tags },
    });
    new NatGatewayPublicIpAssociation(this, "public-ip-association", {
      natGatewayId: this.natGateway.id,
      publicIpAddressId: this.publicIp.id,
    });
  }
}
