/** Runs `lattice lint` in-process on a plan object or template text, and reads its report. */
import { expect } from "vitest";
import { Ajv } from "ajv";
import { checks } from "../../checks/index.js";
import { readLintFile, runLint } from "../../src/lint/run.js";
import { lintReportSchema, type LintReport } from "../../src/lint/report.js";
import type { FailOn } from "../../src/report/types.js";

const validate = new Ajv({ allErrors: true, strict: true }).compile(lintReportSchema);

export function expectValidLintReport(json: unknown): asserts json is LintReport {
  const ok = validate(json);
  expect(
    ok ? [] : validate.errors?.map((e) => `${e.instancePath} ${e.message}`),
    "lint report schema",
  ).toEqual([]);
  const report = json as LintReport;
  expect(report.findings.map((f) => f.rank)).toEqual(report.findings.map((_, i) => i + 1));
  expect(report.complete).toBe(report.inconclusive.length === 0);
}

export function lintText(
  text: string,
  file: string,
  failOn: FailOn = "error",
  options: { prefixList?: string; strict?: boolean } = {},
): LintReport {
  const report = runLint([readLintFile(text, file, {})], checks, {
    failOn,
    toolVersion: "0.0.0-test",
    ...options,
  });
  expectValidLintReport(JSON.parse(JSON.stringify(report)));
  return report;
}

export function lintPlan(plan: unknown, failOn: FailOn = "error"): LintReport {
  return lintText(JSON.stringify(plan, null, 2), "plan.json", failOn);
}

/** `LAT-501 @ module.orders.aws_security_group.targets` for each finding not suppressed. */
export function active(report: LintReport): string[] {
  return report.findings.filter((f) => !f.suppressed).map((f) => `${f.code} @ ${f.location.address}`);
}

export function codes(report: LintReport): string[] {
  return [...new Set(report.findings.filter((f) => !f.suppressed).map((f) => f.code))].sort();
}

export function inconclusiveCodes(report: LintReport): string[] {
  return [...new Set(report.inconclusive.flatMap((i) => i.codes))].sort();
}
