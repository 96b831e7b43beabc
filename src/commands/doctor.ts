/**
 * `lattice doctor`: resolve the service, gather, run the checks, rank, render. Every failure the
 * user can cause or meet is turned into its documented exit code with a message that says what to
 * do: never a stack trace.
 */
import { setMaxListeners } from "node:events";
import type { Io } from "../cli.js";
import {
  createClients,
  DeadlineExceeded,
  ReadOnlyViolation,
  type CallRecord,
  type RunDeadline,
} from "../aws/clients.js";
import {
  loadRecording,
  newRecording,
  Replayer,
  saveRecording,
  RecordingFormatError,
  type Recording,
} from "../aws/recording.js";
import { gather } from "../aws/gather.js";
import {
  crossAccountWanted,
  otherSideClients,
  otherSideLabel,
  replayFromMismatch,
  runCrossAccount,
} from "./doctor-xacct.js";
import {
  parseServiceInput,
  regionOfInput,
  resolveService,
  InvalidServiceInputError,
  type ParsedServiceInput,
} from "../aws/resolve.js";
import { AwsConfigError, toReadFailure } from "../aws/failures.js";
import { configErrorMessage, preflightMessage, preflightProblems } from "./doctor-config.js";
import { DEFAULT_RUN_TIMEOUT, InvalidTimeoutError, parseRunTimeout } from "./timeout.js";
import {
  EndpointUnreachableError,
  firstReadUnreached,
  nameLookupMessage,
  stopUnreachable,
} from "./doctor-unreachable.js";
import { AmbiguousServiceError, ServiceNotFoundError } from "../aws/gather-api.js";
import { applySuppressions, parseSuppression, rank, type Suppression, type Symptom } from "../rank/rank.js";
import { buildReport, EXIT } from "../report/build.js";
import { inferSymptom } from "../rank/infer-symptom.js";
import type { FailOn } from "../report/types.js";
import { colorEnabled } from "../render/color.js";
import { escapeControl } from "../render/sanitize.js";
import { relative } from "node:path";
import { DEMO_RECORDING, PACKAGE_ROOT, VERSION } from "../version.js";
import { redactDeep } from "../report/redact.js";
import type { LiveUi } from "../render/ui/run.js";
import { DEFAULT_WINDOW_SECONDS } from "../aws/gather-signals.js";
import { formatWindow, InvalidWindowError, parseWindow } from "./window.js";
import { AuthArgsError, authRequestFrom, type AuthArgs } from "./auth-args.js";
import { configuredRegion } from "../aws/region.js";
import { nodeSupportNote } from "../node-support.js";
import type { CheckContext, Finding } from "../../checks/define.js";
import type { Report } from "../report/types.js";
import type { Topology } from "../topology/types.js";
import type { FailedRequestGroup, FailedRequests } from "../topology/access-log.js";
import type { AuthRequest } from "../policy/lattice.js";
import { parseCaller } from "../policy/principal.js";
import { logRedactor } from "../report/redact.js";
import { DEFAULT_LOG_LIMIT, failedRequestsFor, type FailedRequestQuery } from "./why-logs.js";

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

