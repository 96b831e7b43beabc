/**
 * Shared reading of the live signals (topology.signals) for LAT-601–605: which resources metrics
 * are about, which dimension value Lattice uses for each (learned from ListMetrics), whether an
 * alarm's metric is one Lattice publishes, and ready `put-metric-alarm` commands.
 */
import type { CheckContext } from "../define.js";
import type { AlarmMetric, MetricDimension, PublishedMetric, Topology } from "../../src/topology/types.js";
import {
  ELB_LOOKALIKES,
  LATTICE_NAMESPACE,
  PERIOD_SECONDS,
  RESOURCE_DIMENSION,
  ZONE_DIMENSION,
  isPublished,
  valueForm,
  valueNames,
  type MetricResourceKind,
} from "../../src/topology/lattice-metrics.js";
import { awsCli, shellQuote } from "./commands.js";
import type { MetricSymptom } from "../../src/core/affects.js";

export { symptomKey, type MetricSymptom } from "../../src/core/affects.js";

export interface MetricResource {
  kind: MetricResourceKind;
  id: string;
  arn?: string;
  name: string;
  protocol?: string;
}

/** The service and its target groups, service first. */
export function metricResources(topology: Topology): MetricResource[] {
  const out: MetricResource[] = [
    {
      kind: "service",
      id: topology.service.id,
      ...(topology.service.arn ? { arn: topology.service.arn } : {}),
      name: topology.service.name || topology.service.id,
    },
  ];
  for (const tg of Object.values(topology.targetGroups)) {
    out.push({
      kind: "targetGroup",
      id: tg.id,
      ...(tg.arn ? { arn: tg.arn } : {}),
      name: tg.name || tg.id,
      ...(tg.protocol ? { protocol: tg.protocol } : {}),
    });
  }
  return out;
}

/** What ListMetrics showed for a resource. */
export function publishedFor(topology: Topology, resource: MetricResource): PublishedMetric[] {
  return (topology.signals?.metrics ?? []).filter((m) => m.resourceId === resource.id);
}

/** The dimension value Lattice uses for the resource, as ListMetrics showed it; undefined when it showed none. */
export function learnedValue(topology: Topology, resource: MetricResource): string | undefined {
  const dimension = RESOURCE_DIMENSION[resource.kind];
  for (const m of publishedFor(topology, resource)) {
    const d = m.dimensions.find((x) => x.name === dimension);
    if (d) return d.value;
  }
  return undefined;
}

/** The resource a metric's dimensions name, if any. */
export function resourceOf(
  metric: AlarmMetric,
  resources: readonly MetricResource[],
): MetricResource | undefined {
  for (const d of metric.dimensions) {
    const r = resources.find((x) => valueNames(d.value, x.id, x.arn));
    if (r) return r;
  }
  return undefined;
}

function sameDimensions(a: readonly MetricDimension[], b: readonly MetricDimension[]): boolean {
  const key = (ds: readonly MetricDimension[]) =>
    ds
      .map((d) => `${d.name}=${d.value}`)
      .sort()
      .join(",");
  return key(a) === key(b);
}

/** Why an alarm's metric, aimed at `resource`, can never have data; undefined when it can. */
export function whyNeverPublished(
  topology: Topology,
  metric: AlarmMetric,
  resource: MetricResource,
): string | undefined {
  const dimension = RESOURCE_DIMENSION[resource.kind];
  const what = resource.kind === "service" ? "services" : "target groups";
  if (metric.namespace !== LATTICE_NAMESPACE) {
    return `namespace ${metric.namespace ?? "(none)"} holds no VPC Lattice metrics: Lattice publishes to ${LATTICE_NAMESPACE} only`;
  }
  const name = metric.metricName ?? "";
  if (!isPublished(resource.kind, name, resource.protocol)) {
    const instead = ELB_LOOKALIKES[name];
    if (instead === "")
      return `${name} is an Elastic Load Balancing metric: VPC Lattice publishes none like it (target health is in ListTargets, not in CloudWatch)`;
    if (instead)
      return `${name} is an Elastic Load Balancing metric; VPC Lattice publishes ${instead} instead`;
    if (resource.protocol === "TCP" && isPublished(resource.kind, name)) {
      return `${name} exists only for HTTP and HTTPS target groups; ${resource.id} is TCP`;
    }
    const other = resource.kind === "service" ? "targetGroup" : "service";
    if (isPublished(other, name)) {
      return `Lattice publishes ${name} for ${other === "service" ? "services" : "target groups"} (dimension ${RESOURCE_DIMENSION[other]}), not for ${what}`;
    }
    return `VPC Lattice publishes no metric named ${name} for ${what}`;
  }
  const allowed = new Set([dimension, ZONE_DIMENSION]);
  const wrong = metric.dimensions.filter((d) => !allowed.has(d.name)).map((d) => d.name);
  if (wrong.length) {
    return `dimension ${wrong.join(", ")} is not published: ${what} carry ${dimension} (and ${ZONE_DIMENSION})`;
  }
  if (!metric.dimensions.some((d) => d.name === dimension)) {
    return `the metric names the resource in dimension ${metric.dimensions.map((d) => d.name).join(", ")}, not ${dimension}`;
  }
  // The value form and the dimension set, when ListMetrics showed how Lattice publishes this resource.
  const learned = learnedValue(topology, resource);
  const value = metric.dimensions.find((d) => d.name === dimension)!.value;
  if (learned !== undefined && valueForm(learned) !== valueForm(value)) {
    return `${dimension}=${value} is not how Lattice names it: ListMetrics shows ${dimension}=${learned}`;
  }
  const sameName = publishedFor(topology, resource).filter((m) => m.metricName === name);
  if (
    learned !== undefined &&
    sameName.length > 0 &&
    !sameName.some((m) => sameDimensions(m.dimensions, metric.dimensions))
  ) {
    const shown = sameName.map((m) => m.dimensions.map((d) => `${d.name}=${d.value}`).join(",")).join(" | ");
    return `no ${name} series has exactly these dimensions; ListMetrics shows ${shown}`;
  }
  return undefined;
}

