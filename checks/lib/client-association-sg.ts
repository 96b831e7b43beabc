/**
 * LAT-505's client variant (with `--from`): the client's VPC association has security groups that
 * open the listener port, but to other sources than the client (its groups, its address, its VPC).
 * When no rule opens the port at all, LAT-505's general case already speaks.
 */
import type { Client, SecurityGroup, SecurityGroupRule, Topology } from "../../src/topology/types.js";
import type { CheckContext, Evidence, FindingDraft } from "../define.js";
import { cidrCovers, cidrCoversAll, parseCidr } from "./cidr.js";
import { clientEvidence, clientPaths, contextFor, listenerPorts } from "./client.js";
import { awsCli, shellQuote } from "./commands.js";
import { describeRulePorts } from "./ports.js";
import { describeRuleSource, isInboundTcpOn, ruleEvidence } from "./security-groups.js";
import { listText } from "./text.js";

type Verdict = "admits" | "might" | "no";

function addresses(client: Client, family: 4 | 6): string[] {
  if (family === 4) return client.privateIpAddress ? [client.privateIpAddress] : [];
  return client.ipv6Addresses ?? [];
}

function vpcCidrs(client: Client, family: 4 | 6): string[] {
  return (client.vpcCidrBlocks ?? []).filter((c) => parseCidr(c)?.family === family);
}

/** Whether an inbound rule admits the client on TCP `port`. */
export function ruleAdmitsClient(rule: SecurityGroupRule, port: number, client: Client): Verdict {
  if (!isInboundTcpOn(rule, port)) return "no";
  const ref = rule.referencedGroupInfo?.groupId;
  if (ref) {
    if (client.securityGroupIds.includes(ref)) return "admits";
    // A VPC as the client stands for any workload in it: some may carry that group.
    return client.kind === "vpc" ? "might" : "no";
  }
  if (rule.prefixListId) return "might"; // a customer prefix list: its entries are not read
  for (const family of [4, 6] as const) {
    const text = family === 4 ? rule.cidrIpv4 : rule.cidrIpv6;
    if (text === undefined) continue;
    const own = addresses(client, family);
    if (own.length > 0) return own.some((a) => cidrCovers(text, a)) ? "admits" : "no";
    const cidrs = vpcCidrs(client, family);
    if (cidrs.length === 0) return "might";
    if (cidrCoversAll(text, cidrs)) return "admits";
    return cidrs.some((c) => cidrCovers(c, text)) ? "might" : "no";
  }
  return "no";
}

function who(client: Client): string {
  const parts: string[] = [];
  if (client.securityGroupIds.length)
    parts.push(
      `its security group${client.securityGroupIds.length === 1 ? "" : "s"} ${listText(client.securityGroupIds)}`,
    );
  if (client.privateIpAddress) parts.push(`its address ${client.privateIpAddress}`);
  if (parts.length === 0 && client.vpcCidrBlocks?.length)
    parts.push(`its VPC's ${listText(client.vpcCidrBlocks)}`);
  return parts.length ? parts.join(" or ") : client.input;
}

export function clientAssociationFindings(topology: Topology, context: CheckContext): FindingDraft[] {
  const client = topology.client;
  if (!client?.vpcId) return [];
  const ports = listenerPorts(topology);
  const paths = clientPaths(topology, client);
  // Another path (an available endpoint) leaves the client a way in.
  const otherWay = paths.endpointsToService.length > 0;
  const out: FindingDraft[] = [];
  for (const association of paths.activeToService) {
    const ids = association.securityGroupIds;
    if (!ids || ids.length === 0) continue; // LAT-207: open to the whole VPC
    const groups = ids.map((id) => topology.securityGroups[id]);
    if (groups.some((g) => g === undefined)) continue;
    const known = groups as SecurityGroup[];
    const inbound = known.flatMap((g) => g.rules.filter((r) => !r.isEgress));
    // LAT-505's general case speaks for associations of the service's networks it read itself.
    const general = topology.vpcAssociations.some(
      (a) => a.id === association.id && a.securityGroupIds?.length,
    );
    const blocked = ports.filter((port) => {
      const open = inbound.filter((r) => isInboundTcpOn(r, port));
      if (open.length === 0) return !general;
      return open.every((r) => ruleAdmitsClient(r, port, client) === "no");
    });
    if (blocked.length === 0) continue;
    const every = blocked.length === ports.length && paths.activeToService.length === 1 && !otherWay;
    const first = known[0]!.groupId;
    const ctx = contextFor(topology, client.ownerAccountId, context);
    const source = client.securityGroupIds[0]
      ? `UserIdGroupPairs=[{GroupId=${client.securityGroupIds[0]}}]`
      : client.privateIpAddress
        ? `IpRanges=[{CidrIp=${client.privateIpAddress}/32}]`
        : `IpRanges=[{CidrIp=${vpcCidrs(client, 4)[0] ?? "<cidr-of-" + client.vpcId + ">"}}]`;
    const allowed = [
      ...new Set(
        inbound
          .filter((r) => blocked.some((p) => isInboundTcpOn(r, p)))
          .map((r) => `${describeRulePorts(r)} from ${describeRuleSource(r)}`),
      ),
    ];
    const evidence: Evidence[] = [
      clientEvidence(client),
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
      ...known.map((g) => ({
        call: "ec2:DescribeSecurityGroupRules",
        observed: {
          groupId: g.groupId,
          ...(g.groupName !== undefined ? { groupName: g.groupName } : {}),
          inboundRules: g.rules.filter((r) => !r.isEgress).map(ruleEvidence),
        },
      })),
    ];
    out.push({
      severity: every ? "critical" : "error",
      hop: "vpc-association",
      title:
        `${client.input} is not admitted by the association's security group${known.length === 1 ? "" : "s"} ` +
        `${listText(known.map((g) => g.groupId))} on port ${listText(blocked.map(String))}: ${allowed.length ? `they allow only ${allowed.join(", ")}` : "they allow no inbound traffic on it"}`,
      detail:
        `${client.input} reaches the service network through ${association.id}, whose security groups every request ` +
        `passes inbound on the listener port. They open ${listText(blocked.map(String))}, but not to ${who(client)}: ` +
        "connections from this client time out while other clients of the VPC may work.",
      resource: { type: "vpc-association", id: association.id, arn: association.arn },
      evidence,
      fix: {
        summary: `Allow inbound TCP ${listText(blocked.map(String))} on ${first} from ${who(client)}.`,
        commands: blocked.map((port) =>
          awsCli(
            `aws ec2 authorize-security-group-ingress --group-id ${first} --ip-permissions ` +
              shellQuote(`IpProtocol=tcp,FromPort=${port},ToPort=${port},${source}`),
            ctx,
          ),
        ),
      },
      affects: [association.id, association.serviceNetworkId, client.input],
    });
  }
  return out;
}
