/**
 * gather, access-log entries (issue 17): the failed requests of a window, read back from the
 * destinations of the service's and its networks' access-log subscriptions, grouped while they
 * stream (topology/access-log-groups.ts) so a large window never sits in memory.
 *
 * Destinations (VPC Lattice user guide, "Access logs for Amazon VPC Lattice" → "Access log
 * destinations"; lattice-facts §2.13), told apart by the subscription's destinationArn:
 * - CloudWatch Logs (`arn:aws:logs:<region>:<acct>:log-group:<name>[:*]`, delivered within ~2 min):
 *   FilterLogEvents on the log group, startTime/endTime = the window, a JSON filter pattern on the
 *   status (or the request id) so only matching entries travel, every page until the window ends
 *   or `limit` entries matched. Never Logs Insights: StartQuery is billed by data scanned.
 * - S3 (`arn:aws:s3:::<bucket>[/<prefix>]`, delivered within ~6 min), key layout per the user
 *   guide: `<prefix>/AWSLogs/<acct>/VpcLattice/AccessLogs/<region>/<yyyy>/<mm>/<dd>/<resource-id>/…json.gz`.
 *   ListObjectsV2 under each UTC day of the window (a window across midnight lists two days; the
 *   day after the window's end is listed while delivery may still be writing it), GetObject,
 *   gunzip streamed (node:zlib), one JSON entry per line, entries outside the window dropped. The
 *   guide is not explicit on whether the day folder holds a `<resource-id>/` level (UNVERIFIED),
 *   so both are read: keys directly under the day, and keys under the subscription's resource id
 *   or the service id; keys under another `svc-`/`sn-` id are another subscription's.
 * - Firehose: records cannot be read back (`not-readable`); the caller says where they go.
 *
 * Every call's failure is a ReadFailure of part `accessLogEntries` (the could-not-check finding names the action:
 * logs:FilterLogEvents, s3:ListBucket, s3:GetObject); the rest of the diagnosis stands.
 */
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { S3Client } from "@aws-sdk/client-s3";
import type {
  AccessLogEntry,
  AccessLogSource,
  FailedRequests,
  FailedStatus,
  LogDestinationKind,
} from "../topology/access-log.js";
import { filterPatternFor, matchesStatus, parseAccessLogLine } from "../topology/access-log-entry.js";
import { GroupAccumulator } from "../topology/access-log-groups.js";
import type { AccessLogSubscription, ReadFailure } from "../topology/types.js";
import { fatalErrorOf, toReadFailure } from "./failures.js";
import type { SdkModules } from "./clients.js";

/** Matched entries read at most, across all destinations, unless the caller says otherwise. */
export const DEFAULT_LOG_LIMIT = 5000;
/** Calls per destination at most (FilterLogEvents may answer empty pages while it scans). */
export const MAX_CALLS_PER_SOURCE = 1000;
/** FilterLogEvents events per page (the API's maximum). */
export const LOG_EVENTS_PAGE_SIZE = 10_000;
/** S3 objects written this long after the window's end are not read (delivery takes ~6 min). */
const S3_DELIVERY_SLACK_MS = 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

/** A destination ARN taken apart. */
export type LogDestination =
  | { kind: "cloudwatch-logs"; logGroupName: string; region?: string; accountId?: string }
  | { kind: "s3"; bucket: string; prefix: string }
  | { kind: "firehose"; deliveryStream: string };

/** What a destinationArn names; undefined for anything else. */
export function parseDestination(arn: string | undefined): LogDestination | undefined {
  if (!arn) return undefined;
  const logs = /^arn:[\w-]+:logs:([\w-]*):(\d*):log-group:(.+?)(:\*)?$/.exec(arn);
  if (logs)
    return {
      kind: "cloudwatch-logs",
      logGroupName: logs[3]!,
      region: logs[1] || undefined,
      accountId: logs[2] || undefined,
    };
  const s3 = /^arn:[\w-]+:s3:::([^/]+)\/?(.*)$/.exec(arn);
  if (s3) return { kind: "s3", bucket: s3[1]!, prefix: s3[2]!.replace(/\/+$/, "") };
  const firehose = /^arn:[\w-]+:firehose:[\w-]*:\d*:deliverystream\/(.+)$/.exec(arn);
  if (firehose) return { kind: "firehose", deliveryStream: firehose[1]! };
  return undefined;
}

