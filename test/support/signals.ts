/**
 * Builders for live signals (topology.signals) in check tests: ListMetrics answers, alarms as
 * DescribeAlarms returns them (reduced to the topology's shape), GetMetricData series on the
 * minute grid. Defaults: the default fixture's service (svc-0e5b…) and target group (tg-0a9f…),
 * dimension values in the bare-id form, a 15-minute window ending 2025-11-28T09:30:00Z.
 */
import type {
  AccessLogSubscription,
  Alarm,
  AlarmMetric,
  MetricSeries,
  PublishedMetric,
  Signals,
  Topology,
} from "../../src/topology/types.js";
import { ACCOUNT, IDS, REGION, topology } from "./topology.js";

export const WINDOW = {
  start: "2025-11-28T09:15:00.000Z",
  end: "2025-11-28T09:30:00.000Z",
  periodSeconds: 60,
};
export const SERVICE_ARN = `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:service/${IDS.service}`;
export const TG_ARN = `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:targetgroup/${IDS.targetGroup}`;

/** A metric ListMetrics returned for a resource: `Service` for `svc-…`, `TargetGroup` for `tg-…`. */
export function published(
  resourceId: string,
  metricName: string,
  options: { value?: string; zone?: string } = {},
): PublishedMetric {
  const name = resourceId.startsWith("svc-") ? "Service" : "TargetGroup";
  const dimensions = [{ name, value: options.value ?? resourceId }];
  if (options.zone) dimensions.push({ name: "AvailabilityZone", value: options.zone });
  return { resourceId, namespace: "AWS/VpcLattice", metricName, dimensions };
}

/** What Lattice publishes for the default service and target group (id form, whole resource). */
export function defaultMetrics(): PublishedMetric[] {
  return [
    published(IDS.service, "TotalRequestCount"),
    published(IDS.service, "HTTPCode_5XX_Count"),
    published(IDS.service, "HTTPCode_VpcLattice_403_Count"),
    published(IDS.service, "RequestTimeoutCount"),
    published(IDS.targetGroup, "HTTPCode_5XX_Count"),
    published(IDS.targetGroup, "ConnectionErrorCount"),
    published(IDS.targetGroup, "ConnectionTimeoutCount"),
  ];
}

export function alarmMetric(overrides: Partial<AlarmMetric> = {}): AlarmMetric {
  return {
    namespace: "AWS/VpcLattice",
    metricName: "HTTPCode_5XX_Count",
    dimensions: [{ name: "Service", value: IDS.service }],
    stat: "Sum",
    period: 60,
    ...overrides,
  };
}

/** A single-metric alarm on the service's HTTPCode_5XX_Count, state OK. */
export function alarm(overrides: Partial<Alarm> = {}): Alarm {
  const alarmName = overrides.alarmName ?? "orders-api-5xx";
  return {
    alarmName,
    alarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${alarmName}`,
    stateValue: "OK",
    stateReason:
      "Threshold Crossed: 3 out of the last 3 datapoints were not greater than or equal to the threshold (1.0).",
    stateUpdatedTimestamp: "2025-11-28T08:02:00.000Z",
    actionsEnabled: true,
    alarmActions: [`arn:aws:sns:${REGION}:${ACCOUNT}:orders-oncall`],
    treatMissingData: "notBreaching",
    metrics: [alarmMetric()],
    ...overrides,
  };
}

const GRID = Array.from({ length: 15 }, (_, i) =>
  new Date(Date.parse(WINDOW.start) + i * 60_000).toISOString(),
);

/** A Sum series on the window's 15-minute grid; `values` shorter than 15 are padded with zeros in front. */
export function series(
  resourceId: string,
  metricName: string,
  values: (number | null)[],
  overrides: Partial<MetricSeries> = {},
): MetricSeries {
  const padded = [...Array(Math.max(0, 15 - values.length)).fill(0), ...values].slice(-15);
  const name = resourceId.startsWith("svc-") ? "Service" : "TargetGroup";
  return {
    id: `m${metricName.length}`,
    resourceId,
    metricName,
    dimensions: [{ name, value: resourceId }],
    stat: "Sum",
    timestamps: GRID,
    values: padded,
    statusCode: "Complete",
    ...overrides,
  };
}

export function accessLog(overrides: Partial<AccessLogSubscription> = {}): AccessLogSubscription {
  return {
    id: "als-0c4e1a7b3d9f25e60",
    resourceId: IDS.service,
    resourceArn: SERVICE_ARN,
    destinationArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/vendedlogs/vpclattice/orders-api`,
    ...overrides,
  };
}

export function signals(overrides: Partial<Signals> = {}): Signals {
  return {
    window: WINDOW,
    metrics: defaultMetrics(),
    alarms: [alarm()],
    series: [],
    accessLogSubscriptions: [accessLog()],
    ...overrides,
  };
}

/** The default healthy topology with these signals. */
export function withSignals(overrides: Partial<Signals> = {}, rest: Partial<Topology> = {}): Topology {
  return topology({ signals: signals(overrides), ...rest });
}
