/**
 * What the command modules (doctor-command.ts …) share: option groups, the options every command
 * has alike, choice validation, and `ArgsOf`, which turns an options object into the arguments its
 * command's run function reads, so that type is inferred from the options and never kept by hand.
 * Loaded at start-up: nothing here imports more than yargs' types.
 */
import type { InferredOptionType, Options } from "yargs";
import type { Io } from "../cli.js";
import type { Symptom } from "../core/check.js";
import type { FailOn } from "../report/types.js";
import { nearest } from "./suggest.js";

/** A command to run once parsing is over, so that a usage error is never preceded by output. */
export type Task = (io: Io) => Promise<number>;
/** How a command's handler hands its task to `main`. */
export type Schedule = (task: Task) => void;

export const GROUP = {
  target: "Target:",
  request: "Request (with --as):",
  output: "Output:",
  aws: "AWS and credentials:",
} as const;

/**
 * `--fail-on`'s choices. Its default (DEFAULT_FAIL_ON) is applied by the command after parsing: a
 * yargs default would also fill in `--fail-on` typed without a value, hiding the mistake; without
 * one, the option's coerce sees "" and says what is missing.
 */
export const FAIL_ON = ["critical", "error", "warning", "info", "none"] as const satisfies readonly FailOn[];

export const SYMPTOMS = ["403", "404", "timeout", "5xx"] as const satisfies readonly Symptom[];
/** Any 5xx status the client saw means the `5xx` symptom. */
export const SYMPTOM_ALIASES: Record<string, string> = {
  "500": "5xx",
  "502": "5xx",
  "503": "5xx",
  "504": "5xx",
};

/** Options every command has alike. */
export const JSON_SCHEMA_OPTION = {
  group: GROUP.output,
  type: "boolean",
  describe: "print the JSON Schema of the --output json document and exit",
} as const;
export const COLOR_OPTION = {
  group: GROUP.output,
  type: "boolean",
  describe: "colour output (--no-color to disable)",
} as const;

/**
 * Validates a choice typed in any case (`-o JSON`, `--symptom 5XX`), as a string (yargs would make
 * `403` a number). Runs as yargs' coerce, so the message is ours, not "Given: true"; what it throws
 * reaches main's fail handler as the usage message.
 */
export function choice<T extends string>(
  flag: string,
  values: readonly T[],
  aliases: Record<string, string> = {},
): (raw: unknown) => T | undefined {
  const expected = `${values.slice(0, -1).join(", ")} or ${values.at(-1)}`;
  const isChoice = (value: string): value is T => (values as readonly string[]).includes(value);
  return (raw) => {
    const last: unknown = Array.isArray(raw) ? raw.at(-1) : raw;
    if (last === undefined) return undefined;
    const text =
      typeof last === "string" || typeof last === "number" ? String(last).trim().toLowerCase() : "";
    if (text === "") throw new Error(`--${flag} needs a value: ${expected}`);
    const value = aliases[text] ?? text;
    if (isChoice(value)) return value;
    // A status code near another (401 → 403) is a different answer, not a typo.
    const near = /^\d+$/.test(text) ? undefined : nearest(text, values);
    throw new Error(
      `--${flag} ${String(last)}: expected ${expected}${near ? ` (did you mean ${near}?)` : ""}`,
    );
  };
}

/** `fail-on` → `failOn`, as yargs names the parsed value. */
type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

type Parsed<O extends Record<string, Options>> = { [K in keyof O]: InferredOptionType<O[K]> };
type MaybeUndefined<O extends Record<string, Options>> = {
  [K in keyof O]: undefined extends Parsed<O>[K] ? K : never;
}[keyof O];

/**
 * The arguments a command's run function reads, inferred from its options (positionals included):
 * camelCase keys only, optional where yargs may leave them undefined. What yargs hands the handler
 * (`ArgumentsCamelCase` of the same options) is assignable to it.
 */
export type ArgsOf<O extends Record<string, Options>> = {
  [K in Exclude<keyof O, MaybeUndefined<O>> & string as CamelCase<K>]: Parsed<O>[K];
} & {
  [K in MaybeUndefined<O> & string as CamelCase<K>]?: Parsed<O>[K];
};
