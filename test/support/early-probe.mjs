// Preload for test/e2e/early.test.ts: appends to $LATTICE_PROBE_LOG, with the time, each HTTP
// request the process starts and the moment the CLI's entry (dist/bundle/cli.mjs) is evaluated
// (every chunk of the bundle calls createRequire(import.meta.url) first: wrapped here).
import { appendFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { subscribe } from "node:diagnostics_channel";
import module, { syncBuiltinESMExports } from "node:module";

const log = (line) =>
  appendFileSync(process.env.LATTICE_PROBE_LOG, `${performance.now().toFixed(2)} ${line}\n`);
subscribe("http.client.request.start", ({ request }) => log(`request ${request.path}`));
const createRequire = module.createRequire;
module.createRequire = (url) => {
  if (String(url).endsWith("/dist/bundle/cli.mjs")) log("cli.js");
  return createRequire(url);
};
syncBuiltinESMExports();
// Whether undici (Node's fetch and WebSocket) was loaded: an `import("node:http")` loads it on
// Node ≥ 22 (its module facade reads http's lazy WebSocket getters); nothing of a run needs it.
process.on("exit", () =>
  log(`undici ${process.moduleLoadList.some((m) => m.includes("internal/deps/undici/undici"))}`),
);
