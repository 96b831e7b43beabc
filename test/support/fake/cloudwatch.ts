/**
 * CloudWatch as the simulated account answers it: ListMetrics (Namespace, MetricName, dimension
 * filters), DescribeAlarms / DescribeAlarmsForMetric, and GetMetricData from each metric's `recent`
 * per-minute data, with `SUM([a,b])` expressions; `NextToken` / `MaxRecords` paging.
 */
import { fail, stableJson, str, strings, type Handlers, type Input, type Output } from "./common.js";
import type { Pager } from "./paging.js";
import type { Scenario, ScenarioMetric } from "./scenario.js";

const NAMESPACE = "AWS/VpcLattice";

type Dimension = { Name?: string; Value?: string };

interface MetricQuery {
  Id?: string;
  MetricStat?: { Metric?: ScenarioMetric; Period?: number; Stat?: string };
  Expression?: string;
  ReturnData?: boolean;
  Label?: string;
}

/** Per-minute points by timestamp. */
type Series = Map<number, number>;

function dimensionsOf(input: Input): Dimension[] {
  return (Array.isArray(input.Dimensions) ? input.Dimensions : []) as Dimension[];
}

function sameDimensions(a: Dimension[], b: Dimension[]): boolean {
  return a.length === b.length && a.every((d) => b.some((e) => e.Name === d.Name && e.Value === d.Value));
}

function invalidToken(): never {
  fail("InvalidNextToken", 400, "The service returned an invalid next token.");
}

export class CloudWatchApi {
  constructor(
    private readonly scenario: Scenario,
    private readonly pager: Pager,
  ) {}

  handlers(): Handlers {
    return {
      ListMetrics: (i) => this.listMetrics(i),
      DescribeAlarms: (i) => this.describeAlarms(i),
      DescribeAlarmsForMetric: (i) => this.describeAlarmsForMetric(i),
      GetMetricData: (i) => this.getMetricData(i),
    };
  }

  private page<T>(operation: string, input: Input, items: T[], key: string, max: number): Output {
    const { NextToken: _t, MaxRecords: _m, ...query } = input;
    const requested = typeof input.MaxRecords === "number" ? input.MaxRecords : max;
    if (requested < 1 || requested > max)
      fail("InvalidParameterValue", 400, `The parameter MaxRecords must be between 1 and ${max}.`);
    const page = this.pager.page(
      {
        operation,
        scope: `${operation}:${stableJson(query)}`,
        token: str(input, "NextToken"),
        requested,
        invalidToken,
      },
      items,
    );
    return page.next === undefined ? { [key]: page.items } : { [key]: page.items, NextToken: page.next };
  }

  private metrics(): ScenarioMetric[] {
    return this.scenario.cloudwatch?.metrics ?? [];
  }

