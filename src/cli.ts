/**
 * Flags and wiring. Kept light: only yargs is loaded at start-up; each command imports what it
 * needs (the AWS SDK, the renderers) when it runs, so `lattice --version` starts fast.
 */
import yargs from "yargs";
import { VERSION } from "./version.js";
import type { DoctorArgs } from "./commands/doctor.js";
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
    .wrap(Math.min(110, process.stdout.columns ?? 100))
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
          .option("concurrency", { type: "number", default: 16, hidden: true }),
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
      "name a command: lattice doctor <service> | lattice explain [LAT-###] | lattice lint <file>",
    )
    .epilogue(
      "Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, 3 incomplete, 4 not found, 253 no credentials or region.",
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
