import { expect } from "vitest";
import check from "../../checks/lat-601-no-error-alarm.js";
import { checkTester } from "../support/check-tester.js";
import { IDS, targetGroup, targetGroups, topology } from "../support/topology.js";
import { alarm, alarmMetric, published, SERVICE_ARN, TG_ARN, withSignals } from "../support/signals.js";

const TG = IDS.targetGroup;

checkTester(check, {
  pass: [
    { name: "signals not read (older recording)", topology: topology() },
    { name: "an alarm on the service's HTTPCode_5XX_Count", topology: withSignals() },
    {
      name: "only the target group's ConnectionErrorCount is watched",
      topology: withSignals({
        alarms: [
          alarm({
            alarmName: "orders-tg-connection-errors",
            metrics: [
              alarmMetric({
                metricName: "ConnectionErrorCount",
                dimensions: [{ name: "TargetGroup", value: TG }],
              }),
            ],
          }),
        ],
      }),
    },
    {
      name: "a metric-math alarm counts when one of its MetricStats is a 5XX metric",
      topology: withSignals({
        alarms: [
          alarm({
            alarmName: "orders-error-rate",
            metricMath: true,
            expressions: ["100 * errors / requests"],
            metrics: [
              alarmMetric({ id: "errors" }),
              alarmMetric({ id: "requests", metricName: "TotalRequestCount" }),
            ],
          }),
        ],
      }),
    },
    {
      name: "the ARN form, when ListMetrics shows ARNs",
      topology: withSignals({
        metrics: [published(IDS.service, "HTTPCode_5XX_Count", { value: SERVICE_ARN })],
        alarms: [
          alarm({ metrics: [alarmMetric({ dimensions: [{ name: "Service", value: SERVICE_ARN }] })] }),
        ],
      }),
    },
  ],
  fail: [
    {
      name: "no alarm at all: ready alarms for the service and the target group, id form learned",
      topology: withSignals({ alarms: [] }),
      expect: { resource: IDS.service, severity: "warning", count: 1, titleIncludes: "Nobody is paged" },
      assert([f]) {
        expect(f!.fix.commands).toEqual([
          `aws cloudwatch put-metric-alarm --alarm-name lattice-orders-api-HTTPCode_5XX_Count --namespace AWS/VpcLattice --metric-name HTTPCode_5XX_Count --dimensions Name=Service,Value=${IDS.service} --statistic Sum --period 60 --evaluation-periods 5 --datapoints-to-alarm 3 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --treat-missing-data notBreaching --region us-east-1 --profile oncall`,
          `aws cloudwatch put-metric-alarm --alarm-name lattice-orders-v1-ConnectionErrorCount --namespace AWS/VpcLattice --metric-name ConnectionErrorCount --dimensions Name=TargetGroup,Value=${TG} --statistic Sum --period 60 --evaluation-periods 5 --datapoints-to-alarm 3 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --treat-missing-data notBreaching --region us-east-1 --profile oncall`,
        ]);
        expect(f!.affects).toEqual([IDS.service, TG]);
      },
    },
    {
      name: "the only alarm was copied from an ELB guide (UnHealthyHostCount)",
      topology: withSignals({
        alarms: [
          alarm({
            alarmName: "orders-unhealthy-hosts",
            metrics: [
              alarmMetric({
                metricName: "UnHealthyHostCount",
                stat: "Maximum",
                dimensions: [{ name: "TargetGroup", value: TG }],
              }),
            ],
          }),
        ],
      }),
      expect: { resource: IDS.service, detailIncludes: "orders-unhealthy-hosts" },
    },
    {
      name: "an alarm on requests only, not on errors",
      topology: withSignals({
        alarms: [alarm({ metrics: [alarmMetric({ metricName: "TotalRequestCount" })] })],
      }),
      expect: { resource: IDS.service },
    },
    {
      name: "an alarm naming the service by ARN where Lattice publishes the id",
      topology: withSignals({
        alarms: [
          alarm({ metrics: [alarmMetric({ dimensions: [{ name: "Service", value: SERVICE_ARN }] })] }),
        ],
      }),
      expect: { resource: IDS.service },
    },
    {
      name: "published per availability zone only, ARN form: the fix sums the zones with metric math",
      topology: withSignals({
        alarms: [],
        metrics: [
          published(IDS.service, "HTTPCode_5XX_Count", { value: SERVICE_ARN, zone: "use1-az1" }),
          published(IDS.service, "HTTPCode_5XX_Count", { value: SERVICE_ARN, zone: "use1-az2" }),
          published(TG, "ConnectionErrorCount", { value: TG_ARN }),
        ],
      }),
      expect: { resource: IDS.service },
      assert([f]) {
        const [svc, tg] = f!.fix.commands;
        expect(svc).toContain('--metrics \'[{"Id":"total","Expression":"SUM([z0,z1])"');
        expect(svc).toContain(
          `{"Name":"Service","Value":"${SERVICE_ARN}"},{"Name":"AvailabilityZone","Value":"use1-az2"}`,
        );
        expect(svc).not.toContain("--dimensions");
        expect(tg).toContain(`--dimensions Name=TargetGroup,Value=${TG_ARN}`);
      },
    },
    {
      name: "nothing published yet (no traffic): the id is assumed, and the detail says so",
      topology: withSignals(
        { alarms: [], metrics: [] },
        { targetGroups: targetGroups(targetGroup({ name: "orders-v1" })) },
      ),
      expect: { resource: IDS.service, detailIncludes: "ListMetrics showed no metric yet" },
    },
  ],
});
