import { defineCheck, type FindingDraft } from "./define.js";
import { awsCli, shellQuote } from "./lib/commands.js";
import { describeMetric, metricSymptom, symptomKey, whyNeverPublished } from "./lib/signals.js";
import { alarmHop, alarmResource, alarmsOnService, describeAlarmsEvidence } from "./lib/alarms.js";

export default defineCheck({
  code: "LAT-605",
  name: "alarm-firing",
  severity: "error",
  hop: "service",
  lint: { judged: "live", reason: "needs live state" },
  needs: ["service", "targetGroups", "alarms"],
  run(topology, context) {
    const findings: FindingDraft[] = [];
    for (const { alarm, watched } of alarmsOnService(topology)) {
      if (alarm.stateValue !== "ALARM") continue;
      const resource = watched[0]!.resource;
      const missing = watched
        .map((w) => whyNeverPublished(topology, w.metric, w.resource))
        .find((why) => why !== undefined);
      const onMissingData = missing !== undefined;
      findings.push({
        // An alarm that fires only because its metric never has data proves nothing about traffic.
        ...(onMissingData ? { severity: "warning" as const } : {}),
        hop: alarmHop(resource),
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
        resource: alarmResource(alarm),
        evidence: [
          describeAlarmsEvidence(alarm, {
            ...(alarm.stateReason !== undefined ? { StateReason: alarm.stateReason } : {}),
            ...(alarm.stateUpdatedTimestamp !== undefined
              ? { StateUpdatedTimestamp: alarm.stateUpdatedTimestamp }
              : {}),
            ...(alarm.treatMissingData !== undefined ? { TreatMissingData: alarm.treatMissingData } : {}),
          }),
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
              return symptom ? [symptomKey(w.resource.id, symptom)] : [];
            }),
          ),
        ],
      });
    }
    return findings;
  },
});
