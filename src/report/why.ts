/**
 * Builds the `lattice why` document from one diagnosis (the doctor's topology and ranked findings)
 * and the failed requests its access log held: for each group, the hop that failed it, the
 * findings that explain it (the same rule ranking uses: the checks' `causes` and `explainedBy`), and
 * - a 403 with a principal: both auth-policy layers evaluated for that principal, path, method and
 *   source VPC with src/policy (what `doctor --as` does), the layer the log names, whether the policy
 *   as read agrees, and the caller check's fix for that caller;
 * - a failure at a target: the target group, the registered target at that address, its health and
 *   security groups as read.
 */
import type { CheckContext } from "../core/check.js";
import type { Finding } from "../core/finding.js";
import { checks } from "../../checks/index.js";
import { groupAffects, readGroup, targetGroupIdOf } from "../topology/failed-request-reading.js";
import { evaluateLatticeAuth, type AuthRequest } from "../policy/lattice.js";
import { parseCaller } from "../policy/principal.js";
import { explains } from "../rank/rank.js";
import type { FailedRequestGroup, FailedRequests, FailedStatus } from "../topology/access-log.js";
import type { Topology } from "../topology/types.js";
import type { Report } from "./types.js";
import type { WhyAuth, WhyFindingRef, WhyGroup, WhyReport, WhyTarget } from "./why-types.js";
import { EXIT } from "../core/exit.js";
import { COULD_NOT_CHECK } from "../core/codes.js";

export interface WhyQuery {
  status?: FailedStatus;
  requestId?: string;
  limit: number;
}

function ref(f: Finding): WhyFindingRef {
  return {
    rank: f.rank,
    code: f.code,
    severity: f.severity,
    title: f.title,
    resource: { type: f.resource.type, id: f.resource.id },
    ...(f.causedBy ? { causedBy: f.causedBy } : {}),
  };
}

/** The registered check that reports the access log's failed requests (it needs their entries). */
const FAILED_REQUESTS_CHECK = checks.find((c) => c.needs.includes("accessLogEntries"));

/** The check that says no access log is subscribed (it reads the subscriptions, not their entries). */
const NO_SUBSCRIPTION_CHECK = checks.find(
  (c) => c.needs.includes("accessLogs") && !c.needs.includes("accessLogEntries"),
);

/** The checks that judge one caller against an auth-policy layer (they need `--as`). */
const CALLER_LAYER_CHECKS = checks.filter((c) => c.requires === "--as" && c.denial === "layer");

/** The findings that explain the group, and the causes of those, in rank order. */
export function explainingFindings(
  group: FailedRequestGroup,
  topology: Topology,
  findings: readonly Finding[],
): Finding[] {
  const reading = readGroup(group);
  const code = FAILED_REQUESTS_CHECK?.code ?? "";
  const effect = { code, affects: groupAffects(group, reading, topology) } as Finding;
  const direct = findings.filter((f) => !f.suppressed && f.code !== code && explains(f, effect, checks));
  const all = new Set(direct);
  // Their own causes (unhealthy targets ← the security group that blocks them): the root is what to fix.
  for (const f of direct) {
    for (let cause = f.causedBy; cause;) {
      const c = findings.find((x) => x.code === cause && x.affects?.some((a) => f.affects?.includes(a)));
      if (!c || all.has(c)) break;
      all.add(c);
      cause = c.causedBy;
    }
  }
  return [...all].sort((a, b) => a.rank - b.rank);
}

/** Whether the principal is one the evaluator can take (not `Unknown`, `-`). */
function evaluable(principal: string | undefined): principal is string {
  if (!principal || principal === "Unknown") return false;
  try {
    parseCaller(principal);
    return true;
  } catch {
    return false;
  }
}

