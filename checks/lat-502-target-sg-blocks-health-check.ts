import type { Target, TargetGroup, Topology } from "../src/topology/types.js";
import { defineCheck, type CheckContext, type Evidence, type FindingDraft } from "./define.js";
import {
  explicitHealthCheckPort,
  getTargetGroupEvidence,
  healthChecksOn,
  isUnhealthy,
  listTargetsEvidence,
  trafficPort,
} from "./lib/health.js";
import { describeRuleSource, isInboundTcpOn } from "./lib/security-groups.js";
import {
  blockedSetFinding,
  blockedTargetSets,
  inboundRulesEvidence,
  prefixListEvidence,
  reachSentence,
  targetGroupsOf,
  targetGroupsText,
  type BlockedSet,
} from "./lib/target-security-groups.js";
import { listText } from "./lib/text.js";

/** Target groups with health checks on a port of their own. */
function inScope(tg: TargetGroup): boolean {
  return healthChecksOn(tg) && explicitHealthCheckPort(tg.healthCheck) !== undefined;
}

/** Undefined when the target's health check uses its traffic port: LAT-501 covers that port. */
function healthCheckPortOf(tg: TargetGroup, target: Target): number | undefined {
  const port = explicitHealthCheckPort(tg.healthCheck)!;
  return trafficPort(tg, target) === port ? undefined : port;
}

function findingFor(topology: Topology, context: CheckContext, set: BlockedSet): FindingDraft {
  const { members, critical } = set;
  const groups = members[0]!.groups;
  const port = members[0]!.port;
  const prefixList = topology.prefixLists.ipv4;
  const tgs = targetGroupsOf(members);
  const rules = groups.flatMap((g) => g.rules);
  const sources = [...new Set(rules.filter((r) => isInboundTcpOn(r, port)).map(describeRuleSource))];
  const trafficPorts = [...new Set(members.map((m) => trafficPort(m.tg, m.target)))].filter(
    (p): p is number => p !== undefined,
  );
  const unhealthy = members.filter((m) => isUnhealthy(m.target)).length;
  const subject = listText(groups.map((g) => g.groupId));
  const allows = groups.length === 1 ? "allows" : "allow";
  const title =
    `Health checks on port ${port} never reach the targets: ${subject} ${allows} ` +
    (sources.length > 0 ? `${port} only from ${sources.join(", ")}` : `no inbound traffic on ${port}`);

  let detail =
    `The health check of ${targetGroupsText(tgs)} probes port ${port}, not the traffic port ` +
    `${trafficPorts.join(", ")}. VPC Lattice sends health checks from the addresses of the managed prefix list ` +
    `${prefixList ? `${prefixList.prefixListName} (${prefixList.prefixListId}${prefixList.cidrs?.length ? `: ${prefixList.cidrs.join(", ")}` : ""})` : `com.amazonaws.${context.region}.vpc-lattice`}, ` +
    `and no inbound rule of ${subject} admits them on TCP ${port}. Every health check fails, so the targets are marked ` +
    "UNHEALTHY whatever the application's state";
  detail += unhealthy > 0 ? ` (ListTargets shows ${unhealthy} of ${members.length} UNHEALTHY now).` : ".";
  detail +=
    " Allowing the traffic port is not enough: the health-check port needs its own rule." +
    reachSentence(critical, "are affected");

  const evidence: Evidence[] = groups.map((g) => inboundRulesEvidence(g, [port]));
  for (const tg of tgs) {
    evidence.push(getTargetGroupEvidence(tg));
    evidence.push(
      listTargetsEvidence(
        tg,
        members.filter((m) => m.tg.id === tg.id).map((m) => m.target),
      ),
    );
  }
  if (prefixList) evidence.push(prefixListEvidence(prefixList, context.region, 4));

  const first = groups[0]!.groupId;
  return blockedSetFinding(topology, context, set, {
    title,
    detail,
    evidence,
    fixSummary:
      `Allow TCP ${port} on ${first} from the VPC Lattice prefix list${prefixList ? ` ${prefixList.prefixListId}` : ""} ` +
      "by its id, or set the health-check port back to the traffic port.",
    allow: { ports: [port], family: 4, description: "VPC Lattice health checks" },
  });
}

export default defineCheck({
  code: "LAT-502",
  name: "target-sg-blocks-health-check",
  severity: "critical",
  hop: "targets",
  causes: ["LAT-301", "LAT-302", "LAT-604", "LAT-605", "LAT-606"],
  symptoms: ["timeout"],
  lint: {
    judged: "file",
    scope: "service",
    reads: [
      "securityGroup.rules",
      "securityGroup.latticePrefixList",
      "targetGroup.targets",
      "targetGroup.config",
      "targetGroup.healthCheck",
    ],
  },
  needs: ["targetGroups", "targets", "targetNetwork", "securityGroups", "prefixLists"],
  run(topology, context) {
    return blockedTargetSets(topology, {
      family: 4,
      inScope,
      portOf: healthCheckPortOf,
      splitByPort: true,
    }).map((set) => findingFor(topology, context, set));
  },
});
