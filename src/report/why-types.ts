/**
 * The `lattice why` JSON document (`lattice why --json-schema` prints its schema, src/report/why-schema.ts):
 * the failed requests of the window read back from the access log, grouped, each group with the
 * hop that failed it and the findings of the static diagnosis that explain it (or none).
 */
import type { Hop, Severity } from "../core/finding.js";
import type {
  AccessLogEntry,
  AccessLogSource,
  FailedRequestGroup,
  FailedStatus,
} from "../topology/access-log.js";
import type { Report } from "./types.js";

/** A finding of the diagnosis, as a group or the document refers to it. */
export interface WhyFindingRef {
  rank: number;
  code: string;
  severity: Severity;
  title: string;
  resource: { type: string; id: string };
  /** The finding this one is itself caused by (the chain's next link). */
  causedBy?: string;
}

/** One auth-policy layer's answer for the logged principal, path and method. */
export interface WhyAuthLayer {
  layer: "network" | "service";
  id: string;
  name: string;
  decision: "allowed" | "denied" | "not-evaluated" | "unknown";
  statement?: { index: number; sid?: string };
  reason: string;
}

/** A 403 group with a principal: both layers evaluated for it (what `doctor --as` does). */
export interface WhyAuth {
  principal: string;
  method?: string;
  path?: string;
  sourceVpc?: string;
  layers: WhyAuthLayer[];
  /** The layer the log names (authDeniedReason) and whether the policy as read agrees. */
  deciding?: {
    layer: "network" | "service";
    id: string;
    agrees: boolean;
    statement?: { index: number; sid?: string };
  };
  /** The change that would allow the request (the caller check's fix for that caller and request). */
  fix?: { summary: string; commands: string[] };
}

/** A 5xx / timeout group with a target: the target as the diagnosis read it. */
export interface WhyTarget {
  targetGroupId: string;
  targetGroupName?: string;
  targetIpPort?: string;
  /** The registered target at that address, when one is. */
  targetId?: string;
  health?: { status: string; reasonCode?: string };
  securityGroupIds?: string[];
}

/** A group of failed requests as the access log shows it (its internal `key` left out), explained. */
export interface WhyGroup extends Omit<FailedRequestGroup, "key"> {
  /** Where on the request path it failed, and how, in words. */
  hop: Hop;
  failedAt: string;
  /** The findings that explain the group, most relevant first; empty: none does. */
  explainedBy: WhyFindingRef[];
  auth?: WhyAuth;
  target?: WhyTarget;
}

export interface WhyReport {
  schemaVersion: 1;
  tool: Report["tool"];
  command: "why";
  context: Report["context"];
  target: Report["target"];
  window: { start: string; end: string };
  filter: { status?: FailedStatus; requestId?: string; limit: number };
  /**
   * What was read: `read` (every readable destination answered), `partial` (some failed or were
   * truncated), `not-read` (no readable access log: none, Firehose only, or every read failed).
   */
  logs: { status: "read" | "partial" | "not-read"; sources: AccessLogSource[]; total: number; note?: string };
  groups: WhyGroup[];
  /** `--request-id`: the entry found, or null when the window holds none with that id. */
  entry?: AccessLogEntry | null;
  /** The static diagnosis of the same run (doctor's findings, the failed-requests ones left out: the groups are here). */
  diagnosis: { verdict: Report["verdict"]; complete: boolean; findings: WhyFindingRef[] };
  exitCode: number;
  calls: Report["calls"];
}
