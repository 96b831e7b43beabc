/**
 * The plain-text report, for terminals and pipes (style of `linkerd check` and istioctl):
 *
 *   header (service, region, account, caller, profile, endpoint overrides, the recording of a replay)
 *   findings in rank order: glyph severity code title / why / evidence / fix + commands / docs
 *   live signals, passed and skipped checks (a count; each one with -v), the call statistics
 *   the request path hop by hop (--trace)
 *   the answer, last so that it is what a terminal shows when the run ends: the root causes (at
 *   most three findings nothing else caused, in rank order), one line each with its fix command,
 *   then the verdict line naming the top cause
 *
 * With a width (a terminal), prose and evidence are filled to it; commands never are, so a copy of
 * one is whole. Evidence is `key=value` lines; the raw objects only with -v (evidence.ts).
 *
 * Every string from the report is escaped (sanitize.ts) before any colour is added.
 */
import type { Evidence, Finding, Severity } from "../core/finding.js";
import type { CheckResult, Report, TraceHop } from "../report/types.js";
import { paint, type Painter } from "./color.js";
import { escapeControl, sanitizeReport } from "./sanitize.js";
import { renderSignalLines } from "./signals.js";
import { renderAuthLines } from "./auth.js";
import { evidenceLines, formatEvidence } from "./evidence.js";
import { fill, fillProse, truncate, visibleLength, wrapLine } from "./layout.js";

export { formatEvidence };

export interface TextOptions {
  color: boolean;
  verbose: boolean;
  trace: boolean;
  /** The terminal's columns: prose and evidence are filled to it. Absent when piped. */
  width?: number;
}

/** Width the root-cause lines are cut to when the output's width is not known (a pipe, a file). */
export const DEFAULT_WIDTH = 80;
/** Most root causes in the final block. */
export const MAX_CAUSES = 3;

export const GLYPH = {
  ok: "✔",
  warn: "‼",
  fail: "×",
  blocked: "✖",
  info: "ℹ",
  unknown: "?",
  /** Not applicable: the run did not give the flag the check judges. */
  none: "–",
} as const;

const INDENT = "    ";
const SUB_INDENT = "      ";

export function severityGlyph(severity: Severity): string {
  if (severity === "critical" || severity === "error") return GLYPH.fail;
  if (severity === "warning") return GLYPH.warn;
  return GLYPH.info;
}

