/**
 * Text that came from AWS (names, tags, policy text, error messages) is untrusted: a service named
 * `orders\x1b[2J` must not clear the on-call engineer's screen. Everything a text or Markdown renderer
 * prints from a Report goes through `escapeControl` first; colour is added afterwards, by us.
 *
 * Escaped: C0 controls (U+0000–U+001F, including ESC, and \n, \t, \r in single-line fields), DEL,
 * C1 controls (U+0080–U+009F, e.g. the 8-bit CSI U+009B), and the Unicode line/paragraph separators
 * and bidirectional overrides/isolates (U+2028, U+2029, U+202A–U+202E, U+2066–U+2069), which can make
 * a printed line lie about its content. Backslashes are left alone (policy text and paths use them).
 *
 * JSON output needs none of this: JSON.stringify escapes every C0 control character, and the JSON
 * consumer decides how to print the strings.
 */
import type { Report } from "../report/types.js";

export interface EscapeOptions {
  /** Keep \n and \t (prose such as a finding's detail); \r and every other control are still escaped. */
  multiline?: boolean;
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, "0");
}

function replacement(code: number, multiline: boolean): string | undefined {
  if (code < 0x20) {
    if (multiline && (code === 0x0a || code === 0x09)) return undefined;
    if (code === 0x0a) return "\\n";
    if (code === 0x09) return "\\t";
    if (code === 0x0d) return "\\r";
    return `\\x${hex(code, 2)}`;
  }
  if (code === 0x7f) return "\\x7f";
  if (code >= 0x80 && code <= 0x9f) return `\\u${hex(code, 4)}`;
  if (
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  ) {
    return `\\u${hex(code, 4)}`;
  }
  return undefined;
}

/** Escapes control characters so that the text prints literally: ESC → `\x1b`, newline → `\n`, U+009B → `\u009b`. */
export function escapeControl(text: string, options: EscapeOptions = {}): string {
  const multiline = options.multiline === true;
  let out = "";
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code < 0x7f) continue;
    const rep = replacement(code, multiline);
    if (rep === undefined) continue;
    out += text.slice(start, i) + rep;
    start = i + 1;
  }
  return start === 0 ? text : out + text.slice(start);
}

/** Escapes every string, and every object key, in a JSON-like value (arrays, plain objects). */
export function sanitizeDeep<T>(value: T, options: EscapeOptions = {}): T {
  if (typeof value === "string") return escapeControl(value, options) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => sanitizeDeep(v, options)) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[escapeControl(k, options)] = sanitizeDeep(v, options);
    return out as T;
  }
  return value;
}

/**
 * A copy of the report with every string escaped, for the text and Markdown renderers. A finding's
 * `detail` and `fix.summary` are prose and may hold line breaks: they keep \n and \t. Everything
 * else (names, ids, titles, commands, evidence) is single-line: a newline in a fix command would
 * run half a command when pasted, so it is shown as `\n`.
 */
export function sanitizeReport(report: Report): Report {
  const safe = sanitizeDeep(report);
  return {
    ...safe,
    findings: safe.findings.map((f, i) => {
      const original = report.findings[i]!;
      return {
        ...f,
        detail: escapeControl(original.detail, { multiline: true }),
        fix: { ...f.fix, summary: escapeControl(original.fix.summary, { multiline: true }) },
      };
    }),
  };
}
