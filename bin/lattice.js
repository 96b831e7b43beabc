#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/. Kept tiny so `lattice --version` starts fast.
// Closing stdout early (`lattice doctor … | head -1`) ends the program quietly; Ctrl-C exits 130.
import { enableCompileCache } from "./compile-cache.js";

process.stdout.on("error", (error) => {
  if (error && error.code === "EPIPE") process.exit(0);
  throw error;
});
process.on("SIGINT", () => process.exit(130));
// The SDK's "Node version going out of support" banner is about the SDK, not this run; it is
// shown only with --debug (SDK-level detail). Set before any SDK module is loaded.
if (!process.argv.includes("--debug"))
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
enableCompileCache(process.env);

const { main } = await import("../dist/src/cli.js");
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`lattice: internal error: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 70;
  },
);
