/**
 * gather, live signals: what CloudWatch and access logging say about one service right now.
 *
 * - ListMetrics in `AWS/VpcLattice`, per resource (the service, each target group), once with the
 *   bare id and once with the ARN as the dimension value: the facts do not say which form Lattice
 *   uses (UNVERIFIED), so both are asked and the answer decides. Each asks as soon as its value is
 *   known (the id at once, the ARN when GetService / GetTargetGroup answers).
 * - DescribeAlarms (every page, metric alarms; composite alarms watch alarms, not metrics) from
 *   t=0, kept when one of its metrics (a metric-math alarm's MetricStats included) names the
 *   service or one of its target groups in any namespace. Not DescribeAlarmsForMetric: the alarms
 *   it returns for a metric are a subset of every page of DescribeAlarms (and not the metric-math
 *   ones), so it could only add calls, and a denial that leaves alarms unknown.
 * - GetMetricData once every ListMetrics has answered: every series in one request (more than 500
 *   queries, the API's limit per request, are split into several requests that run together),
 *   every page (NextToken). Where Lattice publishes a metric only per availability zone, a
 *   metric-math SUM over the zones gives the resource's series.
 * - ListAccessLogSubscriptions for the service at t=0 and for each network as it is found.
 *
 * The window: its end is `now` aligned down to the minute, its start `windowSeconds` earlier,
 * aligned down too (CloudWatch rounds a start time down to the minute itself; doing it here keeps
 * the request, and so a recording of it, exact). Period 60 s.
 */
