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
  explain: {
    summary:
      "No CloudWatch alarm watches this service's or its target groups' 5XX or connection-error metrics in AWS/VpcLattice.",
    why:
      "When targets start failing or Lattice cannot connect to them, the only trace is in AWS/VpcLattice: " +
      "HTTPCode_5XX_Count and RequestTimeoutCount on the Service dimension, HTTPCode_5XX_Count, " +
      "ConnectionErrorCount and ConnectionTimeoutCount on the TargetGroup dimension. Without an alarm on one of " +
      "them, nobody is paged: the callers notice first. A metric-math alarm counts when one of its metrics is one " +
      "of these. The dimension value (id or ARN, whole resource or per availability zone) is taken from what " +
      "ListMetrics shows, because an alarm on a series Lattice does not publish never fires.",
    fix:
      "Create an alarm on the service's HTTPCode_5XX_Count and on each target group's ConnectionErrorCount, with " +
      "the dimensions ListMetrics shows, and point --alarm-actions at your pager's SNS topic.",
    bad:
      "CLI: alarms only on the load balancer the service replaced:\n" +
      "  aws cloudwatch describe-alarms --query 'MetricAlarms[].Namespace'   →  [\"AWS/ApplicationELB\"]\n" +
      "Terraform: the only alarm still watches the ALB the service replaced:\n" +
      '  resource "aws_cloudwatch_metric_alarm" "orders_5xx" {\n' +
      '    namespace   = "AWS/ApplicationELB"\n' +
      '    metric_name = "HTTPCode_Target_5XX_Count"\n' +
      "  }",
    good:
      "CLI:\n" +
      "  aws cloudwatch put-metric-alarm --alarm-name lattice-orders-api-HTTPCode_5XX_Count \\\n" +
      "    --namespace AWS/VpcLattice --metric-name HTTPCode_5XX_Count --dimensions Name=Service,Value=svc-0e5b4c6a2d1f83a97 \\\n" +
      "    --statistic Sum --period 60 --evaluation-periods 5 --datapoints-to-alarm 3 --threshold 1 \\\n" +
      "    --comparison-operator GreaterThanOrEqualToThreshold --treat-missing-data notBreaching \\\n" +
      "    --alarm-actions arn:aws:sns:us-east-1:111122223333:oncall\n" +
      "Terraform:\n" +
      '  resource "aws_cloudwatch_metric_alarm" "orders_5xx" {\n' +
      '    alarm_name          = "lattice-orders-api-HTTPCode_5XX_Count"\n' +
      '    namespace           = "AWS/VpcLattice"\n' +
      '    metric_name         = "HTTPCode_5XX_Count"\n' +
      "    dimensions          = { Service = aws_vpclattice_service.orders.id }\n" +
      '    statistic           = "Sum"\n' +
      "    period              = 60\n" +
      "    evaluation_periods  = 5\n" +
      "    datapoints_to_alarm = 3\n" +
      "    threshold           = 1\n" +
      '    comparison_operator = "GreaterThanOrEqualToThreshold"\n' +
      "    alarm_actions       = [aws_sns_topic.oncall.arn]\n" +
      "  }",
  },
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
