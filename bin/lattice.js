#!/usr/bin/env node
// Thin launcher: the bundled CLI lives in dist/bundle/ (scripts/bundle.mjs). Kept tiny so start-up
// is close to bare Node: `lattice --version` is answered here from package.json, loading nothing.
// Closing stdout early (`lattice doctor … | head -1`) ends the program quietly; Ctrl-C exits 130.
import { readFileSync } from "node:fs";
import { URL } from "node:url";
import { enableCompileCache, flushCompileCache } from "./compile-cache.js";

const argv = process.argv.slice(2);

if (argv.length === 1 && argv[0] === "--version") {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  process.stdout.write(`${pkg.version}\n`);
} else {
  process.stdout.on("error", (error) => {
    if (error && error.code === "EPIPE") process.exit(0);
    throw error;
  });
  process.on("SIGINT", () => process.exit(130));
  // The SDK's "Node version going out of support" banner is about the SDK, not this run; it is
  // shown only with --debug (SDK-level detail). Set before any SDK module is loaded.
  const debug = argv.includes("--debug");
  if (!debug) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  // --debug stack traces point at src/ through the bundle's source maps (a cost paid only then).
  if (debug) process.setSourceMapsEnabled(true);
  enableCompileCache(process.env);

  // `doctor <svc-… | ARN>`: its first AWS reads leave before the CLI is loaded, and the run adopts
  // their answers (src/early.ts); loading the CLI overlaps the first round trip instead of preceding it.
  // LATTICE_DOCTOR_NO_EARLY=1 (internal: A/B benchmarks and tests) runs without it.
  // Only a command line naming an id or ARN can have one (`doctor --demo` or a name loads nothing for it).
  const early =
    argv[0] === "doctor" &&
    argv.some((arg) => /^\s*(svc-|arn:)/.test(arg)) &&
    !process.env.LATTICE_DOCTOR_NO_EARLY
      ? await import("../dist/bundle/early.mjs")
      : undefined;
  await early?.startEarly(argv);
  const { main } = await import("../dist/bundle/cli.mjs");
  main(argv).then(
    (code) => exitWhenFlushed(code, early),
    (err) => {
      process.stderr.write(`lattice: internal error: ${err && err.message ? err.message : String(err)}
`);
      exitWhenFlushed(70, early);
    },
  );
}

/**
 * Once main() has returned, nothing is left to run (a recording is written before it returns; a
 * read still in flight after the deadline is abandoned anyway; the early reads the run did not adopt
 * are aborted), but letting the event loop drain and Node tear the heap down page by page takes
 * another ~20 ms, and an early read still waiting (a credential look-up) would hold the process. So
 * it exits as soon as what it wrote is flushed (a pipe may be asynchronous: the empty writes call
 * back in order) and the compile cache is on disk.
 */
function exitWhenFlushed(code, early) {
  process.exitCode = code;
  early?.finishEarly();
  flushCompileCache();
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}
