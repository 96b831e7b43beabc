/**
 * The registry: every check `lattice doctor` runs and `lattice explain` knows, in code order.
 * Adding a check = one module + one line here.
 */
import type { Check } from "./define.js";
import lat201 from "./lat-201-service-not-in-any-network.js";
import lat301 from "./lat-301-all-targets-unhealthy.js";
import lat401 from "./lat-401-iam-auth-without-policy.js";
import lat501 from "./lat-501-target-sg-blocks-lattice.js";
import lat901 from "./lat-901-could-not-check.js";

export const checks: Check[] = [lat201, lat301, lat401, lat501, lat901];

/** The check for a code (`LAT-501`, case-insensitive, surrounding spaces ignored), or undefined. */
export function findCheck(code: string): Check | undefined {
  const wanted = code.trim().toUpperCase();
  return checks.find((c) => c.code === wanted);
}
