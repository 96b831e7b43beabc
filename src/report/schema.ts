/**
 * The JSON Schema (draft-07) of the `--output json` document, exactly as ../shared/spec/cli.md
 * specifies it (schemaVersion 1); `lattice doctor --json-schema` prints it.
 *
 * Deliberately strict, so that tests catch drift between the renderer and the contract: every object
 * forbids keys the contract does not list (a finding may add lint's `location`; a check may carry
 * `durationMs`, shown with -v), enums come from the same constants the code uses (SEVERITIES, HOPS),
 * and counts are non-negative integers. A document exists only when a diagnosis ran, so `exitCode` is
 * 0, 1 or 3 (usage errors, not-found, credentials and interrupts print no document).
 *
 * Draft-07 because ajv 8 (`new Ajv()`) validates it without extra packages.
 */
import { HOPS, SEVERITIES } from "../../checks/define.js";
import type { Verdict } from "./types.js";

const VERDICTS: readonly Verdict[] = ["blocked", "degraded", "at-risk", "healthy"];
const CODE_PATTERN = "^LAT-[0-9]{3}$";

const nonEmpty = { type: "string", minLength: 1 } as const;
const count = { type: "integer", minimum: 0 } as const;

function object(properties: Record<string, unknown>, required: readonly string[]): Record<string, unknown> {
  return { type: "object", additionalProperties: false, required: [...required], properties };
}

const finding = object(
  {
    rank: { type: "integer", minimum: 1 },
    code: { type: "string", pattern: CODE_PATTERN },
    name: { type: "string", pattern: "^[a-z0-9]+(-[a-z0-9]+)*$" },
    severity: { enum: [...SEVERITIES] },
    hop: { enum: [...HOPS] },
    title: nonEmpty,
    detail: { type: "string" },
    resource: object({ type: nonEmpty, id: nonEmpty, arn: nonEmpty }, ["type", "id"]),
    evidence: {
      type: "array",
      items: object({ call: nonEmpty, observed: { type: "object" } }, ["call", "observed"]),
    },
    fix: object({ summary: { type: "string" }, commands: { type: "array", items: nonEmpty } }, [
      "summary",
      "commands",
    ]),
    docs: nonEmpty,
    causedBy: { type: "string", pattern: CODE_PATTERN },
    suppressed: object({ by: nonEmpty, reason: { type: "string" } }, ["by", "reason"]),
    location: object({ file: nonEmpty, address: nonEmpty, line: { type: "integer", minimum: 1 } }, [
      "file",
      "address",
    ]),
  },
  ["rank", "code", "name", "severity", "hop", "title", "detail", "resource", "evidence", "fix", "docs"],
);

/** One finding, shared with the `lattice lint` document (src/lint/report.ts). */
export const findingSchema = finding;

export const reportSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "lattice-doctor report",
  description: "The document of `lattice doctor --output json` (schemaVersion 1).",
  ...object(
    {
      schemaVersion: { const: 1 },
      tool: object({ name: { const: "lattice-doctor" }, version: nonEmpty }, ["name", "version"]),
      context: object(
        {
          region: nonEmpty,
          accountId: nonEmpty,
          callerArn: nonEmpty,
          profile: nonEmpty,
          endpoints: { type: "object", additionalProperties: { type: "string" } },
        },
        ["region", "endpoints"],
      ),
      target: object({ input: nonEmpty, id: nonEmpty, arn: nonEmpty, name: nonEmpty }, ["input", "id"]),
      verdict: { enum: [...VERDICTS] },
      complete: { type: "boolean" },
      exitCode: { enum: [0, 1, 3] },
      summary: object(
        { critical: count, error: count, warning: count, info: count, passed: count, skipped: count },
        ["critical", "error", "warning", "info", "passed", "skipped"],
      ),
      findings: { type: "array", items: finding },
      checks: {
        type: "array",
        items: object(
          {
            code: { type: "string", pattern: CODE_PATTERN },
            status: { enum: ["pass", "fail", "skip"] },
            reason: { type: "string" },
            durationMs: { type: "number", minimum: 0 },
          },
          ["code", "status"],
        ),
      },
      trace: {
        type: "array",
        items: object(
          {
            hop: { enum: [...HOPS] },
            status: { enum: ["ok", "fail", "warn", "unknown"] },
            resource: { type: "string" },
            codes: { type: "array", items: { type: "string", pattern: CODE_PATTERN } },
          },
          ["hop", "status", "resource"],
        ),
      },
      calls: object({ total: count, failed: count, durationMs: count }, ["total", "failed", "durationMs"]),
    },
    [
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
    ],
  ),
} as const;

/** The schema as `lattice doctor --json-schema` prints it: 2-space JSON and a trailing newline. */
export function renderJsonSchema(): string {
  return JSON.stringify(reportSchema, null, 2) + "\n";
}
