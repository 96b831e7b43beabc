/**
 * `defineCheck`: how a check module declares itself (one module per finding code, like an ESLint
 * rule: metadata + one pure function). The shapes live in src/core (shared with the engine, ranking
 * and renderers); they are re-exported here so a check imports one file. Checks import nothing but
 * this file, the topology types and small pure helpers: no SDK, no I/O, no clock.
 */
import type { Check } from "../src/core/check.js";

export * from "../src/core/finding.js";
export type * from "../src/core/check.js";

export function defineCheck(check: Check): Check {
  return check;
}
