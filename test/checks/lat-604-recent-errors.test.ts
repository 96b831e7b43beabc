import { expect } from "vitest";
import check from "../../checks/lat-604-recent-errors.js";
import { checkTester } from "../support/check-tester.js";
import { IDS, topology } from "../support/topology.js";
import { series, withSignals } from "../support/signals.js";

const TG = IDS.targetGroup;
const quiet = [0, 0, null, 0, 0, 0, 0, null, null, 0, 0, 0, 0, 0, 0];

checkTester(check, {
  pass: [
    { name: "metric data not read (older recording)", topology: topology() },
    {
      name: "zeros and gaps only",
      topology: withSignals({
        series: [
          series(IDS.service, "HTTPCode_5XX_Count", quiet),
          series(IDS.service, "HTTPCode_VpcLattice_403_Count", quiet),
          series(TG, "ConnectionErrorCount", quiet),
        ],
      }),
    },
    {
      name: "traffic, but no errors (TotalRequestCount is context, not an error)",
      topology: withSignals({ series: [series(IDS.service, "TotalRequestCount", [212, 198, 205])] }),
    },
    { name: "nothing published yet", topology: withSignals({ series: [] }) },
  ],
  fail: [
    {
      name: "403s from Lattice in the last minutes, with a gap",
      topology: withSignals({
        series: [series(IDS.service, "HTTPCode_VpcLattice_403_Count", [0, 12, null, 9, 14])],
        accessLogSubscriptions: [],
      }),
      expect: {
        resource: IDS.service,
        severity: "error",
        hop: "service",
        count: 1,
        titleIncludes: "orders-api is failing now: 35 HTTPCode_VpcLattice_403_Count in the last 15 min",
        detailIncludes: "403s from VPC Lattice itself",
        affects: [IDS.service],
      },
      assert([f]) {
        expect(f!.evidence[0]).toEqual({
          call: "cloudwatch:GetMetricData",
          observed: {
            MetricName: "HTTPCode_VpcLattice_403_Count",
            Dimensions: `Service=${IDS.service}`,
            Stat: "Sum",
            StartTime: "2025-11-28T09:15:00.000Z",
            EndTime: "2025-11-28T09:30:00.000Z",
            Sum: 35,
            countsPerMinute: { "09:26": 12, "09:28": 9, "09:29": 14 },
          },
        });
        // No access logs: the fix asks CloudWatch for the counts again.
        expect(f!.fix.commands[0]).toContain(
          "aws cloudwatch get-metric-statistics --namespace AWS/VpcLattice --metric-name HTTPCode_VpcLattice_403_Count",
        );
      },
    },
    {
      name: "connection errors on the target group, read from its access logs",
      topology: withSignals({
        series: [
          series(TG, "ConnectionErrorCount", [4, 7, 0]),
          series(TG, "ConnectionTimeoutCount", [0, 1, 0]),
        ],
      }),
      expect: {
        resource: TG,
        hop: "target-group",
        titleIncludes: "11 ConnectionErrorCount, 1 ConnectionTimeoutCount",
      },
      assert([f]) {
        expect(f!.evidence).toHaveLength(2);
        expect(f!.fix.commands[0]).toBe(
          "aws logs tail /aws/vendedlogs/vpclattice/orders-api --since 15m --filter-pattern '{ $.responseCode >= 400 }' --region us-east-1 --profile oncall",
        );
      },
    },
    {
      name: "service 5XX and target-group errors: one finding per resource",
      topology: withSignals({
        series: [series(IDS.service, "HTTPCode_5XX_Count", [3]), series(TG, "HTTPCode_5XX_Count", [3])],
      }),
      expect: { count: 2 },
    },
  ],
});
