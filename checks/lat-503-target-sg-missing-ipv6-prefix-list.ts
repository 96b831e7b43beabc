import type { TargetGroup, Topology } from "../src/topology/types.js";
import { symptomKey } from "./lib/signals.js";
import { defineCheck, type CheckContext, type Evidence, type FindingDraft } from "./define.js";
import { listTargetsEvidence, trafficPort } from "./lib/health.js";
import { describeRuleSource, isInboundTcpOn } from "./lib/security-groups.js";
import {
  allowPrefixListCommands,
  blockedTargetSets,
  inboundRulesEvidence,
  prefixListEvidence,
  type BlockedTarget,
} from "./lib/target-security-groups.js";
import { listText } from "./lib/text.js";

/** IPV6 target groups of INSTANCE/IP targets (only IP target groups take an ipAddressType). */
function inScope(tg: TargetGroup): boolean {
  const type = tg.type.toUpperCase();
  return (type === "INSTANCE" || type === "IP") && (tg.ipAddressType ?? "").toUpperCase() === "IPV6";
}

function findingFor(
  topology: Topology,
  context: CheckContext,
  members: BlockedTarget[],
  critical: boolean,
): FindingDraft {
  const groups = members[0]!.groups;
  const pl = topology.prefixLists.ipv6;
  const ipv4 = topology.prefixLists.ipv4;
  const ports = [...new Set(members.map((m) => m.port))].sort((a, b) => a - b);
  const tgs = [...new Map(members.map((m) => [m.tg.id, m.tg])).values()];
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
    `${listText(tgs.map((t) => `${t.name} (${t.id})`))} ${tgs.length === 1 ? "is" : "are"} IPV6: VPC Lattice connects ` +
    `to ${members.length === 1 ? "the target" : `the ${members.length} targets`} over IPv6, from the addresses of the ` +
    `managed prefix list ${plName}${pl?.cidrs?.length ? ` (${pl.cidrs.join(", ")})` : ""}. No inbound rule of ` +
    `${subject} admits them on TCP ${portText}` +
    (sources.length > 0 ? `; the rules on the port allow only ${sources.join(", ")}.` : ".");
  if (hasIpv4List)
    detail += ` The IPv4 prefix list ${ipv4!.prefixListId} is allowed, but an IPV6 target group never receives IPv4 traffic from Lattice.`;
  detail +=
    " Lattice cannot connect: requests routed there fail and the health checks fail too." +
    (critical
      ? " Every request to the service goes to these targets."
      : " Other routes of the service go elsewhere, so only the requests routed to these targets fail.");

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
  const commands = allowPrefixListCommands(first, ports, pl, 6, "VPC Lattice IPv6", context);
  return {
    severity: critical ? "critical" : "error",
    title:
      `IPv6 targets never see Lattice traffic: ${subject} ${groups.length === 1 ? "does" : "do"} not allow the ` +
      `ipv6 VPC Lattice prefix list on ${portText}`,
    detail,
    resource: { type: "security-group", id: first },
    evidence,
    fix: {
      summary:
        `Allow TCP ${portText} on ${first} from the IPv6 VPC Lattice prefix list${pl ? ` ${pl.prefixListId}` : ""} by its id ` +
        "(the IPv4 list does not cover IPv6 targets).",
      commands,
    },
    // The target groups, and what their alarms count when Lattice cannot reach the targets.
    affects: tgs.flatMap((t) => [t.id, symptomKey(t.id, "connection"), symptomKey(t.id, "5xx")]),
  };
}

export default defineCheck({
  code: "LAT-503",
  name: "target-sg-missing-ipv6-prefix-list",
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
    summary:
      "An IPV6 target group whose targets' security groups do not allow the ipv6.vpc-lattice prefix list.",
    why:
      "For an IPV6 target group VPC Lattice connects to the targets over IPv6, from the addresses of the managed " +
      "prefix list com.amazonaws.<region>.ipv6.vpc-lattice (fd00:ec2:80::/64 in most regions). A security group " +
      "that allows only the IPv4 list, or IPv4 CIDRs, does not admit that traffic: requests and health checks fail. " +
      "Reported instead of LAT-501 for IPV6 target groups. Critical when every route of the service leads there.",
    fix:
      "Add an inbound rule on a security group of the targets: TCP on the target port, source = the prefix list id " +
      "of com.amazonaws.<region>.ipv6.vpc-lattice.",
    bad:
      "CLI: only the IPv4 list is allowed:\n" +
      "  aws ec2 authorize-security-group-ingress --group-id sg-0282b1d9c4e5f6a70 \\\n" +
      "    --ip-permissions 'IpProtocol=tcp,FromPort=8080,ToPort=8080,PrefixListIds=[{PrefixListId=pl-0721453c7ac4ec009}]'\n" +
      "Terraform:\n" +
      '  resource "aws_vpc_security_group_ingress_rule" "orders_from_lattice" {\n' +
      "    security_group_id = aws_security_group.orders.id\n" +
      '    ip_protocol       = "tcp"\n' +
      "    from_port         = 8080\n" +
      "    to_port           = 8080\n" +
      "    prefix_list_id    = data.aws_ec2_managed_prefix_list.lattice.id   # IPv4 list, IPV6 target group\n" +
      "  }",
    good:
      "CLI:\n" +
      "  aws ec2 authorize-security-group-ingress --group-id sg-0282b1d9c4e5f6a70 \\\n" +
      "    --ip-permissions 'IpProtocol=tcp,FromPort=8080,ToPort=8080,PrefixListIds=[{PrefixListId=pl-0d5e3f2a1b4c6e8f0}]'\n" +
      "Terraform:\n" +
      '  data "aws_ec2_managed_prefix_list" "lattice_ipv6" {\n' +
      '    name = "com.amazonaws.${data.aws_region.current.name}.ipv6.vpc-lattice"\n' +
      "  }\n" +
      '  resource "aws_vpc_security_group_ingress_rule" "orders_from_lattice_ipv6" {\n' +
      "    security_group_id = aws_security_group.orders.id\n" +
      '    ip_protocol       = "tcp"\n' +
      "    from_port         = 8080\n" +
      "    to_port           = 8080\n" +
      "    prefix_list_id    = data.aws_ec2_managed_prefix_list.lattice_ipv6.id\n" +
      "  }",
  },
  run(topology, context) {
    return blockedTargetSets(topology, { family: 6, inScope, portOf: trafficPort }).map(
      ({ members, critical }) => findingFor(topology, context, members, critical),
    );
  },
});
