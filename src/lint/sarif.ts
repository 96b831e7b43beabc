/**
 * `lattice lint --output sarif`: SARIF 2.1.0 for code-scanning uploads. One run; the rules are the
 * checks lint runs (id = the code, name, short/full description and help from `lattice explain`);
 * each finding is a result whose level follows its severity, located in the file (artifactLocation,
 * and the line when found) and by its resource address (logicalLocation). Suppressed findings carry
 * an `inSource` suppression with the reason, as SARIF viewers expect.
 */
import type { Severity } from "../core/finding.js";
import type { Check } from "../core/check.js";
import { loadExplanation, type Explanation } from "../render/explain-pages.js";
import { isFileJudged } from "./applicable.js";
import type { LintReport } from "./report.js";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = {
  critical: "error",
  error: "error",
  warning: "warning",
  info: "note",
};

/** GitHub code scanning orders alerts by this number (0.0–10.0). */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: "9.0",
  error: "7.0",
  warning: "4.0",
  info: "1.0",
};

export const SARIF_SCHEMA_URI =
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/** File paths as URIs relative to the working directory (forward slashes, spaces and the like escaped). */
function fileUri(file: string): string {
  return file
    .replace(/\\/g, "/")
    .replace(/^\.\//, "")
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/");
}

function help(check: Check, e: Explanation): { text: string; markdown: string } {
  const text = `${e.summary}\n\nWhy: ${e.why}\n\nFix: ${e.fix}\n\nBad:\n${e.bad}\n\nGood:\n${e.good}\n\nlattice explain ${check.code}`;
  const markdown =
    `${e.summary}\n\n**Why it breaks traffic.** ${e.why}\n\n**How to fix.** ${e.fix}\n\n` +
    `**Bad**\n\n\`\`\`\n${e.bad}\n\`\`\`\n\n**Good**\n\n\`\`\`\n${e.good}\n\`\`\`\n\nMore: \`lattice explain ${check.code}\``;
  return { text, markdown };
}

export function renderSarif(
  report: LintReport,
  checks: readonly Check[],
  explanationOf: (code: string) => Explanation = loadExplanation,
): string {
  const rules = checks.filter(isFileJudged);
  const index = new Map(rules.map((c, i) => [c.code, i]));
  const results = report.findings.map((f) => {
    const physical: Record<string, unknown> = { artifactLocation: { uri: fileUri(f.location.file) } };
    if (f.location.line) physical.region = { startLine: f.location.line };
    const result: Record<string, unknown> = {
      ruleId: f.code,
      ...(index.has(f.code) ? { ruleIndex: index.get(f.code) } : {}),
      level: LEVEL[f.severity],
      message: {
        text:
          `${f.title}\n\n${f.detail}${f.fix.summary ? `\n\nFix: ${f.fix.summary}` : ""}` +
          // The change in the file's own language (SARIF `fixes` need byte ranges a plan has not).
          (f.fix.snippet ? `\n\n${f.fix.snippet}` : ""),
      },
      locations: [
        {
          physicalLocation: physical,
          logicalLocations: [{ fullyQualifiedName: f.location.address, kind: "resource" }],
        },
      ],
      partialFingerprints: { "latticeDoctor/v1": `${f.code}:${f.location.address}:${f.resource.id}` },
      properties: { severity: f.severity, hop: f.hop, resource: f.resource },
    };
    if (f.suppressed) {
      result.suppressions = [
        {
          kind: "inSource",
          status: "accepted",
          justification: `${f.suppressed.reason} (${f.suppressed.by})`,
        },
      ];
    }
    return result;
  });
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "lattice-doctor",
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules: rules.map((c) => {
              const e = explanationOf(c.code);
              return {
                id: c.code,
                name: c.name,
                shortDescription: { text: e.summary },
                fullDescription: { text: e.why },
                help: help(c, e),
                defaultConfiguration: { level: LEVEL[c.severity] },
                properties: {
                  "security-severity": SECURITY_SEVERITY[c.severity],
                  tags: ["vpc-lattice", c.hop],
                },
              };
            }),
          },
        },
        artifacts: report.files.map((f) => ({
          location: { uri: fileUri(f.file) },
          roles: ["analysisTarget"],
          mimeType:
            f.format === "terraform-plan" || f.file.endsWith(".json")
              ? "application/json"
              : "application/yaml",
        })),
        invocations: [{ executionSuccessful: true, exitCode: report.exitCode }],
        results,
        properties: {
          verdict: report.verdict,
          complete: report.complete,
          inconclusive: report.inconclusive,
        },
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}
