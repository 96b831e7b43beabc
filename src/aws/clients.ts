/**
 * Builds the AWS SDK clients gather uses, each with three middlewares at the outermost
 * (`initialize`) step, so they see every command before it is serialised and its final outcome
 * after the SDK's retries:
 *
 * 1. the read-only guard: any operation that is not Get*, List*, Describe* or Simulate* (for
 *    CloudWatch Logs and S3: not one of the listed reads, read-only.ts) is refused before anything
 *    is signed or sent;
 * 2. the call log: every call's outcome and duration (the JSON `calls` block, the could-not-check evidence);
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
 *
 * Every client is loaded and built on its first call (`await clients.ec2()`), through `lazy`: a run
 * without --as never loads IAM, one that reads no share never loads RAM. The commands and paginators
 * come from the same module as their client, on the same first use (`const { GetServiceCommand } =
 * await clients.sdk.lattice()`): a module of src/aws/sdk/ that re-exports only what src/aws sends
 * (a dynamic import of the SDK package itself would put every one of its commands in the bundle's
 * chunk), so no code of the SDK is loaded before a run's first call needs it. A new client is one
 * `sdk/<service>.ts`, one `sdk` loader and one `client(…)` line in createClients.
 *
 * The first VPC Lattice requests go out before any other service's module is loaded: loading and
 * compiling EC2's or CloudWatch's module is tens of milliseconds of CPU that would delay them. Once
 * the first lattice request is out (or its first call ended without one: a replay, a refused call),
 * the others load while its answer is awaited, and each sends its first request when loaded.
 *
 * A replay loads no SDK module: its clients are light clients (light-sdk.ts: commands, paginators
 * and a `send` without the SDK) whose every call goes through the same instrumentation
 * (`instrumentedCall`) as an SDK client's middleware, answered by the replay.
 *
 * A call the early stage (src/early.ts) already sent is adopted instead of sent again (prefetch.ts):
 * same service, operation, canonical input and client configuration (`fingerprint`: the client's
 * config and the process's AWS_* environment; never for explicit credentials, a labelled other side
 * or a replay). The guard, the call log, --record and the deadline treat it as a sent call.
 */
