/**
 * gather's live signals through aws-sdk-client-mock stubs over the simulated account (one item per
 * page, so every NextToken is followed): both dimension-value forms learned from ListMetrics, the
 * metric-math sum over zones, gaps and zeros on the minute grid, batching past 500 queries,
 * alarms filtered to the service, and each denied call → its ReadFailure and LAT-901.
 */
import { describe, expect, it } from "vitest";
import {
  CloudWatchServiceException,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  ListMetricsCommand,
} from "@aws-sdk/client-cloudwatch";
import { ListAccessLogSubscriptionsCommand, VPCLatticeServiceException } from "@aws-sdk/client-vpc-lattice";
import { gather } from "../../src/aws/gather.js";
import { signalWindow } from "../../src/aws/gather-signals.js";
import { runChecks } from "../../src/engine/run-checks.js";
import { checks } from "../../checks/index.js";
import {
  fakeAccount,
  REGION,
  SN1,
  SVC,
  SVC_ARN,
  TG_A,
  TG_B,
  defaultAccount,
  tgArn,
} from "./default-account.js";
import { mockAccount, type Mocked } from "./mock-clients.js";

const NOW = new Date("2025-11-28T09:30:41.000Z");

function run(m: Mocked, windowSeconds = 300) {
  return gather({ clients: m.clients, region: REGION, serviceId: SVC, now: NOW, windowSeconds });
}

const cwDenied = (op: string) =>
  new CloudWatchServiceException({
    name: "AccessDenied",
    $fault: "client",
    $metadata: { httpStatusCode: 403 },
    message: `User: arn:aws:sts::111122223333:assumed-role/OnCall/alice is not authorized to perform: cloudwatch:${op} because no identity-based policy allows the cloudwatch:${op} action`,
  });

