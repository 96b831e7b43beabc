/**
 * What lint runs, where it locates a finding and what an unknown value leaves inconclusive all come
 * from each check's `lint` metadata: a throwaway check, registered only here, proves it without a
 * table to edit.
 */
import { describe, expect, it } from "vitest";
import type { Check, LintScope } from "../../src/core/check.js";
import { readLintFile, runLint } from "../../src/lint/run.js";
import { ciPlan } from "../support/ci-plans.js";

/** Finds every listener of the service: what it reads decides whether an unknown port hides it. */
function throwaway(lint: LintScope): Check {
  return {
    code: "LAT-990",
    name: "every-listener",
    severity: "warning",
    hop: "listener",
    needs: ["listeners"],
    lint,
    run: (topology) =>
      topology.listeners.map((l) => ({
        title: `listener ${l.name} on port ${l.port}`,
        detail: "",
        resource: { type: "listener", id: l.id },
        evidence: [],
        fix: { summary: "", commands: [] },
      })),
  };
}

const lint = (check: Check, variant: "clean" | "unknown-port") =>
  runLint([readLintFile(JSON.stringify(ciPlan(variant)), "plan.json", {})], [check], {
    failOn: "error",
    toolVersion: "test",
  });

describe("lint applicability derives from the check's metadata", () => {
  it("a check that reads the listener port is inconclusive where the port is unknown", () => {
    const report = lint(
      throwaway({ judged: "file", scope: "service", reads: ["listener.port"] }),
      "unknown-port",
    );
    expect(report.findings).toEqual([]);
    expect(report.inconclusive.map((i) => [i.codes, i.attribute])).toEqual([[["LAT-990"], "port"]]);
    expect(report.checks).toEqual([expect.objectContaining({ code: "LAT-990", status: "pass" })]);
  });

  it("one that does not read it judges the listener all the same", () => {
    const report = lint(
      throwaway({ judged: "file", scope: "service", reads: ["listener.protocol"] }),
      "unknown-port",
    );
    expect(report.findings.map((f) => f.code)).toEqual(["LAT-990"]);
    expect(report.inconclusive).toEqual([]);
  });

  it("a known port leaves nothing inconclusive", () => {
    const report = lint(throwaway({ judged: "file", scope: "service", reads: ["listener.port"] }), "clean");
    expect(report.findings.map((f) => f.title)).toEqual(["listener https on port 443"]);
    expect(report.inconclusive).toEqual([]);
  });

  it("a check judged live is listed not applicable, with its reason, and not run", () => {
    const report = lint(throwaway({ judged: "live", reason: "listener health is live state" }), "clean");
    expect(report.findings).toEqual([]);
    expect(report.checks).toEqual([]);
    expect(report.notApplicable).toEqual([{ code: "LAT-990", reason: "listener health is live state" }]);
  });
});
