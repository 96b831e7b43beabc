/** `lattice lint [files..]`: its options, and `LintArgs` inferred from them; lint.ts loads when it runs. */
import type { Argv } from "yargs";
import {
  choice,
  COLOR_OPTION,
  FAIL_ON,
  GROUP,
  JSON_SCHEMA_OPTION,
  type ArgsOf,
  type Schedule,
} from "./options.js";

const FILES = {
  type: "string",
  array: true,
  describe: "plan JSON or template (JSON/YAML) files",
} as const;

const OPTIONS = {
  region: {
    group: GROUP.target,
    type: "string",
    describe: "region the file deploys to (for messages and ARNs)",
  },
  "prefix-list": {
    group: GROUP.target,
    type: "string",
    describe: "id of com.amazonaws.<region>.vpc-lattice, for templates that cannot look it up",
  },
  output: {
    group: GROUP.output,
    alias: "o",
    type: "string",
    coerce: choice("output", ["text", "json", "sarif", "markdown"]),
    describe: "text, json, sarif or markdown (default text)",
  },
  "fail-on": {
    group: GROUP.output,
    type: "string",
    coerce: choice("fail-on", FAIL_ON),
    describe: "exit 1 at or above this severity: critical, error, warning, info or none (default error)",
  },
  "json-schema": JSON_SCHEMA_OPTION,
  strict: {
    group: GROUP.output,
    type: "boolean",
    default: false,
    describe: "exit 3 when a check is inconclusive (a value known only after apply)",
  },
  color: COLOR_OPTION,
} as const;

export type LintArgs = ArgsOf<{ files: typeof FILES } & typeof OPTIONS>;

export const lintCommand = (schedule: Schedule) => ({
  command: "lint [files..]",
  describe: "static checks on Terraform plans (terraform show -json) and CloudFormation templates, for CI",
  builder: (y: Argv) => y.positional("files", FILES).options(OPTIONS),
  handler: (args: LintArgs) => schedule(async (io) => (await import("./lint.js")).runLintCommand(args, io)),
});
