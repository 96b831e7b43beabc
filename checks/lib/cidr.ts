/**
 * IPv4 / IPv6 CIDR parsing and coverage, with bigint arithmetic: pure, no dependencies.
 */

export type AddressFamily = 4 | 6;

export interface Cidr {
  family: AddressFamily;
  /** The address as an unsigned integer (host bits as written, not masked). */
  address: bigint;
  /** Prefix length: 0–32 for IPv4, 0–128 for IPv6. */
  prefix: number;
}

const BITS: Record<AddressFamily, number> = { 4: 32, 6: 128 };

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  let groupsText = text;
  if (text.includes(".")) {
    // A trailing dotted IPv4 part (::ffff:10.0.0.1) stands for the last two groups.
    const lastColon = text.lastIndexOf(":");
    const tail = parseIpv4(text.slice(lastColon + 1));
    if (lastColon < 0 || tail === undefined) return undefined;
    groupsText = `${text.slice(0, lastColon + 1)}${(tail >> 16n).toString(16)}:${(tail & 0xffffn).toString(16)}`;
  }
  const halves = groupsText.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] === "" ? [] : halves[0]!.split(":");
  const rest = halves.length === 2 && halves[1] !== "" ? halves[1]!.split(":") : [];
  const explicit = head.length + rest.length;
  if (halves.length === 1 ? explicit !== 8 : explicit > 7) return undefined;
  const groups = [...head, ...Array<string>(8 - explicit).fill("0"), ...rest];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

/** Parses an address: `10.0.1.15`, `fd00:ec2:80::1`. */
export function parseIp(text: string): { family: AddressFamily; address: bigint } | undefined {
  const trimmed = text.trim();
  if (trimmed.includes(":")) {
    const address = parseIpv6(trimmed);
    return address === undefined ? undefined : { family: 6, address };
  }
  const address = parseIpv4(trimmed);
  return address === undefined ? undefined : { family: 4, address };
}

/** Parses `169.254.171.0/24`, `fd00:ec2:80::/64`; a bare address is a host prefix (/32, /128). */
export function parseCidr(text: string): Cidr | undefined {
  const [addressText, prefixText, extra] = text.trim().split("/");
  if (addressText === undefined || extra !== undefined) return undefined;
  const ip = parseIp(addressText);
  if (!ip) return undefined;
  const max = BITS[ip.family];
  let prefix = max;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText)) return undefined;
    prefix = Number(prefixText);
    if (prefix > max) return undefined;
  }
  return { family: ip.family, address: ip.address, prefix };
}

function mask(family: AddressFamily, prefix: number): bigint {
  const bits = BITS[family];
  const all = (1n << BigInt(bits)) - 1n;
  return (all >> BigInt(bits - prefix)) << BigInt(bits - prefix);
}

function toCidr(value: string | Cidr): Cidr | undefined {
  return typeof value === "string" ? parseCidr(value) : value;
}

/**
 * Does `outer` contain every address of `inner`? False when either does not parse or the address
 * families differ (an IPv4 rule never covers an IPv6 range).
 */
export function cidrCovers(outer: string | Cidr, inner: string | Cidr): boolean {
  const a = toCidr(outer);
  const b = toCidr(inner);
  if (!a || !b || a.family !== b.family || a.prefix > b.prefix) return false;
  const m = mask(a.family, a.prefix);
  return (a.address & m) === (b.address & m);
}

/** Does `outer` cover every one of `inners`? False for an empty list (nothing to prove). */
export function cidrCoversAll(outer: string | Cidr, inners: readonly (string | Cidr)[]): boolean {
  return inners.length > 0 && inners.every((inner) => cidrCovers(outer, inner));
}

/** `0.0.0.0/0` or `::/0`: every address of its family. */
export function isAnyAddress(cidr: string | Cidr): boolean {
  const parsed = toCidr(cidr);
  return parsed !== undefined && parsed.prefix === 0;
}
