/**
 * `lattice lint` as text (the default) and Markdown: findings by rank with where they are written,
 * then what could not be judged before apply, then one line on the checks that need live state.
 * Names and values come from the file: printed with control characters escaped.
 */
import { paint } from "../render/color.js";
import { escapeControl } from "../render/sanitize.js";
import { severityGlyph, severityStyle } from "../render/text.js";
import type { LintReport, LintLocation } from "./report.js";

const INDENT = "    ";
const SUB_INDENT = "      ";
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
    // Doctor's layout (src/render/text.ts): `× critical LAT-… title`, then labelled lines.
    const severity = `${severityGlyph(f.severity)} ${f.severity}`;
    const pad = " ".repeat(Math.max(0, 8 - f.severity.length));
    out.push("");
    out.push(
      f.suppressed
        ? p.dim(`${severity}${pad} ${f.code} ${e(f.title)}`)
        : `${severityStyle(f.severity, p)(severity)}${pad} ${p.bold(f.code)} ${e(f.title)}`,
    );
    if (f.suppressed)
      out.push(`${INDENT}${p.dim(`[suppressed by ${e(f.suppressed.by)} — ${e(f.suppressed.reason)}]`)}`);
    out.push(`${INDENT}${p.dim("at:")} ${e(where(f.location))}`);
    out.push(`${INDENT}${p.dim("why:")} ${e(f.detail)}`);
    if (f.fix.summary) out.push(`${INDENT}${p.dim("fix:")} ${e(f.fix.summary)}`);
    for (const line of (f.fix.snippet ?? "").split("\n").filter((l, i, all) => all.length > 1 || l))
      out.push(`${SUB_INDENT}${p.cyan(e(line))}`);
    for (const c of f.fix.commands) out.push(`${SUB_INDENT}${p.cyan(`$ ${e(c)}`)}`);
    out.push(`${INDENT}${p.dim("docs:")} ${p.dim(f.docs)}`);
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
