/**
 * `lattice why` in process against the bundled demo recording (the broken orders-api: no auth
 * policy → LAT-401, targets' security group blocks Lattice → LAT-501/301), with the window's failed
 * requests as the access-log reader would hand them over (the one seam, src/commands/why-logs.ts).
 * Also `doctor` with the same log: LAT-606 under its causes, and the most denied principal evaluated.
 */
import { Ajv } from "ajv";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { FailedRequests } from "../../src/topology/access-log.js";
import type { Topology } from "../../src/topology/types.js";
import type { WhyReport } from "../../src/report/why-types.js";
import { whySchema } from "../../src/report/why-schema.js";
import { runCli, runJson } from "../support/cli.js";
import { failedRequests, group, logSource, targetGroupFailure } from "../support/access-log.js";

const SVC = "svc-0e5b4c6a2d1f83a97";
const TG = "tg-0a9f1e2d3c4b5a697";
const VPC = "vpc-0a7b6c5d4e3f21098";
const TG_ARN = `arn:aws:vpc-lattice:us-east-1:111122223333:targetgroup/${TG}`;
const LOG = `arn:aws:logs:us-east-1:111122223333:log-group:/aws/vendedlogs/vpclattice/orders-api`;
const REPORTING = "arn:aws:sts::111122223333:assumed-role/reporting-job/i-0b7e2c4d6f8a01357";
const BILLING = "arn:aws:sts::111122223333:assumed-role/billing-sync/1764321612345678901";

let current: FailedRequests | undefined;

vi.mock("../../src/commands/why-logs.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/commands/why-logs.js")>();
  return {
    ...actual,
    failedRequestsFor: (topology: Topology, query: Parameters<typeof actual.failedRequestsFor>[1]) => {
      if (current && topology.signals) topology.signals.failedRequests = structuredClone(current);
      return actual.failedRequestsFor(topology, query);
    },
  };
});

const demoWindow = { start: "2025-11-28T09:15:00.000Z", end: "2025-11-28T09:30:00.000Z" };
const denied = group({ callerPrincipal: REPORTING, sourceVpcId: VPC });
const networkDenied = group({
  authDeniedReason: "Network",
  callerPrincipal: BILLING,
  sourceVpcId: VPC,
  requestPath: "/orders/export",
  count: 31,
  sampleRequestIds: ["c2e8f4a1-7b3d-4c59-9e06-a1d2b3c4e5f6"],
});
const connection = targetGroupFailure({ targetGroupArn: TG_ARN, sourceVpcId: VPC, callerPrincipal: BILLING });
const entry = {
  startTime: "2025-11-28T09:21:14.552Z",
  requestId: "7a2e9c41-d3b8-4f06-9e15-c8a4b2d07f93",
  responseCode: 502,
  requestMethod: "POST",
  requestPath: "/orders/checkout",
  failureReason: "TargetConnectionError",
  callerPrincipal: BILLING,
  sourceVpcId: VPC,
  sourceIpPort: "10.20.4.17:50412",
  targetIpPort: "10.0.1.23:8080",
  targetGroupArn: TG_ARN,
  serviceArn: `arn:aws:vpc-lattice:us-east-1:111122223333:service/${SVC}`,
  duration: 3002,
};
const log = (groups = [denied, networkDenied, connection], extra: Partial<FailedRequests> = {}) =>
  failedRequests(groups, {
    window: demoWindow,
    sources: [logSource({ resourceId: SVC, destinationArn: LOG })],
    ...extra,
  });

const ajv = new Ajv({ allErrors: true, strict: true });
const validateWhy = ajv.compile<WhyReport>(whySchema);

async function why(args: string[]): Promise<{ code: number; report: WhyReport; stderr: string }> {
  const run = await runCli(["why", "--demo", ...args, "--output", "json"]);
  const report: unknown = JSON.parse(run.stdout);
  expect(validateWhy(report), JSON.stringify(validateWhy.errors)).toBe(true);
  return { code: run.code, report: report as WhyReport, stderr: run.stderr };
}

beforeEach(() => {
  current = log();
});
afterEach(() => {
  current = undefined;
});