import type { CloudWatchClient, Dimension, MetricAlarm, MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import type { AccessLogSubscriptionSummary, VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import type {
  AccessLogSubscription,
  Alarm,
  AlarmMetric,
  MetricDimension,
  MetricSeries,
  PublishedMetric,
  Service,
  Signals,
  TargetGroup,
  TopologyPart,
} from "../topology/types.js";
import {
  FETCHED_METRICS,
  LATTICE_NAMESPACE,
  PERIOD_SECONDS,
  RESOURCE_DIMENSION,
  valueNames,
  type MetricResourceKind,
} from "../topology/lattice-metrics.js";
import type { GatherHop } from "./gather-api.js";
import type { SdkModules, ServiceKey } from "./clients.js";
import { byText, compact } from "../core/util/collections.js";

/** GetMetricData accepts at most 500 MetricDataQuery entries per request. */
export const MAX_QUERIES_PER_REQUEST = 500;
/** ListMetrics pages hold up to 500 metrics and take no page size; DescribeAlarms allows 1–100. */
export const ALARM_PAGE_SIZE = 100;
export const ACCESS_LOG_PAGE_SIZE = 100;
export const DEFAULT_WINDOW_SECONDS = 900;

export interface SignalCallSpec {
  hop: GatherHop;
  part: TopologyPart;
  service: ServiceKey;
  operation: string;
  resource?: string;
}

export interface SignalsHost {
  /** Loaded and built on the first read (clients.ts). */
  cloudwatch: () => Promise<CloudWatchClient>;
  lattice: () => Promise<VPCLatticeClient>;
  /** Their commands and paginators, from each client's own module. */
  sdk: Pick<SdkModules, "cloudwatch" | "lattice">;
  serviceId: string;
  now: Date;
  windowSeconds: number;
  /** Runs one call (all its pages); undefined with the failure recorded when it failed. */
  call<T>(spec: SignalCallSpec, fn: () => Promise<T>): Promise<T | undefined>;
  finishHop(hop: GatherHop, read: number): void;
  /** Subscriptions as each list answers (gather starts loading the log clients they will need). */
  onAccessLogs?(items: AccessLogSubscription[]): void;
}

interface Resource {
  kind: MetricResourceKind;
  id: string;
  arn?: string;
  protocol?: string;
}

const MINUTE = 60_000;

export function signalWindow(now: Date, windowSeconds: number): Signals["window"] {
  const end = Math.floor(now.getTime() / MINUTE) * MINUTE;
  const start = Math.floor((end - windowSeconds * 1000) / MINUTE) * MINUTE;
  return {
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    periodSeconds: PERIOD_SECONDS,
  };
}

function toDimensions(dimensions: Dimension[] | undefined): MetricDimension[] {
  return (dimensions ?? []).map((d) => ({ name: d.Name ?? "", value: d.Value ?? "" }));
}

interface AlarmMetrics {
  metrics: AlarmMetric[];
  expressions: string[];
}

/** The metrics an alarm watches (a metric-math alarm's MetricStats), and its expressions. */
function alarmMetrics(a: MetricAlarm): AlarmMetrics {
  const metrics: AlarmMetric[] = [];
  const expressions: string[] = [];
  if (a.Metrics && a.Metrics.length > 0) {
    for (const q of a.Metrics) {
      if (q.MetricStat?.Metric) {
        const m = q.MetricStat.Metric;
        metrics.push(
          compact({
            id: q.Id,
            namespace: m.Namespace,
            metricName: m.MetricName,
            dimensions: toDimensions(m.Dimensions),
            stat: q.MetricStat.Stat,
            period: q.MetricStat.Period,
          }),
        );
      } else if (q.Expression) expressions.push(q.Expression);
    }
  } else {
    metrics.push(
      compact({
        namespace: a.Namespace,
        metricName: a.MetricName,
        dimensions: toDimensions(a.Dimensions),
        stat: a.Statistic ?? a.ExtendedStatistic,
        period: a.Period,
      }),
    );
  }
  return { metrics, expressions };
}

function toAlarm(a: MetricAlarm, { metrics, expressions }: AlarmMetrics): Alarm {
  return compact({
    alarmName: a.AlarmName ?? "",
    alarmArn: a.AlarmArn,
    stateValue: a.StateValue ?? "UNKNOWN",
    stateReason: a.StateReason,
    stateUpdatedTimestamp: a.StateUpdatedTimestamp
      ? new Date(a.StateUpdatedTimestamp).toISOString()
      : undefined,
    actionsEnabled: a.ActionsEnabled,
    alarmActions: a.AlarmActions?.length ? a.AlarmActions : undefined,
    treatMissingData: a.TreatMissingData,
    metrics,
    expressions: expressions.length ? expressions : undefined,
    metricMath: a.Metrics && a.Metrics.length > 0 ? true : undefined,
  });
}

function toAccessLog(item: AccessLogSubscriptionSummary, resourceId: string): AccessLogSubscription {
  return compact({
    id: item.id ?? "",
    arn: item.arn,
    resourceId: item.resourceId ?? resourceId,
    resourceArn: item.resourceArn,
    destinationArn: item.destinationArn,
    serviceNetworkLogType: item.serviceNetworkLogType,
  });
}

/** One resource's series as GetMetricData queries: single MetricStat, or zone MetricStats + SUM. */
interface QueryGroup {
  resourceId: string;
  metricName: string;
  dimensions: MetricDimension[];
  queries: MetricDataQuery[];
  /** The id whose result is the series. */
  resultId: string;
  summedOverZones: boolean;
}

export class SignalsReader {
  private readonly metrics: PublishedMetric[] = [];
  private metricsFailed = false;
  private readonly metricReads: Promise<void>[] = [];
  private readonly resources = new Map<string, Resource>();
  private readonly accessLogReads: Promise<void>[] = [];
  private readonly accessLogs: AccessLogSubscription[] = [];
  private accessLogsFailed = false;
  private readonly rawAlarms = new Map<string, MetricAlarm>();
  private alarmsFailed = false;
  private readonly alarmsRead: Promise<void>;
  readonly window: Signals["window"];

  constructor(private readonly host: SignalsHost) {
    this.window = signalWindow(host.now, host.windowSeconds);
    this.alarmsRead = this.readAlarms();
    this.accessLogReads.push(this.readAccessLogs(host.serviceId, host.serviceId));
    this.addResource({ kind: "service", id: host.serviceId });
  }

  private spec(part: TopologyPart, operation: string, resource?: string): SignalCallSpec {
    return { hop: "signals", part, service: "cloudwatch", operation, resource };
  }

  // --- resources and their published metrics ------------------------------------------------

  private addResource(resource: Resource): void {
    if (this.resources.has(resource.id)) return;
    this.resources.set(resource.id, resource);
    this.metricReads.push(this.listMetrics(resource, resource.id));
  }

  /** The service's ARN (GetService answered): ask for the ARN form too. */
  serviceRead(service: Service): void {
    const resource = this.resources.get(service.id) ?? this.resources.get(this.host.serviceId);
    if (!resource || !service.arn) return;
    resource.arn = service.arn;
    this.metricReads.push(this.listMetrics(resource, service.arn));
  }

  /** A target group to watch; its ARN form is asked once GetTargetGroup answers. */
  addTargetGroup(id: string, info: Promise<TargetGroup | undefined>): void {
    this.addResource({ kind: "targetGroup", id });
    const resource = this.resources.get(id)!;
    this.metricReads.push(
      info.then((tg) => {
        if (!tg) return;
        resource.protocol = tg.protocol;
        if (tg.arn) {
          resource.arn = tg.arn;
          return this.listMetrics(resource, tg.arn);
        }
      }),
    );
  }

  addNetwork(id: string, identifier: string): void {
    this.accessLogReads.push(this.readAccessLogs(id, identifier));
  }

  private async listMetrics(resource: Resource, value: string): Promise<void> {
    const name = RESOURCE_DIMENSION[resource.kind];
    const found = await this.host.call(this.spec("metrics", "ListMetrics", resource.id), async () => {
      const out: PublishedMetric[] = [];
      const { paginateListMetrics } = await this.host.sdk.cloudwatch();
      const pages = paginateListMetrics(
        { client: await this.host.cloudwatch() },
        { Namespace: LATTICE_NAMESPACE, Dimensions: [{ Name: name, Value: value }] },
      );
      for await (const page of pages) {
        for (const m of page.Metrics ?? []) {
          if (!m.MetricName) continue;
          out.push({
            resourceId: resource.id,
            namespace: m.Namespace ?? LATTICE_NAMESPACE,
            metricName: m.MetricName,
            dimensions: toDimensions(m.Dimensions),
          });
        }
      }
      return out;
    });
    if (found === undefined) this.metricsFailed = true;
    else this.metrics.push(...found);
  }

  // --- alarms --------------------------------------------------------------------------------

  private async readAlarms(): Promise<void> {
    const alarms = await this.host.call(this.spec("alarms", "DescribeAlarms"), async () => {
      const out: MetricAlarm[] = [];
      const { paginateDescribeAlarms } = await this.host.sdk.cloudwatch();
      const pages = paginateDescribeAlarms(
        { client: await this.host.cloudwatch(), pageSize: ALARM_PAGE_SIZE },
        { AlarmTypes: ["MetricAlarm"] },
      );
      for await (const page of pages) out.push(...(page.MetricAlarms ?? []));
      return out;
    });
    if (alarms === undefined) this.alarmsFailed = true;
    else for (const a of alarms) this.rawAlarms.set(a.AlarmArn ?? a.AlarmName ?? "", a);
  }

  /**
   * Alarms one of whose metrics names the service or one of its target groups, by name. Every alarm
   * of the account is read (hundreds in a large one) and few are kept: only those are converted.
   */
  private ourAlarms(): Alarm[] {
    const resources = [...this.resources.values()];
    const names = (value: string) => resources.some((r) => valueNames(value, r.id, r.arn));
    const ours: Alarm[] = [];
    for (const raw of this.rawAlarms.values()) {
      const watched = alarmMetrics(raw);
      if (watched.metrics.some((m) => m.dimensions.some((d) => names(d.value))))
        ours.push(toAlarm(raw, watched));
    }
    return ours.sort((a, b) => byText(a.alarmName, b.alarmName));
  }

  // --- metric data ---------------------------------------------------------------------------

  private queryGroups(): QueryGroup[] {
    const groups: QueryGroup[] = [];
    let n = 0;
    for (const resource of this.resources.values()) {
      const dimension = RESOURCE_DIMENSION[resource.kind];
      for (const fetched of FETCHED_METRICS.filter((f) => f.kind === resource.kind)) {
        const published = this.metrics.filter(
          (m) => m.resourceId === resource.id && m.metricName === fetched.metricName,
        );
        if (published.length === 0) continue; // not published (yet) for this resource
        const stat = (m: PublishedMetric, id: string, returnData: boolean): MetricDataQuery => ({
          Id: id,
          MetricStat: {
            Metric: {
              Namespace: m.namespace,
              MetricName: m.metricName,
              Dimensions: m.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
            },
            Period: PERIOD_SECONDS,
            Stat: "Sum",
          },
          ReturnData: returnData,
        });
        const whole = published.find((m) => m.dimensions.length === 1 && m.dimensions[0]!.name === dimension);
        if (whole) {
          const id = `m${n++}`;
          groups.push({
            resourceId: resource.id,
            metricName: fetched.metricName,
            dimensions: whole.dimensions,
            queries: [stat(whole, id, true)],
            resultId: id,
            summedOverZones: false,
          });
          continue;
        }
        // Published per availability zone only: sum the zones (one value form only).
        const value = published[0]!.dimensions.find((d) => d.name === dimension)?.value;
        const zones = published.filter((m) =>
          m.dimensions.some((d) => d.name === dimension && d.value === value),
        );
        const members = zones.map((m) => stat(m, `m${n++}`, false));
        const resultId = `e${n++}`;
        groups.push({
          resourceId: resource.id,
          metricName: fetched.metricName,
          dimensions: value === undefined ? [] : [{ name: dimension, value }],
          queries: [
            ...members,
            {
              Id: resultId,
              Expression: `SUM([${members.map((q) => q.Id).join(",")}])`,
              Label: `${fetched.metricName} (sum over availability zones)`,
              Period: PERIOD_SECONDS,
              ReturnData: true,
            },
          ],
          resultId,
          summedOverZones: true,
        });
      }
    }
    return groups;
  }

  /** Groups packed into requests of at most MAX_QUERIES_PER_REQUEST queries, a group never split. */
  private static batches(groups: QueryGroup[]): QueryGroup[][] {
    const out: QueryGroup[][] = [];
    let current: QueryGroup[] = [];
    let size = 0;
    for (const g of groups) {
      if (size + g.queries.length > MAX_QUERIES_PER_REQUEST && current.length) {
        out.push(current);
        current = [];
        size = 0;
      }
      current.push(g);
      size += g.queries.length;
    }
    if (current.length) out.push(current);
    return out;
  }

  private async readMetricData(): Promise<MetricSeries[] | undefined> {
    const groups = this.queryGroups();
    if (groups.length === 0) return [];
    const start = new Date(this.window.start);
    const end = new Date(this.window.end);
    const results = new Map<string, { timestamps: string[]; values: number[]; statusCode?: string }>();
    let failed = false;
    await Promise.all(
      SignalsReader.batches(groups).map(async (batch) => {
        const ok = await this.host.call(
          this.spec("metricData", "GetMetricData", this.host.serviceId),
          async () => {
            const { paginateGetMetricData } = await this.host.sdk.cloudwatch();
            const pages = paginateGetMetricData(
              { client: await this.host.cloudwatch() },
              {
                MetricDataQueries: batch.flatMap((g) => g.queries),
                StartTime: start,
                EndTime: end,
                ScanBy: "TimestampAscending",
              },
            );
            for await (const page of pages) {
              for (const r of page.MetricDataResults ?? []) {
                if (!r.Id) continue;
                const entry = results.get(r.Id) ?? { timestamps: [], values: [] };
                (r.Timestamps ?? []).forEach((t, i) => {
                  entry.timestamps.push(new Date(t).toISOString());
                  entry.values.push(r.Values?.[i] ?? 0);
                });
                // The last page's status is the series' status (PartialData means "more pages").
                if (r.StatusCode) entry.statusCode = r.StatusCode;
                results.set(r.Id, entry);
              }
            }
            return true;
          },
        );
        if (!ok) failed = true;
      }),
    );
    if (failed) return undefined;
    const grid: string[] = [];
    for (let t = start.getTime(); t < end.getTime(); t += PERIOD_SECONDS * 1000) {
      grid.push(new Date(t).toISOString());
    }
    return groups.map((g) => {
      const r = results.get(g.resultId);
      const byTime = new Map<string, number>();
      r?.timestamps.forEach((t, i) => byTime.set(t, r.values[i]!));
      return compact({
        id: g.resultId,
        resourceId: g.resourceId,
        metricName: g.metricName,
        dimensions: g.dimensions,
        stat: "Sum",
        timestamps: grid,
        values: grid.map((t) => (byTime.has(t) ? byTime.get(t)! : null)),
        statusCode: r?.statusCode,
        summedOverZones: g.summedOverZones ? true : undefined,
      });
    });
  }

  // --- access logs ---------------------------------------------------------------------------

  private async readAccessLogs(resourceId: string, identifier: string): Promise<void> {
    const items = await this.host.call(
      {
        hop: "access-logs",
        part: "accessLogs",
        service: "vpc-lattice",
        operation: "ListAccessLogSubscriptions",
        resource: resourceId,
      },
      async () => {
        const out: AccessLogSubscription[] = [];
        const { paginateListAccessLogSubscriptions } = await this.host.sdk.lattice();
        const pages = paginateListAccessLogSubscriptions(
          { client: await this.host.lattice(), pageSize: ACCESS_LOG_PAGE_SIZE },
          { resourceIdentifier: identifier },
        );
        for await (const page of pages)
          for (const item of page.items ?? []) out.push(toAccessLog(item, resourceId));
        return out;
      },
    );
    if (items === undefined) this.accessLogsFailed = true;
    else {
      this.accessLogs.push(...items);
      this.host.onAccessLogs?.(items);
    }
  }

  /**
   * Every access-log subscription, sorted, once every network is known (`known` settled) and each
   * list has answered; undefined when one of them could not be read.
   */
  async accessLogSubscriptions(known: Promise<unknown>): Promise<AccessLogSubscription[] | undefined> {
    await known;
    for (let seen = -1; seen !== this.accessLogReads.length;) {
      seen = this.accessLogReads.length;
      await Promise.all(this.accessLogReads);
    }
    if (this.accessLogsFailed) return undefined;
    return [...this.accessLogs].sort((a, b) =>
      `${a.resourceId}|${a.id}` < `${b.resourceId}|${b.id}` ? -1 : 1,
    );
  }

  // --- the end -------------------------------------------------------------------------------

  /**
   * Call once every target group and network is known (`known` settled): waits for the reads,
   * asks GetMetricData, and returns what was read.
   */
  async finish(known: Promise<unknown>): Promise<Signals> {
    await known;
    // New reads may be added while earlier ones settle (a target group's ARN): wait for all.
    for (let seen = -1; seen !== this.metricReads.length;) {
      seen = this.metricReads.length;
      await Promise.all(this.metricReads);
    }
    const [series] = await Promise.all([
      this.metricsFailed ? Promise.resolve(undefined) : this.readMetricData(),
      this.alarmsRead,
    ]);
    this.host.finishHop("signals", (series?.length ?? 0) + this.rawAlarms.size);
    const accessLogSubscriptions = await this.accessLogSubscriptions(known);
    this.host.finishHop("access-logs", this.accessLogs.length);
    const sortKey = (m: PublishedMetric) =>
      `${m.resourceId}|${m.metricName}|${m.dimensions.map((d) => `${d.name}=${d.value}`).join(",")}`;
    const metrics = [...new Map(this.metrics.map((m) => [sortKey(m), m])).values()].sort((a, b) =>
      sortKey(a) < sortKey(b) ? -1 : 1,
    );
    return compact({
      window: this.window,
      metrics: this.metricsFailed ? undefined : metrics,
      alarms: this.alarmsFailed ? undefined : this.ourAlarms(),
      series,
      accessLogSubscriptions,
    });
  }
}
