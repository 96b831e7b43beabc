/**
 * Generates the committed recordings by running the real resolveService + gather against
 * FakeAccount scenarios with recording on:
 *
 *   fixtures/demo/orders-api.recording.json              the demo (brokenOrdersScenario)
 *   fixtures/recordings/healthy-orders.recording.json    healthyOrdersScenario
 *   fixtures/recordings/denied-auth-policy.recording.json deniedAuthPolicyScenario (LAT-901, exit 3)
 *   fixtures/recordings/healthy-https-ip.recording.json  healthyHttpsIpScenario
 *   fixtures/recordings/healthy-lambda.recording.json    healthyLambdaScenario
 *   fixtures/recordings/healthy-alb.recording.json       healthyAlbScenario
 *   fixtures/recordings/auth-layers.recording.json       authLayersScenario + the --as requests (LAT-403/409)
 *
 * Every `healthy-*` recording is a service that works: test/e2e/healthy.test.ts asserts that none of
 * them yields a critical or error finding.
 *
 * Usage: npm run build && node dist/bench/make-fixtures.js [--check]
 *   --check  regenerate in memory and exit 1 if a committed file differs (CI drift check).
 *
 * Deterministic: fixed recordedAt / toolVersion, calls sorted by service, operation and input (a
 * stable sort, so repeated identical calls keep their order), so regenerating gives the same bytes.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { createClients, type CallRecord } from "../src/aws/clients.js";
import { gather } from "../src/aws/gather.js";
import { DEFAULT_WINDOW_SECONDS } from "../src/aws/gather-signals.js";
import { gatherIdentity } from "../src/aws/gather-identity.js";
import { authRequestFrom, type AuthArgs } from "../src/commands/auth-args.js";
import { resolveService } from "../src/aws/resolve.js";
import { canonicalKey, newRecording, type RecordedCall, type Recording } from "../src/aws/recording.js";
import type { Topology } from "../src/topology/types.js";
import { PACKAGE_ROOT } from "../src/version.js";
import { FakeAccount, type FakeAccountOptions, type Scenario } from "../test/support/fake-account.js";
import {
  ALB,
  AUTH_REQUESTS,
  DEMO,
  authLayersScenario,
  HTTPS_IP,
  LAMBDA,
  brokenOrdersScenario,
  deniedAuthPolicyScenario,
  healthyAlbScenario,
  healthyHttpsIpScenario,
  healthyLambdaScenario,
  healthyOrdersScenario,
} from "./scenarios.js";

export const FIXED_RECORDED_AT = "2025-11-28T09:30:00.000Z";
export const FIXED_TOOL_VERSION = "0.1.0";

export interface RecordedRun {
  recording: Recording;
  topology: Topology;
  fake: FakeAccount;
  callLog: CallRecord[];
}

/** Calls in a stable order: by service, operation and canonical input; equal keys keep their order. */
export function sortCalls(calls: RecordedCall[]): RecordedCall[] {
  const keyed = calls.map((call, index) => ({
    call,
    index,
    key: canonicalKey(call.service, call.operation, call.input),
  }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index));
  return keyed.map((k) => k.call);
}

/**
 * Resolves `input` and gathers it from a FakeAccount over `scenario`, recording every call.
 * `alsoResolve`: further inputs (e.g. the service's name) resolved first, so a replay of the
 * recording can also be asked by those.
 */
export async function recordScenario(
  scenario: Scenario,
  options: {
    input: string;
    description?: string;
    alsoResolve?: string[];
    fake?: FakeAccountOptions;
    concurrency?: number;
    /** `--as` requests whose identity simulation the recording also answers. */
    auth?: AuthArgs[];
  },
): Promise<RecordedRun> {
  const fake = new FakeAccount(scenario, options.fake);
  const recording = newRecording({
    input: options.input,
    region: scenario.region,
    recordedAt: FIXED_RECORDED_AT,
    windowSeconds: DEFAULT_WINDOW_SECONDS,
    toolVersion: FIXED_TOOL_VERSION,
    ...(options.description ? { description: options.description } : {}),
  });
  const clients = createClients({ region: scenario.region, replayer: fake, recording });
  for (const other of options.alsoResolve ?? []) await resolveService(other, clients, scenario.region);
  const resolved = await resolveService(options.input, clients, scenario.region);
  const topology = await gather({
    clients,
    region: resolved.region,
    serviceId: resolved.id,
    // The recording's clock is the end of the live-signal window: a replay asks the same window.
    now: new Date(FIXED_RECORDED_AT),
    windowSeconds: DEFAULT_WINDOW_SECONDS,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
  });
  for (const args of options.auth ?? []) {
    const request = await authRequestFrom(args, FIXED_RECORDED_AT);
    if (request) await gatherIdentity(clients, structuredClone(topology), request);
  }
  recording.calls = sortCalls(recording.calls);
  return { recording, topology, fake, callLog: clients.callLog };
}

export interface FixtureSpec {
  path: string;
  scenario: () => Scenario;
  description: string;
  /** The `svc-…` id the recording is made for (its `meta.input`). */
  input: string;
  /** The service's name, resolved first so a replay can also be asked by name. */
  name: string;
  /** `--as` requests the recording must answer (replayed with exactly these flags). */
  auth?: AuthArgs[];
}

