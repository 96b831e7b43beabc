/**
 * Turns what the user typed (`svc-…` id, service ARN, service name, or the URL / DNS name the client
 * called) into a service id.
 */
import type { ServiceSummary } from "@aws-sdk/client-vpc-lattice";
import pLimit from "p-limit";
import type { AwsClients } from "./clients.js";
import { AmbiguousServiceError, ServiceNotFoundError, type ResolvedService } from "./gather-api.js";
import { fatalErrorOf } from "./failures.js";
import { regionOfHost, serviceIdOfHost } from "./dns-name.js";

/** The form AWS issues. */
export const SERVICE_ID = /^svc-[0-9a-z]{17}$/;
/**
 * What is taken as an id and left to the endpoint to judge: AWS-compatible endpoints (emulators,
 * moto's `svc-da114ed4-e162-41a`) issue ids of other lengths, and refusing an id the endpoint itself
 * issued would be a usage error for a correct command line.
 */
const ANY_SERVICE_ID = /^svc-[0-9a-z](?:[0-9a-z-]{0,62}[0-9a-z])?$/;
const SERVICE_ARN =
  /^arn:(aws[a-z-]*):vpc-lattice:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):service\/(svc-[0-9a-z](?:[0-9a-z-]{0,62}[0-9a-z])?)$/;
const SERVICE_NAME = /^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$/;

const EXPECTED =
  "expected svc- followed by 17 lowercase letters or digits (e.g. svc-0a1b2c3d4e5f67890), a service ARN (arn:aws:vpc-lattice:<region>:<account>:service/svc-…), a service name, or the URL or DNS name the client called";
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/** Malformed service argument (usage error, exit 2). */
export class InvalidServiceInputError extends Error {
  override name = "InvalidServiceInputError";
  constructor(
    message: string,
    readonly input: string,
  ) {
    super(message);
  }
}

export type ParsedServiceInput =
  | { kind: "id"; id: string }
  | { kind: "arn"; arn: string; id: string; partition: string; region: string; accountId: string }
  | { kind: "name"; name: string }
  /** A Lattice-generated DNS name: its id and region are in it. `path` when a URL was given. */
  | { kind: "dns"; host: string; id: string; region: string; path?: string }
  /** Any other host name: a custom domain name, looked up in ListServices. */
  | { kind: "domain"; host: string; path?: string };

/** An id that is not in the form AWS issues: worth a hint when the endpoint does not know it. */
export function isNonStandardServiceId(id: string): boolean {
  return !SERVICE_ID.test(id);
}

export function isValidServiceName(name: string): boolean {
  return SERVICE_NAME.test(name) && !name.includes("--");
}

/** `https://host/path`, or a bare `host[/path]` (a service name never holds a dot). */
function parseHostInput(value: string, input: string): ParsedServiceInput {
  let url: URL;
  try {
    url = new URL(URL_SCHEME.test(value) ? value : `https://${value}`);
  } catch {
    throw new InvalidServiceInputError(`"${value}" is not a URL or DNS name: ${EXPECTED}`, input);
  }
  const host = url.hostname.replace(/\.$/, "").toLowerCase();
  if (!HOST_NAME.test(host) || /^[\d.]+$/.test(host))
    throw new InvalidServiceInputError(
      `"${value}": ${host || "(no host)"} is not a DNS name of a service (an IP address names no service): ${EXPECTED}`,
      input,
    );
  // Only a URL carries a request path; a bare host name says nothing about it.
  const path = URL_SCHEME.test(value) || value.includes("/") ? { path: decodeURI(url.pathname) } : {};
  const id = serviceIdOfHost(host);
  const region = regionOfHost(host);
  if (id && region) return { kind: "dns", host, id, region, ...path };
  if (region)
    throw new InvalidServiceInputError(
      `"${value}": a VPC Lattice DNS name reads <service name>-<17-character id>.<hex>.vpc-lattice-svcs.<region>.on.aws, e.g. orders-api-0e5b4c6a2d1f83a97.7d67968.vpc-lattice-svcs.us-east-1.on.aws`,
      input,
    );
  return { kind: "domain", host, ...path };
}

/** The region the input names itself (an ARN's, a generated DNS name's): it wins over --region. */
export function regionOfInput(input: string): string | undefined {
  try {
    const parsed = parseServiceInput(input);
    return parsed.kind === "arn" || parsed.kind === "dns" ? parsed.region : undefined;
  } catch {
    return undefined;
  }
}

