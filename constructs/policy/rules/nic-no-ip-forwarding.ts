import { verdict, type Rule } from "../rule";
import { readBoolean } from "../values";

/** IP forwarding turns a VM into a router that can bypass NSG intent. azurerm 4.x: `ip_forwarding_enabled`. */
export const nicNoIpForwarding: Rule = {
  id: "MLF-NIC-2",
  title: "Network interfaces do not forward IP traffic.",
  appliesTo: ["azurerm_network_interface"],
  fix: "remove ipForwardingEnabled (or set it to false).",
  check: ({ config }) =>
    verdict(
      (readBoolean(config, "ip_forwarding_enabled") === true ||
        readBoolean(config, "enable_ip_forwarding") === true) &&
        "ip_forwarding_enabled is true",
    ),
};
