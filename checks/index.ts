/**
 * The registry: every check `lattice doctor` runs and `lattice explain` knows, in code order.
 * Adding a check = adding its module `checks/lat-NNN-<name>.ts` (with its test and doc page): the
 * list is generated from the directory (scripts/checks-registry.mjs → registry.gen.ts).
 */
import type { Check } from "./define.js";
import { discovered } from "./registry.gen.js";
import { byText } from "../src/core/util/collections.js";

export const checks: Check[] = [...discovered].sort((a, b) => byText(a.code, b.code));

/** The check for a code (`LAT-501`, case-insensitive, surrounding spaces ignored), or undefined. */
export function findCheck(code: string): Check | undefined {
  const wanted = code.trim().toUpperCase();
  return checks.find((c) => c.code === wanted);
}
