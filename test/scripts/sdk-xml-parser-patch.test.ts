/**
 * The bundle's rewrite of the SDK's XML parser (scripts/sdk-xml-parser-patch.mjs) against the
 * parser as published: both are loaded from their source text and must give the same result (the
 * same object, `__proto__` keys and prototypes included) or throw the same error, on every XML
 * answer the loopback wire fake gives a large service's run, on hand-made edge cases and on
 * seeded random input.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { XML_PARSER_REPLACEMENTS, patchXmlParser } from "../../scripts/sdk-xml-parser-patch.mjs";
import { captureXmlAnswers } from "../../bench/xml-answers.js";
import { s3ErrorXml, s3ListXml } from "../support/wire-logs.js";
import { expectEveryReplacementApplied } from "../support/exact-text.js";

type Parse = (xml: string) => unknown;
/** The copy the bundle takes (dist/bundle.meta.json's input). */
const PARSER = new URL("../../node_modules/@aws-sdk/xml-builder/dist-es/xml-parser.js", import.meta.url);
const ORIGINAL = readFileSync(PARSER, "utf8");

const load = async (source: string): Promise<Parse> =>
  (
    (await import(/* @vite-ignore */ `data:text/javascript,${encodeURIComponent(source)}`)) as {
      parseXML: Parse;
    }
  ).parseXML;

