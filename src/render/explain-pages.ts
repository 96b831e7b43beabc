/**
 * The explain pages: docs/findings/LAT-nnn.md, one per check, shipped with the package (`files`).
 * `lattice explain` and the SARIF rules read them; nothing else does, so a doctor run never touches
 * them (they are read on first use, then cached).
 *
 * A page is plain Markdown with a fixed outline (`# CODE name`, then the sections What it means, Why
 * it breaks traffic, How to fix, Bad, Good). Each section's text is a list of lines: prose lines are
 * paragraphs, indented example lines (two spaces) are fenced code blocks (`sh` after a CLI label, `hcl`
 * after a Terraform one). Parsing undoes exactly that (the terminal page indents the examples again),
 * and `formatExplainPage` writes the same file back: test/render/explain-pages.test.ts holds every
 * page to that round trip. The outline is ours, so a 60-line reader here beats a Markdown library
 * (which would also need its output mapped back to these strings).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface Explanation {
  /** One line: what the code means. */
  summary: string;
  /** Why it breaks traffic. */
  why: string;
  /** How to fix it. */
  fix: string;
  /** A bad configuration (CLI and Terraform). */
  bad: string;
  /** The good configuration (CLI and Terraform). */
  good: string;
}

/** The sections of a page, in order, and the field each holds. */
export const PAGE_SECTIONS: readonly (readonly [string, keyof Explanation])[] = [
  ["What it means", "summary"],
  ["Why it breaks traffic", "why"],
  ["How to fix", "fix"],
  ["Bad", "bad"],
  ["Good", "good"],
];

const CODE_INDENT = "  ";
const FENCE = "```";
/** Escaped in prose (outside `code spans`) so the page renders as the text reads: <region>, vpc-lattice:*, ~2 min. */
const ESCAPED = /[\\*<~]/g;

function mapOutsideCodeSpans(line: string, f: (text: string) => string): string {
  return line
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : f(part)))
    .join("");
}

const escapeProse = (line: string): string =>
  mapOutsideCodeSpans(line, (s) => s.replace(ESCAPED, (c) => `\\${c}`));
const unescapeProse = (line: string): string =>
  mapOutsideCodeSpans(line, (s) => s.replace(/\\([\\*<~])/g, "$1"));

/** One section's text as Markdown blocks: a paragraph per prose line, a fence per run of example lines. */
function sectionMarkdown(text: string): string {
  const blocks: string[] = [];
  let language = "sh";
  let code: string[] = [];
  const flush = (): void => {
    if (code.length > 0) blocks.push([FENCE + language, ...code, FENCE].join("\n"));
    code = [];
  };
  for (const line of text.split("\n")) {
    if (line.startsWith(CODE_INDENT)) {
      code.push(line.slice(CODE_INDENT.length));
      continue;
    }
    flush();
    language = /^Terraform\b/.test(line) ? "hcl" : "sh";
    blocks.push(escapeProse(line));
  }
  flush();
  return blocks.join("\n\n");
}

/** The page for a check: what docs/findings/<code>.md holds. */
export function formatExplainPage(check: { code: string; name: string }, explanation: Explanation): string {
  const sections = PAGE_SECTIONS.map(([title, key]) => `## ${title}\n\n${sectionMarkdown(explanation[key])}`);
  return [`# ${check.code} ${check.name}`, ...sections].join("\n\n") + "\n";
}

function sectionText(markdown: string): string {
  const lines: string[] = [];
  let inFence = false;
  for (const line of markdown.split("\n")) {
    if (line.startsWith(FENCE)) inFence = !inFence;
    else if (inFence) lines.push(CODE_INDENT + line);
    else if (line !== "") lines.push(unescapeProse(line));
  }
  if (inFence) throw new Error("a code block is not closed");
  return lines.join("\n");
}

/** A page's heading (`# LAT-501 target-sg-blocks-lattice`) and its sections; throws on a page out of shape. */
export function parseExplainPage(markdown: string): { code: string; name: string; explanation: Explanation } {
  const head = /^# (LAT-\d{3}) (\S+)\n/.exec(markdown);
  if (!head) throw new Error("the page does not start with '# LAT-nnn name'");
  // Split at the section headings, never inside a code block.
  const parts: { title: string; body: string[] }[] = [];
  let inFence = false;
  for (const line of markdown.slice(head[0].length).split("\n")) {
    if (line.startsWith(FENCE)) inFence = !inFence;
    const title = !inFence && /^## (.+)$/.exec(line)?.[1];
    if (title) parts.push({ title, body: [] });
    else if (parts.length > 0) parts.at(-1)!.body.push(line);
    else if (line.trim() !== "") throw new Error(`text before the first section: ${line}`);
  }
  const titles = parts.map((p) => p.title);
  const expected = PAGE_SECTIONS.map(([title]) => title);
  if (titles.join("|") !== expected.join("|")) {
    throw new Error(`sections ${titles.join(", ") || "(none)"}; expected ${expected.join(", ")}`);
  }
  const explanation = Object.fromEntries(
    PAGE_SECTIONS.map(([, key], i) => [key, sectionText(parts[i]!.body.join("\n"))]),
  ) as unknown as Explanation;
  return { code: head[1]!, name: head[2]!, explanation };
}

/**
 * docs/findings in the package: found by walking up from this module to lattice-doctor's package.json,
 * so it works from the sources (vitest), from tsc's dist/src/… and from the bundle's dist/bundle/chunks/….
 */
export function findingPagesDir(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && /"name":\s*"lattice-doctor"/.test(readFileSync(manifest, "utf8"))) {
      return join(dir, "docs", "findings");
    }
    if (dirname(dir) === dir) throw new Error(`lattice-doctor's package.json not found above ${from}`);
  }
}

const cache = new Map<string, Explanation>();

/** The explanation of a code, from its page (read once). Throws, naming the file, when it is missing or out of shape. */
export function loadExplanation(code: string, dir: string = findingPagesDir()): Explanation {
  const file = join(dir, `${code}.md`);
  const cached = cache.get(file);
  if (cached) return cached;
  let page: ReturnType<typeof parseExplainPage>;
  try {
    page = parseExplainPage(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`explain page ${file}: ${(error as Error).message}`, { cause: error });
  }
  if (page.code !== code) throw new Error(`explain page ${file} is headed ${page.code}, not ${code}`);
  cache.set(file, page.explanation);
  return page.explanation;
}
