import type { Target, TargetGroup, Topology } from "../src/topology/types.js";
import { symptomKey } from "./lib/signals.js";
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
  allowPrefixListCommands,
  blockedTargetSets,
  inboundRulesEvidence,
  prefixListEvidence,
  type BlockedTarget,
} from "./lib/target-security-groups.js";
import { listText } from "./lib/text.js";

/** IPV4 INSTANCE/IP target groups with health checks on a port of their own. */
function inScope(tg: TargetGroup): boolean {
  const type = tg.type.toUpperCase();
  const family = (tg.ipAddressType ?? "IPV4").toUpperCase();
  return (
    (type === "INSTANCE" || type === "IP") &&
    family === "IPV4" &&
    healthChecksOn(tg) &&
    explicitHealthCheckPort(tg.healthCheck) !== undefined
  );
}

/** Undefined when the target's health check uses its traffic port: LAT-501 covers that port. */
function healthCheckPortOf(tg: TargetGroup, target: Target): number | undefined {
  const port = explicitHealthCheckPort(tg.healthCheck)!;
  return trafficPort(tg, target) === port ? undefined : port;
}

function findingFor(
  topology: Topology,
  context: CheckContext,
  members: BlockedTarget[],
  critical: boolean,
): FindingDraft {
  const groups = members[0]!.groups;
  const port = members[0]!.port;
  const prefixList = topology.prefixLists.ipv4;
  const tgs = [...new Map(members.map((m) => [m.tg.id, m.tg])).values()];
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
    `The health check of ${listText(tgs.map((t) => `${t.name} (${t.id})`))} probes port ${port}, not the traffic port ` +
    `${trafficPorts.join(", ")}. VPC Lattice sends health checks from the addresses of the managed prefix list ` +
    `${prefixList ? `${prefixList.prefixListName} (${prefixList.prefixListId}${prefixList.cidrs?.length ? `: ${prefixList.cidrs.join(", ")}` : ""})` : `com.amazonaws.${context.region}.vpc-lattice`}, ` +
    `and no inbound rule of ${subject} admits them on TCP ${port}. Every health check fails, so the targets are marked ` +
    "UNHEALTHY whatever the application's state";
  detail += unhealthy > 0 ? ` (ListTargets shows ${unhealthy} of ${members.length} UNHEALTHY now).` : ".";
  detail +=
    " Allowing the traffic port is not enough: the health-check port needs its own rule." +
    (critical
      ? " Every request to the service goes to these targets."
      : " Other routes of the service go elsewhere, so only the requests routed to these targets are affected.");

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
  const commands = allowPrefixListCommands(
    first,
    [port],
    prefixList,
    4,
    "VPC Lattice health checks",
    context,
  );
  return {
    severity: critical ? "critical" : "error",
    title,
    detail,
    resource: { type: "security-group", id: first },
    evidence,
    fix: {
      summary:
        `Allow TCP ${port} on ${first} from the VPC Lattice prefix list${prefixList ? ` ${prefixList.prefixListId}` : ""} ` +
        "by its id, or set the health-check port back to the traffic port.",
      commands,
    },
    // The target groups, and what their alarms count when Lattice cannot reach the targets.
    affects: tgs.flatMap((t) => [t.id, symptomKey(t.id, "connection"), symptomKey(t.id, "5xx")]),
  };
}

export default defineCheck({
  code: "LAT-502",
  name: "target-sg-blocks-health-check",
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
      "targetGroup.healthCheck",
    ],
  },
  needs: ["targetGroups", "targets", "targetNetwork", "securityGroups", "prefixLists"],
  explain: {
    summary:
      "The health-check port differs from the traffic port and no security group of the target admits Lattice on it.",
    why:
      "VPC Lattice sends health checks, like requests, from the addresses of the managed prefix list " +
      "com.amazonaws.<region>.vpc-lattice. When the health check uses its own port (a management port such as " +
      "8081), the targets' security groups must admit the prefix list on that port too. If they don't, every " +
      "check fails and every target turns UNHEALTHY (LAT-301/LAT-302 follow) while the application is fine. " +
      "Critical when every route of the service leads to such targets; an error when only some do.",
    fix:
      "Add an inbound rule: TCP on the health-check port, source = the prefix list id. Or point the health check at " +
      "the traffic port (leave healthCheck.port unset).",
    bad:
      "CLI: the health check probes 8081, which only the VPC CIDR may reach:\n" +
      "  aws vpc-lattice update-target-group --target-group-identifier tg-0a9f1e2d3c4b5a697 \\\n" +
      '    --health-check \'{"enabled":true,"port":8081,"path":"/actuator/health"}\'\n' +
      "  aws ec2 authorize-security-group-ingress --group-id sg-0282b1d9c4e5f6a70 \\\n" +
      "    --ip-permissions 'IpProtocol=tcp,FromPort=8081,ToPort=8081,IpRanges=[{CidrIp=10.0.0.0/16}]'\n" +
      "Terraform:\n" +
      '  resource "aws_vpc_security_group_ingress_rule" "orders_mgmt" {\n' +
      "    security_group_id = aws_security_group.orders.id\n" +
      '    ip_protocol       = "tcp"\n' +
      "    from_port         = 8081\n" +
      "    to_port           = 8081\n" +
      '    cidr_ipv4         = "10.0.0.0/16"\n' +
      "  }",
    good:
      "CLI:\n" +
      "  aws ec2 authorize-security-group-ingress --group-id sg-0282b1d9c4e5f6a70 \\\n" +
      "    --ip-permissions 'IpProtocol=tcp,FromPort=8081,ToPort=8081,PrefixListIds=[{PrefixListId=pl-0721453c7ac4ec009}]'\n" +
      "Terraform:\n" +
      '  resource "aws_vpc_security_group_ingress_rule" "orders_health_from_lattice" {\n' +
      "    security_group_id = aws_security_group.orders.id\n" +
      '    ip_protocol       = "tcp"\n' +
      "    from_port         = 8081\n" +
      "    to_port           = 8081\n" +
      "    prefix_list_id    = data.aws_ec2_managed_prefix_list.lattice.id\n" +
      "  }",
  },
  run(topology, context) {
    return blockedTargetSets(topology, {
      family: 4,
      inScope,
      portOf: healthCheckPortOf,
      splitByPort: true,
    }).map(({ members, critical }) => findingFor(topology, context, members, critical));
  },
});
