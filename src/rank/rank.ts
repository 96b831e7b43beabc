/**
 * Orders findings the way an on-call engineer should read them: most severe first; within a
 * severity, the hop nearest the client first; a finding caused by another sits right after its
 * cause and carries `causedBy`. A cause takes the severity of the worst effect it causes
 * (findings.md). Suppressed findings keep their place in the output but go last.
 */
import { HOPS, SEVERITIES, type Finding, type Severity } from "../../checks/define.js";
import type { DeniedBy } from "../policy/error-text.js";
import { explainsGroup, GROUP_CAUSES } from "./failed-requests.js";

/**
 * Which codes explain which: a finding of a cause code explains a finding of an effect code when
 * both name a common affected resource (`affects`, e.g. the target group).
 */
const BASE_CAUSES: Readonly<Record<string, readonly string[]>> = {
  // Recent errors (LAT-604) are effects too: a target group's connection errors of the network
  // findings that block it, a service's 403s of the auth layer that denies everything.
  // A firing alarm (LAT-605) is an effect of the finding that explains what its metric counts
  // (keyed by symptom in `affects`: checks/lib/signals.ts symptomKey).
  "LAT-501": ["LAT-301", "LAT-302", "LAT-604", "LAT-605"],
  "LAT-502": ["LAT-301", "LAT-302", "LAT-604", "LAT-605"],
  "LAT-503": ["LAT-301", "LAT-302", "LAT-604", "LAT-605"],
  "LAT-507": ["LAT-301", "LAT-302", "LAT-604", "LAT-605"],
  "LAT-306": ["LAT-303"],
  "LAT-401": ["LAT-604", "LAT-605"],
  // Cross-account: an unaccepted or inactive share, or a network that cannot be shared, is why the
  // client's VPC is not connected; a pending invitation also why the service is in no network yet
  // (hub and spoke: accept first, then associate — every association fails until then).
  "LAT-208": ["LAT-205", "LAT-201"],
  "LAT-209": ["LAT-205"],
  "LAT-210": ["LAT-205"],
};

/**
 * With the groups of failed requests read from the access log (LAT-606): each is an effect of the
 * finding that explains how it failed (src/rank/failed-requests.ts narrows by layer and kind).
 */
export const CAUSES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  [...new Set([...Object.keys(BASE_CAUSES), ...GROUP_CAUSES])].map((code) => [
    code,
    [
      ...(BASE_CAUSES[code] ?? []),
      ...((GROUP_CAUSES as readonly string[]).includes(code) ? ["LAT-606"] : []),
    ],
  ]),
);

/** `cause` explains `effect`: a cause code of it, a resource in common, and for a LAT-606 group the right kind. */
export function explains(cause: Finding, effect: Finding): boolean {
  return (
    cause !== effect &&
    !!CAUSES[cause.code]?.includes(effect.code) &&
    shares(cause.affects, effect.affects) &&
    explainsGroup(cause, effect)
  );
}

export type Symptom = "403" | "404" | "timeout" | "5xx";

/** Code prefixes that explain each symptom; used to bring those findings first within a severity. */
const SYMPTOM_CODES: Record<Symptom, RegExp> = {
  "403": /^LAT-4/,
  "404": /^LAT-(1|2)/,
  timeout: /^LAT-(5|2|30[1-3])/,
  "5xx": /^LAT-(3|10[34])/,
};

/** Auth-policy findings that can deny a request at a layer (LAT-401–405, LAT-408). */
const LAYER_CODES = /^LAT-40[1-58]$/;

/**
 * `--error`: the findings of the layer the pasted error names. Network → the auth-policy findings on
 * a service network; service → those on the service; identity → LAT-409; LAT-410 (the explained
 * error itself) in every case, and alone for a signing fault.
 */
function explainsDenial(f: Finding, deniedBy: DeniedBy): boolean {
  if (f.code === "LAT-410") return true;
  switch (deniedBy) {
    case "network":
      return (
        LAYER_CODES.test(f.code) && (f.hop === "service-network" || f.resource.type === "service-network")
      );
    case "service":
      return LAYER_CODES.test(f.code) && f.hop !== "service-network" && f.resource.type !== "service-network";
    case "identity":
      return f.code === "LAT-409";
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

export interface RankOptions {
  symptom?: Symptom;
  /** The layer or fault a pasted error (`--error`) names: its findings come first within a severity. */
  deniedBy?: DeniedBy;
}

export function rank(input: readonly Finding[], options: RankOptions = {}): Finding[] {
  const findings = input.map((f) => ({ ...f }));

  // Link each effect to its first cause (by the cause's own order of severity and hop).
  for (const effect of findings) {
    const cause = findings.find((c) => explains(c, effect));
    if (cause) effect.causedBy = cause.code;
  }
  // A cause is as severe as the worst effect it causes.
  for (const cause of findings) {
    for (const effect of findings) {
      if (effect.causedBy === cause.code && explains(cause, effect)) {
        cause.severity = worse(cause.severity, effect.severity);
      }
    }
  }

  const symptomMatch = options.symptom ? SYMPTOM_CODES[options.symptom] : undefined;
  const { deniedBy } = options;
  const order = (a: Finding, b: Finding): number =>
    Number(!!a.suppressed) - Number(!!b.suppressed) ||
    severityIndex(a.severity) - severityIndex(b.severity) ||
    (deniedBy ? Number(!explainsDenial(a, deniedBy)) - Number(!explainsDenial(b, deniedBy)) : 0) ||
    (symptomMatch ? Number(!symptomMatch.test(a.code)) - Number(!symptomMatch.test(b.code)) : 0) ||
    HOPS.indexOf(a.hop) - HOPS.indexOf(b.hop) ||
    a.code.localeCompare(b.code) ||
    a.resource.id.localeCompare(b.resource.id);

  const roots = findings.filter((f) => !f.causedBy).sort(order);
  const effects = findings.filter((f) => f.causedBy).sort(order);
  const ordered: Finding[] = [];
  const place = (cause: Finding): void => {
    ordered.push(cause);
    for (const effect of effects) {
      if (!ordered.includes(effect) && effect.causedBy === cause.code && explains(cause, effect)) {
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
