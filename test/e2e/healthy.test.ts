/**
 * A healthy service must come out clean. Every `healthy-*` recording (made by bench/make-fixtures.ts
 * from a working FakeAccount scenario) goes through the CLI's `main` with `--output json`, and must
 * give no critical or error finding, exit 0 and a complete run. A false critical on a healthy service
 * costs an on-call engineer an hour: a failure here is a bug in a check, not in the recording.
 *
 * The warnings and infos each recording is allowed are listed with the reason they are true of that
 * service; anything else fails the test, so a new check that fires on a healthy service is noticed.
 *
 * The second part makes sure "clean" is not vacuous: one realistic change to each healthy scenario
 * makes the check that owns that hop fire.
 */
import { describe, expect, it } from "vitest";
import { main, type Io } from "../../src/cli.js";
import type { Report } from "../../src/report/types.js";
import { DEMO_RECORDING } from "../../src/version.js";
import { checks } from "../../checks/index.js";
import { runChecks } from "../../src/engine/run-checks.js";
import type { Scenario } from "../support/fake-account.js";
import { FIXTURES, recordScenario } from "../../bench/make-fixtures.js";
import {
  ALB,
  HTTPS_IP,
  LAMBDA,
  healthyAlbScenario,
  healthyHttpsIpScenario,
  healthyLambdaScenario,
} from "../../bench/scenarios.js";
import { expectValidReport } from "../support/validate-report.js";

async function doctorJson(recording: string): Promise<{ code: number; stderr: string; report: Report }> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: { AWS_EC2_METADATA_DISABLED: "true" },
  };
  const code = await main(["doctor", "--replay", recording, "--output", "json"], io);
  const report: unknown = JSON.parse(stdout);
  expectValidReport(report);
  return { code, stderr, report };
}

/** `LAT-406 info` per finding, in rank order. */
const codes = (report: Report) => report.findings.map((f) => `${f.code} ${f.severity}`);

/**
 * The healthy recordings and the findings each may (must) report, with why each one is true.
 * Only warning/info findings may appear here.
 */
const HEALTHY: { path: string; what: string; expected: string[] }[] = [
  {
    path: "fixtures/recordings/healthy-orders.recording.json",
    what: "HTTP :80 → INSTANCE target group, 3 HEALTHY, IAM auth with allowing policies",
    expected: [],
  },
  {
    path: "fixtures/recordings/healthy-https-ip.recording.json",
    what: "HTTPS :443 → IP target groups (HTTPS:8443, health check :8080), 4+2 HEALTHY, 90/10 canary, IAM on both layers",
    expected: [],
  },
  {
    path: "fixtures/recordings/healthy-lambda.recording.json",
    what: "HTTPS :443 → LAMBDA target group, function UNAVAILABLE/HealthCheckNotSupported, IAM on the service",
    expected: [],
  },
  {
    path: "fixtures/recordings/healthy-alb.recording.json",
    what: "HTTP :80 → ALB target group, internal ALB UNAVAILABLE/HealthCheckNotSupported, no auth",
    // LAT-406 info is true of this service: authType is NONE on legacy-web and on corp-apps, so any
    // workload in the associated VPC can call it. That is context (a choice, not a fault) and
    // stays info: it does not move the verdict off healthy.
    expected: ["LAT-406 info"],
  },
];