import type { VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import type { EC2Client } from "@aws-sdk/client-ec2";
import type { STSClient } from "@aws-sdk/client-sts";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { IAMClient } from "@aws-sdk/client-iam";
import type { RAMClient } from "@aws-sdk/client-ram";
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { S3Client } from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type * as LatticeSdk from "./sdk/vpc-lattice.js";
import type * as Ec2Sdk from "./sdk/ec2.js";
import type * as StsSdk from "./sdk/sts.js";
import type * as CloudWatchSdk from "./sdk/cloudwatch.js";
import type * as IamSdk from "./sdk/iam.js";
import type * as RamSdk from "./sdk/ram.js";
import type * as LogsSdk from "./sdk/logs.js";
import type * as S3Sdk from "./sdk/s3.js";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import type { CallAnswerer, Recording } from "./recording.js";
import { captureBodies, recordCall, reviveBodies } from "./recording.js";
import { attachCallFacts, callFactsOf } from "./failures.js";
import {
  addHint,
  addPrefetch,
  pendingPrefetches,
  prefetchesClosed,
  prefetchKey,
  shareCredentialChain,
  sharedCredentialChainFor,
  takePrefetch,
} from "./prefetch.js";
import { endpointSourceOf } from "./endpoints.js";
import { ADMITTED_OPERATIONS, isAdmitted, READ_ONLY_OPERATION, ReadOnlyViolation } from "./read-only.js";
import { byText } from "../core/util/collections.js";
import { lightSdk, type LightClient } from "./light-sdk.js";
import { monotonicMs } from "../core/util/clock.js";

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

/** Internal: the per-attempt timeout in ms (LATTICE_DOCTOR_ATTEMPT_TIMEOUT_MS), for tests that hang a call. */
export function attemptTimeoutMs(env: NodeJS.ProcessEnv): number | undefined {
  const value = Number(env.LATTICE_DOCTOR_ATTEMPT_TIMEOUT_MS);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

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
  /** Called as each request leaves for the network (signed, about to be sent, or adopted); not in a replay. */
  onRequest?: (service: ServiceKey) => void;
  /** These clients send the early stage's prefetches (src/early.ts): they never adopt one. */
  prefetching?: boolean;
}

/** A client's getter: loads its module and builds it on the first call; the same client after. */
export type LazyClient<C> = () => Promise<C>;

/** Each service's module of src/aws/sdk/ (client class, commands, paginators), loaded on first use. */
export interface SdkModules {
  lattice: () => Promise<typeof LatticeSdk>;
  ec2: () => Promise<typeof Ec2Sdk>;
  sts: () => Promise<typeof StsSdk>;
  cloudwatch: () => Promise<typeof CloudWatchSdk>;
  iam: () => Promise<typeof IamSdk>;
  ram: () => Promise<typeof RamSdk>;
  logs: () => Promise<typeof LogsSdk>;
  s3: () => Promise<typeof S3Sdk>;
}

export interface AwsClients {
  lattice: LazyClient<VPCLatticeClient>;
  ec2: LazyClient<EC2Client>;
  sts: LazyClient<STSClient>;
  /** Only the live signals (gather-signals.ts) read CloudWatch. */
  cloudwatch: LazyClient<CloudWatchClient>;
  /** IAM (global): only `--as` uses it, for iam:SimulatePrincipalPolicy. */
  iam: LazyClient<IAMClient>;
  /** RAM: the owner's shares of the service's networks, and the cross-account reads. */
  ram: LazyClient<RAMClient>;
  /** CloudWatch Logs and S3: only the access-log reads use them. */
  logs: LazyClient<CloudWatchLogsClient>;
  s3: LazyClient<S3Client>;
  /** The commands and paginators, from the module each client is loaded from. */
  sdk: SdkModules;
  callLog: CallRecord[];
  /** The credentials label (ClientOptions.label), when not the run's own. */
  label?: string;
}

/**
 * `load` run on the first call only; every call returns that first call's promise. The one way a
 * client (or anything else) is loaded on first use.
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

/** A promise settled on the turn after the first call of `open` (later calls do nothing). */
export function gate(): { opened: Promise<void>; open: () => void } {
  let resolve!: () => void;
  const opened = new Promise<void>((r) => (resolve = r));
  let open = () => {
    open = () => undefined;
    setImmediate(resolve);
  };
  return { opened, open: () => open() };
}

/** The longest the other modules wait for the first lattice request (a safety net: it is always sent or ends). */
const LATTICE_FIRST_WAIT_MS = 1_000;

/**
 * Whether the other clients' modules wait, and until when: armed when the lattice client is first
 * asked for, open once its first request is out or its first call has ended. Never armed (a set of
 * clients that reads no lattice API first, such as the other side of a cross-account run), it holds
 * nothing back.
 */
interface LatticeGate {
  arm: () => void;
  open: () => void;
  passed: () => Promise<void>;
}

function latticeGate(): LatticeGate {
  const out = gate();
  let armed = false;
  let timer: NodeJS.Timeout | undefined;
  const open = () => {
    clearTimeout(timer);
    out.open();
  };
  return {
    arm: () => {
      if (armed) return;
      armed = true;
      timer = setTimeout(open, LATTICE_FIRST_WAIT_MS);
    },
    open,
    passed: () => (armed ? out.opened : Promise.resolve()),
  };
}

/** `done` is called as the client's first call ends, however it ends. */
function onFirstSettled(client: SendLike, done: () => void): void {
  const send = client.send.bind(client);
  client.send = (command, options) => {
    const sending = send(command, options);
    sending.then(done, done);
    return sending;
  };
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

/** A prefetched call's answer, as the call's own: the run's deadline aborts it as it would a sent call. */
function adoptedAnswer(
  prefetch: { answer: Promise<unknown>; controller: AbortController },
  deadline: RunDeadline | undefined,
): Promise<unknown> {
  if (!deadline) return prefetch.answer;
  const { signal } = deadline;
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      prefetch.controller.abort();
      reject(new DeadlineExceeded(""));
    };
    signal.addEventListener("abort", onAbort, { once: true });
    prefetch.answer.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** One call as the instrumentation sees it. */
interface InstrumentedCall {
  service: ServiceKey;
  operation: string;
  input: Record<string, unknown>;
  /** What the SDK learnt of the call (its endpoint, the content type of its answer); none for a light client. */
  context: HandlerContext;
}

/**
 * The guard, the call log, recording, adoption and the deadline around one call, whose own answer
 * is `send` (the SDK's next handler, or the replay's answer): the body of the SDK middleware
 * `instrument` installs, and of a replay client's `send`.
 */
async function instrumentedCall(
  call: InstrumentedCall,
  options: ClientOptions,
  fingerprint: string | undefined,
  send: () => Promise<{ output: Record<string, unknown> }>,
): Promise<{ output: Record<string, unknown> }> {
  const { service, operation, input, context } = call;
  const callLog = options.callLog;
  if (!isAdmitted(service, operation)) throw new ReadOnlyViolation(`${service}:${operation}`);
  const adoptable = fingerprint !== undefined && !options.prefetching;
  const started = monotonicMs();
  try {
    if (options.deadline?.signal.aborted && !options.replayer) throw new DeadlineExceeded("");
    // The key (the input made canonical) is worked out only while something waits to be adopted.
    const prefetched =
      adoptable && pendingPrefetches() > 0
        ? takePrefetch(prefetchKey(service, operation, input, fingerprint))
        : undefined;
    // An adopted call's request left in the early stage: it counts as this call's request.
    if (prefetched) options.onRequest?.(service);
    const result = prefetched
      ? { output: (await adoptedAnswer(prefetched, options.deadline)) as Record<string, unknown> }
      : await send();
    callLog?.push({ service, operation, ok: true, durationMs: monotonicMs() - started });
    if (options.recording) {
      // A streamed body (S3 GetObject) is read here so the recording holds its bytes.
      const { recorded, live } = await captureBodies(result.output);
      result.output = live;
      recordCall(options.recording, service, operation, input, recorded, undefined, options.label);
    }
    return result;
  } catch (thrown) {
    const error = deadlineError(thrown, options.deadline);
    const url = context.endpointV2?.url?.href;
    // An adopted call's facts were attached by the early stage's client (this context saw no request).
    attachCallFacts(error, {
      ...callFactsOf(error),
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
      durationMs: monotonicMs() - started,
    });
    if (options.recording)
      recordCall(options.recording, service, operation, input, undefined, error, options.label);
    throw error;
  }
}

/**
 * Installs the guard, the call log and record/replay on one SDK client; with a `fingerprint` (its
 * configuration, see createClients), a matching prefetched call is adopted. Exported for tests.
 */
export function instrument(
  client: ClientLike,
  service: ServiceKey,
  options: ClientOptions,
  fingerprint?: string,
): void {
  client.middlewareStack.add(
    (next: Next, context: HandlerContext) => (args: { input: Record<string, unknown> }) =>
      instrumentedCall(
        { service, operation: operationOf(context), input: args.input, context },
        options,
        fingerprint,
        () => next(args),
      ),
    { step: "initialize", name: "latticeDoctorReadOnlyRecordReplay", priority: "high" },
  );
  // Innermost: sees each raw answer before it is parsed, so an HTML page is known as one.
  client.middlewareStack.add(
    (next: RawNext, context: HandlerContext) => async (args: unknown) => {
      options.onRequest?.(service);
      const result = await next(args);
      const type = result.response?.headers?.["content-type"];
      if (type) context.latticeDoctorContentType = type;
      else delete context.latticeDoctorContentType;
      return result;
    },
    { step: "deserialize", name: "latticeDoctorRawAnswer", priority: "low" },
  );
}

/**
 * A replay's client: no SDK (light-sdk.ts), every call through instrumentedCall, answered by the
 * replay. Exported for tests.
 */
export function replayClient(
  service: ServiceKey,
  options: ClientOptions & { replayer: CallAnswerer },
): LightClient {
  const { replayer } = options;
  return {
    async send({ operation, input }) {
      const { output } = await instrumentedCall(
        { service, operation, input, context: {} },
        options,
        undefined,
        async () => ({
          output: reviveBodies(await replayer.answer(service, operation, input, options.label)),
        }),
      );
      return output;
    },
  };
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

/**
 * node:http and node:https through require(), not import(): an import builds an ES module facade
 * that reads every export, and node:http's lazy `WebSocket`, `CloseEvent` and `MessageEvent`
 * getters then load undici's WebSocket: 41 ms against 6 ms for node:http on Node 22 (and 24),
 * before the first request, for nothing (no call of the run uses them).
 */
const requireBuiltin = createRequire(import.meta.url);

/**
 * One keep-alive connection pool for every client of the process, the early stage's included (the
 * SDK's default, `keepAlive` and 50 sockets a host, but shared): each client otherwise opens its
 * own connections, and the run's Lattice client would not reuse the early stage's. A connection
 * is a TCP and TLS handshake, a round trip or two before the request. Loaded on first use (a
 * replay never loads node:https).
 */
const connectionPool = lazy(async () => {
  const { Agent: HttpAgent } = requireBuiltin("node:http") as typeof import("node:http");
  const { Agent: HttpsAgent } = requireBuiltin("node:https") as typeof import("node:https");
  return {
    httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 50 }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 50 }),
  };
});

