/**
 * `lattice why [service]`: its options, and `WhyArgs` inferred from them. The handler loads the
 * command (why.ts, and through it the doctor's run and the AWS SDK) only when it runs.
 */
import type { Argv } from "yargs";
import {
  choice,
  COLOR_OPTION,
  GROUP,
  JSON_SCHEMA_OPTION,
  SYMPTOM_ALIASES,
  SYMPTOMS,
  type ArgsOf,
  type Schedule,
} from "./options.js";
import { DOCTOR_OPTIONS } from "./doctor-command.js";

const OUTPUTS = ["text", "json", "markdown"] as const;

const SERVICE = {
  type: "string",
  describe: "svc-… id, service ARN, service name, or the URL / DNS name the client called",
} as const;

const OPTIONS = {
  since: {
    group: GROUP.target,
    type: "string",
    describe: "how far back to read: 90s, 5m, 15m, 1h (default 15m)",
  },
  status: {
    group: GROUP.target,
    type: "string",
    coerce: choice("status", SYMPTOMS, SYMPTOM_ALIASES),
    describe: "only these failed requests: 403, 404, 5xx or timeout (500, 502, 503, 504 mean 5xx)",
  },
  "request-id": {
    group: GROUP.target,
    type: "string",
    describe: "the one entry with this x-amzn-RequestId, explained",
  },
  limit: {
    group: GROUP.target,
    type: "number",
    describe: "read at most this many log events (default 5000)",
  },
  insights: {
    group: GROUP.target,
    type: "boolean",
    default: false,
    describe:
      "opt in to CloudWatch Logs Insights (billed by data scanned); this version still reads with FilterLogEvents and says so",
  },
  timeout: { type: "string", describe: "deadline for the whole run (default 45s)" },
  output: {
    group: GROUP.output,
    alias: "o",
    type: "string",
    coerce: choice("output", OUTPUTS),
    describe: "text, json or markdown (default text)",
  },
  redact: {
    group: GROUP.output,
    type: "boolean",
    default: false,
    describe: "mask account ids, and callers and IP addresses in log evidence",
  },
  "json-schema": JSON_SCHEMA_OPTION,
  color: COLOR_OPTION,
  // Where the answers come from and how the run is told, as for doctor (why runs the doctor).
  demo: DOCTOR_OPTIONS.demo,
  replay: DOCTOR_OPTIONS.replay,
  record: DOCTOR_OPTIONS.record,
  verbose: { group: GROUP.output, alias: "v", type: "boolean", default: false, describe: "timings" },
  debug: DOCTOR_OPTIONS.debug,
  region: DOCTOR_OPTIONS.region,
  profile: DOCTOR_OPTIONS.profile,
  concurrency: DOCTOR_OPTIONS.concurrency,
} as const;

export type WhyArgs = ArgsOf<{ service: typeof SERVICE } & typeof OPTIONS>;

export const whyCommand = (schedule: Schedule) => ({
  command: "why [service]",
  describe:
    "read the failed requests of the window from the access log, group them and say which finding explains each",
  builder: (y: Argv) => y.positional("service", SERVICE).options(OPTIONS),
  handler: (args: WhyArgs) => schedule(async (io) => (await import("./why.js")).runWhy(args, io)),
});
