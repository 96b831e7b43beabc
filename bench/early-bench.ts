/**
 * The early stage (src/early.ts), A/B: `lattice doctor svc-… --output json` for the large service
 * against the loopback fake (--delay ms per call), alternately without (LATTICE_DOCTOR_NO_EARLY=1)
 * and with it. For each run: when the fake saw the first request and the last, and the whole wall,
 * all from the spawn; medians of --runs, after one warm-up of each. Also checks that both give the
 * same findings and the same number of calls.
 *
 *   npm run build && node dist/bench/early-bench.js --runs 9 --delay 50
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../src/version.js";
import { FakeAccount } from "../test/support/fake-account.js";
import { LARGE_SERVICE, SYNTHETIC_SERVICE, syntheticScenario } from "./scenarios.js";
import { flag, median, wireUserEnv } from "./support.js";
import { startWireServer } from "../test/support/wire-server.js";
import type { CallAnswerer } from "../src/aws/recording.js";

const BIN = join(PACKAGE_ROOT, "bin", "lattice.js");
const RSS_PRELOAD = pathToFileURL(join(PACKAGE_ROOT, "dist", "bench", "rss-exit.js")).href;
interface Sample {
  firstMs: number;
  lastMs: number;
  wallMs: number;
  calls: number;
  codes: string;
  /** CPU time (user + system) and peak memory of the child (bench/rss-exit.ts). */
  cpuMs: number;
  peakMb: number;
}

const runs = flag("runs", 9);
const delayMs = flag("delay", 50);
const fake = new FakeAccount(syntheticScenario(LARGE_SERVICE), { delayMs });
/** performance.now() of each request the fake was asked, in arrival order. */
let arrivals: number[] = [];
const answerer: CallAnswerer = {
  answer: (service, operation, input) => {
    arrivals.push(performance.now());
    return fake.answer(service, operation, input);
  },
};
const server = await startWireServer(answerer);
const home = mkdtempSync(join(tmpdir(), "lattice-early-bench-"));
const env = wireUserEnv(home, server.env);

function once(early: boolean): Promise<Sample> {
  arrivals = [];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const rusage = join(home, "rusage.json");
    const args = ["--import", RSS_PRELOAD, BIN, "doctor", SYNTHETIC_SERVICE, "--output", "json"];
    const child = spawn(process.execPath, args, {
      env: { ...env, LATTICE_BENCH_RSS_FILE: rusage, ...(early ? {} : { LATTICE_DOCTOR_NO_EARLY: "1" }) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.on("error", reject);
    child.on("close", () => {
      const wallMs = performance.now() - started;
      const report = JSON.parse(stdout) as { findings: { code: string }[]; calls: { total: number } };
      const usage = JSON.parse(readFileSync(rusage, "utf8")) as { maxRSS: number; cpuMicros: number };
      resolve({
        cpuMs: usage.cpuMicros / 1000,
        peakMb: usage.maxRSS / 1024,
        firstMs: arrivals[0]! - started,
        lastMs: arrivals.at(-1)! - started,
        wallMs,
        calls: arrivals.length,
        codes: report.findings.map((f) => f.code).join(","),
      });
    });
  });
}

const samples = { off: [] as Sample[], on: [] as Sample[] };
await once(false);
await once(true);
for (let i = 0; i < runs; i++) {
  samples.off.push(await once(false));
  samples.on.push(await once(true));
}
await server.close();
rmSync(home, { recursive: true, force: true });

const row = (name: string, s: Sample[]) =>
  `| ${name} | ${Math.round(median(s.map((x) => x.firstMs)))} ms | ${Math.round(median(s.map((x) => x.lastMs)))} ms | ${Math.round(median(s.map((x) => x.wallMs)))} ms | ${Math.round(median(s.map((x) => x.cpuMs)))} ms | ${Math.round(median(s.map((x) => x.peakMb)))} MB | ${[...new Set(s.map((x) => x.calls))].join("/")} |`;
process.stdout.write(
  `doctor ${SYNTHETIC_SERVICE} --output json, ${delayMs} ms per call, median of ${runs} (alternating)\n` +
    `| | first request | last request | wall | CPU | peak memory | requests |\n|---|---|---|---|---|---|---|\n` +
    `${row("without the early stage", samples.off)}\n${row("with the early stage", samples.on)}\n`,
);
const same = new Set([...samples.off, ...samples.on].map((s) => s.codes)).size === 1;
process.stdout.write(`same findings: ${same ? "yes" : "NO"}\n`);
if (!same) process.exitCode = 1;
