import type { Topology } from "../src/topology/types.js";
import { defineCheck, type CheckContext, type Evidence, type FindingDraft } from "./define.js";
import { listTargetsEvidence, trafficPort } from "./lib/health.js";
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

function findingFor(topology: Topology, context: CheckContext, set: BlockedSet): FindingDraft {
  const { members, critical } = set;
  const groups = members[0]!.groups;
  const pl = topology.prefixLists.ipv6;
  const ipv4 = topology.prefixLists.ipv4;
  const ports = [...new Set(members.map((m) => m.port))].sort((a, b) => a - b);
  const tgs = targetGroupsOf(members);
  const rules = groups.flatMap((g) => g.rules);
  const onPorts = rules.filter((r) => ports.some((p) => isInboundTcpOn(r, p)));
  const sources = [...new Set(onPorts.map(describeRuleSource))];
  const hasIpv4List = !!ipv4 && onPorts.some((r) => r.prefixListId === ipv4.prefixListId);
  const subject = listText(groups.map((g) => g.groupId));
  const portText = ports.join(", ");
  const plName = pl
    ? `${pl.prefixListName} (${pl.prefixListId})`
    : `com.amazonaws.${context.region}.ipv6.vpc-lattice`;

  let detail =
    `${targetGroupsText(tgs)} ${tgs.length === 1 ? "is" : "are"} IPV6: VPC Lattice connects ` +
    `to ${members.length === 1 ? "the target" : `the ${members.length} targets`} over IPv6, from the addresses of the ` +
    `managed prefix list ${plName}${pl?.cidrs?.length ? ` (${pl.cidrs.join(", ")})` : ""}. No inbound rule of ` +
    `${subject} admits them on TCP ${portText}` +
    (sources.length > 0 ? `; the rules on the port allow only ${sources.join(", ")}.` : ".");
  if (hasIpv4List)
    detail += ` The IPv4 prefix list ${ipv4!.prefixListId} is allowed, but an IPV6 target group never receives IPv4 traffic from Lattice.`;
  detail +=
    " Lattice cannot connect: requests routed there fail and the health checks fail too." +
    reachSentence(critical, "fail");

  const evidence: Evidence[] = groups.map((g) => inboundRulesEvidence(g, ports));
  for (const tg of tgs) {
    evidence.push({
      call: "vpc-lattice:GetTargetGroup",
      observed: { id: tg.id, type: tg.type, config: { port: tg.port, ipAddressType: tg.ipAddressType } },
    });
    evidence.push(
      listTargetsEvidence(
        tg,
        members.filter((m) => m.tg.id === tg.id).map((m) => m.target),
      ),
    );
  }
  evidence.push(prefixListEvidence(pl, context.region, 6));

  const first = groups[0]!.groupId;
  return blockedSetFinding(topology, context, set, {
    title:
      `IPv6 targets never see Lattice traffic: ${subject} ${groups.length === 1 ? "does" : "do"} not allow the ` +
      `ipv6 VPC Lattice prefix list on ${portText}`,
    detail,
    evidence,
    fixSummary:
      `Allow TCP ${portText} on ${first} from the IPv6 VPC Lattice prefix list${pl ? ` ${pl.prefixListId}` : ""} by its id ` +
      "(the IPv4 list does not cover IPv6 targets).",
    allow: { ports, family: 6, description: "VPC Lattice IPv6" },
  });
}

export default defineCheck({
  code: "LAT-503",
  name: "target-sg-missing-ipv6-prefix-list",
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
    ],
  },
  needs: ["targetGroups", "targets", "targetNetwork", "securityGroups", "prefixLists"],
  run(topology, context) {
    return blockedTargetSets(topology, { family: 6, portOf: trafficPort }).map((set) =>
      findingFor(topology, context, set),
    );
  },
});
