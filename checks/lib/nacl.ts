/**
 * Network ACL evaluation for TCP traffic to or from one CIDR, as EC2 applies it: the entries of one
 * direction in ascending `ruleNumber`, first match wins, and what no entry matches is denied (the
 * `*` rule, 32767). Port ranges are evaluated as a whole: each port of the range is decided by the
 * first entry that matches it.
 *
 * An entry matches the CIDR when its `cidrBlock` contains it. An entry whose block lies strictly
 * inside the CIDR (it matches part of the addresses only) is ambiguous: it does not decide, and a
 * deny that an ambiguous allow might have pre-empted is not reported as certain.
 */
import type { NetworkAcl, NetworkAclEntry } from "../../src/topology/types.js";
import { cidrCovers, parseCidr } from "./cidr.js";
import { normalizeProtocol } from "./ports.js";

export interface PortRange {
  from: number;
  to: number;
}

/** The ports Lattice's side of a connection uses: return traffic from targets goes there. */
export const EPHEMERAL_PORTS: PortRange = { from: 1024, to: 65535 };

/** The implicit last rule of every network ACL (shown by the API as rule number 32767, `*`). */
export const DEFAULT_RULE_NUMBER = 32767;

export type AddressMatch = "covers" | "partial" | "none";

/** Whether `entry` applies to every address of `cidr` (IPv4 `cidrBlock` only; IPv6 entries never do). */
export function entryAddressMatch(entry: Pick<NetworkAclEntry, "cidrBlock">, cidr: string): AddressMatch {
  if (entry.cidrBlock === undefined) return "none";
  const block = parseCidr(entry.cidrBlock);
  const target = parseCidr(cidr);
  if (!block || !target || block.family !== target.family) return "none";
  if (cidrCovers(block, target)) return "covers";
  if (cidrCovers(target, block)) return "partial";
  return "none";
}

/**
 * The TCP ports an entry applies to, or undefined when it does not apply to TCP (udp, icmp …).
 * Protocol "-1" applies to every port; a TCP entry without `portRange` too.
 */
export function entryTcpPorts(entry: Pick<NetworkAclEntry, "protocol" | "portRange">): PortRange | undefined {
  const protocol = normalizeProtocol(entry.protocol);
  if (protocol === "all") return { from: 0, to: 65535 };
  if (protocol !== "tcp") return undefined;
  const from = entry.portRange?.from;
  const to = entry.portRange?.to;
  if (from === undefined && to === undefined) return { from: 0, to: 65535 };
  return { from: from ?? to!, to: to ?? from! };
}

function intersect(ranges: readonly PortRange[], with_: PortRange): PortRange[] {
  const out: PortRange[] = [];
  for (const r of ranges) {
    const from = Math.max(r.from, with_.from);
    const to = Math.min(r.to, with_.to);
    if (from <= to) out.push({ from, to });
  }
  return out;
}

function subtract(ranges: readonly PortRange[], minus: PortRange): PortRange[] {
  const out: PortRange[] = [];
  for (const r of ranges) {
    if (minus.to < r.from || minus.from > r.to) {
      out.push(r);
      continue;
    }
    if (r.from < minus.from) out.push({ from: r.from, to: minus.from - 1 });
    if (minus.to < r.to) out.push({ from: minus.to + 1, to: r.to });
  }
  return out;
}

function overlaps(a: PortRange, b: PortRange): boolean {
  return a.from <= b.to && b.from <= a.to;
}

export interface NaclDecision extends PortRange {
  action: "allow" | "deny";
  /** The deciding entry; undefined when no entry matched (the implicit default deny). */
  entry?: NetworkAclEntry;
}

export interface NaclEvaluation {
  /** Every port of the query, decided, in port order. */
  decisions: NaclDecision[];
  /** Entries that match only part of the CIDR, with the undecided ports they touched. */
  ambiguous: { entry: NetworkAclEntry; ports: PortRange[] }[];
}

export interface NaclQuery {
  egress: boolean;
  /** The peer: source CIDR for inbound, destination CIDR for outbound. */
  cidr: string;
  ports: PortRange;
}

