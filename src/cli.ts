/**
 * Flags and wiring. Kept light: only yargs is loaded at start-up; each command imports what it
 * needs (the AWS SDK, the renderers) when it runs, so `lattice --version` starts fast.
 */
import yargs from "yargs";
import { VERSION } from "./version.js";
import { helpFooter, type CommandName } from "./commands/help-text.js";
import { nearest } from "./commands/suggest.js";
import type { DoctorArgs } from "./commands/doctor.js";
import type { ProbeArgs } from "./commands/probe.js";
import type { LintArgs } from "./commands/lint.js";
import type { WhyArgs } from "./commands/why.js";

export interface Io {
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

const defaultIo = (): Io => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });

export class UsageError extends Error {
  override name = "UsageError";
}

const COMMANDS: readonly CommandName[] = ["doctor", "why", "explain", "probe", "lint"];
const OUTPUTS = ["text", "json", "markdown"] as const;
const FAIL_ON = ["critical", "error", "warning", "info", "none"] as const;
export const SYMPTOMS = ["403", "404", "timeout", "5xx"] as const;
/** Any 5xx status the client saw means the `5xx` symptom. */
export const SYMPTOM_ALIASES: Record<string, string> = {
  "500": "5xx",
  "502": "5xx",
  "503": "5xx",
  "504": "5xx",
};

const G = {
  target: "Target:",
  request: "Request (with --as):",
  output: "Output:",
  aws: "AWS and credentials:",
} as const;

/** Options every command has alike. */
const JSON_SCHEMA_OPTION = {
  group: G.output,
  type: "boolean",
  default: false,
  describe: "print the JSON Schema of the --output json document and exit",
} as const;
const COLOR_OPTION = {
  group: G.output,
  type: "boolean",
  describe: "colour output (--no-color to disable)",
} as const;

/**
 * Validates a choice typed in any case (`-o JSON`, `--symptom 5XX`), as a string (yargs would make
 * `403` a number). Runs as yargs' coerce, so the message is ours, not "Given: true".
 */
export function choice(flag: string, values: readonly string[], aliases: Record<string, string> = {}) {
  const expected = `${values.slice(0, -1).join(", ")} or ${values.at(-1)}`;
  return (raw: unknown): string | undefined => {
    const last: unknown = Array.isArray(raw) ? raw.at(-1) : raw;
    if (last === undefined) return undefined;
    const text =
      typeof last === "string" || typeof last === "number" ? String(last).trim().toLowerCase() : "";
    if (text === "") throw new UsageError(`--${flag} needs a value: ${expected}`);
    const value = aliases[text] ?? text;
    if (values.includes(value)) return value;
    // A status code near another (401 → 403) is a different answer, not a typo.
    const near = /^\d+$/.test(text) ? undefined : nearest(text, values);
    throw new UsageError(
      `--${flag} ${String(last)}: expected ${expected}${near ? ` (did you mean ${near}?)` : ""}`,
    );
  };
}

/**
 * Defaults applied after parsing: a yargs default would also fill in `--fail-on` typed without a
 * value, hiding the mistake; without one, the option's coerce sees "" and says what is missing.
 */
function defaults(values: Record<string, string>) {
  return (args: Record<string, unknown>): void => {
    for (const [key, value] of Object.entries(values)) {
      const camel = key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
      args[key] ??= value;
      args[camel] ??= value;
    }
  };
}

/** Names a command accepts: long and short options, with their --no- forms. */
function optionNames(y: object): Set<string> {
  // getOptions() is public in yargs 18 but missing from @types/yargs 17.
  const options = (
    y as { getOptions(): { key: Record<string, unknown>; alias: Record<string, string[]> } }
  ).getOptions();
  const names = new Set<string>(Object.keys(options.key));
  for (const [key, aliases] of Object.entries(options.alias)) for (const a of [key, ...aliases]) names.add(a);
  return names;
}

