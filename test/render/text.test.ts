import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Finding, Severity } from "../../checks/define.js";
import { formatDuration, formatEvidence, renderText } from "../../src/render/text.js";
import type { Report } from "../../src/report/types.js";
import { demoFindings, demoReport, healthyReport, SG_FIX_COMMAND, withFindings } from "../support/report.js";

const plain = { color: false, verbose: false, trace: false };
const lines = (out: string): string[] => out.split("\n");
const verdictOf = (out: string): string => lines(out).at(-3)!;

function only(severity: Severity): Finding[] {
  return [{ ...demoFindings()[3]!, severity }];
}

describe("renderText: verdict line", () => {
  it.each<[string, () => Report, string]>([
    ["blocked", demoReport, "✖ blocked: 3 critical, 1 warning — exit 1"],
    ["degraded", () => withFindings(demoReport(), only("error")), "‼ degraded: 1 error — exit 1"],
    ["at-risk", () => withFindings(demoReport(), only("warning")), "‼ at-risk: 1 warning — exit 0"],
    ["healthy", healthyReport, "✔ healthy: no findings — exit 0"],
    ["healthy with info", () => withFindings(healthyReport(), only("info")), "✔ healthy: 1 info — exit 0"],
  ])("%s", (_name, build, expected) => {
    expect(verdictOf(renderText(build(), plain))).toBe(expected);
  });

  it("says incomplete and how many checks were skipped", () => {
    const report = demoReport();
    report.complete = false;
    report.summary.skipped = 2;
    expect(verdictOf(renderText(report, plain))).toBe(
      "✖ blocked: 3 critical, 1 warning, incomplete (2 checks skipped) — exit 1",
    );
    const incomplete = { ...healthyReport(), verdict: "incomplete" as const, complete: false, exitCode: 3 };
    incomplete.summary = { ...incomplete.summary, skipped: 1 };
    expect(verdictOf(renderText(incomplete, plain))).toBe(
      "‼ incomplete: no findings, 1 check skipped — exit 3",
    );
  });

  it("ends with the call statistics", () => {
    expect(lines(renderText(demoReport(), plain)).at(-2)).toBe("42 AWS calls, 0 failed, 1.3 s");
    expect(lines(renderText(healthyReport(), plain)).at(-2)).toBe("31 AWS calls, 0 failed, 874 ms");
    expect(formatDuration(0.4)).toBe("<1 ms");
  });
});

describe("renderText: findings", () => {
  const out = renderText(demoReport(), plain);

  it("keeps rank order", () => {
    const codes = lines(out)
      .filter((l) => /^[×‼ℹ] /.test(l))
      .map((l) => /LAT-\d{3}/.exec(l)![0]);
    expect(codes).toEqual(["LAT-401", "LAT-501", "LAT-301", "LAT-603", "LAT-601"]);
  });

  it("shows glyph, severity, code and title; why, evidence, fix commands, docs, cause", () => {
    expect(out).toContain(
      "× critical LAT-501 Targets never see Lattice traffic: sg-0282b1d9c4e5f6a70 allows 8080 only from 10.20.0.0/16",
    );
    expect(out).toContain("‼ warning  LAT-603 No access logs");
    expect(out).toContain("    why: Lattice traffic reaches targets from the managed prefix list");
    expect(out).toContain(
      "      ec2:DescribeSecurityGroupRules groupId=sg-0282b1d9c4e5f6a70 isEgress=false ipProtocol=tcp fromPort=8080 toPort=8080 cidrIpv4=10.20.0.0/16",
    );
    expect(lines(out)).toContain(`      ${SG_FIX_COMMAND}`); // on its own line, ready to paste
    expect(out).toContain("    docs: lattice explain LAT-501");
    expect(out).toContain("    caused by LAT-501");
  });

  it("marks a suppressed finding, and the verdict counts only active findings", () => {
    expect(out).toContain("‼ warning  LAT-601 No alarm watches");
    expect(out).toContain("    [suppressed by --ignore LAT-601 — suppressed on the command line]");
    expect(verdictOf(out)).toBe("✖ blocked: 3 critical, 1 warning — exit 1");
    const findings = demoFindings().map((f) =>
      f.severity === "critical" ? { ...f, suppressed: { by: "--ignore " + f.code, reason: "known" } } : f,
    );
    expect(verdictOf(renderText(withFindings(demoReport(), findings), plain))).toBe(
      "‼ at-risk: 1 warning — exit 0",
    );
  });

  it("formats nested evidence as JSON and quotes strings that need it", () => {
    expect(
      formatEvidence({ call: "x:Y", observed: { a: "two words", b: { c: [1] }, d: null, e: undefined } }),
    ).toBe('x:Y a="two words" b={"c":[1]} d=null');
  });
});

