/**
 * `--as` end to end: the CLI replays the auth-layers recording (bench/scenarios.ts authLayersScenario,
 * made by `npm run fixtures` with the requests of AUTH_REQUESTS) and reports each layer.
 */
import { describe, expect, it } from "vitest";
import { runCli as run } from "../support/cli.js";
import type { Report } from "../../src/report/types.js";
import { expectValidReport } from "../support/validate-report.js";
import { AUTH } from "../../bench/scenarios.js";

const RECORDING = "fixtures/recordings/auth-layers.recording.json";
const SERVICE_ARN = "arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-0e5b4c6a2d1f83a97";

async function doctor(...args: string[]): Promise<{ code: number; report: Report }> {
  const r = await run(["doctor", "--replay", RECORDING, "--output", "json", ...args]);
  expect(r.stderr).toBe("");
  const report: unknown = JSON.parse(r.stdout);
  expectValidReport(report);
  return { code: r.code, report: report as Report };
}

const layer = (report: Report, kind: "network" | "service") =>
  report.auth!.layers.find((l) => l.layer === kind)!;

describe("lattice doctor --as (replayed)", () => {
  it("caller allowed at both layers and by IAM: a role session matched by its role ARN, exit 0", async () => {
    const { code, report } = await doctor("--as", AUTH.frontendSession, "--path", "/cart");
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.auth!.principal).toBe(AUTH.frontendSession);
    expect(report.auth!.request).toMatchObject({
      action: "vpc-lattice-svcs:Invoke",
      resource: `${SERVICE_ARN}/cart`,
      method: "GET",
      path: "/cart",
      port: 80,
      protocol: "HTTP",
      sourceVpc: null,
      sourceVpcOwnerAccount: null,
    });
    expect(layer(report, "network")).toMatchObject({
      decision: "allowed",
      statement: { index: 0, sid: "AuthenticatedInAccount" },
    });
    expect(layer(report, "service")).toMatchObject({
      decision: "allowed",
      statement: { index: 0, sid: "AllowCheckoutClients" },
    });
    expect(report.auth!.identity).toMatchObject({
      decision: "allowed",
      principalArn: AUTH.frontendRole,
      evalDecision: "allowed",
    });
  });

  it("denied at the network layer by no statement (a caller of another account)", async () => {
    const { code, report } = await doctor("--as", AUTH.partnerRole, "--path", "/cart");
    expect(code).toBe(1);
    expect(report.findings.map((f) => [f.code, f.resource.id, f.severity])).toEqual([
      ["LAT-403", "sn-0d6a9e81f2c4b7a35", "critical"],
    ]);
    expect(report.findings[0]!.title).toContain("no statement of its auth policy allows GET /cart");
    expect(layer(report, "network")).toMatchObject({ decision: "denied", reason: "no statement allows" });
    expect(layer(report, "network").statement).toBeUndefined();
    expect(layer(report, "service").decision).toBe("allowed");
    expect(report.auth!.identity.decision).toBe("not-evaluated");
    expect(report.trace.find((h) => h.hop === "service-network")).toMatchObject({
      status: "fail",
      codes: ["LAT-403"],
    });
  });

  it("explicit deny at the service layer names the Sid", async () => {
    const { code, report } = await doctor("--as", AUTH.frontendRole, "--path", "/admin/users");
    expect(code).toBe(1);
    expect(report.findings).toHaveLength(1);
    const f = report.findings[0]!;
    expect(f).toMatchObject({ code: "LAT-403", hop: "service", severity: "critical" });
    expect(f.title).toContain(
      'statement 2 (Sid "DenyAdminPaths") of its auth policy denies GET /admin/users',
    );
    expect(layer(report, "service")).toMatchObject({
      decision: "denied",
      statement: { index: 1, sid: "DenyAdminPaths" },
    });
    expect(
      f.fix.commands.some((c) =>
        c.startsWith("aws vpc-lattice put-auth-policy --resource-identifier svc-0e5b4c6a2d1f83a97"),
      ),
    ).toBe(true);
  });

  it("an anonymous caller against policies that require authenticated principals", async () => {
    const { code, report } = await doctor("--as", "anonymous");
    expect(code).toBe(1);
    expect(report.findings.map((f) => f.resource.id).sort()).toEqual([
      "sn-0d6a9e81f2c4b7a35",
      "svc-0e5b4c6a2d1f83a97",
    ]);
    expect(report.auth!.layers.map((l) => l.decision)).toEqual(["denied", "denied"]);
    expect(report.auth!.identity.decision).toBe("not-evaluated");
    expect(report.auth!.request.resource).toBe(`${SERVICE_ARN}/`);
  });

  it("identity policies that do not allow Invoke: LAT-409 with the statement to add", async () => {
    const { code, report } = await doctor("--as", AUTH.batchSession, "--path", "/reports");
    expect(code).toBe(1);
    expect(report.findings.map((f) => f.code)).toEqual(["LAT-409"]);
    expect(report.findings[0]!.fix.commands[0]).toMatch(
      /^aws iam put-role-policy --role-name batch-reporter --policy-name lattice-invoke-svc-0e5b4c6a2d1f83a97 --policy-document '/,
    );
    expect(report.auth!.layers.map((l) => l.decision)).toEqual(["allowed", "allowed"]);
  });

  it("AccessDenied on iam:SimulatePrincipalPolicy: LAT-901 names it, the auth layers are still reported", async () => {
    const { code, report } = await doctor("--as", AUTH.oncallRole, "--path", "/cart");
    expect(code).toBe(1);
    expect(report.complete).toBe(false);
    const lat901 = report.findings.find((f) => f.code === "LAT-901")!;
    expect(lat901.resource.id).toBe("iam:SimulatePrincipalPolicy");
    expect(lat901.title).toContain("LAT-409 did not run");
    expect(report.checks.find((c) => c.code === "LAT-409")!.status).toBe("skip");
    expect(report.auth!.identity.decision).toBe("unknown");
    expect(layer(report, "service").decision).toBe("denied");
  });

  it("text shows the per-layer block; without --as there is no auth key", async () => {
    const text = await run([
      "doctor",
      "--replay",
      RECORDING,
      "--as",
      AUTH.partnerRole,
      "--path",
      "/cart",
      "--trace",
    ]);
    expect(text.stdout).toContain(`auth as ${AUTH.partnerRole} — GET /cart, port 80`);
    expect(text.stdout).toMatch(
      /× network +platform-prod \(sn-0d6a9e81f2c4b7a35\) denied — no statement allows/,
    );
    expect(text.stdout).toContain(
      `as ${AUTH.partnerRole}: sn-0d6a9e81f2c4b7a35 denied (no statement allows)`,
    );
    const md = await run([
      "doctor",
      "--replay",
      RECORDING,
      "--as",
      AUTH.partnerRole,
      "--path",
      "/cart",
      "--output",
      "markdown",
    ]);
    expect(md.stdout).toContain("## Auth");
    expect(md.stdout).toContain(
      "| network | platform-prod `sn-0d6a9e81f2c4b7a35` | denied | no statement allows |",
    );
    const plain = JSON.parse(
      (await run(["doctor", "--replay", RECORDING, "--output", "json"])).stdout,
    ) as Report;
    expect(plain).not.toHaveProperty("auth");
  });

  it.each([
    [
      ["--as", "arn:aws:iam::1111:role/x"],
      /--as arn:aws:iam::1111:role\/x: expected anonymous, a 12-digit account id/,
    ],
    [["--as", "anonymous", "--path", "orders"], /--path orders: expected a path starting with \//],
    [["--as", "anonymous", "--header", "novalue"], /--header novalue: expected key=value/],
    [["--as", "anonymous", "--port", "70000"], /--port 70000: expected a port number/],
    [["--as", "anonymous", "--principal-type", "Robot"], /--principal-type Robot: expected one of/],
    [["--as", "anonymous", "--from", "subnet-0a1b2c3d"], /--from subnet-0a1b2c3d: expected a VPC, instance/],
    [["--method", "POST"], /--method describes the request of --as/],
  ])("usage error %j → exit 2", async (args, message) => {
    const r = await run(["doctor", "--replay", RECORDING, ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
  });
});
