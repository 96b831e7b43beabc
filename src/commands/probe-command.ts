/** `lattice probe [url]`: its options, and `ProbeArgs` inferred from them; probe.ts loads when it runs. */
import type { Argv } from "yargs";
import { choice, COLOR_OPTION, GROUP, JSON_SCHEMA_OPTION, type ArgsOf, type Schedule } from "./options.js";

const URL = {
  type: "string",
  describe: "https://<service DNS name or custom domain>/<path>",
} as const;

const OPTIONS = {
  method: {
    group: GROUP.request,
    alias: "X",
    type: "string",
    describe: "HTTP method (default GET, POST with --data)",
  },
  header: {
    group: GROUP.request,
    alias: "H",
    type: "string",
    array: true,
    describe: "request header name=value (repeatable); signed unless hop-by-hop",
  },
  data: {
    group: GROUP.request,
    alias: "d",
    type: "string",
    describe: "request body: a string, or @file",
  },
  anonymous: {
    group: GROUP.request,
    type: "boolean",
    default: false,
    describe: "send the request unsigned (as the anonymous principal)",
  },
  timeout: {
    group: GROUP.request,
    type: "string",
    describe: "give up after this long: seconds (10, 2.5s) or milliseconds (500ms); default 10s",
  },
  "dry-run": {
    group: GROUP.output,
    type: "boolean",
    default: false,
    describe: "print the signed request (a curl command, or JSON with -o json) and send nothing",
  },
  output: {
    group: GROUP.output,
    alias: "o",
    type: "string",
    coerce: choice("output", ["text", "json"]),
    describe: "text or json (default text)",
  },
  "json-schema": JSON_SCHEMA_OPTION,
  color: COLOR_OPTION,
  region: {
    group: GROUP.aws,
    type: "string",
    describe: "region to sign for when the URL does not name one (a custom domain)",
  },
  profile: {
    group: GROUP.aws,
    type: "string",
    describe: "named profile from the AWS config files",
  },
} as const;

export type ProbeArgs = ArgsOf<{ url: typeof URL } & typeof OPTIONS>;

export const probeCommand = (schedule: Schedule) => ({
  command: "probe [url]",
  describe:
    "send one correctly SigV4-signed request to a Lattice service (vpc-lattice-svcs, UNSIGNED-PAYLOAD) and explain the answer",
  builder: (y: Argv) => y.positional("url", URL).options(OPTIONS),
  handler: (args: ProbeArgs) => schedule(async (io) => (await import("./probe.js")).runProbe(args, io)),
});
