/**
 * `lattice lint` as text (the default) and Markdown: findings by rank with where they are written,
 * then what could not be judged before apply, then one line on the checks that need live state.
 * Names and values come from the file: printed with control characters escaped.
 */
import { paint } from "../render/color.js";
import { escapeControl } from "../render/sanitize.js";
import type { LintReport, LintLocation } from "./report.js";

const where = (l: LintLocation): string => `${l.file}${l.line ? `:${l.line}` : ""}  ${l.address}`;

export function renderLintText(report: LintReport, options: { color: boolean }): string {
  const p = paint(options.color);
  const e = (s: string) => escapeControl(s);
  const out: string[] = [];
  const files = report.files.map((f) => `${f.file} (${f.format}, ${f.resources} resources)`).join(", ");
  out.push(`${p.bold("lattice lint")}  ${e(files)}`);
  const s = report.summary;
  out.push(
    `verdict ${p.bold(report.verdict)}: ${s.critical} critical, ${s.error} error, ${s.warning} warning, ${s.info} info` +
      `${s.suppressed ? `, ${s.suppressed} suppressed` : ""}; ${s.passed} checks passed` +
      `${s.inconclusive ? `, ${s.inconclusive} inconclusive` : ""}`,
  );
  for (const f of report.findings) {
    const tag = f.suppressed ? p.dim(`suppressed ${f.code}`) : `${f.severity.toUpperCase()} ${f.code}`;
    out.push("");
    out.push(`${f.rank}. ${p.bold(tag)} ${e(f.title)}`);
    out.push(`   ${p.dim("at")} ${e(where(f.location))}`);
    out.push(`   ${e(f.detail)}`);
    if (f.fix.summary) out.push(`   ${p.dim("fix")} ${e(f.fix.summary)}`);
    for (const c of f.fix.commands) out.push(`     $ ${e(c)}`);
    if (f.suppressed)
      out.push(`   ${p.dim("suppressed by")} ${e(f.suppressed.by)}: ${e(f.suppressed.reason)}`);
    out.push(`   ${p.dim(f.docs)}`);
  }
  if (report.inconclusive.length > 0) {
    out.push("");
    out.push(p.bold("Inconclusive until apply (not judged, never guessed):"));
    for (const i of report.inconclusive) {
      out.push(
        `  ${i.codes.join(", ")}  ${e(where(i.location))}: ${e(i.attribute)} — ${e(i.reason)}` +
          (i.droppedFinding ? " (a finding here rests on it and was not reported)" : ""),
      );
    }
  }
  if (report.findings.length === 0 && report.inconclusive.length === 0) out.push("", "No findings.");
  out.push("");
  out.push(
    p.dim(
      `${report.notApplicable.length} checks need live state and were not run (${report.notApplicable.map((n) => n.code).join(", ")}): run lattice doctor after deploying.`,
    ),
  );
  return out.join("\n") + "\n";
}

export function renderLintMarkdown(report: LintReport): string {
  const cell = (s: string) => escapeControl(s).replace(/\|/g, "\\|").replace(/\n/g, " ");
  const out: string[] = [`## lattice lint: ${report.verdict}`, ""];
  out.push(`Files: ${report.files.map((f) => `\`${cell(f.file)}\` (${f.format})`).join(", ")}`, "");
  if (report.findings.length > 0) {
    out.push("| # | severity | code | finding | where |", "|---|---|---|---|---|");
    for (const f of report.findings) {
      out.push(
        `| ${f.rank} | ${f.suppressed ? `~~${f.severity}~~ (suppressed)` : f.severity} | ${f.code} | ${cell(f.title)} | \`${cell(f.location.address)}\`${f.location.line ? ` (line ${f.location.line})` : ""} |`,
      );
    }
  } else out.push("No findings.");
  if (report.inconclusive.length > 0) {
    out.push("", "### Inconclusive until apply", "");
    for (const i of report.inconclusive)
      out.push(
        `- ${i.codes.join(", ")} on \`${cell(i.location.address)}\`: ${cell(i.attribute)} — ${cell(i.reason)}`,
      );
  }
  return out.join("\n") + "\n";
}
