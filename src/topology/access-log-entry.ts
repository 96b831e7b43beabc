/**
 * One line of a VPC Lattice service access log → an AccessLogEntry, and whether it is a failed
 * request the run asked for (`--status`). Pure: no SDK, no clock.
 *
 * The line is the JSON object the VPC Lattice user guide describes ("Access logs for Amazon VPC
 * Lattice" → "Access log contents", `VpcLatticeAccessLogs`). The guide writes an absent value as
 * "-" and some examples show numbers as strings, older logs name the caller `resolvedUser`
 * instead of `callerPrincipal` (lattice-facts §access logs): all three are tolerated here.
 * Hand-written rather than a schema validator because the rules are exactly these three and a
 * malformed line must be skipped, not reported.
 */
import type { AccessLogEntry, FailedStatus } from "./access-log.js";

const STRING_FIELDS = [
  "startTime",
  "requestId",
  "requestMethod",
  "requestPath",
  "protocol",
  "hostHeader",
  "authDeniedReason",
  "failureReason",
  "callerPrincipal",
  "callerPrincipalOrgID",
  "sourceVpcId",
  "sourceVpcArn",
  "sourceIpPort",
  "targetIpPort",
  "targetGroupArn",
  "serviceArn",
  "serviceNetworkArn",
  "userAgent",
] as const;

const NUMBER_FIELDS = [
  "responseCode",
  "duration",
  "requestToTargetDuration",
  "responseFromTargetDuration",
] as const;

/** A value the log means as absent: missing, null, empty or "-". */
function present(value: unknown): value is string | number | boolean {
  return value !== undefined && value !== null && value !== "" && value !== "-";
}

function asString(value: unknown): string | undefined {
  if (!present(value)) return undefined;
  return typeof value === "string" ? value : String(value);
}

function asNumber(value: unknown): number | undefined {
  if (!present(value)) return undefined;
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** `vpc-…` from `arn:aws:ec2:<region>:<acct>:vpc/vpc-…`. */
function vpcIdOfArn(arn: string | undefined): string | undefined {
  return arn ? /:vpc\/(vpc-[0-9a-f]+)$/.exec(arn)?.[1] : undefined;
}

/** Parses one log line; undefined when it is not a JSON object. */
export function parseAccessLogLine(line: string): AccessLogEntry | undefined {
  const text = line.trim();
  if (!text.startsWith("{")) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return undefined;
  return toAccessLogEntry(raw as Record<string, unknown>);
}

/** An already-parsed log object → AccessLogEntry. */
export function toAccessLogEntry(raw: Record<string, unknown>): AccessLogEntry {
  const entry: AccessLogEntry = {};
  for (const field of STRING_FIELDS) {
    const value = asString(raw[field]);
    if (value !== undefined) entry[field] = value;
  }
  for (const field of NUMBER_FIELDS) {
    const value = asNumber(raw[field]);
    if (value !== undefined) entry[field] = value;
  }
  if (entry.callerPrincipal === undefined) {
    const resolved = asString(raw.resolvedUser);
    if (resolved !== undefined) entry.callerPrincipal = resolved;
  }
  if (entry.sourceVpcId === undefined) {
    const vpc = vpcIdOfArn(entry.sourceVpcArn);
    if (vpc) entry.sourceVpcId = vpc;
  }
  return entry;
}

/** failureReasons that mean the request ran out of time. */
const TIMEOUT_REASONS = new Set(["TargetDataTimeout", "ConnectionDurationExceeded"]);

/**
 * Whether an entry is a failed request of the kind asked for. Without a status: every failed
 * request (a 4xx/5xx response, or a failureReason set).
 */
export function matchesStatus(entry: AccessLogEntry, status: FailedStatus | undefined): boolean {
  const code = entry.responseCode;
  switch (status) {
    case "403":
      return code === 403;
    case "404":
      return code === 404;
    case "5xx":
      return code !== undefined && code >= 500 && code <= 599;
    case "timeout":
      return code === 504 || (entry.failureReason !== undefined && TIMEOUT_REASONS.has(entry.failureReason));
    default:
      return (code !== undefined && code >= 400) || entry.failureReason !== undefined;
  }
}

/** JSON-escaped text for a quoted value in a CloudWatch Logs filter pattern. */
function quoted(value: string): string {
  return JSON.stringify(value);
}

/**
 * The CloudWatch Logs filter pattern (JSON syntax) that pre-selects the entries asked for on the
 * server, so only they travel. It is a superset: matchesStatus decides on each entry (a log that
 * writes responseCode as a string is not matched by a numeric comparison, so when nothing narrows
 * the read no pattern would be safer; the service's own log writes numbers).
 */
export function filterPatternFor(status: FailedStatus | undefined, requestId?: string): string {
  if (requestId !== undefined) return `{ $.requestId = ${quoted(requestId)} }`;
  switch (status) {
    case "403":
      return "{ $.responseCode = 403 }";
    case "404":
      return "{ $.responseCode = 404 }";
    case "5xx":
      return "{ $.responseCode >= 500 }";
    case "timeout":
      return '{ ($.responseCode = 504) || ($.failureReason = "TargetDataTimeout") || ($.failureReason = "ConnectionDurationExceeded") }';
    default:
      // A failure may log no response code (the client closed first): the reasons match those.
      return '{ ($.responseCode >= 400) || ($.failureReason = "Target*") || ($.failureReason = "Client*") || ($.failureReason = "ConnectionDurationExceeded") || ($.failureReason = "InternalError") }';
  }
}