export function parseServiceInput(input: string): ParsedServiceInput {
  const value = input.trim();
  if (URL_SCHEME.test(value) || value.includes(".")) return parseHostInput(value, input);
  if (value.startsWith("svc-")) {
    if (ANY_SERVICE_ID.test(value)) return { kind: "id", id: value };
    throw new InvalidServiceInputError(`"${value}" is not a service id: ${EXPECTED}`, input);
  }
  if (value.startsWith("arn:")) {
    const m = SERVICE_ARN.exec(value);
    if (!m)
      throw new InvalidServiceInputError(`"${value}" is not a VPC Lattice service ARN: ${EXPECTED}`, input);
    return { kind: "arn", arn: value, partition: m[1]!, region: m[2]!, accountId: m[3]!, id: m[4]! };
  }
  if (isValidServiceName(value)) return { kind: "name", name: value };
  throw new InvalidServiceInputError(
    `"${value}" is not a service id, ARN or name: ${EXPECTED} (names are 3–40 lowercase letters, digits and hyphens, not starting or ending with a hyphen, no "--")`,
    input,
  );
}

function rethrowFatal(error: unknown): void {
  const fatal = fatalErrorOf(error);
  if (fatal) throw fatal;
}

/**
 * Resolves the input to a service id. An id or an ARN is only parsed (an ARN's region wins — the
 * CLI builds clients for it; gather's GetService reports a service that does not exist); a name
 * is looked up in every page of ListServices.
 */
export async function resolveService(
  input: string,
  clients: AwsClients,
  region: string,
): Promise<ResolvedService> {
  const parsed = parseServiceInput(input);
  if (parsed.kind === "arn") return { id: parsed.id, arn: parsed.arn, region: parsed.region };
  // A generated DNS name holds the id; gather's GetService says whether it exists (exit 4).
  if (parsed.kind === "dns") return { id: parsed.id, region: parsed.region };

  // An id needs no look-up of its own: gather's GetService is the first call either way, and a
  // not-found there ends the run with ServiceNotFoundError (exit 4). Saves one round trip.
  if (parsed.kind === "id") return { id: parsed.id, region };

  const wanted = parsed.kind === "name" ? parsed.name : parsed.host;
  const services = await listServices(clients);
  const matches =
    parsed.kind === "name"
      ? services.filter((s) => s.name === parsed.name)
      : await withCustomDomain(services, parsed.host, clients);
  if (matches.length === 0) {
    throw new ServiceNotFoundError(
      parsed.kind === "name"
        ? `no VPC Lattice service named "${parsed.name}" in ${region}`
        : `no VPC Lattice service in ${region} has the custom domain name ${parsed.host} ` +
            `(searched the customDomainName of ${services.length} service${services.length === 1 ? "" : "s"}, every page of ListServices, shared services included). ` +
            `A custom domain is found only in the service's region: pass --region, or name the service by id or ARN`,
    );
  }
  if (matches.length > 1) {
    const what = parsed.kind === "name" ? `are named "${wanted}"` : `have the custom domain name ${wanted}`;
    throw new AmbiguousServiceError(
      `${matches.length} services ${what} in ${region} (services shared with this account included); name one by id or ARN:`,
      matches.map((m) => ({ id: m.id, arn: m.arn ?? "", name: m.name ?? "" })),
    );
  }
  const [only] = matches;
  return {
    id: only!.id,
    ...(only!.arn ? { arn: only!.arn } : {}),
    ...(only!.name ? { name: only!.name } : {}),
    region,
  };
}

type Listed = ServiceSummary & { id: string };

/** Every page of ListServices (the account's services and those shared with it). */
async function listServices(clients: AwsClients): Promise<Listed[]> {
  const out: Listed[] = [];
  try {
    const { paginateListServices } = await clients.sdk.lattice();
    for await (const page of paginateListServices({ client: await clients.lattice(), pageSize: 100 }, {})) {
      for (const s of page.items ?? []) if (s.id) out.push(s as Listed);
    }
  } catch (error) {
    rethrowFatal(error);
    throw error;
  }
  return out;
}

const sameHost = (a: string | undefined, host: string): boolean =>
  a !== undefined && a.replace(/\.$/, "").toLowerCase() === host;

/**
 * The services whose custom domain name is `host`. The API model puts customDomainName in
 * ListServices' summaries, but lattice-facts does not confirm it: when no summary carries the field
 * at all, it is read from GetService of each service (bounded), so an endpoint that leaves it out of
 * the summaries still resolves. When any summary carries it, a summary without it has none.
 */
async function withCustomDomain(services: Listed[], host: string, clients: AwsClients): Promise<Listed[]> {
  if (services.some((s) => s.customDomainName !== undefined))
    return services.filter((s) => sameHost(s.customDomainName, host));
  const limit = pLimit(8);
  const failures: unknown[] = [];
  const read = await Promise.all(
    services.map((s) =>
      limit(async () => {
        try {
          const { GetServiceCommand } = await clients.sdk.lattice();
          const got = await (
            await clients.lattice()
          ).send(new GetServiceCommand({ serviceIdentifier: s.id }));
          return sameHost(got.customDomainName, host) ? s : undefined;
        } catch (error) {
          rethrowFatal(error);
          failures.push(error);
          return undefined;
        }
      }),
    ),
  );
  const found = read.filter((s): s is Listed => s !== undefined);
  // A service that could not be read might be the one: "not found" would be a guess.
  if (found.length === 0 && failures.length > 0) throw failures[0];
  return found;
}
