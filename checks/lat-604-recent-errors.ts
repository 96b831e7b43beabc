import {
  defineCheck,
  type Evidence,
  type Finding,
  type FindingDraft,
  type ObservedSymptom,
} from "./define.js";
import { errorMetric, RESOURCE_DIMENSION } from "../src/topology/lattice-metrics.js";
import type { MetricSeries } from "../src/topology/types.js";
import { metricResources } from "./lib/signals.js";
import { awsCli, shellQuote } from "./lib/commands.js";

/** What each error metric means for the caller, in the on-call engineer's words. */
const MEANING: Record<string, string> = {
  HTTPCode_5XX_Count: "5XX responses",
  HTTPCode_VpcLattice_403_Count: "403s from VPC Lattice itself (auth denied)",
  RequestTimeoutCount: "requests that timed out",
  ConnectionErrorCount: "failed connections from Lattice to the targets",
  ConnectionTimeoutCount: "connection timeouts to the targets",
};

/** `2025-11-28T09:17:00.000Z` → `09:17`. */
function minute(timestamp: string): string {
  return timestamp.slice(11, 16);
}

export function seriesTotal(series: MetricSeries): number {
  return series.values.reduce<number>((sum, v) => sum + (v ?? 0), 0);
}

function evidenceOf(series: MetricSeries, window: { start: string; end: string }): Evidence {
  const perMinute: Record<string, number> = {};
  series.timestamps.forEach((t, i) => {
    const v = series.values[i];
    if (v !== null && v !== undefined && v > 0) perMinute[minute(t)] = v;
  });
  return {
    call: "cloudwatch:GetMetricData",
    observed: {
      MetricName: series.metricName,
      Dimensions: series.dimensions.map((d) => `${d.name}=${d.value}`).join(","),
      Stat: series.stat,
      StartTime: window.start,
      EndTime: window.end,
      Sum: seriesTotal(series),
      countsPerMinute: perMinute,
      ...(series.summedOverZones ? { summedOverAvailabilityZones: true } : {}),
    },
  };
}

/**
 * What each evidence item (one error metric's series) counted, by the symptom the client saw: ranking
 * infers `--symptom` from it (metadata `observedSymptoms`).
 */
function observedSymptoms(finding: Finding): ObservedSymptom[] {
  return finding.evidence.flatMap((e) => {
    const name = e.observed.MetricName;
    const sum = e.observed.Sum;
    if (typeof name !== "string" || typeof sum !== "number") return [];
    const kinds = ["service", "targetGroup"] as const;
    const metric = kinds.map((k) => errorMetric(k, name)).find((m) => m !== undefined);
    return metric ? [{ symptom: metric.symptom, count: sum, source: name }] : [];
  });
}

export default defineCheck({
  code: "LAT-604",
  name: "recent-errors",
  severity: "error",
  hop: "service",
  observedSymptoms,
  lint: { judged: "live", reason: "needs live state" },
  needs: ["service", "targetGroups", "metrics", "metricData"],
  run(topology, context) {
    const signals = topology.signals;
    if (!signals?.series) return [];
    const window = signals.window;
    const minutes = Math.round((Date.parse(window.end) - Date.parse(window.start)) / 60_000);
    const findings: FindingDraft[] = [];
    for (const resource of metricResources(topology)) {
      const bad = signals.series.filter(
        (s) =>
          s.resourceId === resource.id &&
          errorMetric(resource.kind, s.metricName) !== undefined &&
          seriesTotal(s) > 0,
      );
      if (bad.length === 0) continue;
      const counts = bad.map((s) => `${seriesTotal(s)} ${s.metricName}`).join(", ");
      const logGroups = (signals.accessLogSubscriptions ?? [])
        .map((a) => a.destinationArn ?? "")
        .filter((arn) => arn.includes(":log-group:"))
        .map((arn) => arn.split(":log-group:")[1]!.replace(/:\*$/, ""));
      const dimension = RESOURCE_DIMENSION[resource.kind];
      const value = bad[0]!.dimensions.find((d) => d.name === dimension)?.value ?? resource.id;
      const commands = logGroups.length
        ? [
            awsCli(
              `aws logs tail ${shellQuote(logGroups[0]!)} --since ${minutes}m --filter-pattern ${shellQuote("{ $.responseCode >= 400 }")}`,
              context,
            ),
          ]
        : [
            awsCli(
              `aws cloudwatch get-metric-statistics --namespace AWS/VpcLattice --metric-name ${bad[0]!.metricName} ` +
                `--dimensions Name=${dimension},Value=${shellQuote(value)} --start-time ${window.start} --end-time ${window.end} --period 60 --statistics Sum`,
              context,
            ),
          ];
      findings.push({
        hop: resource.kind === "service" ? "service" : "target-group",
        title: `${resource.name} is failing now: ${counts} in the last ${minutes} min`,
        detail:
          `CloudWatch (AWS/VpcLattice, ${dimension}=${value}) counted ${bad
            .map((s) => `${seriesTotal(s)} ${MEANING[s.metricName] ?? s.metricName} (${s.metricName})`)
            .join(", ")} between ${window.start} and ${window.end}. These are effects: the findings ranked ` +
          "above are the likely causes.",
        resource: {
          type: resource.kind === "service" ? "service" : "target-group",
          id: resource.id,
          ...(resource.arn ? { arn: resource.arn } : {}),
        },
        evidence: bad.map((s) => evidenceOf(s, window)),
        fix: {
          summary: logGroups.length
            ? "Fix the causes ranked above; the access log shows each failed request (responseCode, " +
              "authDeniedReason, failureReason)."
            : "Fix the causes ranked above; without access logs (LAT-603) only the counts are visible.",
          commands,
        },
        affects: [resource.id],
      });
    }
    return findings;
  },
});
