/**
 * Which checks `lattice lint` runs. A check runs when its condition is decided by configuration
 * alone; the others need live state (status, health, registration, metrics, RAM shares) or the
 * whole account (a listener or association may live in another stack), and are reported once as
 * not applicable — not as skipped, which would make every lint run "incomplete" (exit 3) and drown
 * the result in LAT-901-style noise.
 *
 * Decided per check rather than per topology part because one part mixes both kinds: `targets`
 * holds registrations (configuration) and their health (live state).
 */
import type { Check } from "../core/check.js";

/** Checks judged from the file, for a topology built around a service of the file. */
export const LINT_CODES: ReadonlySet<string> = new Set([
  "LAT-104",
  "LAT-105",
  "LAT-106",
  "LAT-107",
  "LAT-207",
  "LAT-305",
  "LAT-309",
  "LAT-401",
  "LAT-402",
  "LAT-404",
  "LAT-405",
  "LAT-408",
  "LAT-501",
  "LAT-502",
  "LAT-503",
  "LAT-504",
  "LAT-505",
]);

/** The subset that makes sense for what no service of the file reaches (networks, target groups alone). */
export const SERVICELESS_CODES: ReadonlySet<string> = new Set([
  "LAT-207",
  "LAT-305",
  "LAT-309",
  "LAT-401",
  "LAT-402",
  "LAT-404",
  "LAT-504",
]);

const LIVE_REASONS: Record<string, string> = {
  "LAT-101": "service status is live state",
  "LAT-102": "listeners may be defined in another stack",
  "LAT-103": "target groups may be defined in another stack",
  "LAT-201": "associations may be defined in another stack",
  "LAT-202": "association status is live state",
  "LAT-203": "consumers may be associated from other stacks or accounts",
  "LAT-204": "association status is live state",
  "LAT-301": "target health is live state",
  "LAT-302": "target health is live state",
  "LAT-303": "targets are often registered outside the file (ECS, Auto Scaling)",
  "LAT-304": "target status is live state",
  "LAT-306": "target-group status is live state",
  "LAT-307": "needs unhealthy targets (live state)",
  "LAT-308": "draining is live state",
  "LAT-406": "the service's networks may be defined in another stack",
  "LAT-407": "resource configurations may be associated from other stacks",
  "LAT-507": "network ACLs of the target subnets are not read by lint",
  "LAT-901": "lint makes no AWS calls",
};

export function notApplicableReason(code: string): string {
  return LIVE_REASONS[code] ?? "needs live state";
}

export function lintChecks(checks: readonly Check[], hasService: boolean): Check[] {
  const codes = hasService ? LINT_CODES : SERVICELESS_CODES;
  return checks.filter((c) => codes.has(c.code));
}
