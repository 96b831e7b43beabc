/**
 * Live signals end to end, replaying the bundled recordings: the window comes from the recording
 * (the same file gives the same report, whatever the clock says), `--window` is validated, and the
 * symptom is inferred from LAT-604 when none is given — or not, when one is.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it, vi } from "vitest";
import { runCli as run } from "../support/cli.js";
import { DEMO_RECORDING } from "../../src/version.js";
import type { Report } from "../../src/report/types.js";
import type { Recording } from "../../src/aws/recording.js";
import { expectValidReport } from "../support/validate-report.js";

async function json(args: string[]): Promise<{ code: number; report: Report; stderr: string }> {
  const r = await run([...args, "--output", "json"]);
  const report: unknown = JSON.parse(r.stdout);
  expectValidReport(report);
  return { code: r.code, report, stderr: r.stderr };
}

/** The report without timings (the call total, and each check's duration). */
const withoutDuration = (r: Report) => ({
  ...r,
  calls: { ...r.calls, durationMs: 0 },
  checks: r.checks.map(({ durationMs: _d, ...c }) => c),
});

describe("live signals, replayed", () => {
  it("the window is the recording's: same report on another day", async () => {
    const recording = JSON.parse(await readFile(DEMO_RECORDING, "utf8")) as Recording;
    const first = await json(["doctor", "--demo"]);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2031-02-03T04:05:06Z"));
    try {
      const later = await json(["doctor", "--demo"]);
      expect(withoutDuration(later.report)).toEqual(withoutDuration(first.report));
    } finally {
      vi.useRealTimers();
    }
    expect(first.report.signals!.window).toEqual({
      start: "2025-11-28T09:15:00.000Z",
      end: recording.meta.recordedAt,
      periodSeconds: 60,
    });
    // No call missed the recording (a different window would have: LAT-901).
    expect(first.report.calls.failed).toBe(0);
    expect(first.report.findings.map((f) => f.code)).not.toContain("LAT-901");
  });

  it("the demo's series, alarms, access logs and target health are in the JSON", async () => {
    const { report } = await json(["doctor", "--demo"]);
    const s = report.signals!;
    const denied = s.series!.find((x) => x.metric === "HTTPCode_VpcLattice_403_Count")!;
    expect(denied.timestamps).toHaveLength(15);
    expect(denied.values.slice(0, 6)).toEqual([0, 0, 0, 0, 0, 215]);
    const timeouts = s.series!.find((x) => x.metric === "ConnectionTimeoutCount")!;
    expect(timeouts.values.filter((v) => v === null)).toHaveLength(10);
    expect(s.alarms!.map((a) => `${a.name} ${a.state}`)).toEqual([
      "orders-api-auth-denied ALARM",
      "orders-api-target-5xx INSUFFICIENT_DATA",
      "orders-api-unhealthy-hosts INSUFFICIENT_DATA",
    ]);
    expect(s.accessLogs).toEqual([]);
    expect(s.targetHealth).toEqual([
      {
        targetGroupId: "tg-0a9f1e2d3c4b5a697",
        name: "orders-api-tg",
        total: 3,
        byStatus: { UNHEALTHY: 3 },
        byReason: [{ status: "UNHEALTHY", reasonCode: "HealthCheckFailed", count: 3 }],
      },
    ]);
  });

  it("without --symptom the symptom is inferred from LAT-604 and said so; with --symptom it is not", async () => {
    const inferred = await json(["doctor", "--demo"]);
    expect(inferred.report.signals!.inferredSymptom).toEqual({
      symptom: "403",
      reason: "inferred from LAT-604: 2213 HTTPCode_VpcLattice_403_Count in the window",
    });
    const text = await run(["doctor", "--demo", "--output", "text"]);
    expect(text.stdout).toContain("symptom 403 (inferred from LAT-604");
    const given = await json(["doctor", "--demo", "--symptom", "timeout"]);
    expect(given.report.signals!.inferredSymptom).toBeUndefined();
    // timeout brings the network finding (LAT-501) before the auth one (LAT-401) among the criticals.
    const order = given.report.findings.map((f) => f.code);
    expect(order.indexOf("LAT-501")).toBeLessThan(order.indexOf("LAT-401"));
  });

  it("a healthy recording infers nothing and reports no live-signal finding", async () => {
    const { code, report } = await json([
      "doctor",
      "--replay",
      "fixtures/recordings/healthy-https-ip.recording.json",
    ]);
    expect(code).toBe(0);
    expect(report.signals!.inferredSymptom).toBeUndefined();
    expect(report.findings.filter((f) => f.code.startsWith("LAT-6"))).toEqual([]);
    // Published per zone only (ARN form): summed, and still a series per resource.
    expect(report.signals!.series!.map((x) => x.metric)).toContain("ConnectionErrorCount");
  });

  it("--window: a bad value exits 2 with what was expected; a window the recording lacks warns", async () => {
    for (const bad of ["15x", "10s", "2d"]) {
      const r = await run(["doctor", "--demo", "--window", bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toMatch(/--window .*(expected a duration|between 1m)/);
      expect(r.stdout).toBe("");
    }
    const other = await json(["doctor", "--demo", "--window", "1h"]);
    expect(other.stderr).toContain("the recording was made with --window 15m");
    // The recording has no answer for that window: said as LAT-901, never a crash.
    expect(other.report.findings.map((f) => f.code)).toContain("LAT-901");
    const same = await json(["doctor", "--demo", "--window", "15m"]);
    expect(same.stderr).not.toContain("warning");
  });
});
