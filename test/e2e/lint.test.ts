/**
 * `lattice lint` end to end through `main`: exit codes (0/1/2/3, --fail-on), stdout carrying exactly
 * one document, bad input, --json-schema; and once through the real binary.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Ajv } from "ajv";
import { main, type Io } from "../../src/cli.js";
import { expectValidLintReport } from "../support/lint.js";
import type { LintReport } from "../../src/lint/report.js";

const TF = "test/fixtures/lint/payments-broken.plan.json";
const CFN_BROKEN = "test/fixtures/lint/orders-broken.cfn.yaml";
const CFN_CLEAN = "test/fixtures/lint/orders-clean.cfn.yaml";
const PL = "pl-0721a5f3c9b2e4d61";

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: {},
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

async function json(args: string[]): Promise<{ code: number; report: LintReport; stderr: string }> {
  const r = await run([...args, "--output", "json"]);
  const report: unknown = JSON.parse(r.stdout);
  expectValidLintReport(report);
  expect(report.exitCode).toBe(r.code);
  return { code: r.code, report, stderr: r.stderr };
}

describe("lattice lint as a CI gate (plans as terraform show -json writes them)", () => {
  const CI = "test/fixtures/lint/ci";
  it("a clean plan with provider-computed attributes: 0, no inconclusive entry", async () => {
    const { code, report } = await json(["lint", `${CI}/payments-clean.plan.json`, "--strict"]);
    expect(report.findings).toEqual([]);
    expect(report.inconclusive).toEqual([]);
    expect(code).toBe(0);
  });

  it("target SG admits the target port only from a client CIDR, ip_address_type left default: LAT-501, 1", async () => {
    const { code, report } = await json(["lint", `${CI}/payments-lat-501.plan.json`]);
    expect(report.findings.map((f) => `${f.code} @ ${f.location.address}`)).toEqual([
      "LAT-501 @ aws_security_group.payments_targets",
    ]);
    expect(report.inconclusive).toEqual([]);
    expect(code).toBe(1);
  });

  it("an HTTP listener forwarding to a GRPC target group: LAT-104, 1", async () => {
    const { code, report } = await json(["lint", `${CI}/payments-lat-104.plan.json`]);
    expect(report.findings.map((f) => f.code)).toContain("LAT-104");
    expect(report.findings.find((f) => f.code === "LAT-104")!.location.address).toBe(
      "aws_vpclattice_listener.http",
    );
    expect(report.inconclusive).toEqual([]);
    expect(code).toBe(1);
  });

  it("a listener port unknown until apply: no LAT-505 and no port 0 anywhere; listed inconclusive (0, 3 with --strict)", async () => {
    const file = `${CI}/payments-unknown-port.plan.json`;
    const { code, report } = await json(["lint", file]);
    expect(report.findings).toEqual([]);
    expect(report.inconclusive.map((i) => [i.location.address, i.attribute])).toEqual([
      ["aws_vpclattice_listener.https", "port"],
    ]);
    expect(report.inconclusive[0]!.codes).toContain("LAT-505");
    expect(code).toBe(0);
    expect((await json(["lint", file, "--strict"])).code).toBe(3);
    const text = await run(["lint", file]);
    expect(text.stdout).not.toMatch(/port 0\b|:0\)/);
  });

  it("a CloudFormation template with the Lattice range written literally: LAT-504", async () => {
    const { code, report } = await json(["lint", `${CI}/payments-literal-cidr.cfn.yaml`]);
    expect(report.findings.map((f) => `${f.code} @ ${f.location.address}`)).toEqual([
      "LAT-504 @ PaymentsTargetSg",
    ]);
    expect(report.inconclusive).toEqual([]);
    expect(code).toBe(0); // a warning: below the default --fail-on error
    expect((await json(["lint", `${CI}/payments-literal-cidr.cfn.yaml`, "--fail-on", "warning"])).code).toBe(
      1,
    );
  });
});

describe("lattice lint: several files are one deployment", () => {
  const STACKS = "test/fixtures/lint/ci/stacks";
  it("a policy defined in another stack (Fn::ImportValue of its Export) satisfies LAT-401", async () => {
    const alone = await json(["lint", `${STACKS}/payments-service.cfn.yaml`, "--prefix-list", PL]);
    expect(alone.report.findings.map((f) => f.code)).toEqual(["LAT-401"]);
    expect(alone.code).toBe(1);
    const both = await json([
      "lint",
      `${STACKS}/payments-service.cfn.yaml`,
      `${STACKS}/payments-auth.cfn.yaml`,
      "--prefix-list",
      PL,
      "--strict",
    ]);
    expect(both.report.findings).toEqual([]);
    expect(both.report.inconclusive).toEqual([]);
    expect(both.code).toBe(0);
  });

  it("the importing stack alone: its import is inconclusive, not a policy of nothing", async () => {
    const { code, report } = await json(["lint", `${STACKS}/payments-auth.cfn.yaml`]);
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });
});

describe("lattice lint: exit codes", () => {
  it("1 when a finding reaches --fail-on (default error); stdout is exactly the JSON document", async () => {
    const { code, report } = await json(["lint", TF]);
    expect(code).toBe(1);
    expect(report.findings.map((f) => f.code)).toEqual(["LAT-401", "LAT-501", "LAT-501", "LAT-207"]);
    expect(report.findings[0]!.location).toEqual({
      file: TF,
      address: 'module.payments["green"].aws_vpclattice_service.this',
      line: expect.any(Number),
    });
  });

  it("--fail-on none: findings do not fail; the unknown policy is listed (0), and exits 3 only with --strict", async () => {
    const { code, report } = await json(["lint", TF, "--fail-on", "none"]);
    expect(code).toBe(0);
    expect(report.complete).toBe(false);
    expect(report.inconclusive.length).toBeGreaterThan(0);
    expect((await json(["lint", TF, "--fail-on", "none", "--strict"])).code).toBe(3);
  });

  it("0 on the reviewed template given the prefix-list id; without it inconclusive (said why): 0, or 3 with --strict", async () => {
    expect((await json(["lint", CFN_CLEAN, "--prefix-list", PL])).code).toBe(0);
    expect((await json(["lint", CFN_CLEAN, "--strict"])).code).toBe(3);
    const without = await json(["lint", CFN_CLEAN]);
    expect(without.code).toBe(0);
    expect(without.report.inconclusive[0]!.reason).toContain(PL);
  });

  it("several files in one run: findings of each, located in their file", async () => {
    const { code, report } = await json(["lint", TF, CFN_BROKEN, "--fail-on", "critical"]);
    expect(code).toBe(1);
    expect(new Set(report.findings.map((f) => f.location.file))).toEqual(new Set([TF, CFN_BROKEN]));
    expect(report.files.map((f) => f.format)).toEqual(["terraform-plan", "cloudformation"]);
  });

  it("--output sarif and markdown write one document and keep the exit code", async () => {
    const sarif = await run(["lint", CFN_BROKEN, "-o", "sarif"]);
    expect(sarif.code).toBe(1);
    expect((JSON.parse(sarif.stdout) as { version: string }).version).toBe("2.1.0");
    const md = await run(["lint", CFN_BROKEN, "-o", "markdown"]);
    expect(md.code).toBe(1);
    expect(md.stdout).toMatch(/^## lattice lint: blocked/);
  });

  it("text by default: findings with file:line and address, nothing on stderr but notes", async () => {
    const r = await run(["lint", CFN_BROKEN]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("LAT-501");
    expect(r.stdout).toMatch(/orders-broken\.cfn\.yaml:\d+ {2}OrdersTargetSg/);
    expect(r.stdout.includes("\x1b")).toBe(false);
  });
});

describe("lattice lint: bad input is a usage error (2) with a clear message", () => {
  async function bad(content: string | undefined, expected: RegExp, name = "input.json") {
    let path = "test/fixtures/lint/does-not-exist.json";
    if (content !== undefined) {
      const dir = await mkdtemp(join(tmpdir(), "lint-"));
      path = join(dir, name);
      await writeFile(path, content);
    }
    const r = await run(["lint", path, "-o", "json"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(expected);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }

  it("a missing file", () => bad(undefined, /does-not-exist\.json: no such file/));
  it("neither JSON nor YAML", () => bad("{ this is : not [ json", /not valid JSON or YAML/));
  it("JSON that is neither a plan nor a template", () =>
    bad(
      JSON.stringify({ name: "orders", version: 3 }),
      /neither a Terraform plan .* nor a CloudFormation template/,
    ));
  it("a Terraform state file instead of a plan", () =>
    bad(
      JSON.stringify({ format_version: "1.0", terraform_version: "1.9.5", values: {} }),
      /give the plan, terraform show -json plan\.out/,
    ));
  it("an empty file", () => bad("", /the file is empty/, "empty.yaml"));
  it("no file at all", async () => {
    const r = await run(["lint"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("name the files");
  });
  it("a malformed --prefix-list", async () => {
    const r = await run(["lint", CFN_CLEAN, "--prefix-list", "sg-0123"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("expected a prefix-list id");
  });
});

describe("lattice lint --json-schema", () => {
  it("prints a draft-07 schema that the documents validate against", async () => {
    const r = await run(["lint", "--json-schema"]);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout) as Record<string, unknown>;
    const validate = new Ajv({ strict: true }).compile(schema);
    const doc = JSON.parse((await run(["lint", CFN_BROKEN, "-o", "json"])).stdout);
    expect(validate(doc)).toBe(true);
    expect(validate({ ...doc, findings: [{ ...doc.findings[0], location: undefined }] })).toBe(false);
  });
});

describe.skipIf(!existsSync("dist/bundle/cli.mjs"))("bin/lattice.js lint", () => {
  it("exit status and stdout as a CI step sees them", () => {
    const r = spawnSync(process.execPath, ["bin/lattice.js", "lint", CFN_BROKEN, "--output", "sarif"], {
      env: { PATH: process.env.PATH ?? "", HOME: "/nonexistent" },
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });
});
