/**
 * `lattice doctor`: parse the inputs (doctor-inputs.ts) → open the sources (live AWS, a replay, a
 * recording) → diagnose (resolve, gather, the checks, rank) → render → record. Every failure the
 * user can cause or meet is turned into its documented exit code with a message that says what to
 * do: never a stack trace.
 */
import { setMaxListeners } from "node:events";
import { relative } from "node:path";
import type { Io } from "../cli.js";
import {
  attemptTimeoutMs,
  createClients,
  DeadlineExceeded,
  gate,
  ReadOnlyViolation,
  type AwsClients,
  type CallRecord,
  type RunDeadline,
  type ServiceKey,
} from "../aws/clients.js";
import { newRecording, Replayer, saveRecording, type Recording } from "../aws/recording.js";
import { gather } from "../aws/gather.js";
import type { GatherOptions } from "../aws/gather-api.js";
import { otherSideClients, runCrossAccount } from "./doctor-xacct.js";
import { regionOfInput, resolveService } from "../aws/resolve.js";
import { AwsConfigError, toReadFailure } from "../aws/failures.js";
import { configErrorMessage, preflightMessage, preflightProblems } from "./doctor-config.js";
import { DEFAULT_RUN_TIMEOUT } from "./timeout.js";
import {
  EndpointUnreachableError,
  firstReadUnreached,
  nameLookupMessage,
  stopUnreachable,
} from "./doctor-unreachable.js";
import { AmbiguousServiceError, ServiceNotFoundError } from "../aws/gather-api.js";
import { applySuppressions, rank } from "../rank/rank.js";
import { DEFAULT_FAIL_ON, EXIT } from "../core/exit.js";
import { buildReport } from "../report/build.js";
import { inferSymptom } from "../rank/infer-symptom.js";
import type { AuthReport, Report } from "../report/types.js";
import type { Topology } from "../topology/types.js";
import type { AuthRequest } from "../policy/lattice.js";
import { colorEnabled } from "../render/color.js";
import { escapeControl } from "../render/sanitize.js";
import { DEMO_RECORDING, PACKAGE_ROOT, VERSION } from "../version.js";
import { redactDeep } from "../report/redact.js";
import type { LiveUi } from "../render/ui/run.js";
import { DEFAULT_WINDOW_SECONDS } from "../aws/gather-signals.js";
import { formatWindow } from "./window.js";
import { configuredRegion } from "../aws/region.js";
import { nodeSupportNote } from "../node-support.js";
import type { DoctorArgs } from "./doctor-command.js";
import { isUsageError, parseInputs, type DoctorInputs, type Replay } from "./doctor-inputs.js";
import type { Finding } from "../core/finding.js";
import type { CheckContext } from "../core/check.js";
import type { FailedRequestGroup, FailedRequests } from "../topology/access-log.js";
import { logRedactor } from "../report/redact.js";
import { DEFAULT_LOG_LIMIT, failedRequestsFor, type FailedRequestQuery } from "./why-logs.js";
import { byText } from "../core/util/collections.js";
import { monotonicMs } from "../core/util/clock.js";

/**
 * What runs after gather (the checks, the renderer), loaded while the first AWS calls are in flight
 * so that reading and compiling them overlaps the wait for the answers instead of delaying the calls.
 */
function loadAfterGather(output: DoctorArgs["output"]) {
  const loading = Promise.all([
    import("../../checks/index.js"),
    import("../engine/run-checks.js"),
    output === "json" ? import("../render/json.js") : undefined,
    output === undefined || output === "text" ? import("../render/text.js") : undefined,
  ]).then(([{ checks }, { runChecks }, json, text]) => ({ checks, runChecks, json, text }));
  // A run that fails before gather ends never awaits it: no unhandled rejection then.
  loading.catch(() => undefined);
  return loading;
}
type AfterGather = Awaited<ReturnType<typeof loadAfterGather>>;

/** The SDK's endpoint overrides in effect (reported in the context, never invented). */
function endpointOverrides(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value && /^AWS_ENDPOINT_URL(_[A-Z0-9_]+)?$/.test(key)) out[key] = value;
  }
  return out;
}

/**
 * The live terminal UI is the default when stdout is a terminal, outside CI, and TERM is not dumb;
 * any explicit --output (text included) wins. Ink cannot tell a pipe by itself: decided here.
 */
