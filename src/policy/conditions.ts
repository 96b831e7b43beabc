/**
 * The Condition element: every operator IAM documents, the `…IfExists` suffix, the `ForAnyValue:` /
 * `ForAllValues:` set qualifiers, and three-valued results so that a key whose value lattice doctor
 * cannot know (the caller's organization, say) yields "unknown" instead of a guess.
 *
 * Semantics, from the IAM User Guide "IAM JSON policy elements: Condition operators"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html)
 * and "Multivalued context keys" (…/reference_policies_condition-single-vs-multi-valued-context-keys.html):
 * - keys in a block are ANDed, operators are ANDed, the values of one key are ORed; a negated operator
 *   (StringNotEquals, NotIpAddress …) holds when the value matches none of them (NOR);
 * - a key absent from the request: false, except that a negated operator holds, `…IfExists` holds,
 *   `ForAllValues:` holds (the empty set), `ForAnyValue:` does not, and `Null: true` holds;
 * - condition key names are case-insensitive, values case-sensitive unless the operator says otherwise;
 * - ArnEquals and ArnLike both compare each of the six `:`-separated ARN parts with `*`/`?` wildcards;
 * - a single IP address in IpAddress is a /32 (/128);
 * - Date values are ISO 8601 or epoch seconds.
 */
import { BlockList, isIP } from "node:net";
import { parseTemplate, resolve, matches, type Template, type VariableLookup } from "./template.js";

export type Tri = "yes" | "no" | "unknown";

export const and = (a: Tri, b: Tri): Tri =>
  a === "no" || b === "no" ? "no" : a === "unknown" || b === "unknown" ? "unknown" : "yes";

type Kind =
  | "string"
  | "stringIgnoreCase"
  | "stringLike"
  | "numeric"
  | "date"
  | "bool"
  | "binary"
  | "ip"
  | "arn"
  | "null";

interface OperatorSpec {
  kind: Kind;
  negated: boolean;
  /** For numeric / date: the comparison. */
  compare?: (actual: number, expected: number) => boolean;
}

const eq = (a: number, b: number) => a === b;
const lt = (a: number, b: number) => a < b;
const le = (a: number, b: number) => a <= b;
const gt = (a: number, b: number) => a > b;
const ge = (a: number, b: number) => a >= b;

const OPERATORS: Record<string, OperatorSpec> = {
  stringequals: { kind: "string", negated: false },
  stringnotequals: { kind: "string", negated: true },
  stringequalsignorecase: { kind: "stringIgnoreCase", negated: false },
  stringnotequalsignorecase: { kind: "stringIgnoreCase", negated: true },
  stringlike: { kind: "stringLike", negated: false },
  stringnotlike: { kind: "stringLike", negated: true },
  numericequals: { kind: "numeric", negated: false, compare: eq },
  numericnotequals: { kind: "numeric", negated: true, compare: eq },
  numericlessthan: { kind: "numeric", negated: false, compare: lt },
  numericlessthanequals: { kind: "numeric", negated: false, compare: le },
  numericgreaterthan: { kind: "numeric", negated: false, compare: gt },
  numericgreaterthanequals: { kind: "numeric", negated: false, compare: ge },
  dateequals: { kind: "date", negated: false, compare: eq },
  datenotequals: { kind: "date", negated: true, compare: eq },
  datelessthan: { kind: "date", negated: false, compare: lt },
  datelessthanequals: { kind: "date", negated: false, compare: le },
  dategreaterthan: { kind: "date", negated: false, compare: gt },
  dategreaterthanequals: { kind: "date", negated: false, compare: ge },
  bool: { kind: "bool", negated: false },
  binaryequals: { kind: "binary", negated: false },
  ipaddress: { kind: "ip", negated: false },
  notipaddress: { kind: "ip", negated: true },
  arnequals: { kind: "arn", negated: false },
  arnlike: { kind: "arn", negated: false },
  arnnotequals: { kind: "arn", negated: true },
  arnnotlike: { kind: "arn", negated: true },
  null: { kind: "null", negated: false },
};

