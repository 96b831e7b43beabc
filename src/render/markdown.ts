/**
 * `--output markdown`: one self-contained GitHub-flavoured Markdown document to paste into a ticket.
 *
 *   title (service, verdict), the verdict line, a summary table
 *   findings in rank order, one section each: severity, code, hop, resource, cause, suppression,
 *     why, evidence (a table of the fields each call returned), fix and its commands in ```sh blocks
 *   the request path as a table, the checks (passed, failed, skipped with reasons), the context
 *
 * Text from AWS is untrusted. Every string goes through escapeControl (sanitize.ts) first, then is
 * escaped for where it lands: plain text gets Markdown punctuation backslash-escaped (so `|` cannot
 * split a table cell, `<` cannot open HTML, `[` cannot make a link, a line cannot become a heading),
 * code spans and fences use more backticks than the value holds, and a value with a `|` is never put
 * in a code span inside a table (GFM has no way to escape a pipe that follows a backslash there).
 *
 * The report holds no time: pass `generatedAt` to print one; without it the output is deterministic.
 * A replay is dated by its recording instead (context.replay), and says under its title that it is
 * one: pasted into a ticket, it must not pass for a run made today.
 */
import { COULD_NOT_CHECK } from "../core/codes.js";
import type { Evidence, Finding } from "../core/finding.js";
import type { CheckResult, Report, TraceHop } from "../report/types.js";
import { inferredLine } from "./auth.js";
import { escapeControl, sanitizeReport } from "./sanitize.js";
import { callStats, clientLine, GLYPH, notApplicableText, utc, verdictLine } from "./text.js";
import { formatCount, resourceLabel, seriesTotal, sparkline, windowText } from "./signals.js";

export interface MarkdownOptions {
  /** When the report was made (e.g. an ISO 8601 timestamp), shown in the context table. */
  generatedAt?: string;
}

// Markdown escaping. Inputs are already control-escaped (single line unless said otherwise).

/**
 * Plain inline text that prints literally: the punctuation that can start markup is backslash-escaped.
 * An `_` between letters or digits (AWS_IAM) cannot emphasise anything and is left as it is.
 */
