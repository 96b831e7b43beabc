/**
 * Record / replay at the SDK command level: a recording holds, for every call of a run, the
 * service, the operation, the input and either the output (without `$metadata`) or the error.
 *
 * Replay matches a call by service + operation + input (keys sorted), so the concurrent order in
 * which gather happens to issue calls does not matter; identical calls are answered in the order
 * they were recorded. A call that is not in the recording fails as `ReplayMiss`, which gather
 * treats like any other failed call (it is reported, never a crash).
 *
 * Written by hand rather than with an HTTP-level recorder (nock and friends) because the SDK
 * command is the unit gather reasons about, and a command-level file stays readable and editable
 * for hand-made scenarios (the demo, tests, bug reports).
 */
import { readFile, writeFile } from "node:fs/promises";
import { Readable } from "node:stream";

export const RECORDING_FORMAT = "lattice-doctor-recording";

export interface RecordedError {
  name: string;
  message: string;
  httpStatusCode?: number;
  fault?: "client" | "server";
}

export interface RecordedCall {
  service: string;
  operation: string;
  input: Record<string, unknown>;
  output?: Record<string, unknown>;
  error?: RecordedError;
  /** The credentials label of the call, when not the run's own (a cross-account run's other side). */
  credentials?: string;
}

export interface Recording {
  format: typeof RECORDING_FORMAT;
  version: 1;
  /** What the run was asked and where: replay uses these so the same file gives the same report. */
  meta: {
    input: string;
    region: string;
    profile?: string;
    /** The run's clock: also the end of the live-signal window, so a replay asks the same window. */
    recordedAt?: string;
    /** Length of the live-signal window in seconds (`--window`); absent means the default 15m. */
    windowSeconds?: number;
    toolVersion?: string;
    description?: string;
    /** `--from` of the recorded run. */
    from?: string;
    /** The label of the other side's credentials (`--consumer-profile` / `--role-arn`) of the recorded run. */
    otherCredentials?: string;
  };
  calls: RecordedCall[];
}

export function newRecording(meta: Recording["meta"]): Recording {
  return { format: RECORDING_FORMAT, version: 1, meta, calls: [] };
}

/** JSON round-trip: drops undefined, turns Dates into ISO strings (what a file would hold). */
function plain<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function stripMetadata(output: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!output) return output;
  const { $metadata: _ignored, ...rest } = output;
  return plain(rest);
}

export function recordCall(
  recording: Recording,
  service: string,
  operation: string,
  input: Record<string, unknown>,
  output?: Record<string, unknown>,
  error?: unknown,
  credentials?: string,
): void {
  const call: RecordedCall = {
    service,
    operation,
    input: plain(input) ?? {},
    ...(credentials ? { credentials } : {}),
  };
  if (error !== undefined) {
    const e = error as {
      name?: string;
      message?: string;
      $fault?: "client" | "server";
      $metadata?: { httpStatusCode?: number };
    };
    call.error = {
      name: e.name ?? "Error",
      message: e.message ?? String(error),
      ...(e.$metadata?.httpStatusCode ? { httpStatusCode: e.$metadata.httpStatusCode } : {}),
      ...(e.$fault ? { fault: e.$fault } : {}),
    };
  } else {
    call.output = stripMetadata(output) ?? {};
  }
  recording.calls.push(call);
}