/** Whether any subscription delivers where its entries can be read back (CloudWatch Logs or S3). */
export function hasReadableAccessLog(subscriptions: readonly AccessLogSubscription[] | undefined): boolean {
  return (subscriptions ?? []).some((s) => {
    const kind = parseDestination(s.destinationArn)?.kind;
    return kind === "cloudwatch-logs" || kind === "s3";
  });
}

/** The SDK clients the reads need, loaded on first use (AwsClients.logs / .s3 fit). */
export interface LogReaders {
  logs?: () => Promise<CloudWatchLogsClient>;
  s3?: () => Promise<S3Client>;
  /** Their paginators and commands, from each client's own module. */
  sdk: Pick<SdkModules, "logs" | "s3">;
}

export interface LogReadProgress {
  destinationArn: string;
  kind: LogDestinationKind;
  /** Calls answered so far for this destination. */
  calls: number;
  scanned: number;
  matched: number;
}

/** What to read: `doctor` passes its signals window; `lattice why` its own flags. */
export interface FailedRequestQuery {
  window: { start: string; end: string };
  status?: FailedStatus;
  /** `--request-id`: the entry with this `requestId` (any status); its group too when it failed. */
  requestId?: string;
  /** Matched entries at most across every destination (default DEFAULT_LOG_LIMIT). */
  limit?: number;
  /** The service asked about: an S3 log filed under its id is read too (a network's subscription). */
  serviceId?: string;
  onProgress?: (progress: LogReadProgress) => void;
}

export interface FailedRequestsRead {
  failedRequests: FailedRequests;
  /** One per failed call, part `accessLogEntries`: add them to the topology's failures. */
  failures: ReadFailure[];
}

/** The shared state of one read: the accumulator, the limit, the request-id lookup. */
class ReadState {
  readonly groups = new GroupAccumulator();
  readonly failures: ReadFailure[] = [];
  entry: AccessLogEntry | undefined;
  matched = 0;
  /** Request ids already counted, when several destinations may log the same request. */
  private readonly seen: Set<string> | undefined;
  readonly start: number;
  readonly end: number;
  readonly limit: number;

  constructor(
    readonly query: FailedRequestQuery,
    dedupe: boolean,
  ) {
    this.start = Date.parse(query.window.start);
    this.end = Date.parse(query.window.end);
    this.limit = Math.max(1, query.limit ?? DEFAULT_LOG_LIMIT);
    this.seen = dedupe ? new Set() : undefined;
  }

  /** True once nothing more is wanted: the limit is reached or the asked request id was found. */
  get done(): boolean {
    return this.matched >= this.limit || (this.query.requestId !== undefined && this.entry !== undefined);
  }

  /** One entry read at `atMs`; returns whether it matched. */
  offer(entry: AccessLogEntry, atMs: number): boolean {
    const { requestId, status } = this.query;
    if (requestId !== undefined) {
      if (entry.requestId !== requestId) return false;
      this.entry ??= entry;
    } else if (!matchesStatus(entry, status)) return false;
    if (this.seen && entry.requestId) {
      if (this.seen.has(entry.requestId)) return false;
      this.seen.add(entry.requestId);
    }
    this.matched++;
    if (matchesStatus(entry, status)) this.groups.add(entry, atMs);
    return true;
  }

  fail(error: unknown, operation: string, service: "logs" | "s3", resource: string): void {
    const fatal = fatalErrorOf(error);
    if (fatal) throw fatal;
    this.failures.push(toReadFailure(error, { part: "accessLogEntries", service, operation, resource }));
  }
}

/** The time of an entry: its startTime, else the fallback (the log event's or the object's). */
function timeOf(entry: AccessLogEntry, fallbackMs: number): number {
  const t = entry.startTime ? Date.parse(entry.startTime) : NaN;
  return Number.isFinite(t) ? t : fallbackMs;
}

// --- CloudWatch Logs -------------------------------------------------------------------------

async function readLogGroup(
  readers: LogReaders,
  state: ReadState,
  source: AccessLogSource,
  logGroupName: string,
): Promise<void> {
  if (!readers.logs) {
    source.status = "failed";
    return;
  }
  try {
    const { paginateFilterLogEvents } = await readers.sdk.logs();
    const client = await readers.logs();
    const pages = paginateFilterLogEvents(
      { client, pageSize: LOG_EVENTS_PAGE_SIZE },
      {
        logGroupName,
        startTime: state.start,
        endTime: state.end,
        filterPattern: filterPatternFor(state.query.status, state.query.requestId),
      },
    );
    let calls = 0;
    for await (const page of pages) {
      calls++;
      const events = page.events ?? [];
      let read = 0;
      for (const event of events) {
        read++;
        const entry = parseAccessLogLine(event.message ?? "");
        if (!entry) continue;
        source.scanned++;
        if (state.offer(entry, timeOf(entry, event.timestamp ?? state.start))) source.matched++;
        if (state.done) break;
      }
      progress(state, source, calls);
      if (state.done || calls >= MAX_CALLS_PER_SOURCE) {
        // Stopped with entries of the window left unread (a found request id is not a truncation).
        const left = read < events.length || Boolean(page.nextToken);
        source.truncated = left && !(state.query.requestId !== undefined && state.entry);
        break;
      }
    }
    source.status = "read";
  } catch (error) {
    source.status = "failed";
    state.fail(error, "FilterLogEvents", "logs", logGroupName);
  }
}

