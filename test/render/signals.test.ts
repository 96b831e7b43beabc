import { describe, expect, it } from "vitest";
import { downsample, GAP, renderSignalLines, sparkline } from "../../src/render/signals.js";
import { renderMarkdown } from "../../src/render/markdown.js";
import { renderText } from "../../src/render/text.js";
import { renderJson } from "../../src/render/json.js";
import { paint } from "../../src/render/color.js";
import type { Report } from "../../src/report/types.js";
import type { ReportSignals } from "../../src/report/signals.js";
import { healthyReport } from "../support/report.js";
import { expectValidReport } from "../support/validate-report.js";

const GRID = Array.from({ length: 5 }, (_, i) => `2025-11-28T09:2${5 + i}:00.000Z`);

function signals(overrides: Partial<ReportSignals> = {}): ReportSignals {
  return {
    window: { start: "2025-11-28T09:25:00.000Z", end: "2025-11-28T09:30:00.000Z", periodSeconds: 60 },
    series: [
      {
        id: "m0",
        resource: { type: "service", id: "svc-0e5b4c6a2d1f83a97" },
        metric: "HTTPCode_VpcLattice_403_Count",
        dimensions: [{ name: "Service", value: "svc-0e5b4c6a2d1f83a97" }],
        stat: "Sum",
        timestamps: GRID,
        values: [0, 12, null, 9, 14],
      },
      {
        id: "m1",
        resource: { type: "target-group", id: "tg-0a9f1e2d3c4b5a697" },
        metric: "ConnectionErrorCount",
        dimensions: [{ name: "TargetGroup", value: "tg-0a9f1e2d3c4b5a697" }],
        stat: "Sum",
        timestamps: GRID,
        values: [null, null, null, null, null],
      },
    ],
    alarms: [
      {
        name: "orders|5xx \u001b[2J",
        state: "ALARM",
        stateReason: "Threshold Crossed",
        stateUpdatedTimestamp: "2025-11-28T09:27:00.000Z",
        metrics: [
          {
            namespace: "AWS/VpcLattice",
            metricName: "HTTPCode_5XX_Count",
            dimensions: [{ name: "Service", value: "svc-0e5b4c6a2d1f83a97" }],
          },
        ],
      },
    ],
    accessLogs: [],
    targetHealth: [
      {
        targetGroupId: "tg-0a9f1e2d3c4b5a697",
        name: "orders-api-tg",
        total: 3,
        byStatus: { UNHEALTHY: 2, HEALTHY: 1 },
        byReason: [{ status: "UNHEALTHY", reasonCode: "HealthCheckFailed", count: 2 }],
      },
    ],
    inferredSymptom: {
      symptom: "403",
      reason: "inferred from LAT-604: 35 HTTPCode_VpcLattice_403_Count in the window",
    },
    ...overrides,
  };
}

function report(s: ReportSignals = signals()): Report {
  return { ...healthyReport(), signals: s };
}

describe("sparkline", () => {
  it("zero is the lowest block, any count at least the second, a gap is ·", () => {
    expect(sparkline([0, 1, 7, null, 0])).toBe(`▁▂█${GAP}▁`);
    expect(sparkline([0, 12, null, 9, 14])).toBe("▁▇·▆█");
  });
  it("all zeros and all gaps", () => {
    expect(sparkline([0, 0, 0])).toBe("▁▁▁");
    expect(sparkline([null, null])).toBe("··");
    expect(sparkline([])).toBe("");
  });
  it("a long window is summed into at most 60 columns; a bucket of gaps stays a gap", () => {
    const values = Array.from({ length: 120 }, (_, i) => (i < 2 ? null : 1));
    expect(downsample(values)).toHaveLength(60);
    expect(downsample(values)[0]).toBeNull();
    expect(downsample(values)[1]).toBe(2);
    expect(sparkline(values)).toHaveLength(60);
  });
});

describe("live signals in the reports", () => {
  it("text: one line per series with its total, alarms, access logs, target health, the inferred symptom", () => {
    const lines = renderSignalLines(report(), paint(false));
    expect(lines[0]).toBe("live signals  last 5 min, 09:25–09:30 UTC 2025-11-28");
    expect(lines).toContain(
      "  orders-api                            HTTPCode_VpcLattice_403_Count  ▁▇·▆█  total 35",
    );
    expect(lines).toContain(
      "  orders-api-tg (tg-0a9f1e2d3c4b5a697)  ConnectionErrorCount           ·····  total 0",
    );
    expect(lines).toContain("  access logs: none on the service or its networks");
    expect(lines).toContain(
      "  targets orders-api-tg (tg-0a9f1e2d3c4b5a697): 2 UNHEALTHY, 1 HEALTHY — HealthCheckFailed ×2",
    );
    expect(lines.at(-1)).toContain("symptom 403 (inferred from LAT-604");
  });

  it("a series CloudWatch did not answer completely says so", () => {
    const partial = signals();
    partial.series![0]!.statusCode = "Forbidden";
    const lines = renderSignalLines(report(partial), paint(false));
    expect(lines[1]).toMatch(/total 35 \(Forbidden\)$/);
    expect(renderMarkdown(report(partial))).toContain("`HTTPCode_VpcLattice_403_Count` (Forbidden)");
  });

  it("text escapes what AWS sent (an alarm name with an escape sequence)", () => {
    const out = renderText(report(), { color: false, verbose: false, trace: false });
    expect(out).not.toContain("\u001b");
    expect(out).toContain("alarm orders|5xx \\x1b[2J  ALARM since 2025-11-28T09:27:00.000Z");
  });

  it("Markdown: a table of series (sparkline, total, peak, minutes without data), alarms, target health", () => {
    const md = renderMarkdown(report());
    expect(md).toContain("## Live signals");
    expect(md).toContain("| orders-api | `HTTPCode_VpcLattice_403_Count` | `▁▇·▆█` | 35 | 14 | 1 |");
    expect(md).toContain(
      "| orders-api-tg (tg-0a9f1e2d3c4b5a697) | `ConnectionErrorCount` | `·····` | 0 | — | 5 |",
    );
    // The pipe in the alarm name cannot split the table.
    expect(md).toContain("| orders\\|5xx \\\\x1b\\[2J | **ALARM** |");
    expect(md).toContain(
      "| orders-api-tg (`tg-0a9f1e2d3c4b5a697`) | 3 | 2 UNHEALTHY, 1 HEALTHY | UNHEALTHY HealthCheckFailed ×2 |",
    );
    expect(md).toContain("**Symptom:** 403");
  });

  it("JSON: the series themselves, null for a minute without data, valid against the schema", () => {
    const doc = JSON.parse(renderJson(report())) as Report;
    expectValidReport(doc);
    expect(Object.keys(doc).at(-1)).toBe("signals");
    expect(doc.signals!.series![0]!.values).toEqual([0, 12, null, 9, 14]);
    expect(doc.signals!.series![1]!.values).toEqual([null, null, null, null, null]);
  });

  it("signals that could not be read say so instead of drawing nothing", () => {
    const { series: _s, alarms: _a, accessLogs: _l, inferredSymptom: _i, ...rest } = signals();
    const lines = renderSignalLines(report({ ...rest, targetHealth: [] }), paint(false));
    expect(lines).toEqual([
      "live signals  last 5 min, 09:25–09:30 UTC 2025-11-28",
      "  metrics: not read (see LAT-901)",
    ]);
  });
});
