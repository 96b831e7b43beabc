/**
 * What `--help` adds after yargs' option list: examples (taken from the README, which a test keeps
 * in step) and the exit codes of each command. Printed as is, not through yargs' epilogue, whose
 * layout would wrap a long URL in the middle.
 */
import { COULD_NOT_CHECK } from "../core/codes.js";

export type CommandName = "doctor" | "why" | "explain" | "probe" | "lint";

export interface CommandHelp {
  examples: readonly (readonly [command: string, what: string])[];
  exitCodes: readonly (readonly [code: number, meaning: string])[];
}

const URL = "https://orders-api-0e5b4c6a2d1f83a97.7d67968.vpc-lattice-svcs.us-east-1.on.aws";
const EXPLAIN_EXAMPLE = "lattice explain LAT-501";

const DOCTOR_EXIT: CommandHelp["exitCodes"] = [
  [0, "no finding at or above --fail-on"],
  [1, "at least one finding at or above --fail-on"],
  [2, "usage error (unknown flag, malformed id)"],
  [3, `incomplete: some checks could not run (${COULD_NOT_CHECK}) and nothing reached --fail-on`],
  [4, "the service was not found, or a name matched several services"],
  [253, "no usable credentials or region"],
  [130, "interrupted"],
];

export const COMMAND_HELP: Record<CommandName, CommandHelp> = {
  doctor: {
    examples: [
      ["lattice doctor --demo", "a recorded broken service: no AWS account needed"],
      ["lattice doctor svc-0e5b4c6a2d1f83a97 --region us-east-1 --profile prod-readonly", "by id"],
      [
        "lattice doctor orders-api --profile prod-readonly --symptom 403",
        "by name; findings that explain a 403 first",
      ],
      [`lattice doctor ${URL}/orders`, "the URL the client called (or its custom domain)"],
      ["lattice doctor orders-api --trace", "the request path hop by hop"],
      [
        "lattice doctor orders-api --as arn:aws:iam::111122223333:role/orders-client --method POST --path /orders",
        "which auth-policy layer denies this caller",
      ],
      [
        "lattice doctor orders-api --profile producer --from i-0c1d2e3f4a5b6c7d8 --consumer-profile consumer-prod",
        "the client's side, in another account",
      ],
      [
        "lattice doctor orders-api --output json --record orders-api.recording.json > orders-api.json",
        "a JSON document for the ticket, and the raw API answers",
      ],
      ["lattice doctor --replay orders-api.recording.json --trace", "the same report, offline"],
      [
        "lattice doctor svc-0e5b4c6a2d1f83a97 --fail-on critical --ignore LAT-207=snva-0c5e8a1f2b3d4e6f7",
        "CI: fail on criticals only, one accepted finding suppressed",
      ],
    ],
    exitCodes: DOCTOR_EXIT,
  },
  why: {
    examples: [
      ["lattice why orders-api --since 15m --status 403", "who got the 403s, denied by which layer, and why"],
      ["lattice why orders-api --request-id 3f6c1a9e-8b2d-4e57-a0c4-9d1e7f25b6a8", "one request, explained"],
    ],
    exitCodes: [
      [0, "no failed request in the window (or the --request-id entry did not fail, or is not in it)"],
      [1, "failed requests in the window"],
      [2, "usage error (unknown flag, bad --status, --since or --limit)"],
      [
        3,
        "the access log could not be read (none, Firehose only, or the read failed) and nothing failed in what was",
      ],
      [4, "the service was not found, or a name matched several services"],
      [253, "no usable credentials or region"],
    ],
  },
  explain: {
    examples: [
      [EXPLAIN_EXAMPLE, "what it means, why, how to fix, bad/good example"],
      ["lattice explain", "every code"],
    ],
    exitCodes: [
      [0, "the page was printed"],
      [2, "unknown code"],
    ],
  },
  probe: {
    examples: [
      [`lattice probe ${URL}/orders --profile checkout`, "a correctly signed request"],
      [`lattice probe ${URL}/orders --anonymous`, "what unsigned callers get"],
      [
        "lattice probe https://orders.internal.example.com/orders --region us-east-1 -X POST -d @order.json -H content-type=application/json",
        "a custom domain needs --region",
      ],
      [`lattice probe ${URL}/ --dry-run`, "print the signed request as curl; send nothing"],
    ],
    exitCodes: [
      [0, "the service answered 2xx or 3xx (or --dry-run)"],
      [1, "it answered 4xx or 5xx, did not answer in time, or the connection failed"],
      [2, "usage error (bad URL, header, timeout, unreadable --data file)"],
      [253, "no usable credentials or region for a signed request"],
    ],
  },
  lint: {
    examples: [
      ["lattice lint plan.json", "a Terraform plan (terraform show -json); exit 1 on errors and criticals"],
      [
        "lattice lint stacks/orders.yaml --prefix-list pl-0721a5f3c9b2e4d61 --output sarif > lattice.sarif",
        "a CloudFormation template, SARIF for code scanning",
      ],
    ],
    exitCodes: [
      [0, "no finding at or above --fail-on"],
      [1, "at least one finding at or above --fail-on"],
      [2, "usage error (unreadable or unknown file)"],
      [3, "inconclusive until apply, and nothing reached --fail-on"],
    ],
  },
};

export const TOP_EXAMPLES: CommandHelp["examples"] = [
  ["lattice doctor --demo", "try it: a recorded broken service"],
  ["lattice doctor orders-api --symptom timeout", "diagnose a service by name, id, ARN or URL"],
  [EXPLAIN_EXAMPLE, "what a finding code means"],
  [`lattice probe ${URL}/orders`, "send one signed request"],
  ["lattice lint plan.json", "check a Terraform plan or CloudFormation template"],
];

/** Examples, then exit codes: one example per line, what it does on the next, never wrapped. */
export function helpFooter(command: CommandName | undefined): string {
  const examples = command ? COMMAND_HELP[command].examples : TOP_EXAMPLES;
  const lines = ["Examples:"];
  for (const [cmd, what] of examples) lines.push(`  ${cmd}`, `      ${what}`);
  lines.push("", command ? "Exit codes:" : "Exit codes (lattice doctor):");
  const codes = command ? COMMAND_HELP[command].exitCodes : DOCTOR_EXIT;
  for (const [code, meaning] of codes) lines.push(`  ${String(code).padEnd(4)} ${meaning}`);
  lines.push(
    "",
    command
      ? "Each finding code: lattice explain LAT-###"
      : "(doctor's; probe and lint have their own: lattice probe --help, lattice lint --help)",
  );
  return `${lines.join("\n")}\n`;
}