/** Does the alarm metric watch a Lattice-published metric of the resource (name, dimension, value)? */
export function watchesPublished(topology: Topology, metric: AlarmMetric, resource: MetricResource): boolean {
  return whyNeverPublished(topology, metric, resource) === undefined;
}

function dimensionsArg(dimensions: readonly MetricDimension[]): string {
  return dimensions.map((d) => `Name=${d.name},Value=${d.value}`).join(" ");
}

/** A name for a new alarm: `<resource name>-<metric>` (alarm names allow these characters). */
export function alarmName(resource: MetricResource, metricName: string): string {
  return `lattice-${resource.name}-${metricName}`.replace(/[^A-Za-z0-9_.\-/#:]/g, "-");
}

/**
 * `aws cloudwatch put-metric-alarm` for a Lattice metric of the resource with the dimensions
 * ListMetrics showed: the resource-level series when published, else a metric-math SUM of the
 * per-zone series. `value` is the learned dimension value (or the id when none was learned).
 */
export function putMetricAlarm(
  topology: Topology,
  resource: MetricResource,
  metricName: string,
  context: Pick<CheckContext, "region" | "profile">,
  name = alarmName(resource, metricName),
): string {
  const dimension = RESOURCE_DIMENSION[resource.kind];
  const value = learnedValue(topology, resource) ?? resource.id;
  const published = publishedFor(topology, resource).filter((m) => m.metricName === metricName);
  const whole = published.find((m) => m.dimensions.length === 1 && m.dimensions[0]!.name === dimension);
  const common =
    `--evaluation-periods 5 --datapoints-to-alarm 3 --threshold 1 ` +
    `--comparison-operator GreaterThanOrEqualToThreshold --treat-missing-data notBreaching`;
  if (whole || published.length === 0) {
    return awsCli(
      `aws cloudwatch put-metric-alarm --alarm-name ${shellQuote(name)} --namespace ${LATTICE_NAMESPACE} ` +
        `--metric-name ${metricName} --dimensions ${shellQuote(dimensionsArg(whole?.dimensions ?? [{ name: dimension, value }]))} ` +
        `--statistic Sum --period ${PERIOD_SECONDS} ${common}`,
      context,
    );
  }
  // Published per availability zone only: an alarm on the bare resource dimension would see nothing.
  const zones = published.filter((m) => m.dimensions.some((d) => d.name === dimension && d.value === value));
  const queries = [
    {
      Id: "total",
      Expression: `SUM([${zones.map((_, i) => `z${i}`).join(",")}])`,
      Label: `${metricName} ${resource.name}`,
      ReturnData: true,
    },
    ...zones.map((m, i) => ({
      Id: `z${i}`,
      MetricStat: {
        Metric: {
          Namespace: LATTICE_NAMESPACE,
          MetricName: metricName,
          Dimensions: m.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
        },
        Period: PERIOD_SECONDS,
        Stat: "Sum",
      },
      ReturnData: false,
    })),
  ];
  return awsCli(
    `aws cloudwatch put-metric-alarm --alarm-name ${shellQuote(name)} --metrics ${shellQuote(JSON.stringify(queries))} ${common}`,
    context,
  );
}

/** `HTTPCode_5XX_Count Service=svc-…,AvailabilityZone=use1-az1` for evidence and prose. */
export function describeMetric(metric: {
  metricName?: string;
  namespace?: string;
  dimensions: readonly MetricDimension[];
}): string {
  const dims = metric.dimensions.map((d) => `${d.name}=${d.value}`).join(",");
  return `${metric.namespace ?? "(no namespace)"} ${metric.metricName ?? "(no metric)"}${dims ? ` ${dims}` : ""}`;
}

export function metricSymptom(metricName: string | undefined): MetricSymptom | undefined {
  const name = metricName ?? "";
  if (/403/.test(name)) return "403";
  if (/^Connection(Error|Timeout)Count$|^RequestTimeoutCount$/.test(name)) return "connection";
  if (/5XX/i.test(name)) return "5xx";
  return undefined;
}