export function wantsLiveUi(args: Pick<DoctorArgs, "output">, io: Io): boolean {
  return args.output === undefined && io.stdout.isTTY === true && !io.env.CI && io.env.TERM !== "dumb";
}

/** The profile and region the run reads with. */
interface Account {
  profile?: string;
  region: string;
  /** Where the region came from (for the UI's header). */
  regionSource: string;
  /** The SDK's endpoint overrides in effect (none on a replay). */
  endpoints: Record<string, string>;
}

/** Where the answers come from (live AWS, or a replay) and where they go (the call log, a recording). */
interface Sources {
  clients: AwsClients;
  callLog: CallRecord[];
  recording?: Recording;
  /** The clock of the run: the end of the live-signal window. */
  now: Date;
  windowSeconds: number;
  deadline: RunDeadline;
  requestTimeoutMs?: number;
  /** Settled once the run's first request is out: what runs after gather loads then. */
  firstRequestsOut: Promise<void>;
  /** Marks the first requests as sent (the clients call it on their first request). */
  markFirstRequestsOut(): void;
  /** Stops the deadline's timer. */
  close(): void;
}

/** What happens after the diagnosis, for a command built on the doctor's run (`lattice why`). */
export interface Diagnosis {
  report: Report;
  /** Ranked, with `affects` (internal to ranking, not in the report). */
  findings: Finding[];
  topology: Topology;
  context: CheckContext;
  /** The run's clock (the recording's on a replay). */
  now: Date;
  color: boolean;
}

export interface DoctorHooks {
  /** The command whose --help a usage message points to (default doctor). */
  command?: string;
  /** The access-log query (`lattice why`'s --status, --request-id, --limit); default: every failed request. */
  logs?: FailedRequestQuery;
  /** Presents the diagnosis instead of the doctor's report; returns the exit code. */
  present?(diagnosis: Diagnosis): Promise<number>;
}

/** One run, as the steps after parsing see it. */
interface Run {
  hooks: DoctorHooks;
  args: DoctorArgs;
  io: Io;
  inputs: DoctorInputs;
  account: Account;
  sources: Sources;
  live?: LiveUi;
  color: boolean;
  started: number;
}

export async function runDoctor(args: DoctorArgs, io: Io, hooks: DoctorHooks = {}): Promise<number> {
  const usage = (io: Io, message: string) => usageOf(io, message, hooks.command ?? "doctor");
  if (args.jsonSchema) {
    const { renderJsonSchema } = await import("../report/schema.js");
    io.stdout.write(renderJsonSchema());
    return EXIT.ok;
  }
  const started = monotonicMs();
  if (!args.debug) io.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const nodeNote = args.verbose ? nodeSupportNote(process.version, new Date()) : undefined;
  if (nodeNote) io.stderr.write(`lattice: note: ${nodeNote}\n`);

  let inputs: DoctorInputs;
  try {
    inputs = await parseInputs(args, io);
  } catch (error) {
    if (isUsageError(error)) return usage(io, error.message);
    throw error;
  }
  const account = await locate(args, inputs, io);
  if (!account) return EXIT.noCredentials;
  const sources = openSources(args, inputs, account, io);
  const color = colorEnabled({
    stream: io.stdout,
    env: io.env,
    ...(args.color === false ? { flag: false } : {}),
  });
  const live = await startLive(args, inputs, account, color, io);
  const run: Run = { hooks, args, io, inputs, account, sources, color, started, ...(live ? { live } : {}) };
  let exit: number;
  try {
    const { diagnosis, renderers } = await diagnose(run);
    exit = hooks.present ? await hooks.present(diagnosis) : await render(run, diagnosis.report, renderers);
  } catch (error) {
    // The live lines go away before the message, so it is not drawn over.
    await live?.close();
    exit = await stop(run, error);
  }
  sources.close();
  await record(args, sources.recording, io);
  return exit;
}

function usageOf(io: Io, message: string, command: string): number {
  io.stderr.write(`lattice: ${message}\nRun 'lattice ${command} --help' for usage.\n`);
  return EXIT.usage;
}

/**
 * The profile and the region; a missing profile, no credentials, no region: all that apply, in
 * one message (exit 253, said here: undefined is returned).
 */
