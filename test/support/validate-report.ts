/**
 * `expectValidReport(json)`: fails the test unless `json` (a parsed `--output json` document) matches
 * the JSON Schema of src/report/schema.ts and the rules of cli.md that a schema cannot express:
 * ranks 1…n in order, summary counts and verdict follow the findings that are not suppressed, a
 * run with skipped checks is not complete, and `causedBy` names a finding of the same document.
 */
import { Ajv, type ErrorObject } from "ajv";
import { expect } from "vitest";
import type { Report } from "../../src/report/types.js";
import { reportSchema } from "../../src/report/schema.js";

const ajv = new Ajv({ allErrors: true, strict: true });
export const validateReport = ajv.compile<Report>(reportSchema);

/** `/findings/0/severity must be equal to one of the allowed values (critical, error, …)` per error. */
export function schemaErrors(json: unknown): string[] {
  if (validateReport(json)) return [];
  return (validateReport.errors ?? []).map((e: ErrorObject) => {
    const extra =
      "allowedValues" in e.params
        ? ` (${(e.params.allowedValues as unknown[]).join(", ")})`
        : "additionalProperty" in e.params
          ? ` (${String(e.params.additionalProperty)})`
          : "";
    return `${e.instancePath || "/"} ${e.message ?? "is invalid"}${extra}`;
  });
}

export function expectValidReport(json: unknown): asserts json is Report {
  expect(schemaErrors(json), "the JSON document does not match reportSchema").toEqual([]);
  const report = json as Report;
  expect(
    report.findings.map((f) => f.rank),
    "findings are sorted by rank 1…n",
  ).toEqual(report.findings.map((_, i) => i + 1));
  const active = report.findings.filter((f) => !f.suppressed);
  const count = (severity: string) => active.filter((f) => f.severity === severity).length;
  const counts = {
    critical: count("critical"),
    error: count("error"),
    warning: count("warning"),
    info: count("info"),
  };
  const { critical, error, warning, info } = report.summary;
  expect({ critical, error, warning, info }, "summary counts the findings that are not suppressed").toEqual(
    counts,
  );
  const verdict = counts.critical
    ? "blocked"
    : counts.error
      ? "degraded"
      : counts.warning
        ? "at-risk"
        : report.complete
          ? "healthy"
          : "incomplete";
  expect(report.verdict, "verdict follows the most severe active finding").toBe(verdict);
  if (report.summary.skipped > 0)
    expect(report.complete, "a run with skipped checks is incomplete").toBe(false);
  const codes = new Set(report.findings.map((f) => f.code));
  for (const f of report.findings) {
    if (f.causedBy)
      expect(codes.has(f.causedBy), `${f.code} is caused by a finding of the document`).toBe(true);
  }
}
