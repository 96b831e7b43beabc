import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Finding, Severity } from "../../src/core/finding.js";
import {
  formatDuration,
  formatEvidence,
  renderCauses,
  renderText,
  rootCauses,
  verdictLine,
} from "../../src/render/text.js";
import { paint } from "../../src/render/color.js";
import { visibleLength } from "../../src/render/layout.js";
import type { Report } from "../../src/report/types.js";
import { demoFindings, demoReport, healthyReport, SG_FIX_COMMAND, withFindings } from "../support/report.js";

const plain = { color: false, verbose: false, trace: false };
const lines = (out: string): string[] => out.split("\n");
/** The verdict is the last line. */
const verdictOf = (out: string): string => lines(out).at(-2)!;

function only(severity: Severity): Finding[] {
  return [{ ...demoFindings()[3]!, severity }];
}

describe("renderText: verdict line", () => {
  it.each<[string, () => Report, string]>([
    ["blocked", demoReport, "✖ blocked by LAT-401 (iam-auth-without-policy): 3 critical, 1 warning — exit 1"],
    [
      "degraded",
      () => withFindings(demoReport(), only("error")),
      "‼ degraded by LAT-603 (access-logs-disabled): 1 error — exit 1",
    ],
    [
      "at-risk",
      () => withFindings(demoReport(), only("warning")),
      "‼ at-risk from LAT-603 (access-logs-disabled): 1 warning — exit 0",
    ],
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
      "✖ blocked by LAT-401 (iam-auth-without-policy): 3 critical, 1 warning, incomplete (2 checks skipped) — exit 1",
    );
    const incomplete = { ...healthyReport(), verdict: "incomplete" as const, complete: false, exitCode: 3 };
    incomplete.summary = { ...incomplete.summary, skipped: 1 };
    expect(verdictOf(renderText(incomplete, plain))).toBe(
      "‼ incomplete: no findings, 1 check skipped — exit 3",
    );
  });

  it("puts the call statistics under the checks, above the answer", () => {
    const demo = lines(renderText(demoReport(), plain));
    expect(demo.indexOf("42 AWS calls, 0 failed, 1.3 s")).toBe(demo.indexOf("✔ 9 checks passed") + 1);
    expect(lines(renderText(healthyReport(), plain)).at(-4)).toBe("31 AWS calls, 0 failed, 874 ms");
    expect(formatDuration(0.4)).toBe("<1 ms");
  });

  it("leaves the finding's name out when a width is given that it would not fit in", () => {
    expect(verdictLine(demoReport(), paint(false), 70)).toBe(
      "✖ blocked by LAT-401: 3 critical, 1 warning — exit 1",
    );
    expect(verdictLine(demoReport(), paint(false), 140)).toContain("(iam-auth-without-policy)");
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
    expect(out).toContain("    evidence:\n");
    expect(lines(out)).toContain(`      ${SG_FIX_COMMAND}`); // on its own line, ready to paste
    expect(out).toContain("    docs: lattice explain LAT-501");
    expect(out).toContain("    caused by LAT-501");
  });

  it("marks a suppressed finding, and the verdict counts only active findings", () => {
    expect(out).toContain("‼ warning  LAT-601 No alarm watches");
    expect(out).toContain("    [suppressed by --ignore LAT-601 — suppressed on the command line]");
    expect(verdictOf(out)).toBe(
      "✖ blocked by LAT-401 (iam-auth-without-policy): 3 critical, 1 warning — exit 1",
    );
    const findings = demoFindings().map((f) =>
      f.severity === "critical" ? { ...f, suppressed: { by: "--ignore " + f.code, reason: "known" } } : f,
    );
    expect(verdictOf(renderText(withFindings(demoReport(), findings), plain))).toBe(
      "‼ at-risk from LAT-603 (access-logs-disabled): 1 warning — exit 0",
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

describe("renderText: evidence as key=value lines", () => {
  const evidence = {
    call: "vpc-lattice:ListTargets",
    observed: {
      targetGroupIdentifier: "tg-0a9f1e2d3c4b5a697",
      items: Array.from({ length: 7 }, (_, i) => ({
        id: `i-0a1b2c3d4e5f6071${i}`,
        port: 8080,
        status: "UNHEALTHY",
      })),
      config: { port: 8080, healthCheck: { path: "/health", matcher: { httpCode: "200" } } },
      entries: ["169.254.171.0/24", "fd00:ec2:80::/64"],
    },
  };
  const report = (): Report => {
    const r = demoReport();
    r.findings[0]!.evidence = [evidence];
    return r;
  };

  it("puts each object of a list on a line of its own, nested fields dotted, no JSON", () => {
    const out = renderText(report(), plain);
    expect(out).toContain(
      "      vpc-lattice:ListTargets targetGroupIdentifier=tg-0a9f1e2d3c4b5a697 entries=169.254.171.0/24,fd00:ec2:80::/64",
    );
    expect(out).toContain("        items: id=i-0a1b2c3d4e5f60710 port=8080 status=UNHEALTHY");
    expect(out).toContain("        items: … 2 more (-v shows all)");
    expect(out).not.toContain("i-0a1b2c3d4e5f60716");
    expect(out).toContain(
      "        config: port=8080 healthCheck.path=/health healthCheck.matcher.httpCode=200",
    );
    expect(out).not.toContain('{"');
  });

  it("-v shows the evidence objects as observed", () => {
    const out = renderText(report(), { ...plain, verbose: true });
    expect(out).toContain('items=[{"id":"i-0a1b2c3d4e5f60710","port":8080,"status":"UNHEALTHY"}');
    expect(out).toContain("i-0a1b2c3d4e5f60716");
  });

  it("fills evidence to the width between pairs, never inside one", () => {
    const out = renderText(report(), { ...plain, width: 60 });
    const block = lines(out).filter((l) => l.startsWith("      ") && !l.trimStart().startsWith("aws "));
    for (const l of block) expect(visibleLength(l)).toBeLessThanOrEqual(60);
    expect(out).toContain(
      "        config: port=8080 healthCheck.path=/health\n          healthCheck.matcher.httpCode=200",
    );
  });
});

describe("renderText: the answer at the end", () => {
  it("lists the root causes (no causedBy, not suppressed, rank order), each with its first fix command", () => {
    const report = demoReport();
    // LAT-603 (a warning) is not why the call fails: it is not among the causes while something fails.
    expect(rootCauses(report).map((f) => f.code)).toEqual(["LAT-401", "LAT-501"]);
    const out = lines(renderText(report, plain));
    const start = out.indexOf("root causes (2, fix in this order)");
    expect(start).toBeGreaterThan(0);
    const block = out.slice(start, -1);
    expect(block[1]).toMatch(/^ {2}1\. × LAT-401 Every request is denied/);
    expect(block[2]).toBe(`     ${report.findings[0]!.fix.commands[0]}`);
    expect(block[3]).toMatch(/^ {2}2\. × LAT-501 /);
    expect(block[4]).toBe(`     ${SG_FIX_COMMAND}`);
    expect(block.at(-1)).toBe(verdictOf(out.join("\n")));
    // every cause line fits in 80 columns
    for (const l of [block[1], block[3]]) expect(visibleLength(l!)).toBeLessThanOrEqual(80);
  });

  it("with nothing failing, the warnings nothing caused are the causes", () => {
    const warningsOnly = demoFindings().filter(
      (f) => f.severity === "warning" && !f.causedBy && !f.suppressed,
    );
    expect(warningsOnly.length).toBeGreaterThan(0);
    expect(rootCauses(withFindings(demoReport(), warningsOnly)).map((f) => f.code)).toEqual(
      warningsOnly.slice(0, 3).map((f) => f.code),
    );
  });

  it("at most three, and none when nothing is to be fixed", () => {
    const many = demoFindings().map((f) => {
      const { causedBy: _c, suppressed: _s, ...rest } = f;
      return rest;
    });
    expect(rootCauses(withFindings(demoReport(), many))).toHaveLength(3);
    expect(renderCauses(healthyReport(), paint(false))).toEqual([]);
    expect(renderText(healthyReport(), plain)).not.toContain("root cause");
  });

  it("a cause without a command shows its fix summary", () => {
    const report = demoReport();
    report.findings[0]!.fix.commands = [];
    const block = renderCauses(report, paint(false), 80);
    expect(block[2]).toMatch(/^ {5}Attach an auth policy that allows .*…$/);
    expect(visibleLength(block[2]!)).toBe(80);
  });

  it("fits in 20 lines at 80 columns", () => {
    const out = renderText(demoReport(), { ...plain, width: 80 });
    const all = lines(out);
    const block = all.slice(all.findIndex((l) => l.startsWith("root cause")));
    const rows = block.reduce((n, l) => n + Math.max(1, Math.ceil(visibleLength(l) / 80)), 0);
    expect(rows).toBeLessThanOrEqual(20);
  });
});

describe("renderText: on a terminal (width)", () => {
  it("fills prose and headings to the width, leaves commands whole", () => {
    const out = renderText(demoReport(), { ...plain, width: 80 });
    for (const l of lines(out)) {
      if (l.trimStart().startsWith("aws ")) continue;
      expect(visibleLength(l), l).toBeLessThanOrEqual(80);
    }
    expect(lines(out)).toContain(`      ${SG_FIX_COMMAND}`);
  });

  it("says a replay is one, with the recording's date", () => {
    const report = demoReport();
    report.context.replay = { file: "fixtures/x.recording.json", recordedAt: "2025-11-28T09:30:00.000Z" };
    expect(renderText(report, plain)).toContain(
      "  replay   fixtures/x.recording.json, recorded 2025-11-28 09:30 UTC — not a live run",
    );
    expect(renderText(demoReport(), plain)).not.toContain("replay");
  });
});