async function locate(args: DoctorArgs, inputs: DoctorInputs, io: Io): Promise<Account | undefined> {
  const recorded = inputs.replay?.recording.meta;
  if (args.profile && !recorded) io.env.AWS_PROFILE = args.profile;
  const profile = recorded ? recorded.profile : (args.profile ?? io.env.AWS_PROFILE);
  const arnRegion = regionOfInput(inputs.input);
  const region = arnRegion ?? (recorded ? recorded.region : await configuredRegion(args.region, io.env));
  const problems = recorded ? undefined : await preflightProblems({ profile, region, env: io.env });
  if (problems || !region) {
    io.stderr.write(`lattice: ${preflightMessage(problems ?? [])}`);
    return undefined;
  }
  const endpoints = recorded ? {} : endpointOverrides(io.env);
  return {
    region,
    regionSource: regionSource(args, io.env, arnRegion !== undefined, recorded !== undefined, profile),
    endpoints,
    ...(profile ? { profile } : {}),
  };
}

/** Where the region came from, in the order configuredRegion looks (for the UI's header). */
function regionSource(
  args: DoctorArgs,
  env: NodeJS.ProcessEnv,
  fromArn: boolean,
  replaying: boolean,
  profile: string | undefined,
): string {
  if (fromArn) return "the service ARN or DNS name";
  if (replaying) return "the recording";
  if (args.region) return "--region";
  if (env.AWS_REGION) return "AWS_REGION";
  if (env.AWS_DEFAULT_REGION) return "AWS_DEFAULT_REGION";
  return `the config of profile ${profile ?? "default"}`;
}

function openSources(args: DoctorArgs, inputs: DoctorInputs, account: Account, io: Io): Sources {
  const { replay } = inputs;
  // A replay takes the recording's clock, so the same file asks the same GetMetricData window
  // and gives the same report.
  const recordedAt = replay?.recording.meta.recordedAt;
  const now = recordedAt ? new Date(recordedAt) : new Date();
  const windowSeconds = windowOf(args, inputs, io);
  const callLog: CallRecord[] = [];
  const recording = args.record
    ? newRecording({
        input: inputs.input,
        region: account.region,
        ...(account.profile ? { profile: account.profile } : {}),
        recordedAt: now.toISOString(),
        windowSeconds,
        toolVersion: VERSION,
        ...(inputs.from ? { from: inputs.from } : {}),
        ...(inputs.otherLabel ? { otherCredentials: inputs.otherLabel } : {}),
      })
    : undefined;
  const { deadline, timer } = startDeadline(args.timeout ?? DEFAULT_RUN_TIMEOUT, inputs.deadlineMs);
  const requestTimeoutMs = attemptTimeoutMs(io.env);
  const firstRequests = gate();
  const clients = createClients({
    onRequest: firstOfEach(FIRST_SERVICES, firstRequests.open),
    region: account.region,
    callLog,
    deadline,
    ...(requestTimeoutMs ? { requestTimeoutMs } : {}),
    ...(replay ? { replayer: new Replayer(replay.recording) } : {}),
    ...(recording ? { recording } : {}),
  });
  return {
    clients,
    callLog,
    now,
    windowSeconds,
    deadline,
    ...(requestTimeoutMs ? { requestTimeoutMs } : {}),
    ...(recording ? { recording } : {}),
    firstRequestsOut: firstRequests.opened,
    markFirstRequestsOut: firstRequests.open,
    close: () => clearTimeout(timer),
  };
}

/**
 * The services gather reads at t=0. What runs after gather (the checks, the renderer: tens of ms of
 * CPU) loads once a request of each is out: the others' modules load after lattice's first request
 * (clients.ts), and compiling the checks then would hold their first requests back.
 */
const FIRST_SERVICES: readonly ServiceKey[] = ["vpc-lattice", "ec2", "sts", "cloudwatch"];

/** `done`, once a request of each of `services` has gone out. */
function firstOfEach(services: readonly ServiceKey[], done: () => void): (service: ServiceKey) => void {
  const waiting = new Set(services);
  return (service) => {
    if (waiting.delete(service) && waiting.size === 0) done();
  };
}

