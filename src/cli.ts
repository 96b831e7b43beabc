/**
 * Flags and wiring. Kept light: only yargs is loaded at start-up; each command imports what it
 * needs (the AWS SDK, the renderers) when it runs, so `lattice --version` starts fast.
 */
import yargs from "yargs";
import { VERSION } from "./version.js";
import type { DoctorArgs } from "./commands/doctor.js";
import type { ProbeArgs } from "./commands/probe.js";
import type { LintArgs } from "./commands/lint.js";

export interface Io {
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

const defaultIo = (): Io => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });

export class UsageError extends Error {
  override name = "UsageError";
}

const OUTPUTS = ["text", "json", "markdown"] as const;
const FAIL_ON = ["critical", "error", "warning", "info", "none"] as const;
const SYMPTOMS = ["403", "404", "timeout", "5xx"] as const;

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  // The command runs after parsing has finished, so a usage error is never preceded by output.
  let chosen: (() => Promise<number>) | undefined;
  let usageMessage: string | undefined;

  const parser = yargs(argv)
    .scriptName("lattice")
    .version(VERSION)
    .help()
    .alias("help", "h")
    .strict()
    .exitProcess(false)
    // yargs renders the whole help text after every command it runs (in case the handler asks for
    // it); wrapping that text is most of a run's parsing time, so it is wrapped only when shown.
    .wrap(
      argv.some((a) => a === "--help" || a === "-h") ? Math.min(110, process.stdout.columns ?? 100) : null,
    )
    .fail((message, error) => {
      usageMessage = message ?? error?.message ?? "invalid command line";
    })
    .command(
      "doctor [service]",
      "trace one VPC Lattice service through the live AWS APIs and report ranked findings",
      (y) =>
        y
          .positional("service", { type: "string", describe: "svc-… id, service ARN, or service name" })
          .option("region", { type: "string", describe: "AWS region (a region inside a service ARN wins)" })
          .option("profile", { type: "string", describe: "named profile from the AWS config files" })
          .option("output", {
            alias: "o",
            choices: OUTPUTS,
            describe: "output format (default: the live terminal UI on a terminal, text otherwise)",
          })
          .option("fail-on", {
            choices: FAIL_ON,
            default: "error" as const,
            describe: "exit 1 at or above this severity",
          })
          .option("symptom", {
            choices: SYMPTOMS,
            describe: "what the client sees: findings that explain it rank first",
          })
          .option("window", {
            type: "string",
            describe: "how far back live signals (CloudWatch) look: 90s, 5m, 15m, 1h (default 15m)",
          })
          .option("error", {
            type: "string",
            describe:
              "the error the client saw (a 403 body, IncompleteSignatureException…): names the layer or signing fault and ranks its findings first",
          })
          .option("trace", { type: "boolean", default: false, describe: "show the request path hop by hop" })
          .option("redact", {
            type: "boolean",
            default: false,
            describe: "mask account ids (and so ARNs) in every output and recording",
          })
          .option("json-schema", {
            type: "boolean",
            default: false,
            describe: "print the JSON Schema of the --output json document and exit",
          })
          .option("ignore", {
            type: "string",
            array: true,
            describe: "suppress a finding: LAT-###[=resource id or ARN]",
          })
          .option("record", {
            type: "string",
            describe: "write every AWS request and response of the run to this file",
          })
          .option("replay", { type: "string", describe: "run offline from a recording made with --record" })
          .option("demo", {
            type: "boolean",
            default: false,
            describe: "replay the bundled recording of a broken service",
          })
          .option("verbose", {
            alias: "v",
            type: "boolean",
            default: false,
            describe: "show passed checks and timings",
          })
          .option("debug", { type: "boolean", default: false, describe: "SDK-level detail on stderr" })
          .option("color", { type: "boolean", describe: "colour output (--no-color to disable)" })
          .option("concurrency", { type: "number", default: 16, hidden: true })
          // --as: evaluate both auth-policy layers and the caller's identity policy (LAT-403, LAT-409).
          .option("as", {
            type: "string",
            describe: "the caller to evaluate: a role, user or role-session ARN, an account id, or anonymous",
          })
          .option("method", { type: "string", describe: "with --as: the request method (default GET)" })
          .option("path", { type: "string", describe: "with --as: the request path (default /)" })
          .option("header", {
            type: "string",
            array: true,
            describe: "with --as: a request header k=v (repeatable)",
          })
          .option("query", {
            type: "string",
            array: true,
            describe: "with --as: a query-string parameter k=v (repeatable)",
          })
          .option("port", {
            type: "number",
            describe: "with --as: the listener port (default: the service's HTTPS, else HTTP listener)",
          })
          .option("principal-org-id", {
            type: "string",
            describe: "with --as: the caller's aws:PrincipalOrgID",
          })
          .option("principal-type", {
            type: "string",
            describe: "with --as: aws:PrincipalType (e.g. AssumedRole)",
          })
          .option("principal-tag", {
            type: "string",
            array: true,
            describe: "with --as: a tag of the caller k=v (repeatable)",
          })
          .option("from", {
            type: "string",
            describe:
              "the client that fails (vpc-…, i-…, eni-… or sg-…): turns on the client-side checks (its VPC's association, association SGs, egress, NACL); with --as its VPC is vpc-lattice-svcs:SourceVpc",
          })
          .option("consumer-profile", {
            type: "string",
            describe: "profile of the other account (the client's or the network's), read in the same run",
          })
          .option("role-arn", {
            type: "string",
            describe:
              "role in the other account to assume through STS (from --consumer-profile, else the run's credentials)",
          }),
      (args) => {
        chosen = async () => {
          const { runDoctor } = await import("./commands/doctor.js");
          return runDoctor(args as unknown as DoctorArgs, io);
        };
      },
    )
    .command(
      "explain [code]",
      "explain a finding code offline: what it means, why it breaks traffic, how to fix it",
      (y) => y.positional("code", { type: "string", describe: "LAT-### (omit to list every code)" }),
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
      (y) =>
        y
          .positional("url", {
            type: "string",
            describe: "https://<service DNS name or custom domain>/<path>",
          })
          .option("method", {
            alias: "X",
            type: "string",
            describe: "HTTP method (default GET, POST with --data)",
          })
          .option("header", {
            alias: "H",
            type: "string",
            array: true,
            describe: "request header name=value (repeatable); signed unless hop-by-hop",
          })
          .option("data", { alias: "d", type: "string", describe: "request body: a string, or @file" })
          .option("anonymous", {
            type: "boolean",
            default: false,
            describe: "send the request unsigned (as the anonymous principal)",
          })
          .option("dry-run", {
            type: "boolean",
            default: false,
            describe: "print the signed request as a curl command and send nothing",
          })
          .option("timeout", {
            type: "string",
            default: "10s",
            describe: "give up after this long: seconds (10, 2.5s) or milliseconds (500ms)",
          })
          .option("output", {
            alias: "o",
            choices: ["text", "json"] as const,
            describe: "output format (default text)",
          })
          .option("region", {
            type: "string",
            describe: "region to sign for when the URL does not name one (a custom domain)",
          })
          .option("profile", { type: "string", describe: "named profile from the AWS config files" })
          .option("color", { type: "boolean", describe: "colour output (--no-color to disable)" }),
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
      (y) =>
        y
          .positional("files", {
            type: "string",
            array: true,
            describe: "plan JSON or template (JSON/YAML) files",
          })
          .option("output", {
            alias: "o",
            choices: ["text", "json", "sarif", "markdown"] as const,
            describe: "output format (default text)",
          })
          .option("fail-on", {
            choices: FAIL_ON,
            default: "error" as const,
            describe: "exit 1 at or above this severity",
          })
          .option("region", {
            type: "string",
            describe: "region the file deploys to (for messages and ARNs)",
          })
          .option("prefix-list", {
            type: "string",
            describe: "id of com.amazonaws.<region>.vpc-lattice, for templates that cannot look it up",
          })
          .option("json-schema", {
            type: "boolean",
            default: false,
            describe: "print the JSON Schema of the --output json document and exit",
          })
          .option("color", { type: "boolean", describe: "colour output (--no-color to disable)" }),
      (args) => {
        chosen = async () => {
          const { runLintCommand } = await import("./commands/lint.js");
          return runLintCommand(args as unknown as LintArgs, io);
        };
      },
    )
    .demandCommand(
      1,
      "name a command: lattice doctor <service> | lattice explain [LAT-###] | lattice probe <url> | lattice lint <file>",
    )
    .epilogue(
      "Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, 3 incomplete, 4 not found, 253 no credentials or region. probe: 0 for 2xx/3xx, 1 for 4xx/5xx, timeout or no connection.",
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
    io.stderr.write(`lattice: ${usageMessage}\nRun 'lattice --help' for usage.\n`);
    return 2;
  }
  if (output) io.stdout.write(output.endsWith("\n") ? output : `${output}\n`);
  return chosen ? chosen() : 0;
}
