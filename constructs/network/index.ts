import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
import type { ResourceGroupReference } from "../resource-group";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNatGatewayAssociation } from "@cdktf/provider-azurerm/lib/subnet-nat-gateway-association";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { Construct } from "constructs";
import type { Tags } from "../config";
import type { ResourceNames } from "../naming";
import { Egress } from "./nat-gateway";
import { PrivateDnsZones } from "./private-dns-zones";
import { inboundRules, outboundRules } from "./security-rules";
import { SUBNET_PURPOSES, SubnetPurpose, subnetPrefixes } from "./subnet-layout";

export { SUBNET_PURPOSES, subnetPrefixes } from "./subnet-layout";
export type { SubnetPurpose } from "./subnet-layout";

export interface NetworkProps {
  readonly names: ResourceNames;
  readonly resourceGroup: ResourceGroupReference;
  /** The VNet's IPv4 address space, a /24 or larger (subnet-layout.ts carves 128 addresses from its start). */
  readonly addressSpace: string;
  /**
   * CIDRs (inside the VNet or peered) that may reach MLflow's port on the MLflow VM subnet directly.
   * @default - none: only the connector subnet reaches it
   */
  readonly mlflowVmSourceCidrs?: readonly string[];
  /** Tags on every resource. @default - none */
  readonly tags?: Tags;
}

/** The NAT gateway association of a subnet with egress, as a dependency list (empty for subnets without egress). */
export function egressOf(network: Network, purpose: SubnetPurpose): SubnetNatGatewayAssociation[] {
  const association = network.natGatewayAssociations[purpose];
  return association ? [association] : [];
}

/** Subnet delegations (https://learn.microsoft.com/azure/virtual-network/subnet-delegation-overview). */
const DELEGATIONS: Partial<Record<SubnetPurpose, { service: string; actions: string[] }>> = {
  // Regional VNet integration of the EasyAuth web app.
  appService: {
    service: "Microsoft.Web/serverFarms",
    actions: ["Microsoft.Network/virtualNetworks/subnets/action"],
  },
  // PostgreSQL flexible server with private access (VNet injection) rather than a private endpoint: the server
  // gets no public endpoint at all, needs no extra endpoint resource, and the NSG of its subnet applies.
  postgres: {
    service: "Microsoft.DBforPostgreSQL/flexibleServers",
    actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"],
  },
};

/** Subnets whose workloads need outbound internet; the NAT gateway serves them. */
const EGRESS_SUBNETS: readonly SubnetPurpose[] = ["appService", "mlflowVm", "connector"];

/**
 * The VNet and everything in it that does not depend on the auth mode: five subnets, each with its own NSG,
 * a NAT gateway for egress, and the private DNS zones of the data plane.
 */
export class Network extends Construct {
  readonly virtualNetwork: VirtualNetwork;
  readonly subnets: Readonly<Record<SubnetPurpose, Subnet>>;
  readonly subnetPrefixes: Readonly<Record<SubnetPurpose, string>>;
  readonly networkSecurityGroups: Readonly<Record<SubnetPurpose, NetworkSecurityGroup>>;
  readonly natGateway: Egress["natGateway"];
  /** The NAT gateway on each subnet that has egress: a host that pulls an image or calls Entra at start waits for it. */
  readonly natGatewayAssociations: Readonly<Partial<Record<SubnetPurpose, SubnetNatGatewayAssociation>>>;
  readonly privateDnsZones: PrivateDnsZones;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const { names, resourceGroup, addressSpace } = props;
    const tags = props.tags ?? {};
    const location = resourceGroup.location;

    this.virtualNetwork = new VirtualNetwork(this, "virtual-network", {
      name: names.virtualNetwork,
      resourceGroupName: resourceGroup.name,
      location,
      addressSpace: [addressSpace],
      tags: { ...tags },
    });
    const egress = new Egress(this, "egress", { names, resourceGroup, tags });
    this.natGateway = egress.natGateway;
    this.subnetPrefixes = subnetPrefixes(addressSpace);
    const rules = inboundRules(this.subnetPrefixes, props.mlflowVmSourceCidrs ?? []);
    const outbound = outboundRules();

