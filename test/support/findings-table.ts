/**
 * README's findings table, rendered from the checks' metadata (code, name, default severity, hop,
 * the flag it needs, whether only a cross-account setup produces it): the table is written between
 * two markers by `npm run docs:table`, and test/readme-codes.test.ts fails when README is stale.
 */
import type { CheckMeta } from "../../src/core/check.js";

export const TABLE_START =
  "<!-- findings-table: generated from the checks' metadata by `npm run docs:table` -->";
export const TABLE_END = "<!-- /findings-table -->";

type TableMeta = Pick<CheckMeta, "code" | "name" | "severity" | "hop" | "requires" | "crossAccount">;

function nameCell(c: TableMeta): string {
  if (c.requires) return `${c.name} (with \`${c.requires}\`)`;
  return c.crossAccount ? `${c.name} (cross-account)` : c.name;
}

export function findingsTable(checks: readonly TableMeta[]): string {
  const rows = [...checks]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((c) => `| ${c.code} | ${nameCell(c)} | ${c.severity} | ${c.hop} |`);
  return ["| code | name | default severity | hop |", "|---|---|---|---|", ...rows].join("\n");
}

/** The README with its table (between the markers) replaced; throws when a marker is missing. */
export function withFindingsTable(readme: string, checks: readonly TableMeta[]): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start)
    throw new Error(`README.md: the markers ${TABLE_START} … ${TABLE_END} are missing`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${findingsTable(checks)}\n${readme.slice(end)}`;
}
