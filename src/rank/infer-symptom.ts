/**
 * When no `--symptom` is given, the live evidence picks one: a check whose findings count failed
 * requests (metadata `observedSymptoms`: today the recent-error metrics) says how many 403s,
 * connection errors / timeouts and 5XX it saw. The kind with the most errors in the window becomes
 * the symptom ranking uses — 403 raises auth findings, timeout raises network findings, 5xx raises
 * target findings — and the report says it was inferred, and from which code.
 */
import type { Finding } from "../core/finding.js";
import type { CheckMeta, Symptom } from "../core/check.js";

export interface InferredSymptom {
  symptom: Symptom;
  /** One line for the report: which counts it was inferred from. */
  reason: string;
}

/** Ties go to the order below: a denial is the most specific signal, then the network, then 5XX. */
const PRIORITY: Symptom[] = ["403", "timeout", "5xx", "404"];

interface Total {
  count: number;
  codes: Set<string>;
  sources: Map<string, number>;
}

export function inferSymptom(
  findings: readonly Finding[],
  checks: readonly Pick<CheckMeta, "code" | "observedSymptoms">[],
): InferredSymptom | undefined {
  const observers = new Map(checks.filter((c) => c.observedSymptoms).map((c) => [c.code, c]));
  const totals = new Map<Symptom, Total>();
  for (const f of findings) {
    const observer = observers.get(f.code);
    if (!observer || f.suppressed) continue;
    for (const s of observer.observedSymptoms!(f)) {
      if (s.count <= 0) continue;
      const entry = totals.get(s.symptom) ?? { count: 0, codes: new Set(), sources: new Map() };
      entry.count += s.count;
      entry.codes.add(f.code);
      entry.sources.set(s.source, (entry.sources.get(s.source) ?? 0) + s.count);
      totals.set(s.symptom, entry);
    }
  }
  let best: Symptom | undefined;
  for (const symptom of PRIORITY) {
    const t = totals.get(symptom);
    if (t && (best === undefined || t.count > totals.get(best)!.count)) best = symptom;
  }
  if (best === undefined) return undefined;
  const { codes, sources } = totals.get(best)!;
  const counted = [...sources].map(([name, n]) => `${n} ${name}`).join(", ");
  return { symptom: best, reason: `inferred from ${[...codes].join(", ")}: ${counted} in the window` };
}
