// The shipped entry: src/cli.ts bundled by esbuild into ESM chunks under dist/bundle/. Code
// splitting follows the source's dynamic imports, so each command (and each lazily loaded piece:
// the live view, an SDK client, the policy evaluator…) loads only its own graph; one file per
// chunk instead of hundreds of node_modules files is most of the start-up saved. Source maps point
// at src/ (used with --debug, see bin/lattice.js).
import { build } from "esbuild";
import { rmSync, writeFileSync } from "node:fs";
import { writeRegistry } from "./checks-registry.mjs";

// The check registry is generated from checks/lat-*.ts (also by prebuild; cheap when up to date).
writeRegistry();

const outdir = "dist/bundle";
rmSync(outdir, { recursive: true, force: true });

const result = await build({
  entryPoints: { cli: "src/cli.ts" },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // The SDK and yargs are published as ESM and CJS: take ESM (tree-shaken, no CJS wrapper).
  mainFields: ["module", "main"],
  sourcemap: "linked",
  sourcesContent: false,
  legalComments: "none",
  chunkNames: "chunks/[name]-[hash]",
  // Bundled CommonJS code still calls require() for Node built-ins.
  banner: {
    js: 'import { createRequire as __latticeCreateRequire } from "node:module"; const require = __latticeCreateRequire(import.meta.url);',
  },
  // ink imports react-devtools-core only when DEV=true; it is not a dependency.
  external: ["react-devtools-core"],
  define: { "process.env.NODE_ENV": '"production"' },
  metafile: true,
  logLevel: "warning",
});

// Which chunk needs which (test/e2e/bundle.test.ts checks that each command loads only its own graph).
writeFileSync("dist/bundle.meta.json", JSON.stringify(result.metafile));

if (process.argv.includes("--analyze")) {
  const { analyzeMetafile } = await import("esbuild");
  process.stdout.write(await analyzeMetafile(result.metafile));
}