/** Entries of one direction, by ascending rule number. */
export function orderedEntries(acl: NetworkAcl, egress: boolean): NetworkAclEntry[] {
  return acl.entries.filter((e) => e.egress === egress).sort((a, b) => a.ruleNumber - b.ruleNumber);
}

/** Evaluates TCP traffic of `query` against `acl`. */
export function evaluateNacl(acl: NetworkAcl, query: NaclQuery): NaclEvaluation {
  let undecided: PortRange[] = [{ ...query.ports }];
  const decisions: NaclDecision[] = [];
  const ambiguous: NaclEvaluation["ambiguous"] = [];
  for (const entry of orderedEntries(acl, query.egress)) {
    if (undecided.length === 0) break;
    const ports = entryTcpPorts(entry);
    if (!ports) continue;
    const match = entryAddressMatch(entry, query.cidr);
    if (match === "none") continue;
    const touched = intersect(undecided, ports);
    if (touched.length === 0) continue;
    if (match === "partial") {
      ambiguous.push({ entry, ports: touched });
      continue;
    }
    const action = entry.ruleAction.toLowerCase() === "allow" ? "allow" : "deny";
    for (const range of touched) decisions.push({ ...range, action, entry });
    undecided = subtract(undecided, ports);
  }
  for (const range of undecided) decisions.push({ ...range, action: "deny" });
  decisions.sort((a, b) => a.from - b.from);
  return { decisions, ambiguous };
}

/**
 * The denials of an evaluation that are certain: a deny over ports that an ambiguous allow (an allow
 * for part of the CIDR, earlier in the order) also touched is left out.
 */
export function certainDenials(evaluation: NaclEvaluation): NaclDecision[] {
  const allows = evaluation.ambiguous.filter((a) => a.entry.ruleAction.toLowerCase() === "allow");
  return evaluation.decisions.filter(
    (d) => d.action === "deny" && !allows.some((a) => a.ports.some((p) => overlaps(p, d))),
  );
}

/** `8080`, `1024-65535`. */
export function describePortRange(range: PortRange): string {
  return range.from === range.to ? `${range.from}` : `${range.from}-${range.to}`;
}

/** `rule 90 (deny tcp 1024-65535 to 0.0.0.0/0)`, `the default rule * (deny all traffic)`. */
export function describeEntry(entry: NetworkAclEntry | undefined): string {
  if (!entry || entry.ruleNumber === DEFAULT_RULE_NUMBER) return "the default rule * (deny all traffic)";
  const ports = entryTcpPorts(entry);
  const protocol = normalizeProtocol(entry.protocol);
  const what =
    protocol === "all" ? "all traffic" : `${protocol} ${ports ? describePortRange(ports) : "all ports"}`;
  const peer = entry.cidrBlock ?? entry.ipv6CidrBlock ?? "?";
  return `rule ${entry.ruleNumber} (${entry.ruleAction} ${what} ${entry.egress ? "to" : "from"} ${peer})`;
}

/** An entry as evidence: the fields DescribeNetworkAcls returned, under their API names. */
export function entryEvidence(entry: NetworkAclEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ruleNumber: entry.ruleNumber,
    egress: entry.egress,
    protocol: entry.protocol,
    ruleAction: entry.ruleAction,
  };
  if (entry.cidrBlock !== undefined) out.cidrBlock = entry.cidrBlock;
  if (entry.ipv6CidrBlock !== undefined) out.ipv6CidrBlock = entry.ipv6CidrBlock;
  if (entry.portRange !== undefined) out.portRange = entry.portRange;
  return out;
}

/**
 * A rule number free in `egress`'s direction that sorts before `before` (so a new allow takes effect
 * ahead of the deny): the highest free number ≤ min(before − 1, 100), else any free number below
 * `before`. Undefined when none is free.
 */
export function freeRuleNumber(acl: NetworkAcl, egress: boolean, before: number): number | undefined {
  const used = new Set(acl.entries.filter((e) => e.egress === egress).map((e) => e.ruleNumber));
  const limit = Math.min(before - 1, 32766);
  for (let n = Math.min(limit, 100); n >= 1; n--) if (!used.has(n)) return n;
  for (let n = limit; n > 100; n--) if (!used.has(n)) return n;
  return undefined;
}
