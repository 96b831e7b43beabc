/**
 * Keys a finding puts in `affects` beyond resource ids: ranking links a cause to an effect when both
 * name a common key, so a key says *what about* a resource is affected, not just which one.
 */

/** What a client sees when a metric counts up: a denial, a server error, or a connection that failed. */
export type MetricSymptom = "403" | "5xx" | "connection";

/**
 * The `affects` key that ties an alarm's metric to the findings that explain it (src/rank/rank.ts
 * links a cause to an effect when they share a key): an alarm on a service's 403s is explained by an
 * auth finding on that service, not by its targets' security groups.
 */
export function symptomKey(resourceId: string, symptom: MetricSymptom): string {
  return `${resourceId}#${symptom}`;
}
