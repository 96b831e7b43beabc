/**
 * When no `--symptom` is given, the live evidence picks one: the recent-error finding (LAT-604)
 * counts 403s, connection errors / timeouts and 5XX. The kind with the most errors in the window
 * becomes the symptom ranking uses — 403 raises auth findings (LAT-4xx), timeout raises network
 * findings (LAT-5xx …), 5xx raises target findings (LAT-3xx) — and the report says it was inferred.
 */
import type { Finding } from "../core/finding.js";
import { symptomOfEvidence } from "../../checks/lat-604-recent-errors.js";
import type { Symptom } from "./rank.js";

export interface InferredSymptom {
  symptom: Symptom;
  /** One line for the report: which counts it was inferred from. */
  reason: string;
}

/** Ties go to the order below: a denial is the most specific signal, then the network, then 5XX. */
const PRIORITY: Symptom[] = ["403", "timeout", "5xx"];

export function inferSymptom(findings: readonly Finding[]): InferredSymptom | undefined {
  const totals = new Map<Symptom, { count: number; metrics: Map<string, number> }>();
  for (const f of findings) {
    if (f.code !== "LAT-604" || f.suppressed) continue;
    for (const e of f.evidence) {
      const s = symptomOfEvidence(e);
      if (!s || s.count <= 0) continue;
      const entry = totals.get(s.symptom) ?? { count: 0, metrics: new Map<string, number>() };
      entry.count += s.count;
      const name = String(e.observed.MetricName);
      entry.metrics.set(name, (entry.metrics.get(name) ?? 0) + s.count);
      totals.set(s.symptom, entry);
    }
  }
  let best: Symptom | undefined;
  for (const symptom of PRIORITY) {
    const t = totals.get(symptom);
    if (t && (best === undefined || t.count > totals.get(best)!.count)) best = symptom;
  }
  if (best === undefined) return undefined;
  const metrics = [...totals.get(best)!.metrics].map(([name, n]) => `${n} ${name}`).join(", ");
  return { symptom: best, reason: `inferred from LAT-604: ${metrics} in the window` };
}
