/**
 * `lattice` itself, before any command: what every command shares (`--help`, `--version`, strict
 * parsing) and the usage messages for a command or an option yargs does not know, each with the
 * nearest known one.
 */
import type { Argv } from "yargs";
import { VERSION } from "../version.js";
import type { CommandName } from "./help-text.js";
import { nearest } from "./suggest.js";

export const COMMANDS: readonly CommandName[] = ["doctor", "why", "explain", "probe", "lint"];

const NO_COMMAND =
  "name a command: lattice doctor <service> | lattice why <service> | lattice explain [LAT-###] | lattice probe <url> | lattice lint <file>";

export const wantsHelp = (argv: readonly string[]): boolean => argv.some((a) => a === "--help" || a === "-h");

/** The command named: the first known word, even after options (`--region x doctor …`). */
export function commandOf(argv: readonly string[]): CommandName | undefined {
  return argv.find((a): a is CommandName => (COMMANDS as readonly string[]).includes(a));
}

/** The message for a first word that names no command, or undefined. */
export function unknownCommand(argv: readonly string[]): string | undefined {
  if (commandOf(argv)) return undefined;
  const command = argv.find((a) => !a.startsWith("-"));
  if (command === undefined) return undefined;
  const near = nearest(command, COMMANDS);
  return (
    `lattice: Unknown command '${command}'.${near ? ` Did you mean ${near}?` : ""}\n` +
    `Commands: ${COMMANDS.join(", ")}. Run 'lattice --help' for usage.\n`
  );
}

/** The program's own settings; the commands are added by main. */
export function topLevel(y: Argv, argv: readonly string[]): Argv {
  // Types and choices are said in each description: yargs' right-aligned tags were glued onto the
  // text (`…broken service[boolean]`). yargs 18 has usageConfiguration; @types/yargs 17 does not.
  (y as unknown as { usageConfiguration(c: Record<string, boolean>): unknown }).usageConfiguration({
    "hide-types": true,
  });
  return (
    y
      .scriptName("lattice")
      .version(VERSION)
      .help()
      .alias("help", "h")
      .strict()
      .locale("en")
      .exitProcess(false)
      // yargs renders the whole help text after every command it runs (in case the handler asks for
      // it); wrapping that text is most of a run's parsing time, so it is wrapped only when shown.
      .wrap(wantsHelp(argv) ? Math.min(110, process.stdout.columns ?? 100) : null)
      .demandCommand(1, NO_COMMAND)
  );
}

/** Names a command accepts: long and short options, with their --no- forms. */
export function optionNames(y: object): Set<string> {
  // getOptions() is public in yargs 18 but missing from @types/yargs 17.
  const options = (
    y as { getOptions(): { key: Record<string, unknown>; alias: Record<string, string[]> } }
  ).getOptions();
  const names = new Set<string>(Object.keys(options.key));
  for (const [key, aliases] of Object.entries(options.alias)) for (const a of [key, ...aliases]) names.add(a);
  return names;
}

/**
 * yargs' failure message as the user reads it: its "Unknown arguments" becomes one line per option
 * typed after the command that it does not know, with the nearest known one.
 */
export function usageMessage(
  message: string,
  argv: readonly string[],
  command: CommandName | undefined,
  known: Set<string>,
): string {
  if (!/^Unknown arguments?:/.test(message)) return message;
  const typed = argv.slice(argv.indexOf(command ?? "") + 1);
  const unknown = unknownOptions(typed, known);
  const lines = unknown.length > 0 ? unknown.join("\n") : message;
  return command ? lines : `${lines} Options follow the command, e.g. lattice doctor --demo.`;
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
