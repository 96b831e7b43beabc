/**
 * `doctor`'s first step: what the command line (and a replayed recording) asks for, checked before
 * any call. Every mistake is a usage error (exit 2) that says what was expected; the checks run in
 * the order the flags are documented, so the first mistake is the one reported.
 */
import type { Io } from "../cli.js";
import type { CheckContext } from "../core/check.js";
import type { AuthRequest } from "../policy/lattice.js";
import { loadRecording, RecordingFormatError, type Recording } from "../aws/recording.js";
import { InvalidServiceInputError, parseServiceInput } from "../aws/resolve.js";
import { parseSuppression, type Suppression } from "../rank/rank.js";
import { DEMO_RECORDING } from "../version.js";
import { AuthArgsError, authRequestFrom } from "./auth-args.js";
import type { DoctorArgs } from "./doctor-command.js";
import { crossAccountWanted, otherSideLabel, replayFromMismatch } from "./doctor-xacct.js";
import { DEFAULT_RUN_TIMEOUT, InvalidTimeoutError, parseRunTimeout } from "./timeout.js";
import { InvalidWindowError, parseWindow } from "./window.js";

export interface DoctorInputs {
  /** The service as typed, or as the recording names it. */
  input: string;
  suppressions: Suppression[];
  /** `--window` in seconds, when given. */
  windowSeconds?: number;
  /** The run's deadline (`--timeout`, 45s when absent). */
  deadlineMs: number;
  pastedError?: CheckContext["pastedError"];
  replay?: Replay;
  /** `--as` and the request flags: the request whose authorization is evaluated. */
  authRequest?: AuthRequest;
  /** `--from`, as given or recorded. */
  from?: string;
  /** How the report names the other side's credentials (`--consumer-profile` / `--role-arn`). */
  otherLabel?: string;
}

/** `--demo` or `--replay <file>`: the recording says what was asked and where. */
export interface Replay {
  recording: Recording;
  path: string;
  demo: boolean;
}

/** A mistake on the command line: the message says what was expected. */
class DoctorUsageError extends Error {
  override name = "DoctorUsageError";
}

/** The errors the parsers of the flags throw for a value they cannot take. */
const USAGE_ERRORS = [
  DoctorUsageError,
  InvalidWindowError,
  InvalidTimeoutError,
  RecordingFormatError,
  InvalidServiceInputError,
  AuthArgsError,
];

export function isUsageError(error: unknown): error is Error {
  return USAGE_ERRORS.some((kind) => error instanceof kind);
}

/** Everything the run needs from the command line; throws a usage error (see isUsageError). */
export async function parseInputs(args: DoctorArgs, io: Io): Promise<DoctorInputs> {
  const flags = parseFlags(args);
  const pastedError = await readPastedError(args, io);
  const replay = await openReplay(args);
  const target = await parseTarget(args, replay, io);
  return {
    ...flags,
    ...target,
    ...(pastedError ? { pastedError } : {}),
    ...(replay ? { replay } : {}),
  };
}

function parseFlags(args: DoctorArgs): Pick<DoctorInputs, "suppressions" | "windowSeconds" | "deadlineMs"> {
  const suppressions = (args.ignore ?? []).map((text) => {
    const s = parseSuppression(text);
    if (!s)
      throw new DoctorUsageError(
        `--ignore ${text}: expected LAT-### or LAT-###=<resource id or ARN>, e.g. --ignore LAT-207=snva-0123456789abcdef0`,
      );
    return s;
  });
  const windowSeconds = args.window !== undefined ? parseWindow(args.window) : undefined;
  const deadlineMs = parseRunTimeout(args.timeout ?? DEFAULT_RUN_TIMEOUT);
  if (args.error !== undefined && args.error.trim() === "")
    throw new DoctorUsageError(
      '--error needs the text the client saw, e.g. --error "AccessDeniedException: User: … because no service-based policy allows …"',
    );
  return { suppressions, deadlineMs, ...(windowSeconds !== undefined ? { windowSeconds } : {}) };
}

/** `--error`: the text and its cause. The matcher (and the policy code it names layers with) loads only then. */
async function readPastedError(args: DoctorArgs, io: Io): Promise<DoctorInputs["pastedError"]> {
  if (args.error === undefined) return undefined;
  const { explainErrorText } = await import("../policy/error-text.js");
  const match = explainErrorText(args.error);
  if (!match)
    io.stderr.write(
      "lattice: --error: this text is not one lattice knows (no network-, service- or identity-based policy phrase, no SigV4 error): findings are ranked as usual.\n",
    );
  return { text: args.error, match };
}

async function openReplay(args: DoctorArgs): Promise<Replay | undefined> {
  if (args.demo && args.replay)
    throw new DoctorUsageError("--demo and --replay both name a recording: use one of them");
  if (args.demo && args.record)
    throw new DoctorUsageError("--demo replays a bundled recording: --record cannot be used with it");
  const path = args.demo ? DEMO_RECORDING : args.replay;
  if (!path) return undefined;
  try {
    return { recording: await loadRecording(path), path, demo: args.demo };
  } catch (error) {
    if (error instanceof RecordingFormatError) throw error;
    throw new DoctorUsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

/** The service, the request to evaluate, and the client's side. */
async function parseTarget(
  args: DoctorArgs,
  replay: Replay | undefined,
  io: Io,
): Promise<Pick<DoctorInputs, "input" | "authRequest" | "from" | "otherLabel">> {
  const recorded = replay?.recording.meta;
  const input = args.service ?? recorded?.input;
  const parsed = input ? parseServiceInput(input) : undefined;
  // The URL the client called: its path is the request's, unless --path says otherwise.
  const urlPath = parsed && "path" in parsed ? parsed.path : undefined;
  // --as: the request to evaluate; a replay evaluates at the recording's time, so it is repeatable.
  const authRequest = await authRequestFrom(
    args.as !== undefined && args.path === undefined && urlPath ? { ...args, path: urlPath } : args,
    recorded?.recordedAt ?? new Date().toISOString(),
  );
  const from = args.from ?? recorded?.from;
  const otherLabel = recorded ? recorded.otherCredentials : otherSideLabel(args);
  const crossProblem = crossAccountWanted({ ...args, from });
  if (crossProblem) throw new DoctorUsageError(crossProblem);
  if (replay && args.from !== undefined && args.from !== recorded?.from)
    throw new DoctorUsageError(replayFromMismatch(replay.path, args.from, recorded?.from));
  if (replay && (args.consumerProfile || args.roleArn))
    io.stderr.write(
      "lattice: a replay reads both sides from the recording: --consumer-profile / --role-arn are ignored\n",
    );
  if (!input)
    throw new DoctorUsageError(
      "name the service: lattice doctor <svc-… id | service ARN | name | URL or DNS name> (or --demo)",
    );
  return {
    input,
    ...(authRequest ? { authRequest } : {}),
    ...(from ? { from } : {}),
    ...(otherLabel ? { otherLabel } : {}),
  };
}
