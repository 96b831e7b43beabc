/**
 * Failed requests read back from a service's VPC Lattice access log (issue 17): the contract between
 * gather (src/aws/gather-logs.ts, which reads CloudWatch Logs / S3 and groups while streaming) and
 * everything after it (the failed-requests check, `lattice why`, render). Plain, JSON-serialisable, no SDK types.
 *
 * Field names are the access log's own, from the VPC Lattice user guide, "Access logs for Amazon VPC
 * Lattice" → "Access log contents" (service log, `VpcLatticeAccessLogs`). A value the log writes as
 * "-" is absent here.
 */

/** One entry of the service access log, the fields the diagnosis reads (as the user guide names them). */
export interface AccessLogEntry {
  startTime?: string;
  requestId?: string;
  responseCode?: number;
  requestMethod?: string;
  requestPath?: string;
  protocol?: string;
  hostHeader?: string;
  /** `Service` | `Network` | `Identity` when an auth policy layer denied the request. */
  authDeniedReason?: string;
  /** TargetConnectionError | TargetProtocolError | TargetDataTimeout | TargetConnectionClosed | ClientConnectionClosed | ClientRateLimited | ClientAccessDenied | ClientProtocolError | ConnectionDurationExceeded | InternalError */
  failureReason?: string;
  /** The caller's principal ARN, `Anonymous` or `Unknown` (`resolvedUser` in older logs). */
  callerPrincipal?: string;
  callerPrincipalOrgID?: string;
  sourceVpcId?: string;
  sourceVpcArn?: string;
  sourceIpPort?: string;
  targetIpPort?: string;
  targetGroupArn?: string;
  serviceArn?: string;
  serviceNetworkArn?: string;
  duration?: number;
  requestToTargetDuration?: number;
  responseFromTargetDuration?: number;
  userAgent?: string;
}

/** `--status`: which failed requests to read. */
export type FailedStatus = "403" | "404" | "5xx" | "timeout";

/** Failed requests that failed the same way, as one row of evidence. */
export interface FailedRequestGroup {
  /** Stable key of the group: status|reason|principal|sourceVpc|target. */
  key: string;
  responseCode: number;
  authDeniedReason?: string;
  failureReason?: string;
  callerPrincipal?: string;
  sourceVpcId?: string;
  /** `ip:port` of the target, when the request reached one. */
  targetIpPort?: string;
  targetGroupArn?: string;
  /** The most frequent request method and path of the group (a sample, not all). */
  requestMethod?: string;
  requestPath?: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** A few `requestId`s, to look up one entry with `--request-id`. */
  sampleRequestIds: string[];
}

/** Where a subscription delivers, and whether it can be read back. */
export type LogDestinationKind = "cloudwatch-logs" | "s3" | "firehose";

/** What was read from one access-log subscription's destination. */
export interface AccessLogSource {
  subscriptionId: string;
  /** `svc-…` / `sn-…` the subscription is on. */
  resourceId: string;
  destinationArn: string;
  kind: LogDestinationKind;
  /**
   * `read`: the window was read (maybe truncated); `failed`: a call failed (see topology failures,
   * part `accessLogEntries`); `not-readable`: Firehose, whose records cannot be read back.
   */
  status: "read" | "failed" | "not-readable";
  /** Entries read from this destination (all statuses), and those that matched the filter. */
  scanned: number;
  matched: number;
  /** True when `--limit` or the page bound stopped the read before the window's end. */
  truncated: boolean;
}

/** The failed requests of the window, grouped; what `doctor` (its failed-requests check) and `why` read. */
export interface FailedRequests {
  window: { start: string; end: string };
  /** The filter applied (absent: every failed request, 4xx/5xx and failureReason set). */
  status?: FailedStatus;
  sources: AccessLogSource[];
  /** Largest count first. */
  groups: FailedRequestGroup[];
  /** `--request-id`: the entry found, if any. */
  entry?: AccessLogEntry;
  /** Failed entries counted across every group. */
  total: number;
}
