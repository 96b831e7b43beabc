/** IP address text, compared the way EC2 and Lattice may write it differently. */

/** Canonical IPv6 text (so `2600:1f18:0::10` and `2600:1f18::10` match); IPv4 unchanged. */
export function canonicalIp(ip: string): string {
  if (!ip.includes(":")) return ip;
  try {
    return new URL(`http://[${ip}]/`).hostname.replace(/^\[|\]$/g, "");
  } catch {
    return ip.toLowerCase();
  }
}
