import { defineCheck, type FindingDraft } from "./define.js";
import { awsCli, shellQuote } from "./lib/commands.js";
import {
  describeMetric,
  metricResources,
  metricSymptom,
  resourceOf,
  symptomKey,
  whyNeverPublished,
} from "./lib/signals.js";

export default defineCheck({
  code: "LAT-605",
  name: "alarm-firing",
  severity: "error",
  hop: "service",
  lint: { judged: "live", reason: "needs live state" },
  needs: ["service", "targetGroups", "alarms"],
  explain: {
    summary: "A CloudWatch alarm on this service or one of its target groups is in ALARM now.",
    why:
      "Someone decided this metric crossing this threshold means trouble, and it has: the alarm's StateReason " +
      "says which datapoints breached, StateUpdatedTimestamp since when. An alarm whose metric VPC Lattice never " +
      "publishes can also sit in ALARM when missing data is treated as breaching: that one says nothing about " +
      "traffic (LAT-602).",
    fix:
      "Read the alarm's history and the findings ranked above; the alarm clears by itself once the metric is " +
      "back under the threshold.",
    bad:
      "CLI:\n" +
      "  aws cloudwatch describe-alarms --state-value ALARM  →  lattice-orders-api-HTTPCode_5XX_Count  ALARM\n" +
      "Terraform: an alarm on a metric that is breaching now:\n" +
      '  resource "aws_cloudwatch_metric_alarm" "orders_5xx" {\n' +
      '    namespace   = "AWS/VpcLattice"\n' +
      '    metric_name = "HTTPCode_5XX_Count"\n' +
      "    dimensions  = { Service = aws_vpclattice_service.orders.id }\n" +
      "    threshold   = 1\n" +
      "  }",
    good:
      "CLI:\n" +
      "  aws cloudwatch describe-alarms --state-value ALARM  →  (no alarm on the service or its target groups)\n" +
      "Terraform: the same alarm, in OK because the cause was fixed:\n" +
      '  resource "aws_cloudwatch_metric_alarm" "orders_5xx" {\n' +
      '    namespace   = "AWS/VpcLattice"\n' +
      '    metric_name = "HTTPCode_5XX_Count"\n' +
      "    dimensions  = { Service = aws_vpclattice_service.orders.id }\n" +
      "  }",
  },
  run(topology, context) {
    const alarms = topology.signals?.alarms;
    if (!alarms) return [];
    const resources = metricResources(topology);
    const findings: FindingDraft[] = [];
    for (const alarm of alarms) {
      if (alarm.stateValue !== "ALARM") continue;
      const watched = alarm.metrics
        .map((m) => ({ metric: m, resource: resourceOf(m, resources) }))
        .filter((w) => w.resource !== undefined);
      if (watched.length === 0) continue;
      const resource = watched[0]!.resource!;
      const missing = watched
        .map((w) => whyNeverPublished(topology, w.metric, w.resource!))
        .find((why) => why !== undefined);
      const onMissingData = missing !== undefined;
      findings.push({
        // An alarm that fires only because its metric never has data proves nothing about traffic.
        ...(onMissingData ? { severity: "warning" as const } : {}),
        hop: resource.kind === "service" ? "service" : "target-group",
        title: onMissingData
          ? `Alarm ${alarm.alarmName} is in ALARM only because its metric never has data`
          : `Alarm ${alarm.alarmName} on ${resource.name} is firing`,
        detail:
          `${alarm.alarmName} watches ${watched.map((w) => describeMetric(w.metric)).join("; ")} and is in ALARM` +
          (alarm.stateUpdatedTimestamp ? ` since ${alarm.stateUpdatedTimestamp}` : "") +
          (alarm.stateReason ? `: ${alarm.stateReason}` : ".") +
          (onMissingData
            ? ` Its metric is not one VPC Lattice publishes (${missing}), and TreatMissingData is ` +
              `${alarm.treatMissingData ?? "missing"}: see LAT-602.`
            : ""),
        resource: {
          type: "cloudwatch-alarm",
          id: alarm.alarmName,
          ...(alarm.alarmArn ? { arn: alarm.alarmArn } : {}),
        },
        evidence: [
          {
            call: "cloudwatch:DescribeAlarms",
            observed: {
              AlarmName: alarm.alarmName,
              StateValue: alarm.stateValue,
              ...(alarm.stateReason !== undefined ? { StateReason: alarm.stateReason } : {}),
              ...(alarm.stateUpdatedTimestamp !== undefined
                ? { StateUpdatedTimestamp: alarm.stateUpdatedTimestamp }
                : {}),
              ...(alarm.treatMissingData !== undefined ? { TreatMissingData: alarm.treatMissingData } : {}),
            },
          },
        ],
        fix: {
          summary: onMissingData
            ? "Fix or delete the alarm (LAT-602): it will stay in ALARM whatever the service does."
            : "Look at what changed since the alarm fired; the findings ranked above are the likely causes.",
          commands: [
            awsCli(
              `aws cloudwatch describe-alarm-history --alarm-name ${shellQuote(alarm.alarmName)} --history-item-type StateUpdate --max-items 5`,
              context,
            ),
          ],
        },
        // Keyed by what the metric counts, so only the findings that explain that symptom claim it.
        affects: [
          ...new Set(
            watched.flatMap((w) => {
              const symptom = metricSymptom(w.metric.metricName);
              return symptom ? [symptomKey(w.resource!.id, symptom)] : [];
            }),
          ),
        ],
      });
    }
    return findings;
  },
});
