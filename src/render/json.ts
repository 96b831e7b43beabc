/**
 * `--output json`: exactly one JSON document (cli.md, schemaVersion 1), 2-space indented, with a
 * trailing newline, keys in the order cli.md lists them whatever order the report was built in —
 * the order of the JSON Schema's properties (report/schema.ts), so it is written once.
 * Keys the contract does not list are kept after the listed ones (e.g. `location` from lint),
 * except `affects`, which is internal to ranking. No escaping is needed: JSON.stringify escapes
 * every control character below U+0020, so no raw ESC can reach the terminal of someone who cats it.
 */
import { reportSchema } from "../report/schema.js";
import type { Report } from "../report/types.js";

type Json = Record<string, unknown>;

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

/** The keys of the schema's object at `path` (`[]` steps into an array's items), in contract order. */
function keysAt(...path: string[]): string[] {
  let node = reportSchema as unknown as SchemaNode;
  for (const step of path) node = (step === "[]" ? node.items : node.properties?.[step]) ?? {};
  return Object.keys(node.properties ?? {});
}

const ORDER = {
  report: keysAt(),
  tool: keysAt("tool"),
  context: keysAt("context"),
  target: keysAt("target"),
  summary: keysAt("summary"),
  finding: keysAt("findings", "[]"),
  resource: keysAt("findings", "[]", "resource"),
  evidence: keysAt("findings", "[]", "evidence", "[]"),
  fix: keysAt("findings", "[]", "fix"),
  suppressed: keysAt("findings", "[]", "suppressed"),
  check: keysAt("checks", "[]"),
  trace: keysAt("trace", "[]"),
  calls: keysAt("calls"),
};

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
