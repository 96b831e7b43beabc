/**
 * LAT-606: the service's access log holds failed requests in the window. One finding per group of
 * requests that failed the same way (status, authDeniedReason / failureReason, caller, source VPC,
 * target): in the ranked output each group then sits under the finding that causes it (its `causedBy`,
 * checks/lib/failed-requests.ts), and a group no finding explains stands on its own — which is itself
 * worth seeing. Groups beyond MAX_GROUPS are counted in the last finding's detail.
 */
import { defineCheck, type CheckContext, type Evidence, type FindingDraft } from "./define.js";
import type { Topology } from "../src/topology/types.js";
import type { FailedRequestGroup, FailedRequests } from "../src/topology/access-log.js";
import {
  explainsGroup,
  groupAffects,
  readGroup,
  statusLabel,
  type GroupReading,
} from "./lib/failed-requests.js";
import { awsCli, shellQuote } from "./lib/commands.js";

/** Findings at most, largest groups first: the rest are summed up in the last one. */
export const MAX_GROUPS = 8;

/** The call the evidence came from: FilterLogEvents when a CloudWatch Logs destination was read. */
function sourceCall(failed: FailedRequests): string {
  const read = failed.sources.filter((s) => s.status === "read");
  return read.some((s) => s.kind === "cloudwatch-logs") || read.length === 0
    ? "logs:FilterLogEvents"
    : "s3:GetObject";
}

/** The group as evidence, named as the access log names its fields. */
function groupEvidence(group: FailedRequestGroup, failed: FailedRequests): Evidence {
  const { key: _key, count, firstSeen, lastSeen, sampleRequestIds, ...fields } = group;
  return {
    call: sourceCall(failed),
    observed: { ...fields, count, firstSeen, lastSeen, sampleRequestIds },
  };
}

function resourceOf(reading: GroupReading, group: FailedRequestGroup, topology: Topology) {
  if (reading.kind === "target" && reading.targetGroupId)
    return {
      type: "target-group",
      id: reading.targetGroupId,
      ...(group.targetGroupArn ? { arn: group.targetGroupArn } : {}),
    };
  const service = topology.service;
  return { type: "service", id: service.id, ...(service.arn ? { arn: service.arn } : {}) };
}

function whyCommand(topology: Topology, group: FailedRequestGroup, context: CheckContext): string {
  const id = group.sampleRequestIds[0];
  const profile = context.profile ? ` --profile ${shellQuote(context.profile)}` : "";
  return `lattice why ${topology.service.id}${id ? ` --request-id ${shellQuote(id)}` : ""} --region ${shellQuote(context.region)}${profile}`;
}

/** What to look at next, for the hop that failed. */
function fixOf(reading: GroupReading, group: FailedRequestGroup, topology: Topology, context: CheckContext) {
  const svc = topology.service.id;
  const commands: string[] = [];
  let summary: string;
  switch (reading.kind) {
    case "denied-service":
    case "denied-network": {
      const ids =
        reading.kind === "denied-service" ? [svc] : Object.keys(topology.serviceNetworks).slice(0, 1);
      for (const id of ids)
        commands.push(awsCli(`aws vpc-lattice get-auth-policy --resource-identifier ${id}`, context));
      summary =
        `Allow ${group.callerPrincipal ?? "this caller"} in the ${reading.kind === "denied-service" ? "service's" : "network's"} ` +
        "auth policy, or stop calling with it; the ranked finding above names the statement.";
      break;
    }
    case "denied-identity":
      summary =
        "Give the caller's role an identity policy that allows vpc-lattice-svcs:Invoke on the service.";
      if (group.callerPrincipal) {
        const evaluate = `lattice doctor ${svc} --as ${shellQuote(group.callerPrincipal)} --region ${shellQuote(context.region)}`;
        commands.push(context.profile ? `${evaluate} --profile ${shellQuote(context.profile)}` : evaluate);
      }
      break;
    case "target":
      summary =
        "Make the target reachable and healthy: the finding this group sits under says what blocks it.";
      if (reading.targetGroupId)
        commands.push(
          awsCli(`aws vpc-lattice list-targets --target-group-identifier ${reading.targetGroupId}`, context),
        );
      break;
    case "not-found":
      summary =
        "Associate the service with the service network of the client's VPC (or call the right name).";
      break;
    default:
      summary = "Read one entry of the group to see the request as Lattice logged it.";
  }
  commands.push(whyCommand(topology, group, context));
  return { summary, commands };
}

function groupFinding(
  group: FailedRequestGroup,
  failed: FailedRequests,
  topology: Topology,
  context: CheckContext,
): FindingDraft {
  const reading = readGroup(group);
  const who = group.callerPrincipal ? ` for ${group.callerPrincipal}` : "";
  const from = group.sourceVpcId ? ` from ${group.sourceVpcId}` : "";
  const what =
    group.requestMethod && group.requestPath ? ` on ${group.requestMethod} ${group.requestPath}` : "";
  const target = group.targetIpPort ? ` (target ${group.targetIpPort})` : "";
  return {
    hop: reading.hop,
    title: `${group.count} request${group.count === 1 ? "" : "s"} failed with ${statusLabel(group)}${who}: ${reading.failedAt}`,
    detail:
      `The access log holds ${group.count} failed request${group.count === 1 ? "" : "s"}${from}${what}${target} ` +
      `between ${group.firstSeen} and ${group.lastSeen} (window ${failed.window.start} – ${failed.window.end}). ` +
      `Sample request ids: ${group.sampleRequestIds.join(", ") || "none"}. When a finding explains them they are ranked under it ` +
      "(causedBy); when none does, the configuration read does not account for them.",
    resource: resourceOf(reading, group, topology),
    evidence: [groupEvidence(group, failed)],
    fix: fixOf(reading, group, topology, context),
    affects: groupAffects(group, reading, topology),
  };
}

export default defineCheck({
  code: "LAT-606",
  name: "failed-requests-logged",
  severity: "error",
  hop: "service",
  needs: ["service", "accessLogs", "accessLogEntries"],
  requires: "--logs",
  lint: { judged: "live", reason: "the access log holds live requests" },
  // A group sits under the finding that explains how it failed (its kind: a layer's denial, a
  // target's failure, a 404); the codes that can are the ones whose `causes` name this check.
  explainedBy: explainsGroup,

  run(topology, context) {
    const failed = topology.signals?.failedRequests;
    if (!failed || failed.groups.length === 0) return [];
    const shown = failed.groups.slice(0, MAX_GROUPS);
    const findings = shown.map((g) => groupFinding(g, failed, topology, context));
    const rest = failed.groups.slice(MAX_GROUPS);
    if (rest.length > 0) {
      const last = findings.at(-1)!;
      const requests = rest.reduce((sum, g) => sum + g.count, 0);
      last.detail += ` ${rest.length} smaller group${rest.length === 1 ? "" : "s"} (${requests} requests) are not shown: \`lattice why ${topology.service.id}\` lists every group.`;
    }
    return findings;
  },
});
