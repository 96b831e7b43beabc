/**
 * Simulated access-log destinations (issue 17): CloudWatch Logs log groups answering
 * FilterLogEvents and S3 buckets answering ListObjectsV2 / GetObject, the way the services do,
 * for tests (through the wire server or as a replayer) and the logs benchmark.
 *
 * - FilterLogEvents: events in timestamp order, startTime inclusive / endTime exclusive; the JSON
 *   filter pattern is evaluated (the subset the tool sends: `{ $.f op value }` terms joined by
 *   `||`, ops = != >= <= > <, numbers or quoted strings with a trailing `*` wildcard; any other
 *   pattern is an InvalidParameterException, so a pattern the tool should not send fails loudly);
 *   a page holds at most `limit` (≤ 10,000) events or 1 MB of messages, `nextToken` otherwise.
 * - ListObjectsV2: keys in UTF-8 order under `Prefix`, `MaxKeys` (default 1000),
 *   `ContinuationToken` / `NextContinuationToken`, `KeyCount`, `IsTruncated`.
 * - GetObject: the object's bytes as the recording holds a body (`{ $base64 }`), `LastModified`.
 * - `deny`: `service:Operation` answered AccessDenied (403), as a missing permission is.
 *
 * A log group may be given lazily (`count` + `event(i)`) so a benchmark of 100,000 events does not
 * hold them in the same process it measures.
 */
import { gzipSync } from "node:zlib";
import { ReplayedServiceError, type CallAnswerer } from "../src/aws/recording.js";

export interface FakeLogEvent {
  timestamp: number;
  message: string;
}

export interface FakeLogGroup {
  count: number;
  /** The i-th event, timestamps non-decreasing in i. */
  event(i: number): FakeLogEvent;
}

export interface FakeObject {
  key: string;
  lastModified: string;
  body: Uint8Array;
}

export interface FakeLogsData {
  logGroups?: Record<string, FakeLogGroup | FakeLogEvent[]>;
  buckets?: Record<string, FakeObject[]>;
  /** `logs:FilterLogEvents`, `s3:ListObjectsV2`, `s3:GetObject` answered AccessDenied. */
  deny?: string[];
}

const PAGE_BYTES = 1_048_576;

function denied(message: string, name: string): ReplayedServiceError {
  return new ReplayedServiceError({ name, message, httpStatusCode: 403, fault: "client" });
}

function invalid(message: string, name = "InvalidParameterException"): ReplayedServiceError {
  return new ReplayedServiceError({ name, message, httpStatusCode: 400, fault: "client" });
}

type Term = { path: string[]; op: string; value: number | string };

/** `{ ($.a >= 400) || ($.b = "x*") }` → terms (OR). */
export function parseFilterPattern(pattern: string): Term[] {
  const body = /^\{\s*(.*?)\s*\}$/.exec(pattern.trim())?.[1];
  if (!body) throw invalid(`Invalid filter pattern: ${pattern}`);
  return body.split("||").map((part) => {
    const m = /^\(?\s*\$\.([\w.]+)\s*(!=|>=|<=|=|>|<)\s*(-?\d+(?:\.\d+)?|"(?:[^"\\]|\\.)*")\s*\)?$/.exec(
      part.trim(),
    );
    if (!m) throw invalid(`Invalid filter pattern term: ${part.trim()}`);
    const raw = m[3]!;
    const value = raw.startsWith('"') ? (JSON.parse(raw) as string) : Number(raw);
    return { path: m[1]!.split("."), op: m[2]!, value };
  });
}

function termMatches(term: Term, message: Record<string, unknown>): boolean {
  let v: unknown = message;
  for (const p of term.path) v = v && typeof v === "object" ? (v as Record<string, unknown>)[p] : undefined;
  if (typeof term.value === "number") {
    if (typeof v !== "number") return false;
    switch (term.op) {
      case "=":
        return v === term.value;
      case "!=":
        return v !== term.value;
      case ">=":
        return v >= term.value;
      case "<=":
        return v <= term.value;
      case ">":
        return v > term.value;
      default:
        return v < term.value;
    }
  }
  if (typeof v !== "string") return false;
  const equal = term.value.endsWith("*") ? v.startsWith(term.value.slice(0, -1)) : v === term.value;
  if (term.op === "=") return equal;
  if (term.op === "!=") return !equal;
  throw invalid(`Invalid filter pattern: ${term.op} on a string`);
}

export function matchesPattern(terms: Term[] | undefined, message: string): boolean {
  if (!terms) return true;
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return false;
  }
  if (!parsed || typeof parsed !== "object") return false;
  return terms.some((t) => termMatches(t, parsed as Record<string, unknown>));
}

function asGroup(group: FakeLogGroup | FakeLogEvent[]): FakeLogGroup {
  return Array.isArray(group) ? { count: group.length, event: (i) => group[i]! } : group;
}

/** Bytes as gzip, as Lattice writes its S3 objects. */
export function gzipLines(entries: object[]): Uint8Array {
  return gzipSync(entries.map((e) => JSON.stringify(e)).join("\n") + "\n");
}

export class FakeAccessLogs implements CallAnswerer {
  readonly calls: { service: string; operation: string; input: Record<string, unknown> }[] = [];

  constructor(
    private readonly data: FakeLogsData,
    /** Answers every other service's calls (a FakeAccount), when given. */
    private readonly rest?: CallAnswerer,
    /** `emptyByDefault`: a log group or bucket not in `data` exists and is empty (a FakeAccount's default). */
    private readonly options: { delayMs?: number; emptyByDefault?: boolean } = {},
  ) {}

