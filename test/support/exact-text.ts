/** What every exact-text patch of the SDK (scripts/sdk-*-patch.mjs) must do to the file it patches. */
import { expect } from "vitest";

interface Replacement {
  from: string;
  to: string;
  marker: string;
}

/**
 * Every replacement applies to `original`, each `to` holds its marker (the bundle test looks for it)
 * and the SDK's file does not, and undoing the replacements gives the file back: nothing else changed.
 */
export function expectEveryReplacementApplied(
  original: string,
  patch: (source: string) => { contents: string; missing: string[] },
  replacements: readonly Replacement[],
): void {
  const { contents, missing } = patch(original);
  expect(missing).toEqual([]);
  for (const { from, to, marker } of replacements) {
    // The bundle test looks for the marker: it is the patch's, not the SDK's.
    expect(to).toContain(marker);
    expect(original).not.toContain(marker);
    // (An insertion keeps its anchor: its `to` holds its `from`.)
    if (!to.includes(from)) expect(contents).not.toContain(from);
    expect(contents).toContain(to);
  }
  let back = contents;
  for (const { from, to } of replacements) back = back.replace(to, () => from);
  expect(back).toBe(original);
}
