/**
 * Fitting text to a terminal's width, for the text report when it goes to a terminal.
 *
 * Hand-written rather than wrap-ansi (ink's dependency, not ours): what is wrapped here is our own
 * text cut into tokens we choose — words of prose, whole `key=value` pairs of evidence — and a token
 * is never split. A token wider than the line stays whole (the terminal soft-wraps it, and a copy of
 * it keeps it whole), which is what a command or an ARN needs; wrap-ansi's hard mode would cut it.
 * Widths are counted in code points without SGR sequences: every glyph we print is one column wide.
 */

// eslint-disable-next-line no-control-regex
const SGR = /\x1b\[[0-9;]*m/g;

/** Columns the text takes: SGR colour sequences take none. */
export function visibleLength(text: string): number {
  return [...text.replace(SGR, "")].length;
}

/**
 * Greedy fill: tokens joined by one space into lines of at most `width` columns, the first line
 * after `first`, the others after `rest` (a hanging indent). Without a width: one line.
 */
export function fill(
  tokens: readonly string[],
  width: number | undefined,
  first: string,
  rest: string,
): string[] {
  if (tokens.length === 0) return [first.trimEnd()];
  if (width === undefined) return [first + tokens.join(" ")];
  const lines: string[] = [];
  let line = first;
  let used = visibleLength(first);
  // Nothing placed after the prefix yet: a labelled first line may still break before its first token.
  let fresh = true;
  for (const token of tokens) {
    const size = visibleLength(token);
    const sep = fresh ? 0 : 1;
    const breakable = !fresh || first.trim() !== "";
    if (breakable && used + sep + size > width) {
      lines.push(line.trimEnd());
      line = rest + token;
      used = visibleLength(rest) + size;
      fresh = false;
      continue;
    }
    line += fresh ? token : ` ${token}`;
    used += sep + size;
    fresh = false;
  }
  lines.push(line);
  return lines;
}

/** Prose (may hold line breaks) as words filled to the width, each paragraph after `rest`. */
export function fillProse(text: string, width: number | undefined, first: string, rest: string): string[] {
  return text
    .split("\n")
    .flatMap((paragraph, i) =>
      fill(paragraph.split(" ").filter(Boolean), width, i === 0 ? first : rest, rest),
    );
}

/** Plain (uncoloured) text cut to `width` columns, ending in `…` when cut. */
export function truncate(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  return `${chars.slice(0, Math.max(0, width - 1)).join("")}…`;
}

/** A line that is not a command, filled to the width at its spaces, continued under its indent + 2. */
export function wrapLine(line: string, width: number | undefined): string[] {
  if (width === undefined || visibleLength(line) <= width) return [line];
  const indent = /^ */.exec(line)![0];
  return fill(line.slice(indent.length).split(" "), width, indent, `${indent}  `);
}
