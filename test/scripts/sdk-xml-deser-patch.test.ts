/**
 * The bundle's rewrite of the SDK's XML deserialiser (scripts/sdk-xml-deser-patch.mjs) against the
 * deserialiser as published: each is bundled by esbuild (with or without the bundle's XML patches,
 * each with its own copy of the SDK and its schemas, so neither sees the other's caches) and both
 * must give the same result (the same object: key order, prototypes, dates, bytes) or throw the
 * same error, on every XML answer the loopback wire fake gives a run (read as its own operation's
 * output and as every other's), on hand-made schemas and values (flattened and wrapped lists,
 * maps, unions, nested structs, missing and renamed members, timestamps, numbers, booleans,
 * entities) and on seeded random schemas with random XML for them. Each input is read twice by the
 * same deserialiser: the second read goes through the patch's caches.
 */
import { build, type Plugin } from "esbuild";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { XML_PARSER_FILE, patchXmlParser } from "../../scripts/sdk-xml-parser-patch.mjs";
import { patchPlugin } from "../../scripts/exact-text.mjs";
import {
  XML_DESER_FILE,
  XML_DESER_REPLACEMENTS,
  patchXmlDeserializer,
} from "../../scripts/sdk-xml-deser-patch.mjs";
import { captureXmlAnswers, type XmlAnswer } from "../../bench/xml-answers.js";
import { s3ListXml } from "../support/wire-logs.js";
import { expectEveryReplacementApplied } from "../support/exact-text.js";

/** The copy the bundle takes (dist/bundle.meta.json's input). */
const DESERIALIZER = new URL(
  "../../node_modules/@aws-sdk/core/dist-es/submodules/protocols/xml/XmlShapeDeserializer.js",
  import.meta.url,
);
const ORIGINAL = readFileSync(DESERIALIZER, "utf8");
const ROOT = new URL("../..", import.meta.url).pathname;

type Schema = unknown;
interface Deserializer {
  setSerdeContext(context: object): void;
  read(schema: Schema, bytes: Uint8Array, key?: string): unknown;
}
interface Variant {
  XmlShapeDeserializer: new (settings: object) => Deserializer;
  ops: Record<string, Record<string, readonly unknown[]>>;
}

/** The settings of the Query protocols (EC2, STS, IAM) and of REST-XML (S3). */
const SETTINGS = {
  query: { timestampFormat: { useTrait: true, default: 5 }, httpBindings: false, serializeEmptyLists: true },
  restXml: { timestampFormat: { useTrait: true, default: 5 }, httpBindings: true, serializeEmptyLists: true },
};

const OPERATIONS: Record<string, [string, string[]]> = {
  ec2: ["@aws-sdk/client-ec2", []],
  sts: ["@aws-sdk/client-sts", []],
  iam: ["@aws-sdk/client-iam", []],
  s3: ["@aws-sdk/client-s3", ["ListObjectsV2"]],
};

const dir = mkdtempSync(join(tmpdir(), "xml-deser-patch-"));

/** The deserialiser and the operations' schemas, bundled with `plugins`, as a module of their own. */
async function variant(name: string, plugins: Plugin[]): Promise<Variant> {
  const lines = Object.entries(OPERATIONS).map(([service, [pkg, ops]]) => {
    const names = [...new Set(ops)].map((o) => `${o}$`);
    return `import { ${names.join(", ")} } from "${pkg}";\nops.${service} = { ${names.join(", ")} };`;
  });
  const outfile = join(dir, `${name}.mjs`);
  await build({
    stdin: {
      contents: `export const ops = {};\n${lines.join("\n")}\nexport { XmlShapeDeserializer } from "@aws-sdk/core/protocols";\n`,
      resolveDir: ROOT,
      loader: "js",
    },
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    mainFields: ["module", "main"],
    logLevel: "error",
    plugins,
  });
  return (await import(/* @vite-ignore */ pathToFileURL(outfile).href)) as Variant;
}

/** The value with every object's own keys in order and what it is (prototype, date, bytes). */
function canonical(value: unknown): unknown {
  if (value instanceof Date) return ["Date", String(value.getTime())];
  if (ArrayBuffer.isView(value)) return [value.constructor.name, [...(value as Uint8Array)]];
  if (Array.isArray(value)) return ["array", value.map(canonical)];
  if (value !== null && typeof value === "object") {
    const proto = Object.getPrototypeOf(value) as { constructor?: { name: string } } | null;
    const record = value as Record<string, unknown>;
    return [
      proto === Object.prototype
        ? "object"
        : proto === null
          ? "null prototype"
          : `${proto.constructor?.name}`,
      Object.keys(record).map((k) => [k, canonical(record[k])]),
      proto === Object.prototype ? "" : String(value),
    ];
  }
  return [typeof value, value];
}

