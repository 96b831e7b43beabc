/**
 * Failures say what they are, over the real wire: the spawned binary (`npm run build` first) with
 * the real SDK against test/support/wire-server.ts, whose endpoints here refuse connections, answer
 * HTML 404 / 500 pages, deny, throttle, fail with a 5xx, or never answer. Each case asserts the exit
 * code, the LAT-901 kind and resource, and that nothing is an `iam-action` unless it was denied; a
 * read that hangs is reported as a timeout while the rest of the diagnosis stands.
 */
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Report } from "../../src/report/types.js";
import type { Finding } from "../../src/core/finding.js";
import { FakeAccount, type Fault, type Scenario } from "../support/fake-account.js";
import { CALLER_ARN, DEMO, brokenOrdersScenario, healthyOrdersScenario } from "../../bench/scenarios.js";
import {
  startWireServer,
  type WireOverride,
  type WireServer,
  type WireService,
} from "../support/wire-server.js";
import { expectValidReport } from "../support/validate-report.js";
import { runCli } from "../support/cli.js";
import { runBin, doctorJson, type Spawned } from "../support/spawn-bin.js";
import { wireEnv } from "../support/wire-env.js";

/** Runs `fn` with `env` in process.env (the SDK reads AWS_ENDPOINT_URL_* and keys there), then restores it. */
async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

const REGION = "us-east-1";
const built = existsSync("dist/src/cli.js");

const servers: WireServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    expect(server.problems).toEqual([]);
    await server.close();
  }
});

async function serve(
  scenario: Scenario,
  override?: (service: WireService, operation: string) => WireOverride | undefined,
): Promise<WireServer> {
  const server = await startWireServer(new FakeAccount(scenario), {
    region: REGION,
    ...(override ? { override } : {}),
  });
  servers.push(server);
  return server;
}

