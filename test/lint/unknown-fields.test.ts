/**
 * Unknown stays unknown: every field of every resource of three failing files (two plans, one
 * template) is made unknown in turn, down to each health-check attribute, action and rule part, and
 * lint must not report a finding that rests on it. A finding rests on a value when it would not
 * survive a different value: so each finding of the unknown run must also be found with the original
 * value and with another one. No placeholder (port 0 or -1, "(known after apply)") may reach a finding.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checks } from "../../checks/index.js";
import { unknown, type LintModel } from "../../src/lint/model.js";
import { readLintFile, runLint } from "../../src/lint/run.js";
import { ciPlan } from "../support/ci-plans.js";

type Json = Record<string, unknown>;
const SKIP = new Set(["key", "kind", "source", "knownId", "knownArn", "match", "isEgress", "description"]);
/** Positions the model's types never hold an Unknown in (a list of blocks, an action's kind). */
const FIXED = (kind: string, path: (string | number)[]): boolean => {
  const last = path[path.length - 1];
  if (last === "targetGroups") return true;
  if (typeof last === "number" && ["rules", "targetGroups"].includes(String(path[path.length - 2])))
    return true;
  if (last === "type" && path.length > 1) return true;
  return kind === "sg-rule" && path.length === 1;
};
const ROTATE = [
  "HTTP",
  "HTTPS",
  "TLS_PASSTHROUGH",
  "TCP",
  "GRPC",
  "HTTP2",
  "HTTP1",
  "IPV4",
  "IPV6",
  "AWS_IAM",
  "NONE",
  "INSTANCE",
  "IP",
  "LAMBDA",
  "ALB",
];

function other(v: unknown): unknown {
  if (typeof v === "number") return v === 443 ? 80 : v + 1;
  if (typeof v === "boolean") return !v;
  if (typeof v === "string") {
    const i = ROTATE.indexOf(v.toUpperCase());
    if (i >= 0) return ROTATE[(i + 1) % ROTATE.length];
    if (/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(v)) return "203.0.113.0/24";
    return `${v}-other`;
  }
  if (Array.isArray(v)) return [];
  if (v && typeof v === "object" && "ref" in v) return "sg-0fedcba9876543210";
  return undefined;
}

/** Paths to every scalar or list a check may read, one level into objects and lists of objects. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (!value || typeof value !== "object" || (value as Json).unknown === true) return [];
  const out: (string | number)[][] = [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value as Json).filter(([k]) => !SKIP.has(k));
  for (const [k, v] of entries) {
    const p = [...prefix, k];
    if (v === undefined) continue;
    out.push(p);
    if (v && typeof v === "object" && !("ref" in v) && prefix.length < 6) out.push(...paths(v, p));
  }
  return out;
}

function setAt(
  model: LintModel,
  r: number,
  path: (string | number)[],
  make: (old: unknown) => unknown,
): LintModel {
  const copy = structuredClone(model);
  let cur = copy.resources[r] as unknown as Json;
  for (const k of path.slice(0, -1)) cur = cur[k] as Json;
  const last = path[path.length - 1]!;
  cur[last] = make(cur[last]);
  return copy;
}

const lint = (m: LintModel) => runLint([m], checks, { failOn: "error", toolVersion: "test" });
const keys = (m: LintModel) => new Set(lint(m).findings.map((f) => `${f.code} ${f.resource.id}`));

const MODELS: [string, LintModel][] = [
  ["payments-lat-501.plan.json", readLintFile(JSON.stringify(ciPlan("lat-501")), "a.plan.json", {})],
  ["payments-lat-104.plan.json", readLintFile(JSON.stringify(ciPlan("lat-104")), "b.plan.json", {})],
  [
    "orders-broken.cfn.yaml",
    readLintFile(
      readFileSync("test/fixtures/lint/orders-broken.cfn.yaml", "utf8"),
      "orders-broken.cfn.yaml",
      {},
    ),
  ],
];

describe("no finding rests on an unknown value", () => {
  for (const [name, model] of MODELS) {
    it(`${name}: each field unknown in turn`, () => {
      const baseline = keys(model);
      expect(baseline.size).toBeGreaterThan(0);
      let tried = 0;
      const problems: string[] = [];
      model.resources.forEach((resource, r) => {
        for (const path of paths(resource)) {
          if (FIXED(resource.kind, path)) continue;
          const where = `${resource.key}.${path.join(".")}`;
          const withUnknown = setAt(model, r, path, () => unknown("made unknown by the test"));
          const report = lint(withUnknown);
          const text = JSON.stringify(report.findings);
          if (/known after apply\)|port 0\b|:0\)|:-1\)|port -1/.test(text))
            problems.push(`placeholder in a finding: ${where}`);
          const found = report.findings.map((f) => `${f.code} ${f.resource.id}`);
          if (found.length === 0) continue;
          const alternative = keys(setAt(model, r, path, other));
          for (const f of found)
            if (!(baseline.has(f) && alternative.has(f))) problems.push(`${f} rests on ${where}`);
          tried++;
        }
      });
      expect(problems).toEqual([]);
      expect(tried).toBeGreaterThan(10);
    }, 120_000);
  }
});
