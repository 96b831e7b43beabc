/**
 * "Did you mean …?" for mistyped commands and options.
 *
 * Hand-written (a dozen lines): yargs keeps its Levenshtein internal (not in its package exports),
 * and its own recommendation covers commands only and blames every later flag. This is the optimal
 * string alignment distance, so a swapped pair of letters (`outptu`) costs one edit, not two.
 */

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate nearest to what was typed, when it is near enough to be a typo: at most two edits
 * (one for words of four letters or fewer), or the start of exactly one candidate (`doc` → doctor).
 */
export function nearest(typed: string, candidates: readonly string[]): string | undefined {
  const word = typed.toLowerCase();
  const limit = word.length <= 4 ? 1 : 2;
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(word, name.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { name, distance };
  }
  if (best) return best.name;
  const starts = candidates.filter((c) => word.length >= 2 && c.toLowerCase().startsWith(word));
  return starts.length === 1 ? starts[0] : undefined;
}
