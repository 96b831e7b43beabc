/**
 * The AWS SDK's XML deserialiser (`@aws-sdk/core/dist-es/submodules/protocols/xml/XmlShapeDeserializer.js`,
 * every EC2, STS and IAM answer after the parser) redoes, for every struct value of an answer, what
 * depends only on the struct's schema: for each member of the schema (an EC2 Instance has 70, most
 * absent from the answer) it resumes the `structIterator()` generator and looks up the member's
 * merged traits to find its XML name. For every list value it builds a new NormalizedSchema for
 * the list's member (`getValueSchema()`), so the string deserialiser's per-schema cache
 * (HttpBindingNormalizedSchema) misses and is rebuilt for every list. On a large service's ~300 KB
 * of DescribeInstances answers its `readSchema` is, with the parser, the SDK's biggest CPU hotspot
 * of a run, mostly run cold (interpreted): a run deserialises each answer once.
 *
 * The bundle (scripts/bundle.mjs) rewrites only those places: each struct schema's members are
 * listed once as (name, member schema, XML name, leaf), computed by the same expressions and kept
 * on the schema as `structIterator()` keeps its members (and, like it, recomputed if the schema's
 * member list changed length); each list schema's member schema is built once and kept on the list
 * schema (a numeric list schema's, in a table by number). Two calls that only led to another are
 * skipped: a list value that is no array is wrapped in place instead of through a second
 * `readSchema`, and the text of a leaf (a member or list item whose schema is not a unit, list,
 * map or struct: what `readSchema` hands to the string deserialiser) goes to the string
 * deserialiser directly. The cached XML names come from the members' traits, which
 * nothing changes after a schema is first read (only REST request serialisation rewrites traits,
 * of query-parameter maps). The deserialiser returns the same objects and throws the same errors
 * (test/scripts/sdk-xml-deser-patch.test.ts compares both on the wire fake's answers, hand-made
 * and random schemas and values). Measured by bench/xml-deser-bench.ts.
 *
 * Hand-written exact-text replacements, as the parser's (sdk-xml-parser-patch.mjs): the SDK is the
 * library, only its hot spots are rewritten. Each snippet is replaced only where it is found
 * verbatim, and one not found (an SDK update changed the file) is left as it was — still correct,
 * merely slower; the build warns and the bundle test fails on it.
 */

import { replaceExactly } from "./exact-text.mjs";

/** The deserialiser file, as esbuild's onLoad filter. */
export const XML_DESER_FILE =
  /[\\/]@aws-sdk[\\/]core[\\/]dist-es[\\/]submodules[\\/]protocols[\\/]xml[\\/]XmlShapeDeserializer\.js$/;

/**
 * Each hot spot as the SDK writes it and as the bundle runs it; `marker`, a piece of `to` that
 * esbuild prints as written (the bundle test looks for it in the shipped chunk).
 */
export const XML_DESER_REPLACEMENTS = [
  {
    // The two caches, at module scope (helpers of the replacements below). A member or list value
    // is a leaf when readSchema would hand a string of it to the string deserialiser: not a unit,
    // list, map or struct schema.
    name: "schema caches",
    marker: "function latticeXmlMembersOf(ns) {",
    from: `export class XmlShapeDeserializer extends SerdeContextConfig {
`,
    to: `const latticeXmlMembers = Symbol("lattice.xmlMembers");
const latticeXmlList = Symbol("lattice.xmlList");
const latticeXmlListN = [];
function latticeXmlLeaf(ns) {
    return !ns.isUnitSchema() && !ns.isListSchema() && !ns.isMapSchema() && !ns.isStructSchema();
}
function latticeXmlMembersOf(ns) {
    const struct = ns.getSchema();
    let members = struct[latticeXmlMembers];
    if (members === undefined || members.length !== 4 * struct[4].length) {
        members = [];
        for (const [memberName, memberSchema] of ns.structIterator()) {
            const memberTraits = memberSchema.getMergedTraits();
            const xmlObjectKey = !memberTraits.httpPayload
                ? (memberSchema.getMemberTraits().xmlName ?? memberName)
                : (memberTraits.xmlName ?? memberSchema.getName());
            members.push(memberName, memberSchema, xmlObjectKey, latticeXmlLeaf(memberSchema));
        }
        struct[latticeXmlMembers] = members;
    }
    return members;
}
function latticeXmlListOf(ns) {
    const sc = ns.getSchema();
    let list = typeof sc === "number" ? latticeXmlListN[sc] : sc[latticeXmlList];
    if (list === undefined) {
        const listValue = ns.getValueSchema();
        list = [listValue, latticeXmlLeaf(listValue)];
        if (typeof sc === "number") {
            latticeXmlListN[sc] = list;
        } else {
            sc[latticeXmlList] = list;
        }
    }
    return list;
}
export class XmlShapeDeserializer extends SerdeContextConfig {
`,
  },
  {
    // The call with [value] went through the same checks to the same place.
    name: "single list item",
    marker: "value = [value];",
    from: `        if (ns.isListSchema() && !Array.isArray(value)) {
            return this.readSchema(ns, [value]);
        }
`,
    to: `        if (ns.isListSchema() && !Array.isArray(value)) {
            value = [value];
        }
`,
  },
  {
    name: "list member schema",
    marker: "const list = latticeXmlListOf(ns);",
    from: `                const listValue = ns.getValueSchema();
`,
    to: `                const list = latticeXmlListOf(ns);
                const listValue = list[0];
`,
  },
  {
    name: "list items",
    marker: `list[1] && v != null && typeof v !== "object" ? this.stringDeserializer.read(listValue, v) : this.readSchema(listValue, v)`,
    from: `                for (const v of sourceArray) {
                    buffer.push(this.readSchema(listValue, v));
                }
`,
    to: `                for (const v of sourceArray) {
                    buffer.push(list[1] && v != null && typeof v !== "object" ? this.stringDeserializer.read(listValue, v) : this.readSchema(listValue, v));
                }
`,
  },
  {
    name: "struct members",
    marker: "const members = latticeXmlMembersOf(ns);",
    from: `                for (const [memberName, memberSchema] of ns.structIterator()) {
                    const memberTraits = memberSchema.getMergedTraits();
                    const xmlObjectKey = !memberTraits.httpPayload
                        ? (memberSchema.getMemberTraits().xmlName ?? memberName)
                        : (memberTraits.xmlName ?? memberSchema.getName());
                    if (union) {
                        unionSerde.mark(xmlObjectKey);
                    }
                    if (value[xmlObjectKey] != null) {
                        buffer[memberName] = this.readSchema(memberSchema, value[xmlObjectKey]);
                    }
                }
`,
    to: `                const members = latticeXmlMembersOf(ns);
                for (let i = 0; i < members.length; i += 4) {
                    const xmlObjectKey = members[i + 2];
                    if (union) {
                        unionSerde.mark(xmlObjectKey);
                    }
                    const memberValue = value[xmlObjectKey];
                    if (memberValue != null) {
                        buffer[members[i]] = members[i + 3] && typeof memberValue !== "object" ? this.stringDeserializer.read(members[i + 1], memberValue) : this.readSchema(members[i + 1], memberValue);
                    }
                }
`,
  },
];

/**
 * The deserialiser's source with each replacement applied where its snippet is found; `missing`
 * names those that were not (left as they were).
 * @param {string} source
 * @returns {{ contents: string, missing: string[] }}
 */
export function patchXmlDeserializer(source) {
  return replaceExactly(source, XML_DESER_REPLACEMENTS);
}
