/**
 * checkTester — a table of pass/fail topologies per check, like ESLint's RuleTester. Each case
 * becomes a vitest `it`; every case runs on a deep-frozen topology, twice, and must give the same
 * findings (checks are pure). Every finding of a fail case is also checked for shape: one-line
 * title, evidence naming API calls, fix commands carrying --region and --profile.
 *
 *   checkTester(lat501, {
 *     pass: [{ name: "rule references the prefix list id", topology: topology() }],
 *     fail: [{ name: "consumer CIDR only", topology: …, expect: { resource: "sg-…", severity: "critical" } }],
 *   });
 */
import { describe, expect, it } from "vitest";
import { HOPS, SEVERITIES, type FindingDraft, type Hop, type Severity } from "../../src/core/finding.js";
import type { Check, CheckContext } from "../../src/core/check.js";
import { checks } from "../../checks/index.js";
import type { Topology } from "../../src/topology/types.js";
import { REGION } from "./topology.js";

export const PROFILE = "oncall";

/** The context the engine would give: region, profile and every registered check's needs. */
export function defaultContext(overrides: Partial<CheckContext> = {}): CheckContext {
  return {
    region: REGION,
    profile: PROFILE,
    checkNeeds: Object.fromEntries(checks.map((c) => [c.code, [...c.needs, ...(c.partlyNeeds ?? [])]])),
    ...overrides,
  };
}

/** Freezes `value` and everything reachable from it; returns it. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}

/** Runs `check` on a frozen copy of `topology` twice; asserts both runs agree. */
export function runPure(
  check: Check,
  topology: Topology,
  context: CheckContext = defaultContext(),
): FindingDraft[] {
  const frozen = deepFreeze(structuredClone(topology));
  const before = JSON.stringify(frozen);
  const first = check.run(frozen, context);
  const second = check.run(frozen, context);
  expect(second).toEqual(first);
  expect(JSON.stringify(frozen)).toBe(before);
  return first;
}

export interface TesterCase {
  name: string;
  topology: Topology;
  /** Replaces parts of the default context (region us-east-1, profile "oncall", checkNeeds). */
  context?: Partial<CheckContext>;
}

export interface FailExpectation {
  /** Some finding is about this resource id; the other expectations apply to the findings about it. */
  resource?: string;
  /** Expected severity (the finding's own, else the check's default). */
  severity?: Severity;
  hop?: Hop;
  /** Exact number of findings the check returns. */
  count?: number;
  /** Every matching finding's title includes each of these. */
  titleIncludes?: string | string[];
  /** Every matching finding's detail includes each of these. */
  detailIncludes?: string | string[];
  /** Every matching finding's `affects` equals this (order-insensitive). */
  affects?: string[];
}

export interface FailCase extends TesterCase {
  expect: FailExpectation;
  /** Further assertions on all findings of the case. */
  assert?: (findings: FindingDraft[]) => void;
}

export interface TesterCases {
  pass: TesterCase[];
  fail: FailCase[];
}

const asList = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Shape rules every finding of every check obeys. */
export function assertWellFormed(
  check: Check,
  finding: FindingDraft,
  context: CheckContext,
  topology?: Topology,
): void {
  expect(finding.title.trim().length, "title").toBeGreaterThan(0);
  expect(finding.title, "title is one line").not.toMatch(/\n/);
  expect(finding.detail.trim().length, "detail").toBeGreaterThan(0);
  expect(finding.resource.id, "resource id").not.toBe("");
  expect(finding.resource.type, "resource type").not.toBe("");
  if (finding.severity !== undefined) expect(SEVERITIES).toContain(finding.severity);
  if (finding.hop !== undefined) expect(HOPS).toContain(finding.hop);
  expect(finding.evidence.length, "evidence").toBeGreaterThan(0);
  for (const e of finding.evidence)
    expect(e.call, "evidence call is service:Operation").toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/);
  expect(finding.fix.summary.trim().length, "fix summary").toBeGreaterThan(0);
  for (const command of finding.fix.commands) {
    expect(command, "command is one line").not.toMatch(/\n/);
    if (command.startsWith("aws ") && !command.startsWith("aws iam "))
      expect(command).toContain(`--region ${context.region}`);
    if ((command.startsWith("aws ") || command.startsWith("lattice ")) && context.profile) {
      // A command for another account carries that account's profile: --consumer-profile's, or a
      // placeholder naming the account.
      const others = (topology?.readers ?? [])
        .map((r) => /^consumer-profile (.+)$/.exec(r.label)?.[1])
        .filter((p): p is string => !!p);
      const profiles = [context.profile, ...others].map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
      expect(command).toMatch(
        new RegExp(`--profile (${profiles.join("|")}|'<profile-of-account:(\\d{12}|owner)>')(\\s|$)`),
      );
    }
  }
  expect(() => JSON.stringify(finding)).not.toThrow();
  expect(check.code).toMatch(/^LAT-\d{3}$/);
}

export function checkTester(check: Check, cases: TesterCases): void {
  describe(`${check.code} ${check.name}`, () => {
    describe("pass", () => {
      for (const c of cases.pass) {
        it(c.name, () => {
          const findings = runPure(check, c.topology, defaultContext(c.context));
          expect(findings, `expected no finding, got: ${findings.map((f) => f.title).join(" | ")}`).toEqual(
            [],
          );
        });
      }
    });
    describe("fail", () => {
      for (const c of cases.fail) {
        it(c.name, () => {
          const context = defaultContext(c.context);
          const findings = runPure(check, c.topology, context);
          expect(findings.length, "expected at least one finding").toBeGreaterThan(0);
          for (const f of findings) assertWellFormed(check, f, context, c.topology);
          const e = c.expect;
          if (e.count !== undefined) expect(findings).toHaveLength(e.count);
          const matching =
            e.resource === undefined ? findings : findings.filter((f) => f.resource.id === e.resource);
          expect(
            matching.length,
            `a finding about ${e.resource}; got ${findings.map((f) => f.resource.id).join(", ")}`,
          ).toBeGreaterThan(0);
          for (const f of matching) {
            if (e.severity !== undefined) expect(f.severity ?? check.severity, f.title).toBe(e.severity);
            if (e.hop !== undefined) expect(f.hop ?? check.hop).toBe(e.hop);
            for (const text of asList(e.titleIncludes)) expect(f.title).toContain(text);
            for (const text of asList(e.detailIncludes)) expect(f.detail).toContain(text);
            if (e.affects !== undefined) expect([...(f.affects ?? [])].sort()).toEqual([...e.affects].sort());
          }
          c.assert?.(findings);
        });
      }
    });
  });
}
