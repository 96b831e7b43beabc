/**
 * The live terminal UI (src/render/ui): frames as ink draws them (ink-testing-library keeps the
 * <Static> output in every frame), driven by the same events and Report `lattice doctor` feeds it.
 */
import { EventEmitter } from "node:events";
import React from "react";
import { render } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { App, SPINNER } from "../../src/render/ui/app.js";
import { createUiStore, type UiHeader, type UiStore } from "../../src/render/ui/store.js";
import { verdictLine } from "../../src/render/text.js";
import { main, type Io } from "../../src/cli.js";
import { wantsLiveUi } from "../../src/commands/doctor.js";
import type { Report } from "../../src/report/types.js";
import { demoReport, healthyReport, SERVICE_ID, SG_FIX_COMMAND } from "../support/report.js";

const HEADER: UiHeader = {
  input: SERVICE_ID,
  region: "us-east-1",
  regionSource: "AWS_REGION",
  profile: "prod",
  endpoints: {},
};

const SPINNING = new RegExp(`^[${SPINNER.join("")}] `);

const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const mounted: { unmount(): void }[] = [];
afterEach(() => {
  for (const m of mounted.splice(0)) m.unmount();
});

function mount(options: { verbose?: boolean; trace?: boolean; color?: boolean; header?: UiHeader } = {}) {
  const store = createUiStore(options.header ?? HEADER);
  const ui = render(
    React.createElement(App, {
      store,
      color: options.color ?? false,
      verbose: options.verbose ?? false,
      trace: options.trace ?? false,
    }),
  );
  mounted.push(ui);
  const frame = (): string => ui.lastFrame() ?? "";
  return { store, ui, frame };
}

/** The first line of the frame that starts (after spaces) with `prefix`, without those spaces. */
function lineOf(frame: string, prefix: string): string | undefined {
  return frame
    .split("\n")
    .map((l) => l.trimStart())
    .find((l) => l.startsWith(prefix));
}

/** The line of a hop in flight: `⠙ listeners   reading…`. */
function spinning(frame: string, label: string): string | undefined {
  return frame.split("\n").find((l) => SPINNING.test(l) && l.slice(2).startsWith(`${label} `));
}

async function finished(store: UiStore, report: Report): Promise<void> {
  store.resolved({ id: report.target.id });
  store.finish(report);
  await tick();
}

