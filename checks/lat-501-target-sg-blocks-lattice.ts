import type { PrefixList, SecurityGroup, SecurityGroupRule, Topology } from "../src/topology/types.js";
import { defineCheck, type CheckContext, type Evidence, type FindingDraft } from "./define.js";
import { trafficPort } from "./lib/health.js";
import { describeRulePorts } from "./lib/ports.js";
import { describeRuleSource, isInboundTcpOn, ruleEvidence } from "./lib/security-groups.js";
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

function isLatticeListRule(rule: SecurityGroupRule, prefixList: PrefixList | undefined): boolean {
  return !rule.isEgress && !!prefixList && rule.prefixListId === prefixList.prefixListId;
}

function titleFor(groups: SecurityGroup[], ports: number[], prefixList: PrefixList | undefined): string {
  const names = groups.map((g) => g.groupId);
  const subject = groups.length === 1 ? names[0]! : listText(names);
  const allows = groups.length === 1 ? "allows" : "allow";
  const rules = groups.flatMap((g) => g.rules);
  const phrases = ports.map((port) => {
    const sources = [...new Set(rules.filter((r) => isInboundTcpOn(r, port)).map(describeRuleSource))];
    if (sources.length > 0) return `${port} only from ${sources.join(", ")}`;
    const elsewhere = rules.filter((r) => isLatticeListRule(r, prefixList));
    if (elsewhere.length > 0) {
      return `the VPC Lattice prefix list only on ${[...new Set(elsewhere.map(describeRulePorts))].join(", ")}, not on ${port}`;
    }
    return `no inbound traffic on ${port}`;
  });
  return `Targets never see Lattice traffic: ${subject} ${allows} ${phrases.join("; ")}`;
}

function prefixListText(prefixList: PrefixList | undefined, region: string): string {
  if (!prefixList) return `the managed prefix list com.amazonaws.${region}.vpc-lattice`;
  const entries = prefixList.cidrs?.length ? `: ${prefixList.cidrs.join(", ")}` : "";
  return `the managed prefix list ${prefixList.prefixListName} (${prefixList.prefixListId}${entries})`;
}

function findingFor(topology: Topology, context: CheckContext, set: BlockedSet): FindingDraft {
  const { members, critical } = set;
  const groups = members[0]!.groups;
  const prefixList = topology.prefixLists.ipv4;
  const ports = [...new Set(members.map((m) => m.port))].sort((a, b) => a - b);
  const tgs = targetGroupsOf(members);
  const rules = groups.flatMap((g) => g.rules);
  const onPorts = rules.filter((r) => ports.some((p) => isInboundTcpOn(r, p)));
  const clientGroups = [
    ...new Set(
      onPorts.flatMap((r) => (r.referencedGroupInfo?.groupId ? [r.referencedGroupInfo.groupId] : [])),
    ),
  ];
  const cidrs = [...new Set(onPorts.flatMap((r) => (r.cidrIpv4 ? [r.cidrIpv4] : [])))];
  const portText = ports.join(", ");
  const targetCount = members.length;

  let detail =
    `VPC Lattice connects to targets from the addresses of ${prefixListText(prefixList, context.region)}, ` +
    `not from the client's address or security group. No inbound rule of ${listText(groups.map((g) => g.groupId))} ` +
    `admits those addresses on TCP ${portText}, so Lattice cannot open a connection to ` +
    `${targetCount === 1 ? "the target" : `${targetCount} targets`} of ${targetGroupsText(tgs)}: ` +
    "requests routed there fail (the client sees a timeout or a 5xx) and their health checks fail too.";
  if (cidrs.length > 0) detail += ` ${listText(cidrs)} is not where Lattice traffic comes from.`;
  if (clientGroups.length > 0) {
    detail += ` The rule allowing ${listText(clientGroups)} does not match either: traffic from Lattice does not carry the client's security group.`;
  }
  if (!prefixList) {
    detail += ` The Lattice prefix list was not found in ${context.region}, and no rule on the port allows any address range or prefix list that could hold it.`;
  }
  detail += reachSentence(critical, "fail");

  const evidence: Evidence[] = groups.map((g) => {
    const { call, observed } = inboundRulesEvidence(g, ports);
    const elsewhere = g.rules.filter(
      (r) => isLatticeListRule(r, prefixList) && !ports.some((p) => isInboundTcpOn(r, p)),
    );
    if (elsewhere.length > 0) observed.latticePrefixListRulesOnOtherPorts = elsewhere.map(ruleEvidence);
    const egress = g.rules.filter(
      (r) => r.isEgress && r.prefixListId !== undefined && r.prefixListId === prefixList?.prefixListId,
    );
    if (egress.length > 0) observed.egressRulesToPrefixList = egress.map(ruleEvidence);
    return { call, observed };
  });
  evidence.push(prefixListEvidence(prefixList, context.region, 4));
  for (const tg of tgs) {
    const mine = members.filter((m) => m.tg.id === tg.id);
    evidence.push({
      call: "vpc-lattice:ListTargets",
      observed: {
        targetGroupIdentifier: tg.id,
        items: mine.map((m) => {
          const item: Record<string, unknown> = { id: m.target.id };
          if (m.target.port !== undefined) item.port = m.target.port;
          item.status = m.target.status;
          return item;
        }),
      },
    });
    const instance = tg.type.toUpperCase() === "INSTANCE";
    evidence.push({
      call: instance ? "ec2:DescribeInstances" : "ec2:DescribeNetworkInterfaces",
      observed: {
        items: mine.map((m) => {
          const item: Record<string, unknown> = instance
            ? { instanceId: m.target.id }
            : { privateIpAddress: m.target.id };
          if (m.target.networkInterfaceId !== undefined)
            item.networkInterfaceId = m.target.networkInterfaceId;
          item.securityGroupIds = m.target.securityGroupIds;
          return item;
        }),
      },
    });
  }

  const first = groups[0]!.groupId;
  return blockedSetFinding(topology, context, set, {
    title: titleFor(groups, ports, prefixList),
    detail,
    evidence,
    fixSummary:
      `Allow TCP ${portText} on ${first} from the VPC Lattice prefix list ${prefixList ? `${prefixList.prefixListId} ` : ""}` +
      "by its id (not its CIDRs: AWS can change the entries). Rules for the client's CIDR or security group never match Lattice traffic; they can stay.",
    allow: { ports, family: 4, description: "VPC Lattice" },
  });
}

export default defineCheck({
  code: "LAT-501",
  name: "target-sg-blocks-lattice",
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
    return blockedTargetSets(topology, { family: 4, portOf: trafficPort }).map((set) =>
      findingFor(topology, context, set),
    );
  },
});
