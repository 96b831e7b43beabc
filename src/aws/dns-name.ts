/**
 * What a VPC Lattice generated DNS name says: `<name>-<id without "svc-">.<hex>.vpc-lattice-svcs.<region>.on.aws`
 * (lattice-facts §8). Shared by `doctor <url|host>` (name resolution) and `probe` (the signing region).
 */

const LATTICE_HOST = /\.vpc-lattice-svcs\.([a-z]{2}(?:-[a-z]+)+-\d+)\.on\.aws$/i;

/** The region in a Lattice DNS name, or undefined (custom domain names carry none). */
export function regionOfHost(host: string): string | undefined {
  return LATTICE_HOST.exec(host.replace(/\.$/, ""))?.[1]?.toLowerCase();
}

/** The `svc-…` id in a Lattice DNS name (`orders-api-0e5b4c6a2d1f83a97.7d67968.vpc-lattice-svcs…`). */
export function serviceIdOfHost(host: string): string | undefined {
  if (!LATTICE_HOST.test(host.replace(/\.$/, ""))) return undefined;
  const first = host.split(".")[0]?.toLowerCase() ?? "";
  const id = /-([0-9a-z]{17})$/.exec(first)?.[1];
  return id ? `svc-${id}` : undefined;
}
