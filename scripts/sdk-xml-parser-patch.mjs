/**
 * The AWS SDK's own XML parser (`@aws-sdk/xml-builder/dist-es/xml-parser.js`, used for every EC2,
 * STS, IAM and S3 answer) builds each text node, tag name and attribute name one character at a
 * time (`text += p.x[p.i++]`, the names through `"…".includes(p.x[p.i])`) and runs the entity regex
 * on every text node, though most are the whitespace between tags with no `&`. On a large service's
 * DescribeInstances answers (~300 KB for the wire fake's large service) its `parseTag` is the
 * SDK's biggest CPU hotspot of a run.
 *
 * The bundle (scripts/bundle.mjs) rewrites only those loops into slices of the input: the text up
 * to the next `<` (indexOf); each name as one sticky-regex match of the characters the loop
 * accepted (a native scan: in the first few parses of a run, before V8 optimises the parser, a
 * char-code loop was ~15% slower), its regex built once; and decodeEntities returns its input when
 * it holds no `&` (its regex needs one). Each run parses each answer once, so the rest is what is
 * cheaper cold (interpreted): an element of text only (`<name>text</name>`, most of an answer's)
 * is read by one sticky regex instead of the loops; a child element is told from a closing tag, a
 * comment, CDATA or a processing instruction by the character after its `<` instead of four
 * `startsWith`; whitespace is compared as char codes; an element without attributes copies none.
 * Measured by bench/xml-deser-bench.ts. The parser returns the same object and throws the same errors
 * (test/scripts/sdk-xml-parser-patch.test.ts compares both on the wire fake's answers, edge cases
 * and random input).
 *
 * Hand-written exact-text replacements, as the other bundle plugins: each snippet is replaced only
 * where it is found verbatim, and one not found (an SDK update changed the file) is left as it was —
 * still correct, merely slower; the build warns and the bundle test fails on it.
 */

import { replaceExactly } from "./exact-text.mjs";

/** The parser file, as esbuild's onLoad filter. */
export const XML_PARSER_FILE = /[\\/]@aws-sdk[\\/]xml-builder[\\/]dist-es[\\/]xml-parser\.js$/;

/**
 * Each hot loop as the SDK writes it and as the bundle runs it; `marker`, a piece of `to` that
 * esbuild prints as written (the bundle test looks for it in the shipped chunk).
 */
