/**
 * The SDK's XML deserialisation (parser + XmlShapeDeserializer) as the bundle runs it, published
 * against patched, on every XML answer the loopback fake gives a large service's run.
 *
 *   npm run build && node dist/bench/xml-deser-bench.js [--runs 15] [--warm 20]
 *
 * Builds one small esbuild bundle per variant (the deserialiser with each variant's bundle
 * patches), then spawns them alternately, each in a fresh process, --runs times: the first pass
 * over the answers is what a CLI run pays (cold, mostly interpreted), the median of --warm more
 * passes the optimised cost. Prints the medians of the CPU time (ms: steadier than the wall clock on
 * a shared machine; of the main thread where Node has process.threadCpuUsage, else of the whole
 * process: the header says which) of the parser,
 * readSchema and their sum. Run it with another Node to compare: `/path/to/node dist/bench/…`.
 */
import { build, type Plugin } from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../src/version.js";
import { pathToFileURL } from "node:url";
import { captureXmlAnswers, type XmlAnswer } from "./xml-answers.js";
import { flag, median } from "./support.js";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// The patches live in scripts/ (not compiled to dist/): loaded from the package root.
const script = (name: string) => pathToFileURL(join(PACKAGE_ROOT, "scripts", name)).href;
const { XML_PARSER_FILE, patchXmlParser } = (await import(
  script("sdk-xml-parser-patch.mjs")
)) as typeof import("../scripts/sdk-xml-parser-patch.mjs");
const { XML_DESER_FILE, patchXmlDeserializer } = (await import(
  script("sdk-xml-deser-patch.mjs")
)) as typeof import("../scripts/sdk-xml-deser-patch.mjs");
const { patchPlugin } = (await import(
  script("exact-text.mjs")
)) as typeof import("../scripts/exact-text.mjs");
const patching = (filter: RegExp, patch: Parameters<typeof patchPlugin>[2]) =>
  patchPlugin(`patch ${filter.source}`, filter, patch);

const VARIANTS: Record<string, Plugin[]> = {
  published: [],
  "parser patch": [patching(XML_PARSER_FILE, patchXmlParser)],
  "both patches (the bundle)": [
    patching(XML_PARSER_FILE, patchXmlParser),
    patching(XML_DESER_FILE, patchXmlDeserializer),
  ],
};

const CLIENTS: Record<string, string> = {
  ec2: "@aws-sdk/client-ec2",
  sts: "@aws-sdk/client-sts",
  iam: "@aws-sdk/client-iam",
};

/** The child: reads the answers, deserialises each as the Query protocols do, prints timings. */
function childSource(answers: XmlAnswer[]): string {
  const imports = Object.entries(CLIENTS).map(([service, pkg]) => {
    const ops = [
      ...new Set(answers.filter((a) => a.service === service && a.status < 300).map((a) => a.action)),
    ];
    return `import { ${ops.map((o) => `${o}$`).join(", ")} } from "${pkg}";\nconst ${service}Ops = { ${ops.map((o) => `${o}: ${o}$`).join(", ")} };`;
  });
  return `
import { readFileSync } from "node:fs";
import { XmlShapeDeserializer } from "@aws-sdk/core/protocols";
import { NormalizedSchema } from "@smithy/core/schema";
${imports.join("\n")}
const ops = { ec2: ec2Ops, sts: stsOps, iam: iamOps };
const answers = JSON.parse(readFileSync(process.argv[2], "utf8"));
const warmPasses = Number(process.argv[3]);
const settings = {
  timestampFormat: { useTrait: true, default: 5 },
  httpBindings: false,
  serializeEmptyLists: true,
};
const deserializer = new XmlShapeDeserializer(settings);
deserializer.setSerdeContext({});
const jobs = answers.map((a) => {
  if (a.status >= 300) return { xml: a.body, schema: 15 };
  const op = ops[a.service][a.action];
  return { xml: a.body, schema: NormalizedSchema.of(op[5]), key: a.service === "ec2" ? undefined : a.action + "Result" };
});
// CPU time (µs) of the main thread where Node tells it (>= 23.9), else of the process.
const usage = process.threadCpuUsage ? () => process.threadCpuUsage() : () => process.cpuUsage();
const cpu = () => { const u = usage(); return u.user + u.system; };
function pass() {
  let parse = 0, read = 0;
  for (const job of jobs) {
    const t0 = cpu();
    const parsed = deserializer.parseXml(job.xml);
    const t1 = cpu();
    deserializer.readSchema(job.schema, job.key ? parsed[job.key] : parsed);
    const t2 = cpu();
    parse += (t1 - t0) / 1e3;
    read += (t2 - t1) / 1e3;
  }
  return { parse, read };
}
const cold = pass();
const warm = [];
for (let i = 0; i < warmPasses; i++) warm.push(pass());
process.stdout.write(JSON.stringify({ cold, warm }));
`;
}

