/**
 * Flags and wiring: yargs with one command module per command (src/commands/*-command.ts). Kept
 * light: only yargs is loaded at start-up; each command imports what it needs (the AWS SDK, the
 * renderers) when it runs, so `lattice --help` starts fast.
 */
import yargs, { type Argv } from "yargs";
import { EXIT } from "./core/exit.js";
import { helpFooter } from "./commands/help-text.js";
import type { Schedule, Task } from "./commands/options.js";
import { commandOf, optionNames, topLevel, unknownCommand, usageMessage, wantsHelp } from "./commands/top.js";
import { doctorCommand } from "./commands/doctor-command.js";
import { whyCommand } from "./commands/why-command.js";
import { explainCommand } from "./commands/explain-command.js";
import { probeCommand } from "./commands/probe-command.js";
import { lintCommand } from "./commands/lint-command.js";

export { choice, SYMPTOM_ALIASES, SYMPTOMS } from "./commands/options.js";

export interface Io {
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

const defaultIo = (): Io => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });

/**
 * yargs renders the whole help text after every command it runs, in case the handler later calls
 * showHelp(); ours never do (a handler only chooses what to run; --help is answered before any
 * handler). Rendering it measures every column with string-width (ICU's grapheme segmenter): tens
 * of ms of every run's CPU, spent before the command starts. yargs has no option for it.
 */
function skipHelpAfterCommand(parser: unknown): void {
  type Internals = {
    getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } };
  };
  const usage = (parser as Internals).getInternalMethods?.().getUsageInstance?.();
  if (usage?.cacheHelpMessage) usage.cacheHelpMessage = () => undefined;
}

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  const notACommand = unknownCommand(argv);
  if (notACommand) {
    io.stderr.write(notACommand);
    return EXIT.usage;
  }
  const command = commandOf(argv);
  // The command runs after parsing has finished, so a usage error is never preceded by output.
  let task: Task | undefined;
  const schedule: Schedule = (t) => (task = t);
  let failure: string | undefined;
  // The options of the command being parsed, for "Unknown option --outptu. Did you mean --output?".
  let known = new Set<string>();
  const tracked = <C extends { builder: (y: Argv) => Argv<unknown> }>(module: C): C => ({
    ...module,
    builder: (y: Argv) => {
      const built = module.builder(y);
      known = optionNames(built);
      return built;
    },
  });

  const parser = topLevel(yargs(argv), argv)
    .fail((message, error) => {
      failure = usageMessage(error?.message ?? message ?? "invalid command line", argv, command, known);
    })
    .command(tracked(doctorCommand(schedule)))
    .command(tracked(whyCommand(schedule)))
    .command(tracked(explainCommand(schedule)))
    .command(tracked(probeCommand(schedule)))
    .command(tracked(lintCommand(schedule)));

  skipHelpAfterCommand(parser);
  let output = "";
  try {
    await parser.parseAsync(argv, {}, (_err, _argv, out) => {
      output = out;
    });
  } catch (error) {
    failure ??= (error as Error).message;
  }
  if (failure) {
    io.stderr.write(`lattice: ${failure}\nRun 'lattice ${command ? `${command} ` : ""}--help' for usage.\n`);
    return EXIT.usage;
  }
  if (output)
    io.stdout.write(`${output.replace(/\s*$/, "")}\n${wantsHelp(argv) ? `\n${helpFooter(command)}` : ""}`);
  return task ? task(io) : EXIT.ok;
}
