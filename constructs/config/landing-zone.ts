import { isCidr, parseCidr, type Ipv4Cidr } from "../cidr";
import { KEYS } from "./keys";
import type {
  AuthModeName,
  ExistingSubnetConfig,
  ExistingSubnetsConfig,
  ExistingVirtualNetworkConfig,
  LandingZoneConfig,
  PrivateDnsZoneIdsConfig,
  ResolvedExistingVirtualNetwork,
  ResolvedLandingZoneConfig,
} from "./types";
import { Section, type StringRule, type Validator } from "./validation";

/**
 * `landingZone`: what the checks can prove at synth. Resource ids must have the shape Azure gives them, each subnet
 * must sit in the VNet it names and inside `addressSpace`, be large enough for what runs in it and overlap no other;
 * the mode decides which subnets are needed. What only Azure knows (delegations, NSGs, the VNet's region) is the
 * landing zone's and is listed in the README.
 */

const SEGMENT = "[^/]+";
const armId = (provider: string, type: string, example: string): StringRule => ({
  pattern: new RegExp(
    `^/subscriptions/${SEGMENT}/resourceGroups/${SEGMENT}/providers/${provider}/${type}/${SEGMENT}$`,
    "i",
  ),
  accepted: `expected a resource id like "/subscriptions/<id>/resourceGroups/<group>/providers/${provider}/${type}/${example}"`,
});

const VIRTUAL_NETWORK_ID = armId("Microsoft.Network", "virtualNetworks", "<name>");
const ROUTE_TABLE_ID = armId("Microsoft.Network", "routeTables", "<name>");
const WORKSPACE_ID = armId("Microsoft.OperationalInsights", "workspaces", "<name>");
const DNS_ZONE_ID = (zone: string) => armId("Microsoft.Network", "privateDnsZones", zone);

/** Zone names the private endpoints and PostgreSQL need (https://learn.microsoft.com/azure/private-link/private-endpoint-dns). */
const DNS_ZONE_NAMES: Readonly<Record<keyof PrivateDnsZoneIdsConfig, RegExp>> = {
  blob: /^privatelink\.blob\.core\.windows\.net$/i,
  keyVault: /^privatelink\.vaultcore\.azure\.net$/i,
  // PostgreSQL private access: the zone must end in .postgres.database.azure.com
  // (https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-private).
  postgres: /\.postgres\.database\.azure\.com$/i,
};
const DNS_ZONE_EXAMPLES: Readonly<Record<keyof PrivateDnsZoneIdsConfig, string>> = {
  blob: "privatelink.blob.core.windows.net",
  keyVault: "privatelink.vaultcore.azure.net",
  postgres: "<name>.postgres.database.azure.com",
};

type Purpose = keyof ExistingSubnetsConfig;

/**
 * Largest prefix length (smallest subnet) each purpose accepts. App Service VNet integration needs a /28 at least,
 * /26 recommended (https://learn.microsoft.com/azure/app-service/overview-vnet-integration#subnet-requirements);
 * a delegated flexible server needs a /28 (network/subnet-layout.ts); a /29 holds the few NICs of the others after
 * Azure's 5 reserved addresses (https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq).
 */
const MAX_PREFIX_LENGTH: Readonly<Record<Purpose, number>> = {
  appService: 28,
  privateEndpoints: 29,
  postgres: 28,
  mlflowVm: 29,
  connector: 29,
};

/** The subnets a mode uses. */
function neededSubnets(authMode: AuthModeName, ownConnectorGroup: boolean): Purpose[] {
  return authMode === "easyauth"
    ? ["appService", "privateEndpoints", "postgres"]
    : ["privateEndpoints", "postgres", "mlflowVm", ...(ownConnectorGroup ? ["connector" as const] : [])];
}

export function resolveLandingZone(
  v: Validator,
  raw: unknown,
  context: {
    readonly authMode: AuthModeName | undefined;
    readonly addressSpace: string | undefined;
    readonly connectorGroupId: string | undefined;
  },
): ResolvedLandingZoneConfig {
  const s = new Section<LandingZoneConfig>(v, "landingZone", raw, KEYS.landingZone);
  const virtualNetwork =
    s.value("virtualNetwork") === undefined
      ? undefined
      : resolveVirtualNetwork(v, s.value("virtualNetwork"), context);
  const dnsRaw = s.value("privateDnsZoneIds");
  let privateDnsZoneIds: PrivateDnsZoneIdsConfig | undefined;
  if (dnsRaw !== undefined) {
    const dns = new Section<PrivateDnsZoneIdsConfig>(
      v,
      "landingZone.privateDnsZoneIds",
      dnsRaw,
      KEYS.privateDnsZoneIds,
    );
    const zone = (key: keyof PrivateDnsZoneIdsConfig) =>
      dns.require(key, (field, value) => {
        const id = v.string(field, value, DNS_ZONE_ID(DNS_ZONE_EXAMPLES[key]));
        if (id === undefined) return undefined;
        const name = id.split("/").pop() ?? "";
        return DNS_ZONE_NAMES[key].test(name)
          ? id
          : v.fail(field, value, `expected the id of a zone named ${DNS_ZONE_EXAMPLES[key]}, not ${name}`);
      }) ?? "";
    privateDnsZoneIds = { blob: zone("blob"), keyVault: zone("keyVault"), postgres: zone("postgres") };
  }
  const egressRouteTableId = s.optionalString("egressRouteTableId", ROUTE_TABLE_ID);
  if (egressRouteTableId !== undefined && virtualNetwork !== undefined) {
    v.fail(
      "landingZone.egressRouteTableId",
      egressRouteTableId,
      "remove it: with landingZone.virtualNetwork the subnets are the landing zone's, routes included; associate the route table with them there",
    );
  }
  return {
    virtualNetwork,
    privateDnsZoneIds,
    logAnalyticsWorkspaceId: s.optionalString("logAnalyticsWorkspaceId", WORKSPACE_ID),
    egressRouteTableId,
  };
}

