/**
 * Small, pure helpers for reading VPC Lattice auth policies: the statements, whether a statement
 * can match a data-plane action, whether its `Resource` can match a service's requests, whether it
 * admits anonymous (unsigned) callers. Not an IAM evaluator (that is planned in src/policy/): every
 * helper answers "can this statement possibly match", and when it cannot tell, it says yes, so a
 * check built on it errs towards silence rather than a false alarm.
 */

/** The data-plane actions: Invoke (HTTP/HTTPS listeners) and Connect (TLS_PASSTHROUGH, TCP). */
export const INVOKE = "vpc-lattice-svcs:Invoke";
export const CONNECT = "vpc-lattice-svcs:Connect";
export const DATA_PLANE_ACTIONS: readonly string[] = [INVOKE, CONNECT];

export interface Statement {
  /** 0-based position in the policy's Statement list (an object Statement is index 0). */
  index: number;
  sid?: string;
  effect: string;
  principal?: unknown;
  notPrincipal?: unknown;
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  condition?: Record<string, unknown>;
  /** The statement exactly as written. */
  raw: Record<string, unknown>;
}

export interface ParsedPolicy {
  version?: string;
  statements: Statement[];
  /** The document as parsed. */
  raw: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string or list of strings as a list; undefined when absent; non-strings dropped. */
function stringList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const items = Array.isArray(value) ? value : [value];
  return items.filter((v): v is string => typeof v === "string");
}

/**
 * Parses a policy document. Undefined when it is not JSON, not an object, or has no Statement:
 * an unreadable policy is not something these helpers can judge.
 */
export function parsePolicy(text: string | undefined): ParsedPolicy | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(doc)) return undefined;
  const list = Array.isArray(doc.Statement)
    ? doc.Statement
    : isRecord(doc.Statement)
      ? [doc.Statement]
      : undefined;
  if (list === undefined) return undefined;
  const statements: Statement[] = [];
  list.forEach((raw: unknown, index) => {
    if (!isRecord(raw)) return;
    const st: Statement = { index, effect: typeof raw.Effect === "string" ? raw.Effect : "", raw };
    if (typeof raw.Sid === "string" && raw.Sid !== "") st.sid = raw.Sid;
    if ("Principal" in raw) st.principal = raw.Principal;
    if ("NotPrincipal" in raw) st.notPrincipal = raw.NotPrincipal;
    const actions = stringList(raw.Action);
    if (actions) st.actions = actions;
    const notActions = stringList(raw.NotAction);
    if (notActions) st.notActions = notActions;
    const resources = stringList(raw.Resource);
    if (resources) st.resources = resources;
    const notResources = stringList(raw.NotResource);
    if (notResources) st.notResources = notResources;
    if (isRecord(raw.Condition)) st.condition = raw.Condition;
    statements.push(st);
  });
  return { version: typeof doc.Version === "string" ? doc.Version : undefined, statements, raw: doc };
}

export const isAllow = (st: Statement): boolean => st.effect.toLowerCase() === "allow";

