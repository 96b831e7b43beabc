/**
 * The `lattice lint --output json` document (schemaVersion 1) and its JSON Schema
 * (`lattice lint --json-schema`). Findings have exactly the doctor's shape (src/report/schema.ts)
 * plus `location`; instead of a target, trace and call counts the document names the files read,
 * the checks left inconclusive by values unknown until apply, and the checks that need live state.
 */
import type { Finding } from "../core/finding.js";
import type { CheckResult, Verdict } from "../report/types.js";
import { CODE, closed, count, findingSchema, nonEmpty, object, severityCounts } from "../report/schema.js";

export interface LintLocation {
  file: string;
  /** Terraform resource address or CloudFormation logical id. */
  address: string;
  line?: number;
}

export interface LintFinding extends Finding {
  location: LintLocation;
  /** `fix.snippet`: the change in the file's own language (Terraform HCL or CloudFormation YAML). */
  fix: Finding["fix"] & { snippet?: string };
}

export interface InconclusiveEntry {
  /** The checks that could not judge this resource. */
  codes: string[];
  location: LintLocation;
  /** The attribute whose value is unknown, e.g. `policy`, `vpc_security_group_ids of aws_instance.api[0]`. */
  attribute: string;
  /** Why it is unknown: `known after apply`, `parameter X has no Default …`. */
  reason: string;
  /** A check found something here that rests on this value: it was not reported. */
  droppedFinding?: boolean;
}

export interface LintReport {
  schemaVersion: 1;
  tool: { name: "lattice-doctor"; version: string };
  command: "lint";
  context: { region: string };
  files: { file: string; format: "terraform-plan" | "cloudformation"; resources: number; services: number }[];
  verdict: Verdict;
  complete: boolean;
  exitCode: number;
  summary: {
    critical: number;
    error: number;
    warning: number;
    info: number;
    suppressed: number;
    passed: number;
    inconclusive: number;
    notApplicable: number;
  };
  findings: Omit<LintFinding, "affects">[];
  checks: CheckResult[];
  inconclusive: InconclusiveEntry[];
  notApplicable: { code: string; reason: string }[];
}

const location = object({ file: nonEmpty, address: nonEmpty, line: { type: "integer", minimum: 1 } }, [
  "file",
  "address",
]);

const lintFinding = {
  ...findingSchema,
  properties: {
    ...(findingSchema.properties as Record<string, unknown>),
    fix: object(
      { summary: { type: "string" }, commands: { type: "array", items: nonEmpty }, snippet: nonEmpty },
      ["summary", "commands"],
    ),
  },
  required: [...(findingSchema.required as string[]), "location"],
};

export const lintReportSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "lattice-doctor lint report",
  description: "The document of `lattice lint --output json` (schemaVersion 1).",
  ...closed({
    schemaVersion: { const: 1 },
    tool: closed({ name: { const: "lattice-doctor" }, version: nonEmpty }),
    command: { const: "lint" },
    context: object({ region: nonEmpty }, ["region"]),
    files: {
      type: "array",
      minItems: 1,
      items: object(
        {
          file: nonEmpty,
          format: { enum: ["terraform-plan", "cloudformation"] },
          resources: count,
          services: count,
        },
        ["file", "format", "resources", "services"],
      ),
    },
    verdict: { enum: ["blocked", "degraded", "at-risk", "healthy"] },
    complete: { type: "boolean" },
    exitCode: { enum: [0, 1, 3] },
    summary: closed({
      ...severityCounts,
      suppressed: count,
      passed: count,
      inconclusive: count,
      notApplicable: count,
    }),
    findings: { type: "array", items: lintFinding },
    checks: {
      type: "array",
      items: object({ code: CODE, status: { enum: ["pass", "fail", "skip"] }, reason: { type: "string" } }, [
        "code",
        "status",
      ]),
    },
    inconclusive: {
      type: "array",
      items: object(
        {
          codes: { type: "array", minItems: 1, items: CODE },
          location,
          attribute: nonEmpty,
          reason: nonEmpty,
          droppedFinding: { const: true },
        },
        ["codes", "location", "attribute", "reason"],
      ),
    },
    notApplicable: { type: "array", items: closed({ code: CODE, reason: nonEmpty }) },
  }),
} as const;

export function renderLintJsonSchema(): string {
  return JSON.stringify(lintReportSchema, null, 2) + "\n";
}

export function renderLintJson(report: LintReport): string {
  return JSON.stringify(report, null, 2) + "\n";
}

export type { Verdict };
