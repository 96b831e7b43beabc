/**
 * The README's findings table is what on-call engineers skim: it must list every registered code with
 * its name, default severity and hop, and nothing else.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checks } from "../checks/index.js";

const README = readFileSync(new URL("../README.md", import.meta.url), "utf8");

function tableRows(): { code: string; name: string; severity: string; hop: string }[] {
  return README.split("\n")
    .filter((l) => /^\| LAT-\d{3} \|/.test(l))
    .map((l) => {
      const [code, name, severity, hop] = l
        .split("|")
        .slice(1, 5)
        .map((c) => c.trim());
      // "principal-denied (with `--as`)" → "principal-denied"
      return { code: code!, name: name!.split(" ")[0]!, severity: severity!, hop: hop! };
    });
}

describe("README findings table", () => {
  it("lists every registered check once, in code order, with its metadata", () => {
    const rows = tableRows();
    expect(rows.map((r) => r.code)).toEqual(checks.map((c) => c.code).sort());
    for (const check of checks) {
      const row = rows.find((r) => r.code === check.code)!;
      expect({ code: row.code, name: row.name, severity: row.severity }).toEqual({
        code: check.code,
        name: check.name,
        severity: check.severity,
      });
    }
  });
});
