/** `lattice explain [code]`: explain.ts (and the check registry) loads when it runs. */
import type { Argv } from "yargs";
import type { ArgsOf, Schedule } from "./options.js";

const CODE = { type: "string", describe: "LAT-### (omit to list every code)" } as const;

type ExplainArgs = ArgsOf<{ code: typeof CODE }>;

export const explainCommand = (schedule: Schedule) => ({
  command: "explain [code]",
  describe: "explain a finding code offline: what it means, why it breaks traffic, how to fix it",
  builder: (y: Argv) => y.positional("code", CODE),
  handler: (args: ExplainArgs) =>
    schedule(async (io) => (await import("./explain.js")).runExplain(args.code, io)),
});
