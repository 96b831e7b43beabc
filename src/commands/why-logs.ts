/**
 * The one seam between the commands and the access-log reader (issue 17): what `doctor` and `why`
 * ask of the window's failed requests. Gather reads them (src/aws/gather-logs.ts, bounded and
 * grouped while streaming) into topology.signals.failedRequests; this narrows what was read to the
 * query (`--status`, `--request-id`) so the commands never depend on how the reader filters.
 */
import type {
  AccessLogEntry,
  FailedRequestGroup,
  FailedRequests,
  FailedStatus,
} from "../topology/access-log.js";
import type { Topology } from "../topology/types.js";
import { matchesStatus } from "../topology/access-log-entry.js";
import { compact } from "../core/util/collections.js";

/** What to read: `--status`, `--request-id`, `--limit` (events at most), `--insights`. */
export interface FailedRequestQuery {
  status?: FailedStatus;
  requestId?: string;
  limit: number;
  insights: boolean;
}

/** `--limit` when not given: the reader's own bound (a few thousand events). */
export { DEFAULT_LOG_LIMIT } from "../aws/gather-logs.js";

function narrowGroups(groups: FailedRequestGroup[], status: FailedStatus | undefined): FailedRequestGroup[] {
  return status ? groups.filter((g) => matchesStatus(g, status)) : groups;
}

function entryGroups(entry: AccessLogEntry | undefined): FailedRequestGroup[] {
  const g = entry ? groupOfEntry(entry) : undefined;
  return g ? [g] : [];
}

function entryMatches(entry: AccessLogEntry | undefined, requestId: string | undefined): boolean {
  return !!entry && requestId !== undefined && entry.requestId === requestId;
}

/** `--request-id`: the one entry as a group of one, so it is explained like any group. */
export function groupOfEntry(entry: AccessLogEntry): FailedRequestGroup | undefined {
  const code = entry.responseCode ?? 0;
  if (code < 400 && !entry.failureReason) return undefined;
  const at = entry.startTime ?? "";
  return compact({
    key: entry.requestId ?? "",
    responseCode: code,
    authDeniedReason: entry.authDeniedReason,
    failureReason: entry.failureReason,
    callerPrincipal: entry.callerPrincipal,
    sourceVpcId: entry.sourceVpcId,
    targetIpPort: entry.targetIpPort,
    targetGroupArn: entry.targetGroupArn,
    requestMethod: entry.requestMethod,
    requestPath: entry.requestPath,
    count: 1,
    firstSeen: at,
    lastSeen: at,
    sampleRequestIds: entry.requestId ? [entry.requestId] : [],
  });
}

/** The failed requests of the window as read, narrowed to the query; undefined when not read. */
export function failedRequestsFor(topology: Topology, query: FailedRequestQuery): FailedRequests | undefined {
  const read = topology.signals?.failedRequests;
  if (!read) return undefined;
  const entry = entryMatches(read.entry, query.requestId) ? read.entry : undefined;
  const byId = query.requestId !== undefined;
  const groups = byId ? entryGroups(entry) : narrowGroups(read.groups, query.status);
  const { entry: _e, ...rest } = read;
  return {
    ...rest,
    ...(query.status ? { status: query.status } : {}),
    groups,
    total: byId ? groups.length : groups.reduce((n, g) => n + g.count, 0),
    ...(entry ? { entry } : {}),
  };
}
