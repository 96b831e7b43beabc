import { defineCheck, type FindingDraft } from "./define.js";
import { ELB_LOOKALIKES, isPublished, type MetricResourceKind } from "../src/topology/lattice-metrics.js";
import type { Alarm } from "../src/topology/types.js";
import { describeMetric, putMetricAlarm, whyNeverPublished } from "./lib/signals.js";
import { alarmHop, alarmResource, alarmsOnService, describeAlarmsEvidence } from "./lib/alarms.js";
import { awsCli, shellQuote } from "./lib/commands.js";

/** The Lattice metric an alarm on `name` meant: the same name when published, else its counterpart. */
export function replacementMetric(name: string, kind: MetricResourceKind, protocol?: string): string {
  if (isPublished(kind, name, protocol)) return name;
  const counterpart = ELB_LOOKALIKES[name];
  if (counterpart && isPublished(kind, counterpart, protocol)) return counterpart;
  if (kind === "targetGroup") return protocol === "TCP" ? "ConnectionErrorCount" : "HTTPCode_5XX_Count";
  return "HTTPCode_5XX_Count";
}

function withActions(command: string, alarm: Alarm): string {
  if (!alarm.alarmActions?.length) return command;
  return command.replace(
    / --region /,
    ` --alarm-actions ${alarm.alarmActions.map(shellQuote).join(" ")} --region `,
  );
}

export default defineCheck({
  code: "LAT-602",
  name: "alarm-on-missing-metric",
  severity: "warning",
  hop: "service",
  lint: { judged: "live", reason: "needs live state" },
  needs: ["service", "targetGroups", "metrics", "alarms"],
  run(topology, context) {
    const findings: FindingDraft[] = [];
    for (const { alarm, watched } of alarmsOnService(topology)) {
      const broken = watched.flatMap((w) => {
        const why = whyNeverPublished(topology, w.metric, w.resource);
        return why ? [{ ...w, why }] : [];
      });
      if (broken.length === 0) continue;
      const first = broken[0]!;
      const replacement = replacementMetric(
        first.metric.metricName ?? "",
        first.resource.kind,
        first.resource.protocol,
      );
      const math = alarm.metricMath === true;
      // Same name: put-metric-alarm replaces the broken alarm. A metric-math alarm gets a new one beside it.
      const name = math ? `${alarm.alarmName}-lattice` : alarm.alarmName;
      const command = withActions(
        putMetricAlarm(topology, first.resource, replacement, context, name),
        alarm,
      );
      const healthIntent = /HostCount$/.test(first.metric.metricName ?? "");
      findings.push({
        hop: alarmHop(first.resource),
        title:
          `Alarm ${alarm.alarmName} can never fire: it watches ${first.metric.metricName ?? "a metric"} ` +
          `of ${first.resource.id}, which VPC Lattice does not publish that way`,
        detail:
          broken.map((b) => `${describeMetric(b.metric)}: ${b.why}.`).join(" ") +
          ` The alarm has no data to judge (it is ${alarm.stateValue} now)` +
          (math
            ? `; it is a metric-math alarm, so ${broken.map((b) => b.metric.id ?? "a metric").join(", ")} ` +
              "always contribute nothing to its expression."
            : ".") +
          (healthIntent
            ? " Target health is not a metric in VPC Lattice: ListTargets reports it; the target group's 5XX " +
              "and connection errors are what an alarm can watch."
            : ""),
        resource: alarmResource(alarm),
        evidence: [
          describeAlarmsEvidence(
            alarm,
            math
              ? { Metrics: broken.map((b) => ({ Id: b.metric.id, ...metricFields(b.metric) })) }
              : metricFields(first.metric),
          ),
          {
            call: "cloudwatch:ListMetrics",
            observed: {
              Namespace: "AWS/VpcLattice",
              resource: first.resource.id,
              MetricNames: [
                ...new Set(
                  (topology.signals?.metrics ?? [])
                    .filter((m) => m.resourceId === first.resource.id)
                    .map((m) => m.metricName),
                ),
              ].sort(),
            },
          },
        ],
        fix: {
          summary:
            (math
              ? `Replace ${broken.map((b) => b.metric.id ?? "the metric").join(", ")} in the alarm's Metrics[] by ` +
                `${replacement} of ${first.resource.id}; the command creates a plain alarm on it beside the metric-math one.`
              : `Re-create ${alarm.alarmName} on ${replacement} of ${first.resource.id} with the dimensions ListMetrics shows ` +
                "(put-metric-alarm with the same name replaces it)") +
            (alarm.alarmActions?.length
              ? "; its alarm actions are kept."
              : "; add --alarm-actions for your pager."),
          commands: [
            command,
            awsCli(`aws cloudwatch describe-alarms --alarm-names ${shellQuote(alarm.alarmName)}`, context),
          ],
        },
        affects: [...new Set(broken.map((b) => b.resource.id))],
      });
    }
    return findings;
  },
});

function metricFields(metric: Alarm["metrics"][number]): Record<string, unknown> {
  return {
    Namespace: metric.namespace,
    MetricName: metric.metricName,
    Dimensions: metric.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
  };
}
