/**
 * `lattice doctor [service]`: its options, and `DoctorArgs` inferred from them. The handler loads
 * the command (doctor.ts, and through it the AWS SDK) only when it runs.
 */
import type { Argv } from "yargs";
import { COULD_NOT_CHECK } from "../core/codes.js";
import {
  choice,
  COLOR_OPTION,
  FAIL_ON,
  GROUP,
  JSON_SCHEMA_OPTION,
  SYMPTOM_ALIASES,
  SYMPTOMS,
  type ArgsOf,
  type Schedule,
} from "./options.js";

const SERVICE = {
  type: "string",
  describe:
    "svc-… id, service ARN, service name, or the URL / DNS name the client called (generated or custom domain)",
} as const;

/** Doctor's options; `lattice why` runs the doctor and shares the ones about where answers come from. */
export const DOCTOR_OPTIONS = {
  demo: {
    group: GROUP.target,
    type: "boolean",
    default: false,
    describe: "replay the bundled recording of a broken service (no AWS account needed)",
  },
  replay: {
    group: GROUP.target,
    type: "string",
    describe: "run offline from a recording made with --record",
  },
  from: {
    group: GROUP.target,
    type: "string",
    describe:
      "the client that fails (vpc-…, i-…, eni-… or sg-…): turns on the client-side checks (its VPC's association, association SGs, egress, NACL); with --as its VPC is vpc-lattice-svcs:SourceVpc",
  },
  symptom: {
    group: GROUP.target,
    type: "string",
    coerce: choice("symptom", SYMPTOMS, SYMPTOM_ALIASES),
    describe:
      "what the client sees: 403, 404, timeout or 5xx (500, 502, 503, 504 too); findings that explain it rank first",
  },
  timeout: {
    type: "string",
    describe: `deadline for the whole run (default 45s): calls unanswered then are reported as not read (${COULD_NOT_CHECK}) and the result is printed`,
  },
  error: {
    group: GROUP.target,
    type: "string",
    describe:
      "the error the client saw (a 403 body, IncompleteSignatureException…): names the layer or signing fault and ranks its findings first",
  },
  window: {
    group: GROUP.target,
    type: "string",
    describe: "how far back live signals (CloudWatch) look: 90s, 5m, 15m, 1h (default 15m)",
  },
  // --as: evaluate both auth-policy layers and the caller's identity policy.
  as: {
    group: GROUP.request,
    type: "string",
    describe: "the caller to evaluate: a role, user or role-session ARN, an account id, or anonymous",
  },
  method: {
    group: GROUP.request,
    type: "string",
    describe: "the request method (default GET)",
  },
  path: {
    group: GROUP.request,
    type: "string",
    describe: "the request path (default: the path of the URL given as the service, else /)",
  },
  header: {
    group: GROUP.request,
    type: "string",
    array: true,
    describe: "a request header k=v (repeatable)",
  },
  query: {
    group: GROUP.request,
    type: "string",
    array: true,
    describe: "a query-string parameter k=v (repeatable)",
  },
  port: {
    group: GROUP.request,
    type: "number",
    describe: "the listener port (default: the service's HTTPS, else HTTP listener)",
  },
  "principal-org-id": {
    group: GROUP.request,
    type: "string",
    describe: "the caller's aws:PrincipalOrgID",
  },
  "principal-type": {
    group: GROUP.request,
    type: "string",
    describe: "aws:PrincipalType (e.g. AssumedRole)",
  },
  "principal-tag": {
    group: GROUP.request,
    type: "string",
    array: true,
    describe: "a tag of the caller k=v (repeatable)",
  },
  output: {
    group: GROUP.output,
    alias: "o",
    type: "string",
    coerce: choice("output", ["text", "json", "markdown"]),
    describe: "text, json or markdown (default: the live terminal UI on a terminal, text otherwise)",
  },
  trace: {
    group: GROUP.output,
    type: "boolean",
    default: false,
    describe: "show the request path hop by hop",
  },
  verbose: {
    group: GROUP.output,
    alias: "v",
    type: "boolean",
    default: false,
    describe: "show passed checks and timings",
  },
  "fail-on": {
    group: GROUP.output,
    type: "string",
    coerce: choice("fail-on", FAIL_ON),
    describe: "exit 1 at or above this severity: critical, error, warning, info or none (default error)",
  },
  ignore: {
    group: GROUP.output,
    type: "string",
    array: true,
    describe: "suppress a finding: LAT-###[=resource id or ARN] (repeatable)",
  },
  redact: {
    group: GROUP.output,
    type: "boolean",
    default: false,
    describe: "mask account ids (and so ARNs) in every output and recording",
  },
  record: {
    group: GROUP.output,
    type: "string",
    describe: "write every AWS request and response of the run to this file",
  },
  "json-schema": JSON_SCHEMA_OPTION,
  color: COLOR_OPTION,
  debug: {
    group: GROUP.output,
    type: "boolean",
    default: false,
    describe: "SDK-level detail on stderr",
  },
  region: {
    group: GROUP.aws,
    type: "string",
    describe: "AWS region (a region inside a service ARN or Lattice DNS name wins)",
  },
  profile: {
    group: GROUP.aws,
    type: "string",
    describe: "named profile from the AWS config files",
  },
  "consumer-profile": {
    group: GROUP.aws,
    type: "string",
    describe: "profile of the other account (the client's or the network's), read in the same run",
  },
  "role-arn": {
    group: GROUP.aws,
    type: "string",
    describe:
      "role in the other account to assume through STS (from --consumer-profile, else the run's credentials)",
  },
  concurrency: { type: "number", default: 16, hidden: true },
  logs: {
    group: GROUP.target,
    type: "boolean",
    default: true,
    describe: "read the window's failed requests from the access log; --no-logs skips it",
  },
} as const;

export type DoctorArgs = ArgsOf<{ service: typeof SERVICE } & typeof DOCTOR_OPTIONS>;

export const doctorCommand = (schedule: Schedule) => ({
  command: "doctor [service]",
  describe: "trace one VPC Lattice service through the live AWS APIs and report ranked findings",
  builder: (y: Argv) => y.positional("service", SERVICE).options(DOCTOR_OPTIONS),
  handler: (args: DoctorArgs) => schedule(async (io) => (await import("./doctor.js")).runDoctor(args, io)),
});
