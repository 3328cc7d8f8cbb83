import { formatCidr, Ipv4Cidr, parseCidr, subnetAt } from "../cidr";

/** Every subnet the project uses. All exist in both auth modes, so switching modes never touches the network. */
export const SUBNET_PURPOSES = [
  "appService",
  "privateEndpoints",
  "postgres",
  "mlflowVm",
  "connector",
] as const;
export type SubnetPurpose = (typeof SUBNET_PURPOSES)[number];

/**
 * Where each subnet sits in the address space: offset (addresses from the start) and prefix length.
 * 128 addresses in all, so a /24 has room to grow.
 * - appService /26: App Service recommends /26 for regional VNet integration, so scale-out never runs out of
 *   addresses (https://learn.microsoft.com/azure/app-service/overview-vnet-integration#subnet-requirements).
 * - postgres /28: the smallest subnet a delegated flexible server accepts.
 * - the others /28: a few NICs each (Azure reserves 5 addresses per subnet).
 */
const LAYOUT: Readonly<Record<SubnetPurpose, { offset: number; prefixLength: number }>> = {
  appService: { offset: 0, prefixLength: 26 },
  privateEndpoints: { offset: 64, prefixLength: 28 },
  postgres: { offset: 80, prefixLength: 28 },
  mlflowVm: { offset: 96, prefixLength: 28 },
  connector: { offset: 112, prefixLength: 28 },
};

/** The CIDR of each subnet inside a validated address space (a /24 or larger, see config/azure-limits.ts). */
export function subnetPrefixes(addressSpace: string): Readonly<Record<SubnetPurpose, string>> {
  const parent = parseCidr(addressSpace) as Ipv4Cidr;
  return Object.fromEntries(
    SUBNET_PURPOSES.map((purpose) => {
      const { offset, prefixLength } = LAYOUT[purpose];
      return [purpose, formatCidr(subnetAt(parent, offset, prefixLength))];
    }),
  ) as Record<SubnetPurpose, string>;
}