function authFor(
  group: FailedRequestGroup,
  topology: Topology,
  context: CheckContext,
  currentTime: string,
): WhyAuth | undefined {
  if (group.responseCode !== 403 || !evaluable(group.callerPrincipal)) return undefined;
  const request: AuthRequest = {
    principal: group.callerPrincipal,
    method: group.requestMethod ?? "GET",
    path: group.requestPath ?? "/",
    headers: {},
    query: {},
    currentTime,
    ...(group.sourceVpcId ? { sourceVpc: group.sourceVpcId } : {}),
  };
  const { layers } = evaluateLatticeAuth(topology, request);
  const named =
    group.authDeniedReason === "Network"
      ? "network"
      : group.authDeniedReason === "Service"
        ? "service"
        : undefined;
  const candidates = layers.filter((l) => l.layer === named && (named === "service" || l.onPath));
  const deciding = candidates.find((l) => l.decision === "denied") ?? candidates[0];
  // The caller's own layer finding: the statement to add, or the Deny to narrow, for the layer the log names.
  const fix = deciding
    ? CALLER_LAYER_CHECKS.flatMap((c) => c.run(topology, { ...context, auth: request })).find(
        (f) => f.resource.id === deciding.id,
      )?.fix
    : undefined;
  return {
    principal: group.callerPrincipal,
    method: request.method,
    path: request.path,
    ...(request.sourceVpc ? { sourceVpc: request.sourceVpc } : {}),
    layers: layers.map((l) => ({
      layer: l.layer,
      id: l.id,
      name: l.name,
      decision: l.decision,
      ...(l.statement ? { statement: l.statement } : {}),
      reason: l.reason,
    })),
    ...(deciding
      ? {
          deciding: {
            layer: deciding.layer,
            id: deciding.id,
            agrees: deciding.decision === "denied",
            ...(deciding.statement ? { statement: deciding.statement } : {}),
          },
        }
      : {}),
    ...(fix ? { fix } : {}),
  };
}

function targetFor(group: FailedRequestGroup, topology: Topology): WhyTarget | undefined {
  const tgId = targetGroupIdOf(group.targetGroupArn);
  if (!tgId) return undefined;
  const tg = topology.targetGroups[tgId];
  const [ip, portText] = splitIpPort(group.targetIpPort);
  const port = portText ? Number(portText) : undefined;
  // IP targets are registered by address; instance targets by id (their address is not read).
  const target = tg?.targets?.find(
    (t) => t.id === ip && (t.port === undefined || port === undefined || t.port === port),
  );
  const groups = target
    ? (target.securityGroupIds ?? [])
    : [...new Set((tg?.targets ?? []).flatMap((t) => t.securityGroupIds ?? []))];
  return {
    targetGroupId: tgId,
    ...(tg?.name ? { targetGroupName: tg.name } : {}),
    ...(group.targetIpPort ? { targetIpPort: group.targetIpPort } : {}),
    ...(target ? { targetId: target.id } : {}),
    ...(target
      ? { health: { status: target.status, ...(target.reasonCode ? { reasonCode: target.reasonCode } : {}) } }
      : {}),
    ...(groups.length ? { securityGroupIds: groups } : {}),
  };
}

/** `10.0.1.23:8080` → [`10.0.1.23`, `8080`]; `[2600:1f18::1]:443` → [`2600:1f18::1`, `443`]. */
export function splitIpPort(text: string | undefined): [string | undefined, string | undefined] {
  if (!text) return [undefined, undefined];
  const v6 = /^\[(.+)\]:(\d+)$/.exec(text);
  if (v6) return [v6[1], v6[2]];
  const at = text.lastIndexOf(":");
  return at > 0 && !text.slice(0, at).includes(":")
    ? [text.slice(0, at), text.slice(at + 1)]
    : [text, undefined];
}

export function explainGroup(
  group: FailedRequestGroup,
  topology: Topology,
  findings: readonly Finding[],
  context: CheckContext,
  currentTime: string,
): WhyGroup {
  const reading = readGroup(group);
  const { key: _key, ...fields } = group;
  const auth = authFor(group, topology, context, currentTime);
  const target = reading.kind === "target" ? targetFor(group, topology) : undefined;
  return {
    ...fields,
    hop: reading.hop,
    failedAt: reading.failedAt,
    explainedBy: explainingFindings(group, topology, findings).map(ref),
    ...(auth ? { auth } : {}),
    ...(target ? { target } : {}),
  };
}

