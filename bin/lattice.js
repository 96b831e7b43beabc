#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/. Kept tiny so `lattice --version` starts fast.
import { main } from "../dist/src/cli.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`lattice: internal error: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 70;
  },
);
