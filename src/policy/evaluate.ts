/**
 * An IAM policy evaluator for what VPC Lattice auth policies use: a resource policy (Principal /
 * NotPrincipal, Action / NotAction, Resource / NotResource, Condition) evaluated for one request.
 *
 * Written here rather than taken from npm: the one IAM-simulation library there is AGPL-licensed,
 * which would force that licence on every user of lattice doctor. The semantics follow the IAM User
 * Guide ("Policy evaluation logic", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html,
 * and the JSON element reference pages cited in conditions.ts, principal.ts, template.ts):
 * an explicit Deny wins; otherwise an Allow that matches allows; otherwise the request is implicitly
 * denied. Action names compare case-insensitively, resources case-sensitively, both with `*` / `?`.
 *
 * One addition to IAM: keys lattice doctor cannot know (the caller's organization, its tags, the
 * source VPC's owner …) make a statement's match "unknown" rather than false, and a decision that
 * depends on such a statement is "unknown": a guess is never reported as a deny or an allow.
 *
 * A malformed document throws PolicyFormatError with what was wrong and where; it never crashes
 * the caller with a TypeError.
 */
import {
  and,
  compileCondition,
  evaluateCondition,
  PolicyFormatError,
  type CompiledCondition,
  type ConditionContext,
  type Tri,
} from "./conditions.js";
import {
  compilePrincipal,
  notPrincipalApplies,
  principalMatches,
  type Caller,
  type PrincipalSet,
} from "./principal.js";
import { matches, parseTemplate, resolve, type Template } from "./template.js";

export { PolicyFormatError };

export interface CompiledStatement {
  index: number;
  sid?: string;
  effect: "Allow" | "Deny";
  principal?: PrincipalSet;
  notPrincipal?: PrincipalSet;
  actions?: RegExp[];
  notActions?: RegExp[];
  resources?: Template[];
  notResources?: Template[];
  condition?: CompiledCondition;
  raw: Record<string, unknown>;
}

export interface CompiledPolicy {
  version?: string;
  statements: CompiledStatement[];
}

export type ContextValue = string | number | boolean | readonly (string | number | boolean)[];

export interface Request {
  caller: Caller;
  /** e.g. `vpc-lattice-svcs:Invoke`. */
  action: string;
  /** e.g. `arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-…/orders`. */
  resource: string;
  /** Condition keys (any case) and their values; an array is a multivalued key. */
  context: Record<string, ContextValue>;
  /** Keys whose value is not known (absent from `context` yet possibly set on the real request). */
  isUnknown?: (key: string) => boolean;
}

export type Decision = "allow" | "explicit-deny" | "implicit-deny" | "unknown";

export interface StatementRef {
  index: number;
  sid?: string;
}

