import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
import type { ResourceGroupReference } from "../resource-group";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNatGatewayAssociation } from "@cdktf/provider-azurerm/lib/subnet-nat-gateway-association";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { SubnetRouteTableAssociation } from "@cdktf/provider-azurerm/lib/subnet-route-table-association";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { PrivateDnsZoneIdsConfig, ResolvedExistingVirtualNetwork, Tags } from "../config";
import type { ResourceReference } from "../references";
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
  /**
   * An existing VNet and subnets (landingZone.virtualNetwork, validated): nothing is created in the network then.
   * @default - none: the VNet, subnets, NSGs and egress are created
   */
  readonly existingVirtualNetwork?: ResolvedExistingVirtualNetwork;
  /** Existing private DNS zones by id (landingZone.privateDnsZoneIds). @default - none: created and linked here */
  readonly privateDnsZoneIds?: PrivateDnsZoneIdsConfig;
  /** A route table for the egress subnets instead of the NAT gateway (landingZone.egressRouteTableId). @default - none */
  readonly egressRouteTableId?: string;
}

/**
 * What gives a subnet its egress (NAT gateway or route table association), as a dependency list: empty for subnets
 * without egress and for a landing zone's subnets (their routes exist before this stack).
 */
export function egressOf(network: Network, purpose: SubnetPurpose): ITerraformDependable[] {
  const association = network.egressAssociations[purpose];
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
  /** The VNet created here; undefined with an existing one (landingZone.virtualNetwork). */
  readonly virtualNetwork: VirtualNetwork | undefined;
  /** Each subnet the mode uses (with an existing VNet, reading one it does not use throws). */
  readonly subnets: Readonly<Record<SubnetPurpose, ResourceReference>>;
  readonly subnetPrefixes: Readonly<Record<SubnetPurpose, string>>;
  /** The NSGs created here (none with an existing VNet). */
  readonly networkSecurityGroups: Readonly<Partial<Record<SubnetPurpose, NetworkSecurityGroup>>>;
  /** The NAT gateway, when egress is created here and no route table is given. */
  readonly natGateway: Egress["natGateway"] | undefined;
  /**
   * What gives each subnet with egress its route out (NAT gateway or route table association): a host that pulls
   * an image or calls Entra at start waits for it.
   */
  readonly egressAssociations: Readonly<Partial<Record<SubnetPurpose, ITerraformDependable>>>;
  /** The data plane's private DNS zones: created and linked here, or the landing zone's by id. */
  readonly privateDnsZones: PrivateDnsZoneReferences;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const { names, resourceGroup, addressSpace } = props;
    const tags = props.tags ?? {};
    const location = resourceGroup.location;

    if (props.existingVirtualNetwork) {
      const existing = props.existingVirtualNetwork;
      this.virtualNetwork = undefined;
      this.subnets = landingZoneSubnets(existing, (subnet) => ({ id: subnet.id }));
      this.subnetPrefixes = landingZoneSubnets(existing, (subnet) => subnet.addressPrefix);
      this.networkSecurityGroups = {};
      this.natGateway = undefined;
      this.egressAssociations = {};
      this.privateDnsZones = props.privateDnsZoneIds
        ? existingZones(props.privateDnsZoneIds)
        : new PrivateDnsZones(this, "private-dns", {
            names,
            resourceGroup,
            virtualNetwork: { id: existing.id, name: existing.id.split("/").pop() ?? "" },
            tags,
          });
      return;
    }

    this.virtualNetwork = new VirtualNetwork(this, "virtual-network", {
      name: names.virtualNetwork,
      resourceGroupName: resourceGroup.name,
      location,
      addressSpace: [addressSpace],
      tags: { ...tags },
    });
    // Egress: the NAT gateway, or the landing zone's route table (e.g. to its firewall).
    this.natGateway = props.egressRouteTableId
      ? undefined
      : new Egress(this, "egress", { names, resourceGroup, tags }).natGateway;
    this.subnetPrefixes = subnetPrefixes(addressSpace);
    const rules = inboundRules(this.subnetPrefixes, props.mlflowVmSourceCidrs ?? []);
    const outbound = outboundRules();

    const subnets = {} as Record<SubnetPurpose, Subnet>;
    const groups = {} as Record<SubnetPurpose, NetworkSecurityGroup>;
    const egressAssociations: Partial<Record<SubnetPurpose, ITerraformDependable>> = {};
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
        egressAssociations[purpose] = this.natGateway
          ? new SubnetNatGatewayAssociation(this, `subnet-${kebab}-nat-gateway`, {
              subnetId: subnet.id,
              natGatewayId: this.natGateway.id,
            })
          : new SubnetRouteTableAssociation(this, `subnet-${kebab}-route-table`, {
              subnetId: subnet.id,
              routeTableId: props.egressRouteTableId ?? "",
            });
      }
      subnets[purpose] = subnet;
      groups[purpose] = nsg;
    }
    this.subnets = subnets;
    this.networkSecurityGroups = groups;
    this.egressAssociations = egressAssociations;
    this.privateDnsZones = props.privateDnsZoneIds
      ? existingZones(props.privateDnsZoneIds)
      : new PrivateDnsZones(this, "private-dns", {
          names,
          resourceGroup,
          virtualNetwork: this.virtualNetwork,
          tags,
        });
  }
}

/** The private DNS zones the data plane links to, and what a PostgreSQL server must wait for (the VNet links). */
export interface PrivateDnsZoneReferences {
  readonly blob: ResourceReference;
  readonly keyVault: ResourceReference;
  readonly postgres: ResourceReference;
  readonly links: readonly ITerraformDependable[];
}

/** A landing zone's zones: nothing to create or wait for (their links are the landing zone's). */
function existingZones(ids: PrivateDnsZoneIdsConfig): PrivateDnsZoneReferences {
  return {
    blob: { id: ids.blob },
    keyVault: { id: ids.keyVault },
    postgres: { id: ids.postgres },
    links: [],
  };
}

/**
 * One value per purpose from a landing zone's subnets. Reading a purpose the mode does not use (so the
 * configuration has no subnet for it) throws instead of yielding undefined.
 */
function landingZoneSubnets<T>(
  existing: ResolvedExistingVirtualNetwork,
  value: (subnet: ResolvedExistingVirtualNetwork["subnets"][string]) => T,
): Readonly<Record<SubnetPurpose, T>> {
  const result = {} as Record<SubnetPurpose, T>;
  for (const purpose of SUBNET_PURPOSES) {
    const subnet = existing.subnets[purpose];
    Object.defineProperty(result, purpose, {
      enumerable: subnet !== undefined,
      get: () => {
        if (subnet === undefined) {
          throw new Error(
            `landingZone.virtualNetwork.subnets has no ${purpose} subnet, which this configuration needs; add { id, addressPrefix } for it.`,
          );
        }
        return value(subnet);
      },
    });
  }
  return result;
}
