/**
 * Preloaded into a benchmarked child (`node --import …/rss-exit.js`): on exit, writes the
 * process's peak resident set size in KiB and its CPU time (user + system, µs) from
 * `process.resourceUsage()` as JSON to the file named by LATTICE_BENCH_RSS_FILE. Node gives a parent no rusage of its children, and the bench uses no
 * tool outside the repository (no /usr/bin/time).
 */
import { writeFileSync } from "node:fs";

const file = process.env.LATTICE_BENCH_RSS_FILE;
if (file)
  process.on("exit", () => {
    const usage = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({ maxRSS: usage.maxRSS, cpuMicros: usage.userCPUTime + usage.systemCPUTime }),
    );
  });