/** The value with every object's own keys in order and whether its prototype is Object's. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return ["array", value.map(canonical)];
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    return [
      Object.getPrototypeOf(value) === Object.prototype ? "object" : "other prototype",
      Object.keys(record).map((k) => [k, canonical(record[k])]),
    ];
  }
  return [typeof value, value];
}

function outcome(parse: Parse, xml: string): unknown {
  try {
    return { value: canonical(parse(xml)) };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

let original: Parse;
let patched: Parse;
beforeAll(async () => {
  original = await load(ORIGINAL);
  patched = await load(patchXmlParser(ORIGINAL).contents);
});

function expectSame(inputs: string[]): { values: number; errors: number } {
  let values = 0;
  for (const xml of inputs) {
    const expected = outcome(original, xml);
    expect(outcome(patched, xml), JSON.stringify(xml.slice(0, 200))).toEqual(expected);
    if ("value" in (expected as object)) values++;
  }
  return { values, errors: inputs.length - values };
}

describe("the SDK XML parser patch", () => {
  it("applies every replacement to the installed parser and leaves the rest of the file alone", () => {
    expectEveryReplacementApplied(ORIGINAL, patchXmlParser, XML_PARSER_REPLACEMENTS);
  });

  it("leaves a file it does not recognise as it was, naming what it did not find", () => {
    const changed = ORIGINAL.replace('let text = "";', 'let text = "" ;');
    const { contents, missing } = patchXmlParser(changed);
    expect(missing).toEqual(["text content"]);
    expect(contents).toContain('let text = "" ;');
    expect(patchXmlParser("export const x = 1;\n")).toEqual({
      contents: "export const x = 1;\n",
      missing: XML_PARSER_REPLACEMENTS.map((r) => r.name),
    });
  });

  describe("on every XML answer of the wire fake", () => {
    const bodies: string[] = [];

    beforeAll(async () => {
      for (const answer of await captureXmlAnswers()) bodies.push(answer.body);
    }, 60_000);

    it("the same values, DescribeInstances' large pages and errors included", () => {
      const sample = new Date("2025-11-28T09:30:00.000Z").toISOString();
      bodies.push(
        s3ListXml({
          Name: "access-logs",
          KeyCount: 1,
          IsTruncated: false,
          Contents: [{ Key: "AWSLogs/a&b.log.gz", LastModified: sample, ETag: '"abc"', Size: 12 }],
        }),
        s3ErrorXml("NoSuchKey", "The specified key <does> not exist & more", "REQ1"),
      );
      const roots = new Set(bodies.map((b) => /^(?:<\?[^>]*\?>\s*)?<([\w:]+)/.exec(b)?.[1]));
      expect([...roots]).toEqual(
        expect.arrayContaining([
          "DescribeInstancesResponse",
          "DescribeSecurityGroupsResponse",
          "GetCallerIdentityResponse",
          "SimulatePrincipalPolicyResponse",
          "ErrorResponse",
          "Response",
          "ListBucketResult",
          "Error",
        ]),
      );
      expect(Math.max(...bodies.map((b) => b.length))).toBeGreaterThan(50_000);
      const { values, errors } = expectSame(bodies);
      expect(values).toBe(bodies.length);
      expect(errors).toBe(0);
    });
  });

  it("the same values or errors on hand-made edge cases", () => {
    const cases = [
      // entities: named, numeric (decimal, hex, out of range), unknown, malformed, in attributes
      "<a>&amp;&lt;&gt;&quot;&apos;</a>",
      "<a>&#65;&#x42;&#x1F600;&#1114112;&#0;</a>",
      "<a>&nbsp;&unknown;&;&#;&#x;&amp&#65</a>",
      "<a x=\"&amp;&#65;&bogus;\" y='&quot;'>t</a>",
      // CDATA, comments, processing instructions, DOCTYPE
      "<a><![CDATA[<b>&amp;</b>]]></a>",
      "<a>x<![CDATA[y]]>z</a>",
      "<a><![CDATA[unclosed</a>",
      "<!-- c --><a><!-- inner --><b/></a>",
      "<a><!-- unclosed </a>",
      '<?xml version="1.0"?>\n<a><?pi data?>t</a>',
      "<a><?pi unclosed</a>",
      '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>',
      "<!doctype a><a/>",
      "<!DOCTYPE a [ unclosed",
      // attributes: both quotes, spaces around =, no value, unquoted, __proto__
      "<a x=\"1\" y='2'/>",
      "<a  x = \"1\"\n\ty\t=\t'2' ></a>",
      "<a x></a>",
      "<a x=1>t</a>",
      '<a x="1" x="2"/>',
      '<a __proto__="p" constructor="c"/>',
      '<a __proto__="p"><b>1</b></a>',
      '<a x="unclosed></a>',
      '<a x="1"?>t</a>',
      // self-closing, mixed content, repeated children, __proto__ elements
      "<a/>",
      "<a />",
      "<a/ >",
      "<a><b/><b/><b>x</b></a>",
      "<a>one<b>2</b>three<c/>four</a>",
      "<a><__proto__>x</__proto__><__proto__>y</__proto__></a>",
      "<a><__proto__><polluted>1</polluted></__proto__></a>",
      "<a><constructor>1</constructor><toString/></a>",
      "<a><hasOwnProperty>1</hasOwnProperty><b>2</b></a>",
      // whitespace-only text with and without newlines, CR line ends
      "<a>   </a>",
      "<a>\n  \n</a>",
      "<a>\r\n</a>",
      "<a>\r</a>",
      "<a> <b/> </a>",
      "<a>\n<b/>\n</a>",
      "<a>\t<b>\n</b>\t</a>",
      "  \n<a>x</a>  ",
      // closing tags: spaces, mismatched, unclosed, truncated anywhere
      "<a>x</a >",
      "<a>x</ a>",
      "<a><b></a></b>",
      "<a><b>",
      "<a>text",
      "<a",
      "<a ",
      "<a x",
      '<a x="1"',
      "<a/",
      "<a>x</a",
      "<",
      "",
      "   ",
      "text",
      "<a>x</a><b>ignored</b>",
      "<>x</>",
      "< a>x</a>",
      "<a>x</>",
      "<a:b xmlns:a='u'>x</a:b>",
      "<a>é中😀&#233;</a>",
      "<a>\uD800<b>\uDC00</b></a>",
      "<a\u00A0b>x</a\u00A0b>",
      // a name trim() would change (the closing name is compared trimmed), empty names and texts
      "<a\u00A0>x</a\u00A0>",
      "<r><\uFEFFb>x</\uFEFFb></r>",
      "<r><b\u2028>x</b\u2028></r>",
      "<r><b>x</b ><c></c><d>&bogus;</d><e> \n </e><f>\n</f></r>",
      "<r><b>x</c></r>",
      "<r><b>x</bb></r>",
      "<r><bb>x</b></r>",
      "<r><b>x<!--c--></b><c>y<![CDATA[z]]></c><d>t<e/></d></r>",
    ];
    const { values, errors } = expectSame(cases);
    expect(values).toBeGreaterThan(20);
    expect(errors).toBeGreaterThan(10);
  });

  it("the same values or errors on seeded random XML-ish strings", () => {
    let seed = 0x5eed1e55;
    const random = () => {
      // mulberry32
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const names = ["a", "b", "item", "__proto__", "x:y", "constructor"];
    const texts = [
      "",
      " ",
      "\n  ",
      "t",
      "&amp;",
      "&#65;",
      "&zz;",
      "a&b",
      "<![CDATA[c]]>",
      "<!--c-->",
      "<?p?>",
    ];
    const element = (depth: number): string => {
      const name = pick(names);
      const attrs = random() < 0.3 ? ` ${pick(names)}=${pick(['"v"', "'w&amp;'", '""'])}` : "";
      if (depth > 2 || random() < 0.2) return `<${name}${attrs}/>`;
      let inner = "";
      for (let n = Math.floor(random() * 4); n > 0; n--)
        inner += random() < 0.5 ? pick(texts) : element(depth + 1);
      return `<${name}${attrs}>${inner}</${name}>`;
    };
    const tokens = [
      "<",
      ">",
      "/",
      "=",
      '"',
      "'",
      " ",
      "\n",
      "\r",
      "a",
      "b",
      "&",
      ";",
      "#",
      "!",
      "?",
      "[",
      "]",
      "-",
    ];
    const inputs: string[] = [];
    for (let i = 0; i < 400; i++) {
      const kind = i % 4;
      if (kind === 0) inputs.push(element(0));
      else if (kind === 1) {
        const xml = element(0);
        inputs.push(xml.slice(0, Math.floor(random() * xml.length)));
      } else if (kind === 2) {
        const xml = element(0);
        const at = Math.floor(random() * xml.length);
        inputs.push(xml.slice(0, at) + pick(tokens) + xml.slice(at + (random() < 0.5 ? 1 : 0)));
      } else {
        let soup = "";
        for (let n = 1 + Math.floor(random() * 20); n > 0; n--) soup += pick([...tokens, ...texts, ...names]);
        inputs.push(soup);
      }
    }
    const { values, errors } = expectSame(inputs);
    // Both kinds are well represented, so neither path goes untested.
    expect(values).toBeGreaterThan(100);
    expect(errors).toBeGreaterThan(100);
  });
});