describe("renderText: checks and trace", () => {
  it("collapses passed checks into a count, lists them with -v", () => {
    expect(lines(renderText(demoReport(), plain))).toContain("✔ 9 checks passed");
    const verbose = renderText(demoReport(), { ...plain, verbose: true });
    expect(verbose).toContain("✔ LAT-102  pass  2 ms");
    expect(verbose).not.toContain("LAT-501  fail");
  });

  it("shows skipped checks and their reasons", () => {
    const report = demoReport();
    report.checks.push({
      code: "LAT-601",
      status: "skip",
      reason: "could not read alarms (grant cloudwatch:DescribeAlarms)",
    });
    expect(renderText(report, plain)).toContain("? 1 check skipped: LAT-601 (-v for reasons)");
    expect(renderText(report, { ...plain, verbose: true })).toContain(
      "? LAT-601  skip  could not read alarms (grant cloudwatch:DescribeAlarms)",
    );
  });

  it("shows the request path only with trace", () => {
    expect(renderText(demoReport(), plain)).not.toContain("request path");
    const traced = renderText(demoReport(), { ...plain, trace: true });
    expect(traced).toContain("  × targets              2 UNHEALTHY  LAT-501 LAT-301");
    expect(traced).toContain("  ✔ listener ");
  });
});

describe("renderText: untrusted text and colour", () => {
  it("has no ESC byte at all when colour is off", () => {
    const report = demoReport();
    report.target.name = "orders\x1b[2J\x1b[31m";
    report.findings[0]!.evidence[0]!.observed.tag = "\x1b]0;pwned\x07";
    for (const options of [plain, { color: false, verbose: true, trace: true }]) {
      const out = renderText(report, options);
      expect(out.includes("\x1b")).toBe(false);
      expect(out.includes("\u009b")).toBe(false);
    }
  });

  it("escapes a service name holding escape sequences, with colour on too", () => {
    const report = healthyReport();
    report.target.name = "orders\x1b[2J\x1b[31m\u009b2J";
    report.context.callerArn = "arn:aws:sts::111122223333:assumed-role/x\r\nFAKE";
    const out = renderText(report, { color: true, verbose: false, trace: false });
    expect(out).toContain("orders\\x1b[2J\\x1b[31m\\u009b2J (svc-0e5b4c6a2d1f83a97)");
    expect(out).toContain("x\\r\\nFAKE");
    expect(out).not.toContain("\x1b[2J");
    // colour adds SGR sequences only
    for (const seq of out.split("\x1b").slice(1)) expect(seq).toMatch(/^\[[0-9;]*m/);
  });

  it("escapes control characters in evidence and in commands, once", () => {
    const report = demoReport();
    report.findings[0]!.evidence[0]!.observed = { name: "a\x1bb", "k\x1b": 1, msg: "two words\x1b" };
    report.findings[0]!.fix.commands = ["aws x --name a\nrm -rf ~"];
    const out = renderText(report, plain);
    expect(out).toContain('vpc-lattice:GetService name=a\\x1bb k\\x1b=1 msg="two words\\u001b"');
    expect(out).toContain("      aws x --name a\\nrm -rf ~");
  });

  it("uses colour only when asked", () => {
    expect(renderText(demoReport(), { ...plain, color: true })).toContain("\x1b[31m");
  });
});

describe("renderText: golden files", () => {
  const golden = (name: string) => fileURLToPath(new URL(`../golden/${name}`, import.meta.url));
  it.each<[string, () => Report, { color: boolean; verbose: boolean; trace: boolean }]>([
    ["demo.txt", demoReport, plain],
    ["demo-trace.txt", demoReport, { ...plain, trace: true }],
    ["healthy.txt", healthyReport, plain],
    ["healthy-trace.txt", healthyReport, { ...plain, trace: true }],
  ])("%s", (name, build, options) => {
    const out = renderText(build(), options);
    // UPDATE_GOLDEN=1 npx vitest run test/render — then review the diff by eye.
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden(name), out);
    expect(out).toBe(readFileSync(golden(name), "utf8"));
  });
});
