/**
 * Which checks `lattice lint` runs, from each check's `lint` metadata (src/core/check.ts). A check
 * runs when its condition is decided by configuration alone; the others need live state (status,
 * health, registration, metrics, RAM shares) or the whole account (a listener or association may
 * live in another stack), and are reported once as not applicable — not as skipped, which would make
 * every lint run "incomplete" (exit 3) and drown the result in could-not-check noise.
 *
 * Decided per check rather than per topology part because one part mixes both kinds: `targets`
 * holds registrations (configuration) and their health (live state).
 */
import type { Check, LintInput, LintScope } from "../core/check.js";
import { byText } from "../core/util/collections.js";

/** The lint metadata of a check judged from the file. */
export type FileLint = Extract<LintScope, { judged: "file" }>;

/** A check lint judges from the file. */
export type FileCheck = Check & { lint: FileLint };

export function isFileJudged(check: Check): check is FileCheck {
  return check.lint.judged === "file";
}

/** The checks lint runs on a topology built around a service of the file, or on what no service reaches. */
export function lintChecks(checks: readonly Check[], hasService: boolean): FileCheck[] {
  return checks.filter(isFileJudged).filter((c) => hasService || c.lint.scope === "any");
}

/** The checks lint does not run, and why. */
export function notApplicable(checks: readonly Check[]): { code: string; reason: string }[] {
  return checks.flatMap((c) => (c.lint.judged === "live" ? [{ code: c.code, reason: c.lint.reason }] : []));
}

/** Whether an unknown value of `input` leaves `check` inconclusive. */
export function reads(check: Check, input: LintInput): boolean {
  return check.lint.judged === "file" && check.lint.reads.includes(input);
}

/** The codes of the checks an unknown value of `input` leaves inconclusive, in code order. */
export function readersOf(checks: readonly Check[], input: LintInput): string[] {
  return checks
    .filter((c) => reads(c, input))
    .map((c) => c.code)
    .sort(byText);
}
