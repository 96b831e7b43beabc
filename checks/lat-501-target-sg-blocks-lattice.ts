import type {
  PrefixList,
  SecurityGroup,
  SecurityGroupRule,
  Target,
  TargetGroup,
  Topology,
} from "../src/topology/types.js";
import { defineCheck, type CheckContext, type Evidence, type FindingDraft } from "./define.js";
import { awsCli, shellQuote } from "./lib/commands.js";
import { describeRulePorts } from "./lib/ports.js";
import {
  describeRuleSource,
  findLatticeAdmission,
  isInboundTcpOn,
  ruleEvidence,
  ruleMightAdmitLattice,
} from "./lib/security-groups.js";
import { everyRequestReaches, inUseTargetGroups, type InUseTargetGroup } from "./lib/traffic.js";

/** Target groups whose targets Lattice reaches over IPv4 from the prefix list (LAMBDA/ALB: not ours; IPV6: LAT-503). */
function inScope(tg: TargetGroup): boolean {
  const type = tg.type.toUpperCase();
  const family = (tg.ipAddressType ?? "IPV4").toUpperCase();
  return (type === "INSTANCE" || type === "IP") && family === "IPV4";
}

type Verdict = "admitted" | "blocked" | "unknown";

interface Evaluated {
  use: InUseTargetGroup;
  tg: TargetGroup;
  target: Target;
  port: number;
  groups: SecurityGroup[];
  verdict: Verdict;
}

function evaluate(
  topology: Topology,
  use: InUseTargetGroup,
  tg: TargetGroup,
  target: Target,
): Evaluated | undefined {
  const port = target.port ?? tg.port;
  const ids = target.securityGroupIds;
  if (port === undefined || !ids || ids.length === 0) return undefined;
  const groups = ids.map((id) => topology.securityGroups[id]);
  if (groups.some((g) => g === undefined)) return undefined; // a group we could not read might allow it
  const known = groups as SecurityGroup[];
  const prefixList = topology.prefixLists.ipv4;
  let verdict: Verdict = "blocked";
  if (findLatticeAdmission(known, port, prefixList)) verdict = "admitted";
  else if (known.some((g) => g.rules.some((r) => ruleMightAdmitLattice(r, port, prefixList))))
    verdict = "unknown";
  return { use, tg, target, port, groups: known, verdict };
}

function isLatticeListRule(rule: SecurityGroupRule, prefixList: PrefixList | undefined): boolean {
  return !rule.isEgress && !!prefixList && rule.prefixListId === prefixList.prefixListId;
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function titleFor(groups: SecurityGroup[], ports: number[], prefixList: PrefixList | undefined): string {
  const names = groups.map((g) => g.groupId);
  const subject = groups.length === 1 ? names[0]! : list(names);
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
  members: Evaluated[],
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
    `not from the client's address or security group. No inbound rule of ${list(groups.map((g) => g.groupId))} ` +
    `admits those addresses on TCP ${portText}, so Lattice cannot open a connection to ` +
    `${targetCount === 1 ? "the target" : `${targetCount} targets`} of ${list(tgs.map((t) => `${t.name} (${t.id})`))}: ` +
    "requests routed there fail (the client sees a timeout or a 5xx) and their health checks fail too.";
  if (cidrs.length > 0) detail += ` ${list(cidrs)} is not where Lattice traffic comes from.`;
  if (clientGroups.length > 0) {
    detail += ` The rule allowing ${list(clientGroups)} does not match either: traffic from Lattice does not carry the client's security group.`;
  }
  if (!prefixList) {
    detail += ` The Lattice prefix list was not found in ${context.region}, and no rule on the port allows any address range or prefix list that could hold it.`;
  }
  detail += critical
    ? " Every request to the service goes to these targets."
    : " Other routes of the service go elsewhere, so only the requests routed to these targets fail.";

  const evidence: Evidence[] = groups.map((g) => {
    const observed: Record<string, unknown> = { groupId: g.groupId };
    if (g.groupName !== undefined) observed.groupName = g.groupName;
    observed.port = ports.length === 1 ? ports[0] : ports;
    observed.inboundRulesOnPort = g.rules
      .filter((r) => ports.some((p) => isInboundTcpOn(r, p)))
      .map(ruleEvidence);
    const elsewhere = g.rules.filter(
      (r) => isLatticeListRule(r, prefixList) && !ports.some((p) => isInboundTcpOn(r, p)),
    );
    if (elsewhere.length > 0) observed.latticePrefixListRulesOnOtherPorts = elsewhere.map(ruleEvidence);
    const egress = g.rules.filter(
      (r) => r.isEgress && r.prefixListId !== undefined && r.prefixListId === prefixList?.prefixListId,
    );
    if (egress.length > 0) observed.egressRulesToPrefixList = egress.map(ruleEvidence);
    return { call: "ec2:DescribeSecurityGroupRules", observed };
  });
  evidence.push(
    prefixList
      ? {
          call: "ec2:GetManagedPrefixListEntries",
          observed: {
            prefixListId: prefixList.prefixListId,
            prefixListName: prefixList.prefixListName,
            entries: prefixList.cidrs ?? null,
          },
        }
      : {
          call: "ec2:DescribeManagedPrefixLists",
          observed: {
            filters: { "prefix-list-name": `com.amazonaws.${context.region}.vpc-lattice` },
            prefixLists: [],
          },
        },
  );
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
  const plId = prefixList?.prefixListId ?? "<pl-id>";
  const commands: string[] = [];
  if (!prefixList) {
    commands.push(
      awsCli(
        `aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.${context.region}.vpc-lattice`,
        context,
      ),
    );
  }
  for (const port of ports) {
    const permission = `IpProtocol=tcp,FromPort=${port},ToPort=${port},PrefixListIds=[{PrefixListId=${plId},Description="VPC Lattice"}]`;
    commands.push(
      awsCli(
        `aws ec2 authorize-security-group-ingress --group-id ${first} --ip-permissions ${shellQuote(permission)}`,
        context,
      ),
    );
  }

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
    affects: tgs.map((t) => t.id),
  };
}

export default defineCheck({
  code: "LAT-501",
  name: "target-sg-blocks-lattice",
  severity: "critical",
  hop: "targets",
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

    // A target group is proven dead only when every one of its targets was evaluated and is blocked.
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
      const key = [...new Set(b.groups.map((g) => g.groupId))].sort().join("+");
      bySet.set(key, [...(bySet.get(key) ?? []), b]);
    }
    return [...bySet.values()].map((members) =>
      findingFor(topology, context, members, everyRequest && members.some((m) => m.use.receivesTraffic)),
    );
  },
});
