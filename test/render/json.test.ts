import { describe, expect, it } from "vitest";
import { renderJson } from "../../src/render/json.js";
import type { Report } from "../../src/report/types.js";
import { demoReport, healthyReport } from "../support/report.js";
import { expectValidReport } from "../support/validate-report.js";

describe("renderJson", () => {
  it.each([
    ["demo", demoReport()],
    ["healthy", healthyReport()],
  ])("%s: one document that parses back to the report", (_name, report) => {
    const out = renderJson(report);
    expect(out.endsWith("}\n")).toBe(true);
    expect(out.endsWith("\n\n")).toBe(false);
    expect(JSON.parse(out)).toEqual(report);
    expectValidReport(JSON.parse(out));
    expect(out).toBe(JSON.stringify(JSON.parse(out), null, 2) + "\n"); // 2-space indented
  });

  it("writes keys in the order of cli.md whatever order the report was built in", () => {
    const report = demoReport();
    const shuffled = Object.fromEntries(Object.entries(report).reverse()) as unknown as Report;
    shuffled.findings = report.findings.map((f) =>
      Object.fromEntries(Object.entries(f).reverse()),
    ) as Report["findings"];
    const parsed = JSON.parse(renderJson(shuffled));
    expect(Object.keys(parsed)).toEqual([
      "schemaVersion",
      "tool",
      "context",
      "target",
      "verdict",
      "complete",
      "exitCode",
      "summary",
      "findings",
      "checks",
      "trace",
      "calls",
    ]);
    expect(Object.keys(parsed.findings[2])).toEqual([
      "rank",
      "code",
      "name",
      "severity",
      "hop",
      "title",
      "detail",
      "resource",
      "evidence",
      "fix",
      "docs",
      "causedBy",
    ]);
    expect(Object.keys(parsed.findings[4])).toContain("suppressed");
    expect(Object.keys(parsed.context)).toEqual(["region", "accountId", "callerArn", "profile", "endpoints"]);
    expect(Object.keys(parsed.summary)).toEqual([
      "critical",
      "error",
      "warning",
      "info",
      "passed",
      "skipped",
    ]);
    expect(Object.keys(parsed.calls)).toEqual(["total", "failed", "durationMs"]);
    expectValidReport(parsed);
  });

  it("drops the internal `affects` and undefined values, keeps unlisted keys (lint's location)", () => {
    const report = demoReport();
    Object.assign(report.findings[0]!, {
      affects: ["tg-0a9f1e2d3c4b5a697"],
      causedBy: undefined,
      location: { file: "plan.json", address: "aws_vpclattice_service.orders" },
    });
    const parsed = JSON.parse(renderJson(report));
    expect(parsed.findings[0]).not.toHaveProperty("affects");
    expect(parsed.findings[0]).not.toHaveProperty("causedBy");
    expect(parsed.findings[0].location).toEqual({
      file: "plan.json",
      address: "aws_vpclattice_service.orders",
    });
    expect(Object.keys(parsed.findings[0]).at(-1)).toBe("location");
    expectValidReport(parsed);
  });
});