describe("live UI: while gathering", () => {
  it("says what it reads, then shows a spinner per hop in flight and ✔ lines for finished hops", async () => {
    const { store, frame } = mount();
    await tick();
    expect(frame()).toContain(`reading ${SERVICE_ID} in us-east-1 (from AWS_REGION) · profile prod`);
    expect(frame()).toMatch(/finding the service…/);

    store.resolved({ id: SERVICE_ID, name: "orders-api" });
    store.progress({ hop: "service", phase: "start" });
    store.progress({ hop: "listeners", phase: "start" });
    await tick();
    expect(lineOf(frame(), "⠋ service")).toBeDefined();
    expect(lineOf(frame(), "⠋ listeners")).toMatch(/reading…$/);

    store.progress({ hop: "service", phase: "done", read: 1, failed: 0 });
    await tick();
    expect(lineOf(frame(), "✔ service")).toMatch(/^✔ service\s+1 read$/);
    expect(spinning(frame(), "listeners")).toMatch(/reading…$/);

    store.progress({ hop: "targets", phase: "start" });
    store.progress({ hop: "caller", phase: "start" });
    store.progress({ hop: "listeners", phase: "done", read: 2, failed: 0 });
    store.progress({ hop: "targets", phase: "done", read: 2, failed: 1 });
    store.progress({ hop: "caller", phase: "done", read: 0, failed: 1 });
    await tick();
    const f = frame();
    expect(lineOf(f, "✔ listeners")).toMatch(/2 read$/);
    expect(lineOf(f, "‼ targets")).toMatch(/2 read, 1 failed$/);
    expect(lineOf(f, "× caller identity")).toMatch(/0 read, 1 failed$/);
    // finished hops are listed in the order they finished, nothing is in flight any more
    const order = ["✔ service", "✔ listeners", "‼ targets", "× caller identity"].map((p) =>
      f.split("\n").findIndex((l) => l.startsWith(p)),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(f.split("\n").some((l) => SPINNING.test(l) && l.includes("reading…"))).toBe(false);
  });

  it("a hop read through one whose calls failed is drawn ?, never ✔ (it may have found nothing to read)", async () => {
    const { store, frame } = mount();
    store.resolved({ id: SERVICE_ID, name: "orders-api" });
    store.progress({ hop: "listeners", phase: "done", read: 0, failed: 1 });
    store.progress({ hop: "rules", phase: "done", read: 0, failed: 0 });
    store.progress({ hop: "target-groups", phase: "done", read: 0, failed: 0 });
    store.progress({ hop: "service-networks", phase: "done", read: 1, failed: 0 });
    store.progress({ hop: "vpc-associations", phase: "done", read: 2, failed: 0 });
    await tick();
    const f = frame();
    expect(lineOf(f, "× listeners")).toMatch(/0 read, 1 failed$/);
    expect(lineOf(f, "? rules")).toMatch(/0 read \(behind a failed read\)$/);
    expect(lineOf(f, "? target groups")).toMatch(/0 read \(behind a failed read\)$/);
    expect(lineOf(f, "✔ VPC associations")).toMatch(/2 read$/);
  });

  it("turns the spinner", async () => {
    const { store, frame } = mount();
    store.resolved({ id: SERVICE_ID });
    store.progress({ hop: "targets", phase: "start" });
    await tick();
    const first = lineOf(frame(), "⠋ targets");
    expect(first).toBeDefined();
    await tick(200);
    const later = spinning(frame(), "targets");
    expect(later).toBeDefined();
    expect(later!.startsWith("⠋")).toBe(false);
  });

  it("takes the live lines away when the run ends without a result", async () => {
    const { store, ui, frame } = mount();
    store.resolved({ id: SERVICE_ID });
    store.progress({ hop: "service", phase: "start" });
    store.progress({ hop: "service", phase: "done", read: 1, failed: 0 });
    store.progress({ hop: "targets", phase: "start" });
    await tick();
    expect(frame()).toMatch(/targets\s+reading…/);
    const before = ui.frames.length;
    store.abort();
    await tick(20);
    // Ink's last write on the way out may be the bare live area; what counts is that no frame after the
    // abort still says "reading…" and the finished hop was written.
    const after = ui.frames.slice(before);
    expect(after.length).toBeGreaterThan(0);
    expect(after.join("")).not.toContain("reading…");
    expect(ui.frames.join("")).toContain("✔ service");
    expect(frame()).not.toContain("reading…");
    // the app has ended: no more frames, even though the spinner was running
    const count = ui.frames.length;
    await tick(250);
    expect(ui.frames.length).toBe(count);
  });

  it("unmounts cleanly in flight: the spinner stops", async () => {
    const { store, ui } = mount();
    store.resolved({ id: SERVICE_ID });
    store.progress({ hop: "targets", phase: "start" });
    await tick(100);
    ui.unmount();
    const count = ui.frames.length;
    await tick(250);
    expect(ui.frames.length).toBe(count);
    expect(ui.stderr.frames.join("")).toBe("");
  });
});

describe("live UI: the result", () => {
  it("lists the findings in rank order with evidence, whole fix commands and `lattice explain`, then the verdict", async () => {
    const report = demoReport();
    const { store, ui, frame } = mount();
    store.resolved({ id: SERVICE_ID });
    store.progress({ hop: "service", phase: "start" });
    store.progress({ hop: "service", phase: "done", read: 1, failed: 0 });
    await finished(store, report);
    const f = frame();

    // header: name and id, region and where it came from, account, caller, profile
    expect(f).toContain("orders-api (svc-0e5b4c6a2d1f83a97)");
    expect(lineOf(f, "region")).toMatch(/us-east-1 \(from AWS_REGION\)$/);
    expect(lineOf(f, "caller")).toContain(report.context.callerArn!);
    expect(lineOf(f, "profile")).toMatch(/prod$/);

    const heads = f.split("\n").filter((l) => /^[×‼ℹ] /.test(l));
    expect(heads.map((l) => /LAT-\d+/.exec(l)?.[0])).toEqual(report.findings.map((x) => x.code));
    expect(heads[0]).toMatch(/^× critical LAT-401 Every request is denied/);
    const positions = report.findings.map((x) => f.indexOf(`lattice explain ${x.code}`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(f).toContain("vpc-lattice:GetService id=svc-0e5b4c6a2d1f83a97 authType=AWS_IAM");
    expect(f).toMatch(/caused by\s+LAT-501/);
    // the fix command is on one line, never wrapped by ink (100 columns here): it must paste whole
    expect(f.split("\n").some((l) => l.trim() === SG_FIX_COMMAND)).toBe(true);
    expect(SG_FIX_COMMAND.length).toBeGreaterThan(100);
    // passed checks collapsed into a count
    expect(f).toMatch(/^✔ \d+ checks passed$/m);
    expect(f).not.toMatch(/LAT-\d+ {2}pass/);
    // verdict and call statistics last; the live part is gone
    const tail = f.trimEnd().split("\n").slice(-2);
    expect(tail[0]).toBe(verdictLine(report));
    expect(tail[0]).toBe("✖ blocked: 3 critical, 1 warning — exit 1");
    expect(tail[1]).toBe("42 AWS calls, 0 failed, 1.3 s");
    expect(f).not.toContain("reading…");
    expect(ui.stderr.frames.join("")).toBe("");
  });

  it("shows a suppressed finding greyed out and briefly", async () => {
    const { store, frame } = mount();
    await finished(store, demoReport());
    const f = frame();
    const suppressed = demoReport().findings.find((x) => x.suppressed)!;
    expect(f).toContain(`[suppressed by ${suppressed.suppressed!.by}`);
    expect(f).toContain(`lattice explain ${suppressed.code}`);
  });

  it("-v lists every passed check with its timing, and each finding's resource and why", async () => {
    const report = healthyReport();
    const { store, frame } = mount({ verbose: true });
    await finished(store, report);
    const f = frame();
    const passed = report.checks.filter((c) => c.status === "pass");
    for (const c of passed) expect(f).toMatch(new RegExp(`^✔ ${c.code} {2}pass {2}(<1|\\d+) ms$`, "m"));
    expect(f.trimEnd().split("\n").at(-2)).toBe("✔ healthy: no findings — exit 0");

    const demo = mount({ verbose: true });
    await finished(demo.store, demoReport());
    expect(demo.frame()).toMatch(/resource\s+service svc-0e5b4c6a2d1f83a97/);
    expect(demo.frame()).toMatch(/why\s+The service's authType is AWS_IAM/);
  });

  it("shows the endpoint overrides and the replayed recording in the header", async () => {
    const report = healthyReport();
    const { store, frame } = mount({ header: { ...HEADER, replay: "fixtures/x.recording.json" } });
    await finished(store, report);
    for (const [name, url] of Object.entries(report.context.endpoints))
      expect(lineOf(frame(), "endpoint")).toBe(`endpoint  ${name}=${url}`);
    expect(frame()).toMatch(/replay\s+fixtures\/x\.recording\.json/);
  });

  it("--trace adds the request path", async () => {
    const { store, frame } = mount({ trace: true });
    await finished(store, demoReport());
    expect(frame()).toMatch(/^request path$/m);
  });

  it("escapes control characters from AWS and from the command line", async () => {
    const report = demoReport();
    report.target.name = "orders\x1b[2J\x1b]0;pwned\x07";
    report.findings[0]!.title = "bad \x1b[31mred\x1b[0m title";
    report.findings[0]!.fix.commands = ["aws vpc-lattice x --name 'a\nrm -rf /'"];
    const { store, frame } = mount({ header: { ...HEADER, input: "orders\x1b[2J", profile: "p\x9b2J" } });
    await tick();
    expect(frame()).toContain("reading orders\\x1b[2J in us-east-1");
    await finished(store, report);
    const f = frame();
    expect(f.includes("\x1b")).toBe(false);
    expect(f.includes("\x9b")).toBe(false);
    expect(f).toContain("orders\\x1b[2J\\x1b]0;pwned\\x07 (svc-0e5b4c6a2d1f83a97)");
    expect(f).toContain("bad \\x1b[31mred\\x1b[0m title");
    expect(f).toContain("aws vpc-lattice x --name 'a\\nrm -rf /'");
    expect(f).toContain("p\\u009b2J");
  });

  it("colours only when asked", async () => {
    const plain = mount({ color: false });
    await finished(plain.store, demoReport());
    expect(plain.frame().includes("\x1b[")).toBe(false);
    const coloured = mount({ color: true });
    await finished(coloured.store, demoReport());
    expect(coloured.frame()).toContain("\x1b[31m");
  });
});

describe("choosing the live UI", () => {
  const io = (isTTY: boolean, env: NodeJS.ProcessEnv = {}): Io => ({
    stdout: { write: () => true, isTTY },
    stderr: { write: () => true, isTTY },
    env,
  });

  it.each<[string, Parameters<typeof wantsLiveUi>[0], Io, boolean]>([
    ["a terminal", {}, io(true, { TERM: "xterm-256color" }), true],
    ["a pipe", {}, io(false), false],
    ["CI", {}, io(true, { CI: "true" }), false],
    ["TERM=dumb", {}, io(true, { TERM: "dumb" }), false],
    ["--output text", { output: "text" }, io(true), false],
    ["--output json", { output: "json" }, io(true), false],
  ])("%s", (_name, args, streams, expected) => {
    expect(wantsLiveUi(args, streams)).toBe(expected);
  });
});

/** A terminal-like stdout for ink, recording what is written. */
class FakeTty extends EventEmitter {
  isTTY = true;
  columns = 120;
  rows = 200;
  out = "";
  write = (chunk: string): boolean => {
    this.out += chunk;
    return true;
  };
}

// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string): string => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");

describe("lattice doctor on a terminal", () => {
  async function run(args: string[]) {
    const stdout = new FakeTty();
    let stderr = "";
    const code = await main(args, {
      stdout: stdout as unknown as Io["stdout"],
      stderr: { write: (s: string) => (stderr += s), isTTY: true },
      env: { AWS_EC2_METADATA_DISABLED: "true", TERM: "xterm-256color", NO_COLOR: "1" },
    });
    return { code, stdout: stripAnsi(stdout.out), stderr };
  }

  it("draws the live UI on stdout and exits with the report's code", async () => {
    const r = await run(["doctor", "--demo"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("reading svc-0e5b4c6a2d1f83a97 in us-east-1 (from the recording)");
    expect(r.stdout).toMatch(/✔ service\s+1 read/);
    expect(r.stdout).toContain("lattice explain LAT-401");
    expect(r.stdout).toMatch(/✖ blocked: 3 critical, 3 error, 4 warning — exit 1/);
    // The live signals: one sparkline line per series, a gap drawn as ·, never as a zero.
    expect(r.stdout).toMatch(/ConnectionErrorCount +█▇███▁▁▁▁▁▁▁▁▁▁ +total 1066/);
    expect(r.stdout).toMatch(/ConnectionTimeoutCount +▁▁▁▁▁·········· +total 0/);
    // the UI is the progress view: nothing on stderr
    expect(r.stderr).toBe("");
  });

  it("--output text on a terminal prints the text report", async () => {
    const r = await run(["doctor", "--demo", "--output", "text"]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain("reading svc-");
    expect(r.stdout).toContain("docs: lattice explain LAT-401");
  });

  it("healthy replay: exit 0", async () => {
    const r = await run(["doctor", "--replay", "fixtures/recordings/healthy-orders.recording.json"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✔ healthy: no findings — exit 0/);
  });
});