function progress(state: ReadState, source: AccessLogSource, calls: number): void {
  try {
    state.query.onProgress?.({
      destinationArn: source.destinationArn,
      kind: source.kind,
      calls,
      scanned: source.scanned,
      matched: source.matched,
    });
  } catch {
    // a progress view must never break the read
  }
}

// --- S3 --------------------------------------------------------------------------------------

/** `vpc-lattice` ARN → its region and account. */
function regionAndAccountOf(arn: string | undefined): { region?: string; accountId?: string } {
  const m = arn ? /^arn:[\w-]+:vpc-lattice:([\w-]+):(\d{12}):/.exec(arn) : null;
  return m ? { region: m[1], accountId: m[2] } : {};
}

/** `<prefix>/AWSLogs/<acct>/VpcLattice/AccessLogs/<region>/` + `yyyy/mm/dd/` for each day asked. */
export function s3DayPrefixes(
  prefix: string,
  accountId: string,
  region: string,
  window: { start: number; end: number },
): string[] {
  const base = `${prefix ? `${prefix}/` : ""}AWSLogs/${accountId}/VpcLattice/AccessLogs/${region}/`;
  const out: string[] = [];
  const first = Math.floor(window.start / DAY_MS) * DAY_MS;
  // Delivery lags the request by minutes: a request just before midnight may be filed the day after.
  const last = window.end + 10 * 60_000;
  for (let day = first; day < last; day += DAY_MS) {
    const d = new Date(day);
    const mm = String(d.getUTCMonth() + 1).padStart(2, "0");
    const dd = String(d.getUTCDate()).padStart(2, "0");
    out.push(`${base}${d.getUTCFullYear()}/${mm}/${dd}/`);
  }
  return out;
}

/** Whether a key under a day prefix belongs to this subscription (see the module header). */
function ownKey(rest: string, ids: ReadonlySet<string>): boolean {
  const slash = rest.indexOf("/");
  if (slash < 0) return true;
  const folder = rest.slice(0, slash);
  return ids.has(folder) || !/^(svc|sn|rcfg)-[0-9a-z]{17}$/.test(folder);
}

/** The lines of a (gzip) object body, decoded as it streams. */
async function* linesOf(body: Readable, gzip: boolean): AsyncGenerator<string> {
  const stream = gzip ? await gunzipped(body) : body;
  const decoder = new StringDecoder("utf8");
  let rest = "";
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    rest += decoder.write(chunk);
    let newline = rest.indexOf("\n");
    while (newline >= 0) {
      yield rest.slice(0, newline);
      rest = rest.slice(newline + 1);
      newline = rest.indexOf("\n");
    }
  }
  rest += decoder.end();
  if (rest) yield rest;
}

/** node:zlib is loaded only for an S3 object to read: no other run needs it. */
async function gunzipped(body: Readable): Promise<Readable> {
  const [{ pipeline }, { createGunzip }] = await Promise.all([import("node:stream"), import("node:zlib")]);
  return pipeline(body, createGunzip(), () => {});
}

