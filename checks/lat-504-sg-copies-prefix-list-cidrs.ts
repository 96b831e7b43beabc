import type { PrefixList, SecurityGroupRule } from "../src/topology/types.js";
import { defineCheck, type Evidence, type FindingDraft } from "./define.js";
import { cidrCovers } from "./lib/cidr.js";
import { awsCli, shellQuote } from "./lib/commands.js";
import { describeRulePorts, rulePortRange } from "./lib/ports.js";
import { ruleEvidence } from "./lib/security-groups.js";

interface Copy {
  rule: SecurityGroupRule;
  cidr: string;
  prefixList: PrefixList;
}

/** `cidr` is exactly one of the list's entries (same network, same length). */
function isEntry(cidr: string, prefixList: PrefixList | undefined): boolean {
  return !!prefixList?.cidrs?.some((entry) => cidrCovers(entry, cidr) && cidrCovers(cidr, entry));
}

function copyOf(rule: SecurityGroupRule, lists: { ipv4?: PrefixList; ipv6?: PrefixList }): Copy | undefined {
  if (rule.isEgress) return undefined;
  if (rule.cidrIpv4 !== undefined && isEntry(rule.cidrIpv4, lists.ipv4))
    return { rule, cidr: rule.cidrIpv4, prefixList: lists.ipv4! };
  if (rule.cidrIpv6 !== undefined && isEntry(rule.cidrIpv6, lists.ipv6))
    return { rule, cidr: rule.cidrIpv6, prefixList: lists.ipv6! };
  return undefined;
}

/** The `--ip-permissions` of the replacement rule: same protocol and ports, the prefix list as source. */
function replacement(copy: Copy): string {
  const range = rulePortRange(copy.rule);
  const protocol = copy.rule.ipProtocol;
  const ports = range === "all" ? "" : `,FromPort=${range.from},ToPort=${range.to}`;
  return `IpProtocol=${protocol}${ports},PrefixListIds=[{PrefixListId=${copy.prefixList.prefixListId},Description="VPC Lattice"}]`;
}

export default defineCheck({
  code: "LAT-504",
  name: "sg-copies-prefix-list-cidrs",
  severity: "warning",
  hop: "targets",
  symptoms: ["timeout"],
  lint: {
    judged: "file",
    scope: "any",
    reads: ["securityGroup.rules", "targetGroup.targets", "targetGroup.config"],
  },
  needs: ["targetGroups", "targets", "targetNetwork", "securityGroups", "prefixLists"],
  run(topology, context) {
    // Security groups of the targets, with the target groups whose targets use them.
    const tgsByGroup = new Map<string, Set<string>>();
    for (const tg of Object.values(topology.targetGroups)) {
      for (const target of tg.targets ?? []) {
        for (const id of target.securityGroupIds ?? []) {
          tgsByGroup.set(id, (tgsByGroup.get(id) ?? new Set()).add(tg.id));
        }
      }
    }
    const findings: FindingDraft[] = [];
    for (const [groupId, tgIds] of tgsByGroup) {
      const group = topology.securityGroups[groupId];
      if (!group) continue;
      const copies = group.rules
        .map((r) => copyOf(r, topology.prefixLists))
        .filter((c): c is Copy => c !== undefined);
      if (copies.length === 0) continue;
      const lists = [...new Map(copies.map((c) => [c.prefixList.prefixListId, c.prefixList])).values()];
      const evidence: Evidence[] = [
        {
          call: "ec2:DescribeSecurityGroupRules",
          observed: {
            groupId,
            ...(group.groupName !== undefined ? { groupName: group.groupName } : {}),
            rulesCopyingPrefixListEntries: copies.map((c) => ruleEvidence(c.rule)),
          },
        },
        ...lists.map((pl) => ({
          call: "ec2:GetManagedPrefixListEntries",
          observed: {
            prefixListId: pl.prefixListId,
            prefixListName: pl.prefixListName,
            entries: pl.cidrs ?? null,
          },
        })),
      ];
      const commands: string[] = [];
      for (const copy of copies) {
        commands.push(
          awsCli(
            `aws ec2 authorize-security-group-ingress --group-id ${groupId} --ip-permissions ${shellQuote(replacement(copy))}`,
            context,
          ),
        );
      }
      const ruleIds = copies
        .map((c) => c.rule.securityGroupRuleId)
        .filter((id): id is string => id !== undefined);
      if (ruleIds.length > 0) {
        commands.push(
          awsCli(
            `aws ec2 revoke-security-group-ingress --group-id ${groupId} --security-group-rule-ids ${ruleIds.join(" ")}`,
            context,
          ),
        );
      }
      const what = copies.map((c) => `${c.cidr} (${describeRulePorts(c.rule)})`);
      findings.push({
        title:
          `${groupId} allows ${[...new Set(copies.map((c) => c.cidr))].join(", ")} literally instead of the prefix list ` +
          `${lists.map((l) => l.prefixListId).join(", ")}: it breaks when AWS changes the list`,
        detail:
          `${groupId} admits ${what.join(", ")}, which ${copies.length === 1 ? "is an entry" : "are entries"} of ` +
          `${lists.map((l) => `${l.prefixListName} (${l.prefixListId})`).join(" and ")}, copied by value. It works ` +
          "today. The prefix list is managed by AWS and its entries can change; when they do, this rule stops matching " +
          "Lattice traffic and requests and health checks to the targets fail without any change on your side. " +
          "Reference the prefix list id instead.",
        resource: { type: "security-group", id: groupId },
        evidence,
        fix: {
          summary:
            `Add the same rule${copies.length === 1 ? "" : "s"} with the prefix list id as source, then revoke the ` +
            `CIDR rule${copies.length === 1 ? "" : "s"}${ruleIds.length < copies.length ? " (find their ids with describe-security-group-rules)" : ""}.`,
          commands,
        },
        affects: [...tgIds],
      });
    }
    return findings;
  },
});
