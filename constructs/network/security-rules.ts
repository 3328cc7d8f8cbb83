import { MLFLOW_PORT } from "../mlflow-server";
import type { SubnetPurpose } from "./subnet-layout";

/** One inbound NSG rule, in Azure's own terms. Outbound stays at Azure's defaults (egress goes through the NAT gateway). */
export interface InboundRule {
  readonly name: string;
  readonly priority: number;
  readonly access: "Allow" | "Deny";
  readonly protocol: "Tcp" | "*";
  readonly sourceAddressPrefixes: readonly string[];
  readonly destinationPortRange: string;
  readonly description: string;
}

/** PostgreSQL's port (https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-private). */
export const POSTGRES_PORT = 5432;
/** HTTPS: Key Vault and Blob storage behind their private endpoints. */
const HTTPS_PORT = 443;

/**
 * Inbound rules per subnet, on top of Azure's default rules (AllowVnetInBound 65000, AllowAzureLoadBalancerInBound
 * 65001, DenyAllInBound 65500: https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview#default-security-rules).
 * Nothing here ever allows the internet in, and every subnet refuses the rest of the VNet (DenyVnetInBound at
 * 4000, above AllowVnetInBound): each admits exactly the hosts that use it.
 * - postgres: 5432 from the two MLflow hosts' subnets (App Service integration, MLflow VM), and 5432 within its
 *   own subnet: "High availability and other features ... require the ability to send/receive traffic to
 *   destination port 5432 within the Azure virtual network subnet" (outbound to Storage stays open: Azure's
 *   default outbound rules are untouched). https://learn.microsoft.com/azure/postgresql/network/concepts-networking-private
 * - privateEndpoints: 443 from the MLflow hosts (Key Vault, Blob) and the connector hosts (Key Vault: the
 *   registration token). Network policies are on for this subnet, so these rules apply to the endpoints
 *   (https://learn.microsoft.com/azure/private-link/disable-private-endpoint-network-policy).
 * - mlflowVm: MLflow's port from the connectors, and from appProxy.allowedSourceCidrs if any.
 * Both modes get the same rules: the network never depends on authMode, and a rule for an empty subnet admits no one.
 */
export function inboundRules(
  prefixes: Readonly<Record<SubnetPurpose, string>>,
  allowedSourceCidrs: readonly string[],
): Readonly<Record<SubnetPurpose, readonly InboundRule[]>> {
  const denyRestOfVnet: InboundRule = {
    name: "DenyVnetInBound",
    priority: 4000,
    access: "Deny",
    protocol: "*",
    sourceAddressPrefixes: ["VirtualNetwork"],
    destinationPortRange: "*",
    description: "Nothing else in the VNet reaches this subnet (overrides AllowVnetInBound)",
  };
  const mlflowHosts = [prefixes.appService, prefixes.mlflowVm];
  const postgres: InboundRule[] = [
    {
      name: "AllowPostgresFromMlflowHosts",
      priority: 100,
      access: "Allow",
      protocol: "Tcp",
      sourceAddressPrefixes: mlflowHosts,
      destinationPortRange: String(POSTGRES_PORT),
      description: "The MLflow web app (VNet integration) and the MLflow VM reach the backend store",
    },
    {
      name: "AllowPostgresSubnet",
      priority: 110,
      access: "Allow",
      protocol: "Tcp",
      sourceAddressPrefixes: [prefixes.postgres],
      destinationPortRange: String(POSTGRES_PORT),
      description: "High availability: the server's own traffic to port 5432 inside its delegated subnet",
    },
  ];
  const privateEndpoints: InboundRule[] = [
    {
      name: "AllowHttpsFromMlflowHosts",
      priority: 100,
      access: "Allow",
      protocol: "Tcp",
      sourceAddressPrefixes: mlflowHosts,
      destinationPortRange: String(HTTPS_PORT),
      description: "MLflow reads its secret from Key Vault and its artifacts from Blob storage",
    },
    {
      name: "AllowHttpsFromConnectors",
      priority: 110,
      access: "Allow",
      protocol: "Tcp",
      sourceAddressPrefixes: [prefixes.connector],
      destinationPortRange: String(HTTPS_PORT),
      description: "Connector hosts read their registration token from Key Vault",
    },
  ];
  const mlflowVm: InboundRule[] = [
    {
      name: "AllowMlflowFromConnectors",
      priority: 100,
      access: "Allow",
      protocol: "Tcp",
      sourceAddressPrefixes: [prefixes.connector],
      destinationPortRange: String(MLFLOW_PORT),
      description: "Entra private network connectors forward App Proxy traffic to MLflow",
    },
  ];
  if (allowedSourceCidrs.length > 0) {
    mlflowVm.push({
      name: "AllowMlflowFromListedCidrs",
      priority: 110,
      access: "Allow",
      protocol: "Tcp",
      sourceAddressPrefixes: allowedSourceCidrs,
      destinationPortRange: String(MLFLOW_PORT),
      description: "CIDRs listed in appProxy.allowedSourceCidrs",
    });
  }
  return {
    appService: [],
    privateEndpoints: [...privateEndpoints, denyRestOfVnet],
    postgres: [...postgres, denyRestOfVnet],
    mlflowVm: [...mlflowVm, denyRestOfVnet],
    connector: [denyRestOfVnet],
  };
}
