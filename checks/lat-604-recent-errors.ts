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
  explain: {
    summary:
      "In the recent window the service or a target group reported 5XX, HTTPCode_VpcLattice_403_Count, connection errors or timeouts.",
    why:
      "Configuration says what will fail; these counts say what is failing now. HTTPCode_VpcLattice_403_Count " +
      "counts requests Lattice itself denied (auth policies, IAM); HTTPCode_5XX_Count on a target group counts " +
      "what the targets answered; ConnectionErrorCount / ConnectionTimeoutCount count connections Lattice could " +
      "not open to the targets (security groups, NACLs, a target that is down); RequestTimeoutCount on the " +
      "service counts requests that took too long. Each series is summed per minute over the window " +
      "(--window, default 15m).",
    fix:
      "Read the findings ranked above: they explain the errors. The access log of the failed requests " +
      "(responseCode, authDeniedReason, failureReason) tells which requests and why.",
    bad:
      "CLI: 403s every minute since AWS_IAM was turned on without an auth policy:\n" +
      "  aws cloudwatch get-metric-statistics --namespace AWS/VpcLattice --metric-name HTTPCode_VpcLattice_403_Count \\\n" +
      "    --dimensions Name=Service,Value=svc-0e5b4c6a2d1f83a97 --period 60 --statistics Sum …  →  215, 208, 199 …\n" +
      "Terraform:\n" +
      '  resource "aws_vpclattice_service" "orders" {\n' +
      '    name      = "orders-api"\n' +
      '    auth_type = "AWS_IAM"   # and no aws_vpclattice_auth_policy\n' +
      "  }",
    good:
      "CLI: the same query  →  0, 0, 0 … once the cause is fixed, e.g.\n" +
      "  aws vpc-lattice put-auth-policy --resource-identifier svc-0e5b4c6a2d1f83a97 --policy file://policy.json\n" +
      "Terraform:\n" +
      '  resource "aws_vpclattice_auth_policy" "orders" {\n' +
      "    resource_identifier = aws_vpclattice_service.orders.arn\n" +
      "    policy              = data.aws_iam_policy_document.orders.json\n" +
      "  }",
  },
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
