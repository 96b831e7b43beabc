import { describe, expect, it } from "vitest";
import check, { replacementMetric } from "../../checks/lat-602-alarm-on-missing-metric.js";
import { checkTester } from "../support/check-tester.js";
import { IDS, targetGroups, tcpTargetGroup, listener, forward, ROUTE_IDS } from "../support/topology.js";
import { alarm, alarmMetric, published, SERVICE_ARN, withSignals } from "../support/signals.js";

const TG = IDS.targetGroup;
const tgMetric = (metricName: string, extra: Partial<Parameters<typeof alarmMetric>[0]> = {}) =>
  alarmMetric({ metricName, dimensions: [{ name: "TargetGroup", value: TG }], ...extra });

checkTester(check, {
  pass: [
    { name: "a working alarm on the service's 5XX", topology: withSignals() },
    {
      name: "an ELB-style alarm about another service is not ours",
      topology: withSignals({
        alarms: [
          alarm({
            metrics: [
              alarmMetric({
                metricName: "UnHealthyHostCount",
                dimensions: [{ name: "TargetGroup", value: "tg-0f0e0d0c0b0a09080" }],
              }),
            ],
          }),
        ],
      }),
    },
    {
      name: "a per-zone alarm where Lattice publishes per zone",
      topology: withSignals({
        metrics: [published(IDS.service, "HTTPCode_5XX_Count", { zone: "use1-az1" })],
        alarms: [
          alarm({
            metrics: [
              alarmMetric({
                dimensions: [
                  { name: "Service", value: IDS.service },
                  { name: "AvailabilityZone", value: "use1-az1" },
                ],
              }),
            ],
          }),
        ],
      }),
    },
  ],
  fail: [
    {
      name: "UnHealthyHostCount copied from an ALB runbook, in AWS/VpcLattice",
      topology: withSignals({
        alarms: [
          alarm({
            alarmName: "orders-unhealthy",
            stateValue: "INSUFFICIENT_DATA",
            metrics: [tgMetric("UnHealthyHostCount", { stat: "Maximum" })],
          }),
        ],
      }),
      expect: {
        resource: "orders-unhealthy",
        severity: "warning",
        hop: "target-group",
        count: 1,
        titleIncludes: "Alarm orders-unhealthy can never fire",
        detailIncludes: ["Elastic Load Balancing metric", "ListTargets"],
        affects: [TG],
      },
      assert([f]) {
        // Same name (replaces the broken alarm), the TG's 5XX, its SNS action kept.
        expect(f!.fix.commands[0]).toBe(
          `aws cloudwatch put-metric-alarm --alarm-name orders-unhealthy --namespace AWS/VpcLattice --metric-name HTTPCode_5XX_Count --dimensions Name=TargetGroup,Value=${TG} --statistic Sum --period 60 --evaluation-periods 5 --datapoints-to-alarm 3 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --treat-missing-data notBreaching --alarm-actions arn:aws:sns:us-east-1:111122223333:orders-oncall --region us-east-1 --profile oncall`,
        );
        expect(f!.evidence[0]!.observed).toMatchObject({
          MetricName: "UnHealthyHostCount",
          StateValue: "INSUFFICIENT_DATA",
        });
      },
    },
    {
      name: "HTTPCode_Target_5XX_Count in AWS/ApplicationELB with the Lattice target group id",
      topology: withSignals({
        alarms: [
          alarm({
            alarmName: "orders-target-5xx",
            metrics: [
              alarmMetric({
                namespace: "AWS/ApplicationELB",
                metricName: "HTTPCode_Target_5XX_Count",
                dimensions: [
                  { name: "LoadBalancer", value: "app/orders-internal/5d1c0e7b9a3f2e41" },
                  { name: "TargetGroup", value: TG },
                ],
              }),
            ],
          }),
        ],
      }),
      expect: {
        resource: "orders-target-5xx",
        detailIncludes: "namespace AWS/ApplicationELB holds no VPC Lattice metrics",
      },
      assert([f]) {
        expect(f!.fix.commands[0]).toContain("--namespace AWS/VpcLattice --metric-name HTTPCode_5XX_Count");
      },
    },
    {
      name: "HTTPCode_Target_5XX_Count in AWS/VpcLattice: the fix uses HTTPCode_5XX_Count",
      topology: withSignals({
        alarms: [
          alarm({
            alarmName: "orders-5xx",
            metrics: [alarmMetric({ metricName: "HTTPCode_Target_5XX_Count" })],
          }),
        ],
      }),
      expect: { resource: "orders-5xx", detailIncludes: "publishes HTTPCode_5XX_Count instead" },
    },
    {
      name: "a ServiceName dimension",
      topology: withSignals({
        alarms: [
          alarm({ metrics: [alarmMetric({ dimensions: [{ name: "ServiceName", value: IDS.service }] })] }),
        ],
      }),
      expect: { resource: "orders-api-5xx", detailIncludes: "dimension ServiceName is not published" },
    },
    {
      name: "the ARN where ListMetrics shows the id",
      topology: withSignals({
        alarms: [
          alarm({ metrics: [alarmMetric({ dimensions: [{ name: "Service", value: SERVICE_ARN }] })] }),
        ],
      }),
      expect: { resource: "orders-api-5xx", detailIncludes: `ListMetrics shows Service=${IDS.service}` },
    },
    {
      name: "the whole service where Lattice publishes per availability zone only",
      topology: withSignals({
        metrics: [
          published(IDS.service, "HTTPCode_5XX_Count", { zone: "use1-az1" }),
          published(IDS.service, "HTTPCode_5XX_Count", { zone: "use1-az2" }),
        ],
      }),
      expect: {
        resource: "orders-api-5xx",
        detailIncludes: "no HTTPCode_5XX_Count series has exactly these dimensions",
      },
    },
    {
      name: "an HTTP metric on a TCP target group",
      topology: withSignals(
        {
          alarms: [
            alarm({
              alarmName: "tls-5xx",
              metrics: [
                alarmMetric({
                  metricName: "HTTPCode_5XX_Count",
                  dimensions: [{ name: "TargetGroup", value: ROUTE_IDS.targetGroup3 }],
                }),
              ],
            }),
          ],
        },
        {
          listeners: [listener({ defaultAction: forward(ROUTE_IDS.targetGroup3) })],
          targetGroups: targetGroups(tcpTargetGroup()),
        },
      ),
      expect: { resource: "tls-5xx", detailIncludes: "exists only for HTTP and HTTPS target groups" },
      assert([f]) {
        expect(f!.fix.commands[0]).toContain("--metric-name ConnectionErrorCount");
      },
    },
    {
      name: "a metric-math alarm with one MetricStat on UnHealthyHostCount: a new alarm beside it",
      topology: withSignals({
        alarms: [
          alarm({
            alarmName: "orders-health-math",
            metricMath: true,
            expressions: ["MAX([unhealthy, errors])"],
            metrics: [
              tgMetric("UnHealthyHostCount", { id: "unhealthy" }),
              tgMetric("HTTPCode_5XX_Count", { id: "errors" }),
            ],
          }),
        ],
      }),
      expect: {
        resource: "orders-health-math",
        detailIncludes: "metric-math alarm, so unhealthy always contribute nothing",
      },
      assert([f]) {
        expect(f!.fix.commands[0]).toContain("--alarm-name orders-health-math-lattice");
        expect(f!.evidence[0]!.observed.Metrics).toEqual([
          {
            Id: "unhealthy",
            Namespace: "AWS/VpcLattice",
            MetricName: "UnHealthyHostCount",
            Dimensions: [{ Name: "TargetGroup", Value: TG }],
          },
        ]);
      },
    },
  ],
});

describe("replacementMetric", () => {
  it("keeps a published name, maps ELB names, falls back by kind and protocol", () => {
    expect(replacementMetric("ConnectionErrorCount", "targetGroup", "HTTP")).toBe("ConnectionErrorCount");
    expect(replacementMetric("RequestCount", "service")).toBe("TotalRequestCount");
    expect(replacementMetric("UnHealthyHostCount", "targetGroup", "HTTPS")).toBe("HTTPCode_5XX_Count");
    expect(replacementMetric("UnHealthyHostCount", "targetGroup", "TCP")).toBe("ConnectionErrorCount");
    expect(replacementMetric("RequestTimeoutCount", "targetGroup", "HTTP")).toBe("HTTPCode_5XX_Count");
  });
});
