import { expect } from "vitest";
import check from "../../checks/lat-605-alarm-firing.js";
import { checkTester } from "../support/check-tester.js";
import { IDS, topology } from "../support/topology.js";
import { alarm, alarmMetric, withSignals } from "../support/signals.js";

const REASON =
  "Threshold Crossed: 3 out of the last 3 datapoints [14.0 (28/11/25 09:29:00), 9.0 (28/11/25 09:28:00), 12.0 (28/11/25 09:27:00)] were greater than or equal to the threshold (1.0).";

checkTester(check, {
  pass: [
    { name: "alarms not read", topology: topology() },
    { name: "OK", topology: withSignals() },
    {
      name: "INSUFFICIENT_DATA",
      topology: withSignals({ alarms: [alarm({ stateValue: "INSUFFICIENT_DATA" })] }),
    },
    {
      name: "an alarm in ALARM about another service",
      topology: withSignals({
        alarms: [
          alarm({
            stateValue: "ALARM",
            metrics: [alarmMetric({ dimensions: [{ name: "Service", value: "svc-07d3a1c9e5b2f4068" }] })],
          }),
        ],
      }),
    },
  ],
  fail: [
    {
      name: "the service's 5XX alarm is firing",
      topology: withSignals({
        alarms: [
          alarm({
            stateValue: "ALARM",
            stateReason: REASON,
            stateUpdatedTimestamp: "2025-11-28T09:27:00.000Z",
          }),
        ],
      }),
      expect: {
        resource: "orders-api-5xx",
        severity: "error",
        count: 1,
        titleIncludes: "Alarm orders-api-5xx on orders-api is firing",
        detailIncludes: ["since 2025-11-28T09:27:00.000Z", "Threshold Crossed"],
        affects: [`${IDS.service}#5xx`],
      },
      assert([f]) {
        expect(f!.evidence[0]!.observed).toMatchObject({
          AlarmName: "orders-api-5xx",
          StateValue: "ALARM",
          StateReason: REASON,
          StateUpdatedTimestamp: "2025-11-28T09:27:00.000Z",
        });
        expect(f!.fix.commands[0]).toBe(
          "aws cloudwatch describe-alarm-history --alarm-name orders-api-5xx --history-item-type StateUpdate --max-items 5 --region us-east-1 --profile oncall",
        );
      },
    },
    {
      name: "in ALARM only because its ELB metric never has data (missing data breaching): a warning",
      topology: withSignals({
        alarms: [
          alarm({
            alarmName: "orders-unhealthy",
            stateValue: "ALARM",
            treatMissingData: "breaching",
            metrics: [
              alarmMetric({
                metricName: "UnHealthyHostCount",
                dimensions: [{ name: "TargetGroup", value: IDS.targetGroup }],
              }),
            ],
          }),
        ],
      }),
      expect: {
        resource: "orders-unhealthy",
        severity: "warning",
        hop: "target-group",
        detailIncludes: ["TreatMissingData is breaching", "LAT-602"],
      },
    },
  ],
});
