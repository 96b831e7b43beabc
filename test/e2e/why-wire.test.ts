/**
 * `lattice why` and `doctor` through the real SDK against the loopback wire server: the demo's
 * broken account (no service auth policy → LAT-401; the targets' security group admits only the
 * consumer CIDR → LAT-501) with a CloudWatch Logs access log holding the window's requests as
 * VPC Lattice writes them (user guide, "Access log contents").
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeAccount, type Scenario } from "../support/fake-account.js";
import { events, layerDenials, loggedScenario as scenario, REPORTING, SVC } from "../support/why-scenario.js";
import { AUTH, DEMO, authLayersScenario } from "../../bench/scenarios.js";
import { startWireServer, type WireServer } from "../support/wire-server.js";
import { wireEnv } from "../support/wire-env.js";
import { runWithEnv } from "../support/in-process.js";
import type { WhyAuthLayer, WhyGroup, WhyReport } from "../../src/report/why-types.js";
import type { Report } from "../../src/report/types.js";

const servers: WireServer[] = [];
async function envFor(s: Scenario): Promise<Record<string, string>> {
  const server = await startWireServer(new FakeAccount(s), { region: "us-east-1" });
  servers.push(server);
  return wireEnv(server);
}
afterAll(async () => {
  for (const s of servers) await s.close();
});

let env: Record<string, string>;
let emptyEnv: Record<string, string>;
let deniedEnv: Record<string, string>;
let layersEnv: Record<string, string>;
const PARTNER_SESSION = "arn:aws:sts::444455556666:assumed-role/partner-sync/sync-20251128";
beforeAll(async () => {
  const now = Date.now();
  layersEnv = await envFor(
    scenario(layerDenials(now, PARTNER_SESSION, AUTH.batchSession), [], authLayersScenario()),
  );
  env = await envFor(scenario(events(now)));
  emptyEnv = await envFor(scenario(events(now).filter((e) => e.message.includes('"responseCode":200'))));
  deniedEnv = await envFor(scenario(events(now), ["logs:FilterLogEvents"]));
});

async function why(args: string[], e = env): Promise<{ code: number; report: WhyReport }> {
  const run = await runWithEnv(["why", SVC, ...args, "--output", "json"], e);
  expect(run.stderr).not.toContain("internal error");
  return { code: run.code, report: JSON.parse(run.stdout) as WhyReport };
}

describe("lattice why over the wire", () => {
  it("groups the 403s and the connection failures and ties each to its finding", async () => {
    const { code, report } = await why(["--since", "15m"]);
    expect(code).toBe(1);
    expect(report.logs.status).toBe("read");
    expect(
      report.groups.map((g) => [g.count, g.responseCode, g.hop, g.explainedBy.map((f) => f.code)]),
    ).toEqual([
      [12, 403, "service", ["LAT-401"]],
      [5, 502, "targets", ["LAT-501", "LAT-301"]],
    ]);
    expect(report.groups[0]!.auth!.deciding).toMatchObject({ layer: "service", id: SVC, agrees: true });
    expect(report.groups[1]!.target).toMatchObject({
      targetGroupId: "tg-0a9f1e2d3c4b5a697",
      targetIpPort: "10.0.1.17:8080",
    });
  });

  it("--request-id finds the one entry", async () => {
    const { code, report } = await why(["--request-id", "5e0c0013-8b2d-4e57-a0c4-9d1e7f25b6a8"]);
    expect(code).toBe(1);
    expect(report.entry).toMatchObject({ responseCode: 502, failureReason: "TargetConnectionError" });
    expect(report.groups.map((g) => g.count)).toEqual([1]);
  });

  it("--status 403 reads the denials only", async () => {
    const { report } = await why(["--status", "403"]);
    expect(report.groups.map((g) => g.responseCode)).toEqual([403]);
  });

  it("an empty window says so: exit 0", async () => {
    const run = await runWithEnv(["why", SVC], emptyEnv);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("No failed requests in the window.");
  });

  it("a denied FilterLogEvents is LAT-901 and unknown, never an all-clear: exit 3", async () => {
    const { code, report } = await why([], deniedEnv);
    expect(code).toBe(3);
    expect(report.logs.status).toBe("not-read");
    expect(report.diagnosis.findings.map((f) => f.code)).toContain("LAT-901");
    // The rest of the diagnosis stands.
    expect(report.diagnosis.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(["LAT-401", "LAT-501"]),
    );
  });
});

describe("doctor with an access log, over the wire", () => {
  it("evaluates the most denied principal without --as and says so; LAT-606 under LAT-401", async () => {
    const run = await runWithEnv(["doctor", SVC, "--output", "json"], env);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.auth).toMatchObject({
      principal: REPORTING,
      inferredFrom: { source: "access-log", deniedRequests: 12 },
    });
    const denied = report.findings.find((f) => f.code === "LAT-606" && f.hop === "service")!;
    expect(denied.causedBy).toBe("LAT-401");
    const text = await runWithEnv(["doctor", SVC, "--output", "text"], env);
    expect(text.stdout).toContain("no --as: evaluated as the access log's most denied principal, 12 403s");
  });

  it("--no-logs reads no log", async () => {
    const run = await runWithEnv(["doctor", SVC, "--no-logs", "--output", "json"], env);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.findings.map((f) => f.code)).not.toContain("LAT-606");
    expect(report.auth).toBeUndefined();
  });
});

describe("lattice why over the wire: both auth layers", () => {
  it("groups the network's and the service's 403s apart, each naming its layer and deciding policy", async () => {
    const { code, report } = await why(["--since", "15m", "--status", "403"], layersEnv);
    expect(code).toBe(1);
    const byLayer = Object.fromEntries(report.groups.map((g) => [g.authDeniedReason, g]));
    expect(byLayer.Network).toMatchObject({ count: 6, responseCode: 403, callerPrincipal: PARTNER_SESSION });
    expect(byLayer.Service).toMatchObject({
      count: 4,
      responseCode: 403,
      callerPrincipal: AUTH.batchSession,
    });
    // Each group is evaluated for its own principal, method and path, and the layer the log names decides.
    expect(byLayer.Network!.auth!.deciding).toMatchObject({ layer: "network", id: DEMO.serviceNetwork });
    expect(byLayer.Service!.auth!.deciding).toMatchObject({ layer: "service", id: SVC });
    expect(byLayer.Network!.auth!.deciding.agrees).toBe(true);
    expect(byLayer.Service!.auth!.deciding.agrees).toBe(true);
    expect(byLayer.Network!.hop).not.toBe(byLayer.Service!.hop);
    // The other layer allowed each, by its statement; the deciding one has none that allows: the fix adds one.
    const layer = (g: WhyGroup | undefined, name: string) =>
      g!.auth!.layers.find((l: WhyAuthLayer) => l.layer === name)!;
    expect(layer(byLayer.Network, "network")).toMatchObject({
      decision: "denied",
      reason: "no statement allows",
    });
    expect(layer(byLayer.Network, "service").statement).toMatchObject({ sid: "AllowCheckoutClients" });
    expect(layer(byLayer.Service, "service")).toMatchObject({
      decision: "denied",
      reason: "no statement allows",
    });
    expect(layer(byLayer.Service, "network").statement).toMatchObject({ sid: "AuthenticatedInAccount" });
    expect(byLayer.Network!.auth!.fix!.commands[0]).toContain(`--resource-identifier ${DEMO.serviceNetwork}`);
    expect(byLayer.Service!.auth!.fix!.commands[0]).toContain(`--resource-identifier ${SVC}`);
  });
});