/** `--window`, or the recorded one on a replay (a replay holds only the data of its window). */
function windowOf(args: DoctorArgs, inputs: DoctorInputs, io: Io): number {
  const { replay, windowSeconds } = inputs;
  if (!replay) return windowSeconds ?? DEFAULT_WINDOW_SECONDS;
  const recorded = replay.recording.meta.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
  if (windowSeconds !== undefined && windowSeconds !== recorded)
    io.stderr.write(
      `lattice: warning: the recording was made with --window ${formatWindow(recorded)}; ` +
        `--window ${args.window ?? ""} asks for data it does not hold\n`,
    );
  return windowSeconds ?? recorded;
}

/** The run's deadline: calls unanswered then are aborted and reported as not read. */
function startDeadline(label: string, ms: number): { deadline: RunDeadline; timer: NodeJS.Timeout } {
  const controller = new AbortController();
  // Every call in flight listens on it: not a leak.
  setMaxListeners(0, controller.signal);
  const deadline: RunDeadline = { signal: controller.signal, label };
  const timer = setTimeout(
    () => controller.abort(new DeadlineExceeded(`the run's deadline (--timeout ${label}) passed`)),
    ms,
  );
  timer.unref();
  return { deadline, timer };
}

/** The live terminal UI, when wanted; should it fail to start, the plain text report is printed instead. */
async function startLive(
  args: DoctorArgs,
  inputs: DoctorInputs,
  account: Account,
  color: boolean,
  io: Io,
): Promise<LiveUi | undefined> {
  if (!wantsLiveUi(args, io)) return undefined;
  const { replay } = inputs;
  try {
    const { startLiveUi } = await import("../render/ui/run.js");
    return startLiveUi({
      stdout: io.stdout as NodeJS.WriteStream,
      header: {
        input: inputs.input,
        region: account.region,
        regionSource: account.regionSource,
        ...(account.profile ? { profile: account.profile } : {}),
        endpoints: account.endpoints,
        ...(replay ? { replay: replay.demo ? "the bundled demo recording" : replay.path } : {}),
      },
      color,
      verbose: args.verbose,
      trace: args.trace,
    });
  } catch {
    return undefined;
  }
}

/** Resolve, gather, the other side and the caller; then the checks, ranking and the report. */
async function diagnose(run: Run): Promise<{ diagnosis: Diagnosis; renderers: AfterGather }> {
  const { inputs, account, sources } = run;
  // The first calls (GetService or ListServices, and the caller's identity) go out first.
  const resolving = resolveService(inputs.input, sources.clients, account.region);
  // The checks and renderers are loaded once the first requests are out (or gather has ended):
  // compiling them then overlaps the wait for the answers instead of delaying the first calls.
  const afterGather = sources.firstRequestsOut.then(() => loadAfterGather(run.args.output));
  afterGather.catch(() => undefined);
  if (inputs.replay) sources.markFirstRequestsOut();
  const service = await resolved(resolving, inputs.input);
  run.live?.store.resolved(service);
  const gathered = await gather({
    clients: sources.clients,
    region: account.region,
    serviceId: service.id,
    concurrency: run.args.concurrency,
    now: sources.now,
    windowSeconds: sources.windowSeconds,
    ...logOptions(run),
    ...progressListener(run),
  });
  sources.markFirstRequestsOut();
  // The first read could not reach the endpoint: nothing can be diagnosed; one message, not a
  // could-not-check finding per call.
  const unreached = firstReadUnreached(gathered);
  if (unreached) throw new EndpointUnreachableError(inputs.input, unreached, gathered, service.id);
  const topology = await runCrossAccount({
    topology: gathered,
    primary: sources.clients,
    ...otherSide(run),
    ...(inputs.from ? { from: inputs.from } : {}),
    concurrency: run.args.concurrency,
  });
  // The access log's failed requests of the window, narrowed to the query.
  const failed = useLogs(topology, run);
  // No --as: the most denied principal of the window is evaluated as if it were given.
  const inferred =
    inputs.authRequest || run.hooks.present || !failed
      ? undefined
      : await mostDeniedRequest(failed, sources.now.toISOString());
  const auth = await readIdentity(run, topology, inferred?.request);
  const renderers = await afterGather;
  const judged = judge(run, topology, auth, renderers, auth ? await authReport(topology, auth) : undefined);
  if (inferred && judged.report.auth)
    judged.report.auth.inferredFrom = { source: "access-log", deniedRequests: inferred.deniedRequests };
  const report = run.args.redact ? redactDeep(redactLogFindings(judged.report)) : judged.report;
  return {
    diagnosis: { ...judged, report, topology, now: sources.now, color: run.color },
    renderers,
  };
}

