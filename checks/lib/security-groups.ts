/**
 * "Does this security-group rule admit VPC Lattice on port P?" Lattice reaches targets from the
 * addresses of the region's managed prefix list (com.amazonaws.<region>.vpc-lattice), never from the
 * client's address or security group.
 */
import type { PrefixList, SecurityGroup, SecurityGroupRule } from "../../src/topology/types.js";
import { cidrCovers, cidrCoversAll, isAnyAddress, parseCidr, type AddressFamily } from "./cidr.js";
import { ruleCoversPort } from "./ports.js";

/** How a rule admits Lattice: by the prefix list id, by 0.0.0.0/0, or by a CIDR covering every entry. */
export type LatticeAdmission = "prefix-list" | "anywhere" | "cidr-covers-prefix-list";

/** An inbound rule that opens TCP `port` (whatever its source). */
export function isInboundTcpOn(rule: SecurityGroupRule, port: number): boolean {
  return !rule.isEgress && ruleCoversPort(rule, "tcp", port);
}

/** IPv6 target groups are reached from the ipv6 prefix list, so only `cidrIpv6` rules can cover it. */
function ruleCidr(rule: SecurityGroupRule, family: AddressFamily): string | undefined {
  return family === 4 ? rule.cidrIpv4 : rule.cidrIpv6;
}

/**
 * Whether `rule` admits Lattice traffic on TCP `port`, given the region's Lattice prefix list of
 * `family` (undefined when not known). A rule referencing another security group (the client's)
 * never does.
 */
export function ruleAdmitsLattice(
  rule: SecurityGroupRule,
  port: number,
  prefixList: PrefixList | undefined,
  family: AddressFamily = 4,
): LatticeAdmission | undefined {
  if (!isInboundTcpOn(rule, port)) return undefined;
  if (prefixList && rule.prefixListId === prefixList.prefixListId) return "prefix-list";
  const text = ruleCidr(rule, family);
  if (text !== undefined) {
    const cidr = parseCidr(text);
    if (!cidr || cidr.family !== family) return undefined;
    if (isAnyAddress(cidr)) return "anywhere";
    if (prefixList?.cidrs && cidrCoversAll(cidr, prefixList.cidrs)) return "cidr-covers-prefix-list";
  }
  return undefined;
}

/**
 * Whether `rule` might admit Lattice on `port` though `ruleAdmitsLattice` cannot prove it, because
 * what it would be compared with is unknown: a CIDR of `family` when the prefix list's entries are not
 * known, or any prefix-list reference when the Lattice prefix list itself is not known. Used to stay
 * silent when the evidence is not certain.
 */
export function ruleMightAdmitLattice(
  rule: SecurityGroupRule,
  port: number,
  prefixList: PrefixList | undefined,
  family: AddressFamily = 4,
): boolean {
  if (!isInboundTcpOn(rule, port) || ruleAdmitsLattice(rule, port, prefixList, family)) return false;
  const entriesKnown = !!prefixList?.cidrs && prefixList.cidrs.length > 0;
  const cidr = ruleCidr(rule, family);
  if (cidr !== undefined && !entriesKnown && prefixList?.entriesExcludePrivateIpv4 && isPrivateIpv4(cidr)) {
    // Entries unknown, but not private space (lint: the list is named in a plan or template): it holds
    // link-local and non-routable public addresses (UG, security groups), so 10.20.0.0/16 cannot admit it.
    return false;
  }
  return (cidr !== undefined && !entriesKnown) || (rule.prefixListId !== undefined && !prefixList);
}

/** RFC 1918 and shared address space (100.64.0.0/10). */
const PRIVATE_IPV4 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"];

function isPrivateIpv4(text: string): boolean {
  const cidr = parseCidr(text);
  return !!cidr && cidr.family === 4 && PRIVATE_IPV4.some((range) => cidrCovers(range, cidr));
}

/** The first rule of `groups` that admits Lattice on `port`, with how. */
export function findLatticeAdmission(
  groups: readonly SecurityGroup[],
  port: number,
  prefixList: PrefixList | undefined,
): { rule: SecurityGroupRule; admission: LatticeAdmission } | undefined {
  for (const group of groups) {
    for (const rule of group.rules) {
      const admission = ruleAdmitsLattice(rule, port, prefixList);
      if (admission) return { rule, admission };
    }
  }
  return undefined;
}

/** A rule's source as a person reads it: `10.20.0.0/16`, `pl-…`, `sg-… (security group)`. */
export function describeRuleSource(rule: SecurityGroupRule): string {
  if (rule.cidrIpv4) return rule.cidrIpv4;
  if (rule.cidrIpv6) return rule.cidrIpv6;
  if (rule.prefixListId) return rule.prefixListId;
  if (rule.referencedGroupInfo?.groupId) return `security group ${rule.referencedGroupInfo.groupId}`;
  return "an unknown source";
}

/** The rule as evidence: only the fields DescribeSecurityGroupRules returned, under their API names. */
export function ruleEvidence(rule: SecurityGroupRule): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys: (keyof SecurityGroupRule)[] = [
    "securityGroupRuleId",
    "groupId",
    "isEgress",
    "ipProtocol",
    "fromPort",
    "toPort",
    "cidrIpv4",
    "cidrIpv6",
    "prefixListId",
    "referencedGroupInfo",
    "description",
  ];
  for (const key of keys) if (rule[key] !== undefined) out[key] = rule[key];
  return out;
}
