/**
 * Live signals of the simulated services: what CloudWatch (`AWS/VpcLattice` metrics, their recent
 * per-minute Sums, alarms) and ListAccessLogSubscriptions answer for them. Kept apart from
 * scenarios.ts so each scenario adds one line.
 *
 * - the demo (orders-api, broken): every request failed for the first 5 minutes of the window with
 *   connection errors to the targets (their security group does not admit Lattice), then someone
 *   switched the service to AWS_IAM without an auth policy and every request since is a 403 from
 *   Lattice. Its only target-group alarm was copied from an ELB guide (UnHealthyHostCount), another
 *   watches AWS/ApplicationELB; a 403 alarm is firing; no access logs.
 * - healthy orders-api: traffic, zero errors (one minute without a datapoint), a working 5XX alarm
 *   (OK), access logs to CloudWatch Logs.
 * - healthy payments-api: dimension values are ARNs and metrics are published per availability zone
 *   only; a metric-math alarm sums the zones; access logs on its network.
 */
import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import type { AccessLogSubscriptionSummary } from "@aws-sdk/client-vpc-lattice";
import type { Scenario, ScenarioMetric } from "../test/support/fake-account.js";

const NS = "AWS/VpcLattice";
const ZONES = ["use1-az1", "use1-az2", "use1-az4"];
const UPDATED = new Date("2025-11-28T09:24:00.000Z");
const CONFIGURED = new Date("2025-10-02T16:41:09.000Z");

type Kind = "Service" | "TargetGroup";

/** The metric at resource level (with `recent` data) and per zone (listed, no data of their own). */
function metric(
  kind: Kind,
  value: string,
  name: string,
  recent?: (number | null)[],
  zones = true,
): ScenarioMetric[] {
  const whole: ScenarioMetric = {
    Namespace: NS,
    MetricName: name,
    Dimensions: [{ Name: kind, Value: value }],
  };
  if (recent) whole.recent = recent;
  const perZone = zones
    ? ZONES.map((z) => ({
        Namespace: NS,
        MetricName: name,
        Dimensions: [
          { Name: kind, Value: value },
          { Name: "AvailabilityZone", Value: z },
        ],
      }))
    : [];
  return [whole, ...perZone];
}

/** Per-zone series only (no resource-level series), each with its own data. */
function zonalMetric(
  kind: Kind,
  value: string,
  name: string,
  perZone: (number | null)[][],
): ScenarioMetric[] {
  return perZone.map((recent, i) => ({
    Namespace: NS,
    MetricName: name,
    Dimensions: [
      { Name: kind, Value: value },
      { Name: "AvailabilityZone", Value: ZONES[i]! },
    ],
    recent,
  }));
}

function alarm(
  a: Partial<MetricAlarm> & { AlarmName: string },
  account: string,
  region: string,
): MetricAlarm {
  return {
    AlarmArn: `arn:aws:cloudwatch:${region}:${account}:alarm:${a.AlarmName}`,
    ActionsEnabled: true,
    OKActions: [],
    InsufficientDataActions: [],
    AlarmConfigurationUpdatedTimestamp: CONFIGURED,
    StateUpdatedTimestamp: UPDATED,
    EvaluationPeriods: 3,
    DatapointsToAlarm: 3,
    ComparisonOperator: "GreaterThanOrEqualToThreshold",
    TreatMissingData: "missing",
    ...a,
  };
}

function accessLog(
  id: string,
  resourceId: string,
  resourceArn: string,
  destinationArn: string,
  extra: Partial<AccessLogSubscriptionSummary> = {},
): AccessLogSubscriptionSummary {
  return {
    id,
    arn: `${resourceArn.split(":").slice(0, 5).join(":")}:accesslogsubscription/${id}`,
    resourceId,
    resourceArn,
    destinationArn,
    createdAt: CONFIGURED,
    lastUpdatedAt: CONFIGURED,
    ...extra,
  };
}

const TRAFFIC = [212, 198, 205, 220, 231, 215, 208, 199, 214, 226, 230, 241, 228, 219, 233];
const zeros = (n: number) => Array.from({ length: n }, () => 0);