describe("gather: live signals", () => {
  it("the window ends at the minute before now and starts windowSeconds earlier, aligned", () => {
    expect(signalWindow(NOW, 300)).toEqual({
      start: "2025-11-28T09:25:00.000Z",
      end: "2025-11-28T09:30:00.000Z",
      periodSeconds: 60,
    });
    // 90 s: the start rounds down to the minute, as CloudWatch would.
    expect(signalWindow(NOW, 90).start).toBe("2025-11-28T09:28:00.000Z");
  });

  it("asks ListMetrics with both the id and the ARN of each resource and keeps what answered", async () => {
    const m = mockAccount();
    const t = await run(m);
    const asked = m.fake
      .callsOf("ListMetrics")
      .map((c) => (c.input.Dimensions as { Value: string }[])[0]!.Value);
    expect(asked).toEqual(expect.arrayContaining([SVC, SVC_ARN, TG_A, tgArn(TG_A), TG_B, tgArn(TG_B)]));
    // The service answers by id, TG_A by ARN (per zone): both forms are kept as published.
    const values = new Set(t.signals!.metrics!.map((x) => `${x.resourceId}=${x.dimensions[0]!.value}`));
    expect(values).toEqual(new Set([`${SVC}=${SVC}`, `${TG_A}=${tgArn(TG_A)}`]));
    expect(t.failures).toEqual([]);
  });

  it("fetches every series in one GetMetricData request, follows its pages, and fills the minute grid", async () => {
    const m = mockAccount();
    const t = await run(m);
    const requests = m.fake.callsOf("GetMetricData");
    // One request, paged one result at a time (NextToken followed to the end).
    expect(requests.filter((c) => c.input.NextToken === undefined)).toHaveLength(1);
    expect(requests.length).toBeGreaterThan(1);
    expect(requests[0]!.input).toMatchObject({
      StartTime: "2025-11-28T09:25:00.000Z",
      EndTime: "2025-11-28T09:30:00.000Z",
      ScanBy: "TimestampAscending",
    });
    const byName = Object.fromEntries(t.signals!.series!.map((s) => [`${s.resourceId} ${s.metricName}`, s]));
    // A gap stays a gap (null), a zero stays a zero.
    expect(byName[`${SVC} HTTPCode_5XX_Count`]!.values).toEqual([0, 0, null, 0, 0]);
    expect(byName[`${SVC} TotalRequestCount`]!.values).toEqual([40, 42, 39, 41, 44]);
    expect(byName[`${SVC} TotalRequestCount`]!.timestamps).toEqual([
      "2025-11-28T09:25:00.000Z",
      "2025-11-28T09:26:00.000Z",
      "2025-11-28T09:27:00.000Z",
      "2025-11-28T09:28:00.000Z",
      "2025-11-28T09:29:00.000Z",
    ]);
    // Published per zone only: summed with metric math, under the resource dimension alone.
    const summed = byName[`${TG_A} ConnectionErrorCount`]!;
    expect(summed).toMatchObject({
      summedOverZones: true,
      dimensions: [{ name: "TargetGroup", value: tgArn(TG_A) }],
      values: [0, 0, 0, 0, 0],
    });
    const queries = requests[0]!.input.MetricDataQueries as {
      Id: string;
      Expression?: string;
      ReturnData?: boolean;
    }[];
    const sum = queries.find((q) => q.Expression);
    expect(sum?.Expression).toMatch(/^SUM\(\[m\d+,m\d+\]\)$/);
    expect(queries.filter((q) => q.ReturnData === false)).toHaveLength(2);
  });

  it("more than 500 queries go out in several requests of at most 500, together", async () => {
    const data = defaultAccount();
    const zones = Array.from({ length: 300 }, (_, i) => `use1-az${i + 1}`);
    data.cloudwatch!.metrics = ["TotalRequestCount", "HTTPCode_5XX_Count"].flatMap((name) =>
      zones.map((zone) => ({
        Namespace: "AWS/VpcLattice",
        MetricName: name,
        Dimensions: [
          { Name: "Service", Value: SVC },
          { Name: "AvailabilityZone", Value: zone },
        ],
        ...(name === "HTTPCode_5XX_Count" && zone === "use1-az7" ? { recent: [1, 0, 2, 0, 0] } : {}),
      })),
    );
    const m = mockAccount(fakeAccount(data, { pageSize: 100 }));
    const t = await run(m);
    const first = m.fake.callsOf("GetMetricData").filter((c) => c.input.NextToken === undefined);
    expect(first).toHaveLength(2);
    for (const c of first) expect((c.input.MetricDataQueries as unknown[]).length).toBeLessThanOrEqual(500);
    const errors = t.signals!.series!.find(
      (s) => s.resourceId === SVC && s.metricName === "HTTPCode_5XX_Count",
    );
    expect(errors?.values).toEqual([1, 0, 2, 0, 0]);
  });

  it("keeps the alarms naming the service or its target groups, follows DescribeAlarms pages, asks nothing per metric", async () => {
    const data = defaultAccount();
    data.cloudwatch!.alarms.push(
      {
        AlarmName: "inventory-5xx",
        StateValue: "ALARM",
        Namespace: "AWS/VpcLattice",
        MetricName: "HTTPCode_5XX_Count",
        Dimensions: [{ Name: "Service", Value: "svc-07d3a1c9e5b2f4068" }],
      },
      {
        AlarmName: "payments-tg-unhealthy",
        StateValue: "INSUFFICIENT_DATA",
        Namespace: "AWS/ApplicationELB",
        MetricName: "UnHealthyHostCount",
        Dimensions: [{ Name: "TargetGroup", Value: TG_B }],
      },
      {
        AlarmName: "payments-error-rate",
        StateValue: "OK",
        Metrics: [
          { Id: "rate", Expression: "100 * e / r", ReturnData: true },
          {
            Id: "e",
            MetricStat: {
              Metric: {
                Namespace: "AWS/VpcLattice",
                MetricName: "ConnectionErrorCount",
                Dimensions: [{ Name: "TargetGroup", Value: tgArn(TG_A) }],
              },
              Period: 60,
              Stat: "Sum",
            },
            ReturnData: false,
          },
        ],
      },
    );
    const m = mockAccount(fakeAccount(data));
    const t = await run(m);
    expect(m.fake.callsOf("DescribeAlarms").length).toBeGreaterThan(1); // one alarm per page
    expect(m.fake.callsOf("DescribeAlarms")[0]!.input.AlarmTypes).toEqual(["MetricAlarm"]);
    // Every page of DescribeAlarms holds every metric alarm: DescribeAlarmsForMetric would add nothing.
    expect(m.fake.callsOf("DescribeAlarmsForMetric")).toEqual([]);
    const alarms = t.signals!.alarms!;
    expect(alarms.map((a) => a.alarmName)).toEqual([
      "payments-5xx",
      "payments-error-rate",
      "payments-tg-unhealthy",
    ]);
    expect(alarms.find((a) => a.alarmName === "payments-error-rate")).toMatchObject({
      metricMath: true,
      expressions: ["100 * e / r"],
      metrics: [
        {
          id: "e",
          metricName: "ConnectionErrorCount",
          dimensions: [{ name: "TargetGroup", value: tgArn(TG_A) }],
        },
      ],
    });
  });

  it("reads access-log subscriptions of the service and of each network", async () => {
    const m = mockAccount();
    const t = await run(m);
    const asked = m.fake.callsOf("ListAccessLogSubscriptions").map((c) => c.input.resourceIdentifier);
    expect(asked).toEqual(expect.arrayContaining([SVC]));
    expect(asked.length).toBeGreaterThanOrEqual(3); // the service and both networks
    expect(t.signals!.accessLogSubscriptions).toEqual([
      expect.objectContaining({ resourceId: SN1, serviceNetworkLogType: "SERVICE" }),
    ]);
  });

  const denials: {
    command: unknown;
    op: string;
    part: string;
    service: "cloudwatch" | "vpc-lattice";
    missing: string;
  }[] = [
    {
      command: ListMetricsCommand,
      op: "ListMetrics",
      part: "metrics",
      service: "cloudwatch",
      missing: "metrics",
    },
    {
      command: DescribeAlarmsCommand,
      op: "DescribeAlarms",
      part: "alarms",
      service: "cloudwatch",
      missing: "alarms",
    },
    {
      command: GetMetricDataCommand,
      op: "GetMetricData",
      part: "metricData",
      service: "cloudwatch",
      missing: "series",
    },
    {
      command: ListAccessLogSubscriptionsCommand,
      op: "ListAccessLogSubscriptions",
      part: "accessLogs",
      service: "vpc-lattice",
      missing: "accessLogSubscriptions",
    },
  ];
  for (const d of denials) {
    it(`${d.service}:${d.op} denied → ReadFailure on ${d.part}, LAT-901 names the action, the checks needing it skip`, async () => {
      const m = mockAccount();
      const stub = d.service === "cloudwatch" ? m.cloudwatch : m.lattice;
      const error =
        d.service === "cloudwatch"
          ? cwDenied(d.op)
          : new VPCLatticeServiceException({
              name: "AccessDeniedException",
              $fault: "client",
              $metadata: { httpStatusCode: 403 },
              message: `not authorized to perform: vpc-lattice:${d.op}`,
            });
      stub.on(d.command as typeof ListMetricsCommand).rejects(error);
      const t = await run(m);
      expect(t.failures).toContainEqual(
        expect.objectContaining({
          part: d.part,
          call: `${d.service}:${d.op}`,
          action: `${d.service}:${d.op}`,
          kind: "access-denied",
        }),
      );
      expect((t.signals as unknown as Record<string, unknown>)[d.missing]).toBeUndefined();
      const result = runChecks(t, checks, { region: REGION });
      const lat901 = result.findings.filter((f) => f.code === "LAT-901");
      expect(JSON.stringify(lat901)).toContain(`${d.service}:${d.op}`);
      const skipped = result.checks.filter((c) => c.status === "skip").map((c) => c.code);
      expect(skipped.length).toBeGreaterThan(0);
      expect(skipped.every((c) => /^LAT-60\d$/.test(c))).toBe(true);
    });
  }

  it("ListMetrics denied: GetMetricData is not asked (nothing to ask for)", async () => {
    const m = mockAccount();
    m.cloudwatch.on(ListMetricsCommand).rejects(cwDenied("ListMetrics"));
    await run(m);
    expect(m.fake.callsOf("GetMetricData")).toHaveLength(0);
  });
});
