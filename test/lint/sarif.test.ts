/**
 * `lattice lint --output sarif` validated against the official SARIF 2.1.0 JSON Schema (vendored in
 * test/vendor, draft-04, loaded with ajv-draft-04), and the mapping code scanning relies on: ruleId,
 * rules from the check metadata, levels, file and logical locations, in-source suppressions.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import AjvDraft04 from "ajv-draft-04";
import type { Ajv, ErrorObject, Options } from "ajv";
import { checks } from "../../checks/index.js";
import { renderSarif } from "../../src/lint/sarif.js";
import { loadExplanation } from "../../src/render/explain-pages.js";
import { lintText } from "../support/lint.js";

const schema = JSON.parse(readFileSync("test/vendor/sarif-schema-2.1.0.json", "utf8")) as Record<
  string,
  unknown
>;
// A CommonJS default export: its class is `.default` under Node's ESM interop, the module itself under vite's.
const Ajv04 = ((AjvDraft04 as unknown as { default?: unknown }).default ?? AjvDraft04) as new (
  options: Options,
) => Ajv;
const ajv = new Ajv04({ allErrors: true, strict: false });
// The formats the schema names, checked rather than ignored.
ajv.addFormat("uri", (s: string) => URL.canParse(s));
ajv.addFormat("uri-reference", (s: string) => URL.canParse(s, "file:///workspace/") && !/[\s\\]/.test(s));
ajv.addFormat("date-time", (s: string) =>
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s),
);
const validateSarif = ajv.compile(schema);

function sarifErrors(doc: unknown): string[] {
  return validateSarif(doc)
    ? []
    : (validateSarif.errors ?? []).map((e: ErrorObject) => `${e.instancePath} ${e.message}`);
}

interface SarifLog {
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        rules: {
          id: string;
          name: string;
          shortDescription: { text: string };
          help: { text: string; markdown: string };
          defaultConfiguration: { level: string };
        }[];
      };
    };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: {
        physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } };
        logicalLocations: { fullyQualifiedName: string }[];
      }[];
      suppressions?: { kind: string; justification: string }[];
    }[];
  }[];
}

const BROKEN = readFileSync("test/fixtures/lint/orders-broken.cfn.yaml", "utf8");

describe("lint --output sarif", () => {
  const report = lintText(BROKEN, "infra/orders stack/orders-broken.cfn.yaml");
  const text = renderSarif(report, checks);
  const sarif = JSON.parse(text) as SarifLog;

  it("is valid SARIF 2.1.0", () => {
    expect(sarifErrors(sarif)).toEqual([]);
    expect(sarif.version).toBe("2.1.0");
  });

  it("the schema rejects what it must: a result without a message, an unknown level", () => {
    const broken = JSON.parse(text) as SarifLog;
    delete (broken.runs[0]!.results[0] as Partial<SarifLog["runs"][0]["results"][0]>).message;
    expect(sarifErrors(broken).length).toBeGreaterThan(0);
    const badLevel = JSON.parse(text) as SarifLog;
    badLevel.runs[0]!.results[0]!.level = "critical";
    expect(sarifErrors(badLevel).join("\n")).toContain("level");
  });

  it("one rule per check lint runs, from the check metadata and lattice explain", () => {
    const rules = sarif.runs[0]!.tool.driver.rules;
    const lat501 = rules.find((r) => r.id === "LAT-501")!;
    const meta = checks.find((c) => c.code === "LAT-501")!;
    expect(lat501.name).toBe(meta.name);
    expect(lat501.shortDescription.text).toBe(loadExplanation("LAT-501").summary);
    expect(lat501.help.text).toContain(loadExplanation("LAT-501").fix);
    expect(lat501.defaultConfiguration.level).toBe("error");
    expect(rules.map((r) => r.id)).not.toContain("LAT-301");
  });

  it("each finding is a result: ruleId the code, level from severity, file, line and address", () => {
    const results = sarif.runs[0]!.results;
    expect(results).toHaveLength(report.findings.length);
    const r = results.find((x) => x.ruleId === "LAT-501")!;
    expect(sarif.runs[0]!.tool.driver.rules[r.ruleIndex]!.id).toBe("LAT-501");
    expect(r.level).toBe("error");
    const location = r.locations[0]!;
    expect(location.physicalLocation.artifactLocation.uri).toBe(
      "infra/orders%20stack/orders-broken.cfn.yaml",
    );
    expect(location.physicalLocation.region?.startLine).toBe(
      BROKEN.split("\n").findIndex((l) => l === "  OrdersTargetSg:") + 1,
    );
    expect(location.logicalLocations[0]!.fullyQualifiedName).toBe("OrdersTargetSg");
    const warning = results.find((x) => x.ruleId === "LAT-207")!;
    expect(warning.level).toBe("warning");
  });

  it("a suppressed finding carries an inSource suppression with its reason", () => {
    const suppressed = BROKEN.replace(
      "  OrdersTargetSg:\n",
      "  OrdersTargetSg: # lattice-doctor:ignore LAT-501 fronted by an NLB\n",
    );
    const log = JSON.parse(renderSarif(lintText(suppressed, "orders.yaml"), checks)) as SarifLog;
    expect(sarifErrors(log)).toEqual([]);
    const r = log.runs[0]!.results.find((x) => x.ruleId === "LAT-501")!;
    expect(r.suppressions).toEqual([
      {
        kind: "inSource",
        status: "accepted",
        justification: "fronted by an NLB (comment lattice-doctor:ignore on OrdersTargetSg)",
      },
    ]);
  });
});
