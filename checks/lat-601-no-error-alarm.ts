import { defineCheck } from "./define.js";
import { errorMetric, LATTICE_NAMESPACE, RESOURCE_DIMENSION } from "../src/topology/lattice-metrics.js";
import {
  learnedValue,
  metricResources,
  putMetricAlarm,
  resourceOf,
  watchesPublished,
} from "./lib/signals.js";

export default defineCheck({
  code: "LAT-601",
  name: "no-error-alarm",
  severity: "warning",
  hop: "service",
  lint: { judged: "live", reason: "needs live state" },
  needs: ["service", "targetGroups", "metrics", "alarms"],
  run(topology, context) {
    const signals = topology.signals;
    if (!signals?.alarms || !signals.metrics) return [];
    const resources = metricResources(topology);
    const aimedAtUs = signals.alarms.filter((a) => a.metrics.some((m) => resourceOf(m, resources)));
    const covered = aimedAtUs.some((alarm) =>
      alarm.metrics.some((m) => {
        const resource = resourceOf(m, resources);
        if (!resource || !errorMetric(resource.kind, m.metricName ?? "")?.alarmWorthy) return false;
        return watchesPublished(topology, m, resource);
      }),
    );
    if (covered) return [];

    const service = resources[0]!;
    const targetGroups = resources.slice(1);
    const commands = [
      putMetricAlarm(topology, service, "HTTPCode_5XX_Count", context),
      ...targetGroups.map((tg) => putMetricAlarm(topology, tg, "ConnectionErrorCount", context)),
    ];
    const learned = resources.map((r) => {
      const value = learnedValue(topology, r);
      return { [RESOURCE_DIMENSION[r.kind]]: value ?? `(none published yet; ${r.id} assumed)` };
    });
    const assumed = resources.filter((r) => learnedValue(topology, r) === undefined);
    return [
      {
        title: `Nobody is paged when ${service.name} fails: no alarm watches its 5XX or connection errors`,
        detail:
          `No CloudWatch alarm watches HTTPCode_5XX_Count or RequestTimeoutCount of ${service.id}, nor ` +
          `HTTPCode_5XX_Count, ConnectionErrorCount or ConnectionTimeoutCount of its target groups ` +
          `(${targetGroups.map((t) => t.id).join(", ") || "none"}) in ${LATTICE_NAMESPACE}` +
          (aimedAtUs.length
            ? `. The alarm${aimedAtUs.length === 1 ? "" : "s"} that name${aimedAtUs.length === 1 ? "s" : ""} them ` +
              `(${aimedAtUs.map((a) => a.alarmName).join(", ")}) watch${aimedAtUs.length === 1 ? "es" : ""} other metrics or ones Lattice never publishes`
            : "") +
          ". When targets fail or Lattice cannot reach them, the callers notice before anyone is paged." +
          (assumed.length
            ? ` ListMetrics showed no metric yet for ${assumed.map((r) => r.id).join(", ")} (Lattice publishes once ` +
              "traffic arrives), so the commands assume the id as dimension value: check with aws cloudwatch list-metrics."
            : ""),
        resource: { type: "service", id: service.id, ...(service.arn ? { arn: service.arn } : {}) },
        evidence: [
          {
            call: "cloudwatch:DescribeAlarms",
            observed: {
              AlarmTypes: ["MetricAlarm"],
              alarmsNamingThisService: aimedAtUs.map((a) => a.alarmName),
            },
          },
          {
            call: "cloudwatch:ListMetrics",
            observed: { Namespace: LATTICE_NAMESPACE, dimensionValues: learned },
          },
        ],
        fix: {
          summary:
            "Create alarms on the service's HTTPCode_5XX_Count and each target group's ConnectionErrorCount " +
            "(dimensions as ListMetrics shows them), then add --alarm-actions with your pager's SNS topic ARN. " +
            "The threshold (1 or more in 3 of 5 minutes) is a starting point.",
          commands,
        },
        affects: resources.map((r) => r.id),
      },
    ];
  },
});
