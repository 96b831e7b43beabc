/**
 * The live terminal UI (src/render/ui): frames as ink draws them (ink-testing-library keeps the
 * <Static> output in every frame), driven by the same events and Report `lattice doctor` feeds it.
 */
import { EventEmitter } from "node:events";
import React from "react";
import { render } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { App, SPINNER } from "../../src/render/ui/app.js";
import { frameLines, HOPS } from "../../src/render/ui/frame.js";
import { startLiveUi } from "../../src/render/ui/run.js";
import { createUiStore, HOP_LABELS, type UiHeader, type UiStore } from "../../src/render/ui/store.js";
import { verdictLine } from "../../src/render/text.js";
import { main, type Io } from "../../src/cli.js";
import { wantsLiveUi } from "../../src/commands/doctor.js";
import type { Report } from "../../src/report/types.js";
import { demoReport, SERVICE_ID, SG_FIX_COMMAND } from "../support/report.js";

const HEADER: UiHeader = {
  input: SERVICE_ID,
  region: "us-east-1",
  regionSource: "AWS_REGION",
  profile: "prod",
  endpoints: {},
};

const SPINNING = new RegExp(`^[${SPINNER.join("")}] `);

const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until no frame has come for `quietMs` (the view has ended), at most `limitMs`; a view whose
 * spinner goes on (a frame every 80 ms) never goes quiet, and the caller's count check then fails.
 */
async function settled(frames: readonly string[], quietMs = 300, limitMs = 3000): Promise<void> {
  const deadline = Date.now() + limitMs;
  let seen = frames.length;
  while (Date.now() < deadline) {
    await tick(quietMs);
    if (frames.length === seen) return;
    seen = frames.length;
  }
}

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
  it("says what it reads and lists every hop from the first frame, in request-path order, rows never moving", async () => {
    const { store, frame } = mount();
    await tick();
    const first = frame();
    expect(first).toContain(`reading ${SERVICE_ID} in us-east-1 (from AWS_REGION) · profile prod`);
    const rowOf = (f: string, label: string): number =>
      f.split("\n").findIndex((l) => new RegExp(`^. ${label}( |$)`).test(l));
    const rows = HOPS.map((hop) => rowOf(first, HOP_LABELS[hop]));
    expect(rows.every((r) => r > 0)).toBe(true);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    expect(lineOf(first, "· listeners")).toBe("· listeners");

    store.resolved({ id: SERVICE_ID, name: "orders-api" });
    store.progress({ hop: "targets", phase: "start" });
    store.progress({ hop: "service", phase: "start" });
    store.progress({ hop: "listeners", phase: "start" });
    await tick();
    expect(spinning(frame(), "service")).toMatch(/reading…$/);
    expect(spinning(frame(), "listeners")).toMatch(/reading…$/);

    store.progress({ hop: "targets", phase: "done", read: 2, failed: 1 });
    store.progress({ hop: "caller", phase: "start" });
    store.progress({ hop: "caller", phase: "done", read: 0, failed: 1 });
    store.progress({ hop: "service", phase: "done", read: 1, failed: 0 });
    await tick();
    const f = frame();
    expect(lineOf(f, "✔ service")).toMatch(/^✔ service\s+1 read$/);
    expect(lineOf(f, "‼ targets")).toMatch(/2 read, 1 failed$/);
    expect(lineOf(f, "× caller identity")).toMatch(/0 read, 1 failed$/);
    // the hops are where they were in the first frame, whatever order they finished in
    expect(HOPS.map((hop) => rowOf(f, HOP_LABELS[hop]))).toEqual(rows);
  });

  it("keeps every line within the terminal's width, and the frame shorter than the terminal", () => {
    const state = createUiStore({ ...HEADER, input: "a-very-long-service-name-".repeat(5) }).getSnapshot();
    const lines = frameLines(state, { color: false, verbose: false, columns: 80, rows: 24, spin: 0 });
    expect(lines.length).toBeLessThan(24);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(79);
    const short = frameLines(state, { color: false, verbose: false, columns: 80, rows: 10, spin: 0 });
    expect(short.length).toBeLessThan(10);
    expect(short[1]).toMatch(new RegExp(`0 of ${HOPS.length} hops read`));
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
    store.abort();
    await settled(ui.frames);
    expect(frame()).not.toContain("reading…");
    // the app has ended: no more frames, even though the spinner was running
    const count = ui.frames.length;
    await tick(250);
    expect(ui.frames.length).toBe(count);
  });

  it("ends on a frame with every hop settled, and stops", async () => {
    const { store, ui, frame } = mount();
    store.resolved({ id: SERVICE_ID });
    store.progress({ hop: "service", phase: "start" });
    store.progress({ hop: "service", phase: "done", read: 1, failed: 0 });
    await finished(store, demoReport());
    await tick(20);
    // The last frame drawn with content: once the view has exited (sooner on a loaded machine) the
    // test renderer may add an empty one.
    const f = [...ui.frames].reverse().find((x) => x.trim() !== "") ?? frame();
    expect(f).toContain(`read ${SERVICE_ID} in us-east-1`);
    expect(lineOf(f, "✔ service")).toMatch(/1 read$/);
    expect(lineOf(f, "– rules")).toMatch(/not read$/);
    expect(f).not.toContain("reading…");
    await settled(ui.frames);
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

  it("escapes control characters from the command line", async () => {
    const { frame } = mount({ header: { ...HEADER, input: "orders\x1b[2J", profile: "p\x9b2J" } });
    await tick();
    expect(frame()).toContain("reading orders\\x1b[2J in us-east-1");
    expect(frame()).toContain("p\\u009b2J");
    expect(frame().includes("\x1b")).toBe(false);
  });
});

