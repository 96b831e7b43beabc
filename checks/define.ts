/**
 * The shape of a check (one module per finding code, like an ESLint rule: metadata + one pure
 * function) and of the findings it returns. Checks import nothing but this file, the topology
 * types and small pure helpers: no SDK, no I/O, no clock.
 */
import type { Topology, TopologyPart } from "../src/topology/types.js";
import type { AuthRequest } from "../src/policy/lattice.js";
import type { ErrorTextMatch } from "../src/policy/error-text.js";

export type Severity = "critical" | "error" | "warning" | "info";
export const SEVERITIES: readonly Severity[] = ["critical", "error", "warning", "info"];

/** Hops of the request path, from the client inwards. Ranking uses this order. */
export type Hop =
  | "client"
  | "vpc-association"
  | "service-network"
  | "service-association"
  | "service"
  | "listener"
  | "rule"
  | "target-group"
  | "targets"
  | "diagnosis";
export const HOPS: readonly Hop[] = [
  "client",
  "vpc-association",
  "service-network",
  "service-association",
  "service",
  "listener",
  "rule",
  "target-group",
  "targets",
  "diagnosis",
];

export interface Evidence {
  /** The API call that showed it, e.g. `vpc-lattice:GetService`, `ec2:DescribeSecurityGroupRules`. */
  call: string;
  /** The fields and values observed, named as the API names them. */
  observed: Record<string, unknown>;
}

export interface FindingResource {
  type: string;
  id: string;
  arn?: string;
}

/** What a check returns. The engine adds name, docs and rank from the metadata. */
export interface FindingDraft {
  /** Severity this finding's evidence proves; defaults to the check's default severity. */
  severity?: Severity;
  /** Overrides the check's hop (e.g. LAT-401 on the network rather than the service). */
  hop?: Hop;
  title: string;
  detail: string;
  resource: FindingResource;
  evidence: Evidence[];
  fix: { summary: string; commands: string[] };
  /**
   * Ids of the resources this finding affects (target group ids, network ids …). Ranking uses
   * it to link causes to effects (LAT-501 on sg-… → LAT-301 on tg-… when both name tg-…).
   * Not part of the JSON contract.
   */
  affects?: string[];
}

export interface Finding {
  rank: number;
  code: string;
  name: string;
  severity: Severity;
  hop: Hop;
  title: string;
  detail: string;
  resource: FindingResource;
  evidence: Evidence[];
  fix: { summary: string; commands: string[] };
  docs: string;
  causedBy?: string;
  suppressed?: { by: string; reason: string };
  affects?: string[];
}

/** What a check may know about the run besides the topology: used to fill in fix commands. */
export interface CheckContext {
  region: string;
  profile?: string;
  /**
   * Code → the parts each registered check needs, with every part those hang off (filled by the
   * engine, src/topology/unread.ts). LAT-901 uses it to name the checks a failed read skipped.
   */
  checkNeeds?: Record<string, TopologyPart[]>;
  /** `--from` as given (the client may still not have been resolved: see topology.client). */
  from?: string;
  /** With `--as`: the caller and the request whose authorization is evaluated (LAT-403, LAT-409). */
  auth?: AuthRequest;
  /**
   * `--error "<text>"`: what the client saw, and its cause when the text is one the mapping knows
   * (src/policy/error-text.ts). LAT-410 reads it; absent without --error.
   */
  pastedError?: { text: string; match?: ErrorTextMatch };
}

export interface Explanation {
  /** One line: what the code means. */
  summary: string;
  /** Why it breaks traffic. */
  why: string;
  /** How to fix it. */
  fix: string;
  /** A bad configuration (CLI and/or Terraform). */
  bad: string;
  /** The good configuration (CLI and/or Terraform). */
  good: string;
}

/** `--logs`: the access log's failed requests were read (not with `--no-logs`, issue 17). */
export type CheckRequirement = "--as" | "--from" | "--error" | "--logs";

export interface CheckMeta {
  code: string;
  name: string;
  severity: Severity;
  hop: Hop;
  /**
   * Parts of the topology the check reads: the engine skips it when one could not be read, or one
   * upstream of it (no listeners read → no target groups known: src/topology/unread.ts).
   */
  needs: TopologyPart[];
  /**
   * Parts the check also reads when they were read, for findings that do not rest on them: LAT-401
   * judges the service's own auth policy whatever became of the networks'. When one of these is
   * unread the check still runs and what it finds stands, but it cannot pass: with no finding it is
   * skipped. A check may list a part here only if an unread one (an empty list or record, a missing
   * entry) makes it find nothing rather than something.
   */
  partlyNeeds?: TopologyPart[];
  /**
   * The flag without which the check has nothing to judge (`--as` caller, `--from` client, `--error`
   * text). Without it the engine does not run the check and reports it `not-applicable` (neither
   * passed nor skipped): a run without `--as` is not incomplete, nor did it judge the caller.
   */
  requires?: CheckRequirement;
  explain: Explanation;
}

export interface Check extends CheckMeta {
  run(topology: Topology, context: CheckContext): FindingDraft[];
}

export function defineCheck(check: Check): Check {
  return check;
}
