/**
 * Turns what the user typed (`svc-…` id, service ARN, or service name) into a service id.
 */
import { paginateListServices } from "@aws-sdk/client-vpc-lattice";
import type { AwsClients } from "./clients.js";
import { AmbiguousServiceError, ServiceNotFoundError, type ResolvedService } from "./gather-api.js";
import { fatalErrorOf } from "./failures.js";

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
  "expected svc- followed by 17 lowercase letters or digits (e.g. svc-0a1b2c3d4e5f67890), a service ARN (arn:aws:vpc-lattice:<region>:<account>:service/svc-…), or a service name";

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
  | { kind: "name"; name: string };

/** An id that is not in the form AWS issues: worth a hint when the endpoint does not know it. */
export function isNonStandardServiceId(id: string): boolean {
  return !SERVICE_ID.test(id);
}

export function isValidServiceName(name: string): boolean {
  return SERVICE_NAME.test(name) && !name.includes("--");
}

export function parseServiceInput(input: string): ParsedServiceInput {
  const value = input.trim();
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

  // An id needs no look-up of its own: gather's GetService is the first call either way, and a
  // not-found there ends the run with ServiceNotFoundError (exit 4). Saves one round trip.
  if (parsed.kind === "id") return { id: parsed.id, region };

  const matches: { id: string; arn: string; name: string }[] = [];
  try {
    for await (const page of paginateListServices({ client: clients.lattice, pageSize: 100 }, {})) {
      for (const s of page.items ?? []) {
        if (s.name === parsed.name && s.id) matches.push({ id: s.id, arn: s.arn ?? "", name: s.name });
      }
    }
  } catch (error) {
    rethrowFatal(error);
    throw error;
  }
  if (matches.length === 0) {
    throw new ServiceNotFoundError(`no VPC Lattice service named "${parsed.name}" in ${region}`);
  }
  if (matches.length > 1) {
    const list = matches.map((m) => `  ${m.id}  ${m.arn}  ${m.name}`).join("\n");
    throw new AmbiguousServiceError(
      `${matches.length} services are named "${parsed.name}" in ${region} (services shared with this account included); pass an id or ARN:\n${list}`,
      matches,
    );
  }
  const [only] = matches;
  return { id: only!.id, arn: only!.arn, name: only!.name, region };
}
