/**
 * Assembles the JSON document (cli.md) from a topology, the check run and the call log:
 * verdict, `complete`, summary counts, the hop-by-hop trace and the exit code.
 */
import { EXIT } from "../core/exit.js";
import { SEVERITIES, type Finding, type Hop } from "../core/finding.js";
import type { CheckRun } from "../engine/run-checks.js";
import type { ReadFailure, Topology, TopologyPart } from "../topology/types.js";
import type { CallRecord } from "../aws/clients.js";
import { severityIndex } from "../rank/rank.js";
import type { AuthReport, FailOn, Report, TraceHop, Verdict } from "./types.js";
import type { InferredSymptom } from "../rank/infer-symptom.js";
import { buildSignals } from "./signals.js";
import { unreadParts } from "../topology/unread.js";
import { accountOfArn } from "../core/util/arn.js";

/** `healthy` only when the run is complete: a run that did not look everywhere is `incomplete`. */
export function verdictOf(findings: readonly Finding[], complete = true): Verdict {
  const active = findings.filter((f) => !f.suppressed);
  if (active.some((f) => f.severity === "critical")) return "blocked";
  if (active.some((f) => f.severity === "error")) return "degraded";
  if (active.some((f) => f.severity === "warning")) return "at-risk";
  return complete ? "healthy" : "incomplete";
}

export function exitCodeOf(findings: readonly Finding[], complete: boolean, failOn: FailOn): number {
  const active = findings.filter((f) => !f.suppressed);
  if (failOn !== "none" && active.some((f) => severityIndex(f.severity) <= severityIndex(failOn))) {
    return EXIT.findings;
  }
  return complete ? EXIT.ok : EXIT.incomplete;
}

/**
 * The parts whose failure leaves a hop of the trace unknown. A hop behind an unread one is unknown
 * too: unreadParts marks every part downstream of a failed read (no listeners → no rules, target
 * groups, targets).
 */
const HOP_PARTS: Partial<Record<Hop, TopologyPart[]>> = {
  "vpc-association": ["vpcAssociations"],
  "service-network": ["serviceNetworks", "authPolicies"],
  "service-association": ["serviceAssociations"],
  service: ["service", "authPolicies"],
  listener: ["listeners"],
  rule: ["rules"],
  "target-group": ["targetGroups"],
  targets: ["targets", "targetNetwork", "networkAcls", "prefixLists"],
};
/**
 * Parts a hop depends on only where their own read failed: `securityGroups` hangs off the VPC
 * associations too (unread.ts), which say nothing about the targets' groups.
 */
const HOP_DIRECT_PARTS: Partial<Record<Hop, TopologyPart[]>> = { targets: ["securityGroups"] };

function traceResources(topology: Topology, hop: Hop): string {
  switch (hop) {
    case "client": {
      const c = topology.client;
      if (!c) return "";
      const parts = [c.instanceId, c.networkInterfaceIds?.[0], c.privateIpAddress, c.subnetId, c.vpcId]
        .filter((x, i, all) => x && all.indexOf(x) === i && x !== c.input)
        .join(", ");
      return `${c.input}${parts ? ` (${parts})` : ""}`;
    }
    case "vpc-association": {
      const out = topology.vpcAssociations.map((a) => `${a.id} (${a.vpcId}, ${a.status})`);
      // --from: the client's VPC's own associations, read from its side; "none" is an answer here.
      const c = topology.client;
      if (c?.vpcId && c.vpcAssociations && !topology.vpcAssociations.some((a) => a.vpcId === c.vpcId))
        out.push(
          c.vpcAssociations.length
            ? c.vpcAssociations.map((a) => `${a.id} (${c.vpcId}, ${a.status})`).join(", ")
            : `${c.vpcId}: no association`,
        );
      return out.join(", ");
    }
    case "service-network":
      return Object.values(topology.serviceNetworks)
        .map((n) => `${n.name} (${n.id}, auth ${n.authType})`)
        .join(", ");
    case "service-association":
      return topology.serviceAssociations.map((a) => `${a.id} (${a.status})`).join(", ");
    case "service":
      return `${topology.service.name} (${topology.service.id}, ${topology.service.status}, auth ${topology.service.authType})`;
    case "listener":
      return topology.listeners.map((l) => `${l.name} ${l.protocol}:${l.port} (${l.id})`).join(", ");
    case "rule":
      return topology.listeners
        .flatMap((l) => l.rules)
        .map((r) => `${r.name} (${r.id})`)
        .join(", ");
    case "target-group":
      return Object.values(topology.targetGroups)
        .map((t) =>
          `${t.name} ${t.type} ${t.protocol ?? ""}${t.port ? `:${t.port}` : ""} (${t.id})`.replace(
            / {2,}/g,
            " ",
          ),
        )
        .join(", ");
    case "targets": {
      const counts = new Map<string, number>();
      for (const tg of Object.values(topology.targetGroups)) {
        for (const t of tg.targets ?? []) counts.set(t.status, (counts.get(t.status) ?? 0) + 1);
      }
      return [...counts].map(([status, n]) => `${n} ${status}`).join(", ");
    }
    default:
      return "";
  }
}

