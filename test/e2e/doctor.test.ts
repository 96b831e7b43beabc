/**
 * End to end: the CLI's `main` on recordings, asserting exit codes, streams and the JSON document.
 * Runs in-process with captured streams; test/e2e/bin.test.ts spawns the real binary.
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli as run, runJson as json } from "../support/cli.js";
import { DEMO_RECORDING } from "../../src/version.js";
import type { Report } from "../../src/report/types.js";
import { expectValidReport } from "../support/validate-report.js";

const HEALTHY = "fixtures/recordings/healthy-orders.recording.json";
const DENIED = "fixtures/recordings/denied-auth-policy.recording.json";

describe("lattice doctor --demo", () => {
  it("finds the three planted faults, root cause first, and exits 1", async () => {
    const { run: r, report } = await json(["doctor", "--demo"]);
    expect(r.code).toBe(1);
    expect(report.exitCode).toBe(1);
    expect(report.verdict).toBe("blocked");
    expect(report.complete).toBe(true);
    const codes = report.findings.map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(["LAT-401", "LAT-501", "LAT-301"]));
    // the effect sits right after its cause
    const i501 = codes.indexOf("LAT-501");
    expect(codes[i501 + 1]).toBe("LAT-301");
    expect(report.findings[i501 + 1]!.causedBy).toBe("LAT-501");
    expect(report.findings.map((f) => f.rank)).toEqual(report.findings.map((_, i) => i + 1));
    const sgFinding = report.findings[i501]!;
    expect(JSON.stringify(sgFinding.evidence)).toContain("10.20.0.0/16");
    expect(sgFinding.fix.commands.join("\n")).toMatch(
      /authorize-security-group-ingress --group-id sg-\w+ .*PrefixListId=pl-\w+/,
    );
    expect(sgFinding.fix.commands.join("\n")).toContain("--region us-east-1");
  });

  it("has every key of the JSON contract", async () => {
    const { report } = await json(["doctor", "--demo"]);
    expect(Object.keys(report)).toEqual([
      "schemaVersion",
      "tool",
      "context",
      "target",
      "verdict",
      "complete",
      "exitCode",
      "summary",
      "findings",
      "checks",
      "trace",
      "calls",
      "signals",
    ]);
    expect(Object.keys(report.signals!)).toEqual([
      "window",
      "series",
      "alarms",
      "accessLogs",
      "targetHealth",
      "inferredSymptom",
    ]);
    expect(report.schemaVersion).toBe(1);
    expect(report.tool.name).toBe("lattice-doctor");
    expect(report.target.id).toMatch(/^svc-[0-9a-z]{17}$/);
    expect(report.context.region).toBe("us-east-1");
    expect(Object.keys(report.summary)).toEqual([
      "critical",
      "error",
      "warning",
      "info",
      "passed",
      "skipped",
    ]);
    for (const f of report.findings) {
      expect(Object.keys(f)).toEqual(
        expect.arrayContaining([
          "rank",
          "code",
          "name",
          "severity",
          "hop",
          "title",
          "detail",
          "resource",
          "evidence",
          "fix",
          "docs",
        ]),
      );
      expect(f).not.toHaveProperty("affects");
    }
    expect(report.calls.total).toBeGreaterThan(10);
    // the "no policy" answer of GetAuthPolicy (ResourceNotFoundException) is not a failed call
    expect(report.calls.failed).toBe(0);
    expect(report.trace.length).toBeGreaterThan(0);
  });

  it("prints the plain text report with no escape sequences when piped", async () => {
    const r = await run(["doctor", "--demo"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("LAT-501");
    expect(r.stdout).toMatch(/blocked by LAT-401 \(iam-auth-without-policy\): \d+ critical/);
    expect(r.stdout.includes("\x1b")).toBe(false);
  });

  it("says it is a replay, with the recording's date, in text, JSON and Markdown", async () => {
    const text = await run(["doctor", "--replay", DENIED]);
    expect(text.stdout).toContain(`  replay   ${DENIED}, recorded 2025-11-28 09:30 UTC — not a live run`);
    const { report } = await json(["doctor", "--replay", DENIED]);
    expect(report.context.replay).toEqual({ file: DENIED, recordedAt: "2025-11-28T09:30:00.000Z" });
    expect((await json(["doctor", "--demo"])).report.context.replay).toEqual({
      file: "fixtures/demo/orders-api.recording.json",
      recordedAt: "2025-11-28T09:30:00.000Z",
    });
    const md = await run(["doctor", "--replay", DENIED, "--output", "markdown"]);
    expect(md.stdout).toContain(
      `> **Replay** of the recording \`${DENIED}\`, recorded 2025-11-28 09:30 UTC: not a live run.`,
    );
    expect(md.stdout).not.toContain("| generated |");
    expect(md.stdout).toContain("| recorded | `2025-11-28T09:30:00.000Z` |");
  });

  it("gives the same report for the same recording", async () => {
    const a = (await json(["doctor", "--demo"])).report;
    const b = (await json(["doctor", "--demo"])).report;
    const strip = (r: Report) => ({
      ...r,
      calls: { ...r.calls, durationMs: 0 },
      checks: r.checks.map(({ durationMs: _d, ...c }) => c),
    });
    expect(strip(a)).toEqual(strip(b));
  });

  it("--fail-on none exits 0 with the same findings; --ignore takes a finding out of the verdict", async () => {
    expect((await run(["doctor", "--demo", "--fail-on", "none"])).code).toBe(0);
    const { report } = await json([
      "doctor",
      "--demo",
      "--ignore",
      "LAT-401",
      "--ignore",
      "LAT-501",
      "--ignore",
      "LAT-301",
      // The live signals of the demo: recent errors, a firing alarm, the alarms and logs it lacks.
      ...["LAT-601", "LAT-602", "LAT-603", "LAT-604", "LAT-605"].flatMap((code) => ["--ignore", code]),
    ]);
    expect(report.verdict).toBe("healthy");
    expect(report.findings.filter((f) => f.suppressed)).toHaveLength(10);
    expect(report.findings.find((f) => f.code === "LAT-401")!.suppressed!.by).toBe("--ignore LAT-401");
  });
});

describe("recordings", () => {
  it("a healthy service comes out clean: exit 0, no critical or error", async () => {
    const { run: r, report } = await json(["doctor", "--replay", HEALTHY]);
    expect(report.findings.filter((f) => f.severity === "critical" || f.severity === "error")).toEqual([]);
    expect(report.verdict).toBe("healthy");
    expect(r.code).toBe(0);
  });

  it("a denied call becomes LAT-901 naming the IAM action, and the run is incomplete: exit 3", async () => {
    const { run: r, report } = await json(["doctor", "--replay", DENIED]);
    expect(r.code).toBe(3);
    expect(report.complete).toBe(false);
    const f901 = report.findings.filter((f) => f.code === "LAT-901");
    expect(f901.map((f) => f.resource.id)).toEqual(expect.arrayContaining(["vpc-lattice:GetAuthPolicy"]));
    expect(report.checks.find((c) => c.code === "LAT-401")!.status).toBe("skip");
    expect(report.summary.skipped).toBeGreaterThan(0);
    expect(report.calls.failed).toBeGreaterThan(0);
    // with --fail-on info the LAT-901 finding itself reaches the threshold
    expect((await run(["doctor", "--replay", DENIED, "--fail-on", "info"])).code).toBe(1);
  });

  it("--record writes a recording that replays to the same report", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lattice-e2e-"));
    const file = join(dir, "again.json");
    const first = await run(["doctor", "--replay", HEALTHY, "--record", file, "--output", "json"]);
    expect(first.stderr).toContain("recorded");
    const second = await run(["doctor", "--replay", file, "--output", "json"]);
    const a: unknown = JSON.parse(first.stdout);
    const b: unknown = JSON.parse(second.stdout);
    expectValidReport(a);
    expectValidReport(b);
    expect(b.findings).toEqual(a.findings);
    expect(b.calls.total).toBe(a.calls.total);
    const saved = JSON.parse(await readFile(file, "utf8")) as { format: string; calls: unknown[] };
    expect(saved.format).toBe("lattice-doctor-recording");
    expect(saved.calls.length).toBe(a.calls.total);
  });

  it("escapes control characters that come from AWS", async () => {
    const recording = JSON.parse(await readFile(DEMO_RECORDING, "utf8")) as {
      calls: { operation: string; output?: { name?: string } }[];
    };
    for (const call of recording.calls) {
      if (call.operation === "GetService" && call.output) call.output.name = "orders\u001b[2J\u001b[31mapi";
    }
    const dir = await mkdtemp(join(tmpdir(), "lattice-e2e-"));
    const file = join(dir, "ansi.json");
    await writeFile(file, JSON.stringify(recording));
    const r = await run(["doctor", "--replay", file]);
    expect(r.stdout.includes("\u001b")).toBe(false);
    expect(r.stdout).toContain("orders\\x1b[2J\\x1b[31mapi");
  });
});

describe("bad input", () => {
  it("a malformed id exits 2 saying what a valid id looks like", async () => {
    const r = await run(["doctor", "svc-XYZ"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/svc- followed by 17/);
  });

  it("an unknown flag or value exits 2 with no output on stdout", async () => {
    for (const args of [
      ["doctor", "--demo", "--bogus"],
      ["doctor", "--demo", "--output", "yaml"],
      ["doctor", "--demo", "--ignore", "501"],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^lattice: /);
    }
  });

  it("a file that is not a recording exits 2", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lattice-e2e-"));
    const file = join(dir, "nope.json");
    await writeFile(file, '{"hello":1}');
    const r = await run(["doctor", "--replay", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not a lattice-doctor recording");
  });

  it("an unknown service exits 4", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lattice-e2e-"));
    const file = join(dir, "missing.json");
    const notFound = {
      name: "ResourceNotFoundException",
      message: "Failed to find service svc-0fffffffffffffff0",
      httpStatusCode: 404,
    };
    await writeFile(
      file,
      JSON.stringify({
        format: "lattice-doctor-recording",
        version: 1,
        meta: { input: "svc-0fffffffffffffff0", region: "us-east-1" },
        calls: [
          {
            service: "vpc-lattice",
            operation: "GetService",
            input: { serviceIdentifier: "svc-0fffffffffffffff0" },
            error: notFound,
          },
        ],
      }),
    );
    const r = await run(["doctor", "--replay", file]);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("svc-0fffffffffffffff0");
  });

  it("no region exits 253 with the fix", async () => {
    const r = await run(["doctor", "svc-0e5b4c6a2d1f83a97"], {
      HOME: "/nonexistent",
      AWS_CONFIG_FILE: "/nonexistent/config",
    });
    expect(r.code).toBe(253);
    expect(r.stderr).toContain("--region");
  });

  it("explain: every code has a page; an unknown code exits 2 with the nearest codes", async () => {
    const list = await run(["explain"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain("LAT-501");
    const page = await run(["explain", "LAT-501"]);
    expect(page.code).toBe(0);
    expect(page.stdout).toContain("target-sg-blocks-lattice");
    const unknown = await run(["explain", "LAT-599"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/did you mean LAT-(50\d|60\d)/);
  });
});

describe("looking a name up", () => {
  it("a denied ListServices says what to grant or pass instead, exit 3, no stack trace", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lattice-e2e-"));
    const file = join(dir, "list-denied.json");
    await writeFile(
      file,
      JSON.stringify({
        format: "lattice-doctor-recording",
        version: 1,
        meta: { input: "orders-api", region: "us-east-1" },
        calls: [
          {
            service: "vpc-lattice",
            operation: "ListServices",
            input: { maxResults: 100 },
            error: {
              name: "AccessDeniedException",
              message:
                "User: arn:aws:sts::111122223333:assumed-role/OnCallReadOnly/jane.doe is not authorized to perform: vpc-lattice:ListServices",
              httpStatusCode: 403,
            },
          },
        ],
      }),
    );
    const r = await run(["doctor", "--replay", file]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("vpc-lattice:ListServices");
    expect(r.stderr).toContain("svc-");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("ticket outputs", () => {
  it("--output markdown writes one self-contained document with the findings and fixes", async () => {
    const r = await run(["doctor", "--demo", "--output", "markdown"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^# /);
    expect(r.stdout).toContain("LAT-501");
    expect(r.stdout).toContain("```sh");
    expect(r.stdout).toContain("authorize-security-group-ingress");
    expect(r.stdout.includes("\u001b")).toBe(false);
  });

  it("--json-schema prints a schema that the demo's JSON document satisfies", async () => {
    const r = await run(["doctor", "--json-schema"]);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout) as { $schema?: string; required?: string[] };
    expect(schema.required).toEqual(expect.arrayContaining(["schemaVersion", "findings", "exitCode"]));
    const { Ajv } = await import("ajv");
    const validate = new Ajv({ strict: false }).compile(schema);
    const { report } = await json(["doctor", "--demo"]);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...report, verdict: "fine" })).toBe(false);
  });
});

describe("--redact", () => {
  it("masks account ids in the JSON document and in the recording it writes", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lattice-e2e-"));
    const file = join(dir, "redacted.json");
    const r = await run(["doctor", "--replay", HEALTHY, "--redact", "--record", file, "--output", "json"]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("111122223333");
    expect((JSON.parse(r.stdout) as Report).context.accountId).toBe("************");
    const saved = await readFile(file, "utf8");
    expect(saved).not.toContain("111122223333");
    // a redacted recording still replays to a report
    const again = await run(["doctor", "--replay", file, "--output", "json"]);
    expect(again.code).toBe(0);
  });
});
