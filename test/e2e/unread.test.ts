/**
 * Never a false all-clear, end to end (issue 12): the healthy orders-api recording replayed through
 * the CLI and the real SDK middleware, with one read denied. Before, ListListeners failing left the
 * target-group checks passing on empty lists, the trace drew `✔ rule (none)`, and the verdict said
 * healthy; now what hangs off an unread part is skipped and unknown, and the verdict is incomplete.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { expectValidReport } from "../support/validate-report.js";
import type { Recording } from "../../src/aws/recording.js";
import type { Report } from "../../src/report/types.js";

const HEALTHY = "fixtures/recordings/healthy-orders.recording.json";
const dir = mkdtempSync(join(tmpdir(), "lattice-unread-e2e-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The healthy recording with every call of `operation` (every call but GetService: "*") denied, as AWS denies it. */
function denied(operation: string): string {
  const recording = JSON.parse(readFileSync(HEALTHY, "utf8")) as Recording;
  recording.calls = recording.calls.map((c) => {
    if (operation === "*" ? c.operation === "GetService" : c.operation !== operation) return c;
    const { output: _output, ...rest } = c;
    return {
      ...rest,
      error: {
        name: "AccessDeniedException",
        httpStatusCode: 403,
        fault: "client" as const,
        message: `User: arn:aws:sts::111122223333:assumed-role/OnCall/jdoe is not authorized to perform: vpc-lattice:${operation} on resource: ${String(c.input.serviceIdentifier ?? c.input.listenerIdentifier ?? "*")}`,
      },
    };
  });
  const path = join(dir, `${operation === "*" ? "all" : operation}.recording.json`);
  writeFileSync(path, JSON.stringify(recording));
  return path;
}

async function json(path: string): Promise<{ code: number; report: Report }> {
  const run = await runCli(["doctor", "--replay", path, "--output", "json"]);
  const report: unknown = JSON.parse(run.stdout);
  expectValidReport(report);
  return { code: run.code, report: report as Report };
}

const status = (report: Report, code: string) => report.checks.find((c) => c.code === code)?.status;
const hop = (report: Report, name: string) => report.trace.find((h) => h.hop === name)!;

describe("a read that fails leaves what hangs off it unknown, not passed", () => {
  it("ListListeners denied: target-group, target and target-SG checks skip; verdict incomplete, exit 3", async () => {
    const { code, report } = await json(denied("ListListeners"));
    expect(code).toBe(3);
    expect(report).toMatchObject({ verdict: "incomplete", complete: false, exitCode: 3 });
    for (const c of ["LAT-102", "LAT-104", "LAT-301", "LAT-302", "LAT-303", "LAT-304", "LAT-305"])
      expect(status(report, c), c).toBe("skip");
    for (const c of ["LAT-501", "LAT-502", "LAT-503", "LAT-504", "LAT-507", "LAT-601", "LAT-604"])
      expect(status(report, c), c).toBe("skip");
    expect(report.checks.find((c) => c.code === "LAT-301")?.reason).toBe(
      "could not read listeners (grant vpc-lattice:ListListeners), so targetGroups, targets are unknown",
    );
    // What does not hang off the listeners still ran.
    for (const c of ["LAT-101", "LAT-201", "LAT-204", "LAT-401"]) expect(status(report, c), c).toBe("pass");
    expect(report.summary.passed).toBe(report.checks.filter((c) => c.status === "pass").length);
    for (const name of ["listener", "rule", "target-group", "targets"]) {
      expect(hop(report, name), name).toMatchObject({
        status: "unknown",
        resource: "(not read: vpc-lattice:ListListeners failed)",
      });
    }
    expect(hop(report, "service").status).toBe("ok");
    // LAT-901 names the checks the failed read skipped, those behind it included.
    const lat901 = report.findings.find(
      (f) => f.code === "LAT-901" && f.resource.id === "vpc-lattice:ListListeners",
    )!;
    expect(lat901.detail).toContain("LAT-301");
    expect(lat901.detail).toContain("LAT-501");
  });

  it("ListRules denied: the target groups are unknown one level down; the listener hop was read", async () => {
    const { code, report } = await json(denied("ListRules"));
    expect(code).toBe(3);
    expect(report.verdict).toBe("incomplete");
    expect(status(report, "LAT-102")).toBe("pass");
    for (const c of ["LAT-104", "LAT-301", "LAT-303", "LAT-305", "LAT-501"])
      expect(status(report, c), c).toBe("skip");
    expect(hop(report, "listener").status).toBe("ok");
    for (const name of ["rule", "target-group", "targets"]) {
      expect(hop(report, name).status, name).toBe("unknown");
      expect(hop(report, name).resource, name).not.toBe("(none)");
    }
  });

  it("text: the headline says incomplete, never a healthy ✔, and unread hops are drawn ?", async () => {
    const run = await runCli(["doctor", "--replay", denied("ListListeners"), "--trace", "--no-color"]);
    expect(run.code).toBe(3);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines.at(-1)).toMatch(/^‼ incomplete: \d+ info, \d+ checks skipped — exit 3$/);
    expect(run.stdout).not.toMatch(/^. healthy:/m);
    expect(run.stdout).toMatch(/^✔ \d+ checks passed$/m);
    expect(run.stdout).toContain("– 6 not applicable without --from, --as, --error");
    expect(run.stdout).toMatch(/^ {2}\? rule +\(not read: vpc-lattice:ListListeners failed\)$/m);
    expect(run.stdout).not.toMatch(/✔ (rule|target-group|targets) /);
  });

  it("nothing but the service could be read: incomplete, not healthy, and nothing that needs a read passes", async () => {
    const { code, report } = await json(denied("*"));
    expect(code).toBe(3);
    expect(report).toMatchObject({ verdict: "incomplete", complete: false });
    // Only what judges the service alone (and LAT-211, about other accounts' failures) may pass.
    expect(report.checks.filter((c) => c.status === "pass").map((c) => c.code)).toEqual([
      "LAT-101",
      "LAT-211",
    ]);
    expect(report.summary.passed).toBe(2);
    for (const h of report.trace.filter((t) => t.hop !== "service")) expect(h.status, h.hop).toBe("unknown");
  });

  it("Markdown does not list the not-applicable checks as passed", async () => {
    const run = await runCli(["doctor", "--replay", HEALTHY, "--output", "markdown"]);
    const passed = /^- \*\*passed \(\d+\):\*\* (.*)$/m.exec(run.stdout)?.[1] ?? "";
    expect(passed).toContain("LAT-101");
    for (const c of ["LAT-205", "LAT-206", "LAT-403", "LAT-409", "LAT-410", "LAT-506"])
      expect(passed).not.toContain(c);
    expect(run.stdout).toContain(
      "- **6 not applicable without --from, --as, --error:** LAT-205, LAT-206, LAT-403, LAT-409, LAT-410, LAT-506",
    );
  });
});
