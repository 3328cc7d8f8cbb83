import { verdict, type Rule } from "../rule";
import { rawString, readBoolean, referencesIn, refersTo } from "../values";
import { show } from "./common";

/**
 * The backend store is reachable only from the VNet: VNet injection (`delegated_subnet_id`) or a private endpoint,
 * not both (Azure refuses a private endpoint on a VNet-injected server).
 * https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-private-link
 */
export const postgresPrivateAccess: Rule = {
  id: "MLF-PG-1",
  title: "PostgreSQL flexible servers have no public access.",
  appliesTo: ["azurerm_postgresql_flexible_server"],
  fix: "set publicNetworkAccessEnabled: false and use either delegatedSubnetId or a private endpoint, not both.",
  check: (element, stack) => {
    const publicAccess = readBoolean(element.config, "public_network_access_enabled");
    const injected = rawString(element.config, "delegated_subnet_id") !== undefined;
    const privateEndpoint = stack
      .resourcesOfType("azurerm_private_endpoint")
      .some((endpoint) =>
        referencesIn(
          rawString(endpoint.config, "private_service_connection.private_connection_resource_id") ?? "",
        ).some((ref) => refersTo(ref, element)),
      );
    return verdict(
      publicAccess !== false &&
        `public_network_access_enabled is ${show(publicAccess)} (the default is true)`,
      injected &&
        privateEndpoint &&
        "it is both VNet-injected (delegated_subnet_id) and behind a private endpoint",
    );
  },
};
