import { NatGateway } from "@cdktf/provider-azurerm/lib/nat-gateway";
import { NatGatewayPublicIpAssociation } from "@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association";
import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { WindowsVirtualMachine } from "@cdktf/provider-azurerm/lib/windows-virtual-machine";
import type { Construct } from "constructs";
import { nicNoIpForwarding } from "../../../constructs/policy/rules/nic-no-ip-forwarding";
import { nicNoPublicIp } from "../../../constructs/policy/rules/nic-no-public-ip";
import { nsgNoInternetInbound } from "../../../constructs/policy/rules/nsg-no-internet-inbound";
import { publicIpNatOnly } from "../../../constructs/policy/rules/public-ip-nat-only";
import { subnetHasNsg } from "../../../constructs/policy/rules/subnet-has-nsg";
import { vmEncryptionAtHost } from "../../../constructs/policy/rules/vm-encryption-at-host";
import { vmNoPasswordAuth } from "../../../constructs/policy/rules/vm-no-password-auth";
import { linuxVm, networkInterface } from "./fixtures";
import type { RuleCase } from "./rule-case";

const AT = { location: "westeurope", resourceGroupName: "rg" };

function inboundRule(scope: Construct, source: string): NetworkSecurityRule {
  return new NetworkSecurityRule(scope, "rule", {
    ...AT,
    name: "AllowMlflow",
    networkSecurityGroupName: "nsg",
    priority: 100,
    direction: "Inbound",
    access: "Allow",
    protocol: "Tcp",
    sourcePortRange: "*",
    destinationPortRange: "5000",
    sourceAddressPrefix: source,
    destinationAddressPrefix: "10.0.0.96/28",
  });
}

function subnet(scope: Construct, name = "snet-mlflow-vm"): Subnet {
  return new Subnet(scope, "subnet", {
    name,
    resourceGroupName: "rg",
    virtualNetworkName: "vnet",
    addressPrefixes: ["10.0.0.96/28"],
  });
}

/** A public IP attached to a NAT gateway; `alsoOnNic` attaches it to a network interface as well. */
function natPublicIp(scope: Construct, alsoOnNic: boolean): void {
  const ip = new PublicIp(scope, "public-ip", {
    ...AT,
    name: "pip",
    allocationMethod: "Static",
    sku: "Standard",
  });
  const nat = new NatGateway(scope, "nat", { ...AT, name: "ng" });
  new NatGatewayPublicIpAssociation(scope, "nat-ip", { natGatewayId: nat.id, publicIpAddressId: ip.id });
  if (alsoOnNic) {
    networkInterface(scope, {
      ipConfiguration: [
        { name: "internal", privateIpAddressAllocation: "Dynamic", subnetId: "/s", publicIpAddressId: ip.id },
      ],
    });
  }
}

