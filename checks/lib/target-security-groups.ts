/**
 * LAT-501, LAT-502 and LAT-503 make one judgement: do the security groups of each target of an in-use
 * target group admit the Lattice prefix list on the port Lattice connects to? They differ only in
 * which target groups, which port and which prefix list, so the judging, grouping and severity live
 * here, and so does what their findings share (`blockedSetFinding`): each check words its own title,
 * detail and evidence.
 */
import type { PrefixList, SecurityGroup, Target, TargetGroup, Topology } from "../../src/topology/types.js";
import type { CheckContext, Evidence, FindingDraft } from "../define.js";
import type { AddressFamily } from "./cidr.js";
import { awsCli, shellQuote } from "./commands.js";
import { isInboundTcpOn, ruleAdmitsLattice, ruleEvidence, ruleMightAdmitLattice } from "./security-groups.js";
import { symptomKey } from "./signals.js";
import { listText } from "./text.js";
import { everyRequestReaches, inUseTargetGroups, type InUseTargetGroup } from "./traffic.js";

export interface BlockedTarget {
  use: InUseTargetGroup;
  tg: TargetGroup;
  target: Target;
  port: number;
  groups: SecurityGroup[];
}

export interface TargetPortQuery {
  family: AddressFamily;
  /** Narrows the INSTANCE and IP target groups of `family` further (LAT-502: those health-checked on a port of their own). */
  inScope?(tg: TargetGroup): boolean;
  /** The port Lattice connects to on `target`; undefined leaves the target unjudged. */
  portOf(tg: TargetGroup, target: Target): number | undefined;
  /** One finding per port rather than per set of groups. */
  splitByPort?: boolean;
}

/** Targets blocked by the same security groups, and whether every request of the service ends there. */
export interface BlockedSet {
  members: BlockedTarget[];
  critical: boolean;
}

export function latticePrefixList(topology: Topology, family: AddressFamily): PrefixList | undefined {
  return family === 4 ? topology.prefixLists.ipv4 : topology.prefixLists.ipv6;
}

export function latticePrefixListName(region: string, family: AddressFamily): string {
  return `com.amazonaws.${region}.${family === 6 ? "ipv6." : ""}vpc-lattice`;
}

/** Undefined when the target names no group, or one we could not read (it might admit the traffic). */
function targetSecurityGroups(topology: Topology, target: Target): SecurityGroup[] | undefined {
  const ids = target.securityGroupIds;
  if (!ids || ids.length === 0) return undefined;
  const groups = ids.map((id) => topology.securityGroups[id]);
  return groups.every((g): g is SecurityGroup => g !== undefined) ? groups : undefined;
}

/**
 * INSTANCE and IP target groups of the address family, which Lattice reaches from the prefix list of
 * that family (LAMBDA and ALB targets are not ours to judge). Only IP target groups take an
 * ipAddressType; without one they are IPV4.
 */
function reachedOver(tg: TargetGroup, family: AddressFamily): boolean {
  const type = tg.type.toUpperCase();
  const tgFamily = (tg.ipAddressType ?? "IPV4").toUpperCase();
  return (type === "INSTANCE" || type === "IP") && tgFamily === (family === 6 ? "IPV6" : "IPV4");
}

export function blockedTargetSets(topology: Topology, query: TargetPortQuery): BlockedSet[] {
  const prefixList = latticePrefixList(topology, query.family);
  const judged: (BlockedTarget & { blocked: boolean })[] = [];
  const unjudgedTgs = new Set<string>();
  for (const use of inUseTargetGroups(topology)) {
    const tg = use.targetGroup;
    if (!tg?.targets || !reachedOver(tg, query.family) || query.inScope?.(tg) === false) continue;
    for (const target of tg.targets) {
      const port = query.portOf(tg, target);
      const groups = port === undefined ? undefined : targetSecurityGroups(topology, target);
      if (port === undefined || !groups) {
        unjudgedTgs.add(tg.id);
        continue;
      }
      // A rule that might admit Lattice (its comparison data unread) keeps the target from being judged blocked.
      const blocked = !groups.some((g) =>
        g.rules.some(
          (r) =>
            ruleAdmitsLattice(r, port, prefixList, query.family) !== undefined ||
            ruleMightAdmitLattice(r, port, prefixList, query.family),
        ),
      );
      judged.push({ use, tg, target, port, groups, blocked });
    }
  }
  const blocked = judged.filter((j) => j.blocked);
  if (blocked.length === 0) return [];

  // A target group is proven dead only when every one of its targets was judged and is blocked.
  const fullyBlocked = new Set(
    blocked
      .map((b) => b.tg.id)
      .filter((id) => !unjudgedTgs.has(id) && judged.every((j) => j.tg.id !== id || j.blocked)),
  );
  const everyRequest = everyRequestReaches(topology, (id) => fullyBlocked.has(id));

  const bySet = new Map<string, BlockedTarget[]>();
  for (const b of blocked) {
    const groupsKey = [...new Set(b.groups.map((g) => g.groupId))].sort().join("+");
    const key = query.splitByPort ? `${groupsKey}:${b.port}` : groupsKey;
    bySet.set(key, [...(bySet.get(key) ?? []), b]);
  }
  return [...bySet.values()].map((members) => ({
    members,
    critical: everyRequest && members.some((m) => m.use.receivesTraffic),
  }));
}

