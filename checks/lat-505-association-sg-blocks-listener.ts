import type { Listener, SecurityGroup, SecurityGroupRule, VpcAssociation } from "../src/topology/types.js";
import { defineCheck, type CheckContext, type Evidence, type FindingDraft } from "./define.js";
import { awsCli, shellQuote } from "./lib/commands.js";
import { describeRulePorts } from "./lib/ports.js";
import { describeRuleSource, isInboundTcpOn, ruleEvidence } from "./lib/security-groups.js";
import { clientAssociationFindings } from "./lib/client-association-sg.js";

interface Blocked {
  association: VpcAssociation;
  groups: SecurityGroup[];
  port: number;
  listeners: Listener[];
}

/** `--ip-permissions` for TCP `port` from the same source as `rule`; undefined if the source is unknown. */
function permissionFrom(rule: SecurityGroupRule, port: number): string | undefined {
  const base = `IpProtocol=tcp,FromPort=${port},ToPort=${port}`;
  if (rule.cidrIpv4) return `${base},IpRanges=[{CidrIp=${rule.cidrIpv4}}]`;
  if (rule.cidrIpv6) return `${base},Ipv6Ranges=[{CidrIpv6=${rule.cidrIpv6}}]`;
  if (rule.prefixListId) return `${base},PrefixListIds=[{PrefixListId=${rule.prefixListId}}]`;
  if (rule.referencedGroupInfo?.groupId)
    return `${base},UserIdGroupPairs=[{GroupId=${rule.referencedGroupInfo.groupId}}]`;
  return undefined;
}

function findingFor(blocked: Blocked, critical: boolean, context: CheckContext): FindingDraft {
  const { association, groups, port, listeners } = blocked;
  const inbound = groups.flatMap((g) => g.rules.filter((r) => !r.isEgress));
  const subject = groups.map((g) => g.groupId).join(", ");
  const elsewhere = [...new Set(inbound.map((r) => `${describeRulePorts(r)} from ${describeRuleSource(r)}`))];
  const listenerText = listeners.map((l) => `${l.name} (${l.protocol}:${l.port})`).join(", ");
  const first = groups[0]!.groupId;
  const permissions = [
    ...new Set(inbound.map((r) => permissionFrom(r, port)).filter((p): p is string => p !== undefined)),
  ];
  const commands: string[] = [];
  if (permissions.length === 0) {
    commands.push(
      awsCli(
        `aws ec2 describe-vpcs --vpc-ids ${association.vpcId} --query 'Vpcs[0].CidrBlockAssociationSet[].CidrBlock'`,
        context,
      ),
    );
    permissions.push(
      `IpProtocol=tcp,FromPort=${port},ToPort=${port},IpRanges=[{CidrIp=<cidr-of-${association.vpcId}>}]`,
    );
  }
  for (const permission of permissions.slice(0, 3)) {
    commands.push(
      awsCli(
        `aws ec2 authorize-security-group-ingress --group-id ${first} --ip-permissions ${shellQuote(permission)}`,
        context,
      ),
    );
  }
  const evidence: Evidence[] = [
    {
      call: "vpc-lattice:GetServiceNetworkVpcAssociation",
      observed: {
        id: association.id,
        serviceNetworkId: association.serviceNetworkId,
        vpcId: association.vpcId,
        status: association.status,
        securityGroupIds: association.securityGroupIds,
      },
    },
    ...groups.map((g) => ({
      call: "ec2:DescribeSecurityGroupRules",
      observed: {
        groupId: g.groupId,
        ...(g.groupName !== undefined ? { groupName: g.groupName } : {}),
        inboundRules: g.rules.filter((r) => !r.isEgress).map(ruleEvidence),
      },
    })),
    {
      call: "vpc-lattice:ListListeners",
      observed: {
        items: listeners.map((l) => ({ id: l.id, name: l.name, protocol: l.protocol, port: l.port })),
      },
    },
  ];
  return {
    severity: critical ? "critical" : "error",
    title:
      `Clients in ${association.vpcId} cannot reach port ${port}: the association's security group${groups.length === 1 ? "" : "s"} ` +
      `${subject} allow${groups.length === 1 ? "s" : ""} no inbound TCP ${port}` +
      (elsewhere.length > 0 ? ` (only ${elsewhere.join(", ")})` : ""),
    detail:
      `The VPC association ${association.id} connects ${association.vpcId} to ${association.serviceNetworkId} through ` +
      `the security group${groups.length === 1 ? "" : "s"} ${subject}. Every request from that VPC to the service ` +
      `network passes them inbound, on the listener port. Listener ${listenerText} uses port ${port}, and no inbound ` +
      `rule admits TCP ${port} from any source, so connections from ${association.vpcId} to it time out. ` +
      (critical
        ? "No other association or endpoint leads clients to the service: every request fails."
        : "Clients that come through other associations or listener ports are not affected."),
    resource: { type: "vpc-association", id: association.id, arn: association.arn },
    evidence,
    fix: {
      summary:
        `Allow inbound TCP ${port} on ${first} from the clients that should call the service (the VPC's CIDR or the ` +
        `clients' security group)${permissions[0]?.includes("<cidr-of-") ? "; fill in the VPC's CIDR from describe-vpcs" : ", like the rules already there for other ports"}.`,
      commands,
    },
    affects: [association.id, association.serviceNetworkId],
  };
}

export default defineCheck({
  code: "LAT-505",
  name: "association-sg-blocks-listener",
  severity: "critical",
  hop: "vpc-association",
  symptoms: ["timeout"],
  lint: {
    judged: "file",
    scope: "service",
    reads: [
      "securityGroup.rules",
      "listener.protocol",
      "listener.port",
      "vpcAssociation.vpc",
      "vpcAssociation.securityGroups",
    ],
  },
  needs: ["vpcAssociations", "securityGroups", "listeners"],
  run(topology, context) {
    const ports = [...new Set(topology.listeners.map((l) => l.port))].sort((a, b) => a - b);
    if (ports.length === 0) return [];
    const active = topology.vpcAssociations.filter((a) => a.status.toUpperCase() === "ACTIVE");
    const blocked: Blocked[] = [];
    // Critical needs proof that no client path is left: every active association evaluated and closed.
    let everyPathClosed = active.length > 0;
    for (const association of active) {
      const ids = association.securityGroupIds;
      if (!ids || ids.length === 0) {
        everyPathClosed = false; // not read, or no security groups (LAT-207): open to the whole VPC
        continue;
      }
      const groups = ids.map((id) => topology.securityGroups[id]);
      if (groups.some((g) => g === undefined)) {
        everyPathClosed = false;
        continue;
      }
      const known = groups as SecurityGroup[];
      for (const port of ports) {
        const open = known.some((g) => g.rules.some((r) => isInboundTcpOn(r, port)));
        if (open) {
          everyPathClosed = false;
          continue;
        }
        blocked.push({
          association,
          groups: known,
          port,
          listeners: topology.listeners.filter((l) => l.port === port),
        });
      }
    }
    const endpoints = topology.vpcEndpointAssociations ?? [];
    if (endpoints.some((e) => (e.state ?? "").toLowerCase() === "available")) everyPathClosed = false;
    // With --from: the client's own association must admit the client itself.
    return [
      ...blocked.map((b) => findingFor(b, everyPathClosed, context)),
      ...clientAssociationFindings(topology, context),
    ];
  },
});
