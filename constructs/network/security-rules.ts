import { MLFLOW_PORT } from "../mlflow-server";
import type { SubnetPurpose } from "./subnet-layout";

/**
 * One inbound NSG rule, in Azure's own terms. Outbound stays at Azure's defaults (egress goes through the NAT gateway),
 * except where a service documents an outbound rule of its own (outboundRules below).
 */
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
/** A TCP allow rule to one port; priorities count up from 100 in the order given. */
function allowTcp(
  rules: readonly (readonly [name: string, sources: readonly string[], port: number, description: string])[],
): InboundRule[] {
  return rules.map(([name, sources, port, description], index) => ({
    name,
    priority: 100 + 10 * index,
    access: "Allow",
    protocol: "Tcp",
    sourceAddressPrefixes: sources,
    destinationPortRange: String(port),
    description,
  }));
}

const DENY_REST_OF_VNET: InboundRule = {
  name: "DenyVnetInBound",
  priority: 4000,
  access: "Deny",
  protocol: "*",
  sourceAddressPrefixes: ["VirtualNetwork"],
  destinationPortRange: "*",
  description: "Nothing else in the VNet reaches this subnet (overrides AllowVnetInBound)",
};

export function inboundRules(
  prefixes: Readonly<Record<SubnetPurpose, string>>,
  allowedSourceCidrs: readonly string[],
): Readonly<Record<SubnetPurpose, readonly InboundRule[]>> {
  const mlflowHosts = [prefixes.appService, prefixes.mlflowVm];
  const postgres = allowTcp([
    [
      "AllowPostgresFromMlflowHosts",
      mlflowHosts,
      POSTGRES_PORT,
      "The MLflow web app (VNet integration) and the MLflow VM reach the backend store",
    ],
    [
      "AllowPostgresSubnet",
      [prefixes.postgres],
      POSTGRES_PORT,
      "High availability: the server's own traffic to port 5432 inside its delegated subnet",
    ],
  ]);
  const privateEndpoints = allowTcp([
    [
      "AllowHttpsFromMlflowHosts",
      mlflowHosts,
      HTTPS_PORT,
      "MLflow reads its secret from Key Vault and its artifacts from Blob storage",
    ],
    [
      "AllowHttpsFromConnectors",
      [prefixes.connector],
      HTTPS_PORT,
      "Connector hosts read their registration token from Key Vault",
    ],
  ]);
  const mlflowVm = allowTcp([
    [
      "AllowMlflowFromConnectors",
      [prefixes.connector],
      MLFLOW_PORT,
      "Entra private network connectors forward App Proxy traffic to MLflow",
    ],
    ...(allowedSourceCidrs.length > 0
      ? ([
          [
            "AllowMlflowFromListedCidrs",
            allowedSourceCidrs,
            MLFLOW_PORT,
            "CIDRs listed in appProxy.allowedSourceCidrs",
          ],
        ] as const)
      : []),
  ]);
  return {
    appService: [],
    privateEndpoints: [...privateEndpoints, DENY_REST_OF_VNET],
    postgres: [...postgres, DENY_REST_OF_VNET],
    mlflowVm: [...mlflowVm, DENY_REST_OF_VNET],
    connector: [DENY_REST_OF_VNET],
  };
}

/** One outbound NSG rule: from its subnet to a destination (an address prefix or a service tag). */
export interface OutboundRule {
  readonly name: string;
  readonly priority: number;
  readonly protocol: "Tcp";
  readonly destinationAddressPrefix: string;
  readonly destinationPortRange: string;
  readonly description: string;
}

/**
 * Outbound allow rules, on top of Azure's defaults (AllowVnetOutBound, AllowInternetOutBound, DenyAllOutBound).
 * - postgres: HTTPS to the `AzureActiveDirectory` service tag. The server checks every Entra sign-in with Entra ID
 *   (the only way in: password authentication is off), and for a VNet-injected server Learn asks for exactly this:
 *   "Add an outbound NSG rule that allows traffic to the `AzureActiveDirectory` service tag only"; through a proxy
 *   "allow only HTTPS traffic to the `AzureActiveDirectory` service tag"
 *   (https://learn.microsoft.com/azure/postgresql/security/security-entra-configure#configure-network-requirements;
 *   also https://learn.microsoft.com/azure/postgresql/network/concepts-networking-private, "allow outbound traffic to
 *   Microsoft Entra ID by using a Microsoft Entra service tag"). AllowInternetOutBound covers it today; the explicit
 *   rule keeps Entra sign-in working when a landing zone denies the internet outbound at a lower priority number.
 */
export function outboundRules(): Readonly<Record<SubnetPurpose, readonly OutboundRule[]>> {
  return {
    appService: [],
    privateEndpoints: [],
    postgres: [
      {
        name: "AllowAzureActiveDirectoryOutBound",
        priority: 100,
        protocol: "Tcp",
        destinationAddressPrefix: "AzureActiveDirectory",
        destinationPortRange: String(HTTPS_PORT),
        description: "Microsoft Entra authentication: the server validates sign-ins with Entra ID",
      },
    ],
    mlflowVm: [],
    connector: [],
  };
}