export interface Evaluation {
  decision: Decision;
  /** The deciding statement: the denying one, the allowing one, or the one whose match is unknown. */
  statement?: StatementRef;
  /** Unknown condition keys the decision depends on (with decision "unknown"). */
  unknownKeys: string[];
  /** One line: `statement 2 (Sid "AllowOrders") allows` / `no statement allows` … */
  reason: string;
  /** For an implicit deny: why each Allow statement did not match. */
  misses: { statement: StatementRef; element: string; detail: string }[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, where: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new PolicyFormatError(`${where}: must not be empty`);
  for (const v of list) {
    if (typeof v !== "string")
      throw new PolicyFormatError(`${where}: expected a string or a list of strings`);
  }
  return list as string[];
}

function actionPattern(pattern: string): RegExp {
  const source = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\/]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`, "is");
}

const STATEMENT_KEYS = new Set([
  "Sid",
  "Effect",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
]);

/** Parses and compiles a policy document (text or parsed JSON). Throws PolicyFormatError. */
export function compilePolicy(document: string | unknown): CompiledPolicy {
  let doc: unknown = document;
  if (typeof document === "string") {
    try {
      doc = JSON.parse(document);
    } catch (error) {
      throw new PolicyFormatError(`the policy is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (!isRecord(doc)) throw new PolicyFormatError("the policy must be a JSON object with a Statement");
  const version = doc.Version;
  if (version !== undefined && version !== "2012-10-17" && version !== "2008-10-17") {
    throw new PolicyFormatError(
      `Version must be "2012-10-17" (or the older "2008-10-17"), not ${JSON.stringify(version)}`,
    );
  }
  const variables = version === "2012-10-17";
  const list = Array.isArray(doc.Statement)
    ? doc.Statement
    : isRecord(doc.Statement)
      ? [doc.Statement]
      : undefined;
  if (!list) throw new PolicyFormatError("the policy has no Statement (an object or a list of objects)");
  const statements = list.map((raw: unknown, index): CompiledStatement => {
    const where = `Statement[${index}]`;
    if (!isRecord(raw)) throw new PolicyFormatError(`${where}: expected an object`);
    for (const key of Object.keys(raw)) {
      if (!STATEMENT_KEYS.has(key)) throw new PolicyFormatError(`${where}: unknown element ${key}`);
    }
    if (raw.Effect !== "Allow" && raw.Effect !== "Deny") {
      throw new PolicyFormatError(
        `${where}.Effect: expected "Allow" or "Deny", got ${JSON.stringify(raw.Effect)}`,
      );
    }
    const st: CompiledStatement = { index, effect: raw.Effect, raw };
    if (raw.Sid !== undefined) {
      if (typeof raw.Sid !== "string") throw new PolicyFormatError(`${where}.Sid: expected a string`);
      if (raw.Sid !== "") st.sid = raw.Sid;
    }
    const exactlyOne = (a: string, b: string) => {
      if (a in raw === b in raw) {
        throw new PolicyFormatError(`${where}: needs exactly one of ${a} and ${b}`);
      }
    };
    exactlyOne("Principal", "NotPrincipal");
    exactlyOne("Action", "NotAction");
    exactlyOne("Resource", "NotResource");
    try {
      if ("Principal" in raw) st.principal = compilePrincipal(raw.Principal, `${where}.Principal`);
      else st.notPrincipal = compilePrincipal(raw.NotPrincipal, `${where}.NotPrincipal`);
    } catch (error) {
      throw error instanceof PolicyFormatError ? error : new PolicyFormatError((error as Error).message);
    }
    if ("Action" in raw) st.actions = stringList(raw.Action, `${where}.Action`).map(actionPattern);
    else st.notActions = stringList(raw.NotAction, `${where}.NotAction`).map(actionPattern);
    if ("Resource" in raw)
      st.resources = stringList(raw.Resource, `${where}.Resource`).map((r) => parseTemplate(r, variables));
    else
      st.notResources = stringList(raw.NotResource, `${where}.NotResource`).map((r) =>
        parseTemplate(r, variables),
      );
    if (raw.Condition !== undefined)
      st.condition = compileCondition(raw.Condition, `${where}.Condition`, variables);
    return st;
  });
  return { ...(typeof version === "string" ? { version } : {}), statements };
}

/** `statement 2 (Sid "AllowOrders")`: 1-based, as people count. */
export function describeStatementRef(ref: StatementRef): string {
  return `statement ${ref.index + 1}${ref.sid ? ` (Sid "${ref.sid}")` : ""}`;
}

function refOf(st: CompiledStatement): StatementRef {
  return st.sid ? { index: st.index, sid: st.sid } : { index: st.index };
}

function toContext(request: Request, consulted: Set<string>): ConditionContext {
  const values = new Map<string, string[]>();
  for (const key in request.context) {
    const value = request.context[key]!;
    values.set(
      key.toLowerCase(),
      Array.isArray(value) ? value.map(String) : [typeof value === "string" ? value : String(value)],
    );
  }
  const isUnknown = request.isUnknown ?? (() => false);
  return {
    values,
    isUnknown: (key) => isUnknown(key.toLowerCase()),
    // Variables take single-valued keys only.
    lookup: (key) => {
      const v = values.get(key);
      return v && v.length === 1 ? v[0] : undefined;
    },
    consulted,
  };
}

function resourceMatches(templates: Template[], resource: string, context: ConditionContext): Tri {
  let result: Tri = "no";
  for (const t of templates) {
    const matcher = resolve(t, context.lookup, true, false);
    if (matcher === undefined) {
      const unknown = t.parts.find(
        (p) => p.kind === "var" && context.lookup(p.key) === undefined && context.isUnknown(p.key),
      );
      if (unknown && unknown.kind === "var") {
        context.consulted.add(unknown.key);
        result = "unknown";
      }
      continue;
    }
    if (matches(matcher, resource, false)) return "yes";
  }
  return result;
}

const not = (t: Tri): Tri => (t === "yes" ? "no" : t === "no" ? "yes" : "unknown");

interface StatementMatch {
  result: Tri;
  element?: string;
  detail?: string;
}