/** Gather's access-log options: none with --no-logs; why's --status, --request-id and --limit. */
function logOptions(run: Run): Pick<GatherOptions, "logs" | "logLimit" | "logQuery"> {
  const query = run.hooks.logs;
  return {
    logs: run.args.logs !== false,
    ...(query ? { logLimit: query.limit } : {}),
    ...(query?.status || query?.requestId !== undefined
      ? {
          logQuery: {
            ...(query.status ? { status: query.status } : {}),
            ...(query.requestId !== undefined ? { requestId: query.requestId } : {}),
          },
        }
      : {}),
  };
}

/** The service named, or why it could not be looked up. */
async function resolved<T>(resolving: Promise<T>, input: string): Promise<T> {
  try {
    return await resolving;
  } catch (error) {
    if (error instanceof ServiceNotFoundError || error instanceof AmbiguousServiceError) throw error;
    if (error instanceof AwsConfigError || error instanceof ReadOnlyViolation) throw error;
    const failure = toReadFailure(error, {
      part: "service",
      service: "vpc-lattice",
      operation: "ListServices",
    });
    if (EndpointUnreachableError.covers(failure)) throw new EndpointUnreachableError(input, failure);
    throw new NameLookupError(input, error);
  }
}

/** gather's progress: to the live UI, or a line per hop on a terminal's stderr. */
function progressListener(run: Run): Pick<GatherOptions, "onProgress"> {
  const { live, args, io } = run;
  if (live) return { onProgress: (e) => live.store.progress(e) };
  if (!io.stderr.isTTY || args.debug || args.output === "json") return {};
  return {
    onProgress: (e) =>
      e.phase === "done" &&
      io.stderr.write(`  read ${e.hop}: ${e.read ?? 0}${e.failed ? `, ${e.failed} failed` : ""}\n`),
  };
}

/** The other side's clients, when its credentials were given (or recorded). */
function otherSide(run: Run): { other?: AwsClients } {
  const { args, inputs, account, sources } = run;
  if (!inputs.otherLabel) return {};
  return {
    other: otherSideClients({
      label: inputs.otherLabel,
      region: account.region,
      callLog: sources.callLog,
      ...(args.consumerProfile ? { consumerProfile: args.consumerProfile } : {}),
      ...(args.roleArn ? { roleArn: args.roleArn } : {}),
      ...(inputs.replay ? { replayer: new Replayer(inputs.replay.recording) } : {}),
      ...(sources.recording ? { recording: sources.recording } : {}),
      deadline: sources.deadline,
      ...(sources.requestTimeoutMs ? { requestTimeoutMs: sources.requestTimeoutMs } : {}),
    }),
  };
}

/** --as: the caller's identity policies; --from i-…/eni-…/sg-… gives the request its SourceVpc. */
async function readIdentity(
  run: Run,
  topology: Topology,
  inferred?: AuthRequest,
): Promise<AuthRequest | undefined> {
  let auth = run.inputs.authRequest ?? inferred;
  if (auth && !auth.sourceVpc && topology.client?.vpcId) auth = { ...auth, sourceVpc: topology.client.vpcId };
  if (auth) {
    const { gatherIdentity } = await import("../aws/gather-identity.js");
    await gatherIdentity(run.sources.clients, topology, auth);
  }
  return auth;
}

/** The report's `auth` block: the policy evaluator is loaded only by a run that evaluates a request. */
async function authReport(topology: Topology, auth: AuthRequest): Promise<AuthReport> {
  const { buildAuthReport } = await import("../report/auth.js");
  return buildAuthReport(topology, auth);
}

