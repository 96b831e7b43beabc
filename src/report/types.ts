/**
 * The result of one diagnosis: exactly the JSON document of ../shared/spec/cli.md (schemaVersion 1).
 * Every renderer (text, JSON, Markdown, the terminal UI) presents this one object.
 */
import type { Finding, Hop, Severity } from "../core/finding.js";
import type { ReportSignals } from "./signals.js";

/** `healthy` only for a complete run; `incomplete` when checks were skipped and nothing reached warning. */
export type Verdict = "blocked" | "degraded" | "at-risk" | "healthy" | "incomplete";
export type FailOn = Severity | "none";

export interface CheckResult {
  code: string;
  /** `not-applicable`: the check needs a flag (`--as`, `--from`, `--error`) the run did not give. */
  status: "pass" | "fail" | "skip" | "not-applicable";
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
    /** Set when the run was a replay of a recording (`--replay`, `--demo`): this is not a live run. */
    replay?: { file: string; recordedAt?: string };
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
  /** Live signals: window, series, alarms, access logs, target health (absent for old recordings). */
  signals?: ReportSignals;
  /** Only with `--as`. */
  auth?: AuthReport;
}

/** With `--as`: the request evaluated and each layer's answer (see src/report/auth.ts). */
export interface AuthReport {
  /** `--as` as given, or the most denied principal of the access log (see inferredFrom). */
  principal: string;
  /** Set when `--as` was not given: the principal is the access log's most denied one (issue 17). */
  inferredFrom?: { source: "access-log"; deniedRequests: number };
  request: {
    action: string;
    resource: string;
    method?: string;
    path?: string;
    port: number;
    protocol?: string;
    listenerId?: string;
    headers: Record<string, string>;
    query: Record<string, string[]>;
    serviceArn: string;
    serviceNetworkArn: string | null;
    sourceVpc: string | null;
    /** Not derivable by lattice doctor: always null. */
    sourceVpcOwnerAccount: null;
    /** Set when the caller was evaluated as someone else (TLS_PASSTHROUGH: anonymous). */
    evaluatedAs?: string;
    /** The condition keys the request was evaluated with (the service layer's; each network adds its own ServiceNetworkArn). */
    context: Record<string, string | number | boolean | string[]>;
    /** Condition keys whose value lattice doctor does not know: policies that depend on them are "unknown". */
    unknown: string[];
    notes: string[];
  };
  layers: {
    layer: "network" | "service";
    id: string;
    name: string;
    authType: string;
    decision: "allowed" | "denied" | "not-evaluated" | "unknown";
    /** The deciding statement: index in the policy's Statement list (0-based) and its Sid. */
    statement?: { index: number; sid?: string };
    reason: string;
  }[];
  identity: {
    decision: "allowed" | "denied" | "not-evaluated" | "unknown";
    /** The user or role simulated with iam:SimulatePrincipalPolicy. */
    principalArn?: string;
    /** `allowed` | `implicitDeny` | `explicitDeny` as IAM answered. */
    evalDecision?: string;
    reason: string;
  };
}