    const subnets = {} as Record<SubnetPurpose, Subnet>;
    const groups = {} as Record<SubnetPurpose, NetworkSecurityGroup>;
    const natGatewayAssociations: Partial<Record<SubnetPurpose, SubnetNatGatewayAssociation>> = {};
    for (const purpose of SUBNET_PURPOSES) {
      const kebab = purpose.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      const delegation = DELEGATIONS[purpose];
      const subnet = new Subnet(this, `subnet-${kebab}`, {
        name: names.subnet(kebab),
        resourceGroupName: resourceGroup.name,
        virtualNetworkName: this.virtualNetwork.name,
        addressPrefixes: [this.subnetPrefixes[purpose]],
        // Explicitly private: no implicit outbound IP; egress only through the NAT gateway.
        defaultOutboundAccessEnabled: false,
        // Let the NSG apply to traffic to the private endpoints (Azure skips it for endpoints by default).
        // https://learn.microsoft.com/azure/private-link/disable-private-endpoint-network-policy
        privateEndpointNetworkPolicies: purpose === "privateEndpoints" ? "Enabled" : undefined,
        delegation: delegation
          ? [
              {
                name: delegation.service.replace("/", "."),
                serviceDelegation: { name: delegation.service, actions: delegation.actions },
              },
            ]
          : undefined,
      });
      const nsg = new NetworkSecurityGroup(this, `nsg-${kebab}`, {
        name: names.networkSecurityGroup(kebab),
        resourceGroupName: resourceGroup.name,
        location,
        tags: { ...tags },
      });
      for (const rule of rules[purpose]) {
        new NetworkSecurityRule(this, `nsg-${kebab}-${rule.name}`, {
          name: rule.name,
          resourceGroupName: resourceGroup.name,
          networkSecurityGroupName: nsg.name,
          direction: "Inbound",
          access: rule.access,
          priority: rule.priority,
          protocol: rule.protocol,
          sourcePortRange: "*",
          sourceAddressPrefixes: [...rule.sourceAddressPrefixes],
          destinationAddressPrefix: this.subnetPrefixes[purpose],
          destinationPortRange: rule.destinationPortRange,
          description: rule.description,
        });
      }
      for (const rule of outbound[purpose]) {
        new NetworkSecurityRule(this, `nsg-${kebab}-${rule.name}`, {
          name: rule.name,
          resourceGroupName: resourceGroup.name,
          networkSecurityGroupName: nsg.name,
          direction: "Outbound",
          access: "Allow",
          priority: rule.priority,
          protocol: rule.protocol,
          sourcePortRange: "*",
          sourceAddressPrefix: this.subnetPrefixes[purpose],
          destinationAddressPrefix: rule.destinationAddressPrefix,
          destinationPortRange: rule.destinationPortRange,
          description: rule.description,
        });
      }
      new SubnetNetworkSecurityGroupAssociation(this, `nsg-${kebab}-association`, {
        subnetId: subnet.id,
        networkSecurityGroupId: nsg.id,
      });
      if (EGRESS_SUBNETS.includes(purpose)) {
        natGatewayAssociations[purpose] = new SubnetNatGatewayAssociation(
          this,
          `subnet-${kebab}-nat-gateway`,
          {
            subnetId: subnet.id,
            natGatewayId: this.natGateway.id,
          },
        );
      }
      subnets[purpose] = subnet;
      groups[purpose] = nsg;
    }
    this.subnets = subnets;
    this.networkSecurityGroups = groups;
    this.natGatewayAssociations = natGatewayAssociations;
    this.privateDnsZones = new PrivateDnsZones(this, "private-dns", {
      names,
      resourceGroup,
      virtualNetwork: this.virtualNetwork,
      tags,
    });
  }
}
