import { formatCidr, isCidr, isPrivateIpv4, parseCidr, type Ipv4Cidr } from "../cidr";
import { resolveConfig } from "./resolve";
import { ConfigError } from "./validation";

/**
 * Validation of `environments` as a whole, before anything is synthesized: every environment's own problems (each
 * environment is checked, not just the first broken one) and the problems only visible across environments.
 * Returns one message block per broken environment plus one for cross-environment problems; empty when all is well.
 */
export function checkEnvironments(environments: Readonly<Record<string, unknown>>): string[] {
  const messages: string[] = [];
  for (const [name, config] of Object.entries(environments)) {
    try {
      resolveConfig(name, config);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      messages.push(error.message);
    }
  }
  const across = overlappingAddressSpaces(environments);
  if (across.length > 0) {
    messages.push(
      "Invalid configuration across environments in environments.ts (nothing was written):\n" +
        across.map((problem) => `  - ${problem}`).join("\n"),
    );
  }
  return messages;
}

interface AddressSpace {
  readonly environment: string;
  readonly text: string;
  readonly cidr: Ipv4Cidr;
}

const size = (cidr: Ipv4Cidr) => 2 ** (32 - cidr.prefixLength);
const overlaps = (a: Ipv4Cidr, b: Ipv4Cidr) =>
  a.network < b.network + size(b) && b.network < a.network + size(a);

/**
 * One line per pair of environments whose address spaces overlap. Virtual networks with overlapping address spaces
 * can never be peered ("The virtual networks you peer must have non-overlapping IP address spaces",
 * https://learn.microsoft.com/azure/virtual-network/virtual-network-manage-peering#requirements-and-constraints),
 * nor routed to from one VPN or hub, so a shared runner or a later hub-and-spoke would need a new network.
 * Address spaces that do not parse are left to each environment's own check.
 */
function overlappingAddressSpaces(environments: Readonly<Record<string, unknown>>): string[] {
  const spaces: AddressSpace[] = [];
  for (const [environment, config] of Object.entries(environments)) {
    const text = (config as { addressSpace?: unknown } | undefined)?.addressSpace;
    if (typeof text !== "string") continue;
    const cidr = parseCidr(text);
    if (isCidr(cidr)) spaces.push({ environment, text, cidr });
  }
  const problems: string[] = [];
  spaces.forEach((first, i) => {
    for (const second of spaces.slice(i + 1)) {
      if (!overlaps(first.cidr, second.cidr)) continue;
      const free = freeRange(second.cidr, spaces);
      problems.push(
        `environments.${first.environment}.addressSpace ${first.text} overlaps ` +
          `environments.${second.environment}.addressSpace ${second.text}; give each environment its own range` +
          `${free ? ` (e.g. "${formatCidr(free)}" for ${second.environment}, which overlaps no other)` : ""}: ` +
          "overlapping virtual networks can never be peered or reached through one VPN",
      );
    }
  });
  return problems;
}

/** The first range of the same size after `wanted` that overlaps no environment and is still private. */
function freeRange(wanted: Ipv4Cidr, spaces: readonly AddressSpace[]): Ipv4Cidr | undefined {
  for (let network = wanted.network + size(wanted); network < 2 ** 32; network += size(wanted)) {
    const candidate = { network, prefixLength: wanted.prefixLength };
    if (!isPrivateIpv4(network) || !isPrivateIpv4(network + size(wanted) - 1)) return undefined;
    if (!spaces.some((space) => overlaps(space.cidr, candidate))) return candidate;
  }
  return undefined;
}
