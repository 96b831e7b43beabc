/**
 * `--output json`: exactly one JSON document (cli.md, schemaVersion 1), 2-space indented, with a
 * trailing newline, keys in the order cli.md lists them whatever order the report was built in.
 * Keys the contract does not list are kept after the listed ones (e.g. `location` from lint),
 * except `affects`, which is internal to ranking. No escaping is needed: JSON.stringify escapes
 * every control character below U+0020, so no raw ESC can reach the terminal of someone who cats it.
 */
import type { Report } from "../report/types.js";

type Json = Record<string, unknown>;

const ORDER = {
  report: [
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
    "signals",
  ],
  tool: ["name", "version"],
  context: ["region", "accountId", "callerArn", "profile", "endpoints"],
  target: ["input", "id", "arn", "name"],
  summary: ["critical", "error", "warning", "info", "passed", "skipped"],
  finding: [
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
    "suppressed",
    "location",
  ],
  resource: ["type", "id", "arn"],
  evidence: ["call", "observed"],
  fix: ["summary", "commands"],
  suppressed: ["by", "reason"],
  check: ["code", "status", "reason", "durationMs"],
  trace: ["hop", "status", "resource", "codes"],
  calls: ["total", "failed", "durationMs"],
} as const;

const INTERNAL = new Set(["affects"]);

function ordered(
  value: unknown,
  keys: readonly string[],
  nested: Record<string, (v: unknown) => unknown> = {},
): Json {
  const source = value as Json;
  const out: Json = {};
  const rest = Object.keys(source).filter((k) => !keys.includes(k) && !INTERNAL.has(k));
  for (const key of [...keys, ...rest]) {
    if (!(key in source) || source[key] === undefined) continue;
    const convert = nested[key];
    out[key] = convert ? convert(source[key]) : source[key];
  }
  return out;
}

const list = (f: (v: unknown) => unknown) => (v: unknown) => (Array.isArray(v) ? v.map(f) : v);

function finding(value: unknown): Json {
  return ordered(value, ORDER.finding, {
    resource: (v) => ordered(v, ORDER.resource),
    evidence: list((v) => ordered(v, ORDER.evidence)),
    fix: (v) => ordered(v, ORDER.fix),
    suppressed: (v) => ordered(v, ORDER.suppressed),
  });
}

/** The report with its keys in contract order (exported for the Markdown renderer and tests). */
export function canonicalReport(report: Report): Json {
  return ordered(report, ORDER.report, {
    tool: (v) => ordered(v, ORDER.tool),
    context: (v) => ordered(v, ORDER.context),
    target: (v) => ordered(v, ORDER.target),
    summary: (v) => ordered(v, ORDER.summary),
    findings: list(finding),
    checks: list((v) => ordered(v, ORDER.check)),
    trace: list((v) => ordered(v, ORDER.trace)),
    calls: (v) => ordered(v, ORDER.calls),
  });
}

export function renderJson(report: Report): string {
  return JSON.stringify(canonicalReport(report), null, 2) + "\n";
}