function resolveVirtualNetwork(
  v: Validator,
  raw: unknown,
  context: {
    readonly authMode: AuthModeName | undefined;
    readonly addressSpace: string | undefined;
    readonly connectorGroupId: string | undefined;
  },
): ResolvedExistingVirtualNetwork | undefined {
  const s = new Section<ExistingVirtualNetworkConfig>(
    v,
    "landingZone.virtualNetwork",
    raw,
    KEYS.existingVirtualNetwork,
  );
  const id = s.require("id", (field, value) => v.string(field, value, VIRTUAL_NETWORK_ID));
  const subnetsRaw = s.value("subnets");
  const subnetsSection = new Section<ExistingSubnetsConfig>(
    v,
    "landingZone.virtualNetwork.subnets",
    subnetsRaw ?? {},
    KEYS.existingSubnets,
  );
  if (subnetsRaw === undefined)
    v.fail("landingZone.virtualNetwork.subnets", undefined, "expected the subnets");
  if (context.authMode === undefined) return undefined;
  const space = context.addressSpace === undefined ? undefined : parseCidr(context.addressSpace);

  const needed = neededSubnets(context.authMode, context.connectorGroupId === undefined);
  const subnets: Record<string, ExistingSubnetConfig> = {};
  const placed: { purpose: Purpose; cidr: Ipv4Cidr }[] = [];
  for (const purpose of Object.keys(MAX_PREFIX_LENGTH) as Purpose[]) {
    const field = `landingZone.virtualNetwork.subnets.${purpose}`;
    const value = subnetsSection.value(purpose);
    if (value === undefined) {
      if (needed.includes(purpose) && subnetsRaw !== undefined) {
        v.fail(field, undefined, `expected { id, addressPrefix }: authMode "${context.authMode}" runs in it`);
      }
      continue;
    }
    if (!needed.includes(purpose)) {
      v.fail(field, value, `remove it: authMode "${context.authMode}" does not use a ${purpose} subnet`);
      continue;
    }
    const subnet = new Section<ExistingSubnetConfig>(v, field, value, KEYS.existingSubnet);
    const subnetId = subnet.require("id", (f, raw) =>
      id !== undefined &&
      typeof raw === "string" &&
      raw.toLowerCase().startsWith(`${id.toLowerCase()}/subnets/`) &&
      /\/subnets\/[^/]+$/.test(raw)
        ? raw
        : v.fail(f, raw, `expected a subnet of that VNet: "${id ?? "<VNet id>"}/subnets/<name>"`),
    );
    const prefix = subnet.require("addressPrefix", (f, raw) => checkSubnetPrefix(v, f, raw, purpose, space));
    if (subnetId === undefined || prefix === undefined) continue;
    const cidr = parseCidr(prefix) as Ipv4Cidr;
    const clash = placed.find((other) => overlaps(other.cidr, cidr));
    if (clash) {
      v.fail(`${field}.addressPrefix`, prefix, `expected a subnet of its own; it overlaps ${clash.purpose}`);
    }
    placed.push({ purpose, cidr });
    subnets[purpose] = { id: subnetId, addressPrefix: prefix };
  }
  return id === undefined ? undefined : { id, subnets };
}

function checkSubnetPrefix(
  v: Validator,
  field: string,
  value: unknown,
  purpose: Purpose,
  space: Ipv4Cidr | { readonly error: string } | undefined,
): string | undefined {
  if (typeof value !== "string")
    return v.fail(field, value, 'expected an IPv4 CIDR string like "10.20.1.0/26"');
  const cidr = parseCidr(value);
  if (!isCidr(cidr)) return v.fail(field, value, cidr.error);
  const max = MAX_PREFIX_LENGTH[purpose];
  if (cidr.prefixLength > max) {
    return v.fail(field, value, `expected a /${max} or larger for the ${purpose} subnet`);
  }
  if (
    space !== undefined &&
    isCidr(space) &&
    (cidr.prefixLength < space.prefixLength || !overlaps(space, cidr))
  ) {
    return v.fail(
      field,
      value,
      "expected a prefix inside addressSpace (set it to the existing VNet's address space)",
    );
  }
  return value;
}

/** Whether two CIDRs share an address (aligned blocks: one contains the other). */
function overlaps(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const size = 2 ** (32 - Math.min(a.prefixLength, b.prefixLength));
  return Math.floor(a.network / size) === Math.floor(b.network / size);
}
