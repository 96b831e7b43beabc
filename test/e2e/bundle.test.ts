/**
 * The shipped bundle (scripts/bundle.mjs): what each entry loads before it runs, source maps back
 * to src/, and what the package ships. Reads the esbuild metafile the build writes beside it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { XML_PARSER_REPLACEMENTS } from "../../scripts/sdk-xml-parser-patch.mjs";
import { XML_DESER_REPLACEMENTS } from "../../scripts/sdk-xml-deser-patch.mjs";
import { NODE_HTTP_REPLACEMENTS } from "../../scripts/sdk-node-http-patch.mjs";

interface Output {
  imports: { path: string; kind: string; external?: boolean }[];
  inputs: Record<string, { bytesInOutput: number }>;
  entryPoint?: string;
}
const META = "dist/bundle.meta.json";

describe.skipIf(!existsSync(META))("the bundle", () => {
  const outputs = (JSON.parse(readFileSync(META, "utf8")) as { outputs: Record<string, Output> }).outputs;

  /** Every output file loaded, before any of its code runs, when `output` is imported. */
  function staticChunks(output: string): string[] {
    const seen = new Set<string>();
    const stack = [output];
    while (stack.length) {
      const next = stack.pop()!;
      if (seen.has(next) || !outputs[next]) continue;
      seen.add(next);
      for (const i of outputs[next].imports)
        if (i.kind === "import-statement" && !i.external) stack.push(i.path);
    }
    return [...seen];
  }
  /** Every input file loaded, before any of its code runs, when `output` is imported. */
  const staticGraph = (output: string): string[] =>
    staticChunks(output).flatMap((o) => Object.keys(outputs[o]!.inputs));
  /** The chunk a dynamic import(source) loads. */
  const chunkOf = (source: string) => Object.keys(outputs).find((o) => outputs[o]!.entryPoint === source);
  const packages = (inputs: string[]) =>
    new Set(inputs.map((i) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(i)?.[1]).filter(Boolean));

  it("starts with yargs and nothing else: no SDK, ink, React, policy evaluator, YAML", () => {
    const entry = Object.keys(outputs).find((o) => outputs[o]!.entryPoint === "src/cli.ts")!;
    const loaded = staticGraph(entry);
    const pkgs = packages(loaded);
    for (const p of ["@aws-sdk/client-ec2", "@smithy/core", "ink", "react", "yaml", "@smithy/signature-v4"])
      expect(pkgs.has(p), p).toBe(false);
    expect(loaded.filter((i) => /^src\/(aws|policy|lint|render|probe)\//.test(i))).toEqual([]);
  });

  it("the early stage's entry loads no SDK, yargs or gather before it knows the command line is its own", () => {
    const entry = Object.keys(outputs).find((o) => outputs[o]!.entryPoint === "src/early.ts")!;
    expect(entry).toBeDefined();
    const loaded = staticGraph(entry);
    expect([...packages(loaded)]).toEqual([]);
    expect(loaded.filter((i) => /^src\/(aws\/(gather|first-wave)|commands|policy)/.test(i))).toEqual([]);
    // The wave itself is one dynamic import away, and the STS module is not in its static graph.
    const wave = staticGraph(chunkOf("src/aws/first-wave.ts")!);
    expect(packages(wave).has("@aws-sdk/client-sts")).toBe(false);
    expect(packages(wave).has("@aws-sdk/client-ec2")).toBe(false);
  });

  it("doctor loads neither ink/React (live view: TTY only), lint's parsers nor probe's signer", () => {
    const doctor = chunkOf("src/commands/doctor.ts");
    expect(doctor).toBeDefined();
    const loaded = staticGraph(doctor!);
    const pkgs = packages(loaded);
    for (const p of ["ink", "react", "yaml", "@aws-crypto/sha256-js"]) expect(pkgs.has(p), p).toBe(false);
    expect(loaded.filter((i) => /^src\/(lint|probe)\//.test(i))).toEqual([]);
  });

  it("doctor loads the checks, IAM (--as) and RAM (shares) only when it needs them, not before its first call", () => {
    const loaded = staticGraph(chunkOf("src/commands/doctor.ts")!);
    const pkgs = packages(loaded);
    for (const p of ["@aws-sdk/client-iam", "@aws-sdk/client-ram"]) expect(pkgs.has(p), p).toBe(false);
    // LAT-604's evidence reader is rank's (infer-symptom.ts): the one check module doctor needs up front.
    const early = loaded.filter((i) => /^checks\/lat-/.test(i) && i !== "checks/lat-604-recent-errors.ts");
    expect(early).toEqual([]);
  });

  it("doctor loads no SDK code, no policy evaluator and no node:zlib before its first call", () => {
    const doctor = chunkOf("src/commands/doctor.ts")!;
    const loaded = staticGraph(doctor);
    // Each client, its commands and paginators come from its src/aws/sdk module, loaded on first use.
    expect([...packages(loaded)].filter((p) => /^@(aws-sdk|smithy|aws-crypto)\//.test(p!))).toEqual([]);
    expect(loaded.filter((i) => i.startsWith("src/policy/"))).toEqual([]);
    // gunzip is only for an S3 access-log object.
    const zlib = staticChunks(doctor).filter((o) =>
      outputs[o]!.imports.some((i) => i.path === "node:zlib" && i.kind === "import-statement"),
    );
    expect(zlib).toEqual([]);
    // The first calls' module is one dynamic import away.
    const lattice = chunkOf("src/aws/sdk/vpc-lattice.ts");
    expect(lattice).toBeDefined();
    const importers = staticChunks(doctor).filter((o) =>
      outputs[o]!.imports.some((i) => i.path === lattice && i.kind === "dynamic-import"),
    );
    expect(importers.length).toBeGreaterThan(0);
  });

  it("the lattice SDK module loads the lattice client and not EC2's or CloudWatch's", () => {
    const pkgs = packages(staticGraph(chunkOf("src/aws/sdk/vpc-lattice.ts")!));
    expect(pkgs.has("@aws-sdk/client-vpc-lattice")).toBe(true);
    for (const p of ["@aws-sdk/client-ec2", "@aws-sdk/client-cloudwatch", "@aws-sdk/client-sts"])
      expect(pkgs.has(p), p).toBe(false);
    // Each other client's module holds its own client, not lattice's.
    expect(packages(staticGraph(chunkOf("src/aws/sdk/ec2.ts")!)).has("@aws-sdk/client-vpc-lattice")).toBe(
      false,
    );
  });

  it("tree-shakes the SDK's generated schemas: EC2's 1.3 MB of shapes are not all bundled", () => {
    const schema = "node_modules/@aws-sdk/client-ec2/dist-es/schemas/schemas_0.js";
    const bytes = Object.values(outputs).reduce((n, o) => n + (o.inputs[schema]?.bytesInOutput ?? 0), 0);
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(300_000);
  });

  it("builds no Intl.Segmenter while loading the entry or doctor (ICU's data: only when text is measured)", () => {
    const files = new Set<string>();
    const walk = (o: string) => {
      if (files.has(o) || !outputs[o]) return;
      files.add(o);
      for (const i of outputs[o].imports) if (i.kind === "import-statement" && !i.external) walk(i.path);
    };
    walk(Object.keys(outputs).find((o) => outputs[o]!.entryPoint === "src/cli.ts")!);
    walk(chunkOf("src/commands/doctor.ts")!);
    const eager = [...files].filter((f) => /^var \w+ = new Intl\.Segmenter\(/m.test(readFileSync(f, "utf8")));
    expect(eager).toEqual([]);
  });

  it.each([
    ["parser", "node_modules/@aws-sdk/xml-builder/dist-es/xml-parser.js", XML_PARSER_REPLACEMENTS],
    [
      "deserialiser",
      "node_modules/@aws-sdk/core/dist-es/submodules/protocols/xml/XmlShapeDeserializer.js",
      XML_DESER_REPLACEMENTS,
    ],
  ])(
    "runs the SDK's XML %s with its hot spots rewritten (an SDK update that drops the patch fails here)",
    (_, file, replacements) => {
      const chunks = Object.keys(outputs).filter((o) => (outputs[o]!.inputs[file]?.bytesInOutput ?? 0) > 0);
      expect(chunks).toHaveLength(1);
      // esbuild reprints the file (its indentation, `var` for a top-level `const`, renamed locals):
      // each replacement's marker is a piece it prints as written.
      const code = readFileSync(chunks[0]!, "utf8");
      for (const { name, marker } of replacements) expect(code, name).toContain(marker);
    },
  );

  it.each([
    ["node_modules/@smithy/node-http-handler/dist-es/node-http-handler.js", "node-http-handler.js"],
    ["node_modules/@smithy/credential-provider-imds/dist-es/remoteProvider/node-http.js", "node-http.js"],
  ])(
    "loads node:http in %s through require(), not import (an SDK update that drops the patch fails here)",
    (input, file) => {
      const chunks = Object.keys(outputs).filter((o) => (outputs[o]!.inputs[input]?.bytesInOutput ?? 0) > 0);
      expect(chunks).toHaveLength(1);
      const code = readFileSync(chunks[0]!, "utf8");
      const replacements = NODE_HTTP_REPLACEMENTS.filter((r) => r.file === file);
      expect(replacements).toHaveLength(1);
      for (const { name, marker } of replacements) expect(code, name).toContain(marker);
    },
  );

  it("lint loads no AWS SDK client", () => {
    const lint = chunkOf("src/commands/lint.ts");
    expect(lint).toBeDefined();
    const pkgs = packages(staticGraph(lint!));
    expect([...pkgs].filter((p) => p!.startsWith("@aws-sdk/client-"))).toEqual([]);
  });

  it("probe loads its signer and no AWS SDK service client", () => {
    const probe = chunkOf("src/commands/probe.ts");
    expect(probe).toBeDefined();
    const pkgs = packages(staticGraph(probe!));
    expect(pkgs.has("@smithy/signature-v4")).toBe(true);
    expect([...pkgs].filter((p) => p!.startsWith("@aws-sdk/client-"))).toEqual([]);
  });

  it("maps back to src/ for --debug stack traces", () => {
    const map = JSON.parse(readFileSync("dist/bundle/cli.mjs.map", "utf8")) as { sources: string[] };
    expect(map.sources).toContain("../../src/cli.ts");
  });

  it("is what the package ships, with the demo recording", () => {
    const r = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(files).toContain("bin/lattice.js");
    expect(files).toContain("bin/compile-cache.js");
    expect(files).toContain("dist/bundle/cli.mjs");
    expect(files).toContain("fixtures/demo/orders-api.recording.json");
    expect(files.filter((f) => f.startsWith("dist/src/") || f.startsWith("dist/bench/"))).toEqual([]);
  }, 90_000);
});
