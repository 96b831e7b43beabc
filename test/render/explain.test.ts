import { describe, expect, it } from "vitest";
import { defineCheck, type Check, type Hop, type Severity } from "../../checks/define.js";
import {
  nearestCodes,
  renderExplain,
  renderExplainList,
  unknownCodeMessage,
} from "../../src/render/explain.js";
import type { Explanation } from "../../src/render/explain-pages.js";

function check(code: string, name: string, severity: Severity = "critical", hop: Hop = "targets"): Check {
  return defineCheck({
    code,
    name,
    severity,
    hop,
    lint: { judged: "live", reason: "a test check" },
    needs: [],
    run: () => [],
  });
}

/** The page of a test check: its name in every section, so the renderer's placement shows. */
function pageOf(code: string): Explanation {
  const name = CHECKS.find((c) => c.code === code)!.name;
  return {
    summary: `Summary of ${name}.`,
    why: `Why ${name} breaks traffic.`,
    fix: `How to fix ${name}.`,
    bad: 'resource "aws_security_group_rule" "bad" {\n  cidr_blocks = ["10.20.0.0/16"]\n}',
    good: "aws ec2 authorize-security-group-ingress --group-id sg-0282b1d9c4e5f6a70 \\\n  --ip-permissions 'IpProtocol=tcp,FromPort=8080,ToPort=8080,PrefixListIds=[{PrefixListId=pl-0721453c7ac4ec009}]'",
  };
}

const CHECKS: Check[] = [
  check("LAT-101", "service-not-active", "critical", "service"),
  check("LAT-301", "all-targets-unhealthy"),
  check("LAT-302", "some-targets-unhealthy", "error"),
  check("LAT-401", "iam-auth-without-policy", "critical", "service"),
  check("LAT-501", "target-sg-blocks-lattice"),
  check("LAT-507", "nacl-blocks-lattice", "error"),
  check("LAT-603", "access-logs-disabled", "warning", "service"),
  check("LAT-605", "alarm-firing", "error", "service"),
  check("LAT-901", "could-not-check", "info", "diagnosis"),
];

describe("renderExplain", () => {
  const page = renderExplain(CHECKS[4]!, pageOf("LAT-501"), { color: false });

  it("has the code, name, default severity, hop and every section", () => {
    expect(page.startsWith("LAT-501 target-sg-blocks-lattice\n")).toBe(true);
    expect(page).toContain("  default severity  critical\n");
    expect(page).toContain("  hop               targets\n");
    for (const section of ["What it means", "Why it breaks traffic", "How to fix", "Bad", "Good"]) {
      expect(page).toContain(`\n\n${section}\n`);
    }
    expect(page).toContain("What it means\n  Summary of target-sg-blocks-lattice.\n");
  });

  it("prints the examples verbatim, indented", () => {
    expect(page).toContain(
      'Bad\n  resource "aws_security_group_rule" "bad" {\n    cidr_blocks = ["10.20.0.0/16"]\n  }\n',
    );
    expect(page).toContain(
      "Good\n  aws ec2 authorize-security-group-ingress --group-id sg-0282b1d9c4e5f6a70 \\\n    --ip-permissions",
    );
    expect(page.endsWith("\n")).toBe(true);
  });

  it("has colour only when asked", () => {
    expect(page.includes("\x1b")).toBe(false);
    expect(renderExplain(CHECKS[4]!, pageOf("LAT-501"), { color: true })).toContain(
      "\x1b[1mHow to fix\x1b[22m",
    );
  });
});

describe("renderExplainList", () => {
  it("lists every code, sorted and aligned", () => {
    const out = renderExplainList([...CHECKS].reverse(), pageOf);
    const rows = out.trimEnd().split("\n");
    expect(rows).toHaveLength(CHECKS.length);
    expect(rows[0]).toBe("LAT-101  service-not-active        Summary of service-not-active.");
    expect(rows[2]).toBe("LAT-302  some-targets-unhealthy    Summary of some-targets-unhealthy.");
    const column = rows.map((r) => r.indexOf("Summary"));
    expect(new Set(column).size).toBe(1);
  });
});

describe("nearestCodes", () => {
  it("by number for LAT-### and bare numbers", () => {
    expect(nearestCodes("LAT-999", CHECKS)).toContain("LAT-901");
    expect(nearestCodes("LAT-999", CHECKS)[0]).toBe("LAT-901");
    expect(nearestCodes("LAT-509", CHECKS, 2)).toEqual(["LAT-507", "LAT-501"]);
    expect(nearestCodes("303", CHECKS, 2)).toEqual(["LAT-302", "LAT-301"]);
    expect(nearestCodes("lat-402", CHECKS, 1)).toEqual(["LAT-401"]);
  });

  it("by name otherwise", () => {
    expect(nearestCodes("unhealthy", CHECKS, 2)).toEqual(["LAT-301", "LAT-302"]);
    expect(nearestCodes("nacl-block-lattice", CHECKS, 1)).toEqual(["LAT-507"]);
    expect(nearestCodes("LAT-5O1", CHECKS, 1)).toEqual(["LAT-501"]);
  });

  it("makes the exit-2 message", () => {
    expect(unknownCodeMessage("LAT-999", CHECKS)).toBe(
      "unknown code LAT-999; did you mean LAT-901, LAT-605, LAT-603?",
    );
    expect(unknownCodeMessage("LAT-999\x1b[2J", [])).toBe("unknown code LAT-999\\x1b[2J");
  });
});
