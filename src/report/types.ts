/**
 * The result of one diagnosis: exactly the JSON document of ../shared/spec/cli.md (schemaVersion 1).
 * Every renderer (text, JSON, Markdown, the terminal UI) presents this one object.
 */
import type { Finding, Hop, Severity } from "../../checks/define.js";

export type Verdict = "blocked" | "degraded" | "at-risk" | "healthy";
export type FailOn = Severity | "none";

export interface CheckResult {
  code: string;
  status: "pass" | "fail" | "skip";
  reason?: string;
  /** With -v: how long the check took. Not in the JSON contract's required keys. */
  durationMs?: number;
}

export interface TraceHop {
  hop: Hop | string;
  status: "ok" | "fail" | "warn" | "unknown";
  resource: string;
  codes?: string[];
  /** The accounts that own the hop's resources (from their ARNs). */
  ownerAccountIds?: string[];
  /** The credentials (context.readers labels) that read the hop; only in runs with several. */
  readBy?: string[];
}

export interface Report {
  schemaVersion: 1;
  tool: { name: "lattice-doctor"; version: string };
  context: {
    region: string;
    accountId?: string;
    callerArn?: string;
    profile?: string;
    endpoints: Record<string, string>;
    /** The credentials that read the path, when more than the run's own were given. */
    readers?: { label: string; accountId?: string; callerArn?: string }[];
    /** The `--from` client as resolved. */
    client?: {
      input: string;
      kind: string;
      vpcId?: string;
      ownerAccountId?: string;
      subnetId?: string;
      securityGroupIds: string[];
      privateIpAddress?: string;
      readBy?: string;
    };
  };
  target: { input: string; id: string; arn?: string; name?: string };
  verdict: Verdict;
  complete: boolean;
  exitCode: number;
  summary: {
    critical: number;
    error: number;
    warning: number;
    info: number;
    passed: number;
    skipped: number;
  };
  findings: Finding[];
  checks: CheckResult[];
  trace: TraceHop[];
  calls: { total: number; failed: number; durationMs: number };
}
