import { verdict, type Rule } from "../rule";
import { valuesAt } from "../values";

/** VMs are reached through App Proxy (or Entra SSH over the VNet), never from the internet directly. */
export const nicNoPublicIp: Rule = {
  id: "MLF-NIC-1",
  title: "Network interfaces have no public IP.",
  appliesTo: ["azurerm_network_interface"],
  fix: "remove publicIpAddressId from every ipConfiguration; outbound traffic leaves through the NAT gateway.",
  check: ({ config }) =>
    verdict(
      valuesAt(config, "ip_configuration.public_ip_address_id").length > 0 &&
        "an ip_configuration has a public_ip_address_id",
    ),
};
