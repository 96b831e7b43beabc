/**
 * Builds the AWS SDK clients gather uses, each with three middlewares at the outermost
 * (`initialize`) step, so they see every command before it is serialised and its final outcome
 * after the SDK's retries:
 *
 * 1. the read-only guard: any operation that is not Get*, List*, Describe* or Simulate* is refused
 *    before anything is signed or sent;
 * 2. the call log: every call's outcome and duration (the JSON `calls` block, LAT-901 evidence);
 * 3. record or replay: `--record` appends each request and response to a Recording, `--replay`
 *    answers from one without touching the network or credentials.
 *
 * Configuration is the SDK's own: credential chain, profile (set through AWS_PROFILE before the
 * clients are built so that the profile's region and endpoint_url apply), AWS_ENDPOINT_URL and
 * AWS_ENDPOINT_URL_<SERVICE> (VPC_LATTICE, EC2, STS, CLOUDWATCH). No endpoint is hard-coded here.
 */
import { VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import { EC2Client } from "@aws-sdk/client-ec2";
import { STSClient } from "@aws-sdk/client-sts";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { IAMClient } from "@aws-sdk/client-iam";
import { RAMClient } from "@aws-sdk/client-ram";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import type { CallAnswerer, Recording } from "./recording.js";
import { recordCall } from "./recording.js";
import { READ_ONLY_OPERATION, ReadOnlyViolation } from "./read-only.js";

export type ServiceKey = "vpc-lattice" | "ec2" | "sts" | "cloudwatch" | "iam" | "ram";

export { READ_ONLY_OPERATION, ReadOnlyViolation };

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
  /** Milliseconds before one HTTP attempt times out. */
  requestTimeoutMs?: number;
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
  /** Used only by cross-account runs (gather-xacct.ts); optional so hand-built client sets stay valid. */
  ram?: RAMClient;
  callLog: CallRecord[];
  /** The credentials label (ClientOptions.label), when not the run's own. */
  label?: string;
}

// The middleware stack is typed per client; these middlewares only read commandName and
// input/output, so a structural type keeps them client-agnostic.
interface StackLike {
  add(mw: unknown, options: { step: "initialize"; name: string; priority?: "high" | "normal" | "low" }): void;
}
interface ClientLike {
  middlewareStack: StackLike;
}
type Next = (args: { input: Record<string, unknown> }) => Promise<{ output: Record<string, unknown> }>;
interface HandlerContext {
  commandName?: string;
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
      if (!READ_ONLY_OPERATION.test(operation)) throw new ReadOnlyViolation(`${service}:${operation}`);
      const started = performance.now();
      try {
        const result = options.replayer
          ? { output: await options.replayer.answer(service, operation, args.input, options.label) }
          : await next(args);
        callLog?.push({ service, operation, ok: true, durationMs: performance.now() - started });
        if (options.recording)
          recordCall(
            options.recording,
            service,
            operation,
            args.input,
            result.output,
            undefined,
            options.label,
          );
        return result;
      } catch (error) {
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
    requestHandler: { requestTimeout: options.requestTimeoutMs ?? 15_000, connectionTimeout: 5_000 },
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
  const ram = new RAMClient(shared);
  instrument(lattice, "vpc-lattice", withLog);
  instrument(ec2, "ec2", withLog);
  instrument(sts, "sts", withLog);
  instrument(cloudwatch, "cloudwatch", withLog);
  instrument(iam, "iam", withLog);
  instrument(ram, "ram", withLog);
  return {
    lattice,
    ec2,
    sts,
    cloudwatch,
    iam,
    ram,
    callLog,
    ...(options.label ? { label: options.label } : {}),
  };
}
