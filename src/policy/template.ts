/**
 * Policy strings with wildcards and policy variables, parsed once into parts so that evaluating a
 * request does no parsing: `*` and `?` (wildcards in `…Like` operators and in Resource), `${key}`
 * and `${key, 'default'}` (policy variables), `${*}`, `${?}`, `${$}` (a literal `*`, `?`, `$`).
 *
 * Policy variables exist only in documents whose Version is 2012-10-17; in older documents the text
 * `${aws:username}` is taken literally (IAM User Guide, "IAM policy elements: Variables and tags",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
 */

export type Part =
  | { kind: "text"; text: string }
  | { kind: "any" } // `*`
  | { kind: "one" } // `?`
  | { kind: "var"; key: string; fallback?: string };

export interface Template {
  source: string;
  parts: Part[];
  hasVariables: boolean;
  hasWildcards: boolean;
  /** The compiled matcher when the template has no variables (case-sensitive / -insensitive). */
  cached?: Map<string, RegExp | string>;
}

const ESCAPES: Record<string, string> = { "*": "*", "?": "?", $: "$" };

export function parseTemplate(source: string, variables: boolean): Template {
  const parts: Part[] = [];
  let text = "";
  const flush = () => {
    if (text) parts.push({ kind: "text", text });
    text = "";
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (variables && c === "$" && source[i + 1] === "{") {
      const end = source.indexOf("}", i + 2);
      if (end > 0) {
        const body = source.slice(i + 2, end).trim();
        const escaped = ESCAPES[body];
        if (escaped !== undefined) {
          text += escaped; // a literal, never a wildcard
        } else {
          const m = /^([^,]+?)\s*(?:,\s*'([^']*)')?$/.exec(body);
          flush();
          parts.push(
            m ? { kind: "var", key: m[1]!.toLowerCase(), fallback: m[2] } : { kind: "text", text: "" },
          );
        }
        i = end;
        continue;
      }
    }
    if (c === "*" || c === "?") {
      flush();
      parts.push({ kind: c === "*" ? "any" : "one" });
      continue;
    }
    text += c;
  }
  flush();
  return {
    source,
    parts,
    hasVariables: parts.some((p) => p.kind === "var"),
    hasWildcards: parts.some((p) => p.kind === "any" || p.kind === "one"),
  };
}

/** Resolves a variable: its single value, or undefined when absent (or multi-valued). */
export type VariableLookup = (key: string) => string | undefined;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/**
 * The template with its variables substituted, as a matcher: a RegExp when `wildcards` (the `*`/`?`
 * parts match any run / one character) or a plain string otherwise (they are literal characters, as
 * in StringEquals). Undefined when a variable has no value and no default: the value cannot match.
 */
export function resolve(
  template: Template,
  lookup: VariableLookup,
  wildcards: boolean,
  ignoreCase: boolean,
): RegExp | string | undefined {
  let cacheKey = `${wildcards ? "w" : "l"}${ignoreCase ? "i" : "s"}`;
  const values: string[] = [];
  if (template.hasVariables) {
    // The substituted values are part of the key: a policy evaluated for many requests of a few
    // callers compiles each distinct pattern once.
    for (const part of template.parts) {
      if (part.kind !== "var") continue;
      const value = lookup(part.key) ?? part.fallback;
      if (value === undefined) return undefined;
      values.push(value);
    }
    cacheKey += `\u0000${values.join("\u0000")}`;
  }
  const hit = template.cached?.get(cacheKey);
  if (hit !== undefined) return hit;
  let out = "";
  let pattern = "";
  let v = 0;
  for (const part of template.parts) {
    if (part.kind === "text") {
      out += part.text;
      pattern += escapeRegExp(part.text);
    } else if (part.kind === "any") {
      out += "*";
      pattern += ".*";
    } else if (part.kind === "one") {
      out += "?";
      pattern += ".";
    } else {
      const value = values[v++]!;
      out += value;
      pattern += escapeRegExp(value);
    }
  }
  const matcher: RegExp | string =
    wildcards && template.hasWildcards
      ? new RegExp(`^${pattern}$`, ignoreCase ? "is" : "s")
      : ignoreCase
        ? out.toLowerCase()
        : out;
  template.cached ??= new Map();
  if (template.cached.size > 256) template.cached.clear();
  template.cached.set(cacheKey, matcher);
  return matcher;
}

/** Whether `value` matches a resolved matcher (a string matcher is compared whole). */
export function matches(matcher: RegExp | string, value: string, ignoreCase: boolean): boolean {
  if (typeof matcher === "string") return (ignoreCase ? value.toLowerCase() : value) === matcher;
  return matcher.test(value);
}
