/**
 * The early stage of `lattice doctor <svc-… id | service ARN>`, run by bin/lattice.js before the
 * CLI (yargs, the doctor's code) is loaded: the first wave of gather's reads is sent at once
 * (aws/first-wave.ts), and the real run adopts their answers (aws/prefetch.ts, clients.ts) instead
 * of sending them again. Loading the CLI then overlaps the first round trip instead of preceding it.
 *
 * Only for a command line this module fully understands: `doctor`, one id or ARN, and options
 * that cannot change what the first reads are or where they go (the whitelist below; --region and
 * --profile are applied as the doctor applies them). Anything else (another command, a name, a
 * replay, --help, an unknown or repeated option, `--`) gets no early stage: the run is as before.
 * A guess that turns out wrong costs a read, never a result: a call is adopted only when its
 * service, operation, input and client configuration are exactly the prefetch's.
 *
 * Hand-written rather than parsed with yargs because not loading yargs first is the point; the
 * check only has to recognise a narrow form and give up on anything else.
 */
import { closePrefetches } from "./aws/prefetch.js";

/** Options with one value (`--output json`, `--output=json`, `-o json`). */
const VALUE_OPTIONS = new Set([
  "output",
  "o",
  "symptom",
  "fail-on",
  "error",
  "as",
  "method",
  "path",
  "port",
  "principal-org-id",
  "principal-type",
  "timeout",
  "window",
  "from",
  "record",
  "region",
  "profile",
]);
/** Options yargs reads as arrays: they take every following word up to the next option. */
const ARRAY_OPTIONS = new Set(["header", "query", "ignore", "principal-tag"]);
/** Switches (no value). */
const SWITCHES = new Set(["color", "no-color", "verbose", "v", "trace", "redact", "logs", "no-logs"]);

/** What the early stage reads from the command line. */
export interface EarlyTarget {
  /** The service argument as typed (an id or ARN; aws/first-wave.ts parses it as the doctor does). */
  input: string;
  region?: string;
  profile?: string;
}

/** The option's name and inline value of `--name[=value]` or `-n`, if it is one of those forms. */
function optionOf(arg: string): { name: string; inline?: string } | undefined {
  const long = /^--([a-z][a-z-]*)(?:=(.*))?$/s.exec(arg);
  if (long) return { name: long[1]!, ...(long[2] !== undefined ? { inline: long[2] } : {}) };
  const short = /^-([a-z])$/.exec(arg);
  return short ? { name: short[1]! } : undefined;
}

/** The target of `doctor <id|ARN> [whitelisted options]`, or undefined (no early stage). */
export function earlyTarget(argv: readonly string[]): EarlyTarget | undefined {
  if (argv[0] !== "doctor") return undefined;
  const seen = new Map<string, string | true>();
  let input: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("-")) {
      if (input !== undefined) return undefined;
      input = arg;
      continue;
    }
    const option = optionOf(arg);
    if (!option || seen.has(option.name)) return undefined;
    const { name, inline } = option;
    if (SWITCHES.has(name) && inline === undefined) {
      // `--verbose false`: yargs takes the word as the switch's value.
      if (/^(true|false)$/.test(argv[i + 1] ?? "")) return undefined;
      seen.set(name, true);
    } else if (VALUE_OPTIONS.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith("-"))) return undefined;
      seen.set(name, value);
    } else if (ARRAY_OPTIONS.has(name)) {
      if (inline === undefined && (argv[i + 1] ?? "-").startsWith("-")) return undefined;
      while (!(argv[i + 1] ?? "-").startsWith("-")) i++;
      seen.set(name, true);
    } else return undefined;
  }
  if (input === undefined || !/^(svc-|arn:)/.test(input.trim())) return undefined;
  const region = seen.get("region");
  const profile = seen.get("profile");
  return {
    input,
    ...(typeof region === "string" ? { region } : {}),
    ...(typeof profile === "string" ? { profile } : {}),
  };
}

/**
 * How long the start of the CLI may wait, once the Lattice client is built, for the first wave to be
 * handed to the network (a slow credential chain: an SSO or assume-role look-up). Loading and
 * building the client is not capped: it is CPU the first request needs anyway, and a cap on it
 * would only let the CLI's loading go first on a slow or busy machine.
 */
const WAIT_CAP_MS = 60;

/**
 * Sends the first wave for `argv`, if it is a command line of the early stage; resolves once its
 * requests are handed to the network (at most WAIT_CAP_MS after the client is built). Never throws:
 * a failure here only means no early stage.
 */
export async function startEarly(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const target = earlyTarget(argv);
  if (!target) return;
  try {
    const { sendFirstWave } = await import("./aws/first-wave.js");
    let built!: () => void;
    const clientBuilt = new Promise<void>((resolve) => (built = resolve));
    const out = sendFirstWave(target, env, built);
    out.catch(() => undefined);
    // Settles when the client is built, or when the wave ended without one (no region, an error).
    await Promise.race([clientBuilt, out.then(noop, noop)]);
    let timer: NodeJS.Timeout | undefined;
    const cap = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, WAIT_CAP_MS);
      timer.unref();
    });
    await Promise.race([out, cap]);
    clearTimeout(timer);
  } catch {
    // No early stage: the run sends its own calls.
  }
}

const noop = () => undefined;

/**
 * Once main has returned: aborts every prefetch not adopted and refuses later ones (bin/lattice.js
 * then exits as soon as the output is flushed, so one still unanswered never holds the process).
 */
export function finishEarly(): void {
  closePrefetches();
}