export function severityStyle(severity: Severity, p: Painter): (s: string) => string {
  if (severity === "critical") return (s) => p.bold(p.red(s));
  if (severity === "error") return p.red;
  if (severity === "warning") return p.yellow;
  return p.cyan;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `850 ms`, `1.3 s`, `<1 ms`. */
export function formatDuration(ms: number): string {
  if (ms < 1) return "<1 ms";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** `i-… in vpc-… (account …), 10.20.1.15, sg-…`: the --from client as resolved. */
export function clientLine(c: NonNullable<Report["context"]["client"]>): string {
  const where = c.vpcId && c.vpcId !== c.input ? ` in ${c.vpcId}` : "";
  const owner = c.ownerAccountId ? ` (account ${c.ownerAccountId})` : "";
  const extra = [c.privateIpAddress, ...c.securityGroupIds.filter((g) => g !== c.input)].filter(Boolean);
  return `${c.input}${where}${owner}${extra.length ? `, ${extra.join(", ")}` : ""}`;
}

function renderHeader(report: Report, p: Painter): string[] {
  const { target, context } = report;
  const title = target.name ? `${target.name} (${target.id})` : target.id;
  const rows: [string, string][] = [["region", context.region]];
  if (context.accountId) rows.push(["account", context.accountId]);
  if (context.callerArn) rows.push(["caller", context.callerArn]);
  if (context.profile) rows.push(["profile", context.profile]);
  for (const r of context.readers?.slice(1) ?? [])
    rows.push(["also", `${r.label}${r.accountId ? ` (account ${r.accountId})` : " (unusable)"}`]);
  if (context.client) rows.push(["client", clientLine(context.client)]);
  for (const [service, url] of Object.entries(context.endpoints))
    rows.push(["endpoint", `${service}=${url}`]);
  if (context.replay) rows.push(["replay", p.yellow(replayText(context.replay))]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return [p.bold(title), ...rows.map(([k, v]) => `  ${p.dim(k.padEnd(width))}  ${v}`)];
}

/** `fixtures/…json, recorded 2025-11-28 09:30 UTC — not a live run`. */
export function replayText(replay: NonNullable<Report["context"]["replay"]>): string {
  const when = replay.recordedAt ? `, recorded ${utc(replay.recordedAt)}` : "";
  return `${replay.file}${when} — not a live run`;
}

/** `2025-11-28 09:30 UTC` from an ISO 8601 time; the text as given when it is not one. */
export function utc(iso: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(:\d\d)?(\.\d+)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/**
 * `f` is the sanitised finding; `rawEvidence` the evidence as observed, which evidence.ts quotes
 * (JSON) and escapes itself: escaping it twice would show `\\x1b`.
 */
function renderFinding(
  f: Finding,
  rawEvidence: readonly Evidence[],
  p: Painter,
  options: Pick<TextOptions, "verbose" | "width">,
): string[] {
  const { verbose, width } = options;
  const severity = `${severityGlyph(f.severity)} ${f.severity}`;
  const pad = " ".repeat(Math.max(0, 8 - f.severity.length));
  // A suppressed finding is shown greyed out, in one style: it is not part of the verdict.
  const head = f.suppressed
    ? p.dim(`${severity}${pad} ${f.code} ${f.title}`)
    : `${severityStyle(f.severity, p)(severity)}${pad} ${p.bold(f.code)} ${f.title}`;
  const lines = fill(head.split(" "), width, "", " ".repeat(12 + f.code.length));
  const label = (s: string): string => p.dim(s);
  if (f.suppressed)
    lines.push(`${INDENT}${p.gray(`[suppressed by ${f.suppressed.by} — ${f.suppressed.reason}]`)}`);
  if (f.causedBy) lines.push(`${INDENT}${label("caused by")} ${p.bold(f.causedBy)}`);
  if (f.suppressed && !verbose) {
    lines.push(`${INDENT}${label("docs:")} ${f.docs}`);
    return lines;
  }
  const hang = INDENT + "     ";
  lines.push(`${INDENT}${label("resource:")} ${f.resource.type} ${f.resource.id}`);
  lines.push(...fillProse(f.detail, width, `${INDENT}${label("why:")} `, hang));
  if (rawEvidence.length > 0) {
    lines.push(`${INDENT}${label("evidence:")}`);
    for (const e of rawEvidence) {
      for (const { label: key, pairs } of evidenceLines(e, verbose)) {
        const first = key ? `${SUB_INDENT}  ${p.dim(key)} ` : `${SUB_INDENT}${escapeControl(e.call)} `;
        const rest = key ? `${SUB_INDENT}    ` : `${SUB_INDENT}  `;
        lines.push(...fill(pairs, width, first, rest).map((l) => l.trimEnd()));
      }
    }
  }
  lines.push(...fillProse(f.fix.summary, width, `${INDENT}${label("fix:")} `, hang));
  for (const command of f.fix.commands) lines.push(`${SUB_INDENT}${p.cyan(command)}`);
  lines.push(`${INDENT}${label("docs:")} ${f.docs}`);
  return lines;
}

/**
 * "6 not applicable without --as, --from" for the checks the run did not give a flag for
 * (CheckMeta.requires); "" when there are none. They are neither passed nor skipped.
 */
export function notApplicableText(checks: readonly CheckResult[]): string {
  const na = checks.filter((c) => c.status === "not-applicable");
  if (na.length === 0) return "";
  const flags = na.flatMap((c) => /^not applicable without (--\S+)$/.exec(c.reason ?? "")?.slice(1) ?? []);
  return `${na.length} not applicable${flags.length ? ` without ${[...new Set(flags)].join(", ")}` : ""}`;
}

export function renderChecks(checks: readonly CheckResult[], p: Painter, verbose: boolean): string[] {
  const passed = checks.filter((c) => c.status === "pass");
  const skipped = checks.filter((c) => c.status === "skip");
  const notApplicable = checks.filter((c) => c.status === "not-applicable");
  const lines: string[] = [];
  if (!verbose) {
    if (passed.length > 0) lines.push(`${p.green(GLYPH.ok)} ${plural(passed.length, "check")} passed`);
    if (notApplicable.length > 0) lines.push(`${p.gray(GLYPH.none)} ${notApplicableText(notApplicable)}`);
    if (skipped.length > 0) {
      lines.push(
        `${p.yellow(GLYPH.unknown)} ${plural(skipped.length, "check")} skipped: ${skipped.map((c) => c.code).join(", ")} (-v for reasons)`,
      );
    }
    return lines;
  }
  const glyphs: Partial<Record<CheckResult["status"], string>> = {
    pass: p.green(GLYPH.ok),
    "not-applicable": p.gray(GLYPH.none),
    skip: p.yellow(GLYPH.unknown),
  };
  for (const c of [...passed, ...notApplicable, ...skipped]) {
    const extra = [c.durationMs !== undefined ? p.gray(formatDuration(c.durationMs)) : "", c.reason ?? ""]
      .filter(Boolean)
      .join("  ");
    lines.push(`${glyphs[c.status] ?? ""} ${c.code}  ${c.status}${extra ? `  ${extra}` : ""}`);
  }
  return lines;
}

function traceGlyph(status: TraceHop["status"], p: Painter): string {
  switch (status) {
    case "ok":
      return p.green(GLYPH.ok);
    case "fail":
      return p.red(GLYPH.fail);
    case "warn":
      return p.yellow(GLYPH.warn);
    default:
      return p.gray(GLYPH.unknown);
  }
}

/** Owner accounts are shown when the path spans several accounts, readers when several credentials read it. */
export function traceAccountsShown(trace: readonly TraceHop[]): boolean {
  return new Set(trace.flatMap((h) => h.ownerAccountIds ?? [])).size > 1 || trace.some((h) => h.readBy);
}

function traceAccounts(h: TraceHop, p: Painter): string {
  const owner = h.ownerAccountIds?.length ? `account ${h.ownerAccountIds.join(", ")}` : "";
  const read = h.readBy?.length ? `read by ${h.readBy.join(", ")}` : "";
  const text = [owner, read].filter(Boolean).join("; ");
  return text ? `  ${p.dim(`[${text}]`)}` : "";
}

export function renderTrace(trace: readonly TraceHop[], p: Painter): string[] {
  if (trace.length === 0) return [];
  const width = Math.max(...trace.map((h) => h.hop.length));
  const accounts = traceAccountsShown(trace);
  return [
    p.bold("request path"),
    ...trace.map((h) => {
      const codes = h.codes?.length ? `  ${p.bold(h.codes.join(" "))}` : "";
      return `  ${traceGlyph(h.status, p)} ${h.hop.padEnd(width)}  ${h.resource}${codes}${accounts ? traceAccounts(h, p) : ""}`;
    }),
  ];
}

/**
 * The findings nothing else caused (no causedBy), not suppressed, in rank order: at most MAX_CAUSES.
 * When something fails now (critical or error), only those: a missing alarm (a warning) is not why
 * the call failed, and must not take the place of a cause on the last screen.
 */
export function rootCauses(report: Report): Finding[] {
  const roots = report.findings.filter((f) => !f.suppressed && !f.causedBy);
  const failing = roots.filter((f) => f.severity === "critical" || f.severity === "error");
  return (failing.length > 0 ? failing : roots).slice(0, MAX_CAUSES);
}

const VERDICT_CAUSE: Partial<Record<string, string>> = {
  blocked: "by",
  degraded: "by",
  "at-risk": "from",
};

/**
 * `✖ blocked by <code> (<name>): 2 critical, 1 warning — exit 1`; counts only
 * findings that are not suppressed. Given a width, the finding's name is left out when the line
 * would not fit in it.
 */
export function verdictLine(report: Report, p: Painter = paint(false), width?: number): string {
  const active = report.findings.filter((f) => !f.suppressed);
  const counts = (["critical", "error", "warning", "info"] as const)
    .map((s) => [s, active.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const parts = [counts.length > 0 ? counts.join(", ") : "no findings"];
  if (!report.complete) {
    const skipped = report.summary.skipped;
    if (report.verdict === "incomplete") {
      if (skipped > 0) parts.push(`${plural(skipped, "check")} skipped`);
    } else parts.push(skipped > 0 ? `incomplete (${plural(skipped, "check")} skipped)` : "incomplete");
  }
  const top = rootCauses(report)[0];
  const joiner = VERDICT_CAUSE[report.verdict];
  const tail = `: ${parts.join(", ")} — exit ${report.exitCode}`;
  let text = `${report.verdict}${tail}`;
  if (top && joiner) {
    const named = `${report.verdict} ${joiner} ${top.code} (${top.name})${tail}`;
    const bare = `${report.verdict} ${joiner} ${top.code}${tail}`;
    text = width !== undefined && visibleLength(named) + 2 > width ? bare : named;
  }
  switch (report.verdict) {
    case "blocked":
      return p.bold(p.red(`${GLYPH.blocked} ${text}`));
    case "degraded":
      return p.bold(p.red(`${GLYPH.warn} ${text}`));
    case "at-risk":
      return p.bold(p.yellow(`${GLYPH.warn} ${text}`));
    case "healthy":
      return p.bold(p.green(`${GLYPH.ok} ${text}`));
    default:
      // Incomplete is not a clean bill of health.
      return p.bold(p.yellow(`${GLYPH.warn} ${text}`));
  }
}

/**
 * The answer block: each root cause on one line (cut to the width) with its first fix command
 * under it, whole. Empty when nothing needs fixing.
 */
export function renderCauses(report: Report, p: Painter, width: number = DEFAULT_WIDTH): string[] {
  const causes = rootCauses(report);
  if (causes.length === 0) return [];
  const lines = [
    p.bold(causes.length === 1 ? "root cause" : `root causes (${causes.length}, fix in this order)`),
  ];
  causes.forEach((f, i) => {
    const lead = `${i + 1}. ${severityGlyph(f.severity)} ${f.code} `;
    const title = truncate(f.title, Math.max(10, width - 2 - lead.length));
    lines.push(
      `  ${severityStyle(f.severity, p)(lead.slice(0, -f.code.length - 1))}${p.bold(f.code)} ${title}`,
    );
    const command = f.fix.commands[0];
    lines.push(
      command
        ? `     ${p.cyan(command)}`
        : `     ${p.dim(truncate(f.fix.summary.split("\n")[0] ?? "", width - 5))}`,
    );
  });
  return lines;
}

export function callStats(calls: Report["calls"]): string {
  return `${plural(calls.total, "AWS call")}, ${calls.failed} failed, ${formatDuration(calls.durationMs)}`;
}

export function renderText(input: Report, options: TextOptions): string {
  const report = sanitizeReport(input);
  const p = paint(options.color);
  const wrap = (lines: string[]): string[] => lines.flatMap((l) => wrapLine(l, options.width));
  const blocks: string[][] = [wrap(renderHeader(report, p))];
  report.findings.forEach((f, i) => {
    blocks.push(renderFinding(f, input.findings[i]?.evidence ?? [], p, options));
  });
  const signals = renderSignalLines(report, p, options.width);
  if (signals.length > 0) blocks.push(wrap(signals));
  const checks = renderChecks(report.checks, p, options.verbose);
  blocks.push(wrap([...checks, p.gray(callStats(report.calls))]));
  if (report.auth) blocks.push(wrap(renderAuthLines(report.auth, p)));
  if (options.trace) {
    const trace = renderTrace(report.trace, p);
    if (trace.length > 0) blocks.push(wrap(trace));
  }
  const causes = renderCauses(report, p, options.width);
  if (causes.length > 0) blocks.push(causes);
  blocks.push([verdictLine(report, p, options.width)]);
  return blocks.map((b) => b.join("\n")).join("\n\n") + "\n";
}