/** The configuration every client of one createClients shares. */
type SharedConfig = ReturnType<typeof sharedConfig>;

/**
 * One default credential chain for every client of a createClients, given to each as its
 * `credentialDefaultProvider` (the SDK's hook for the chain a client builds when given no
 * credentials). Without it each client resolves its own: an assume-role or SSO profile, or a
 * credential_process, is asked once per service, and a service's first call (EC2's, in the middle
 * of the chain of dependent reads) waits for its own look-up. The chain is the SDK's
 * (`defaultProvider`), built with the first client's configuration as a client would build it;
 * it shares one look-up between concurrent callers and refreshes expiring credentials itself.
 */
function sharedCredentialChain(): (init: object) => AwsCredentialIdentityProvider {
  let chain: Promise<AwsCredentialIdentityProvider> | undefined;
  let provider: AwsCredentialIdentityProvider | undefined;
  return (init) =>
    (provider ??= async (properties) => {
      chain ??= import("./sdk/credentials.js").then(({ defaultProvider }) =>
        defaultProvider(init as Parameters<typeof defaultProvider>[0]),
      );
      return (await chain)(properties);
    });
}

function sharedConfig(options: ClientOptions) {
  return {
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
        : { credentialDefaultProvider: runCredentialChain(options) }),
  };
}

