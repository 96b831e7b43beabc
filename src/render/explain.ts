/**
 * `lattice explain`: offline pages built from each check's metadata (code, name, default severity,
 * hop) and its explain page (docs/findings/LAT-nnn.md: ./explain-pages.ts), the list of every code,
 * and "did you mean" suggestions for an unknown code.
 */
import type { Check } from "../core/check.js";
import { loadExplanation, type Explanation } from "./explain-pages.js";
import { paint } from "./color.js";
import { escapeControl } from "./sanitize.js";
import { byText } from "../core/util/collections.js";

const INDENT = "  ";

function block(text: string): string {
  return escapeControl(text.replace(/\s+$/, ""), { multiline: true })
    .split("\n")
    .map((line) => (line ? INDENT + line : line))
    .join("\n");
}

export function renderExplain(check: Check, explain: Explanation, options: { color: boolean }): string {
  const p = paint(options.color);
  const heading = (s: string): string => p.bold(s);
  const sections: [string, string][] = [
    ["What it means", explain.summary],
    ["Why it breaks traffic", explain.why],
    ["How to fix", explain.fix],
    ["Bad", explain.bad],
    ["Good", explain.good],
  ];
  const head = [
    `${p.bold(check.code)} ${check.name}`,
    `${INDENT}${p.dim("default severity")}  ${check.severity}`,
    `${INDENT}${p.dim("hop".padEnd("default severity".length))}  ${check.hop}`,
  ].join("\n");
  return [head, ...sections.map(([title, text]) => `${heading(title)}\n${block(text)}`)].join("\n\n") + "\n";
}

/** Every code with its name and one-line summary (from its page), aligned, sorted by code. */
export function renderExplainList(
  checks: readonly Check[],
  explanationOf: (code: string) => Explanation = loadExplanation,
): string {
  const sorted = [...checks].sort((a, b) => byText(a.code, b.code));
  const codeWidth = Math.max(0, ...sorted.map((c) => c.code.length));
  const nameWidth = Math.max(0, ...sorted.map((c) => c.name.length));
  return sorted
    .map(
      (c) =>
        `${c.code.padEnd(codeWidth)}  ${c.name.padEnd(nameWidth)}  ${explanationOf(c.code).summary.split("\n")[0]!.trim()}`,
    )
    .map((line) => escapeControl(line))
    .join("\n")
    .concat(sorted.length > 0 ? "\n" : "");
}

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

function codeNumber(code: string): number | undefined {
  const m = /^(?:lat)?[-_ ]?(\d{1,3})$/i.exec(code.trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * The n registered codes nearest an unknown one: by numeric distance when the input looks like
 * a code or a bare number (999 → the highest code first); otherwise by edit distance to the code or
 * the name, a name containing the input counting as nearest ("unhealthy" → every *-unhealthy code).
 * Ties go to the lower code.
 */
export function nearestCodes(input: string, checks: readonly Check[], n = 3): string[] {
  const number = codeNumber(input);
  const needle = input.trim().toLowerCase();
  const distance = (check: Check): number => {
    if (number !== undefined) {
      const own = codeNumber(check.code);
      return own === undefined ? Number.POSITIVE_INFINITY : Math.abs(own - number);
    }
    if (needle && check.name.includes(needle)) return 0;
    return Math.min(levenshtein(needle, check.code.toLowerCase()), levenshtein(needle, check.name));
  };
  return [...checks]
    .map((check) => ({ code: check.code, d: distance(check) }))
    .sort((a, b) => a.d - b.d || byText(a.code, b.code))
    .slice(0, n)
    .map((c) => c.code);
}

/** The exit-2 message: `unknown code <input>; did you mean <the nearest codes>?` */
export function unknownCodeMessage(input: string, checks: readonly Check[], n = 3): string {
  const near = nearestCodes(input, checks, n);
  const shown = escapeControl(input);
  return near.length > 0
    ? `unknown code ${shown}; did you mean ${near.join(", ")}?`
    : `unknown code ${shown}`;
}