export interface OrdersIds {
  account: string;
  region: string;
  service: string;
  serviceArn: string;
  targetGroup: string;
  /** Another service of the account (its alarm must not be reported). */
  otherService: string;
  /** The service's name (alarm and log-group names); default orders-api. */
  name?: string;
}

export function brokenOrdersSignals(ids: OrdersIds): Pick<Scenario, "cloudwatch" | "accessLogSubscriptions"> {
  const failing = TRAFFIC.map((n, i) => (i < 5 ? n : 0));
  const denied = TRAFFIC.map((n, i) => (i < 5 ? 0 : n));
  const sns = `arn:aws:sns:${ids.region}:${ids.account}:orders-oncall`;
  return {
    cloudwatch: {
      metrics: [
        ...metric("Service", ids.service, "TotalRequestCount", TRAFFIC),
        ...metric("Service", ids.service, "HTTPCode_5XX_Count", failing),
        ...metric("Service", ids.service, "HTTPCode_4XX_Count", denied),
        ...metric("Service", ids.service, "HTTPCode_VpcLattice_403_Count", denied),
        ...metric("Service", ids.service, "RequestTimeoutCount", zeros(15)),
        ...metric("Service", ids.service, "RequestTime"),
        ...metric("TargetGroup", ids.targetGroup, "TotalConnectionCount", failing),
        ...metric("TargetGroup", ids.targetGroup, "ConnectionErrorCount", failing),
        // No connection reached the targets since the 403s began: no datapoints at all then.
        ...metric("TargetGroup", ids.targetGroup, "ConnectionTimeoutCount", [
          0,
          0,
          0,
          0,
          0,
          ...Array(10).fill(null),
        ]),
        ...metric("TargetGroup", ids.targetGroup, "HTTPCode_5XX_Count", [
          0,
          0,
          0,
          0,
          0,
          ...Array(10).fill(null),
        ]),
        ...metric("Service", ids.otherService, "HTTPCode_5XX_Count", zeros(15), false),
      ],
      alarms: [
        alarm(
          {
            AlarmName: "orders-api-unhealthy-hosts",
            AlarmDescription: "Page when any orders-api target is unhealthy (from the ALB runbook)",
            AlarmActions: [sns],
            StateValue: "INSUFFICIENT_DATA",
            StateReason: "Unchecked: Initial alarm creation",
            MetricName: "UnHealthyHostCount",
            Namespace: NS,
            Statistic: "Maximum",
            Dimensions: [{ Name: "TargetGroup", Value: ids.targetGroup }],
            Period: 60,
            EvaluationPeriods: 1,
            DatapointsToAlarm: 1,
            Threshold: 0,
            ComparisonOperator: "GreaterThanThreshold",
          },
          ids.account,
          ids.region,
        ),
        alarm(
          {
            AlarmName: "orders-api-target-5xx",
            AlarmActions: [sns],
            StateValue: "INSUFFICIENT_DATA",
            StateReason: "Insufficient Data: 3 datapoints were unknown.",
            MetricName: "HTTPCode_Target_5XX_Count",
            Namespace: "AWS/ApplicationELB",
            Statistic: "Sum",
            Dimensions: [
              { Name: "LoadBalancer", Value: "app/orders-api-internal/5d1c0e7b9a3f2e41" },
              { Name: "TargetGroup", Value: ids.targetGroup },
            ],
            Period: 60,
            Threshold: 5,
          },
          ids.account,
          ids.region,
        ),
        alarm(
          {
            AlarmName: "orders-api-auth-denied",
            AlarmActions: [sns],
            StateValue: "ALARM",
            StateReason:
              "Threshold Crossed: 3 out of the last 3 datapoints [233.0 (28/11/25 09:29:00), 219.0 (28/11/25 09:28:00), 228.0 (28/11/25 09:27:00)] were greater than or equal to the threshold (10.0) (minimum 3 datapoints for OK -> ALARM transition).",
            MetricName: "HTTPCode_VpcLattice_403_Count",
            Namespace: NS,
            Statistic: "Sum",
            Dimensions: [{ Name: "Service", Value: ids.service }],
            Period: 60,
            Threshold: 10,
          },
          ids.account,
          ids.region,
        ),
        alarm(
          {
            AlarmName: "inventory-api-5xx",
            StateValue: "OK",
            StateReason:
              "Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [NonBreaching].",
            MetricName: "HTTPCode_5XX_Count",
            Namespace: NS,
            Statistic: "Sum",
            Dimensions: [{ Name: "Service", Value: ids.otherService }],
            Period: 60,
            Threshold: 1,
            TreatMissingData: "notBreaching",
          },
          ids.account,
          ids.region,
        ),
      ],
    },
    accessLogSubscriptions: {},
  };
}