export const COMPUTE_NETWORK_CASES: readonly RuleCase[] = [
  {
    rule: vmNoPasswordAuth,
    compliant: (scope) => linuxVm(scope),
    nonCompliant: (scope) =>
      linuxVm(scope, { disablePasswordAuthentication: false, adminPassword: "${random_password.vm.result}" }),
    problem: "disable_password_authentication is false; admin_password is set",
  },
  {
    rule: vmEncryptionAtHost,
    compliant: (scope) => linuxVm(scope),
    nonCompliant: (scope) =>
      new WindowsVirtualMachine(scope, "connector", {
        ...AT,
        name: "apc-dev-1",
        size: "Standard_D2s_v5",
        adminUsername: "connectoradmin",
        adminPassword: "${random_password.connector.result}",
        networkInterfaceIds: ["/n"],
        osDisk: { caching: "ReadWrite", storageAccountType: "Premium_LRS" },
      }),
    problem: "encryption_at_host_enabled is unset",
  },
  {
    rule: nicNoPublicIp,
    compliant: (scope) => networkInterface(scope),
    nonCompliant: (scope) =>
      networkInterface(scope, {
        ipConfiguration: [
          {
            name: "internal",
            privateIpAddressAllocation: "Dynamic",
            subnetId: "/s",
            publicIpAddressId: "/pip",
          },
        ],
      }),
    problem: "an ip_configuration has a public_ip_address_id",
  },
  {
    rule: nicNoIpForwarding,
    compliant: (scope) => networkInterface(scope, { ipForwardingEnabled: false }),
    nonCompliant: (scope) => networkInterface(scope, { ipForwardingEnabled: true }),
    problem: "ip_forwarding_enabled is true",
  },
  {
    rule: nsgNoInternetInbound,
    compliant: (scope) => inboundRule(scope, "10.0.0.112/28"),
    nonCompliant: (scope) => inboundRule(scope, "Internet"),
    problem: 'security rule "AllowMlflow" allows inbound from "internet"',
  },
  {
    rule: nsgNoInternetInbound,
    name: "inline rules of a network security group",
    compliant: (scope) =>
      new NetworkSecurityGroup(scope, "nsg", {
        ...AT,
        name: "nsg",
        securityRule: [
          {
            name: "DenyAll",
            priority: 4096,
            direction: "Inbound",
            access: "Deny",
            protocol: "*",
            sourcePortRange: "*",
            destinationPortRange: "*",
            sourceAddressPrefix: "*",
            destinationAddressPrefix: "*",
          },
        ],
      }),
    nonCompliant: (scope) =>
      new NetworkSecurityGroup(scope, "nsg", {
        ...AT,
        name: "nsg",
        securityRule: [
          {
            name: "AllowSsh",
            priority: 100,
            direction: "Inbound",
            access: "Allow",
            protocol: "Tcp",
            sourcePortRange: "*",
            destinationPortRange: "22",
            sourceAddressPrefixes: ["10.0.0.0/24", "0.0.0.0/0"],
            destinationAddressPrefix: "*",
          },
        ],
      }),
    problem: 'security rule "AllowSsh" allows inbound from "0.0.0.0/0"',
  },
  {
    rule: subnetHasNsg,
    compliant: (scope) => {
      const nsg = new NetworkSecurityGroup(scope, "nsg", { ...AT, name: "nsg" });
      new SubnetNetworkSecurityGroupAssociation(scope, "nsg-association", {
        subnetId: subnet(scope).id,
        networkSecurityGroupId: nsg.id,
      });
    },
    nonCompliant: (scope) => subnet(scope),
    problem: "no azurerm_subnet_network_security_group_association references it",
  },
  {
    rule: subnetHasNsg,
    name: "inline subnets of a virtual network",
    compliant: (scope) =>
      new VirtualNetwork(scope, "vnet", {
        ...AT,
        name: "vnet",
        addressSpace: ["10.0.0.0/24"],
        subnet: [
          { name: "snet-a", addressPrefixes: ["10.0.0.0/26"], securityGroup: "/nsg" },
          { name: "GatewaySubnet", addressPrefixes: ["10.0.0.64/27"] },
        ],
      }),
    nonCompliant: (scope) =>
      new VirtualNetwork(scope, "vnet", {
        ...AT,
        name: "vnet",
        addressSpace: ["10.0.0.0/24"],
        subnet: [{ name: "snet-a", addressPrefixes: ["10.0.0.0/26"] }],
      }),
    problem: 'inline subnet "snet-a" has no security_group',
  },
  {
    rule: publicIpNatOnly,
    compliant: (scope) => natPublicIp(scope, false),
    nonCompliant: (scope) => natPublicIp(scope, true),
    problem: /azurerm_network_interface\.nic also uses it/,
  },
  {
    rule: publicIpNatOnly,
    name: "a public IP attached to nothing",
    compliant: (scope) => natPublicIp(scope, false),
    nonCompliant: (scope) =>
      new PublicIp(scope, "public-ip", { ...AT, name: "pip", allocationMethod: "Static", sku: "Standard" }),
    problem: "no azurerm_nat_gateway_public_ip_association attaches it to a NAT gateway",
  },
];
