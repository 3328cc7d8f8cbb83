import { verdict, type Rule } from "../rule";
import { blocksAt, rawString, readString, referencesIn, refersTo } from "../values";

/** Subnets Azure reserves for gateways and firewalls refuse an NSG. */
const NSG_NOT_SUPPORTED = [
  "GatewaySubnet",
  "AzureFirewallSubnet",
  "AzureFirewallManagementSubnet",
  "RouteServerSubnet",
];

/** Every subnet filters traffic with an NSG, so a later resource in it does not start out open to the VNet. */
export const subnetHasNsg: Rule = {
  id: "MLF-SN-1",
  title: "Every subnet has a network security group.",
  appliesTo: ["azurerm_subnet", "azurerm_virtual_network"],
  fix: "associate an NSG with SubnetNetworkSecurityGroupAssociation (or securityGroup on an inline subnet).",
  check: (element, stack) => {
    if (element.type === "azurerm_virtual_network") {
      // Inline subnets carry their NSG in `security_group`.
      return verdict(
        ...blocksAt(element.config, "subnet")
          .filter((subnet) => !NSG_NOT_SUPPORTED.includes(readString(subnet, "name") ?? ""))
          .map(
            (subnet) =>
              rawString(subnet, "security_group") === undefined &&
              `inline subnet "${readString(subnet, "name")}" has no security_group`,
          ),
      );
    }
    if (NSG_NOT_SUPPORTED.includes(readString(element.config, "name") ?? "")) return verdict();
    const associated = stack
      .resourcesOfType("azurerm_subnet_network_security_group_association")
      .some((association) =>
        referencesIn(rawString(association.config, "subnet_id") ?? "").some((ref) => refersTo(ref, element)),
      );
    return verdict(!associated && "no azurerm_subnet_network_security_group_association references it");
  },
};