export function mdText(s: string): string {
  return s.replace(/[\\`*[\]<>|~&#]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, "\\$&");
}

function longestRun(s: string, ch: string): number {
  let longest = 0;
  let run = 0;
  for (const c of s) {
    run = c === ch ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** An inline code span that no backtick in `s` can close. Not for table cells holding `|` (see mdCell). */
export function mdCode(s: string): string {
  if (s === "") return '""';
  const ticks = "`".repeat(longestRun(s, "`") + 1);
  const pad = /^[` ]|[` ]$/.test(s) ? " " : "";
  return `${ticks}${pad}${s}${pad}${ticks}`;
}

/** A value in a table cell: a code span, or escaped plain text when it holds a `|`. */
function mdCell(s: string): string {
  return s.includes("|") ? mdText(s) : mdCode(s);
}

/** A fenced code block that no line of `lines` can close: the fence is longer than any backtick run. */
export function mdFence(lines: readonly string[], info = ""): string {
  const fence = "`".repeat(Math.max(3, ...lines.map((l) => longestRun(l, "`") + 1)));
  return [`${fence}${info}`, ...lines, fence].join("\n");
}

/**
 * Prose that may hold line breaks (a finding's detail, a fix summary): one paragraph per line, each
 * escaped, with leading blanks dropped (no indented code block) and a leading list, heading or
 * setext marker escaped.
 */
function mdProse(s: string): string[] {
  return s
    .split("\n")
    .map((line) => escapeControl(line.trimStart())) // a tab inside a line becomes `\t`
    .filter((line) => line !== "")
    .map((line) =>
      mdText(line)
        .replace(/^[-+=]/, "\\$&")
        .replace(/^(\d+)([.)])/, "$1\\$2"),
    );
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const row = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [row(head), row(head.map(() => "---")), ...rows.map(row)];
}

const STATUS: Record<TraceHop["status"], string> = {
  ok: `${GLYPH.ok} ok`,
  fail: `${GLYPH.fail} fail`,
  warn: `${GLYPH.warn} warn`,
  unknown: `${GLYPH.unknown} unknown`,
};

function evidenceValue(value: unknown): string {
  // JSON.stringify leaves DEL, C1 and bidi controls alone: escape once more (as text.ts does).
  return escapeControl(typeof value === "string" ? value : (JSON.stringify(value) ?? String(value)));
}

/** `raw` is the evidence as observed: formatted first, then escaped once. */
function renderEvidence(raw: readonly Evidence[]): string[] {
  const rows: string[][] = [];
  for (const e of raw) {
    const call = mdCell(escapeControl(e.call));
    const fields = Object.entries(e.observed).filter(([, v]) => v !== undefined);
    if (fields.length === 0) rows.push([call, "—", ""]);
    fields.forEach(([k, v], i) => {
      rows.push([i === 0 ? call : "", mdCell(escapeControl(k)), mdCell(evidenceValue(v))]);
    });
  }
  return table(["call", "field", "observed"], rows);
}

/** `f` is the sanitised finding, `raw` the evidence as observed. */
function renderFinding(f: Finding, raw: readonly Evidence[]): string[] {
  const suppressed = f.suppressed ? " (suppressed)" : "";
  const out = [`### ${f.rank}. ${f.severity} ${mdText(f.code)}: ${mdText(f.title)}${suppressed}`, ""];
  if (f.suppressed) {
    out.push(
      `> **Suppressed** by ${mdCode(f.suppressed.by)}: ${mdText(f.suppressed.reason)}. ` +
        "Counted in neither the verdict nor the exit code.",
      "",
    );
  }
  const resource = [mdText(f.resource.type), mdCode(f.resource.id)];
  if (f.resource.arn) resource.push(`(${mdCode(f.resource.arn)})`);
  out.push(
    `- **severity:** ${f.severity}`,
    `- **code:** ${mdText(f.code)} ${mdText(f.name)} — ${mdCode(f.docs)}`,
    `- **hop:** ${mdText(f.hop)}`,
    `- **resource:** ${resource.join(" ")}`,
  );
  if (f.causedBy) out.push(`- **caused by:** ${mdText(f.causedBy)}`);
  out.push("", ...mdProse(f.detail).flatMap((p) => [p, ""]));
  if (raw.length > 0) out.push("**Evidence**", "", ...renderEvidence(raw), "");
  const [first = "", ...more] = mdProse(f.fix.summary);
  out.push(`**Fix:** ${first}`, "", ...more.flatMap((p) => [p, ""]));
  if (f.fix.commands.length > 0) out.push(mdFence(f.fix.commands, "sh"), "");
  return out;
}

function renderSummary(report: Report): string[] {
  const { summary } = report;
  const suppressed = report.findings.filter((f) => f.suppressed).length;
  return table(
    [
      "verdict",
      "critical",
      "error",
      "warning",
      "info",
      "suppressed",
      "checks passed",
      "checks skipped",
      "complete",
      "exit code",
    ],
    [
      [
        `**${report.verdict}**`,
        ...[summary.critical, summary.error, summary.warning, summary.info, suppressed].map(String),
        String(summary.passed),
        String(summary.skipped),
        report.complete ? "yes" : "**no** (incomplete)",
        String(report.exitCode),
      ],
    ],
  );
}

function renderTrace(trace: readonly TraceHop[]): string[] {
  if (trace.length === 0) return ["No request path was traced.", ""];
  // Owner accounts and readers only when the path spans several accounts or credentials.
  const accounts =
    new Set(trace.flatMap((h) => h.ownerAccountIds ?? [])).size > 1 || trace.some((h) => h.readBy);
  const rows = trace.map((h) => [
    mdText(h.hop),
    STATUS[h.status] ?? mdText(h.status),
    mdText(h.resource),
    (h.codes ?? []).map(mdText).join(", "),
    ...(accounts
      ? [
          (h.ownerAccountIds ?? []).map(mdText).join(", "),
          ...(trace.some((x) => x.readBy) ? [(h.readBy ?? []).map(mdText).join(", ")] : []),
        ]
      : []),
  ]);
  const headers = [
    "hop",
    "status",
    "resource",
    "codes",
    ...(accounts ? ["account", ...(trace.some((x) => x.readBy) ? ["read by"] : [])] : []),
  ];
  return [...table(headers, rows), ""];
}

function renderChecks(checks: readonly CheckResult[]): string[] {
  const by = (status: CheckResult["status"]) => checks.filter((c) => c.status === status);
  const list = (cs: readonly CheckResult[]) => cs.map((c) => mdText(c.code)).join(", ");
  const out: string[] = [];
  const passed = by("pass");
  const failed = by("fail");
  const skipped = by("skip");
  const notApplicable = by("not-applicable");
  if (checks.length === 0) out.push("No checks ran.");
  if (passed.length > 0) out.push(`- **passed (${passed.length}):** ${list(passed)}`);
  if (failed.length > 0) out.push(`- **failed (${failed.length}):** ${list(failed)} (see Findings)`);
  if (skipped.length > 0) out.push(`- **skipped (${skipped.length}):** ${list(skipped)}`);
  // Neither passed nor skipped: the run did not give the flag they judge.
  if (notApplicable.length > 0)
    out.push(`- **${mdText(notApplicableText(notApplicable))}:** ${list(notApplicable)}`);
  out.push("");
  if (skipped.length > 0) {
    const rows = skipped.map((c) => [mdText(c.code), mdText(c.reason ?? "")]);
    out.push(...table(["skipped check", "reason"], rows), "");
  }
  return out;
}

function renderContext(report: Report, options: MarkdownOptions): string[] {
  const { context, target } = report;
  const rows: [string, string][] = [];
  if (context.accountId) rows.push(["account", mdCell(context.accountId)]);
  rows.push(["region", mdCell(context.region)]);
  if (context.callerArn) rows.push(["caller", mdCell(context.callerArn)]);
  if (context.profile) rows.push(["profile", mdCell(context.profile)]);
  for (const r of context.readers?.slice(1) ?? [])
    rows.push([
      "also read with",
      mdCell(`${r.label}${r.accountId ? ` (account ${r.accountId})` : " (unusable)"}`),
    ]);
  if (context.client) rows.push(["client (--from)", mdCell(clientLine(context.client))]);
  for (const [service, url] of Object.entries(context.endpoints)) {
    rows.push([`endpoint ${mdText(service)}`, mdCell(url)]);
  }
  rows.push(["target", mdCell(target.input)]);
  if (target.arn) rows.push(["service ARN", mdCell(target.arn)]);
  rows.push(["AWS calls", mdText(callStats(report.calls))]);
  rows.push(["tool", `${mdText(report.tool.name)} ${mdText(report.tool.version)}`]);
  if (context.replay) {
    rows.push(["replay of", mdCell(context.replay.file)]);
    if (context.replay.recordedAt) rows.push(["recorded", mdCell(context.replay.recordedAt)]);
  } else if (options.generatedAt !== undefined) {
    rows.push(["generated", mdCell(escapeControl(options.generatedAt))]);
  }
  return [...table(["context", "value"], rows), ""];
}

/** The live signals: a table of series (sparkline, total, peak), alarms, access logs, target health. */
function renderSignals(report: Report): string[] {
  const s = report.signals;
  if (!s) return [];
  const out = [
    "## Live signals",
    "",
    mdText(`${windowText(s.window)}, period ${s.window.periodSeconds} s.`),
    "",
  ];
  if (s.series === undefined) out.push(`Metrics could not be read (see ${COULD_NOT_CHECK}).`, "");
  else if (s.series.length === 0)
    out.push("No metric is published yet for the service or its target groups.", "");
  else {
    const rows = s.series.map((x) => {
      const present = x.values.filter((v): v is number => v !== null);
      return [
        mdText(resourceLabel(report, x)),
        x.statusCode && x.statusCode !== "Complete"
          ? `${mdCell(x.metric)} (${mdText(x.statusCode)})`
          : mdCell(x.metric),
        // Sparkline characters carry no Markdown meaning; `·` marks a minute without a datapoint.
        mdCode(sparkline(x.values)),
        formatCount(seriesTotal(x)),
        present.length ? formatCount(Math.max(...present)) : "—",
        String(x.values.length - present.length),
      ];
    });
    out.push(
      ...table(["resource", "metric", "per minute", "total", "peak", "minutes without data"], rows),
      "",
    );
  }
  if (s.alarms !== undefined) {
    if (s.alarms.length === 0) out.push("No alarm watches the service or its target groups.", "");
    else
      out.push(
        ...table(
          ["alarm", "state", "since", "metrics"],
          s.alarms.map((a) => [
            mdCell(a.name),
            a.state === "ALARM" ? `**${mdText(a.state)}**` : mdText(a.state),
            a.stateUpdatedTimestamp ? mdCell(a.stateUpdatedTimestamp) : "",
            mdText(
              a.metrics
                .map((m) =>
                  `${m.namespace ?? ""} ${m.metricName ?? ""} ${m.dimensions.map((d) => `${d.name}=${d.value}`).join(",")}`.trim(),
                )
                .join("; "),
            ),
          ]),
        ),
        "",
      );
  }
  if (s.accessLogs !== undefined) {
    out.push(
      s.accessLogs.length
        ? `**Access logs:** ${s.accessLogs.map((a) => `${mdCode(a.resourceId)} → ${mdCode(a.destinationArn ?? a.id)}`).join(", ")}`
        : "**Access logs:** none on the service or its networks.",
      "",
    );
  }
  if (s.targetHealth.length > 0) {
    out.push(
      ...table(
        ["target group", "targets", "by status", "reasons"],
        s.targetHealth.map((t) => [
          `${mdText(t.name)} (${mdCode(t.targetGroupId)})`,
          String(t.total),
          mdText(
            Object.entries(t.byStatus)
              .map(([k, n]) => `${n} ${k}`)
              .join(", "),
          ),
          mdText(t.byReason.map((r) => `${r.status} ${r.reasonCode} ×${r.count}`).join(", ")),
        ]),
      ),
      "",
    );
  }
  if (s.inferredSymptom) {
    out.push(
      `**Symptom:** ${mdText(s.inferredSymptom.symptom)}, ${mdText(s.inferredSymptom.reason)}; findings are ranked for it.`,
      "",
    );
  }
  return out;
}

/** `--as`: the request and each layer's answer, as a table. */
function renderAuth(auth: NonNullable<Report["auth"]>): string[] {
  const r = auth.request;
  const what = r.method ? `${r.method} ${r.path ?? "/"}` : r.action;
  const rows: string[][] = [
    [
      "identity",
      auth.identity.principalArn ? mdCell(auth.identity.principalArn) : "",
      mdText(auth.identity.decision),
      mdText(auth.identity.reason),
    ],
    ...auth.layers.map((l) => [
      mdText(l.layer),
      `${l.name ? `${mdText(l.name)} ` : ""}${mdCode(l.id)}`,
      mdText(l.decision),
      mdText(l.reason),
    ]),
  ];
  const out = [
    `Caller ${mdCode(auth.principal)}: ${mdText(what)} on port ${r.port}${r.sourceVpc ? ` from ${mdCode(r.sourceVpc)}` : ""} (${mdCode(r.resource)}).`,
    "",
    ...table(["layer", "resource", "decision", "why"], rows),
    "",
  ];
  if (auth.inferredFrom) out.splice(1, 0, mdText(inferredLine(auth.inferredFrom)), "");
  if (r.unknown.length > 0) out.push(`Unknown to lattice doctor: ${r.unknown.map(mdCode).join(", ")}.`, "");
  return out;
}

/** `> **Replay** of … recorded …`: a replay is not a live run. */
function replayNote(report: Report): string[] {
  const replay = report.context.replay;
  if (!replay) return [];
  const when = replay.recordedAt ? `, recorded ${mdText(utc(replay.recordedAt))}` : "";
  return [`> **Replay** of the recording ${mdCode(replay.file)}${when}: not a live run.`, ""];
}

export function renderMarkdown(input: Report, options: MarkdownOptions = {}): string {
  const report = sanitizeReport(input);
  const { target } = report;
  const service = target.name ? `${mdText(target.name)} (${mdCode(target.id)})` : mdCode(target.id);
  const out = [
    `# lattice-doctor: ${service} is ${report.verdict}`,
    "",
    ...replayNote(report),
    `**${mdText(verdictLine(report))}**`,
    "",
    ...renderSummary(report),
    "",
    "## Findings",
    "",
  ];
  if (report.findings.length === 0) out.push("No findings.", "");
  report.findings.forEach((f, i) => out.push(...renderFinding(f, input.findings[i]?.evidence ?? [])));
  if (report.auth) out.push("## Auth", "", ...renderAuth(report.auth));
  out.push(...renderSignals(report));
  out.push("## Request path", "", ...renderTrace(report.trace));
  out.push("## Checks", "", ...renderChecks(report.checks));
  out.push("## Context", "", ...renderContext(report, options));
  return out.join("\n").replace(/\n+$/, "\n");
}
