/** Just enough IPv4 arithmetic to validate address spaces and lay out subnets, with no dependency. */

export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit number. */
  readonly network: number;
  readonly prefixLength: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses a dotted-quad IPv4 address; undefined if it is not one. */
export function parseIpv4(text: string): number | undefined {
  const match = IPV4.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1).map(Number);
  if (octets.some((o, i) => o > 255 || (match[i + 1].length > 1 && match[i + 1].startsWith("0"))))
    return undefined;
  return octets.reduce((acc, o) => acc * 256 + o, 0);
}

export function formatIpv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join(".");
}

/** Parses `a.b.c.d/n`. Returns a reason instead when the text is not a CIDR or has host bits set. */
export function parseCidr(text: string): Ipv4Cidr | { readonly error: string } {
  const [address, prefix, ...rest] = text.split("/");
  const network = parseIpv4(address ?? "");
  if (network === undefined || prefix === undefined || rest.length > 0 || !/^\d{1,2}$/.test(prefix)) {
    return { error: "not an IPv4 CIDR like 10.20.0.0/24" };
  }
  const prefixLength = Number(prefix);
  if (prefixLength > 32) return { error: "the prefix length must be 0 to 32" };
  const size = 2 ** (32 - prefixLength);
  if (network % size !== 0) {
    return {
      error: `host bits are set; the network address is ${formatIpv4(network - (network % size))}/${prefixLength}`,
    };
  }
  return { network, prefixLength };
}

export function isCidr(value: Ipv4Cidr | { readonly error: string }): value is Ipv4Cidr {
  return !("error" in value);
}

export function formatCidr(cidr: Ipv4Cidr): string {
  return `${formatIpv4(cidr.network)}/${cidr.prefixLength}`;
}

/** The subnet of `prefixLength` that starts `offset` addresses into `parent`. */
export function subnetAt(parent: Ipv4Cidr, offset: number, prefixLength: number): Ipv4Cidr {
  return { network: parent.network + offset, prefixLength };
}

/** True when the address lies in one of the RFC 1918 private ranges. */
export function isPrivateIpv4(address: number): boolean {
  const inRange = (cidr: string) => {
    const range = parseCidr(cidr) as Ipv4Cidr;
    const size = 2 ** (32 - range.prefixLength);
    return address >= range.network && address < range.network + size;
  };
  return ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].some(inRange);
}