type CredentialChain = ReturnType<typeof sharedCredentialChain>;

/**
 * The run's one chain: the early stage's when it was built under the same AWS_* environment (the
 * run then looks nothing up again), else a new one (registered, in the early stage, for the run).
 */
function runCredentialChain(options: ClientOptions): CredentialChain {
  const envKey = awsEnvironmentKey();
  if (options.prefetching) return shareCredentialChain(envKey, sharedCredentialChain());
  return sharedCredentialChainFor<CredentialChain>(envKey) ?? sharedCredentialChain();
}

/** The AWS_* environment the SDK reads (profile, endpoints, keys), hashed: it holds the secret key. */
function awsEnvironmentKey(): string {
  const env = Object.entries(process.env)
    .filter(([key]) => key.startsWith("AWS_"))
    .sort(([a], [b]) => byText(a, b));
  return createHash("sha256").update(JSON.stringify(env)).digest("hex");
}

function s3PathStyle(options: ClientOptions): boolean {
  const env = options.env ?? process.env;
  return Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
}

/**
 * What a prefetched call's client and this one must share to be adopted: the client's configuration
 * and the AWS_* environment the SDK reads (profile, endpoints, keys). None (never adopted) for
 * explicit credentials, a labelled other side, or a replay.
 */
function adoptionFingerprint(
  service: ServiceKey,
  config: SharedConfig,
  options: ClientOptions,
): string | undefined {
  if (options.replayer || options.credentials || options.label) return undefined;
  // Hashed: the registry's keys hold no copy of the secret key.
  return createHash("sha256")
    .update(JSON.stringify({ service, config, env: awsEnvironmentKey() }))
    .digest("hex");
}

/** The fingerprint of each client createClients built (prefetch reads it). */
const fingerprints = new WeakMap<object, string>();

/**
 * The early stage's send (src/early.ts): `command` on a client built by createClients, its answer
 * registered for the real run to adopt (and returned, for the reads that follow from it); aborted
 * by abandonPrefetches when never adopted. Nothing once the run is over (closePrefetches).
 * A hint (`adoptable: false`, a read the run never sends) is not registered for adoption, so that
 * the run's calls need not work out their keys while it waits; it is aborted all the same.
 */
export function prefetch(
  client: object,
  service: ServiceKey,
  operation: string,
  command: { input: unknown },
  { adoptable = true }: { adoptable?: boolean } = {},
): Promise<unknown> | undefined {
  const fingerprint = fingerprints.get(client);
  if (fingerprint === undefined || prefetchesClosed()) return undefined;
  const controller = new AbortController();
  const answer = (client as SendLike).send(command as never, { abortSignal: controller.signal });
  if (adoptable) addPrefetch(prefetchKey(service, operation, command.input, fingerprint), answer, controller);
  else addHint(answer, controller);
  return answer;
}