/** DescribeSecurityGroupRules evidence: the group's inbound rules on `ports`. */
export function inboundRulesEvidence(group: SecurityGroup, ports: readonly number[]): Evidence {
  const observed: Record<string, unknown> = { groupId: group.groupId };
  if (group.groupName !== undefined) observed.groupName = group.groupName;
  observed.port = ports.length === 1 ? ports[0] : ports;
  observed.inboundRulesOnPort = group.rules
    .filter((r) => ports.some((p) => isInboundTcpOn(r, p)))
    .map(ruleEvidence);
  return { call: "ec2:DescribeSecurityGroupRules", observed };
}

/** The prefix list's entries, or the lookup that found no such list. */
export function prefixListEvidence(
  prefixList: PrefixList | undefined,
  region: string,
  family: AddressFamily,
): Evidence {
  if (!prefixList) {
    return {
      call: "ec2:DescribeManagedPrefixLists",
      observed: {
        filters: { "prefix-list-name": latticePrefixListName(region, family) },
        prefixLists: [],
      },
    };
  }
  return {
    call: "ec2:GetManagedPrefixListEntries",
    observed: {
      prefixListId: prefixList.prefixListId,
      prefixListName: prefixList.prefixListName,
      entries: prefixList.cidrs ?? null,
    },
  };
}

/** Looks the prefix list up when it is unknown, then allows it by id on each port of `groupId`. */
export function allowPrefixListCommands(
  groupId: string,
  ports: readonly number[],
  prefixList: PrefixList | undefined,
  family: AddressFamily,
  description: string,
  context: CheckContext,
): string[] {
  const commands: string[] = [];
  if (!prefixList) {
    commands.push(
      awsCli(
        `aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=${latticePrefixListName(context.region, family)}`,
        context,
      ),
    );
  }
  for (const port of ports) {
    const permission =
      `IpProtocol=tcp,FromPort=${port},ToPort=${port},PrefixListIds=[{PrefixListId=${prefixList?.prefixListId ?? "<pl-id>"},` +
      `Description="${description}"}]`;
    commands.push(
      awsCli(
        `aws ec2 authorize-security-group-ingress --group-id ${groupId} --ip-permissions ${shellQuote(permission)}`,
        context,
      ),
    );
  }
  return commands;
}

/** The target groups of a blocked set, each once, in the order of its members. */
export function targetGroupsOf(members: readonly BlockedTarget[]): TargetGroup[] {
  return [...new Map(members.map((m) => [m.tg.id, m.tg])).values()];
}

/** `orders (tg-…) and orders-v2 (tg-…)` */
export function targetGroupsText(tgs: readonly TargetGroup[]): string {
  return listText(tgs.map((t) => `${t.name} (${t.id})`));
}

/** The detail's last sentence: whether every request of the service meets these targets. */
export function reachSentence(critical: boolean, onlyThose: string): string {
  return critical
    ? " Every request to the service goes to these targets."
    : ` Other routes of the service go elsewhere, so only the requests routed to these targets ${onlyThose}.`;
}

/** How a check words its finding about a blocked set, and what its fix allows. */
export interface BlockedSetWords {
  title: string;
  detail: string;
  evidence: Evidence[];
  fixSummary: string;
  /** The ports to open on the first group, from the prefix list of `family`, with this rule description. */
  allow: { ports: readonly number[]; family: AddressFamily; description: string };
}

/**
 * The finding about a blocked set: critical when every request meets it, on the first security group,
 * fixed by allowing the prefix list by id; it affects the target groups and what their alarms count
 * when Lattice cannot reach the targets.
 */
export function blockedSetFinding(
  topology: Topology,
  context: CheckContext,
  set: BlockedSet,
  words: BlockedSetWords,
): FindingDraft {
  const first = set.members[0]!.groups[0]!.groupId;
  const { ports, family, description } = words.allow;
  const prefixList = latticePrefixList(topology, family);
  return {
    severity: set.critical ? "critical" : "error",
    title: words.title,
    detail: words.detail,
    resource: { type: "security-group", id: first },
    evidence: words.evidence,
    fix: {
      summary: words.fixSummary,
      commands: allowPrefixListCommands(first, ports, prefixList, family, description, context),
    },
    affects: targetGroupsOf(set.members).flatMap((t) => [
      t.id,
      symptomKey(t.id, "connection"),
      symptomKey(t.id, "5xx"),
    ]),
  };
}