export class PolicyFormatError extends Error {
  override name = "PolicyFormatError";
}

/** The request's condition keys: lower-cased name → values (one for a single-valued key). */
export interface ConditionContext {
  values: Map<string, string[]>;
  /** Keys whose value lattice doctor does not know (lower-cased): absent from `values`, yet maybe set. */
  isUnknown: (key: string) => boolean;
  lookup: VariableLookup;
  /** Unknown keys the evaluation depended on (filled while evaluating). */
  consulted: Set<string>;
}

interface CompiledValue {
  template: Template;
  number?: number;
  ip?: BlockList;
}

interface CompiledTest {
  operator: string;
  key: string;
  /** The key as written, for messages. */
  keyName: string;
  spec: OperatorSpec;
  set?: "any" | "all";
  ifExists: boolean;
  values: CompiledValue[];
}

export interface CompiledCondition {
  tests: CompiledTest[];
}

function parseNumber(text: string): number | undefined {
  if (!/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(text)) return undefined;
  return Number(text);
}

/** ISO 8601 or epoch seconds, as milliseconds. */
export function parseDate(text: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(text.trim())) return Number(text) * 1000;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function ipBlock(text: string): BlockList | undefined {
  const [address, prefixText] = text.trim().split("/");
  const family = isIP(address ?? "");
  if (!family) return undefined;
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined;
  const list = new BlockList();
  list.addSubnet(address!, prefix, family === 4 ? "ipv4" : "ipv6");
  return list;
}

function scalar(value: unknown, where: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new PolicyFormatError(`${where}: a condition value must be a string, number or boolean`);
}

export function compileCondition(element: unknown, where: string, variables: boolean): CompiledCondition {
  if (typeof element !== "object" || element === null || Array.isArray(element)) {
    throw new PolicyFormatError(
      `${where}: expected an object of operators, e.g. {"StringEquals": {"aws:PrincipalOrgID": "o-…"}}`,
    );
  }
  const tests: CompiledTest[] = [];
  for (const [operator, block] of Object.entries(element)) {
    let name = operator.toLowerCase();
    let set: "any" | "all" | undefined;
    if (name.startsWith("foranyvalue:")) {
      set = "any";
      name = name.slice("foranyvalue:".length);
    } else if (name.startsWith("forallvalues:")) {
      set = "all";
      name = name.slice("forallvalues:".length);
    }
    let ifExists = false;
    if (name.endsWith("ifexists") && name !== "ifexists") {
      ifExists = true;
      name = name.slice(0, -"ifexists".length);
    }
    const spec = OPERATORS[name];
    if (!spec || (spec.kind === "null" && (ifExists || set))) {
      throw new PolicyFormatError(`${where}: unknown condition operator ${operator}`);
    }
    if (typeof block !== "object" || block === null || Array.isArray(block)) {
      throw new PolicyFormatError(`${where}.${operator}: expected an object of condition keys and values`);
    }
    for (const [key, raw] of Object.entries(block)) {
      const list = Array.isArray(raw) ? raw : [raw];
      const values = list.map((v): CompiledValue => {
        const text = scalar(v, `${where}.${operator}.${key}`);
        // Policy variables are replaced in string and ARN operators only.
        const substitutes =
          variables && ["string", "stringIgnoreCase", "stringLike", "arn"].includes(spec.kind);
        const compiled: CompiledValue = { template: parseTemplate(text, substitutes) };
        if (spec.kind === "numeric") compiled.number = parseNumber(text);
        if (spec.kind === "date") compiled.number = parseDate(text);
        if (spec.kind === "ip") compiled.ip = ipBlock(text);
        return compiled;
      });
      tests.push({ operator, key: key.toLowerCase(), keyName: key, spec, set, ifExists, values });
    }
  }
  return { tests };
}

const ARN_PARTS = 6;

function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(":");
  if (parts.length < ARN_PARTS) return undefined;
  return [...parts.slice(0, ARN_PARTS - 1), parts.slice(ARN_PARTS - 1).join(":")];
}