  async answer(
    service: string,
    operation: string,
    input: unknown,
    credentials?: string,
  ): Promise<Record<string, unknown>> {
    if (service !== "logs" && service !== "s3") {
      if (!this.rest) throw invalid(`no answer for ${service}:${operation}`, "UnknownOperationException");
      return this.rest.answer(service, operation, input, credentials);
    }
    const call = { service, operation, input: (input ?? {}) as Record<string, unknown> };
    this.calls.push(call);
    if (this.options.delayMs) await new Promise((r) => setTimeout(r, this.options.delayMs));
    if (this.data.deny?.includes(`${service}:${operation}`))
      throw denied(
        `User: arn:aws:sts::111122223333:assumed-role/oncall/alice is not authorized to perform: ${service === "s3" && operation === "ListObjectsV2" ? "s3:ListBucket" : `${service}:${operation}`}`,
        service === "s3" ? "AccessDenied" : "AccessDeniedException",
      );
    if (service === "logs" && operation === "FilterLogEvents") return this.filterLogEvents(call.input);
    if (service === "s3" && operation === "ListObjectsV2") return this.listObjects(call.input);
    if (service === "s3" && operation === "GetObject") return this.getObject(call.input);
    throw invalid(`no answer for ${service}:${operation}`, "UnknownOperationException");
  }

  private filterLogEvents(input: Record<string, unknown>): Record<string, unknown> {
    const name = input.logGroupName as string | undefined;
    const raw =
      (name !== undefined ? this.data.logGroups?.[name] : undefined) ??
      (this.options.emptyByDefault ? [] : undefined);
    if (!raw)
      throw new ReplayedServiceError({
        name: "ResourceNotFoundException",
        message: "The specified log group does not exist.",
        httpStatusCode: 400,
      });
    const group = asGroup(raw);
    const limit = (input.limit as number | undefined) ?? 10_000;
    if (limit < 1 || limit > 10_000) throw invalid("limit must be between 1 and 10000");
    const start = (input.startTime as number | undefined) ?? 0;
    const end = (input.endTime as number | undefined) ?? Number.MAX_SAFE_INTEGER;
    const terms = input.filterPattern ? parseFilterPattern(input.filterPattern as string) : undefined;
    let i = 0;
    if (input.nextToken !== undefined) {
      const m = /^fle-(\d+)$/.exec(String(input.nextToken));
      if (!m) throw invalid("The specified nextToken is invalid.");
      i = Number(m[1]);
    }
    const events: Record<string, unknown>[] = [];
    let bytes = 0;
    for (; i < group.count; i++) {
      const e = group.event(i);
      if (e.timestamp < start) continue;
      if (e.timestamp >= end) {
        i = group.count;
        break;
      }
      if (!matchesPattern(terms, e.message)) continue;
      if (events.length >= limit || bytes + e.message.length > PAGE_BYTES) break;
      bytes += e.message.length;
      events.push({
        logStreamName: "VpcLatticeAccessLogs",
        timestamp: e.timestamp,
        message: e.message,
        ingestionTime: e.timestamp + 1500,
        eventId: `${String(e.timestamp).padStart(20, "0")}${String(i).padStart(36, "0")}`,
      });
    }
    return { events, searchedLogStreams: [], ...(i < group.count ? { nextToken: `fle-${i}` } : {}) };
  }

  private bucket(input: Record<string, unknown>): FakeObject[] {
    const objects =
      this.data.buckets?.[input.Bucket as string] ?? (this.options.emptyByDefault ? [] : undefined);
    if (!objects)
      throw new ReplayedServiceError({
        name: "NoSuchBucket",
        message: "The specified bucket does not exist",
        httpStatusCode: 404,
      });
    return objects;
  }

  private listObjects(input: Record<string, unknown>): Record<string, unknown> {
    const prefix = (input.Prefix as string | undefined) ?? "";
    const max = (input.MaxKeys as number | undefined) ?? 1000;
    const after = input.ContinuationToken
      ? Buffer.from(String(input.ContinuationToken), "base64").toString("utf8")
      : ((input.StartAfter as string | undefined) ?? "");
    const keys = this.bucket(input)
      .filter((o) => o.key.startsWith(prefix) && o.key > after)
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    const page = keys.slice(0, max);
    const truncated = keys.length > page.length;
    return {
      Name: input.Bucket,
      Prefix: prefix,
      MaxKeys: max,
      KeyCount: page.length,
      IsTruncated: truncated,
      ...(input.ContinuationToken ? { ContinuationToken: input.ContinuationToken } : {}),
      ...(truncated
        ? { NextContinuationToken: Buffer.from(page[page.length - 1]!.key).toString("base64") }
        : {}),
      Contents: page.map((o) => ({
        Key: o.key,
        LastModified: o.lastModified,
        ETag: `"${o.body.length.toString(16).padStart(32, "0")}"`,
        Size: o.body.length,
        StorageClass: "STANDARD",
      })),
    };
  }

  private getObject(input: Record<string, unknown>): Record<string, unknown> {
    const object = this.bucket(input).find((o) => o.key === input.Key);
    if (!object)
      throw new ReplayedServiceError({
        name: "NoSuchKey",
        message: "The specified key does not exist.",
        httpStatusCode: 404,
      });
    return {
      Body: { $base64: Buffer.from(object.body).toString("base64") },
      LastModified: object.lastModified,
      ContentLength: object.body.length,
      ContentType: "application/octet-stream",
      ETag: `"${object.body.length.toString(16).padStart(32, "0")}"`,
    };
  }
}