async function doctor(
  server: WireServer,
  args: string[],
  extra: Record<string, string> = {},
): Promise<{ run: Spawned; report: Report }> {
  return doctorJson(args, { ...(await wireEnv(server)), ...extra }, 25_000);
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", () => r()));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

const html = (status: number): WireOverride => ({
  status,
  contentType: "text/html; charset=utf-8",
  body: `<!DOCTYPE html><html><head><title>${status}</title></head><body><h1>${status}</h1><p>nginx</p></body></html>`,
});

const lat901 = (report: Report): Finding[] => report.findings.filter((f) => f.code === "LAT-901");
interface Observed {
  call: string;
  kind?: string;
  errorCode?: string;
  [key: string]: unknown;
}
const observed = (f: Finding): Observed[] =>
  f.evidence.map((e) => ({ ...(e.observed as Record<string, unknown>), call: e.call }));

/** Only a denial names an IAM action: in resources, fixes and skip reasons. */
function expectNoIamActionUnlessDenied(report: Report): void {
  for (const f of lat901(report)) {
    const denied = observed(f).every((o) => o.kind === "access-denied");
    expect(f.resource.type === "iam-action", `${f.title}`).toBe(denied);
    if (!denied) expect(f.fix.summary).not.toMatch(/\bgrant\b/i);
  }
}

function withFaults(scenario: Scenario, faults: Fault[]): Scenario {
  return { ...scenario, faults: [...(scenario.faults ?? []), ...faults] };
}

describe.skipIf(!built)(
  "failures say what they are (the binary, the real SDK, the loopback wire server)",
  () => {
    it("the first read refused (connection refused): one message naming the endpoint, the JSON document incomplete, exit 3", async () => {
      const server = await serve(healthyOrdersScenario());
      const dead = `http://127.0.0.1:${await closedPort()}/vpc-lattice`;
      const { run, report } = await doctor(server, [DEMO.service], { AWS_ENDPOINT_URL_VPC_LATTICE: dead });
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toContain(`the VPC Lattice endpoint ${dead}`);
      expect(run.stderr).toContain("could not be reached (ECONNREFUSED");
      expect(run.stderr).toContain("AWS_ENDPOINT_URL_VPC_LATTICE");
      expect(run.stderr).not.toMatch(/grant/i);
      expect(run.stderr.trim().split("\n").length).toBeLessThanOrEqual(3);
      expect(report).toMatchObject({ verdict: "incomplete", complete: false, exitCode: 3 });
      expect(report.findings.map((f) => [f.code, f.resource])).toEqual([
        ["LAT-901", { type: "endpoint", id: `${dead}` }],
      ]);
      expect(observed(report.findings[0]!)).toEqual([
        expect.objectContaining({
          call: "vpc-lattice:GetService",
          kind: "unreachable",
          errorCode: "ECONNREFUSED",
        }),
      ]);
      expect(report.summary.passed).toBe(0);
      expect(report.trace.every((h) => h.status === "unknown")).toBe(true);
    });

    it("the name lookup refused: the message names ListServices and the endpoint; no id in the document", async () => {
      const server = await serve(healthyOrdersScenario());
      const dead = `http://127.0.0.1:${await closedPort()}/vpc-lattice`;
      const { run, report } = await doctor(server, [DEMO.serviceName], {
        AWS_ENDPOINT_URL_VPC_LATTICE: dead,
      });
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toContain(
        `ListServices (looking up the name "${DEMO.serviceName}") was not answered`,
      );
      expect(run.stderr).toContain(dead);
      expect(run.stderr).not.toMatch(/grant/i);
      expect(report.target).toEqual({ input: DEMO.serviceName });
      expect(report.verdict).toBe("incomplete");
    });

    it("the Lattice endpoint answers an HTML 404 page: named by its status, never 'not found' or 'deleted'", async () => {
      const server = await serve(healthyOrdersScenario(), (service) =>
        service === "vpc-lattice" ? html(404) : undefined,
      );
      const { run, report } = await doctor(server, [DEMO.service]);
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toContain("answered with something that is not an AWS API answer (HTTP 404");
      expect(run.stderr).toContain(server.endpoints["vpc-lattice"]);
      expect(`${run.stderr}${run.stdout}`).not.toMatch(/deleted during the run|was not found|grant/i);
      expect(report.verdict).toBe("incomplete");
      expect(observed(lat901(report)[0]!)).toEqual([
        expect.objectContaining({ kind: "not-aws-answer", errorCode: "HTTP 404" }),
      ]);
    });

    it("GetAuthPolicy answered by an HTML 404 page: LAT-901 about the endpoint, not 'sn-… was not found'", async () => {
      const server = await serve(healthyOrdersScenario(), (service, operation) =>
        service === "vpc-lattice" && operation === "GetAuthPolicy" ? html(404) : undefined,
      );
      const { run, report } = await doctor(server, [DEMO.service]);
      expect(run.code, run.stderr).toBe(3);
      const [f, ...rest] = lat901(report);
      expect(rest).toEqual([]);
      expect(f!.resource).toEqual({ type: "endpoint", id: server.endpoints["vpc-lattice"] });
      expect(observed(f!).every((o) => o.kind === "not-aws-answer" && o.errorCode === "HTTP 404")).toBe(true);
      expect(JSON.stringify(f)).not.toMatch(/deleted during the run|was not found/);
      expectNoIamActionUnlessDenied(report);
      expect(report.verdict).toBe("incomplete");
    });

    it("the EC2 endpoint answers HTML 500 pages: LAT-901 names the endpoint and HTTP 500, no IAM action", async () => {
      const server = await serve(healthyOrdersScenario(), (service) =>
        service === "ec2" ? html(500) : undefined,
      );
      const { run, report } = await doctor(server, [DEMO.service]);
      expect(run.code, run.stderr).toBe(3);
      const found = lat901(report);
      expect(found.map((f) => f.resource)).toEqual([{ type: "endpoint", id: server.endpoints.ec2 }]);
      expect(
        observed(found[0]!).every((o) => o.kind === "not-aws-answer" && o.errorCode === "HTTP 500"),
      ).toBe(true);
      expectNoIamActionUnlessDenied(report);
      expect(
        report.checks.filter((c) => c.status === "skip").every((c) => !/grant/.test(c.reason ?? "")),
      ).toBe(true);
    });

    it("CloudWatch's port refuses connections: the rest is read, LAT-901 names the endpoint and ECONNREFUSED", async () => {
      const server = await serve(healthyOrdersScenario());
      const dead = `http://127.0.0.1:${await closedPort()}/cloudwatch`;
      const { run, report } = await doctor(server, [DEMO.service], { AWS_ENDPOINT_URL_CLOUDWATCH: dead });
      expect(run.code, run.stderr).toBe(3);
      const found = lat901(report);
      expect(found.map((f) => f.resource)).toEqual([{ type: "endpoint", id: `${dead}` }]);
      expect(found[0]!.fix.summary).toContain("AWS_ENDPOINT_URL_CLOUDWATCH");
      expect(
        observed(found[0]!).every((o) => o.kind === "unreachable" && o.errorCode === "ECONNREFUSED"),
      ).toBe(true);
      expectNoIamActionUnlessDenied(report);
      // Everything else was read: the checks that do not need CloudWatch ran.
      expect(report.summary.passed).toBeGreaterThan(20);
    });

    const faults: { name: string; fault: Fault; kind: string; type: string; attempts: number }[] = [
      {
        name: "a denied call (AccessDeniedException, 403)",
        fault: {
          service: "vpc-lattice",
          operation: "ListTargets",
          error: {
            name: "AccessDeniedException",
            message: `User: ${CALLER_ARN} is not authorized to perform: vpc-lattice:ListTargets`,
            httpStatusCode: 403,
          },
        },
        kind: "access-denied",
        type: "iam-action",
        attempts: 1,
      },
      {
        name: "a call throttled past the SDK's retries (ThrottlingException, 429)",
        fault: {
          service: "vpc-lattice",
          operation: "ListTargets",
          error: { name: "ThrottlingException", message: "Rate exceeded", httpStatusCode: 429 },
        },
        kind: "throttled",
        type: "api-call",
        attempts: 4,
      },
      {
        name: "a 5xx (InternalServerException, 500)",
        fault: {
          service: "vpc-lattice",
          operation: "ListTargets",
          error: { name: "InternalServerException", message: "Internal server error", httpStatusCode: 500 },
        },
        kind: "service-error",
        type: "api-call",
        attempts: 4,
      },
    ];
    for (const c of faults) {
      it(`${c.name}: LAT-901 ${c.kind}, resource ${c.type}, exit 3`, async () => {
        const server = await serve(withFaults(healthyOrdersScenario(), [c.fault]));
        const { run, report } = await doctor(server, [DEMO.service]);
        expect(run.code, run.stderr).toBe(3);
        const found = lat901(report);
        expect(found.map((f) => f.resource)).toEqual([{ type: c.type, id: "vpc-lattice:ListTargets" }]);
        expect(observed(found[0]!).map((o) => o.kind)).toEqual([c.kind]);
        expectNoIamActionUnlessDenied(report);
        // The SDK retried what it retries (throttling, 5xx), not a denial.
        expect(server.requests.filter((r) => r.operation === "ListTargets")).toHaveLength(c.attempts);
        const reasons = report.checks.filter((ch) => ch.status === "skip").map((ch) => ch.reason ?? "");
        expect(reasons.length).toBeGreaterThan(0);
        expect(reasons.every((r) => /grant/.test(r) === (c.kind === "access-denied"))).toBe(true);
      });
    }
  },
);

describe.skipIf(!built)("bounded time", () => {
  it("a hung GetAuthPolicy: each attempt is aborted by the per-attempt timeout and retried; the run ends", async () => {
    const server = await serve(healthyOrdersScenario(), (service, operation) =>
      service === "vpc-lattice" && operation === "GetAuthPolicy" ? { hang: true } : undefined,
    );
    const { run, report } = await doctor(server, [DEMO.service, "--timeout", "20s"], {
      LATTICE_DOCTOR_ATTEMPT_TIMEOUT_MS: "300",
    });
    expect(run.code, run.stderr).toBe(3);
    expect(run.ms).toBeLessThan(12_000);
    const found = lat901(report);
    expect(found.map((f) => f.resource)).toEqual([{ type: "api-call", id: "vpc-lattice:GetAuthPolicy" }]);
    expect(observed(found[0]!).every((o) => o.kind === "timeout" && o.errorCode === "TimeoutError")).toBe(
      true,
    );
    // Four attempts (the SDK's standard retries) for each policy asked for.
    const asked = server.requests.filter((r) => r.operation === "GetAuthPolicy");
    const resources = new Set(asked.map((r) => r.path));
    expect(asked).toHaveLength(4 * resources.size);
    expect(report.summary.passed).toBeGreaterThan(20);
  });

  it("--timeout: a bad duration is a usage error", async () => {
    const server = await serve(healthyOrdersScenario());
    const run = await runBin(["doctor", DEMO.service, "--timeout", "soon"], await wireEnv(server), 25_000);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--timeout soon: expected a duration such as 45s");
  });

  /**
   * Every read of the demo, hung in turn: the deadline (--timeout) aborts it, it is LAT-901
   * (timeout, DeadlineExceeded), and every finding of the full run is still there unless its check
   * was skipped. GetService (the first read) stops the run with one message instead. In process
   * (the CLI's `main`, the real SDK, the wire server through AWS_ENDPOINT_URL_*): spawning a binary
   * per operation would take minutes on a busy machine.
   */
  it("each read operation hung in turn: the run ends at its deadline with that read a timeout, the rest of the diagnosis present", async () => {
    // The full run, in process too (it also warms the modules up, so the deadline measures the run).
    const baselineServer = await serve(brokenOrdersScenario());
    const full = await withEnv(await wireEnv(baselineServer), () =>
      runCli(["doctor", DEMO.service, "--output", "json"]),
    );
    const baseline = JSON.parse(full.stdout) as Report;
    expect(full.code).toBe(1);
    expect(baseline.complete).toBe(true);
    const operations = baselineServer.operations();
    expect(operations.length).toBeGreaterThanOrEqual(25);
    const key = (f: Finding) => `${f.code} ${f.resource.id}`;
    // Each of these stands in for the other (a group's IpPermissions are its rules): one alone
    // hung loses nothing.
    const withFallback = ["ec2:DescribeSecurityGroupRules", "ec2:DescribeSecurityGroups"];
    // Which target groups there are is only known from the listeners and rules: findings about
    // target groups and targets go with them (their checks are skipped once reads are chained).
    const upstreamOfTargets = [
      "vpc-lattice:ListListeners",
      "vpc-lattice:GetListener",
      "vpc-lattice:ListRules",
      "vpc-lattice:GetRule",
    ];

    const deadlineMs = 1_500;
    const failures: string[] = [];
    for (const op of operations) {
      const [service, operation] = op.split(":") as [WireService, string];
      const server = await serve(brokenOrdersScenario(), (s, o) =>
        s === service && o === operation ? { hang: true } : undefined,
      );
      const started = performance.now();
      const run = await withEnv(await wireEnv(server), () =>
        runCli(["doctor", DEMO.service, "--timeout", `${deadlineMs}ms`, "--output", "json"]),
      );
      const ms = performance.now() - started;
      const report = JSON.parse(run.stdout) as Report;
      expectValidReport(report);
      const problems: string[] = [];
      if (ms > deadlineMs + 3_000) problems.push(`took ${Math.round(ms)} ms`);
      const timedOut = lat901(report).flatMap(observed);
      if (withFallback.includes(op)) {
        const keys = (r: Report) => r.findings.map(key).sort().join(" | ");
        if (keys(report) !== keys(baseline))
          problems.push(`findings differ: ${keys(report)} / ${keys(baseline)}`);
      } else if (
        report.complete ||
        !timedOut.some((o) => o.call === op && o.kind === "timeout" && o.errorCode === "DeadlineExceeded")
      )
        problems.push(`no LAT-901 timeout for ${op}: ${JSON.stringify(timedOut)}`);
      if (timedOut.some((o) => o.kind !== "timeout"))
        problems.push(`other failures: ${JSON.stringify(timedOut)}`);
      if (op === "vpc-lattice:GetService") {
        if (run.code !== 3 || !run.stderr.includes("did not answer in time"))
          problems.push(`stderr: ${run.stderr}`);
      } else {
        const skipped = new Set(report.checks.filter((c) => c.status === "skip").map((c) => c.code));
        const now = new Set(report.findings.map(key));
        const lost = baseline.findings.filter(
          (f) =>
            !now.has(key(f)) &&
            !skipped.has(f.code) &&
            !(upstreamOfTargets.includes(op) && (f.hop === "targets" || f.hop === "target-group")),
        );
        if (lost.length > 0) problems.push(`lost ${lost.map(key).join(", ")}`);
        if (![1, 3].includes(run.code)) problems.push(`exit ${run.code}`);
      }
      if (problems.length > 0) failures.push(`${op}: ${problems.join("; ")}`);
    }
    expect(failures).toEqual([]);
  }, 180_000);
});