describe("live UI: the result is the text report, printed below the last frame", () => {
  async function live(report: Report, options: { verbose?: boolean; trace?: boolean; color?: boolean } = {}) {
    const stdout = new FakeTty();
    stdout.columns = 100;
    stdout.rows = 40;
    const ui = startLiveUi({
      stdout: stdout as unknown as NodeJS.WriteStream,
      header: HEADER,
      color: options.color ?? false,
      verbose: options.verbose ?? false,
      trace: options.trace ?? false,
    });
    // the first frame is out before ink is even loaded
    const firstFrame = stdout.out;
    ui.store.resolved({ id: report.target.id });
    expect(await ui.finish(report)).toBe(true);
    return { firstFrame, out: stdout.out, text: stripAnsi(stdout.out) };
  }

  it("writes the first frame at once, then ends with the root causes and the verdict", async () => {
    const report = demoReport();
    const { firstFrame, text } = await live(report);
    expect(firstFrame).toContain(`reading ${SERVICE_ID} in us-east-1 (from AWS_REGION)`);
    expect(firstFrame).toMatch(/^· service$/m);
    const tail = text.trimEnd().split("\n");
    expect(tail.at(-1)).toBe(verdictLine(report, undefined, 99));
    expect(tail.at(-1)).toBe(
      "✖ blocked by LAT-401 (iam-auth-without-policy): 3 critical, 1 warning — exit 1",
    );
    expect(text).toContain("root causes (2, fix in this order)");
    expect(tail).toContain(`     ${SG_FIX_COMMAND}`);
    expect(text).toContain("docs: lattice explain LAT-401");
    // filled to the terminal: only commands are wider
    for (const l of tail)
      if (!l.trimStart().startsWith("aws ")) expect([...l].length).toBeLessThanOrEqual(100);
  });

  it("never clears the screen", async () => {
    const { out } = await live(demoReport(), { color: true });
    expect(out).not.toContain("\x1b[3J");
    expect(out).not.toContain("\x1b[2J");
  });

  it("-v and --trace reach the report", async () => {
    const { text } = await live(demoReport(), { verbose: true, trace: true });
    expect(text).toMatch(/^✔ LAT-102 {2}pass/m);
    expect(text).toMatch(/^request path$/m);
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
    expect(r.stdout).toContain(
      "fixtures/demo/orders-api.recording.json, recorded 2025-11-28 09:30 UTC — not a live run",
    );
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe(
      "✖ blocked by LAT-401 (iam-auth-without-policy): 3 critical, 3 error, 4 warning — exit 1",
    );
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
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("✔ healthy: no findings — exit 0");
  });
});