function outcome(run: () => unknown): unknown {
  try {
    return { value: canonical(run()) };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

interface Case {
  label: string;
  settings: keyof typeof SETTINGS;
  /** The schema to read with, built for the variant (each variant gets its own objects). */
  schema: (v: Variant) => Schema;
  xml: string;
  key?: string;
}

let published: Variant;
let patched: Variant;

/** Reads every case twice with each variant's deserialiser; returns how many gave values, errors. */
function expectSame(cases: Case[]): { values: number; errors: number } {
  const readers = new Map<Variant, Record<string, Deserializer>>();
  for (const v of [published, patched]) {
    const by: Record<string, Deserializer> = {};
    for (const [k, settings] of Object.entries(SETTINGS)) {
      by[k] = new v.XmlShapeDeserializer(settings);
      by[k].setSerdeContext({});
    }
    readers.set(v, by);
  }
  const schemas = new Map<Variant, Schema[]>(
    [published, patched].map((v) => [v, cases.map((c) => c.schema(v))]),
  );
  let values = 0;
  for (const pass of [1, 2])
    cases.forEach((c, i) => {
      const run = (v: Variant) => () =>
        readers.get(v)![c.settings]!.read(schemas.get(v)![i], new TextEncoder().encode(c.xml), c.key);
      const expected = outcome(run(published));
      expect(outcome(run(patched)), `${c.label} (read ${pass}): ${c.xml.slice(0, 200)}`).toEqual(expected);
      if (pass === 1 && "value" in (expected as object)) values++;
    });
  return { values, errors: cases.length - values };
}

let answers: XmlAnswer[] = [];

beforeAll(async () => {
  answers = await captureXmlAnswers();
  for (const a of answers)
    if (a.status < 300 && a.service in OPERATIONS && a.action) OPERATIONS[a.service]![1].push(a.action);
  published = await variant("published", []);
  patched = await variant("patched", [
    patchPlugin("parser", XML_PARSER_FILE, patchXmlParser),
    patchPlugin("deserialiser", XML_DESER_FILE, patchXmlDeserializer),
  ]);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the SDK XML deserialiser patch", () => {
  it("applies every replacement to the installed deserialiser and leaves the rest of the file alone", () => {
    expectEveryReplacementApplied(ORIGINAL, patchXmlDeserializer, XML_DESER_REPLACEMENTS);
  });

  it("leaves a file it does not recognise as it was, naming what it did not find", () => {
    const changed = ORIGINAL.replace(
      "const listValue = ns.getValueSchema();",
      "const listValue = ns.getValueSchema() ;",
    );
    const { contents, missing } = patchXmlDeserializer(changed);
    expect(missing).toEqual(["list member schema"]);
    expect(contents).toContain("const listValue = ns.getValueSchema() ;");
    expect(patchXmlDeserializer("export const x = 1;\n")).toEqual({
      contents: "export const x = 1;\n",
      missing: XML_DESER_REPLACEMENTS.map((r) => r.name),
    });
  });

  it("the same values on every XML answer of the wire fake, as its operation's output and as every other's", () => {
    const roots = new Set(answers.map((a) => /^(?:<\?[^>]*\?>\s*)?<([\w:]+)/.exec(a.body)?.[1]));
    expect([...roots]).toEqual(
      expect.arrayContaining([
        "DescribeInstancesResponse",
        "DescribeSecurityGroupsResponse",
        "GetCallerIdentityResponse",
        "SimulatePrincipalPolicyResponse",
        "ErrorResponse",
        "Response",
        "Error",
      ]),
    );
    expect(Math.max(...answers.map((a) => a.body.length))).toBeGreaterThan(50_000);
    const cases: Case[] = [];
    for (const a of answers) {
      const settings = a.service === "s3" ? "restXml" : "query";
      if (a.status >= 300 || !a.action) {
        cases.push({ label: `${a.service} error`, settings, schema: () => 15, xml: a.body });
        continue;
      }
      // Its own output, then every other output of the same service (mostly missing members).
      const names = [a.action, ...new Set(OPERATIONS[a.service]![1].filter((o) => o !== a.action))];
      for (const op of names)
        cases.push({
          label: `${a.service} ${a.action} as ${op}`,
          settings,
          schema: (v) => v.ops[a.service]![`${op}$`]![5],
          xml: a.body,
          ...(a.service === "ec2" ? {} : { key: `${a.action}Result` }),
        });
    }
    const { values } = expectSame(cases);
    expect(values).toBe(cases.length);
  });

  it("the same values or errors on hand-made schemas and values", () => {
    const sample = new Date("2025-11-28T09:30:00.000Z").toISOString();
    const listXml = s3ListXml({
      Name: "access-logs",
      KeyCount: 2,
      IsTruncated: false,
      Contents: [
        { Key: "AWSLogs/a&b.log.gz", LastModified: sample, ETag: '"abc"', Size: 12 },
        { Key: "AWSLogs/c.log.gz", LastModified: sample, ETag: '"def"', Size: 7 },
      ],
    });
    const cases: Case[] = [
      { label: "S3 list", settings: "restXml", schema: (v) => v.ops.s3!.ListObjectsV2$![5], xml: listXml },
      ...HAND_MADE.flatMap((xml, i) =>
        (["query", "restXml"] as const).map((settings) => ({
          label: `hand-made ${i} (${settings})`,
          settings,
          schema: () => schemaOf(OUT),
          xml: `<Out>${xml}</Out>`,
        })),
      ),
      { label: "not XML", settings: "query", schema: () => schemaOf(OUT), xml: "<Out><Name>x</Out>" },
      { label: "empty", settings: "query", schema: () => schemaOf(OUT), xml: "" },
    ];
    const { values, errors } = expectSame(cases);
    expect(values).toBeGreaterThan(30);
    expect(errors).toBeGreaterThan(8);
  });

  it("the same values or errors on seeded random schemas and XML", () => {
    const random = mulberry32(0x0de5e71a);
    const cases: Case[] = [];
    for (let i = 0; i < 300; i++) {
      const spec = randomStruct(random, 0);
      const xml = `<Out>${membersXml(random, spec)}</Out>`;
      cases.push({
        label: `random ${i}`,
        settings: i % 2 ? "query" : "restXml",
        schema: () => schemaOf(spec),
        xml,
      });
    }
    const { values, errors } = expectSame(cases);
    // Both kinds are well represented, so neither path goes untested.
    expect(values).toBeGreaterThan(100);
    expect(errors).toBeGreaterThan(20);
  });
});

/** A schema as the SDK's generated modules write it, built anew for each variant. */
type Spec =
  | number
  | "unit"
  | { struct: [string, Spec, Traits][]; union?: boolean }
  | { list: Spec; member?: Traits }
  | { map: Spec; key?: Traits; value?: Traits };
type Traits = number | Record<string, unknown>;

function schemaOf(spec: Spec): Schema {
  if (typeof spec === "number" || spec === "unit") return spec;
  const ns = "com.example";
  const tuple = (s: Schema, traits: Traits | undefined) => (traits === undefined ? s : [s, traits]);
  if ("struct" in spec)
    return [
      spec.union ? 4 : 3,
      ns,
      spec.union ? "Choice" : "Shape",
      0,
      spec.struct.map(([name]) => name),
      spec.struct.map(([, s, traits]) => (traits === 0 ? schemaOf(s) : [schemaOf(s), traits])),
    ];
  if ("list" in spec) return [1, ns, "List", 0, tuple(schemaOf(spec.list), spec.member)];
  return [2, ns, "Map", 0, tuple(0, spec.key), tuple(schemaOf(spec.map), spec.value)];
}

const STRINGS = { list: 0 };
const TAG = {
  struct: [
    ["Key", 0, 0],
    ["Value", 0, 0],
  ],
} satisfies Spec;
/** The root of the hand-made cases: a member of each kind, renamed, flattened, nested. */
const OUT: Spec = {
  struct: [
    ["Name", 0, 0],
    ["Count", 1, 0],
    ["Enabled", 2, 0],
    ["At", 5, 0],
    ["HttpAt", 6, 0],
    ["Epoch", 7, 0],
    ["Plain", 4, 0],
    ["Big", 17, 0],
    ["Dec", 19, 0],
    ["Blob", 21, 0],
    ["Doc", 15, 0],
    ["Nothing", "unit", 0],
    ["Renamed", 0, { xmlName: "renamedKey" }],
    ["Items", STRINGS, 0],
    ["Ec2Items", { list: 0, member: { xmlName: "item" } }, 0],
    ["Flat", STRINGS, { xmlFlattened: 1 }],
    ["FlatRenamed", STRINGS, { xmlFlattened: 1, xmlName: "fr" }],
    ["Numbers", { list: 1, member: { xmlName: "item" } }, 0],
    ["Strings", 64, 0],
    ["Counts", 65, 0],
    ["Tags", { list: TAG, member: { xmlName: "item" } }, 0],
    [
      "Nested",
      {
        struct: [
          ["Inner", { struct: [["Leaf", 0, 0]] }, 0],
          ["Tags", { list: TAG }, { xmlFlattened: 1 }],
        ],
      },
      0,
    ],
    ["Map", { map: 0 }, 0],
    ["FlatMap", { map: 1, key: { xmlName: "K" }, value: { xmlName: "V" } }, { xmlFlattened: 1 }],
    ["NumberMap", 128, 0],
    [
      "Choice",
      {
        struct: [
          ["A", 0, 0],
          ["B", 1, 0],
        ],
        union: true,
      },
      0,
    ],
    ["Payload", { struct: [["P", 0, 0]] }, 16],
    ["NamedPayload", { struct: [["P", 0, 0]] }, { httpPayload: 1, xmlName: "np" }],
  ],
};

const HAND_MADE = [
  "<Name>orders</Name><Count>3</Count><Enabled>true</Enabled><Renamed>r</Renamed><renamedKey>k</renamedKey>",
  "",
  "\n  ",
  "<Name/>",
  "<Name></Name><Count></Count>",
  "<Name>a &amp; b &lt;c&gt; &#65;&#x42;</Name>",
  "<Name><![CDATA[<raw>]]></Name>",
  '<Name lang="en">x</Name>',
  '<Name lang="en"/>',
  "<Name><a>1</a></Name>",
  "<Name>1</Name><Name>2</Name>",
  "<Count>1.5e3</Count><Enabled>TRUE</Enabled><Big>123456789012345678901</Big><Dec>1.50</Dec>",
  "<Count>abc</Count><Enabled>nope</Enabled>",
  "<Big>1.5</Big>",
  `<At>2025-11-28T09:30:00.000Z</At><HttpAt>Fri, 28 Nov 2025 09:30:00 GMT</HttpAt><Epoch>1764322200.5</Epoch>`,
  "<At>2025-11-28T09:30:00+02:00</At>",
  "<At>yesterday</At>",
  "<HttpAt>2025-11-28</HttpAt>",
  "<Epoch>soon</Epoch>",
  "<Plain>2025-11-28T09:30:00Z</Plain>",
  "<Blob>aGVsbG8=</Blob>",
  "<Doc><a>1</a><b/></Doc>",
  "<Doc>text</Doc>",
  "<Nothing>x</Nothing>",
  "<Items><member>a</member><member>b</member></Items>",
  "<Items><member>a</member></Items>",
  "<Items/>",
  "<Items>\n  </Items>",
  "<Items><member/></Items>",
  "<Items><other>a</other></Items>",
  "<Items>text</Items>",
  "<Ec2Items><item>a</item><item>b</item></Ec2Items><Ec2Items><item>c</item></Ec2Items>",
  "<Ec2Items>\n<item>a</item>\n</Ec2Items>",
  "<Flat>a</Flat><Flat>b</Flat><fr>c</fr><FlatRenamed>d</FlatRenamed>",
  "<Flat>a</Flat>",
  "<Flat><x>1</x></Flat>",
  "<Numbers><item>1</item><item>x</item><item/></Numbers>",
  "<Strings><member>s</member></Strings>",
  "<Strings><member>1</member></Strings><Counts><member>2</member><member>3</member></Counts>",
  "<Tags><item><Key>env</Key><Value>prod</Value></item><item><Key>team</Key></item></Tags>",
  "<Tags><item>flat text</item></Tags>",
  "<Nested><Inner><Leaf>l</Leaf></Inner><Tags><Key>a</Key></Tags><Tags><Value>b</Value></Tags></Nested>",
  "<Nested><Inner/></Nested><Nested><Inner><Leaf>2</Leaf></Inner></Nested>",
  "<Nested>text</Nested>",
  "<Map><entry><key>a</key><value>1</value></entry><entry><key>__proto__</key><value>p</value></entry></Map>",
  "<Map><entry><key>a</key><value>1</value></entry></Map>",
  "<Map/>",
  "<Map><entry><key>k</key></entry></Map>",
  "<FlatMap><K>a</K><V>1</V></FlatMap><FlatMap><K>b</K><V>2</V></FlatMap>",
  "<FlatMap><K>a</K><V>x</V></FlatMap>",
  "<NumberMap><entry><key>n</key><value>v</value></entry></NumberMap>",
  "<Choice><A>a</A></Choice>",
  "<Choice><A>a</A><B>2</B></Choice>",
  "<Choice><Z>z</Z></Choice>",
  "<Choice><Z>z</Z><Y>y</Y></Choice>",
  "<Choice/>",
  "<Payload><P>p</P></Payload><Shape><P>s</P></Shape><np><P>n</P></np>",
  "<__proto__><polluted>1</polluted></__proto__><constructor>c</constructor>",
];

function mulberry32(start: number): () => number {
  let seed = start;
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const LEAVES: Spec[] = [0, 0, 0, 0, 1, 2, 5, 6, 7, 15, 17, 19, 21, 64, 65, 66, 128, 129];
const NAMES = [
  "Name",
  "Id",
  "State",
  "Items",
  "Tags",
  "Value",
  "Key",
  "item",
  "member",
  "entry",
  "constructor",
];

function randomSpec(random: () => number, depth: number): Spec {
  const r = random();
  if (depth > 3 || r < 0.45) return pick(random, LEAVES);
  if (r < 0.65) return randomStruct(random, depth + 1);
  if (r < 0.9)
    return { list: randomSpec(random, depth + 1), member: pick(random, [0, { xmlName: "item" }, {}]) };
  return {
    map: randomSpec(random, depth + 1),
    key: pick(random, [0, { xmlName: "Name" }]),
    value: pick(random, [0, { xmlName: "Value" }]),
  };
}

function randomStruct(random: () => number, depth: number): Spec & { struct: [string, Spec, Traits][] } {
  const names = [...new Set(Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(random, NAMES)))];
  return {
    union: random() < 0.1,
    struct: names.map((name) => [
      name,
      randomSpec(random, depth),
      pick(random, [
        0,
        0,
        0,
        { xmlName: `x${name}` },
        { xmlFlattened: 1 },
        { xmlFlattened: 1, xmlName: "f" },
        16,
      ]),
    ]),
  };
}

const LEAF_TEXTS = ["v", "", " ", "\n  ", "a&amp;b", "12", "true", "2025-11-28T09:30:00Z", "aGk=", "x&#65;"];
const BAD_TEXTS = ["1.5", "soon", "<z>1</z>", "<z/>"];

/** The elements of a struct's members, mostly as the schema says, sometimes not. */
function membersXml(random: () => number, spec: { struct: [string, Spec, Traits][] }): string {
  let xml = "";
  for (const [name, member, traits] of spec.struct) {
    if (random() < 0.3) continue;
    const renamed = typeof traits === "object" && typeof traits.xmlName === "string" ? traits.xmlName : name;
    const flat = typeof traits === "object" && traits.xmlFlattened === 1;
    xml += valueXml(random, member, pick(random, [renamed, renamed, renamed, name]), flat);
    if (random() < 0.05) xml += `<${pick(random, NAMES)}>extra</${pick(random, NAMES)}>`;
  }
  return xml;
}

function valueXml(random: () => number, spec: Spec, tag: string, flat = false): string {
  const element = (inner: string) =>
    inner === "" && random() < 0.3 ? `<${tag}/>` : `<${tag}>${inner}</${tag}>`;
  if (random() < 0.03) return element(pick(random, BAD_TEXTS));
  // A numeric list (64 + its member's type) or map (128 + its value's type).
  if (typeof spec === "number" && spec >= 64)
    return valueXml(random, spec < 128 ? { list: spec & 63 } : { map: spec & 63 }, tag, flat);
  if (typeof spec === "number" || spec === "unit") return element(pick(random, LEAF_TEXTS));
  if ("struct" in spec) return element(membersXml(random, spec));
  const count = Math.floor(random() * 4);
  if ("list" in spec) {
    const itemTag =
      typeof spec.member === "object" && "xmlName" in spec.member ? String(spec.member.xmlName) : "member";
    const items = Array.from({ length: count }, () => valueXml(random, spec.list, flat ? tag : itemTag)).join(
      "\n",
    );
    return flat ? items : element(items);
  }
  const keyTag = typeof spec.key === "object" ? String(spec.key.xmlName) : "key";
  const valueTag = typeof spec.value === "object" ? String(spec.value.xmlName) : "value";
  const entries = Array.from(
    { length: count },
    () => `<${keyTag}>${pick(random, NAMES)}</${keyTag}>${valueXml(random, spec.map, valueTag)}`,
  );
  return flat
    ? entries.map((e) => `<${tag}>${e}</${tag}>`).join("")
    : element(entries.map((e) => `<entry>${e}</entry>`).join(""));
}