function logsStatus(failed: FailedRequests | undefined): WhyReport["logs"]["status"] {
  if (!failed) return "not-read";
  const readable = failed.sources.filter((s) => s.status !== "not-readable");
  if (readable.length === 0 || readable.every((s) => s.status === "failed")) return "not-read";
  return readable.some((s) => s.status === "failed" || s.truncated) ? "partial" : "read";
}

/** Why nothing (or not everything) could be read, in one line. */
function logsNote(topology: Topology, failed: FailedRequests | undefined): string | undefined {
  const subscriptions = topology.signals?.accessLogSubscriptions;
  if (subscriptions && subscriptions.length === 0)
    return `neither the service nor its networks has an access-log subscription (${NO_SUBSCRIPTION_CHECK?.code ?? "no access log"}): there is nothing to read back`;
  const destinations = (subscriptions ?? []).map((s) => s.destinationArn ?? "");
  const firehose = destinations.filter((arn) => arn.includes(":firehose:"));
  const status = logsStatus(failed);
  if (status === "not-read" && firehose.length > 0 && firehose.length === destinations.length)
    return `the access log goes to Firehose (${firehose.join(", ")}), which cannot be read back: look where the delivery stream writes (its S3 bucket, OpenSearch or HTTP endpoint)`;
  if (!failed)
    return subscriptions === undefined
      ? `the access-log subscriptions could not be read (see ${COULD_NOT_CHECK})`
      : "the access log was not read";
  if (status === "not-read")
    return `every access-log read failed (see ${COULD_NOT_CHECK}): the window's failed requests are unknown`;
  if (status === "partial")
    return failed.sources.some((s) => s.truncated)
      ? "the read stopped at --limit before the window's end: counts are a lower bound"
      : `some access-log reads failed (see ${COULD_NOT_CHECK}): counts are a lower bound`;
  return undefined;
}

export function whyExitCode(report: Pick<WhyReport, "logs" | "groups" | "entry" | "filter">): number {
  if (report.filter.requestId !== undefined) {
    const e = report.entry;
    if (e && ((e.responseCode ?? 0) >= 400 || e.failureReason)) return EXIT.findings;
    return e || report.logs.status === "read" ? EXIT.ok : EXIT.incomplete;
  }
  if (report.groups.length > 0) return EXIT.findings;
  return report.logs.status === "read" ? EXIT.ok : EXIT.incomplete;
}

export interface BuildWhyInput {
  doctor: Report;
  /** The ranked findings with their `affects` (the report's have none: it is internal to ranking). */
  findings: readonly Finding[];
  topology: Topology;
  failed: FailedRequests | undefined;
  query: WhyQuery;
  context: CheckContext;
  currentTime: string;
}

export function buildWhyReport({
  doctor,
  findings,
  topology,
  failed,
  query,
  context,
  currentTime,
}: BuildWhyInput): WhyReport {
  const status = logsStatus(failed);
  const note = logsNote(topology, failed);
  const window = failed?.window ?? {
    start: doctor.signals?.window.start ?? currentTime,
    end: doctor.signals?.window.end ?? currentTime,
  };
  const groups = (failed?.groups ?? []).map((g) => explainGroup(g, topology, findings, context, currentTime));
  const partial: Omit<WhyReport, "exitCode"> = {
    schemaVersion: 1,
    tool: doctor.tool,
    command: "why",
    context: doctor.context,
    target: doctor.target,
    window: { start: window.start, end: window.end },
    filter: {
      ...(query.status ? { status: query.status } : {}),
      ...(query.requestId !== undefined ? { requestId: query.requestId } : {}),
      limit: query.limit,
    },
    logs: { status, sources: failed?.sources ?? [], total: failed?.total ?? 0, ...(note ? { note } : {}) },
    groups,
    ...(query.requestId !== undefined ? { entry: failed?.entry ?? null } : {}),
    diagnosis: {
      verdict: doctor.verdict,
      complete: doctor.complete,
      findings: findings.filter((f) => f.code !== FAILED_REQUESTS_CHECK?.code && !f.suppressed).map(ref),
    },
    calls: doctor.calls,
  };
  return { ...partial, exitCode: whyExitCode(partial) };
}