/** The checks, suppressions, the symptom (given or inferred), ranking, and the report. */
function judge(
  run: Run,
  topology: Topology,
  auth: AuthRequest | undefined,
  loaded: AfterGather,
  authBlock: AuthReport | undefined,
): { report: Report; findings: Finding[]; context: CheckContext } {
  const { args, inputs, account, sources } = run;
  const { pastedError, replay } = inputs;
  const context: CheckContext = {
    region: account.region,
    ...(account.profile ? { profile: account.profile } : {}),
    ...(auth ? { auth } : {}),
    ...(pastedError ? { pastedError } : {}),
    ...(inputs.from ? { from: inputs.from } : {}),
  };
  const checked = loaded.runChecks(topology, loaded.checks, context);
  const marked = applySuppressions(checked.findings, inputs.suppressions);
  // No --symptom: the live evidence of recent errors may suggest one; the report says it was inferred.
  const inferredSymptom = args.symptom ? undefined : inferSymptom(marked, loaded.checks);
  const symptom = args.symptom ?? inferredSymptom?.symptom;
  const match = pastedError?.match;
  // An error about another service says nothing about this one's layers (its explanation says so).
  const deniedBy =
    match && (match.serviceId === undefined || match.serviceId === topology.service.id)
      ? match.deniedBy
      : undefined;
  const findings = rank(marked, {
    checks: loaded.checks,
    ...(symptom ? { symptom } : {}),
    ...(deniedBy ? { deniedBy } : {}),
  });
  const built = buildReport({
    toolVersion: VERSION,
    input: inputs.input,
    ...(account.profile ? { profile: account.profile } : {}),
    endpoints: account.endpoints,
    topology,
    run: checked,
    findings,
    callLog: sources.callLog,
    durationMs: monotonicMs() - run.started,
    failOn: args.failOn ?? DEFAULT_FAIL_ON,
    ...(inferredSymptom ? { inferredSymptom } : {}),
    ...(authBlock ? { auth: authBlock } : {}),
    ...(replay ? { replay: replayContext(replay) } : {}),
  });
  return { report: built, findings, context };
}

/** The report on stdout, as asked; the exit code it carries. */
async function render(run: Run, report: Report, loaded: AfterGather): Promise<number> {
  const { args, io, live } = run;
  if (args.output === "json") {
    const { renderJson } = loaded.json ?? (await import("../render/json.js"));
    io.stdout.write(renderJson(report));
  } else if (args.output === "markdown") {
    const { renderMarkdown } = await import("../render/markdown.js");
    io.stdout.write(renderMarkdown(report, { generatedAt: new Date().toISOString() }));
  } else if (!(live && (await live.finish(report)))) {
    // Plain text, or the UI failed to draw the result: the result is never lost.
    const { renderText } = loaded.text ?? (await import("../render/text.js"));
    io.stdout.write(renderText(report, { color: run.color, verbose: args.verbose, trace: args.trace }));
  }
  return report.exitCode;
}

/** A run that could not finish: the message, and its exit code. */
async function stop(run: Run, error: unknown): Promise<number> {
  const { args, io, account, sources } = run;
  if (!(error instanceof EndpointUnreachableError))
    return explainFailure(error, io, account.profile, args.debug);
  return stopUnreachable(error, io, {
    output: args.output,
    region: account.region,
    ...(account.profile ? { profile: account.profile } : {}),
    endpoints: account.endpoints,
    callLog: sources.callLog,
    durationMs: monotonicMs() - run.started,
    failOn: args.failOn ?? DEFAULT_FAIL_ON,
    redact: args.redact,
  });
}

/** --record: every call of the run, written even when the run failed (that is when it is wanted). */
async function record(args: DoctorArgs, recording: Recording | undefined, io: Io): Promise<void> {
  if (!recording || !args.record) return;
  try {
    await saveRecording(args.record, args.redact ? redactDeep(recording) : recording);
    io.stderr.write(`lattice: recorded ${recording.calls.length} calls to ${args.record}\n`);
  } catch (error) {
    io.stderr.write(
      `lattice: could not write the recording to ${args.record}: ${(error as Error).message}\n`,
    );
  }
}

/** context.replay: the bundled demo is named by its path inside the package, the same on every machine. */
function replayContext(replay: Replay): { file: string; recordedAt?: string } {
  const { recordedAt } = replay.recording.meta;
  return {
    file: replay.demo ? relative(PACKAGE_ROOT, DEMO_RECORDING) : replay.path,
    ...(recordedAt ? { recordedAt } : {}),
  };
}

/** Looking a name up (ListServices) failed for a reason other than credentials. */
class NameLookupError extends Error {
  constructor(
    readonly input: string,
    override readonly cause: unknown,
  ) {
    super(`could not look up the service named "${input}"`);
  }
}

