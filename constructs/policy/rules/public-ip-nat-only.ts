import { verdict, type Rule } from "../rule";
import { stringsIn, referencesIn, refersTo } from "../values";

/** The association resource that attaches each kind of public address to a NAT gateway. */
const NAT_ASSOCIATION: Record<string, string> = {
  azurerm_public_ip: "azurerm_nat_gateway_public_ip_association",
  azurerm_public_ip_prefix: "azurerm_nat_gateway_public_ip_prefix_association",
};

/**
 * The only public address in an environment is the NAT gateway's egress address (new VNets have no default
 * outbound access). Anything else holding a public IP id (a NIC, a load balancer, a bastion) would be a way in.
 */
export const publicIpNatOnly: Rule = {
  id: "MLF-PIP-1",
  title: "Public IPs are used only as NAT gateway egress addresses.",
  appliesTo: Object.keys(NAT_ASSOCIATION),
  fix: "attach the public IP to the NAT gateway (NatGatewayPublicIpAssociation) and to nothing else.",
  check: (element, stack) => {
    const association = NAT_ASSOCIATION[element.type];
    const holders = stack.elements.filter(
      (other) =>
        other !== element &&
        other.kind === "resource" &&
        stringsIn(other.config).some(
          ({ path, value }) =>
            !path.startsWith("depends_on") &&
            referencesIn(value).some((ref) => refersTo(ref, element) && ref.attribute === "id"),
        ),
    );
    const onNat = holders.some((holder) => holder.type === association);
    const others = holders.filter((holder) => holder.type !== association);
    return verdict(
      !onNat && `no ${association} attaches it to a NAT gateway`,
      others.length > 0 &&
        `${others.map((other) => other.address).join(", ")} also use${others.length === 1 ? "s" : ""} it`,
    );
  },
};