describe("healthy recordings come out clean", () => {
  it("every healthy-* fixture is covered here", () => {
    const fixtures = FIXTURES.map((f) => f.path).filter((p) => /\/healthy-[^/]*$/.test(p));
    expect(fixtures.sort()).toEqual(HEALTHY.map((h) => h.path).sort());
  });

  for (const h of HEALTHY) {
    const allowed = h.expected.length ? h.expected.join(", ") : "no findings";
    it(`${h.path} (${h.what}): ${allowed}, exit 0, complete`, async () => {
      const { code, report } = await doctorJson(h.path);
      const failing = report.findings.filter((f) => f.severity === "critical" || f.severity === "error");
      expect(
        failing.map((f) => `${f.code} ${f.severity}: ${f.title}`),
        "false positives on a healthy service",
      ).toEqual([]);
      expect(codes(report)).toEqual(h.expected);
      expect(["healthy", "at-risk"]).toContain(report.verdict);
      expect(report.verdict).toBe(h.expected.some((c) => c.endsWith(" warning")) ? "at-risk" : "healthy");
      expect(report.complete).toBe(true);
      expect(report.exitCode).toBe(0);
      expect(code).toBe(0);
      expect(report.summary.skipped).toBe(0);
      // Every registered check ran (none skipped, none crashed), but those whose flag was not given.
      // LAT-606 (--logs) applies whenever an access log was read: pass or not applicable, never skipped.
      expect(["pass", "not-applicable"]).toContain(report.checks.find((c) => c.code === "LAT-606")!.status);
      expect(
        report.checks.filter((c) => c.status !== "pass" && c.status !== "fail" && c.code !== "LAT-606"),
      ).toEqual(
        checks
          .filter((c) => c.requires && c.requires !== "--logs")
          .map((c) => ({
            code: c.code,
            status: "not-applicable",
            reason: `not applicable without ${c.requires}`,
          })),
      );
      expect(report.summary.passed).toBe(report.checks.filter((c) => c.status === "pass").length);
      expect(report.checks).toHaveLength(checks.length);
    });
  }

  it("the demo reports exactly its planted faults: LAT-401, LAT-501, LAT-301 caused by LAT-501, and its live signals", async () => {
    const { code, report } = await doctorJson(DEMO_RECORDING);
    expect(codes(report)).toEqual([
      "LAT-401 critical",
      "LAT-604 error", // the 403s it causes, right after it
      "LAT-605 error", // its 403 alarm is firing: an effect of it too
      "LAT-501 critical",
      "LAT-301 critical",
      "LAT-604 error", // the connection errors it caused before the 403s began
      // no alarm that can fire on 5XX / connection errors; no access logs; two alarms copied from ELB guides
      "LAT-601 warning",
      "LAT-603 warning",
      "LAT-602 warning", // the two target-group alarms, at the target-group hop
      "LAT-602 warning",
    ]);
    expect(report.findings.map((f) => f.causedBy ?? "")).toEqual([
      "",
      "LAT-401",
      "LAT-401",
      "",
      "LAT-501",
      "LAT-501",
      "",
      "",
      "",
      "",
    ]);
    expect(report.signals?.inferredSymptom?.symptom).toBe("403");
    expect(report.verdict).toBe("blocked");
    expect(report.complete).toBe(true);
    expect(code).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------
// Not vacuous: break one thing in a healthy scenario and its check fires

async function findingsOf(scenario: Scenario, serviceId: string): Promise<string[]> {
  const { topology } = await recordScenario(scenario, { input: serviceId });
  expect(topology.failures).toEqual([]);
  const run = runChecks(topology, checks, { region: scenario.region });
  return run.findings.map((f) => `${f.code} ${f.severity}`);
}

describe("the healthy scenarios are clean for the right reason", () => {
  it("https-ip: the health-check port closed to the prefix list → LAT-502", async () => {
    const s = healthyHttpsIpScenario();
    s.securityGroupRules = s.securityGroupRules.filter((r) => !(r.FromPort === 8080 && r.PrefixListId));
    expect(await findingsOf(s, HTTPS_IP.service)).toContain("LAT-502 critical");
  });

  it("https-ip: the canary target group all UNHEALTHY → LAT-301 as an error (only some routes)", async () => {
    const s = healthyHttpsIpScenario();
    const canary = s.targetGroups.find((t) => t.targetGroup.id === HTTPS_IP.canaryTargetGroup)!;
    canary.targets = canary.targets.map((t) => ({
      ...t,
      status: "UNHEALTHY",
      reasonCode: "HealthCheckFailed",
    }));
    expect(await findingsOf(s, HTTPS_IP.service)).toContain("LAT-301 error");
  });

  it("https-ip: the service policy's Resource names another service → LAT-405", async () => {
    const s = healthyHttpsIpScenario();
    const policy = s.authPolicies[HTTPS_IP.service]!;
    s.authPolicies[HTTPS_IP.service] = {
      ...policy,
      policy: policy.policy!.replaceAll(HTTPS_IP.service, "svc-0123456789abcdef0"),
    };
    expect((await findingsOf(s, HTTPS_IP.service)).some((c) => c.startsWith("LAT-405 "))).toBe(true);
  });

  it("https-ip: the network's auth policy deleted (authType AWS_IAM) → LAT-401", async () => {
    const s = healthyHttpsIpScenario();
    delete s.authPolicies[HTTPS_IP.serviceNetwork];
    expect(await findingsOf(s, HTTPS_IP.service)).toContain("LAT-401 critical");
  });

  it("lambda: the function's target UNHEALTHY → LAT-301", async () => {
    const s = healthyLambdaScenario();
    s.targetGroups[0]!.targets = [{ id: LAMBDA.functionArn, status: "UNHEALTHY", reasonCode: "Failed" }];
    expect(await findingsOf(s, LAMBDA.service)).toContain("LAT-301 critical");
  });

  it("alb: the association's security group admits 8080 instead of the listener's 80 → LAT-505", async () => {
    const s = healthyAlbScenario();
    s.securityGroupRules = s.securityGroupRules.map((r) =>
      r.GroupId === ALB.associationSg && !r.IsEgress ? { ...r, FromPort: 8080, ToPort: 8080 } : r,
    );
    expect(await findingsOf(s, ALB.service)).toContain("LAT-505 critical");
  });
});