export function healthyOrdersSignals(
  ids: OrdersIds,
): Pick<Scenario, "cloudwatch" | "accessLogSubscriptions"> {
  const quiet = [0, 0, 0, 0, 0, 0, null, 0, 0, 0, 0, 0, 0, 0, 0];
  return {
    cloudwatch: {
      metrics: [
        ...metric("Service", ids.service, "TotalRequestCount", TRAFFIC),
        ...metric("Service", ids.service, "HTTPCode_5XX_Count", quiet),
        ...metric("Service", ids.service, "RequestTimeoutCount", quiet),
        ...metric("TargetGroup", ids.targetGroup, "ConnectionErrorCount", quiet),
        ...metric("TargetGroup", ids.targetGroup, "ConnectionTimeoutCount", quiet),
        ...metric("TargetGroup", ids.targetGroup, "HTTPCode_5XX_Count", quiet),
      ],
      alarms: [
        alarm(
          {
            AlarmName: `${ids.name ?? "orders-api"}-5xx`,
            AlarmActions: [`arn:aws:sns:${ids.region}:${ids.account}:${ids.name ?? "orders"}-oncall`],
            StateValue: "OK",
            StateReason:
              "Threshold Crossed: 3 out of the last 3 datapoints [0.0 (28/11/25 09:29:00), 0.0 (28/11/25 09:28:00), 0.0 (28/11/25 09:27:00)] were not greater than or equal to the threshold (5.0) (minimum 3 datapoints for ALARM -> OK transition).",
            MetricName: "HTTPCode_5XX_Count",
            Namespace: NS,
            Statistic: "Sum",
            Dimensions: [{ Name: "Service", Value: ids.service }],
            Period: 60,
            Threshold: 5,
            TreatMissingData: "notBreaching",
          },
          ids.account,
          ids.region,
        ),
      ],
    },
    accessLogSubscriptions: {
      [ids.service]: [
        accessLog(
          ids.name ? `als-${ids.service.slice(4)}` : "als-0c4e1a7b3d9f25e60",
          ids.service,
          ids.serviceArn,
          `arn:aws:logs:${ids.region}:${ids.account}:log-group:/aws/vendedlogs/vpclattice/${ids.name ?? "orders-api"}`,
        ),
      ],
    },
  };
}

export interface PaymentsIds {
  account: string;
  region: string;
  serviceArn: string;
  network: string;
  networkArn: string;
  targetGroupArns: string[];
}