/** How a statement is named in a message: `statement 2 (Sid "AllowOrg")`, 1-based. */
export function describeStatement(st: Statement): string {
  return `statement ${st.index + 1}${st.sid ? ` (Sid "${st.sid}")` : ""}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+^${}()|[\]\\]/g, "\\$&");
}

/** IAM-style wildcard match of the whole value: `*` any run of characters, `?` exactly one. */
export function wildcardMatch(
  pattern: string,
  value: string,
  options: { ignoreCase?: boolean } = {},
): boolean {
  const source = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : escapeRegExp(c)))
    .join("");
  return new RegExp(`^${source}$`, options.ignoreCase ? "is" : "s").test(value);
}

/**
 * Whether `pattern` matches at least one string that starts with `prefix` (the rest being free).
 * Glob positions reachable after reading the prefix: if any survives, some suffix completes it.
 */
export function wildcardMatchesSomeWithPrefix(pattern: string, prefix: string): boolean {
  let states = new Set<number>([0]);
  const closure = (set: Set<number>): Set<number> => {
    const out = new Set(set);
    for (const s of set) {
      let i = s;
      while (pattern[i] === "*") out.add(++i);
    }
    return out;
  };
  states = closure(states);
  for (const ch of prefix) {
    const next = new Set<number>();
    for (const s of states) {
      const p = pattern[s];
      if (p === undefined) continue;
      if (p === "*") next.add(s);
      else if (p === "?" || p === ch) next.add(s + 1);
    }
    states = closure(next);
    if (states.size === 0) return false;
  }
  return states.size > 0;
}

/** Whether the statement's Action (or NotAction) covers `action` (case-insensitive, wildcards). */
export function statementMatchesAction(st: Statement, action: string): boolean {
  if (st.actions !== undefined) return st.actions.some((p) => wildcardMatch(p, action, { ignoreCase: true }));
  if (st.notActions !== undefined)
    return !st.notActions.some((p) => wildcardMatch(p, action, { ignoreCase: true }));
  return true; // neither: not a valid statement; do not judge it
}

/** Whether the statement can apply to a data-plane request (Invoke or Connect). */
export function statementMatchesDataPlane(st: Statement): boolean {
  return DATA_PLANE_ACTIONS.some((a) => statementMatchesAction(st, a));
}

/** A control-plane action pattern: the `vpc-lattice:` prefix (`vpc-lattice:*`, `vpc-lattice:Invoke` …). */
export function isControlPlaneAction(pattern: string): boolean {
  return pattern.toLowerCase().startsWith("vpc-lattice:");
}

/** The statement's control-plane action patterns (from Action only). */
export function controlPlaneActions(st: Statement): string[] {
  return (st.actions ?? []).filter(isControlPlaneAction);
}

/**
 * How a resource pattern relates to the requests of the service `serviceArn`:
 * - `matches`: it can match `<serviceArn>/<path>` (Invoke on an HTTP/HTTPS listener) for some path;
 * - `bare`: it matches only the service ARN itself: Connect (TLS_PASSTHROUGH) requests, but
 *   (inferred from the documentation's examples, lattice-facts §3.2) no Invoke request;
 * - `never`: it matches neither (another service, region, account or resource type).
 * ARNs are compared case-sensitively.
 */
export type ResourceFit = "matches" | "bare" | "never";

export function resourceFit(pattern: string, serviceArn: string): ResourceFit {
  if (wildcardMatchesSomeWithPrefix(pattern, `${serviceArn}/`)) return "matches";
  if (wildcardMatch(pattern, serviceArn)) return "bare";
  return "never";
}

const FIT_ORDER: readonly ResourceFit[] = ["matches", "bare", "never"];

/**
 * The best fit of a statement's resources. No Resource and no NotResource (invalid), or a
 * NotResource (not judged here): `matches`.
 */
export function statementResourceFit(st: Statement, serviceArn: string): ResourceFit {
  if (st.resources === undefined || st.notResources !== undefined) return "matches";
  let best: ResourceFit = "never";
  for (const r of st.resources) {
    const fit = resourceFit(r, serviceArn);
    if (FIT_ORDER.indexOf(fit) < FIT_ORDER.indexOf(best)) best = fit;
  }
  return best;
}

/** `"*"`, `{"AWS": "*"}` or `{"AWS": [..., "*"]}`. */
export function isWildcardPrincipal(principal: unknown): boolean {
  if (principal === "*") return true;
  if (!isRecord(principal)) return false;
  return (stringList(principal.AWS) ?? []).includes("*");
}

/** Condition keys whose value an anonymous caller does not have (aws:PrincipalType aside). */
const IDENTITY_KEYS = new Set([
  "aws:userid",
  "aws:username",
  "aws:sourceidentity",
  "aws:tokenissuetime",
  "aws:federatedprovider",
  "aws:multifactorauthpresent",
  "aws:multifactorauthage",
]);

function isPrincipalKey(key: string): boolean {
  const k = key.toLowerCase();
  return (k.startsWith("aws:principal") && k !== "aws:principaltype") || IDENTITY_KEYS.has(k);
}

const NEGATED = /^(stringnot|arnnot|notipaddress)/;

/**
 * Whether one condition block (operator → key → values) can hold for an anonymous caller:
 * `aws:PrincipalType` is `Anonymous`; principal keys (aws:PrincipalOrgID, aws:PrincipalArn,
 * aws:PrincipalTag/…) are absent. Other keys (vpc-lattice-svcs:SourceVpc …) are assumed satisfiable.
 */
function conditionAdmitsAnonymous(operator: string, block: unknown): boolean {
  if (!isRecord(block)) return true;
  let op = operator.toLowerCase();
  let setOp: "any" | "all" | undefined;
  if (op.startsWith("forallvalues:")) {
    setOp = "all";
    op = op.slice("forallvalues:".length);
  } else if (op.startsWith("foranyvalue:")) {
    setOp = "any";
    op = op.slice("foranyvalue:".length);
  }
  const ifExists = op.endsWith("ifexists");
  if (ifExists) op = op.slice(0, -"ifexists".length);

  for (const [key, rawValues] of Object.entries(block)) {
    const values = (Array.isArray(rawValues) ? rawValues : [rawValues]).map((v) => String(v));
    const k = key.toLowerCase();
    if (k === "aws:principaltype") {
      if (op === "null") {
        // Null true = "the key is absent": it is present ("Anonymous").
        if (values.every((v) => v.toLowerCase() === "true")) return false;
        continue;
      }
      if (!stringOperatorHolds(op, values, "Anonymous")) return false;
      continue;
    }
    if (!isPrincipalKey(key)) continue;
    // The key is absent for an anonymous caller.
    if (op === "null") {
      if (values.every((v) => v.toLowerCase() === "false")) return false;
      continue;
    }
    if (ifExists || setOp === "all" || NEGATED.test(op)) continue;
    return false;
  }
  return true;
}

/** Whether a string operator holds for `actual`; unknown operators are assumed to hold. */
function stringOperatorHolds(op: string, values: string[], actual: string): boolean {
  switch (op) {
    case "stringequals":
      return values.includes(actual);
    case "stringequalsignorecase":
      return values.some((v) => v.toLowerCase() === actual.toLowerCase());
    case "stringlike":
      return values.some((v) => wildcardMatch(v, actual));
    case "stringnotequals":
      return !values.includes(actual);
    case "stringnotequalsignorecase":
      return !values.some((v) => v.toLowerCase() === actual.toLowerCase());
    case "stringnotlike":
      return !values.some((v) => wildcardMatch(v, actual));
    default:
      return true;
  }
}

/**
 * Whether an Allow statement can admit an anonymous (unsigned) caller: a wildcard principal (or a
 * NotPrincipal, not judged) and no condition that an anonymous caller fails — e.g.
 * `StringNotEqualsIgnoreCase {"aws:PrincipalType": "anonymous"}` or `StringEquals {"aws:PrincipalOrgID": …}`.
 * A specific principal (account, role, user) is authenticated only.
 */
export function statementAdmitsAnonymous(st: Statement): boolean {
  if (!isAllow(st)) return false;
  if (st.notPrincipal === undefined && !isWildcardPrincipal(st.principal)) return false;
  if (st.condition === undefined) return true;
  return Object.entries(st.condition).every(([op, block]) => conditionAdmitsAnonymous(op, block));
}

/**
 * A copy of the policy document with some statements replaced: `change` returns the new statement,
 * or undefined to keep it. The Statement element is always written as an array.
 */
export function rewritePolicy(
  policy: ParsedPolicy,
  change: (st: Statement) => Record<string, unknown> | undefined,
): Record<string, unknown> {
  const list: unknown[] = Array.isArray(policy.raw.Statement) ? policy.raw.Statement : [policy.raw.Statement];
  const byIndex = new Map(policy.statements.map((st) => [st.index, st]));
  return {
    ...policy.raw,
    Statement: list.map((raw, index) => {
      const st = byIndex.get(index);
      return (st && change(st)) ?? raw;
    }),
  };
}
