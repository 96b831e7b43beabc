/**
 * Protocol and port-range coverage of security-group rules, as DescribeSecurityGroupRules returns them.
 */
import type { SecurityGroupRule } from "../../src/topology/types.js";

const PROTOCOL_NAMES: Record<string, string> = {
  "-1": "all",
  all: "all",
  "1": "icmp",
  "6": "tcp",
  "17": "udp",
  "58": "icmpv6",
};

/** `"-1"` → `"all"`, `"6"`/`"TCP"` → `"tcp"`, `"17"` → `"udp"`; other values lower-cased as given. */
export function normalizeProtocol(ipProtocol: string): string {
  const lower = ipProtocol.trim().toLowerCase();
  return PROTOCOL_NAMES[lower] ?? lower;
}

export type PortRule = Pick<SecurityGroupRule, "ipProtocol" | "fromPort" | "toPort">;

/**
 * The port range a rule opens, or `"all"`. A rule for all protocols opens every port; `fromPort`/
 * `toPort` of -1 (or absent) mean every port.
 */
export function rulePortRange(rule: PortRule): { from: number; to: number } | "all" {
  if (normalizeProtocol(rule.ipProtocol) === "all") return "all";
  const from = rule.fromPort === -1 ? undefined : rule.fromPort;
  const to = rule.toPort === -1 ? undefined : rule.toPort;
  if (from === undefined && to === undefined) return "all";
  return { from: from ?? to!, to: to ?? from! };
}

/** Does the rule admit `protocol` traffic to `port`? Protocol "-1" admits everything. */
export function ruleCoversPort(rule: PortRule, protocol: "tcp" | "udp", port: number): boolean {
  const ruleProtocol = normalizeProtocol(rule.ipProtocol);
  if (ruleProtocol !== "all" && ruleProtocol !== protocol) return false;
  const range = rulePortRange(rule);
  return range === "all" || (range.from <= port && port <= range.to);
}

/** `tcp 8080`, `tcp 8000-8999`, `all traffic`: how a person reads the rule's protocol and ports. */
export function describeRulePorts(rule: PortRule): string {
  const protocol = normalizeProtocol(rule.ipProtocol);
  if (protocol === "all") return "all traffic";
  const range = rulePortRange(rule);
  if (range === "all") return `${protocol} all ports`;
  return range.from === range.to ? `${protocol} ${range.from}` : `${protocol} ${range.from}-${range.to}`;
}
