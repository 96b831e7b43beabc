// The shipped entry: src/cli.ts bundled by esbuild into ESM chunks under dist/bundle/. Code
// splitting follows the source's dynamic imports, so each command (and each lazily loaded piece:
// the live view, an SDK client, the policy evaluator…) loads only its own graph; one file per
// chunk instead of hundreds of node_modules files is most of the start-up saved. Source maps point
// at src/ (used with --debug, see bin/lattice.js).
import { build } from "esbuild";
import { rmSync, writeFileSync } from "node:fs";
import { writeRegistry } from "./checks-registry.mjs";
import { XML_PARSER_FILE, patchXmlParser } from "./sdk-xml-parser-patch.mjs";
import { XML_DESER_FILE, patchXmlDeserializer } from "./sdk-xml-deser-patch.mjs";
import { NODE_HTTP_FILES, patchNodeHttp } from "./sdk-node-http-patch.mjs";
import { patchPlugin } from "./exact-text.mjs";

// The check registry is generated from checks/lat-*.ts (also by prebuild; cheap when up to date).
writeRegistry();
import { readFile } from "node:fs/promises";

/**
 * The SDK's generated schema modules (`@aws-sdk/<client>/dist-es/schemas/schemas_0.js`) declare
 * every shape of the service, the command's traits written with computed keys (`{ [_h]: [...] }`,
 * `_h` a string constant of the same file). esbuild must keep any statement with a computed key (the
 * key could run code), so each schema is bundled whole: 1 MB of EC2 shapes compiled on every run
 * for the dozen commands gather sends. Written as the literal key it stands for (`{ "http": … }`),
 * the same object, an unused shape is pure and tree-shaken (the doctor chunk: 1.35 MB → 0.36 MB).
 * Only `[_name]:` right after `{` or `,` whose `_name` is a `const _name = "…";` of the file is
 * rewritten; anything else is left as it was (merely kept whole).
 */
