/**
 * One-off (issue 15): writes docs/findings/LAT-nnn.md from each check's `explain` text, then reads every
 * page back and fails unless parsing gives exactly the same strings. Run once, before the `explain`
 * blocks left the check modules:
 *   npx esbuild scripts/explain-pages-once.ts --bundle --platform=node --format=esm --outfile=/tmp/pages.mjs && node /tmp/pages.mjs
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { checks } from "../checks/index.js";
import { formatExplainPage, parseExplainPage, type Explanation } from "../src/render/explain-pages.js";

mkdirSync("docs/findings", { recursive: true });
let failed = 0;
for (const check of checks) {
  const explain = (check as unknown as { explain: Explanation }).explain;
  const file = `docs/findings/${check.code}.md`;
  writeFileSync(file, formatExplainPage(check, explain));
  const back = parseExplainPage(readFileSync(file, "utf8"));
  const same =
    back.code === check.code && back.name === check.name && isDeepStrictEqual(back.explanation, explain);
  if (!same) {
    failed++;
    console.error(`${file}: parsing it back does not give the check's explain text`);
  }
}
console.log(`${checks.length} pages written, ${failed} differ`);
process.exit(failed ? 1 : 0);