export const FIXTURES: FixtureSpec[] = [
  {
    path: "fixtures/demo/orders-api.recording.json",
    scenario: brokenOrdersScenario,
    input: DEMO.service,
    name: DEMO.serviceName,
    description:
      "Demo: orders-api (us-east-1) requires AWS_IAM auth but has no auth policy, so every request is " +
      "denied (403); its 3 targets are all UNHEALTHY because their security group admits 8080 only from " +
      "the consumer VPC's CIDR 10.20.0.0/16, not from the VPC Lattice prefix list. Simulated account.",
  },
  {
    path: "fixtures/recordings/healthy-orders.recording.json",
    scenario: healthyOrdersScenario,
    input: DEMO.service,
    name: DEMO.serviceName,
    description:
      "orders-api fixed: HTTP :80 → INSTANCE target group HTTP:8080 with 3 HEALTHY targets, target " +
      "security group open to the VPC Lattice prefix list, AWS_IAM with allowing auth policies on the " +
      "service and the network. Simulated account.",
  },
  {
    path: "fixtures/recordings/denied-auth-policy.recording.json",
    scenario: deniedAuthPolicyScenario,
    input: DEMO.service,
    name: DEMO.serviceName,
    description:
      "A healthy orders-api read by a role that may not call vpc-lattice:GetAuthPolicy, " +
      "ec2:DescribeSecurityGroupRules nor ec2:DescribeSecurityGroups: auth and security-group checks " +
      "cannot run (LAT-901). Simulated account.",
  },
  {
    path: "fixtures/recordings/healthy-https-ip.recording.json",
    scenario: healthyHttpsIpScenario,
    input: HTTPS_IP.service,
    name: HTTPS_IP.serviceName,
    description:
      "payments-api, healthy: HTTPS :443 (custom domain with ACM certificate) → IP target group HTTPS:8443 " +
      "(health check HTTP:8080 /healthz) with 4 HEALTHY ECS task ENIs in two subnets, plus a canary IP target " +
      "group (2 HEALTHY) reached by a header rule and a /v2 90/10 weighted rule; task security group admits " +
      "8443 and 8080 from the VPC Lattice prefix list; default NACL; AWS_IAM on network (aws:PrincipalOrgID) " +
      "and service (role ARNs on service/svc-…/*), both with allowing policies; VPC association security " +
      "group admits 443 from the consumer VPC. Simulated account.",
  },
  {
    path: "fixtures/recordings/healthy-lambda.recording.json",
    scenario: healthyLambdaScenario,
    input: LAMBDA.service,
    name: LAMBDA.serviceName,
    description:
      "image-resize, healthy: HTTPS :443 → LAMBDA target group (no config) whose function target is " +
      "UNAVAILABLE / HealthCheckNotSupported (normal for Lambda); AWS_IAM on the service with an " +
      "authenticated-only policy, network NONE; VPC association security group admits 443 from the " +
      "consumer VPC. Simulated account.",
  },
  {
    path: "fixtures/recordings/auth-layers.recording.json",
    scenario: authLayersScenario,
    input: DEMO.service,
    name: DEMO.serviceName,
    auth: AUTH_REQUESTS,
    description:
      "orders-api healthy (HTTP :80) with AWS_IAM on both layers, for --as: the network admits authenticated " +
      "principals of 111122223333 only; the service allows checkout-frontend and partner-sync (444455556666), denies " +
      "/admin/* to everyone (Sid DenyAdminPaths) and lets batch-reporter GET; IAM allows checkout-frontend, not " +
      "batch-reporter, and the diagnosing role may not simulate ops-oncall (AccessDenied). Answers the --as " +
      "requests of AUTH_REQUESTS in bench/scenarios.ts. Simulated account.",
  },
  {
    path: "fixtures/recordings/healthy-alb.recording.json",
    scenario: healthyAlbScenario,
    input: ALB.service,
    name: ALB.serviceName,
    description:
      "legacy-web, healthy: HTTP :80 → ALB target group (port 80, HTTP, no healthCheck) whose internal ALB " +
      "target is UNAVAILABLE / HealthCheckNotSupported (normal for ALB); no auth on service or network; VPC " +
      "association security group admits 80 from the consumer VPC. Simulated account.",
  },
];

export function serialise(recording: Recording): string {
  return JSON.stringify(recording, null, 2) + "\n";
}

export async function buildFixture(spec: FixtureSpec): Promise<RecordedRun> {
  const run = await recordScenario(spec.scenario(), {
    input: spec.input,
    description: spec.description,
    alsoResolve: [spec.name],
    ...(spec.auth ? { auth: spec.auth } : {}),
  });
  if (run.fake.unsupported.length > 0) {
    throw new Error(
      `${spec.path}: gather called operations the FakeAccount does not implement: ${run.fake.unsupported.join(", ")}`,
    );
  }
  return run;
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes("--check");
  let drift = 0;
  for (const spec of FIXTURES) {
    const run = await buildFixture(spec);
    const text = serialise(run.recording);
    const path = join(PACKAGE_ROOT, spec.path);
    const failed = run.callLog.filter((c) => !c.ok).map((c) => `${c.service}:${c.operation} ${c.errorCode}`);
    const summary = `${spec.path}: ${run.recording.calls.length} calls${failed.length ? `, failed: ${[...new Set(failed)].join("; ")}` : ""}`;
    if (check) {
      const current = await readFile(path, "utf8").catch(() => "");
      if (current !== text) {
        drift++;
        process.stderr.write(`differs: ${summary}\n`);
      } else process.stdout.write(`up to date: ${summary}\n`);
    } else {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text, "utf8");
      process.stdout.write(`wrote ${summary}\n`);
    }
  }
  return drift ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`make-fixtures: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