/** The options typed after the command that it does not know, with the nearest known one. */
function unknownOptions(args: readonly string[], known: Set<string>): string[] {
  const longNames = [...known].filter((n) => n.length > 1 && !/[A-Z]/.test(n));
  const out: string[] = [];
  for (const arg of args) {
    if (arg === "--") break;
    if (!arg.startsWith("-") || /^-\d/.test(arg)) continue;
    const names = arg.startsWith("--") ? [arg.slice(2).split("=")[0]!] : [...arg.slice(1).split("=")[0]!];
    for (const name of names) {
      if (known.has(name) || (name.startsWith("no-") && known.has(name.slice(3)))) continue;
      const dashes = name.length === 1 ? "-" : "--";
      // `--json` is a value, not an option: say which option takes it.
      const value = ["json", "text", "markdown", "sarif"].includes(name.toLowerCase()) && known.has("output");
      const near = value ? `--output ${name.toLowerCase()}` : nearest(name, longNames);
      out.push(
        `Unknown option ${dashes}${name}.${near ? ` Did you mean ${near.startsWith("-") ? near : `--${near}`}?` : ""}`,
      );
    }
  }
  return out;
}

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  // The command runs after parsing has finished, so a usage error is never preceded by output.
  let chosen: (() => Promise<number>) | undefined;
  let usageMessage: string | undefined;
  // The first word is the command, unless the user put options before it (`--region x doctor …`).
  const known = argv.find((a): a is CommandName => (COMMANDS as readonly string[]).includes(a));
  const command = known ?? argv.find((a) => !a.startsWith("-"));
  if (command !== undefined && !known) {
    const near = nearest(command, COMMANDS);
    io.stderr.write(
      `lattice: Unknown command '${command}'.${near ? ` Did you mean ${near}?` : ""}\n` +
        `Commands: ${COMMANDS.join(", ")}. Run 'lattice --help' for usage.\n`,
    );
    return 2;
  }
  let knownOptions = new Set<string>();

  const base = yargs(argv);
  // Types and choices are said in each description: yargs' right-aligned tags were glued onto the
  // text (`…broken service[boolean]`). yargs 18 has usageConfiguration; @types/yargs 17 does not.
  (base as unknown as { usageConfiguration(c: Record<string, boolean>): unknown }).usageConfiguration({
    "hide-types": true,
  });
  const parser = base
    .scriptName("lattice")
    .version(VERSION)
    .help()
    .alias("help", "h")
    .strict()
    .locale("en")
    .exitProcess(false)
    // yargs renders the whole help text after every command it runs (in case the handler asks for
    // it); wrapping that text is most of a run's parsing time, so it is wrapped only when shown.
    .wrap(
      argv.some((a) => a === "--help" || a === "-h") ? Math.min(110, process.stdout.columns ?? 100) : null,
    )
    .fail((message, error) => {
      usageMessage = error?.message ?? message ?? "invalid command line";
      if (/^Unknown arguments?:/.test(usageMessage)) {
        const unknown = unknownOptions(argv.slice(argv.indexOf(command ?? "") + 1), knownOptions);
        if (unknown.length > 0) usageMessage = unknown.join("\n");
        if (!known) usageMessage += ` Options follow the command, e.g. lattice doctor --demo.`;
      }
    })
    .command(
      "doctor [service]",
      "trace one VPC Lattice service through the live AWS APIs and report ranked findings",
      (y) => {
        const built = y
          .positional("service", {
            type: "string",
            describe:
              "svc-… id, service ARN, service name, or the URL / DNS name the client called (generated or custom domain)",
          })
          .option("demo", {
            group: G.target,
            type: "boolean",
            default: false,
            describe: "replay the bundled recording of a broken service (no AWS account needed)",
          })
          .option("replay", {
            group: G.target,
            type: "string",
            describe: "run offline from a recording made with --record",
          })
          .option("from", {
            group: G.target,
            type: "string",
            describe:
              "the client that fails (vpc-…, i-…, eni-… or sg-…): turns on the client-side checks (its VPC's association, association SGs, egress, NACL); with --as its VPC is vpc-lattice-svcs:SourceVpc",
          })
          .option("symptom", {
            group: G.target,
            type: "string",
            coerce: choice("symptom", SYMPTOMS, SYMPTOM_ALIASES),
            describe:
              "what the client sees: 403, 404, timeout or 5xx (500, 502, 503, 504 too); findings that explain it rank first",
          })
          .option("timeout", {
            type: "string",
            describe:
              "deadline for the whole run (default 45s): calls unanswered then are reported as not read (LAT-901) and the result is printed",
          })
          .option("error", {
            group: G.target,
            type: "string",
            describe:
              "the error the client saw (a 403 body, IncompleteSignatureException…): names the layer or signing fault and ranks its findings first",
          })
          .option("window", {
            group: G.target,
            type: "string",
            describe: "how far back live signals (CloudWatch) look: 90s, 5m, 15m, 1h (default 15m)",
          })
          // --as: evaluate both auth-policy layers and the caller's identity policy (LAT-403, LAT-409).
          .option("as", {
            group: G.request,
            type: "string",
            describe: "the caller to evaluate: a role, user or role-session ARN, an account id, or anonymous",
          })
          .option("method", {
            group: G.request,
            type: "string",
            describe: "the request method (default GET)",
          })
          .option("path", {
            group: G.request,
            type: "string",
            describe: "the request path (default: the path of the URL given as the service, else /)",
          })
          .option("header", {
            group: G.request,
            type: "string",
            array: true,
            describe: "a request header k=v (repeatable)",
          })
          .option("query", {
            group: G.request,
            type: "string",
            array: true,
            describe: "a query-string parameter k=v (repeatable)",
          })
          .option("port", {
            group: G.request,
            type: "number",
            describe: "the listener port (default: the service's HTTPS, else HTTP listener)",
          })
          .option("principal-org-id", {
            group: G.request,
            type: "string",
            describe: "the caller's aws:PrincipalOrgID",
          })
          .option("principal-type", {
            group: G.request,
            type: "string",
            describe: "aws:PrincipalType (e.g. AssumedRole)",
          })
          .option("principal-tag", {
            group: G.request,
            type: "string",
            array: true,
            describe: "a tag of the caller k=v (repeatable)",
          })
          .option("output", {
            group: G.output,
            alias: "o",
            type: "string",
            coerce: choice("output", OUTPUTS),
            describe: "text, json or markdown (default: the live terminal UI on a terminal, text otherwise)",
          })
          .option("trace", {
            group: G.output,
            type: "boolean",
            default: false,
            describe: "show the request path hop by hop",
          })
          .option("verbose", {
            group: G.output,
            alias: "v",
            type: "boolean",
            default: false,
            describe: "show passed checks and timings",
          })
          .option("fail-on", {
            group: G.output,
            type: "string",
            coerce: choice("fail-on", FAIL_ON),
            describe:
              "exit 1 at or above this severity: critical, error, warning, info or none (default error)",
          })
          .option("ignore", {
            group: G.output,
            type: "string",
            array: true,
            describe: "suppress a finding: LAT-###[=resource id or ARN] (repeatable)",
          })
          .option("redact", {
            group: G.output,
            type: "boolean",
            default: false,
            describe: "mask account ids (and so ARNs) in every output and recording",
          })
          .option("record", {
            group: G.output,
            type: "string",
            describe: "write every AWS request and response of the run to this file",
          })
          .option("json-schema", JSON_SCHEMA_OPTION)
          .option("color", COLOR_OPTION)
          .option("debug", {
            group: G.output,
            type: "boolean",
            default: false,
            describe: "SDK-level detail on stderr",
          })
          .option("region", {
            group: G.aws,
            type: "string",
            describe: "AWS region (a region inside a service ARN or Lattice DNS name wins)",
          })
          .option("profile", {
            group: G.aws,
            type: "string",
            describe: "named profile from the AWS config files",
          })
          .option("consumer-profile", {
            group: G.aws,
            type: "string",
            describe: "profile of the other account (the client's or the network's), read in the same run",
          })
          .option("role-arn", {
            group: G.aws,
            type: "string",
            describe:
              "role in the other account to assume through STS (from --consumer-profile, else the run's credentials)",
          })
          .option("concurrency", { type: "number", default: 16, hidden: true })
          .option("logs", {
            group: G.target,
            type: "boolean",
            default: true,
            describe: "read the window's failed requests from the access log (LAT-606); --no-logs skips it",
          })
          .middleware(defaults({ "fail-on": "error" }));
        knownOptions = optionNames(built);
        return built;
      },
      (args) => {
        chosen = async () => {
          const { runDoctor } = await import("./commands/doctor.js");
          return runDoctor(args as unknown as DoctorArgs, io);
        };
      },
    )
    // ——— lattice why (issue 17): the failed requests themselves, from the access log ———
    .command(
      "why [service]",
      "read the failed requests of the window from the access log, group them and say which finding explains each",
      (y) => {
        const built = y
          .positional("service", {
            type: "string",
            describe: "svc-… id, service ARN, service name, or the URL / DNS name the client called",
          })
          .option("since", {
            group: G.target,
            type: "string",
            describe: "how far back to read: 90s, 5m, 15m, 1h (default 15m)",
          })
          .option("status", {
            group: G.target,
            type: "string",
            coerce: choice("status", SYMPTOMS, SYMPTOM_ALIASES),
            describe: "only these failed requests: 403, 404, 5xx or timeout (500, 502, 503, 504 mean 5xx)",
          })
          .option("request-id", {
            group: G.target,
            type: "string",
            describe: "the one entry with this x-amzn-RequestId, explained",
          })
          .option("limit", {
            group: G.target,
            type: "number",
            describe: "read at most this many log events (default 5000)",
          })
          .option("insights", {
            group: G.target,
            type: "boolean",
            default: false,
            describe:
              "opt in to CloudWatch Logs Insights (billed by data scanned); this version still reads with FilterLogEvents and says so",
          })
          .option("demo", {
            group: G.target,
            type: "boolean",
            default: false,
            describe: "replay the bundled demo recording",
          })
          .option("replay", {
            group: G.target,
            type: "string",
            describe: "run offline from a recording made with --record",
          })
          .option("timeout", { type: "string", describe: "deadline for the whole run (default 45s)" })
          .option("output", {
            group: G.output,
            alias: "o",
            type: "string",
            coerce: choice("output", OUTPUTS),
            describe: "text, json or markdown (default text)",
          })
          .option("redact", {
            group: G.output,
            type: "boolean",
            default: false,
            describe: "mask account ids, and callers and IP addresses in log evidence",
          })
          .option("record", {
            group: G.output,
            type: "string",
            describe: "write every AWS request and response of the run to this file",
          })
          .option("json-schema", JSON_SCHEMA_OPTION)
          .option("color", COLOR_OPTION)
          .option("verbose", {
            group: G.output,
            alias: "v",
            type: "boolean",
            default: false,
            describe: "timings",
          })
          .option("debug", {
            group: G.output,
            type: "boolean",
            default: false,
            describe: "SDK-level detail on stderr",
          })
          .option("region", {
            group: G.aws,
            type: "string",
            describe: "AWS region (a region inside a service ARN wins)",
          })
          .option("profile", {
            group: G.aws,
            type: "string",
            describe: "named profile from the AWS config files",
          })
          .option("concurrency", { type: "number", default: 16, hidden: true });
        knownOptions = optionNames(built);
        return built;
      },
      (args) => {
        chosen = async () => {
          const { runWhy } = await import("./commands/why.js");
          return runWhy(args as unknown as WhyArgs, io);
        };
      },
    )
    .command(
      "explain [code]",
      "explain a finding code offline: what it means, why it breaks traffic, how to fix it",
      (y) => {
        const built = y.positional("code", { type: "string", describe: "LAT-### (omit to list every code)" });
        knownOptions = optionNames(built);
        return built;
      },
      (args) => {
        chosen = async () => {
          const { runExplain } = await import("./commands/explain.js");
          return runExplain(args.code, io);
        };
      },
    )
    .command(
      "probe [url]",
      "send one correctly SigV4-signed request to a Lattice service (vpc-lattice-svcs, UNSIGNED-PAYLOAD) and explain the answer",
      (y) => {
        const built = y
          .positional("url", {
            type: "string",
            describe: "https://<service DNS name or custom domain>/<path>",
          })
          .option("method", {
            group: G.request,
            alias: "X",
            type: "string",
            describe: "HTTP method (default GET, POST with --data)",
          })
          .option("header", {
            group: G.request,
            alias: "H",
            type: "string",
            array: true,
            describe: "request header name=value (repeatable); signed unless hop-by-hop",
          })
          .option("data", {
            group: G.request,
            alias: "d",
            type: "string",
            describe: "request body: a string, or @file",
          })
          .option("anonymous", {
            group: G.request,
            type: "boolean",
            default: false,
            describe: "send the request unsigned (as the anonymous principal)",
          })
          .option("timeout", {
            group: G.request,
            type: "string",
            describe: "give up after this long: seconds (10, 2.5s) or milliseconds (500ms); default 10s",
          })
          .option("dry-run", {
            group: G.output,
            type: "boolean",
            default: false,
            describe: "print the signed request (a curl command, or JSON with -o json) and send nothing",
          })
          .option("output", {
            group: G.output,
            alias: "o",
            type: "string",
            coerce: choice("output", ["text", "json"]),
            describe: "text or json (default text)",
          })
          .option("json-schema", JSON_SCHEMA_OPTION)
          .option("color", COLOR_OPTION)
          .option("region", {
            group: G.aws,
            type: "string",
            describe: "region to sign for when the URL does not name one (a custom domain)",
          })
          .option("profile", {
            group: G.aws,
            type: "string",
            describe: "named profile from the AWS config files",
          })
          .middleware(defaults({ timeout: "10s" }));
        knownOptions = optionNames(built);
        return built;
      },
      (args) => {
        chosen = async () => {
          const { runProbe } = await import("./commands/probe.js");
          return runProbe(args as unknown as ProbeArgs, io);
        };
      },
    )
    .command(
      "lint [files..]",
      "static checks on Terraform plans (terraform show -json) and CloudFormation templates, for CI",
      (y) => {
        const built = y
          .positional("files", {
            type: "string",
            array: true,
            describe: "plan JSON or template (JSON/YAML) files",
          })
          .option("region", {
            group: G.target,
            type: "string",
            describe: "region the file deploys to (for messages and ARNs)",
          })
          .option("prefix-list", {
            group: G.target,
            type: "string",
            describe: "id of com.amazonaws.<region>.vpc-lattice, for templates that cannot look it up",
          })
          .option("output", {
            group: G.output,
            alias: "o",
            type: "string",
            coerce: choice("output", ["text", "json", "sarif", "markdown"]),
            describe: "text, json, sarif or markdown (default text)",
          })
          .option("fail-on", {
            group: G.output,
            type: "string",
            coerce: choice("fail-on", FAIL_ON),
            describe:
              "exit 1 at or above this severity: critical, error, warning, info or none (default error)",
          })
          .option("json-schema", JSON_SCHEMA_OPTION)
          .option("strict", {
            group: G.output,
            type: "boolean",
            default: false,
            describe: "exit 3 when a check is inconclusive (a value known only after apply)",
          })
          .option("color", COLOR_OPTION)
          .middleware(defaults({ "fail-on": "error" }));
        knownOptions = optionNames(built);
        return built;
      },
      (args) => {
        chosen = async () => {
          const { runLintCommand } = await import("./commands/lint.js");
          return runLintCommand(args as unknown as LintArgs, io);
        };
      },
    )
    .demandCommand(
      1,
      "name a command: lattice doctor <service> | lattice why <service> | lattice explain [LAT-###] | lattice probe <url> | lattice lint <file>",
    );

  let output = "";
  try {
    await parser.parseAsync(argv, {}, (_err, _argv, out) => {
      output = out;
    });
  } catch (error) {
    usageMessage ??= (error as Error).message;
  }
  if (usageMessage) {
    io.stderr.write(`lattice: ${usageMessage}\nRun 'lattice ${known ? `${known} ` : ""}--help' for usage.\n`);
    return 2;
  }
  if (output) {
    const help = argv.includes("--help") || argv.includes("-h");
    io.stdout.write(`${output.replace(/\s*$/, "")}\n${help ? `\n${helpFooter(known)}` : ""}`);
  }
  return chosen ? chosen() : 0;
}