async function bundle(source: string, plugins: Plugin[], outfile: string): Promise<void> {
  // A patch that no longer applies is a warning: a variant measured unpatched is no measure.
  const { warnings } = await build({
    stdin: { contents: source, resolveDir: PACKAGE_ROOT, loader: "js" },
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    mainFields: ["module", "main"],
    logLevel: "error",
    plugins,
  });
  if (warnings.length) throw new Error(`not found: ${warnings.map((w) => w.text).join(", ")}`);
}

interface Pass {
  parse: number;
  read: number;
}

const ms = (n: number) => n.toFixed(1).padStart(7);

async function main(): Promise<void> {
  const runs = flag("runs", 15);
  const warmPasses = flag("warm", 20);
  const answers = await captureXmlAnswers();
  const xml = answers.filter((a) => a.service !== "s3");
  const dir = mkdtempSync(join(tmpdir(), "xml-deser-bench-"));
  try {
    const answersFile = join(dir, "answers.json");
    writeFileSync(answersFile, JSON.stringify(xml));
    const source = childSource(xml);
    const names = Object.keys(VARIANTS);
    for (const [i, name] of names.entries()) await bundle(source, VARIANTS[name]!, join(dir, `v${i}.mjs`));
    const results = new Map<string, { cold: Pass[]; warm: Pass[] }>(
      names.map((n) => [n, { cold: [], warm: [] }]),
    );
    for (let run = 0; run < runs; run++)
      for (const [i, name] of names.entries()) {
        const child = spawnSync(process.execPath, [join(dir, `v${i}.mjs`), answersFile, String(warmPasses)], {
          encoding: "utf8",
        });
        if (child.status !== 0) throw new Error(`${name}: ${child.stderr}`);
        const out = JSON.parse(child.stdout) as { cold: Pass; warm: Pass[] };
        const r = results.get(name)!;
        r.cold.push(out.cold);
        r.warm.push({
          parse: median(out.warm.map((w) => w.parse)),
          read: median(out.warm.map((w) => w.read)),
        });
      }
    const kb = Math.round(xml.reduce((n, a) => n + a.body.length, 0) / 1024);
    process.stdout.write(
      `${xml.length} XML answers (${kb} KB), Node ${process.versions.node}, ${runs} fresh processes each, median CPU ms (${"threadCpuUsage" in process ? "main thread" : "process"})\n\n` +
        `${"".padEnd(30)}  cold: parse    read   total | warm: parse    read   total\n`,
    );
    for (const name of names) {
      const { cold, warm } = results.get(name)!;
      const row = (passes: Pass[]) => {
        const p = median(passes.map((x) => x.parse));
        const r = median(passes.map((x) => x.read));
        return `${ms(p)} ${ms(r)} ${ms(median(passes.map((x) => x.parse + x.read)))}`;
      };
      process.stdout.write(`${name.padEnd(30)}  ${row(cold)}       | ${row(warm)}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