export function healthyPaymentsSignals(
  ids: PaymentsIds,
): Pick<Scenario, "cloudwatch" | "accessLogSubscriptions"> {
  const traffic = [
    [88, 91, 85, 90, 93, 87, 92, 89, 94, 90, 86, 91, 95, 88, 92],
    [84, 90, 88, 86, 91, 89, 87, 93, 90, 92, 85, 89, 91, 94, 87],
  ];
  const quiet = [zeros(15), [0, 0, 0, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]];
  const zoneStats = [0, 1].map((i) => ({
    Id: `az${i + 1}`,
    MetricStat: {
      Metric: {
        Namespace: NS,
        MetricName: "HTTPCode_5XX_Count",
        Dimensions: [
          { Name: "Service", Value: ids.serviceArn },
          { Name: "AvailabilityZone", Value: ZONES[i]! },
        ],
      },
      Period: 60,
      Stat: "Sum",
    },
    ReturnData: false,
  }));
  return {
    cloudwatch: {
      metrics: [
        ...zonalMetric("Service", ids.serviceArn, "TotalRequestCount", traffic),
        ...zonalMetric("Service", ids.serviceArn, "HTTPCode_5XX_Count", quiet),
        ...ids.targetGroupArns.flatMap((arn) => [
          ...zonalMetric("TargetGroup", arn, "ConnectionErrorCount", quiet),
          ...zonalMetric("TargetGroup", arn, "HTTPCode_5XX_Count", quiet),
        ]),
      ],
      alarms: [
        alarm(
          {
            AlarmName: "payments-api-5xx-all-zones",
            AlarmActions: [`arn:aws:sns:${ids.region}:${ids.account}:payments-oncall`],
            StateValue: "OK",
            StateReason:
              "Threshold Crossed: 3 out of the last 3 datapoints were not greater than or equal to the threshold (3.0).",
            Metrics: [
              { Id: "total", Expression: "SUM([az1,az2])", Label: "payments-api 5XX", ReturnData: true },
              ...zoneStats,
            ],
            Threshold: 3,
            TreatMissingData: "notBreaching",
          },
          ids.account,
          ids.region,
        ),
      ],
    },
    accessLogSubscriptions: {
      [ids.network]: [
        accessLog(
          "als-0a2b4c6d8e0f13579",
          ids.network,
          ids.networkArn,
          `arn:aws:s3:::payments-lattice-logs-${ids.account}`,
          { serviceNetworkLogType: "SERVICE" },
        ),
      ],
    },
  };
}

/**
 * The benchmark's account: every target group and the service publish their metrics by id, as a
 * whole and per zone (3 zones); 250 alarms in the account (three DescribeAlarms pages), one per
 * target group on its connection errors; access logs on the network.
 */
export function syntheticSignals(ids: {
  account: string;
  region: string;
  service: string;
  targetGroups: string[];
  network: string;
  networkArn: string;
}): Pick<Scenario, "cloudwatch" | "accessLogSubscriptions"> {
  const traffic = TRAFFIC;
  const metrics = [
    ...[
      "TotalRequestCount",
      "HTTPCode_5XX_Count",
      "HTTPCode_VpcLattice_403_Count",
      "RequestTimeoutCount",
    ].flatMap((name) =>
      metric("Service", ids.service, name, name === "TotalRequestCount" ? traffic : zeros(15)),
    ),
    ...ids.targetGroups.flatMap((tg) =>
      ["TotalRequestCount", "HTTPCode_5XX_Count", "ConnectionErrorCount", "ConnectionTimeoutCount"].flatMap(
        (name) => metric("TargetGroup", tg, name, name === "TotalRequestCount" ? traffic : zeros(15)),
      ),
    ),
  ];
  const alarms = Array.from({ length: 250 }, (_, i) => {
    const tg = ids.targetGroups[i];
    return alarm(
      {
        AlarmName: tg ? `synthetic-${tg}-connection-errors` : `other-app-${String(i).padStart(3, "0")}-cpu`,
        StateValue: "OK",
        Namespace: tg ? NS : "AWS/EC2",
        MetricName: tg ? "ConnectionErrorCount" : "CPUUtilization",
        Statistic: tg ? "Sum" : "Average",
        Dimensions: [
          tg
            ? { Name: "TargetGroup", Value: tg }
            : { Name: "InstanceId", Value: `i-0${String(i).padStart(16, "0")}` },
        ],
        Period: 60,
        Threshold: tg ? 1 : 80,
      },
      ids.account,
      ids.region,
    );
  });
  return {
    cloudwatch: { metrics, alarms },
    accessLogSubscriptions: {
      [ids.network]: [
        accessLog(
          "als-0b1c2d3e4f5a60718",
          ids.network,
          ids.networkArn,
          `arn:aws:logs:${ids.region}:${ids.account}:log-group:/aws/vendedlogs/vpclattice/synthetic`,
          { serviceNetworkLogType: "SERVICE" },
        ),
      ],
    },
  };
}
