import type {
  PrefixList,
  SecurityGroup,
  SecurityGroupRule,
  TargetGroup,
  Topology,
} from "../src/topology/types.js";
import { symptomKey } from "./lib/signals.js";
import { defineCheck, type CheckContext, type Evidence, type FindingDraft } from "./define.js";
import { trafficPort } from "./lib/health.js";
import { describeRulePorts } from "./lib/ports.js";
import { describeRuleSource, isInboundTcpOn, ruleEvidence } from "./lib/security-groups.js";
import {
  allowPrefixListCommands,
  blockedTargetSets,
  inboundRulesEvidence,
  prefixListEvidence,
  type BlockedTarget,
} from "./lib/target-security-groups.js";
import { listText } from "./lib/text.js";

/** Target groups whose targets Lattice reaches over IPv4 from the prefix list (LAMBDA/ALB: not ours; IPV6: LAT-503). */
function inScope(tg: TargetGroup): boolean {
  const type = tg.type.toUpperCase();
  const family = (tg.ipAddressType ?? "IPV4").toUpperCase();
  return (type === "INSTANCE" || type === "IP") && family === "IPV4";
}

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

function findingFor(
  topology: Topology,
  context: CheckContext,
  members: BlockedTarget[],
  critical: boolean,
): FindingDraft {
  const groups = members[0]!.groups;
  const prefixList = topology.prefixLists.ipv4;
  const ports = [...new Set(members.map((m) => m.port))].sort((a, b) => a - b);
  const tgs = [...new Map(members.map((m) => [m.tg.id, m.tg])).values()];
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
    `${targetCount === 1 ? "the target" : `${targetCount} targets`} of ${listText(tgs.map((t) => `${t.name} (${t.id})`))}: ` +
    "requests routed there fail (the client sees a timeout or a 5xx) and their health checks fail too.";
  if (cidrs.length > 0) detail += ` ${listText(cidrs)} is not where Lattice traffic comes from.`;
  if (clientGroups.length > 0) {
    detail += ` The rule allowing ${listText(clientGroups)} does not match either: traffic from Lattice does not carry the client's security group.`;
  }
  if (!prefixList) {
    detail += ` The Lattice prefix list was not found in ${context.region}, and no rule on the port allows any address range or prefix list that could hold it.`;
  }
  detail += critical
    ? " Every request to the service goes to these targets."
    : " Other routes of the service go elsewhere, so only the requests routed to these targets fail.";

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
  const commands = allowPrefixListCommands(first, ports, prefixList, 4, "VPC Lattice", context);

  return {
    severity: critical ? "critical" : "error",
    title: titleFor(groups, ports, prefixList),
    detail,
    resource: { type: "security-group", id: first },
    evidence,
    fix: {
      summary:
        `Allow TCP ${portText} on ${first} from the VPC Lattice prefix list ${prefixList ? `${prefixList.prefixListId} ` : ""}` +
        "by its id (not its CIDRs: AWS can change the entries). Rules for the client's CIDR or security group never match Lattice traffic; they can stay.",
      commands,
    },
    // The target groups, and what their alarms count when Lattice cannot reach the targets.
    affects: tgs.flatMap((t) => [t.id, symptomKey(t.id, "connection"), symptomKey(t.id, "5xx")]),
  };
}

export default defineCheck({
  code: "LAT-501",
  name: "target-sg-blocks-lattice",
  severity: "critical",
  hop: "targets",
  causes: ["LAT-301", "LAT-302", "LAT-604", "LAT-605"],
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
  explain: {
    summary: "No security group of a target admits VPC Lattice (its managed prefix list) on the target port.",
    why:
      "VPC Lattice is a proxy: it opens its own connections to the targets, from the addresses of the region's " +
      "managed prefix list com.amazonaws.<region>.vpc-lattice (169.254.171.0/24 in most regions), not from the " +
      "client. Rules that allow the consumer VPC's CIDR or the client's security group never match that traffic. " +
      "If no security group of the target allows the prefix list on the target port, Lattice cannot connect: " +
      "requests time out or fail with a 5xx, and health checks fail too (LAT-301 follows). Critical when every " +
      "route of the service leads to such targets; an error when only some do.",
    fix:
      "Add an inbound rule on a security group of the targets: TCP on the target port, source = the prefix list id " +
      "of com.amazonaws.<region>.vpc-lattice (aws ec2 describe-managed-prefix-lists). Reference the id rather than " +
      "copying its CIDRs (LAT-504). IPv6 target groups need the ipv6 prefix list instead (LAT-503).",
    bad:
      "CLI: the target allows the consumer VPC only:\n" +
      "  aws ec2 authorize-security-group-ingress --group-id sg-0282b1d9c4e5f6a70 \\\n" +
      "    --ip-permissions 'IpProtocol=tcp,FromPort=8080,ToPort=8080,IpRanges=[{CidrIp=10.20.0.0/16}]'\n" +
      "Terraform:\n" +
      '  resource "aws_vpc_security_group_ingress_rule" "orders_from_consumers" {\n' +
      "    security_group_id = aws_security_group.orders.id\n" +
      '    ip_protocol       = "tcp"\n' +
      "    from_port         = 8080\n" +
      "    to_port           = 8080\n" +
      '    cidr_ipv4         = "10.20.0.0/16"   # the client VPC: Lattice traffic never comes from here\n' +
      "  }",
    good:
      "CLI:\n" +
      "  aws ec2 authorize-security-group-ingress --group-id sg-0282b1d9c4e5f6a70 \\\n" +
      "    --ip-permissions 'IpProtocol=tcp,FromPort=8080,ToPort=8080,PrefixListIds=[{PrefixListId=pl-0721453c7ac4ec009,Description=\"VPC Lattice\"}]'\n" +
      "Terraform:\n" +
      '  data "aws_ec2_managed_prefix_list" "lattice" {\n' +
      '    name = "com.amazonaws.${data.aws_region.current.name}.vpc-lattice"\n' +
      "  }\n" +
      '  resource "aws_vpc_security_group_ingress_rule" "orders_from_lattice" {\n' +
      "    security_group_id = aws_security_group.orders.id\n" +
      '    ip_protocol       = "tcp"\n' +
      "    from_port         = 8080\n" +
      "    to_port           = 8080\n" +
      "    prefix_list_id    = data.aws_ec2_managed_prefix_list.lattice.id\n" +
      "  }",
  },
  run(topology, context) {
    return blockedTargetSets(topology, { family: 4, inScope, portOf: trafficPort }).map(
      ({ members, critical }) => findingFor(topology, context, members, critical),
    );
  },
});