const globCache = new Map<string, RegExp>();
function glob(pattern: string): RegExp {
  let re = globCache.get(pattern);
  if (!re) {
    const source = pattern
      .split("")
      .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\/]/g, "\\$&")))
      .join("");
    re = new RegExp(`^${source}$`, "s");
    if (globCache.size > 10_000) globCache.clear();
    globCache.set(pattern, re);
  }
  return re;
}

/** Whether one request value matches one policy value under the operator (negation not applied). */
function valueMatches(
  test: CompiledTest,
  value: CompiledValue,
  actual: string,
  lookup: VariableLookup,
): boolean {
  switch (test.spec.kind) {
    case "string":
    case "stringIgnoreCase":
    case "stringLike": {
      const ignoreCase = test.spec.kind === "stringIgnoreCase";
      const matcher = resolve(value.template, lookup, test.spec.kind === "stringLike", ignoreCase);
      return matcher !== undefined && matches(matcher, actual, ignoreCase);
    }
    case "numeric": {
      const n = parseNumber(actual);
      return n !== undefined && value.number !== undefined && test.spec.compare!(n, value.number);
    }
    case "date": {
      const d = parseDate(actual);
      return d !== undefined && value.number !== undefined && test.spec.compare!(d, value.number);
    }
    case "bool":
      return actual.toLowerCase() === value.template.source.toLowerCase();
    case "binary":
      return actual === value.template.source;
    case "ip": {
      const family = isIP(actual);
      return family !== 0 && value.ip !== undefined && value.ip.check(actual, family === 4 ? "ipv4" : "ipv6");
    }
    case "arn": {
      const pattern = resolve(value.template, lookup, false, false);
      if (typeof pattern !== "string") return false;
      const want = splitArn(pattern);
      const got = splitArn(actual);
      if (!want || !got) return false;
      return want.every((part, i) => glob(part).test(got[i]!));
    }
    default:
      return false;
  }
}

function evaluateTest(test: CompiledTest, context: ConditionContext): Tri {
  const actual = context.values.get(test.key);
  const missing = actual === undefined || (test.set !== undefined && actual.length === 0);
  if (missing && context.isUnknown(test.key)) {
    context.consulted.add(test.keyName);
    return "unknown";
  }
  if (test.spec.kind === "null") {
    const want = test.values.map((v) => v.template.source.toLowerCase());
    return want.some((w) => (w === "true" ? missing : w === "false" ? !missing : false)) ? "yes" : "no";
  }
  // A value built from a variable whose value is unknown cannot be compared either way.
  for (const value of test.values) {
    if (!value.template.hasVariables) continue;
    for (const part of value.template.parts) {
      if (
        part.kind === "var" &&
        part.fallback === undefined &&
        context.lookup(part.key) === undefined &&
        context.isUnknown(part.key)
      ) {
        context.consulted.add(part.key);
        return "unknown";
      }
    }
  }
  if (missing) {
    if (test.ifExists) return "yes";
    if (test.set === "all") return "yes";
    if (test.set === "any") return "no";
    return test.spec.negated ? "yes" : "no";
  }
  const matchesAny = (v: string) => test.values.some((value) => valueMatches(test, value, v, context.lookup));
  // With a negated operator a value "satisfies" the test when it matches none of the policy values.
  const satisfies = (v: string) => (test.spec.negated ? !matchesAny(v) : matchesAny(v));
  let result: boolean;
  if (test.set === "all") result = actual.every(satisfies);
  else if (test.set === "any") result = actual.some(satisfies);
  else result = test.spec.negated ? !actual.some(matchesAny) : actual.some(matchesAny);
  return result ? "yes" : "no";
}

export interface ConditionResult {
  result: Tri;
  /** The first test that failed (for explanations). */
  failed?: { operator: string; key: string };
}

export function evaluateCondition(condition: CompiledCondition, context: ConditionContext): ConditionResult {
  let result: Tri = "yes";
  for (const test of condition.tests) {
    const r = evaluateTest(test, context);
    if (r === "no") return { result: "no", failed: { operator: test.operator, key: test.keyName } };
    result = and(result, r);
  }
  return { result };
}
