/**
 * The README's findings table is what on-call engineers skim: it is rendered from the registry's
 * metadata (test/support/findings-table.ts), so it lists every registered code with its name, default
 * severity and hop, and nothing else. `npm run docs:table` (UPDATE_README=1) rewrites it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checks } from "../checks/index.js";
import { withFindingsTable } from "./support/findings-table.js";

const PATH = new URL("../README.md", import.meta.url);

describe("README findings table", () => {
  it("is the registry's table (npm run docs:table rewrites it)", () => {
    const readme = readFileSync(PATH, "utf8");
    const expected = withFindingsTable(readme, checks);
    if (process.env.UPDATE_README) writeFileSync(PATH, expected);
    else expect(readme, "README.md is stale: run npm run docs:table").toBe(expected);
  });

  it("has one row per registered code, in code order", () => {
    const rows = readFileSync(PATH, "utf8")
      .split("\n")
      .filter((l) => /^\| LAT-\d{3} \|/.test(l))
      .map((l) => l.split("|")[1]!.trim());
    expect(rows).toEqual(checks.map((c) => c.code));
  });
});
