import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { HOPS, SEVERITIES } from "../../src/core/finding.js";
import { renderJson } from "../../src/render/json.js";
import { renderJsonSchema, reportSchema } from "../../src/report/schema.js";
import type { Report } from "../../src/report/types.js";
import { demoReport, healthyReport } from "../support/report.js";
import { expectValidReport, schemaErrors } from "../support/validate-report.js";

/** The report as `--output json` prints it, parsed back: what the schema describes. */
const doc = (report: Report): Record<string, unknown> => JSON.parse(renderJson(report));

describe("reportSchema", () => {
  it("compiles with ajv in strict mode (draft-07, no extra packages)", () => {
    const ajv = new Ajv({ strict: true });
    expect(ajv.validateSchema(reportSchema)).toBe(true);
    expect(() => ajv.compile(reportSchema)).not.toThrow();
  });

  it("takes its enums from the code's constants", () => {
    const json = JSON.parse(renderJsonSchema());
    const finding = json.properties.findings.items.properties;
    expect(finding.severity.enum).toEqual([...SEVERITIES]);
    expect(finding.hop.enum).toEqual([...HOPS]);
    expect(json.properties.trace.items.properties.hop.enum).toEqual([...HOPS]);
    expect(json.properties.verdict.enum).toEqual(["blocked", "degraded", "at-risk", "healthy", "incomplete"]);
    expect(json.properties.checks.items.properties.status.enum).toEqual([
      "pass",
      "fail",
      "skip",
      "not-applicable",
    ]);
  });

  it("renders as 2-space JSON with a trailing newline", () => {
    const out = renderJsonSchema();
    expect(out.endsWith("}\n")).toBe(true);
    expect(out).toBe(JSON.stringify(JSON.parse(out), null, 2) + "\n");
    expect(JSON.parse(out)).toEqual(reportSchema);
  });

  it.each([
    ["demo", demoReport],
    ["healthy", healthyReport],
  ])("accepts the %s fixture, as rendered and as built", (_name, build) => {
    expectValidReport(doc(build()));
    expect(schemaErrors(build())).toEqual([]);
  });

  it("accepts lint's location, a skipped check with a reason and optional keys left out", () => {
    const report = demoReport();
    Object.assign(report.findings[0]!, {
      location: { file: "plan.json", address: "aws_vpclattice_service.orders" },
    });
    report.checks.push({ code: "LAT-601", status: "skip", reason: "AccessDenied" });
    report.summary.skipped = 1;
    report.complete = false;
    delete report.context.accountId;
    delete report.context.callerArn;
    delete report.context.profile;
    delete report.target.arn;
    delete report.target.name;
    delete report.trace[0]!.codes;
    expectValidReport(doc(report));
  });

  it("accepts verdict incomplete, a not-applicable check and an unknown hop", () => {
    const report = healthyReport();
    Object.assign(report, { verdict: "incomplete", complete: false, exitCode: 3 });
    report.checks.push({ code: "LAT-403", status: "not-applicable", reason: "not applicable without --as" });
    report.checks.push({
      code: "LAT-301",
      status: "skip",
      reason: "could not read listeners (grant vpc-lattice:ListListeners)",
    });
    report.trace[0] = {
      hop: "target-group",
      status: "unknown",
      resource: "(not read: vpc-lattice:ListListeners failed)",
    };
    expectValidReport(doc(report));
  });
});

describe("reportSchema rejects drift", () => {
  type Mutation = (d: Record<string, any>) => void; // eslint-disable-line @typescript-eslint/no-explicit-any
  it.each<[string, Mutation, string]>([
    ["a missing top-level key", (d) => delete d.calls, "/ must have required property 'calls'"],
    ["an unknown top-level key", (d) => (d.extra = 1), "/ must NOT have additional properties (extra)"],
    ["a bad verdict", (d) => (d.verdict = "broken"), "/verdict must be equal to one of the allowed values"],
    [
      "healthy with an incomplete run",
      (d) => Object.assign(d, { verdict: "healthy", complete: false }),
      "/complete must be equal to constant",
    ],
    [
      "incomplete with a complete run",
      (d) => Object.assign(d, { verdict: "incomplete", complete: true }),
      "/complete must be equal to constant",
    ],
    ["a wrong schemaVersion", (d) => (d.schemaVersion = 2), "/schemaVersion must be equal to constant"],
    [
      "a bad severity",
      (d) => (d.findings[0].severity = "fatal"),
      "/findings/0/severity must be equal to one",
    ],
    ["a bad finding hop", (d) => (d.findings[0].hop = "dns"), "/findings/0/hop must be equal to one"],
    [
      "a finding without a fix",
      (d) => delete d.findings[1].fix,
      "/findings/1 must have required property 'fix'",
    ],
    [
      "an internal key in a finding",
      (d) => (d.findings[0].affects = []),
      "/findings/0 must NOT have additional",
    ],
    [
      "a suppression without a reason",
      (d) => delete d.findings[4].suppressed.reason,
      "/findings/4/suppressed must have",
    ],
    [
      "a malformed causedBy",
      (d) => (d.findings[2].causedBy = "501"),
      "/findings/2/causedBy must match pattern",
    ],
    [
      "a location without an address",
      (d) => (d.findings[0].location = { file: "a" }),
      "/findings/0/location must have",
    ],
    ["a bad check status", (d) => (d.checks[0].status = "ok"), "/checks/0/status must be equal to one"],
    ["a bad trace status", (d) => (d.trace[0].status = "pass"), "/trace/0/status must be equal to one"],
    ["a bad trace hop", (d) => (d.trace[0].hop = "internet"), "/trace/0/hop must be equal to one"],
    ["a non-string endpoint", (d) => (d.context.endpoints.EC2 = 1), "/context/endpoints/EC2 must be string"],
    ["a missing region", (d) => delete d.context.region, "/context must have required property 'region'"],
    ["a negative count", (d) => (d.summary.critical = -1), "/summary/critical must be >= 0"],
    ["a fractional call count", (d) => (d.calls.total = 1.5), "/calls/total must be integer"],
    ["a string exit code", (d) => (d.exitCode = "1"), "/exitCode must be equal to one"],
    ["an exit code no document has", (d) => (d.exitCode = 2), "/exitCode must be equal to one"],
  ])("%s", (_name, mutate, message) => {
    const d = doc(demoReport());
    mutate(d);
    const errors = schemaErrors(d);
    expect(
      errors.some((e) => e.startsWith(message)),
      errors.join("\n"),
    ).toBe(true);
    expect(() => expectValidReport(d)).toThrow();
  });

  it("expectValidReport also checks what the schema cannot: ranks, counts, verdict, causes", () => {
    const unranked = doc(demoReport()) as unknown as Report;
    unranked.findings[1]!.rank = 7;
    expect(() => expectValidReport(unranked)).toThrow(/rank/);
    const miscounted = doc(demoReport()) as unknown as Report;
    miscounted.summary.warning = 2; // the suppressed LAT-601 counted
    expect(() => expectValidReport(miscounted)).toThrow(/summary/);
    const verdict = doc(demoReport()) as unknown as Report;
    verdict.verdict = "degraded";
    expect(() => expectValidReport(verdict)).toThrow(/verdict/);
    const orphan = doc(demoReport()) as unknown as Report;
    orphan.findings[2]!.causedBy = "LAT-999";
    expect(() => expectValidReport(orphan)).toThrow(/caused by/);
  });
});
