/**
 * Orders findings the way an on-call engineer should read them: most severe first; within a
 * severity, the hop nearest the client first; a finding caused by another sits right after its
 * cause and carries `causedBy`. A cause takes the severity of the worst effect it causes
 * (findings.md). Suppressed findings keep their place in the output but go last. Which finding
 * explains which, and which ones a symptom or a pasted error brings first, is each check's own
 * metadata (`causes`, `symptoms`, `denial`), passed in by the caller: ranking names no code.
 */
import { HOPS, SEVERITIES, type Finding, type Severity } from "../core/finding.js";
import type { CheckMeta, Symptom } from "../core/check.js";
import type { DeniedBy } from "../policy/error-text.js";
import { byText } from "../core/util/collections.js";

export type { Symptom } from "../core/check.js";

/** What ranking reads of the registry: each check's causes, symptoms and part in a denial. */
export type RankMeta = Pick<CheckMeta, "code" | "causes" | "symptoms" | "denial" | "explainedBy">;

/** The registry by code, built once per registry (ranking runs once per report). */
const indexes = new WeakMap<readonly RankMeta[], ReadonlyMap<string, RankMeta>>();
function indexOf(checks: readonly RankMeta[]): ReadonlyMap<string, RankMeta> {
  let index = indexes.get(checks);
  if (!index) {
    index = new Map(checks.map((c) => [c.code, c]));
    indexes.set(checks, index);
  }
  return index;
}

/** Whether a finding sits on a service network (its hop, or the resource it names). */
function onNetwork(f: Finding): boolean {
  return f.hop === "service-network" || f.resource.type === "service-network";
}

/**
 * `--error`: the findings of the layer the pasted error names. Network → the auth-policy findings
 * that deny at a service network; service → those on the service; identity → the caller's own
 * policies; the explained error itself in every case, and alone for a signing fault.
 */
function explainsDenial(meta: RankMeta | undefined, f: Finding, deniedBy: DeniedBy): boolean {
  const role = meta?.denial;
  if (role === "explains-error") return true;
  switch (deniedBy) {
    case "network":
      return role === "layer" && onNetwork(f);
    case "service":
      return role === "layer" && !onNetwork(f);
    case "identity":
      return role === "identity";
    case "signing":
      return false;
  }
}

export function severityIndex(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

function worse(a: Severity, b: Severity): Severity {
  return severityIndex(a) <= severityIndex(b) ? a : b;
}

function shares(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return !!a && !!b && a.some((id) => b.includes(id));
}

/**
 * `cause` explains `effect`: its check's `causes` name the effect's code, both name a common affected
 * resource, and the effect's check (`explainedBy`) agrees it explains this one.
 */
function linked(meta: ReadonlyMap<string, RankMeta>, cause: Finding, effect: Finding): boolean {
  if (cause === effect || !meta.get(cause.code)?.causes?.includes(effect.code)) return false;
  if (!shares(cause.affects, effect.affects)) return false;
  const explainedBy = meta.get(effect.code)?.explainedBy;
  return explainedBy ? explainedBy(cause, meta.get(cause.code), effect) : true;
}

/** Whether `cause` explains `effect` by the registered checks' metadata (what ranking links). */
export function explains(cause: Finding, effect: Finding, checks: readonly RankMeta[]): boolean {
  return linked(indexOf(checks), cause, effect);
}

export interface RankOptions {
  /**
   * The registered checks (checks/index.ts): which codes cause which (`causes`: a cause explains an
   * effect when both name a common affected resource, e.g. the target group), which symptoms each
   * explains, and each one's part in a denied request.
   */
  checks: readonly RankMeta[];
  symptom?: Symptom;
  /** The layer or fault a pasted error (`--error`) names: its findings come first within a severity. */
  deniedBy?: DeniedBy;
}

export function rank(input: readonly Finding[], options: RankOptions): Finding[] {
  const findings = input.map((f) => ({ ...f }));
  const meta = indexOf(options.checks);

  // Link each effect to its first cause (by the cause's own order of severity and hop).
  for (const effect of findings) {
    const cause = findings.find((c) => linked(meta, c, effect));
    if (cause) effect.causedBy = cause.code;
  }
  // A cause is as severe as the worst effect it causes.
  for (const cause of findings) {
    for (const effect of findings) {
      if (effect.causedBy === cause.code && linked(meta, cause, effect)) {
        cause.severity = worse(cause.severity, effect.severity);
      }
    }
  }

  const { symptom, deniedBy } = options;
  const denial = (f: Finding): number => Number(!explainsDenial(meta.get(f.code), f, deniedBy!));
  const explains = (f: Finding): number => Number(!meta.get(f.code)?.symptoms?.includes(symptom!));
  const order = (a: Finding, b: Finding): number =>
    Number(!!a.suppressed) - Number(!!b.suppressed) ||
    severityIndex(a.severity) - severityIndex(b.severity) ||
    (deniedBy ? denial(a) - denial(b) : 0) ||
    (symptom ? explains(a) - explains(b) : 0) ||
    HOPS.indexOf(a.hop) - HOPS.indexOf(b.hop) ||
    byText(a.code, b.code) ||
    byText(a.resource.id, b.resource.id);

  const roots = findings.filter((f) => !f.causedBy).sort(order);
  const effects = findings.filter((f) => f.causedBy).sort(order);
  const ordered: Finding[] = [];
  const place = (cause: Finding): void => {
    ordered.push(cause);
    for (const effect of effects) {
      if (!ordered.includes(effect) && effect.causedBy === cause.code && linked(meta, cause, effect)) {
        place(effect);
      }
    }
  };
  roots.forEach(place);
  // Effects whose cause chain did not place them (should not happen) still appear.
  for (const effect of effects) if (!ordered.includes(effect)) ordered.push(effect);
  return ordered.map((f, i) => ({ ...f, rank: i + 1 }));
}

/** `--ignore LAT-###[=resource]`: the resource is the finding's resource id or ARN. */
export interface Suppression {
  code: string;
  resource?: string;
  source: string;
}

export function parseSuppression(text: string): Suppression | undefined {
  const m = /^(LAT-\d{3})(?:=(.+))?$/.exec(text.trim());
  if (!m) return undefined;
  return { code: m[1]!, resource: m[2], source: `--ignore ${text.trim()}` };
}

export function applySuppressions(
  findings: readonly Finding[],
  suppressions: readonly Suppression[],
): Finding[] {
  return findings.map((f) => {
    const by = suppressions.find(
      (s) =>
        s.code === f.code && (!s.resource || s.resource === f.resource.id || s.resource === f.resource.arn),
    );
    return by ? { ...f, suppressed: { by: by.source, reason: "suppressed on the command line" } } : f;
  });
}