  /** ListMetrics: Namespace, MetricName and dimension filters (name, optional value); pages of 500. */
  private listMetrics(input: Input): Output {
    const namespace = str(input, "Namespace");
    const name = str(input, "MetricName");
    const filters = dimensionsOf(input);
    if (filters.length > 10)
      fail("InvalidParameterValue", 400, "The collection Dimensions must not have more than 10 members.");
    const items = this.metrics()
      .filter((m) => !namespace || (m.Namespace ?? NAMESPACE) === namespace)
      .filter((m) => !name || m.MetricName === name)
      .filter((m) =>
        filters.every((f) =>
          m.Dimensions.some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value)),
        ),
      )
      .map((m) => ({
        Namespace: m.Namespace ?? NAMESPACE,
        MetricName: m.MetricName,
        Dimensions: m.Dimensions,
      }));
    return this.page("ListMetrics", { ...input, MaxRecords: undefined }, items, "Metrics", 500);
  }

  private describeAlarms(input: Input): Output {
    const types = strings(input, "AlarmTypes");
    const names = strings(input, "AlarmNames");
    const state = str(input, "StateValue");
    const metricAlarms = (this.scenario.cloudwatch?.alarms ?? []).filter(
      (a) => (!names?.length || names.includes(a.AlarmName ?? "")) && (!state || a.StateValue === state),
    );
    // Without AlarmTypes only metric alarms are returned.
    const wantsMetric = !types?.length || types.includes("MetricAlarm");
    const out = this.page("DescribeAlarms", input, wantsMetric ? metricAlarms : [], "MetricAlarms", 100);
    return types?.includes("CompositeAlarm") ? { ...out, CompositeAlarms: [] } : out;
  }

  private describeAlarmsForMetric(input: Input): Output {
    const namespace = str(input, "Namespace");
    const name = str(input, "MetricName");
    if (!namespace || !name) fail("ValidationError", 400, "Namespace and MetricName are required.");
    const dims = dimensionsOf(input);
    const alarms = (this.scenario.cloudwatch?.alarms ?? []).filter(
      (a) => a.Namespace === namespace && a.MetricName === name && sameDimensions(a.Dimensions ?? [], dims),
    );
    return { MetricAlarms: alarms };
  }

  /**
   * GetMetricData: MetricStat queries answered from `recent` (per minute, relative to EndTime),
   * `SUM([a,b])` expressions over other queries; results of ReturnData queries only, in request
   * order, timestamps ascending or descending as ScanBy says; at most 500 queries.
   */
  private getMetricData(input: Input): Output {
    const queries = (Array.isArray(input.MetricDataQueries) ? input.MetricDataQueries : []) as MetricQuery[];
    if (queries.length === 0 || queries.length > 500)
      fail("ValidationError", 400, "The collection MetricDataQueries must have between 1 and 500 members.");
    const start = Date.parse(String(input.StartTime));
    const end = Date.parse(String(input.EndTime));
    if (!(start < end))
      fail("ValidationError", 400, "The parameter StartTime must be less than the parameter EndTime.");
    const ids = queries.map((q) => q.Id ?? "");
    if (ids.some((id) => !/^[a-z][a-zA-Z0-9_]*$/.test(id)) || new Set(ids).size !== ids.length)
      fail("ValidationError", 400, "Query ids must be unique and start with a lowercase letter.");
    const series = new Map<string, Series>();
    for (const q of queries) series.set(q.Id!, this.statSeries(q, start, end));
    for (const q of queries) if (q.Expression) series.set(q.Id!, sumSeries(q.Expression, series));
    const descending = input.ScanBy !== "TimestampAscending";
    const results = queries
      .filter((q) => q.ReturnData !== false)
      .map((q) => {
        const points = [...(series.get(q.Id!) ?? new Map<number, number>())].sort((a, b) =>
          descending ? b[0] - a[0] : a[0] - b[0],
        );
        return {
          Id: q.Id,
          Label: q.Label ?? q.MetricStat?.Metric?.MetricName ?? q.Id,
          Timestamps: points.map(([t]) => new Date(t).toISOString()),
          Values: points.map(([, v]) => v),
          StatusCode: "Complete",
        };
      });
    // Pages of at most `pageSize` results (NextToken), so callers must follow them.
    const { NextToken: _t, ...query } = input;
    const page = this.pager.page(
      {
        operation: "GetMetricData",
        scope: `GetMetricData:${stableJson(query)}`,
        token: str(input, "NextToken"),
        requested: Infinity,
        invalidToken,
      },
      results,
    );
    return { MetricDataResults: page.items, Messages: [], ...(page.next ? { NextToken: page.next } : {}) };
  }

  /** A MetricStat query's points between start and end (none for an expression). */
  private statSeries(q: MetricQuery, start: number, end: number): Series {
    const points: Series = new Map();
    const wanted = q.MetricStat?.Metric;
    if (!wanted) return points;
    const metric = this.metrics().find(
      (m) =>
        (m.Namespace ?? NAMESPACE) === (wanted.Namespace ?? "") &&
        m.MetricName === wanted.MetricName &&
        sameDimensions(m.Dimensions, wanted.Dimensions ?? []),
    );
    const recent = metric?.recent ?? [];
    recent.forEach((v, i) => {
      const t = end - (recent.length - i) * 60_000;
      if (v !== null && t >= start) points.set(t, v);
    });
    return points;
  }
}

/** `SUM([a,b])` over the series of other queries. */
function sumSeries(expression: string, series: Map<string, Series>): Series {
  const m = /^SUM\(\[([a-zA-Z0-9_,\s]+)\]\)$/.exec(expression.trim());
  if (!m) fail("ValidationError", 400, `FakeAccount cannot evaluate the expression ${expression}`);
  const sum: Series = new Map();
  for (const ref of m[1]!.split(",").map((x) => x.trim())) {
    for (const [t, v] of series.get(ref) ?? []) sum.set(t, (sum.get(t) ?? 0) + v);
  }
  return sum;
}
