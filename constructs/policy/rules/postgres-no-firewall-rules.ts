import { verdict, type Rule } from "../rule";
import { readString } from "../values";

/** A firewall rule only matters with public access, which MLF-PG-1 forbids; 0.0.0.0 would admit every Azure tenant. */
export const postgresNoFirewallRules: Rule = {
  id: "MLF-PG-3",
  title: "PostgreSQL flexible servers have no firewall rules.",
  appliesTo: ["azurerm_postgresql_flexible_server_firewall_rule"],
  fix: "remove the firewall rule; reach the server from the VNet.",
  check: ({ config }) =>
    verdict(
      `a firewall rule admits ${readString(config, "start_ip_address") ?? "?"}-${readString(config, "end_ip_address") ?? "?"}`,
    ),
};