/** With --as: the hop's auth answer appended to its resource, and its status when that says more. */
function withAuth(hop: TraceHop, auth: AuthReport | undefined): TraceHop {
  if (!auth || (hop.hop !== "service-network" && hop.hop !== "service")) return hop;
  const layers = auth.layers.filter((l) =>
    hop.hop === "service" ? l.layer === "service" : l.layer === "network",
  );
  if (layers.length === 0) return hop;
  const text = layers
    .map((l) => `${l.id} ${l.decision}${l.decision === "not-evaluated" ? "" : ` (${l.reason})`}`)
    .join(", ");
  let status = hop.status;
  if (layers.some((l) => l.decision === "denied")) status = "fail";
  else if (status === "ok" && layers.some((l) => l.decision === "unknown")) status = "unknown";
  return { ...hop, status, resource: `${hop.resource}; as ${auth.principal}: ${text}` };
}

/** The accounts that own a hop's resources, from their ARNs (the client: its VPC's owner). */
function hopOwners(topology: Topology, hop: Hop): string[] {
  const arns: (string | undefined)[] = [];
  const accounts: (string | undefined)[] = [];
  switch (hop) {
    case "client":
      accounts.push(topology.client?.ownerAccountId);
      break;
    case "vpc-association":
      arns.push(...topology.vpcAssociations.map((a) => a.arn));
      arns.push(...(topology.client?.vpcAssociations ?? []).map((a) => a.arn));
      break;
    case "service-network":
      arns.push(...Object.values(topology.serviceNetworks).map((n) => n.arn));
      arns.push(...topology.serviceAssociations.map((a) => a.serviceNetworkArn));
      break;
    case "service-association":
      arns.push(...topology.serviceAssociations.map((a) => a.arn));
      break;
    case "service":
      arns.push(topology.service.arn);
      break;
    case "listener":
      arns.push(...topology.listeners.map((l) => l.arn));
      break;
    case "rule":
      arns.push(...topology.listeners.flatMap((l) => l.rules.map((r) => r.arn)));
      break;
    case "target-group":
    case "targets":
      arns.push(...Object.values(topology.targetGroups).map((t) => t.arn));
      break;
    default:
      break;
  }
  accounts.push(...arns.map(accountOfArn));
  return [...new Set(accounts.filter((a): a is string => !!a))].sort();
}

/** Which credentials read a hop (only in runs with more than the run's own credentials). */
function hopReaders(topology: Topology, hop: Hop): string[] | undefined {
  if (!topology.readers) return undefined;
  const primary = topology.readers[0]?.label ?? "default";
  const client = topology.client?.readBy;
  if (hop === "client") return client ? [client] : [];
  const out = [primary];
  if (hop === "vpc-association" && client && topology.client?.vpcAssociations) out.push(client);
  if (hop === "service-network") {
    for (const x of [
      ...(topology.sharing?.invitations ?? []),
      ...(topology.sharing?.shares ?? []),
      ...(topology.sharing?.associations ?? []),
      ...(topology.sharing?.resources ?? []),
    ])
      out.push(x.readBy);
  }
  return [...new Set(out)];
}

/** Where each hop's status comes from when a client part could not be read. */
const CLIENT_PARTS: TopologyPart[] = ["client", "clientVpcAssociations", "clientNetwork"];

/** `(not read: vpc-lattice:ListListeners failed)`: what an unknown hop shows instead of its resources. */
function notReadText(causes: readonly ReadFailure[]): string {
  const calls = [...new Set(causes.map((f) => f.call))];
  return `(not read: ${calls.slice(0, 3).join(", ")}${calls.length > 3 ? ", …" : ""} failed)`;
}

export function buildTrace(topology: Topology, findings: readonly Finding[], auth?: AuthReport): TraceHop[] {
  const unread = unreadParts(topology.failures);
  const withClient = topology.client !== undefined || topology.failures.some((f) => f.part === "client");
  const hops: Hop[] = [
    ...(withClient ? (["client"] as Hop[]) : []),
    "vpc-association",
    "service-network",
    "service-association",
    "service",
    "listener",
    "rule",
    "target-group",
    "targets",
  ];
  return hops.map((hop) => {
    const here = findings.filter((f) => f.hop === hop && !f.suppressed);
    const codes = [...new Set(here.map((f) => f.code))];
    const causes = [
      ...(hop === "client" ? CLIENT_PARTS : (HOP_PARTS[hop] ?? [])).flatMap((p) => unread.get(p) ?? []),
      ...topology.failures.filter((f) => HOP_DIRECT_PARTS[hop]?.includes(f.part)),
    ];
    let status: TraceHop["status"] = "ok";
    if (here.some((f) => f.severity === "critical" || f.severity === "error")) status = "fail";
    else if (here.some((f) => f.severity === "warning")) status = "warn";
    else if (causes.length > 0) status = "unknown";
    const owners = hopOwners(topology, hop);
    const readers = hopReaders(topology, hop);
    // An unread collection is never shown as "(none)".
    const resource = traceResources(topology, hop) || (causes.length > 0 ? notReadText(causes) : "(none)");
    return withAuth(
      {
        hop,
        status,
        resource,
        ...(codes.length ? { codes } : {}),
        ...(owners.length ? { ownerAccountIds: owners } : {}),
        ...(readers?.length ? { readBy: readers } : {}),
      },
      auth,
    );
  });
}