async function explainFailure(
  error: unknown,
  io: Io,
  profile: string | undefined,
  debug: boolean,
): Promise<number> {
  if (error instanceof ServiceNotFoundError) {
    io.stderr.write(`lattice: ${escapeControl(error.message)}\n`);
    return EXIT.notFound;
  }
  if (error instanceof AmbiguousServiceError) {
    // One match a line, once: the message itself holds no list (escaping would show its \n).
    const list = error.matches.map((m) => `  ${m.id}  ${escapeControl(m.name)}  ${m.arn}\n`).join("");
    io.stderr.write(`lattice: ${escapeControl(error.message)}\n${list}`);
    return EXIT.notFound;
  }
  if (error instanceof NameLookupError) {
    // Looking a name up needs ListServices; say what failed (a grant only for a denial) and how to go on without it.
    io.stderr.write(`lattice: ${nameLookupMessage(error.input, error.cause)}\n`);
    return EXIT.incomplete;
  }
  if (error instanceof AwsConfigError) {
    io.stderr.write(`lattice: ${await configErrorMessage(error, profile, io.env)}\n`);
    return EXIT.noCredentials;
  }
  const detail = debug
    ? ((error as Error)?.stack ?? String(error))
    : ((error as Error)?.message ?? String(error));
  io.stderr.write(
    `lattice: internal error: ${escapeControl(detail)}\n(re-run with --debug for details, and please report it)\n`,
  );
  return EXIT.internal;
}

/**
 * `--redact` for the access log's evidence: when the log was read into the report (the failed-requests
 * findings, or an `auth` block evaluated for its principal), callers' names are masked everywhere they
 * appear (titles, fixes, the auth block), and IP addresses in the failed-requests evidence.
 */
function redactLogFindings(report: Report): Report {
  const logged = (f: Report["findings"][number]) =>
    f.evidence.some((e) => e.call.startsWith("logs:") || e.call.startsWith("s3:"));
  if (!report.auth?.inferredFrom && !report.findings.some(logged)) return report;
  const r = logRedactor();
  return r.deep(
    {
      ...report,
      findings: report.findings.map((f) => (logged(f) ? r.deep(f) : f)),
    },
    { ips: false },
  );
}

/**
 * The window's failed requests, narrowed to the query, into topology.signals (the failed-requests
 * check reads them); with `--no-logs` none, so that check is not applicable rather than passed.
 */
function useLogs(topology: Topology, run: Run): FailedRequests | undefined {
  if (!topology.signals) return undefined;
  const failed =
    run.args.logs === false
      ? undefined
      : failedRequestsFor(topology, run.hooks.logs ?? { limit: DEFAULT_LOG_LIMIT, insights: false });
  if (failed) topology.signals.failedRequests = failed;
  else delete topology.signals.failedRequests;
  return failed;
}

/**
 * Without `--as`: the principal the window's 403 groups name most often, with the method, path and
 * source VPC of its largest group, as the request to evaluate (what `--as` would have given).
 * `Unknown` and principals the evaluator cannot read are passed over.
 */
export async function mostDeniedRequest(
  failed: FailedRequests,
  currentTime: string,
): Promise<{ request: AuthRequest; deniedRequests: number } | undefined> {
  // The principal parser (src/policy) is loaded only for a window with failed requests.
  const { parseCaller } = await import("../policy/principal.js");
  const totals = new Map<string, { count: number; largest: FailedRequestGroup }>();
  for (const g of failed.groups) {
    const principal = g.callerPrincipal;
    if (g.responseCode !== 403 || !principal || principal === "Unknown") continue;
    try {
      parseCaller(principal);
    } catch {
      continue;
    }
    const seen = totals.get(principal);
    if (!seen) totals.set(principal, { count: g.count, largest: g });
    else {
      seen.count += g.count;
      if (g.count > seen.largest.count) seen.largest = g;
    }
  }
  const [principal, top] = [...totals].sort((a, b) => b[1].count - a[1].count || byText(a[0], b[0]))[0] ?? [];
  if (!principal || !top) return undefined;
  const g = top.largest;
  return {
    request: {
      principal,
      method: g.requestMethod ?? "GET",
      path: g.requestPath ?? "/",
      headers: {},
      query: {},
      currentTime,
      ...(g.sourceVpcId ? { sourceVpc: g.sourceVpcId } : {}),
    },
    deniedRequests: top.count,
  };
}
