/**
 * The contract between gather and the rest of the program (the CLI, the UI's progress view, the
 * demo and benchmark scripts). Implementation: gather.ts, resolve.ts.
 */
import type { Topology } from "../topology/types.js";
import type { AwsClients } from "./clients.js";
import type { ProgressEvent, ServiceRef } from "../core/progress.js";
import type { LogReadProgress } from "./gather-logs.js";
import type { FailedStatus } from "../topology/access-log.js";

export type { GatherHop, ProgressEvent } from "../core/progress.js";

export interface GatherOptions {
  clients: AwsClients;
  region: string;
  /** A resolved `svc-…` id (see resolveService). */
  serviceId: string;
  /** Most calls in flight at once to each service (default 16). */
  concurrency?: number;
  onProgress?: (event: ProgressEvent) => void;
  /**
   * The clock for the live-signal window: its end (aligned down to the minute). gather reads the
   * clock itself when this is absent; a replay passes the recording's time so the same file
   * gives the same window (and the recorded GetMetricData answer).
   */
  now?: Date;
  /** Length of the live-signal window in seconds (default 900, `--window 15m`). */
  windowSeconds?: number;
  /**
   * Read the window's failed requests back from the access logs (CloudWatch Logs / S3) into
   * `signals.failedRequests` (default true; `--no-logs`: false). Part of the "access-logs" hop.
   */
  logs?: boolean;
  /** Matched access-log entries read at most (default DEFAULT_LOG_LIMIT, gather-logs.ts). */
  logLimit?: number;
  /** `lattice why --status` / `--request-id`: which failed requests, or the one entry, to read. */
  logQuery?: { status?: FailedStatus; requestId?: string };
  /** Progress of the access-log reads, per destination and page. */
  onLogProgress?: (progress: LogReadProgress) => void;
}

export interface ResolvedService extends ServiceRef {
  /** The region the service lives in: an ARN's region wins over the configured one. */
  region: string;
}

/** The name or id matched no service (exit 4). */
export class ServiceNotFoundError extends Error {
  override name = "ServiceNotFoundError";
}

/** A name matched several services (exit 4): the message lists them. */
export class AmbiguousServiceError extends Error {
  override name = "AmbiguousServiceError";
  constructor(
    message: string,
    readonly matches: { id: string; arn: string; name: string }[],
  ) {
    super(message);
  }
}

export type Gather = (options: GatherOptions) => Promise<Topology>;