export interface DoctorArgs extends AuthArgs {
  service?: string;
  region?: string;
  profile?: string;
  output?: "text" | "json" | "markdown";
  jsonSchema: boolean;
  redact: boolean;
  failOn: FailOn;
  symptom?: Symptom;
  /** `--window` as typed (15m when absent). */
  window?: string;
  /** `--timeout` as typed: the run's deadline (45s when absent). */
  timeout?: string;
  /** `--error "<text>"`: what the client saw (LAT-410). */
  error?: string;
  trace: boolean;
  ignore?: string[];
  record?: string;
  replay?: string;
  demo: boolean;
  verbose: boolean;
  debug: boolean;
  color?: boolean;
  concurrency: number;
  /** `--from vpc-…|i-…|eni-…|sg-…`: the failing client. */
  from?: string;
  /** `--consumer-profile <name>` / `--role-arn <arn>`: the other side of a cross-account path. */
  consumerProfile?: string;
  roleArn?: string;
  /** false with `--no-logs`: the access log's failed requests are not read (LAT-606 not applicable). */
  logs?: boolean;
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

/** The SDK's endpoint overrides in effect (reported in the context, never invented). */
export function endpointOverrides(env: NodeJS.ProcessEnv): Record<string, string> {
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

function usageOf(io: Io, message: string, command: string): number {
  io.stderr.write(`lattice: ${message}\nRun 'lattice ${command} --help' for usage.\n`);
  return EXIT.usage;
}

export async function runDoctor(args: DoctorArgs, io: Io, hooks: DoctorHooks = {}): Promise<number> {
  const usage = (io: Io, message: string) => usageOf(io, message, hooks.command ?? "doctor");
  if (args.jsonSchema) {
    const { renderJsonSchema } = await import("../report/schema.js");
    io.stdout.write(renderJsonSchema());
    return EXIT.ok;
  }
  const started = performance.now();
  if (!args.debug) io.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const nodeNote = args.verbose ? nodeSupportNote(process.version, new Date()) : undefined;
  if (nodeNote) io.stderr.write(`lattice: note: ${nodeNote}\n`);

  const suppressions: Suppression[] = [];
  for (const text of args.ignore ?? []) {
    const s = parseSuppression(text);
    if (!s)
      return usage(
        io,
        `--ignore ${text}: expected LAT-### or LAT-###=<resource id or ARN>, e.g. --ignore LAT-207=snva-0123456789abcdef0`,
      );
    suppressions.push(s);
  }
  let windowSeconds: number | undefined;
  if (args.window !== undefined) {
    try {
      windowSeconds = parseWindow(args.window);
    } catch (error) {
      if (error instanceof InvalidWindowError) return usage(io, error.message);
      throw error;
    }
  }
  let deadlineMs: number;
  try {
    deadlineMs = parseRunTimeout(args.timeout ?? DEFAULT_RUN_TIMEOUT);
  } catch (error) {
    if (error instanceof InvalidTimeoutError) return usage(io, error.message);
    throw error;
  }
  if (args.error !== undefined && args.error.trim() === "")
    return usage(
      io,
      '--error needs the text the client saw, e.g. --error "AccessDeniedException: User: … because no service-based policy allows …"',
    );
  // The error-text matcher (and the policy code it names layers with) only with --error.
  const pastedError =
    args.error === undefined
      ? undefined
      : { text: args.error, match: (await import("../policy/error-text.js")).explainErrorText(args.error) };
  if (pastedError && !pastedError.match)
    io.stderr.write(
      "lattice: --error: this text is not one lattice knows (no network-, service- or identity-based policy phrase, no SigV4 error): findings are ranked as usual.\n",
    );
  if (args.demo && args.replay)
    return usage(io, "--demo and --replay both name a recording: use one of them");
  if (args.demo && args.record)
    return usage(io, "--demo replays a bundled recording: --record cannot be used with it");

  // Replay: the recording says what was asked and where.
  let replay: Recording | undefined;
  const replayPath = args.demo ? DEMO_RECORDING : args.replay;
  if (replayPath) {
    try {
      replay = await loadRecording(replayPath);
    } catch (error) {
      const message =
        error instanceof RecordingFormatError
          ? error.message
          : `cannot read ${replayPath}: ${(error as Error).message}`;
      return usage(io, message);
    }
  }
  const input = args.service ?? replay?.meta.input;
  let parsed: ParsedServiceInput | undefined;
  try {
    if (input) parsed = parseServiceInput(input);
  } catch (error) {
    if (error instanceof InvalidServiceInputError) return usage(io, error.message);
    throw error;
  }
  // The URL the client called: its path is the request's, unless --path says otherwise.
  const urlPath = parsed && "path" in parsed ? parsed.path : undefined;
  // --as: the request to evaluate; a replay evaluates at the recording's time, so it is repeatable.
  let authRequest;
  try {
    authRequest = authRequestFrom(
      args.as !== undefined && args.path === undefined && urlPath ? { ...args, path: urlPath } : args,
      replay?.meta.recordedAt ?? new Date().toISOString(),
    );
  } catch (error) {
    if (error instanceof AuthArgsError) return usage(io, error.message);
    throw error;
  }
  const from = args.from ?? replay?.meta.from;
  const otherLabel = replay ? replay.meta.otherCredentials : otherSideLabel(args);
  const crossProblem = crossAccountWanted({ ...args, from });
  if (crossProblem) return usage(io, crossProblem);
  if (replay && args.from !== undefined && args.from !== replay.meta.from)
    return usage(io, replayFromMismatch(replayPath!, args.from, replay.meta.from));
  if (replay && (args.consumerProfile || args.roleArn))
    io.stderr.write(
      "lattice: a replay reads both sides from the recording: --consumer-profile / --role-arn are ignored\n",
    );
  if (!input)
    return usage(
      io,
      "name the service: lattice doctor <svc-… id | service ARN | name | URL or DNS name> (or --demo)",
    );

  if (args.profile && !replay) io.env.AWS_PROFILE = args.profile;
  const profile = replay ? replay.meta.profile : (args.profile ?? io.env.AWS_PROFILE);
  const arnRegion = regionOfInput(input);
  const region = arnRegion ?? (replay ? replay.meta.region : await configuredRegion(args.region, io.env));
  // A missing profile, no credentials, no region: all that apply, in one message.
  const problems = replay ? undefined : await preflightProblems({ profile, region, env: io.env });
  if (problems || !region) {
    io.stderr.write(`lattice: ${preflightMessage(problems ?? [])}`);
    return EXIT.noCredentials;
  }

  // The clock of the run (the end of the live-signal window). A replay takes the recording's, so the
  // same file asks the same GetMetricData window and gives the same report.
  const now = replay?.meta.recordedAt ? new Date(replay.meta.recordedAt) : new Date();
  if (replay) {
    const recorded = replay.meta.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
    if (windowSeconds !== undefined && windowSeconds !== recorded)
      io.stderr.write(
        `lattice: warning: the recording was made with --window ${formatWindow(recorded)}; ` +
          `--window ${args.window ?? ""} asks for data it does not hold\n`,
      );
    windowSeconds ??= recorded;
  }
  windowSeconds ??= DEFAULT_WINDOW_SECONDS;
  const callLog: CallRecord[] = [];
  const recording = args.record
    ? newRecording({
        input,
        region,
        ...(profile ? { profile } : {}),
        recordedAt: now.toISOString(),
        windowSeconds,
        toolVersion: VERSION,
        ...(from ? { from } : {}),
        ...(otherLabel ? { otherCredentials: otherLabel } : {}),
      })
    : undefined;
  // The run's deadline: calls unanswered then are aborted and reported as not read (LAT-901).
  const deadlineController = new AbortController();
  // Every call in flight listens on it: not a leak.
  setMaxListeners(0, deadlineController.signal);
  const deadline: RunDeadline = {
    signal: deadlineController.signal,
    label: args.timeout ?? DEFAULT_RUN_TIMEOUT,
  };
  const deadlineTimer = setTimeout(
    () =>
      deadlineController.abort(
        new DeadlineExceeded(`the run's deadline (--timeout ${deadline.label}) passed`),
      ),
    deadlineMs,
  );
  deadlineTimer.unref();
  const requestTimeoutMs = attemptTimeoutMs(io.env);
  const clients = createClients({
    region,
    callLog,
    deadline,
    ...(requestTimeoutMs ? { requestTimeoutMs } : {}),
    ...(replay ? { replayer: new Replayer(replay) } : {}),
    ...(recording ? { recording } : {}),
  });

  const color = colorEnabled({
    stream: io.stdout,
    env: io.env,
    ...(args.color === false ? { flag: false } : {}),
  });
  let live: LiveUi | undefined;
  if (wantsLiveUi(args, io)) {
    // Should the UI fail to start, the plain text report is printed instead.
    try {
      const { startLiveUi } = await import("../render/ui/run.js");
      live = startLiveUi({
        stdout: io.stdout as NodeJS.WriteStream,
        header: {
          input,
          region,
          regionSource: regionSource(args, io.env, arnRegion !== undefined, replay !== undefined, profile),
          ...(profile ? { profile } : {}),
          endpoints: replay ? {} : endpointOverrides(io.env),
          ...(replayPath ? { replay: args.demo ? "the bundled demo recording" : replayPath } : {}),
        },
        color,
        verbose: args.verbose,
        trace: args.trace,
      });
    } catch {
      live = undefined;
    }
  }
  const progress = !live && io.stderr.isTTY && !args.debug && args.output !== "json";
  let exit: number;
  try {
    let resolved;
    // The first calls (GetService or ListServices, and the caller's identity) go out first.
    const resolving = resolveService(input, clients, region);
    const afterGather = loadAfterGather(args.output);
    try {
      resolved = await resolving;
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
    live?.store.resolved(resolved);
    const serviceId = resolved.id;
    const gathered = await gather({
      clients,
      region,
      serviceId: resolved.id,
      concurrency: args.concurrency,
      now,
      windowSeconds,
      // The access log's failed requests (issue 17): not with --no-logs; why's --status/--request-id/--limit.
      logs: args.logs !== false,
      ...(hooks.logs ? { logLimit: hooks.logs.limit } : {}),
      ...(hooks.logs?.status || hooks.logs?.requestId !== undefined
        ? {
            logQuery: {
              ...(hooks.logs.status ? { status: hooks.logs.status } : {}),
              ...(hooks.logs.requestId !== undefined ? { requestId: hooks.logs.requestId } : {}),
            },
          }
        : {}),
      ...(live
        ? { onProgress: (e) => live.store.progress(e) }
        : progress
          ? {
              onProgress: (e) =>
                e.phase === "done" &&
                io.stderr.write(`  read ${e.hop}: ${e.read ?? 0}${e.failed ? `, ${e.failed} failed` : ""}\n`),
            }
          : {}),
    });
    // The first read could not reach the endpoint: nothing can be diagnosed; one message, not a LAT-901 per call.
    const unreached = firstReadUnreached(gathered);
    if (unreached) throw new EndpointUnreachableError(input, unreached, gathered, serviceId);
    const other = otherLabel
      ? otherSideClients({
          label: otherLabel,
          region,
          callLog,
          ...(args.consumerProfile ? { consumerProfile: args.consumerProfile } : {}),
          ...(args.roleArn ? { roleArn: args.roleArn } : {}),
          ...(replay ? { replayer: new Replayer(replay) } : {}),
          ...(recording ? { recording } : {}),
          deadline,
          ...(requestTimeoutMs ? { requestTimeoutMs } : {}),
        })
      : undefined;
    const full = await runCrossAccount({
      topology: gathered,
      primary: clients,
      ...(other ? { other } : {}),
      ...(from ? { from } : {}),
      concurrency: args.concurrency,
    });
    const topology = full;
    // The access log's failed requests of the window (issue 17), narrowed to the query.
    const failed = useLogs(topology, args, hooks);
    // No --as: the most denied principal of the window is evaluated as if it were given.
    const inferred =
      authRequest || hooks.present || !failed ? undefined : mostDeniedRequest(failed, now.toISOString());
    if (inferred) authRequest = inferred.request;
    // --from i-…/eni-…/sg-…: the resolved client's VPC is the request's vpc-lattice-svcs:SourceVpc.
    if (authRequest && !authRequest.sourceVpc && topology.client?.vpcId)
      authRequest = { ...authRequest, sourceVpc: topology.client.vpcId };
    if (authRequest) {
      const { gatherIdentity } = await import("../aws/gather-identity.js");
      await gatherIdentity(clients, topology, authRequest);
    }
    const { checks, runChecks, json, text } = await afterGather;
    const context = {
      region,
      ...(profile ? { profile } : {}),
      ...(authRequest ? { auth: authRequest } : {}),
      ...(pastedError ? { pastedError } : {}),
      ...(from ? { from } : {}),
    };
    const run = runChecks(topology, checks, context);
    const marked = applySuppressions(run.findings, suppressions);
    // No --symptom: the live evidence (LAT-604) may suggest one; the report says it was inferred.
    const inferredSymptom = args.symptom ? undefined : inferSymptom(marked);
    const symptom = args.symptom ?? inferredSymptom?.symptom;
    const match = pastedError?.match;
    // An error about another service says nothing about this one's layers (LAT-410 says so).
    const deniedBy =
      match && (match.serviceId === undefined || match.serviceId === topology.service.id)
        ? match.deniedBy
        : undefined;
    const findings = rank(marked, { ...(symptom ? { symptom } : {}), ...(deniedBy ? { deniedBy } : {}) });
    const built = buildReport({
      toolVersion: VERSION,
      input,
      ...(profile ? { profile } : {}),
      endpoints: replay ? {} : endpointOverrides(io.env),
      topology,
      run,
      findings,
      callLog,
      durationMs: performance.now() - started,
      failOn: args.failOn,
      ...(inferredSymptom ? { inferredSymptom } : {}),
      ...(authRequest ? { auth: authRequest } : {}),
      ...(replay ? { replay: replayContext(replayPath!, args.demo, replay) } : {}),
    });
    if (inferred && built.auth)
      built.auth.inferredFrom = { source: "access-log", deniedRequests: inferred.deniedRequests };
    exit = hooks.present
      ? await hooks.present({ report: built, findings, topology, context, now, color })
      : await present(built, args, io, { json, text, live, color });
  } catch (error) {
    // The live lines go away before the message, so it is not drawn over.
    await live?.close();
    exit =
      error instanceof EndpointUnreachableError
        ? stopUnreachable(error, io, {
            output: args.output,
            region,
            ...(profile ? { profile } : {}),
            endpoints: replay ? {} : endpointOverrides(io.env),
            callLog,
            durationMs: performance.now() - started,
            failOn: args.failOn,
            redact: args.redact,
          })
        : await explainFailure(error, io, profile, args.debug);
  }
  clearTimeout(deadlineTimer);
  if (recording && args.record) {
    try {
      await saveRecording(args.record, args.redact ? redactDeep(recording) : recording);
      io.stderr.write(`lattice: recorded ${recording.calls.length} calls to ${args.record}\n`);
    } catch (error) {
      io.stderr.write(
        `lattice: could not write the recording to ${args.record}: ${(error as Error).message}\n`,
      );
    }
  }
  return exit;
}

/** context.replay: the bundled demo is named by its path inside the package, the same on every machine. */
function replayContext(
  path: string,
  demo: boolean,
  replay: Recording,
): { file: string; recordedAt?: string } {
  return {
    file: demo ? relative(PACKAGE_ROOT, DEMO_RECORDING) : path,
    ...(replay.meta.recordedAt ? { recordedAt: replay.meta.recordedAt } : {}),
  };
}

/** Internal: the per-attempt timeout in ms (LATTICE_DOCTOR_ATTEMPT_TIMEOUT_MS), for tests that hang a call. */
function attemptTimeoutMs(env: NodeJS.ProcessEnv): number | undefined {
  const value = Number(env.LATTICE_DOCTOR_ATTEMPT_TIMEOUT_MS);
  return Number.isInteger(value) && value > 0 ? value : undefined;
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
  return 70;
}

/** The doctor's own report, in the form asked for; returns its exit code. */
async function present(
  built: Report,
  args: DoctorArgs,
  io: Io,
  loaded: {
    json: typeof import("../render/json.js") | undefined;
    text: typeof import("../render/text.js") | undefined;
    live: LiveUi | undefined;
    color: boolean;
  },
): Promise<number> {
  const { json, text, live, color } = loaded;
  const report = args.redact ? redactDeep(redactLogFindings(built)) : built;
  if (args.output === "json") {
    const { renderJson } = json ?? (await import("../render/json.js"));
    io.stdout.write(renderJson(report));
  } else if (args.output === "markdown") {
    const { renderMarkdown } = await import("../render/markdown.js");
    io.stdout.write(renderMarkdown(report, { generatedAt: new Date().toISOString() }));
  } else if (!(live && (await live.finish(report)))) {
    // Plain text, or the UI failed to draw the result: the result is never lost.
    const { renderText } = text ?? (await import("../render/text.js"));
    io.stdout.write(renderText(report, { color, verbose: args.verbose, trace: args.trace }));
  }
  return report.exitCode;
}

/**
 * `--redact` for the access log's evidence: when the log was read into the report (LAT-606, or an
 * `auth` block evaluated for its principal), callers' names are masked everywhere they appear
 * (titles, fixes, the auth block), and IP addresses in LAT-606's evidence.
 */
function redactLogFindings(report: Report): Report {
  if (!report.auth?.inferredFrom && !report.findings.some((f) => f.code === "LAT-606")) return report;
  const r = logRedactor();
  return r.deep(
    {
      ...report,
      findings: report.findings.map((f) => (f.code === "LAT-606" ? r.deep(f) : f)),
    },
    { ips: false },
  );
}

/**
 * The window's failed requests, narrowed to the query, into topology.signals (LAT-606 reads them);
 * with `--no-logs` none, so LAT-606 is not applicable rather than passed.
 */
function useLogs(topology: Topology, args: DoctorArgs, hooks: DoctorHooks): FailedRequests | undefined {
  if (!topology.signals) return undefined;
  const failed =
    args.logs === false
      ? undefined
      : failedRequestsFor(topology, hooks.logs ?? { limit: DEFAULT_LOG_LIMIT, insights: false });
  if (failed) topology.signals.failedRequests = failed;
  else delete topology.signals.failedRequests;
  return failed;
}

/**
 * Without `--as`: the principal the window's 403 groups name most often, with the method, path and
 * source VPC of its largest group, as the request to evaluate (what `--as` would have given).
 * `Unknown` and principals the evaluator cannot read are passed over.
 */
export function mostDeniedRequest(
  failed: FailedRequests,
  currentTime: string,
): { request: AuthRequest; deniedRequests: number } | undefined {
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
  const [principal, top] =
    [...totals].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))[0] ?? [];
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
