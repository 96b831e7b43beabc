/**
 * The real binary, spawned (`node --import loopback-only bin/lattice.js …`), for the end-to-end tests
 * that cross a process boundary: the wire server, moto, the bundle. The preload refuses every
 * non-loopback connection, so no spawned run can reach AWS; the environment is exactly what the
 * test passes (nothing inherited). Needs `npm run build`.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "vitest";
import type { Report } from "../../src/report/types.js";
import { expectValidReport } from "./validate-report.js";

export const BIN = resolve("bin/lattice.js");
export const LOOPBACK_GUARD = pathToFileURL(resolve("test/support/loopback-only.mjs")).href;

export interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to close. */
  ms: number;
}

/** Runs `lattice …args` with exactly `env`; killed (and the test failed) after `timeoutMs`. */
export function runBin(args: string[], env: Record<string, string>, timeoutMs = 15_000): Promise<Spawned> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--import", LOOPBACK_GUARD, BIN, ...args], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(new Error(`timed out after ${timeoutMs} ms: lattice ${args.join(" ")}\n${stderr}`));
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      fail(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/**
 * `lattice doctor …args --output json` spawned with `env`: nothing may have tried to leave loopback,
 * and stdout must be one valid JSON document (the test fails with both streams otherwise).
 */
export async function doctorJson(
  args: string[],
  env: Record<string, string>,
  timeoutMs?: number,
): Promise<{ run: Spawned; report: Report }> {
  const run = await runBin(["doctor", ...args, "--output", "json"], env, timeoutMs);
  expect(run.stderr).not.toContain("loopback-only");
  let report: unknown;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    throw new Error(`no JSON on stdout (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
  expectValidReport(report);
  return { run, report };
}