describe("lattice why", () => {
  it("groups, each with its hop and the findings that explain it; exit 1", async () => {
    const { code, report } = await why([]);
    expect(code).toBe(1);
    expect(report.exitCode).toBe(1);
    expect(report.logs).toMatchObject({ status: "read", total: 212 + 31 + 48 });
    const rows = report.groups.map((g) => [g.responseCode, g.hop, g.explainedBy.map((f) => f.code)]);
    expect(rows).toEqual([
      [403, "service", ["LAT-401"]],
      [403, "service-network", []],
      [502, "targets", ["LAT-501", "LAT-301"]],
    ]);
    // The 403 the service layer denied: the evaluator agrees (AWS_IAM and no policy).
    const [svc, net, target] = report.groups;
    expect(svc!.auth).toMatchObject({ principal: REPORTING, method: "GET", path: "/orders", sourceVpc: VPC });
    expect(svc!.auth!.deciding).toMatchObject({ layer: "service", id: SVC, agrees: true });
    // The network is auth NONE: the log's denial is not what the configuration read says.
    expect(net!.auth!.deciding).toMatchObject({ layer: "network", agrees: false });
    expect(target!.target).toMatchObject({
      targetGroupId: TG,
      targetGroupName: "orders-api-tg",
      targetIpPort: "10.0.1.23:8080",
      securityGroupIds: ["sg-0282b1d9c4e5f6a70"],
    });
    // The static diagnosis, without the groups' own findings.
    expect(report.diagnosis.findings.map((f) => f.code)).not.toContain("LAT-606");
    expect(report.diagnosis.verdict).toBe("blocked");
  });

  it("text: the table, then each group explained", async () => {
    const run = await runCli(["why", "--demo"]);
    expect(run.code).toBe(1);
    const lines = run.stdout.split("\n");
    expect(lines.find((l) => l.includes("count"))).toMatch(
      /count +status +reason +principal +source VPC +path +explained by/,
    );
    expect(run.stdout).toMatch(
      /212 +403 +Service +assumed-role\/reporting-job\/i-0b7e2c4d6f8a01357 +vpc-0a7b6c5d4e3f21098 +GET \/orders +LAT-401/,
    );
    expect(run.stdout).toMatch(/48 +502 +TargetConnectionError .* LAT-501, LAT-301/);
    expect(run.stdout).toContain(
      "explained by: none — no finding of the static diagnosis accounts for these requests",
    );
    expect(run.stdout).toContain("but the policy as read does not deny this request");
  });

  it("--status 5xx keeps the target's group only", async () => {
    const { report } = await why(["--status", "502"]);
    expect(report.filter).toEqual({ status: "5xx", limit: 5000 });
    expect(report.groups.map((g) => g.failureReason)).toEqual(["TargetConnectionError"]);
  });

  it("--request-id: the one entry, explained as a group of one", async () => {
    current = log([connection], { entry });
    const { code, report } = await why(["--request-id", entry.requestId]);
    expect(code).toBe(1);
    expect(report.entry).toEqual(entry);
    expect(report.groups).toHaveLength(1);
    expect(report.groups[0]).toMatchObject({ count: 1, sampleRequestIds: [entry.requestId] });
    expect(report.groups[0]!.explainedBy.map((f) => f.code)).toEqual(["LAT-501", "LAT-301"]);
  });

  it("--request-id not in the window: says so, exit 0", async () => {
    const run = await runCli(["why", "--demo", "--request-id", "00000000-0000-4000-8000-000000000000"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "No entry with request id 00000000-0000-4000-8000-000000000000 in the window.",
    );
  });

  it("an empty window says so: exit 0", async () => {
    current = log([]);
    const run = await runCli(["why", "--demo"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("No failed requests in the window.");
  });

  it("no access log to read is unknown, never an all-clear: exit 3", async () => {
    current = undefined;
    const { code, report } = await why([]);
    expect(code).toBe(3);
    expect(report.logs.status).toBe("not-read");
    expect(report.logs.note).toContain("LAT-603");
  });

  it("a read stopped at --limit with nothing failed is incomplete: exit 3", async () => {
    current = log([], { sources: [logSource({ resourceId: SVC, destinationArn: LOG, truncated: true })] });
    const { code, report } = await why(["--limit", "100"]);
    expect(code).toBe(3);
    expect(report.logs.status).toBe("partial");
  });

  it("--redact masks callers, addresses and account ids in the log evidence", async () => {
    current = log([connection], { entry });
    const run = await runCli([
      "why",
      "--demo",
      "--redact",
      "--request-id",
      entry.requestId,
      "--output",
      "json",
    ]);
    expect(run.stdout).not.toContain("111122223333");
    expect(run.stdout).not.toContain("billing-sync");
    expect(run.stdout).not.toContain("10.0.1.23");
    expect(run.stdout).not.toContain("10.20.4.17");
    const report = JSON.parse(run.stdout) as WhyReport;
    expect(report.entry!.callerPrincipal).toBe("arn:aws:sts::************:assumed-role/principal-1");
    expect(report.entry!.targetIpPort).toMatch(/^ip-\d:8080$/);
    expect(validateWhy(report)).toBe(true);
  });

  it("markdown: a table for the ticket", async () => {
    const run = await runCli(["why", "--demo", "--output", "markdown"]);
    expect(run.stdout).toContain(
      "| count | status | reason | principal | source VPC | path | explained by |",
    );
    expect(run.stdout).toContain("### 1. 212 × 403 Service: the service's auth policy denied them");
  });

  it("--json-schema prints the why document's schema", async () => {
    const run = await runCli(["why", "--json-schema"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(whySchema)));
  });

  it.each([
    [["--limit", "0"], "--limit 0: expected a whole number"],
    [["--since", "2x"], "--since 2x: expected a duration"],
    [["--status", "401"], "--status 401: expected 403, 404, timeout or 5xx"],
    [["--request-id", " "], "--request-id needs the x-amzn-RequestId"],
    [["--request-id", "abc", "--status", "403"], "--status cannot narrow it further"],
  ])("usage error %j: exit 2, says what was expected", async (args, message) => {
    const run = await runCli(["why", "--demo", ...args]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain("lattice why --help");
  });
});

describe("doctor with the access log", () => {
  it("LAT-606 per group, each under the finding that explains it", async () => {
    const { report } = await runJson(["doctor", "--demo"]);
    const groups = report.findings.filter((f) => f.code === "LAT-606");
    expect(groups.map((f) => [f.hop, f.causedBy ?? "none"]).sort()).toEqual([
      ["service", "LAT-401"],
      ["service-network", "none"],
      ["targets", "LAT-301"],
    ]);
    // Each right after its cause.
    for (const g of groups.filter((f) => f.causedBy))
      expect(report.findings[report.findings.indexOf(g) - 1]!.code).toMatch(/^LAT-(401|301|60[456])$/);
    // LAT-301 is itself LAT-501's effect: the chain ends at the security group.
    expect(report.findings.find((f) => f.code === "LAT-301")!.causedBy).toBe("LAT-501");
  });

  it("without --as the most denied principal is evaluated, and the output says so", async () => {
    const { report } = await runJson(["doctor", "--demo"]);
    expect(report.auth).toMatchObject({
      principal: REPORTING,
      inferredFrom: { source: "access-log", deniedRequests: 212 },
      request: { method: "GET", path: "/orders", sourceVpc: VPC },
    });
    const text = await runCli(["doctor", "--demo", "--output", "text"]);
    expect(text.stdout).toContain(
      "(no --as: evaluated as the access log's most denied principal, 212 403s in the window; --as names another)",
    );
  });

  it("--as wins over the log's principal", async () => {
    const as = "arn:aws:iam::111122223333:role/orders-client";
    const { report } = await runJson(["doctor", "--demo", "--as", as]);
    expect(report.auth!.principal).toBe(as);
    expect(report.auth!.inferredFrom).toBeUndefined();
  });

  it("--no-logs: no LAT-606 (not applicable), no principal inferred", async () => {
    const { report } = await runJson(["doctor", "--demo", "--no-logs"]);
    expect(report.findings.map((f) => f.code)).not.toContain("LAT-606");
    expect(report.checks.find((c) => c.code === "LAT-606")!.status).toBe("not-applicable");
    expect(report.auth).toBeUndefined();
  });

  it("--redact masks the log's callers in LAT-606 and the inferred auth block", async () => {
    const run = await runCli(["doctor", "--demo", "--redact", "--output", "json"]);
    expect(run.stdout).not.toContain("reporting-job");
    expect(run.stdout).not.toContain("10.0.1.23");
    expect(run.stdout).not.toContain("111122223333");
  });
});
