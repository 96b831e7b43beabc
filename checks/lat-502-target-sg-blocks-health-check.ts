import type { SecurityGroup, Target, TargetGroup, Topology } from "../src/topology/types.js";
import { defineCheck, type CheckContext, type Evidence, type FindingDraft } from "./define.js";
import { awsCli, shellQuote } from "./lib/commands.js";
import {
  explicitHealthCheckPort,
  getTargetGroupEvidence,
  healthChecksOn,
  isUnhealthy,
  listTargetsEvidence,
  trafficPort,
} from "./lib/health.js";
import {
  describeRuleSource,
  findLatticeAdmission,
  isInboundTcpOn,
  ruleEvidence,
  ruleMightAdmitLattice,
} from "./lib/security-groups.js";
import { everyRequestReaches, inUseTargetGroups, type InUseTargetGroup } from "./lib/traffic.js";

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

interface Evaluated {
  use: InUseTargetGroup;
  tg: TargetGroup;
  target: Target;
  port: number;
  groups: SecurityGroup[];
  verdict: "admitted" | "blocked" | "unknown";
}

/** Undefined when the target's health check uses its traffic port, or its groups are not known. */
function evaluate(
  topology: Topology,
  use: InUseTargetGroup,
  tg: TargetGroup,
  target: Target,
): Evaluated | undefined {
  const port = explicitHealthCheckPort(tg.healthCheck)!;
  const traffic = trafficPort(tg, target);
  if (traffic === port) return undefined;
  const ids = target.securityGroupIds;
  if (!ids || ids.length === 0) return undefined;
  const groups = ids.map((id) => topology.securityGroups[id]);
  if (groups.some((g) => g === undefined)) return undefined;
  const known = groups as SecurityGroup[];
  const prefixList = topology.prefixLists.ipv4;
  let verdict: Evaluated["verdict"] = "blocked";
  if (findLatticeAdmission(known, port, prefixList)) verdict = "admitted";
  else if (known.some((g) => g.rules.some((r) => ruleMightAdmitLattice(r, port, prefixList))))
    verdict = "unknown";
  return { use, tg, target, port, groups: known, verdict };
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function findingFor(
  topology: Topology,
  context: CheckContext,
  members: Evaluated[],
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
  const subject = list(groups.map((g) => g.groupId));
  const allows = groups.length === 1 ? "allows" : "allow";
  const title =
    `Health checks on port ${port} never reach the targets: ${subject} ${allows} ` +
    (sources.length > 0 ? `${port} only from ${sources.join(", ")}` : `no inbound traffic on ${port}`);

  let detail =
    `The health check of ${list(tgs.map((t) => `${t.name} (${t.id})`))} probes port ${port}, not the traffic port ` +
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

  const evidence: Evidence[] = groups.map((g) => ({
    call: "ec2:DescribeSecurityGroupRules",
    observed: {
      groupId: g.groupId,
      ...(g.groupName !== undefined ? { groupName: g.groupName } : {}),
      port,
      inboundRulesOnPort: g.rules.filter((r) => isInboundTcpOn(r, port)).map(ruleEvidence),
    },
  }));
  for (const tg of tgs) {
    evidence.push(getTargetGroupEvidence(tg));
    evidence.push(
      listTargetsEvidence(
        tg,
        members.filter((m) => m.tg.id === tg.id).map((m) => m.target),
      ),
    );
  }
  if (prefixList) {
    evidence.push({
      call: "ec2:GetManagedPrefixListEntries",
      observed: {
        prefixListId: prefixList.prefixListId,
        prefixListName: prefixList.prefixListName,
        entries: prefixList.cidrs ?? null,
      },
    });
  }

  const first = groups[0]!.groupId;
  const commands: string[] = [];
  if (!prefixList) {
    commands.push(
      awsCli(
        `aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.${context.region}.vpc-lattice`,
        context,
      ),
    );
  }
  const permission =
    `IpProtocol=tcp,FromPort=${port},ToPort=${port},PrefixListIds=[{PrefixListId=${prefixList?.prefixListId ?? "<pl-id>"},` +
    `Description="VPC Lattice health checks"}]`;
  commands.push(
    awsCli(
      `aws ec2 authorize-security-group-ingress --group-id ${first} --ip-permissions ${shellQuote(permission)}`,
      context,
    ),
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
    affects: tgs.map((t) => t.id),
  };
}

export default defineCheck({
  code: "LAT-502",
  name: "target-sg-blocks-health-check",
  severity: "critical",
  hop: "targets",
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
    const evaluated: Evaluated[] = [];
    const unevaluatedTgs = new Set<string>();
    for (const use of inUseTargetGroups(topology)) {
      const tg = use.targetGroup;
      if (!tg?.targets || !inScope(tg)) continue;
      for (const target of tg.targets) {
        const result = evaluate(topology, use, tg, target);
        if (result) evaluated.push(result);
        else unevaluatedTgs.add(tg.id);
      }
    }
    const blocked = evaluated.filter((e) => e.verdict === "blocked");
    if (blocked.length === 0) return [];
    const fullyBlocked = new Set(
      blocked
        .map((b) => b.tg.id)
        .filter(
          (id) =>
            !unevaluatedTgs.has(id) && evaluated.every((e) => e.tg.id !== id || e.verdict === "blocked"),
        ),
    );
    const everyRequest = everyRequestReaches(topology, (id) => fullyBlocked.has(id));
    const bySet = new Map<string, Evaluated[]>();
    for (const b of blocked) {
      const key = `${[...new Set(b.groups.map((g) => g.groupId))].sort().join("+")}:${b.port}`;
      bySet.set(key, [...(bySet.get(key) ?? []), b]);
    }
    return [...bySet.values()].map((members) =>
      findingFor(topology, context, members, everyRequest && members.some((m) => m.use.receivesTraffic)),
    );
  },
});