function matchStatement(
  st: CompiledStatement,
  request: Request,
  context: ConditionContext,
  explain: boolean,
): StatementMatch {
  const principal = st.principal
    ? principalMatches(st.principal, request.caller)
    : notPrincipalApplies(st.notPrincipal!, request.caller);
  if (!principal) {
    return explain
      ? {
          result: "no",
          element: st.principal ? "Principal" : "NotPrincipal",
          detail: `does not name ${callerText(request.caller)}`,
        }
      : { result: "no" };
  }
  const action = st.actions
    ? st.actions.some((p) => p.test(request.action))
    : !st.notActions!.some((p) => p.test(request.action));
  if (!action) {
    return explain
      ? {
          result: "no",
          element: st.actions ? "Action" : "NotAction",
          detail: `does not cover ${request.action}`,
        }
      : { result: "no" };
  }
  const resource = st.resources
    ? resourceMatches(st.resources, request.resource, context)
    : not(resourceMatches(st.notResources!, request.resource, context));
  if (resource === "no") {
    return explain
      ? {
          result: "no",
          element: st.resources ? "Resource" : "NotResource",
          detail: `does not match ${request.resource}`,
        }
      : { result: "no" };
  }
  if (!st.condition) return { result: resource };
  const condition = evaluateCondition(st.condition, context);
  if (condition.result === "no") {
    return explain
      ? {
          result: "no",
          element: "Condition",
          detail: `${condition.failed!.operator} on ${condition.failed!.key} does not hold`,
        }
      : { result: "no" };
  }
  return { result: and(resource, condition.result) };
}

function callerText(caller: Caller): string {
  switch (caller.type) {
    case "anonymous":
      return "the anonymous caller";
    case "account":
      return `account ${caller.account}`;
    case "service":
      return caller.service;
    default:
      return caller.arn;
  }
}

export interface EvaluateOptions {
  /** Collect why each Allow statement missed (for messages); off in hot loops. */
  explain?: boolean;
}

/** Evaluates one compiled policy for one request. */
export function evaluate(
  policy: CompiledPolicy,
  request: Request,
  options: EvaluateOptions = {},
): Evaluation {
  const explain = options.explain ?? true;
  const consulted = new Set<string>();
  const context = toContext(request, consulted);
  let allow: CompiledStatement | undefined;
  let unknownDeny: CompiledStatement | undefined;
  let unknownAllow: CompiledStatement | undefined;
  const misses: Evaluation["misses"] = [];
  for (const st of policy.statements) {
    const before = consulted.size;
    const m = matchStatement(st, request, context, explain && st.effect === "Allow");
    if (m.result === "no") {
      if (explain && st.effect === "Allow")
        misses.push({ statement: refOf(st), element: m.element!, detail: m.detail! });
      // Keys consulted by a statement that fails on a known key do not decide anything.
      if (consulted.size > before) for (const k of [...consulted].slice(before)) consulted.delete(k);
      continue;
    }
    if (st.effect === "Deny") {
      if (m.result === "yes") {
        return {
          decision: "explicit-deny",
          statement: refOf(st),
          unknownKeys: [],
          reason: `${describeStatementRef(refOf(st))} denies`,
          misses: [],
        };
      }
      unknownDeny ??= st;
    } else if (m.result === "yes") {
      allow ??= st;
    } else {
      unknownAllow ??= st;
    }
  }
  const unknownKeys = [...consulted].sort();
  if (unknownDeny) {
    return {
      decision: "unknown",
      statement: refOf(unknownDeny),
      unknownKeys,
      reason: `${describeStatementRef(refOf(unknownDeny))} denies if ${unknownKeys.join(", ")} match, and lattice doctor does not know their values`,
      misses,
    };
  }
  if (allow) {
    return {
      decision: "allow",
      statement: refOf(allow),
      unknownKeys: [],
      reason: `${describeStatementRef(refOf(allow))} allows`,
      misses: [],
    };
  }
  if (unknownAllow) {
    return {
      decision: "unknown",
      statement: refOf(unknownAllow),
      unknownKeys,
      reason: `${describeStatementRef(refOf(unknownAllow))} allows only if ${unknownKeys.join(", ")} match, and lattice doctor does not know their values`,
      misses,
    };
  }
  return { decision: "implicit-deny", unknownKeys: [], reason: "no statement allows", misses };
}

/** compilePolicy + evaluate, for one-off use. */
export function evaluatePolicy(
  document: string | unknown,
  request: Request,
  options?: EvaluateOptions,
): Evaluation {
  return evaluate(compilePolicy(document), request, options);
}