export const XML_PARSER_REPLACEMENTS = [
  {
    // The names' sticky regexes, built once (each use sets lastIndex before exec).
    name: "name patterns",
    marker: "latticeTagName = /[^ \\t\\r\\n>\\/]*/y;",
    from: `class AwsXmlParser {
`,
    to: `const latticeTagName = /[^ \\t\\r\\n>\\/]*/y;
const latticeAttrName = /[^= \\t\\r\\n>\\/?]*/y;
const latticeLeafElement = /<([^\\s>\\/]*)>([^<]*)<\\/\\1>/y;
class AwsXmlParser {
`,
  },
  {
    // An element of text only, `<name>text</name>`, most of an answer's, read by one regex: the
    // same tag, text and value as the loops below give it. Its name holds no character trim()
    // removes (\s), since the loops would compare the closing name trimmed; anything else (an
    // attribute, a child, a comment, CDATA, a space before `>`, another closing name) does not
    // match and is read as before.
    name: "leaf element",
    marker: "const leaf = latticeLeafElement.exec(p.x);",
    from: `    parseTag() {
        const p = this;
        ++p.i;
`,
    to: `    parseTag() {
        const p = this;
        latticeLeafElement.lastIndex = p.i;
        const leaf = latticeLeafElement.exec(p.x);
        if (leaf !== null) {
            p.i = latticeLeafElement.lastIndex;
            const text = p.decodeEntities(leaf[2]);
            return { tag: leaf[1], value: text.trim() === "" && text.includes("\\n") ? "" : text };
        }
        ++p.i;
`,
  },
  {
    // A child element (`<` then neither `/`, `!` nor `?`) is what the four checks below
    // find after ruling out a closing tag, a comment, CDATA and a processing instruction.
    name: "child element",
    marker: 'if (next !== "/" && next !== "!" && next !== "?") {',
    from: `        while (p.i < p.z) {
            if (p.isNext("</")) {
                break;
            }
`,
    to: `        while (p.i < p.z) {
            if (p.x[p.i] === "<") {
                const next = p.x[p.i + 1];
                if (next !== "/" && next !== "!" && next !== "?") {
                    hasElementChild = true;
                    childTags.push(p.parseTag());
                    continue;
                }
            }
            if (p.isNext("</")) {
                break;
            }
`,
  },
  {
    name: "text content",
    marker: "const text = p.x.slice(p.i, end);",
    from: `                let text = "";
                while (p.i < p.z && p.x[p.i] !== "<") {
                    text += p.x[p.i++];
                }
`,
    to: `                let end = p.x.indexOf("<", p.i);
                if (end === -1) {
                    end = p.z;
                }
                const text = p.x.slice(p.i, end);
                p.i = end;
`,
  },
  {
    // Accepts what the loop accepted: anything but " \t\r\n>/" (one code unit each).
    name: "tag name",
    marker: "let tag = latticeTagName.exec(p.x)[0];",
    from: `        let tag = "";
        while (p.i < p.z && !" \\t\\r\\n>/".includes(p.x[p.i])) {
            tag += p.x[p.i++];
        }
`,
    to: `        latticeTagName.lastIndex = p.i;
        let tag = latticeTagName.exec(p.x)[0];
        p.i += tag.length;
`,
  },
  {
    // Accepts what the loop accepted: anything but "= \t\r\n>/?".
    name: "attribute name",
    marker: "let name = latticeAttrName.exec(p.x)[0];",
    from: `            let name = "";
            while (p.i < p.z && !"= \\t\\r\\n>/?".includes(p.x[p.i])) {
                name += p.x[p.i++];
            }
`,
    to: `            latticeAttrName.lastIndex = p.i;
            let name = latticeAttrName.exec(p.x)[0];
            p.i += name.length;
`,
  },
  {
    name: "entities",
    marker: `if (!s.includes("&")) {`,
    from: `    decodeEntities(s) {
        return s.replace(`,
    to: `    decodeEntities(s) {
        if (!s.includes("&")) {
            return s;
        }
        return s.replace(`,
  },
  {
    // The same four characters as " \t\r\n".includes(c), compared as code units.
    name: "whitespace",
    marker: "const c = p.x.charCodeAt(p.i);",
    from: `        while (p.i < p.z && " \\t\\r\\n".includes(p.x[p.i])) {
            ++p.i;
        }
`,
    to: `        while (p.i < p.z) {
            const c = p.x.charCodeAt(p.i);
            if (c !== 32 && c !== 9 && c !== 13 && c !== 10) {
                break;
            }
            ++p.i;
        }
`,
  },
  {
    // Most elements have no attribute: no entries array to copy none.
    name: "attribute copy",
    marker: "if (hasAttrs) {",
    from: `        for (const [k, v] of Object.entries(attrs)) {
            if (k === "__proto__") {
                writeKey(obj);
            }
            obj[k] = v;
        }
`,
    to: `        if (hasAttrs) {
            for (const [k, v] of Object.entries(attrs)) {
                if (k === "__proto__") {
                    writeKey(obj);
                }
                obj[k] = v;
            }
        }
`,
  },
];

/**
 * The parser's source with each replacement applied where its snippet is found; `missing` names
 * those that were not (left as they were).
 * @param {string} source
 * @returns {{ contents: string, missing: string[] }}
 */
export function patchXmlParser(source) {
  return replaceExactly(source, XML_PARSER_REPLACEMENTS);
}
