/**
 * The plans of test/fixtures/lint/ci are generated from test/support/ci-plans.ts: this keeps the files
 * and the generator in step (UPDATE_GOLDEN=1 rewrites them), and checks they have the shape
 * `terraform show -json` writes.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ciPlan, type CiVariant } from "../support/ci-plans.js";

const VARIANTS: CiVariant[] = ["clean", "lat-501", "lat-104", "unknown-port"];
const ciPlanFile = (v: CiVariant) => `test/fixtures/lint/ci/payments-${v}.plan.json`;

describe("CI plan fixtures", () => {
  for (const v of VARIANTS) {
    it(`${ciPlanFile(v)} is what the generator writes, in terraform show -json's shape`, () => {
      const text = `${JSON.stringify(ciPlan(v), null, 2)}\n`;
      if (process.env.UPDATE_GOLDEN) writeFileSync(ciPlanFile(v), text);
      expect(readFileSync(ciPlanFile(v), "utf8")).toBe(text);
      const plan = JSON.parse(text) as Record<string, unknown>;
      expect(Object.keys(plan)).toEqual(
        expect.arrayContaining([
          "format_version",
          "terraform_version",
          "planned_values",
          "resource_changes",
          "configuration",
          "prior_state",
        ]),
      );
      for (const rc of plan.resource_changes as { change: Record<string, unknown> }[])
        expect(Object.keys(rc.change).sort()).toEqual(
          ["actions", "after", "after_sensitive", "after_unknown", "before", "before_sensitive"].sort(),
        );
    });
  }
});
