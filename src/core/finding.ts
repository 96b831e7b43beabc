/**
 * The vocabulary every layer shares: severities, the hops of the request path, evidence, and the
 * findings checks return and reports carry. It lives here, not in checks/, so that src/ and checks/
 * both import it and neither imports the other's modules for a type.
 */

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
  /** Overrides the check's hop (e.g. an auth finding on the network rather than the service). */
  hop?: Hop;
  title: string;
  detail: string;
  resource: FindingResource;
  evidence: Evidence[];
  fix: { summary: string; commands: string[] };
  /**
   * Ids of the resources this finding affects (target group ids, network ids …). Ranking uses
   * it to link causes to effects (a security-group finding on sg-… → unhealthy targets on
   * tg-… when both name tg-…).
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