async function readBucket(
  readers: LogReaders,
  state: ReadState,
  source: AccessLogSource,
  subscription: AccessLogSubscription,
  destination: { bucket: string; prefix: string },
  fallback: { region: string; accountId?: string },
): Promise<void> {
  if (!readers.s3) {
    source.status = "failed";
    return;
  }
  const owner = regionAndAccountOf(subscription.arn ?? subscription.resourceArn);
  const accountId = owner.accountId ?? fallback.accountId;
  const region = owner.region ?? fallback.region;
  if (!accountId) {
    source.status = "failed";
    return;
  }
  const ids = new Set([subscription.resourceId, ...(state.query.serviceId ? [state.query.serviceId] : [])]);
  let calls = 0;
  let failed = false;
  let stopped = false;
  let sdk: Awaited<ReturnType<SdkModules["s3"]>>;
  let client: S3Client;
  try {
    sdk = await readers.sdk.s3();
    client = await readers.s3();
  } catch (error) {
    source.status = "failed";
    state.fail(error, "ListObjectsV2", "s3", destination.bucket);
    return;
  }
  const { paginateListObjectsV2, GetObjectCommand } = sdk;
  for (const dayPrefix of s3DayPrefixes(destination.prefix, accountId, region, state)) {
    if (state.done || calls >= MAX_CALLS_PER_SOURCE) {
      stopped = true;
      break;
    }
    const keys: string[] = [];
    try {
      const pages = paginateListObjectsV2({ client }, { Bucket: destination.bucket, Prefix: dayPrefix });
      for await (const page of pages) {
        calls++;
        for (const object of page.Contents ?? []) {
          if (!object.Key || !ownKey(object.Key.slice(dayPrefix.length), ids)) continue;
          const written = object.LastModified ? new Date(object.LastModified).getTime() : undefined;
          // Written before the window began: it cannot hold the window's requests.
          if (written !== undefined && (written < state.start || written > state.end + S3_DELIVERY_SLACK_MS))
            continue;
          keys.push(object.Key);
        }
        if (calls >= MAX_CALLS_PER_SOURCE) {
          stopped = true;
          break;
        }
      }
    } catch (error) {
      failed = true;
      state.fail(error, "ListObjectsV2", "s3", `${destination.bucket}/${dayPrefix}`);
      continue;
    }
    for (const key of keys.sort()) {
      if (state.done || calls >= MAX_CALLS_PER_SOURCE) {
        stopped = true;
        break;
      }
      calls++;
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: destination.bucket, Key: key }));
        const written = out.LastModified ? new Date(out.LastModified).getTime() : state.end;
        for await (const line of linesOf(out.Body as Readable, key.endsWith(".gz"))) {
          const entry = parseAccessLogLine(line);
          if (!entry) continue;
          source.scanned++;
          const at = timeOf(entry, written);
          if (at < state.start || at >= state.end) continue;
          if (state.offer(entry, at)) source.matched++;
          if (state.done) {
            stopped = true;
            break;
          }
        }
      } catch (error) {
        failed = true;
        state.fail(error, "GetObject", "s3", `${destination.bucket}/${key}`);
      }
      progress(state, source, calls);
    }
  }
  const found = state.query.requestId !== undefined && state.entry !== undefined;
  source.truncated = !found && stopped;
  source.status = failed ? "failed" : "read";
}

// --- the read --------------------------------------------------------------------------------

/**
 * Reads the failed requests of `query.window` from every subscription's destination. Never
 * throws for a failed call (it is in `failures`); throws only what must end the run (the
 * read-only guard, unusable credentials).
 */
export async function readFailedRequests(
  readers: LogReaders,
  subscriptions: readonly AccessLogSubscription[],
  query: FailedRequestQuery,
  context: { region: string; accountId?: string },
): Promise<FailedRequestsRead> {
  const parsed = subscriptions
    .map((subscription) => ({ subscription, destination: parseDestination(subscription.destinationArn) }))
    .filter(
      (p): p is { subscription: AccessLogSubscription; destination: LogDestination } =>
        p.destination !== undefined,
    );
  const readable = parsed.filter((p) => p.destination.kind !== "firehose");
  const state = new ReadState(query, readable.length > 1);
  const sources: AccessLogSource[] = parsed.map(({ subscription, destination }) => ({
    subscriptionId: subscription.id,
    resourceId: subscription.resourceId,
    destinationArn: subscription.destinationArn ?? "",
    kind: destination.kind,
    status: destination.kind === "firehose" ? "not-readable" : "read",
    scanned: 0,
    matched: 0,
    truncated: false,
  }));
  // One destination after the other: the limit is shared, and the first ones fill it.
  for (const [i, { subscription, destination }] of parsed.entries()) {
    const source = sources[i]!;
    if (destination.kind === "firehose") continue;
    if (state.done) {
      source.truncated = true;
      continue;
    }
    if (destination.kind === "cloudwatch-logs")
      await readLogGroup(readers, state, source, destination.logGroupName);
    else await readBucket(readers, state, source, subscription, destination, context);
  }
  const failedRequests: FailedRequests = {
    window: { start: query.window.start, end: query.window.end },
    ...(query.status ? { status: query.status } : {}),
    sources,
    groups: state.groups.result(),
    ...(state.entry ? { entry: state.entry } : {}),
    total: state.groups.total,
  };
  return { failedRequests, failures: state.failures };
}