export function createClients(options: ClientOptions): AwsClients {
  const callLog = options.callLog ?? [];
  const shared = sharedConfig(options);
  const withLog = { ...options, callLog };
  const latticeOut = latticeGate();
  // The first lattice request out (or the first lattice call ended) lets the other modules load.
  const latticeOptions = {
    ...withLog,
    onRequest: (service: ServiceKey) => {
      latticeOut.open();
      options.onRequest?.(service);
    },
  };
  /** A getter that loads the client class, builds it with the guard, log, record/replay and deadline. */
  const client = <C>(
    service: ServiceKey,
    load: () => Promise<new (config: SharedConfig) => C>,
    config: SharedConfig = shared,
  ): LazyClient<C> =>
    lazy(async () => {
      const lattice = service === "vpc-lattice";
      // A replay signs, sends and parses nothing: its clients are light, no SDK is loaded.
      if (options.replayer) return replayClient(service, { ...withLog, replayer: options.replayer }) as C;
      const [Client, pool] = await Promise.all([load(), connectionPool()]);
      const built = new Client({ ...config, requestHandler: { ...config.requestHandler, ...pool } });
      const fingerprint = adoptionFingerprint(service, config, options);
      if (fingerprint !== undefined) fingerprints.set(built as object, fingerprint);
      instrument(built as ClientLike, service, lattice ? latticeOptions : withLog, fingerprint);
      bindDeadline(built as SendLike, options.deadline);
      if (lattice) onFirstSettled(built as SendLike, latticeOut.open);
      return built;
    });
  const lattice = client("vpc-lattice", async () => (await sdk.lattice()).VPCLatticeClient);
  const sdk: SdkModules = options.replayer
    ? lightModules()
    : sdkModules(latticeOut, () => clients.lattice === lattice);
  const clients: AwsClients = {
    lattice,
    ec2: client("ec2", async () => (await sdk.ec2()).EC2Client),
    sts: client("sts", async () => (await sdk.sts()).STSClient),
    cloudwatch: client("cloudwatch", async () => (await sdk.cloudwatch()).CloudWatchClient),
    // IAM is global: the SDK's endpoint rules pick its endpoint (or AWS_ENDPOINT_URL_IAM) from the
    // partition; the region only says which partition (us-east-1 for aws, the region itself elsewhere).
    iam: client("iam", async () => (await sdk.iam()).IAMClient, {
      ...shared,
      region: iamRegion(options.region),
    }),
    ram: client("ram", async () => (await sdk.ram()).RAMClient),
    logs: client("logs", async () => (await sdk.logs()).CloudWatchLogsClient),
    // Under an endpoint override (a local stand-in for S3), buckets are addressed by path:
    // virtual-hosted style would put the bucket in the host name, which a loopback host lacks.
    s3: client("s3", async () => (await sdk.s3()).S3Client, {
      ...shared,
      ...(s3PathStyle(options) ? { forcePathStyle: true } : {}),
    }),
    sdk,
    callLog,
    ...(options.label ? { label: options.label } : {}),
  };
  return clients;
}

/**
 * Each service's module, the one its client's getter loads. Within createClients, lattice's loads
 * at once and holds back the others until the first lattice request is out (`latticeOut`), unless a
 * test has put a stub in place of the lattice client (`ownLattice`: no request of it then leaves).
 * Without a gate (a test's own set of clients), each loads when asked.
 */
export function sdkModules(latticeOut?: LatticeGate, ownLattice: () => boolean = () => true): SdkModules {
  const after = <M>(load: () => Promise<M>) =>
    lazy(async () => {
      await latticeOut?.passed();
      return load();
    });
  return {
    lattice: lazy(() => {
      if (ownLattice()) latticeOut?.arm();
      const loading = import("./sdk/vpc-lattice.js");
      // No lattice client, no request: nothing to wait for.
      if (latticeOut) loading.catch(latticeOut.open);
      return loading;
    }),
    ec2: after(() => import("./sdk/ec2.js")),
    sts: after(() => import("./sdk/sts.js")),
    cloudwatch: after(() => import("./sdk/cloudwatch.js")),
    iam: after(() => import("./sdk/iam.js")),
    ram: after(() => import("./sdk/ram.js")),
    logs: after(() => import("./sdk/logs.js")),
    s3: after(() => import("./sdk/s3.js")),
  };
}

/**
 * The light stand-ins of every service's module (light-sdk.ts), for a replay's clients: commands
 * and paginators without the SDK. The client classes are never built (createClients builds light
 * clients itself).
 */
function lightModules(): SdkModules {
  const light = <S extends ServiceKey>(service: S) => {
    const module = lightSdk(service);
    return () => Promise.resolve(module);
  };
  return {
    lattice: light("vpc-lattice"),
    ec2: light("ec2"),
    sts: light("sts"),
    cloudwatch: light("cloudwatch"),
    iam: light("iam"),
    ram: light("ram"),
    logs: light("logs"),
    s3: light("s3"),
  };
}