/**
 * GetAuthPolicy answers "no policy" with ResourceNotFoundException (lattice-facts §2.5): that is an
 * answer, not a failed call, so it does not count in `calls.failed`.
 */
function isAnswerOfNone(call: CallRecord): boolean {
  return call.operation === "GetAuthPolicy" && call.errorCode === "ResourceNotFoundException";
}

/** The resolved `--from` client, for the report's context (the auth request context uses it too). */
function clientContext(c: NonNullable<Topology["client"]>): NonNullable<Report["context"]["client"]> {
  return {
    input: c.input,
    kind: c.kind,
    ...(c.vpcId ? { vpcId: c.vpcId } : {}),
    ...(c.ownerAccountId ? { ownerAccountId: c.ownerAccountId } : {}),
    ...(c.subnetId ? { subnetId: c.subnetId } : {}),
    securityGroupIds: c.securityGroupIds,
    ...(c.privateIpAddress ? { privateIpAddress: c.privateIpAddress } : {}),
    ...(c.readBy ? { readBy: c.readBy } : {}),
  };
}

export interface BuildReportInput {
  toolVersion: string;
  input: string;
  profile?: string;
  endpoints: Record<string, string>;
  topology: Topology;
  run: CheckRun;
  /** Ranked (and suppression-marked) findings. */
  findings: Finding[];
  callLog: readonly CallRecord[];
  durationMs: number;
  failOn: FailOn;
  /** The symptom ranking inferred from live signals (no --symptom given). */
  inferredSymptom?: InferredSymptom;
  /**
   * With --as: the `auth` block, built by the caller (report/auth.ts buildAuthReport) so the policy
   * evaluator is loaded only by a run that evaluates a request.
   */
  auth?: AuthReport;
  /** A replay: the recording and when it was made (context.replay). */
  replay?: { file: string; recordedAt?: string };
}

export function buildReport(input: BuildReportInput): Report {
  const { topology, findings, run } = input;
  const active = findings.filter((f) => !f.suppressed);
  // A skipped check, or a finding of a check that says what could not be judged, leaves it incomplete.
  const complete =
    !run.checks.some((c) => c.status === "skip") && !active.some((f) => run.incompleteCodes.includes(f.code));
  const auth = input.auth;
  const count = (severity: (typeof SEVERITIES)[number]) =>
    active.filter((f) => f.severity === severity).length;
  const signals = buildSignals(topology, input.inferredSymptom);
  return {
    schemaVersion: 1,
    tool: { name: "lattice-doctor", version: input.toolVersion },
    context: {
      region: topology.region,
      ...(topology.accountId ? { accountId: topology.accountId } : {}),
      ...(topology.callerArn ? { callerArn: topology.callerArn } : {}),
      ...(input.profile ? { profile: input.profile } : {}),
      endpoints: input.endpoints,
      ...(topology.readers ? { readers: topology.readers } : {}),
      ...(topology.client ? { client: clientContext(topology.client) } : {}),
      ...(input.replay ? { replay: input.replay } : {}),
    },
    target: {
      input: input.input,
      id: topology.service.id,
      ...(topology.service.arn ? { arn: topology.service.arn } : {}),
      ...(topology.service.name ? { name: topology.service.name } : {}),
    },
    verdict: verdictOf(findings, complete),
    complete,
    exitCode: exitCodeOf(findings, complete, input.failOn),
    summary: {
      critical: count("critical"),
      error: count("error"),
      warning: count("warning"),
      info: count("info"),
      // Only real passes: a check not applicable without a flag judged nothing.
      passed: run.checks.filter((c) => c.status === "pass").length,
      skipped: run.checks.filter((c) => c.status === "skip").length,
    },
    findings: findings.map(({ affects: _affects, ...rest }) => rest),
    checks: run.checks,
    trace: buildTrace(topology, findings, auth),
    calls: {
      total: input.callLog.length,
      failed: input.callLog.filter((c) => !c.ok && !isAnswerOfNone(c)).length,
      durationMs: Math.round(input.durationMs),
    },
    ...(signals ? { signals } : {}),
    ...(auth ? { auth } : {}),
  };
}
