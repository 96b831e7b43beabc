/**
 * Adding a check touches its module, its test and its doc page: this registers a throwaway check
 * (a module and its doc page written to a temporary directory, found by the same generator that builds the registry
 * from checks/) and shows that every stage that used to keep a table of codes — ranking (causes,
 * the symptom order, the --error layer), the inferred symptom, incompleteness, lint's applicability,
 * explain and README's table — picks it up from its metadata alone.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checks } from "../../checks/index.js";
import { checkModules, writeRegistry } from "../../scripts/checks-registry.mjs";
import type { Check } from "../../src/core/check.js";
import type { Finding } from "../../src/core/finding.js";
import { runChecks } from "../../src/engine/run-checks.js";
import { lintChecks } from "../../src/lint/applicable.js";
import { inferSymptom } from "../../src/rank/infer-symptom.js";
import { rank } from "../../src/rank/rank.js";
import { renderExplain, renderExplainList } from "../../src/render/explain.js";
import { formatExplainPage, loadExplanation } from "../../src/render/explain-pages.js";
import { buildReport } from "../../src/report/build.js";
import { findingsTable } from "../support/findings-table.js";
import { IDS, target, targetGroup, targetGroups, topology } from "../support/topology.js";

const DEFINE = join(import.meta.dirname, "../../checks/define.ts");

/** A check no table anywhere knows: every fact about it is in its metadata. */
const MODULE = `
import { defineCheck } from ${JSON.stringify(DEFINE)};
export default defineCheck({
  code: "LAT-998",
  name: "throwaway-probe",
  severity: "error",
  hop: "targets",
  causes: ["LAT-301"],
  symptoms: ["404"],
  denial: "identity",
  incomplete: true,
  observedSymptoms: (finding) => [{ symptom: "404", count: finding.evidence.length * 7, source: "ThrowawayCount" }],
  lint: { judged: "file", scope: "any" },
  needs: ["targetGroups"],
  run(topology) {
    return Object.values(topology.targetGroups).map((tg) => ({
      title: "throwaway finding on " + tg.id,
      detail: "flagged by the throwaway check",
      resource: { type: "target-group", id: tg.id },
      evidence: [{ call: "vpc-lattice:GetTargetGroup", observed: { id: tg.id } }],
      fix: { summary: "none", commands: [] },
      affects: [tg.id],
    }));
  },
});
`;

/** Its doc page, the third file: what `lattice explain LAT-998` prints. */
const PAGE = formatExplainPage(
  { code: "LAT-998", name: "throwaway-probe" },
  {
    summary: "A throwaway check registered by a test: it flags every target group.",
    why: "It proves that a check's metadata is all the other stages need to know about it.",
    fix: "Delete the temporary module; nothing else refers to it.",
    bad: "aws vpc-lattice list-target-groups   # any target group at all",
    good: "aws vpc-lattice list-target-groups   # none",
  },
);

let dir: string;
let throwaway: Check;
let registry: Check[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "lattice-throwaway-"));
  writeFileSync(join(dir, "lat-998-throwaway-probe.ts"), MODULE);
  writeFileSync(join(dir, "LAT-998.md"), PAGE);
  // The same generator as checks/registry.gen.ts, over a directory holding only the new module.
  writeRegistry(dir);
  const { discovered } = (await import(pathToFileURL(join(dir, "registry.gen.ts")).href)) as {
    discovered: Check[];
  };
  throwaway = discovered[0]!;
  registry = [...checks, throwaway];
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One target group whose only target is unhealthy: the all-targets-unhealthy check fires on it. */
const unhealthy = () =>
  topology({
    targetGroups: targetGroups(
      targetGroup({ targets: [target({ status: "UNHEALTHY", reasonCode: "HealthCheckFailed" })] }),
    ),
  });

const codes = (findings: readonly Finding[]) => findings.map((f) => f.code);

describe("a throwaway check, registered by its module alone", () => {
  it("is discovered from its file by the registry generator", () => {
    expect(checkModules(dir)).toEqual(["lat-998-throwaway-probe.ts"]);
    expect(throwaway.code).toBe("LAT-998");
  });

  it("ranking links its effect to it (causes)", () => {
    const run = runChecks(unhealthy(), registry, { region: "us-east-1" });
    const ranked = rank(run.findings, { checks: registry });
    const effect = ranked.find((f) => f.code === "LAT-301")!;
    expect(effect.causedBy).toBe("LAT-998");
    expect(codes(ranked).indexOf("LAT-301")).toBe(codes(ranked).indexOf("LAT-998") + 1);
    // Without its module in the registry nothing links the two.
    expect(rank(run.findings, { checks }).find((f) => f.code === "LAT-301")!.causedBy).toBeUndefined();
  });

  it("a symptom it explains brings it first; so does the layer it answers for (--error)", () => {
    const tg = IDS.targetGroup;
    const f = (code: string, hop: Finding["hop"]): Finding => ({
      rank: 0,
      code,
      name: code,
      severity: "error",
      hop,
      title: code,
      detail: "",
      resource: { type: "target-group", id: tg },
      evidence: [{ call: "vpc-lattice:GetTargetGroup", observed: { id: tg } }],
      fix: { summary: "", commands: [] },
      docs: "",
    });
    // LAT-304 (target-group-not-wired) sits nearer the client and explains 5xx, not 404.
    const input = [f("LAT-998", "targets"), f("LAT-304", "target-group")];
    expect(codes(rank(input, { checks: registry }))).toEqual(["LAT-304", "LAT-998"]);
    expect(codes(rank(input, { checks: registry, symptom: "404" }))).toEqual(["LAT-998", "LAT-304"]);
    expect(codes(rank(input, { checks: registry, deniedBy: "identity" }))).toEqual(["LAT-998", "LAT-304"]);
    expect(inferSymptom(input, registry)).toEqual({
      symptom: "404",
      reason: "inferred from LAT-998: 7 ThrowawayCount in the window",
    });
  });

  it("its findings make the run incomplete", () => {
    const report = (with998: boolean) => {
      const list = with998 ? registry : checks;
      const topo = topology();
      const run = runChecks(topo, list, { region: "us-east-1" });
      return buildReport({
        toolVersion: "0.0.0",
        input: IDS.service,
        endpoints: {},
        topology: topo,
        run,
        findings: rank(run.findings, { checks: list }),
        callLog: [],
        durationMs: 0,
        failOn: "none",
      });
    };
    expect(report(false).complete).toBe(true);
    expect(report(true).complete).toBe(false);
  });

  it("lint judges it from a file (lint metadata)", () => {
    expect(lintChecks(registry, true)).toContain(throwaway);
    expect(lintChecks(registry, false)).toContain(throwaway);
  });

  it("explain and README's table show it", () => {
    const pageOf = (code: string) => loadExplanation(code, code === "LAT-998" ? dir : undefined);
    expect(renderExplain(throwaway, pageOf("LAT-998"), { color: false })).toContain(
      "LAT-998 throwaway-probe",
    );
    expect(renderExplainList(registry, pageOf)).toMatch(/^LAT-998 +throwaway-probe +A throwaway check/m);
    expect(findingsTable(registry)).toContain("| LAT-998 | throwaway-probe | error | targets |");
  });
});