const schemaKeys = {
  name: "sdk-schema-literal-keys",
  setup(b) {
    b.onLoad({ filter: /[\\/]@aws-sdk[\\/].*[\\/]schemas[\\/]schemas_\d+\.js$/ }, async ({ path }) => {
      const text = await readFile(path, "utf8");
      const constants = new Map();
      for (const m of text.matchAll(/^const (_\w+) = ("(?:[^"\\\n]|\\.)*");$/gm)) constants.set(m[1], m[2]);
      const contents = text.replace(/([{,]\s*)\[(_\w+)\]:/g, (all, before, id) =>
        // "__proto__" as a literal key would set the prototype, not a property.
        constants.has(id) && constants.get(id) !== '"__proto__"' ? `${before}${constants.get(id)}:` : all,
      );
      return { contents, loader: "js" };
    });
  },
};

/**
 * string-width (three copies: yargs' cliui, wrap-ansi, ink's) builds an `Intl.Segmenter` (ICU's
 * grapheme data, about 50 ms) and regular expressions of Unicode properties (`\p{RGI_Emoji}` about
 * 10 ms, `\p{Default_Ignorable_Code_Point}` and the others together about 1 ms) when loaded: yargs
 * loads it on every run, and a run that prints no help and no aligned text never uses it. Each is
 * built on its first use instead (same objects, same results). A property regex is deferred only
 * where the file uses it just as `re.test(s)`, `s.search(re)` or `s.match(re)` (the stand-in
 * forwards those to the one real regex); used any other way, it is left as it was.
 */
const lazyUnicode = {
  name: "lazy-unicode-tables",
  setup(b) {
    b.onLoad(
      { filter: /[\\/]node_modules[\\/](?:.*[\\/])?string-width[\\/]index\.js$/ },
      async ({ path }) => {
        const text = (await readFile(path, "utf8")).replace(
          /^const (\w+) = (new Intl\.Segmenter\([^)]*\));$/gm,
          "let $1Built;\nconst $1 = { segment: (text) => ($1Built ??= $2).segment(text) };",
        );
        return { contents: lazyPropertyRegExps(text), loader: "js" };
      },
    );
  },
};

function lazyPropertyRegExps(text) {
  let deferred = false;
  const out = text.replace(/^const (\w+) = (\/.*\\p\{.*\/[a-z]*);$/gm, (declaration, name, literal) => {
    const uses = text.match(new RegExp(`\\b${name}\\b`, "g")).length - 1;
    const known = (text.match(new RegExp(`\\b${name}\\.test\\(|\\.(?:search|match)\\(${name}\\)`, "g")) ?? [])
      .length;
    if (uses !== known) return declaration;
    deferred = true;
    return `let ${name}Built;\nconst ${name} = lazyRegExp(() => (${name}Built ??= ${literal}));`;
  });
  if (!deferred) return text;
  return (
    `${out}\n` +
    "function lazyRegExp(build) {\n" +
    "  return {\n" +
    "    test: (text) => build().test(text),\n" +
    "    [Symbol.search]: (text) => build()[Symbol.search](text),\n" +
    "    [Symbol.match]: (text) => build()[Symbol.match](text),\n" +
    "  };\n" +
    "}\n"
  );
}

/**
 * yargs' constructor guesses the program's version (before any `.version(VERSION)` can replace it)
 * by walking up from the app's root, found from where its shim file lives: the part of its path
 * before `node_modules`. Bundled, the shim's path has no `node_modules`, so yargs starts at the
 * current directory and reads every directory up to `/` (an AssertionError, formatted and thrown
 * away, when none has a package.json): 1–7 ms of every run, more in a large directory, for a
 * version that is never shown. Started from the bundle's own file instead, it stops at the
 * package's own package.json after a few small directories, wherever the user runs it from.
 */
const yargsStartsHere = {
  name: "yargs-main-filename",
  setup(b) {
    b.onLoad(
      { filter: /[\\/]node_modules[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/ },
      async ({ path }) => {
        const text = await readFile(path, "utf8");
        const from = "const mainFilename = __dirname.substring(0, __dirname.lastIndexOf('node_modules'));";
        // A yargs that no longer reads its root this way fails the build instead of silently walking again.
        if (!text.includes(from)) throw new Error(`yargs-main-filename: ${path} no longer has: ${from}`);
        return { contents: text.replace(from, "const mainFilename = __dirname;"), loader: "js" };
      },
    );
  },
};

/**
 * The SDK's XML parser (every EC2, STS, IAM and S3 answer; a large service's DescribeInstances
 * pages are ~1 MB) builds its strings one character at a time: its `parseTag` is the SDK's biggest
 * CPU hotspot of a run. Only those loops are rewritten into slices of the input (see
 * sdk-xml-parser-patch.mjs): the same object, the same errors.
 */
const fastXmlParser = patchPlugin("sdk-xml-parser-slices", XML_PARSER_FILE, patchXmlParser);

/**
 * The SDK's XML deserialiser, after the parser, redoes per value what depends only on the schema
 * (each struct member's XML name through a generator and trait merges; a new schema object for
 * every list's member): it is computed once per schema instead (see sdk-xml-deser-patch.mjs). The
 * same objects, the same errors.
 */
const fastXmlDeserializer = patchPlugin("sdk-xml-deserializer-tables", XML_DESER_FILE, patchXmlDeserializer);

/**
 * The SDK loads node:http (for an `http://` endpoint; for the instance and container metadata
 * credentials) through import, whose module facade reads node:http's lazy WebSocket getters and so
 * loads undici (~35 ms on Node 22 and 24): through require() instead (see sdk-node-http-patch.mjs).
 */
const nodeHttpByRequire = patchPlugin("sdk-node-http-by-require", NODE_HTTP_FILES, patchNodeHttp);

const outdir = "dist/bundle";
rmSync(outdir, { recursive: true, force: true });

const result = await build({
  // early: `doctor <id|ARN>`'s first reads, sent before cli is loaded (src/early.ts). Both entries
  // share their common modules' chunks, so the prefetch registry is one instance for both.
  entryPoints: { cli: "src/cli.ts", early: "src/early.ts" },
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
  // .mjs: Node knows each file is ESM from its name; a .js file makes it look up the nearest
  // package.json's "type" for every chunk it loads (~9% of the demo's start on Node 20, ~3% on 24).
  outExtension: { ".js": ".mjs" },
  // Bundled CommonJS code still calls require() for Node built-ins.
  banner: {
    js: 'import { createRequire as __latticeCreateRequire } from "node:module"; const require = __latticeCreateRequire(import.meta.url);',
  },
  // ink imports react-devtools-core only when DEV=true; it is not a dependency.
  external: ["react-devtools-core"],
  define: { "process.env.NODE_ENV": '"production"' },
  plugins: [schemaKeys, lazyUnicode, yargsStartsHere, fastXmlParser, fastXmlDeserializer, nodeHttpByRequire],
  metafile: true,
  logLevel: "warning",
});

// Which chunk needs which (test/e2e/bundle.test.ts checks that each command loads only its own graph).
writeFileSync("dist/bundle.meta.json", JSON.stringify(result.metafile));

if (process.argv.includes("--analyze")) {
  const { analyzeMetafile } = await import("esbuild");
  process.stdout.write(await analyzeMetafile(result.metafile));
}
