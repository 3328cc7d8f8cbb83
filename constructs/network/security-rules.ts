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

/**
 * Inbound rules per subnet, on top of Azure's default rules (AllowVnetInBound 65000, AllowAzureLoadBalancerInBound
 * 65001, DenyAllInBound 65500: https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview#default-security-rules).
 * Nothing here ever allows the internet in. The MLflow VM and the connectors also refuse the rest of the VNet:
 * only the connectors (and CIDRs listed in appProxy.allowedSourceCidrs) reach MLflow's port.
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
    privateEndpoints: [],
    postgres: [],
    mlflowVm: [...mlflowVm, denyRestOfVnet],
    connector: [denyRestOfVnet],
  };
}
