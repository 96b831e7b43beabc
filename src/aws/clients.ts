/**
 * Builds the AWS SDK clients gather uses, each with three middlewares at the outermost
 * (`initialize`) step, so they see every command before it is serialised and its final outcome
 * after the SDK's retries:
 *
 * 1. the read-only guard: any operation that is not Get*, List*, Describe* or Simulate* (for
 *    CloudWatch Logs and S3: not one of the listed reads, read-only.ts) is refused before anything
 *    is signed or sent;
 * 2. the call log: every call's outcome and duration (the JSON `calls` block, LAT-901 evidence);
 * 3. record or replay: `--record` appends each request and response to a Recording, `--replay`
 *    answers from one without touching the network or credentials.
 *
 * Every HTTP attempt has a timeout that really aborts it (`throwOnRequestTimeout`: without it
 * @smithy/node-http-handler 4.x only logs a warning) and is retried as the SDK retries; with a run
 * deadline (`--timeout`), every call still unanswered then is aborted through the AbortSignal the
 * SDK's `send` takes, and fails as `DeadlineExceeded`. A failed call's error carries where it went
 * and what answered (failures.ts `CallFacts`), so an HTML page or a refused connection is named as
 * such, never as a missing permission.
 *
 * Configuration is the SDK's own: credential chain, profile (set through AWS_PROFILE before the
 * clients are built so that the profile's region and endpoint_url apply), AWS_ENDPOINT_URL and
 * AWS_ENDPOINT_URL_<SERVICE> (VPC_LATTICE, EC2, STS, CLOUDWATCH, CLOUDWATCH_LOGS, S3). No endpoint is hard-coded here.
 */
import { VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import { EC2Client } from "@aws-sdk/client-ec2";
import { STSClient } from "@aws-sdk/client-sts";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { IAMClient } from "@aws-sdk/client-iam";
import type { RAMClient } from "@aws-sdk/client-ram";
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { S3Client } from "@aws-sdk/client-s3";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import type { CallAnswerer, Recording } from "./recording.js";
import { captureBodies, recordCall, reviveBodies } from "./recording.js";
import { attachCallFacts } from "./failures.js";
import { endpointSourceOf } from "./endpoints.js";
import { ADMITTED_OPERATIONS, isAdmitted, READ_ONLY_OPERATION, ReadOnlyViolation } from "./read-only.js";

export type ServiceKey = "vpc-lattice" | "ec2" | "sts" | "cloudwatch" | "iam" | "ram" | "logs" | "s3";

export { ADMITTED_OPERATIONS, isAdmitted, READ_ONLY_OPERATION, ReadOnlyViolation };

/** A call still unanswered when the run's deadline (`--timeout`) passed. */
export class DeadlineExceeded extends Error {
  override name = "DeadlineExceeded";
}

/** The run's deadline: aborted when `--timeout` has passed; `label` is the duration as typed (`45s`). */
export interface RunDeadline {
  signal: AbortSignal;
  label: string;
}

/** Per-attempt timeout of one HTTP request (the SDK retries a timed-out attempt). */
export const DEFAULT_ATTEMPT_TIMEOUT_MS = 10_000;

export interface CallRecord {
  service: ServiceKey;
  operation: string;
  ok: boolean;
  errorCode?: string;
  durationMs: number;
}

export interface ClientOptions {
  region: string;
  /** Replay answers every call from a recording: no network, no credentials. */
  replayer?: CallAnswerer;
  /** When set, every call is appended to this recording. */
  recording?: Recording;
  /** Shared log of every call's outcome. */
  callLog?: CallRecord[];
  /** Retries per call (the SDK's standard retry mode). */
  maxAttempts?: number;
  /** Milliseconds before one HTTP attempt is aborted (and retried). */
  requestTimeoutMs?: number;
  /** The run's deadline: calls unanswered when it passes are aborted. */
  deadline?: RunDeadline;
  /** Where AWS_ENDPOINT_URL* are read to say what set a failed call's endpoint (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Credentials other than the SDK's default chain (the other side of a cross-account run). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /**
   * Which credentials these clients use, when not the run's own (`consumer-profile prod` …):
   * recorded with each call so a replay answers each side from its own answers.
   */
  label?: string;
}

export interface AwsClients {
  lattice: VPCLatticeClient;
  ec2: EC2Client;
  sts: STSClient;
  cloudwatch: CloudWatchClient;
  /** IAM (global): only `--as` uses it, for iam:SimulatePrincipalPolicy. */
  iam: IAMClient;
  /**
   * RAM, loaded and built on first call (the owner's shares of the service's networks, and the
   * cross-account reads): a run that reads no share never loads @aws-sdk/client-ram. Always the
   * same client. Optional so hand-built client sets stay valid.
   */
  ram?: () => Promise<RAMClient>;
  /** CloudWatch Logs and S3, loaded on first call like RAM: only the access-log reads use them. */
  logs?: () => Promise<CloudWatchLogsClient>;
  s3?: () => Promise<S3Client>;
  callLog: CallRecord[];
  /** The credentials label (ClientOptions.label), when not the run's own. */
  label?: string;
}

// The middleware stack is typed per client; these middlewares only read commandName and
// input/output, so a structural type keeps them client-agnostic.
type Priority = "high" | "normal" | "low";
interface StackLike {
  add(mw: unknown, options: { step: "initialize"; name: string; priority?: Priority }): void;
  add(mw: unknown, options: { step: "deserialize"; name: string; priority?: Priority }): void;
}
interface ClientLike {
  middlewareStack: StackLike;
}
type Next = (args: { input: Record<string, unknown> }) => Promise<{ output: Record<string, unknown> }>;
interface HandlerContext {
  commandName?: string;
  /** Set by the SDK's endpoint middleware before the request is sent. */
  endpointV2?: { url?: URL };
  /** Set by the raw-answer middleware below: the content type of the last answer. */
  latticeDoctorContentType?: string;
}

/** The deadline's error for a call, or the error as it was. */
function deadlineError(error: unknown, deadline: RunDeadline | undefined): unknown {
  if (!deadline?.signal.aborted) return error;
  if ((error as { name?: string })?.name !== "AbortError" && !(error instanceof DeadlineExceeded))
    return error;
  return new DeadlineExceeded(`no answer before the run's deadline (--timeout ${deadline.label})`);
}

function operationOf(context: HandlerContext): string {
  return (context.commandName ?? "UnknownCommand").replace(/Command$/, "");
}

/** Installs the guard, the call log and record/replay on one client. Exported for tests. */
export function instrument(client: ClientLike, service: ServiceKey, options: ClientOptions): void {
  const callLog = options.callLog;
  client.middlewareStack.add(
    (next: Next, context: HandlerContext) => async (args: { input: Record<string, unknown> }) => {
      const operation = operationOf(context);
      if (!isAdmitted(service, operation)) throw new ReadOnlyViolation(`${service}:${operation}`);
      const started = performance.now();
      try {
        if (options.deadline?.signal.aborted && !options.replayer) throw new DeadlineExceeded("");
        const result = options.replayer
          ? {
              output: reviveBodies(
                await options.replayer.answer(service, operation, args.input, options.label),
              ),
            }
          : await next(args);
        callLog?.push({ service, operation, ok: true, durationMs: performance.now() - started });
        if (options.recording) {
          // A streamed body (S3 GetObject) is read here so the recording holds its bytes.
          const { recorded, live } = await captureBodies(result.output);
          result.output = live;
          recordCall(options.recording, service, operation, args.input, recorded, undefined, options.label);
        }
        return result;
      } catch (thrown) {
        const error = deadlineError(thrown, options.deadline);
        const url = context.endpointV2?.url?.href;
        attachCallFacts(error, {
          ...(url
            ? { endpoint: url, endpointSource: endpointSourceOf(service, url, options.env ?? process.env) }
            : {}),
          ...(context.latticeDoctorContentType ? { contentType: context.latticeDoctorContentType } : {}),
        });
        const name = (error as { name?: string }).name ?? "Error";
        callLog?.push({
          service,
          operation,
          ok: false,
          errorCode: name,
          durationMs: performance.now() - started,
        });
        if (options.recording)
          recordCall(options.recording, service, operation, args.input, undefined, error, options.label);
        throw error;
      }
    },
    { step: "initialize", name: "latticeDoctorReadOnlyRecordReplay", priority: "high" },
  );
  // Innermost: sees each raw answer before it is parsed, so an HTML page is known as one.
  client.middlewareStack.add(
    (next: RawNext, context: HandlerContext) => async (args: unknown) => {
      const result = await next(args);
      const type = result.response?.headers?.["content-type"];
      if (type) context.latticeDoctorContentType = type;
      else delete context.latticeDoctorContentType;
      return result;
    },
    { step: "deserialize", name: "latticeDoctorRawAnswer", priority: "low" },
  );
}

type RawNext = (args: unknown) => Promise<{ response?: { headers?: Record<string, string> } }>;

interface SendLike {
  send: (command: never, options?: { abortSignal?: AbortSignal }) => Promise<unknown>;
}

/** Every `send` of the client carries the run's deadline signal (the SDK aborts the request and its retries). */
function bindDeadline(client: SendLike, deadline: RunDeadline | undefined): void {
  if (!deadline) return;
  const send = client.send.bind(client);
  client.send = (command, options) => send(command, { abortSignal: deadline.signal, ...options });
}

/** The region an IAM client is configured with: the partition's, as IAM has one global endpoint per partition. */
export function iamRegion(region: string): string {
  return /^(cn|us-gov|us-iso[a-z]*|eu-isoe?)-/.test(region) ? region : "us-east-1";
}

export function createClients(options: ClientOptions): AwsClients {
  const callLog = options.callLog ?? [];
  const shared = {
    region: options.region,
    maxAttempts: options.maxAttempts ?? 4,
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS,
      // Without it @smithy/node-http-handler 4.x only logs that requestTimeout passed, and waits on.
      throwOnRequestTimeout: true,
      connectionTimeout: Math.min(5_000, options.requestTimeoutMs ?? 5_000),
    },
    // Replay must not look for credentials: nothing is signed or sent.
    ...(options.replayer
      ? { credentials: { accessKeyId: "REPLAY", secretAccessKey: "REPLAY" } }
      : options.credentials
        ? { credentials: options.credentials }
        : {}),
  };
  const withLog = { ...options, callLog };
  const lattice = new VPCLatticeClient(shared);
  const ec2 = new EC2Client(shared);
  const sts = new STSClient(shared);
  const cloudwatch = new CloudWatchClient(shared);
  // IAM is global: the SDK's endpoint rules pick its endpoint (or AWS_ENDPOINT_URL_IAM) from the
  // partition; the region only says which partition (us-east-1 for aws, the region itself elsewhere).
  const iam = new IAMClient({ ...shared, region: iamRegion(options.region) });
  let ramClient: Promise<RAMClient> | undefined;
  const ram = () =>
    (ramClient ??= import("@aws-sdk/client-ram").then(({ RAMClient }) => {
      const client = new RAMClient(shared);
      instrument(client, "ram", withLog);
      bindDeadline(client as unknown as SendLike, options.deadline);
      return client;
    }));
  let logsClient: Promise<CloudWatchLogsClient> | undefined;
  const logs = () =>
    (logsClient ??= import("@aws-sdk/client-cloudwatch-logs").then(({ CloudWatchLogsClient }) => {
      const client = new CloudWatchLogsClient(shared);
      instrument(client, "logs", withLog);
      bindDeadline(client as unknown as SendLike, options.deadline);
      return client;
    }));
  let s3Client: Promise<S3Client> | undefined;
  const s3 = () =>
    (s3Client ??= import("@aws-sdk/client-s3").then(({ S3Client }) => {
      // Under an endpoint override (a local stand-in for S3), buckets are addressed by path:
      // virtual-hosted style would put the bucket in the host name, which a loopback host lacks.
      const env = options.env ?? process.env;
      const overridden = Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
      const client = new S3Client({ ...shared, ...(overridden ? { forcePathStyle: true } : {}) });
      instrument(client, "s3", withLog);
      bindDeadline(client as unknown as SendLike, options.deadline);
      return client;
    }));
  instrument(lattice, "vpc-lattice", withLog);
  instrument(ec2, "ec2", withLog);
  instrument(sts, "sts", withLog);
  instrument(cloudwatch, "cloudwatch", withLog);
  instrument(iam, "iam", withLog);
  for (const client of [lattice, ec2, sts, cloudwatch, iam])
    bindDeadline(client as unknown as SendLike, options.deadline);
  return {
    lattice,
    ec2,
    sts,
    cloudwatch,
    iam,
    ram,
    logs,
    s3,
    callLog,
    ...(options.label ? { label: options.label } : {}),
  };
}
