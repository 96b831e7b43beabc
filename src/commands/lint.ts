/**
 * `lattice lint <file>…`: static checks on Terraform plans (terraform show -json) and CloudFormation
 * templates, for CI. Reads only the given files (no AWS calls); stdout carries exactly the document.
 * Exit codes: 0 clean (inconclusive checks listed), 1 findings at or above --fail-on, 2 bad input,
 * 3 inconclusive checks with --strict.
 */
import { readFile } from "node:fs/promises";
import type { Io } from "../cli.js";
import { checks } from "../../checks/index.js";
import { DEFAULT_FAIL_ON, EXIT } from "../core/exit.js";
import type { LintArgs } from "./lint-command.js";
import { colorEnabled } from "../render/color.js";
import { escapeControl } from "../render/sanitize.js";
import { VERSION } from "../version.js";
import { LintInputError, type LintModel } from "../lint/model.js";
import { readLintFile, runLint } from "../lint/run.js";
import { renderLintJson, renderLintJsonSchema } from "../lint/report.js";

function usage(io: Io, message: string): number {
  io.stderr.write(`lattice: ${escapeControl(message)}\nRun 'lattice lint --help' for usage.\n`);
  return EXIT.usage;
}

export async function runLintCommand(args: LintArgs, io: Io): Promise<number> {
  if (args.jsonSchema) {
    io.stdout.write(renderLintJsonSchema());
    return EXIT.ok;
  }
  if (args.prefixList !== undefined && !/^pl-[0-9a-f]{8,17}$/.test(args.prefixList))
    return usage(
      io,
      `--prefix-list ${args.prefixList}: expected a prefix-list id such as pl-0721a5f3c9b2e4d61`,
    );
  const files = args.files ?? [];
  if (files.length === 0)
    return usage(
      io,
      "name the files: lattice lint plan.json [template.yaml …] (terraform show -json plan.out > plan.json)",
    );
  const models: LintModel[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return usage(
        io,
        code === "ENOENT"
          ? `${file}: no such file`
          : code === "EISDIR"
            ? `${file}: is a directory; name the plan or template files`
            : `${file}: cannot read it (${(error as Error).message})`,
      );
    }
    try {
      models.push(readLintFile(text, file, args));
    } catch (error) {
      if (error instanceof LintInputError) return usage(io, error.message);
      throw error;
    }
  }
  const report = runLint(models, checks, {
    failOn: args.failOn ?? DEFAULT_FAIL_ON,
    strict: args.strict === true,
    toolVersion: VERSION,
    ...(args.region ? { region: args.region } : {}),
    ...(args.prefixList ? { prefixList: args.prefixList } : {}),
  });
  switch (args.output) {
    case "json":
      io.stdout.write(renderLintJson(report));
      break;
    case "sarif": {
      const { renderSarif } = await import("../lint/sarif.js");
      io.stdout.write(renderSarif(report, checks));
      break;
    }
    case "markdown": {
      const { renderLintMarkdown } = await import("../lint/render-text.js");
      io.stdout.write(renderLintMarkdown(report));
      break;
    }
    default: {
      const { renderLintText } = await import("../lint/render-text.js");
      const color = colorEnabled({
        stream: io.stdout,
        env: io.env,
        ...(args.color === false ? { flag: false } : {}),
      });
      io.stdout.write(renderLintText(report, { color }));
    }
  }
  for (const t of new Set(models.flatMap((m) => m.ignoredTypes)))
    if (args.output === undefined || args.output === "text")
      io.stderr.write(`lattice: ${t} resources are read but no check judges them\n`);
  return report.exitCode;
}
