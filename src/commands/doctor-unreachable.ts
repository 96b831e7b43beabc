/**
 * The first read could not reach its endpoint (GetService, or ListServices to look a name up):
 * nothing can be diagnosed, so the run stops with one message naming the endpoint and the failure,
 * and with `--output json` the document (`complete: false`, verdict `incomplete`, exit 3) holding
 * that one could-not-check finding — not one for each of the calls that went nowhere alongside it.
 */
import type { Io } from "../cli.js";
import type { CallRecord } from "../aws/clients.js";
import { isEndpointFailure, toReadFailure } from "../aws/failures.js";
import type { ReadFailure, Topology } from "../topology/types.js";
import { endpointLabel, endpointOverrideHint } from "../core/util/endpoint.js";
import { runChecks } from "../engine/run-checks.js";
import { rank } from "../rank/rank.js";
import { EXIT } from "../core/exit.js";
import { COULD_NOT_CHECK } from "../core/codes.js";
import { buildReport } from "../report/build.js";
import type { FailOn } from "../report/types.js";
import { renderJson } from "../render/json.js";
import { escapeControl } from "../render/sanitize.js";
import { redactDeep } from "../report/redact.js";
import { VERSION } from "../version.js";

/** The first read went nowhere (refused, DNS, TLS, timeout, or a non-AWS answer). */
export class EndpointUnreachableError extends Error {
  override name = "EndpointUnreachableError";
  static covers(failure: ReadFailure): boolean {
    return isEndpointFailure(failure.kind);
  }
  constructor(
    readonly input: string,
    readonly failure: ReadFailure,
    readonly topology?: Topology,
    readonly serviceId?: string,
  ) {
    super(`${failure.call} ${failure.kind}: ${failure.message}`);
  }
}

/** GetService's failure, when it never reached the service (a denial or a not-found is not this). */
export function firstReadUnreached(topology: Topology): ReadFailure | undefined {
  return topology.failures.find((f) => f.call === "vpc-lattice:GetService" && isEndpointFailure(f.kind));
}

const serviceOf = (failure: ReadFailure) => failure.call.split(":")[0] ?? "";

/** `the VPC Lattice endpoint http://… could not be reached (ECONNREFUSED: connect ECONNREFUSED …)`. */
function whatHappened(failure: ReadFailure): string {
  const where = `${endpointLabel(serviceOf(failure))}${failure.endpoint ? ` ${failure.endpoint}` : ""}`;
  const why = `${failure.errorCode}: ${failure.message}`;
  switch (failure.kind) {
    case "not-aws-answer":
      return `${where} answered with something that is not an AWS API answer (${why})`;
    case "timeout":
      return `${where} did not answer in time (${why})`;
    default:
      return `${where} could not be reached (${why})`;
  }
}

function advice(failure: ReadFailure): string {
  const hint = failure.endpoint
    ? `The endpoint is ${endpointOverrideHint(serviceOf(failure), failure.endpointSource)}. `
    : "";
  const slow = failure.kind === "timeout" ? " (or give a longer --timeout if it is only slow)" : "";
  return `${hint}Check DNS, proxies (HTTPS_PROXY) and firewalls between here and it, then re-run${slow}. This is not a missing permission.`;
}

function unreachableMessage(error: EndpointUnreachableError): string {
  const { failure } = error;
  const what =
    failure.call === "vpc-lattice:ListServices"
      ? `ListServices (looking up the name "${error.input}")`
      : `GetService (${error.serviceId ?? error.input})`;
  return (
    `could not read the service: ${whatHappened(failure)}.\n` +
    `${what} was not answered, so nothing could be diagnosed. ${advice(failure)}`
  );
}

/** Looking a name up failed for another reason than the endpoint: a grant only for a denial. */
export function nameLookupMessage(input: string, cause: unknown): string {
  const failure = toReadFailure(cause, {
    part: "service",
    service: "vpc-lattice",
    operation: "ListServices",
  });
  const head = `could not look up the service named "${escapeControl(input)}": ${escapeControl(failure.errorCode)}: ${escapeControl(failure.message)}\n`;
  if (failure.kind === "access-denied")
    return `${head}Grant ${failure.action}, or pass the service's svc-… id or ARN instead of its name.`;
  const retry =
    failure.kind === "throttled" || failure.kind === "service-error" ? "Re-run in a minute" : "Re-run";
  return `${head}This is not a missing permission (${failure.kind}). ${retry}, or pass the service's svc-… id or ARN instead of its name.`;
}

export interface StopContext {
  output?: "text" | "json" | "markdown";
  region: string;
  profile?: string;
  endpoints: Record<string, string>;
  callLog: readonly CallRecord[];
  durationMs: number;
  failOn: FailOn;
  redact?: boolean;
}

/** An empty topology for a run that could not read the service (a name that could not be looked up). */
function unreadTopology(region: string, serviceId: string): Topology {
  return {
    topologyVersion: 1,
    region,
    service: { id: serviceId, arn: "", name: "", status: "UNKNOWN", authType: "UNKNOWN" },
    listeners: [],
    targetGroups: {},
    serviceAssociations: [],
    serviceNetworks: {},
    vpcAssociations: [],
    authPolicies: {},
    securityGroups: {},
    prefixLists: {},
    failures: [],
  };
}

/**
 * The message on stderr, the JSON document with `--output json`; exit 3. The checks are loaded only
 * here (a static import would load them before the run's first call: see doctor.ts loadAfterGather).
 */
export async function stopUnreachable(
  error: EndpointUnreachableError,
  io: Io,
  context: StopContext,
): Promise<number> {
  const lines = unreachableMessage(error)
    .split("\n")
    .map((line) => escapeControl(line));
  io.stderr.write(`lattice: ${lines.join("\n")}\n`);
  if (context.output !== "json") return EXIT.incomplete;

  const base = error.topology ?? unreadTopology(context.region, error.serviceId ?? "");
  // Only the first read's failure: everything else depended on it.
  const topology: Topology = { ...base, failures: [error.failure] };
  const checkContext = { region: context.region, ...(context.profile ? { profile: context.profile } : {}) };
  const { checks } = await import("../../checks/index.js");
  const run = runChecks(topology, checks, checkContext);
  const reason = `could not read service (${error.failure.call}: ${whatHappened(error.failure)})`;
  const findings = rank(
    run.findings.filter((f) => f.code === COULD_NOT_CHECK),
    { checks },
  );
  const report = buildReport({
    toolVersion: VERSION,
    input: error.input,
    ...(context.profile ? { profile: context.profile } : {}),
    endpoints: context.endpoints,
    topology,
    run: {
      ...run,
      findings,
      checks: run.checks.map((c) =>
        c.code === COULD_NOT_CHECK ? c : { code: c.code, status: "skip", reason },
      ),
    },
    findings,
    callLog: context.callLog,
    durationMs: context.durationMs,
    failOn: context.failOn,
  });
  // Every hop sits behind the service: none was read.
  const shown = {
    ...report,
    trace: report.trace.map((hop) => ({ ...hop, status: "unknown" as const })),
    exitCode: EXIT.incomplete,
  };
  // A name that could not be looked up has no id.
  if (!shown.target.id) delete (shown.target as { id?: string }).id;
  io.stdout.write(renderJson(context.redact ? redactDeep(shown) : shown));
  return EXIT.incomplete;
}