/** Canonical JSON with sorted keys, used to match a replayed call to its recording. */
export function canonicalKey(
  service: string,
  operation: string,
  input: unknown,
  credentials?: string,
): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === "object") {
      return Object.fromEntries(
        Object.keys(v as object)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  const key = `${service}:${operation}:${JSON.stringify(sort(plain(input) ?? {}))}`;
  return credentials ? `[${credentials}] ${key}` : key;
}

/**
 * A streamed output field (S3 GetObject's `Body`, gzip bytes) as a recording holds it: JSON has no
 * bytes, so base64.
 */
export interface RecordedBody {
  $base64: string;
}

interface StreamedBody {
  transformToByteArray(): Promise<Uint8Array>;
}

function isStreamed(value: unknown): value is StreamedBody {
  return typeof (value as StreamedBody | undefined)?.transformToByteArray === "function";
}

function isRecordedBody(value: unknown): value is RecordedBody {
  return typeof (value as RecordedBody | undefined)?.$base64 === "string";
}

/** Bytes as a body the reader can stream again (what the SDK hands out: an async-iterable Readable). */
function bodyOf(bytes: Uint8Array): Readable & StreamedBody {
  const body = Readable.from([Buffer.from(bytes)]) as Readable & StreamedBody;
  body.transformToByteArray = async () => bytes;
  return body;
}

/**
 * With `--record`: reads each streamed field of an output to its end (only recording pays this),
 * and returns the output to record (bytes as base64) and the one to hand on (a fresh stream).
 */
export async function captureBodies(
  output: Record<string, unknown>,
): Promise<{ recorded: Record<string, unknown>; live: Record<string, unknown> }> {
  const recorded = { ...output };
  const live = { ...output };
  for (const [key, value] of Object.entries(output)) {
    if (!isStreamed(value)) continue;
    const bytes = await value.transformToByteArray();
    recorded[key] = { $base64: Buffer.from(bytes).toString("base64") } satisfies RecordedBody;
    live[key] = bodyOf(bytes);
  }
  return { recorded, live };
}

/** A replayed output: each recorded body becomes a stream again. */
export function reviveBodies(output: Record<string, unknown>): Record<string, unknown> {
  if (!Object.values(output).some(isRecordedBody)) return output;
  return Object.fromEntries(
    Object.entries(output).map(([k, v]) => [
      k,
      isRecordedBody(v) ? bodyOf(Buffer.from(v.$base64, "base64")) : v,
    ]),
  );
}

export class ReplayMiss extends Error {
  override name = "ReplayMiss";
}

/** A service error rebuilt from a recording, shaped like the SDK's ServiceException. */
export class ReplayedServiceError extends Error {
  readonly $fault: "client" | "server";
  readonly $metadata: { httpStatusCode?: number };
  constructor(recorded: RecordedError) {
    super(recorded.message);
    this.name = recorded.name;
    this.$fault = recorded.fault ?? "client";
    this.$metadata = { httpStatusCode: recorded.httpStatusCode };
  }
}

export interface ReplayOptions {
  /** Artificial latency per call, for benchmarks. */
  delayMs?: number;
}

/** Anything that can answer a call instead of AWS: a Replayer, or a simulated account in tests. */
export interface CallAnswerer {
  /** `credentials`: the label of the clients asking, when not the run's own (ClientOptions.label). */
  answer(
    service: string,
    operation: string,
    input: unknown,
    credentials?: string,
  ): Promise<Record<string, unknown>>;
}

export class Replayer implements CallAnswerer {
  private readonly queues = new Map<string, RecordedCall[]>();
  /** Calls answered, for tests and benchmarks. */
  answered = 0;

  constructor(
    readonly recording: Recording,
    private readonly options: ReplayOptions = {},
  ) {
    for (const call of recording.calls) {
      const key = canonicalKey(call.service, call.operation, call.input, call.credentials);
      const queue = this.queues.get(key) ?? [];
      queue.push(call);
      this.queues.set(key, queue);
    }
  }

  async answer(
    service: string,
    operation: string,
    input: unknown,
    credentials?: string,
  ): Promise<Record<string, unknown>> {
    if (this.options.delayMs) await new Promise((resolve) => setTimeout(resolve, this.options.delayMs));
    const key = canonicalKey(service, operation, input, credentials);
    const queue = this.queues.get(key);
    // The last answer for a key stays available: a run may repeat a call the recording made once.
    const call = queue && queue.length > 1 ? queue.shift() : queue?.[0];
    if (!call)
      throw new ReplayMiss(
        `the recording has no answer for ${credentials ? `[${credentials}] ` : ""}${service}:${operation} ${JSON.stringify(input)}`,
      );
    this.answered++;
    if (call.error) throw new ReplayedServiceError(call.error);
    return { ...(plain(call.output) ?? {}), $metadata: {} };
  }
}

export class RecordingFormatError extends Error {
  override name = "RecordingFormatError";
}

export function parseRecording(text: string, source: string): Recording {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new RecordingFormatError(`${source} is not JSON: ${(e as Error).message}`);
  }
  const r = data as Partial<Recording>;
  if (r?.format !== RECORDING_FORMAT || r.version !== 1 || !Array.isArray(r.calls) || !r.meta?.input) {
    throw new RecordingFormatError(
      `${source} is not a lattice-doctor recording (expected {"format":"${RECORDING_FORMAT}","version":1,"meta":{…},"calls":[…]})`,
    );
  }
  return r as Recording;
}

export async function loadRecording(path: string): Promise<Recording> {
  return parseRecording(await readFile(path, "utf8"), path);
}

export async function saveRecording(path: string, recording: Recording): Promise<void> {
  await writeFile(path, JSON.stringify(recording, null, 2) + "\n", "utf8");
}
