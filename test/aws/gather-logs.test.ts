/**
 * The access-log reads (src/aws/gather-logs.ts) through the real SDK clients against the loopback
 * wire server (CloudWatch Logs JSON 1.1, S3 REST-XML path-style), answered by bench/fake-logs.ts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createClients } from "../../src/aws/clients.js";
import { readFailedRequests, s3DayPrefixes } from "../../src/aws/gather-logs.js";
import { gather } from "../../src/aws/gather.js";
import { Replayer, newRecording, parseRecording } from "../../src/aws/recording.js";
import type { AccessLogSubscription } from "../../src/topology/types.js";
import { FakeAccessLogs, gzipLines, type FakeLogEvent } from "../support/fake/logs.js";
import { FakeAccount } from "../support/fake-account.js";
import { ACCOUNT, DEMO, REGION, healthyOrdersScenario, latticeArn } from "../../bench/scenarios.js";
import { startWireServer, type WireServer } from "../support/wire-server.js";

const SVC = DEMO.service;
const SVC_ARN = latticeArn("service", SVC);
const LOG_GROUP = "/aws/vendedlogs/vpclattice/orders-api";
const BUCKET = `lattice-access-logs-${ACCOUNT}`;
const SERVICE_ROLE = `arn:aws:sts::${ACCOUNT}:assumed-role/checkout-api/i-0a1b2c3d4e5f60001`;
const NETWORK_ROLE = "arn:aws:sts::444455556666:assumed-role/reporting/i-0f9e8d7c6b5a40002";
const VPC_A = "vpc-0c11e0000000000b1";
const VPC_B = "vpc-0c11e0000000000b2";

const cwSubscription: AccessLogSubscription = {
  id: "als-0c4e1a7b3d9f25e60",
  arn: `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:accesslogsubscription/als-0c4e1a7b3d9f25e60`,
  resourceId: SVC,
  resourceArn: SVC_ARN,
  destinationArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${LOG_GROUP}:*`,
};
const s3Subscription: AccessLogSubscription = {
  id: "als-0d5f2b8c4e0a36f71",
  arn: `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:accesslogsubscription/als-0d5f2b8c4e0a36f71`,
  resourceId: SVC,
  resourceArn: SVC_ARN,
  destinationArn: `arn:aws:s3:::${BUCKET}/lattice`,
};
const firehoseSubscription: AccessLogSubscription = {
  id: "als-0e6a3c9d5f1b47a82",
  resourceId: SVC,
  destinationArn: `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/orders-access-logs`,
};

let sequence = 0;
/** One access-log line as Lattice writes it (unset values as "-", durations as the log has them). */
function logLine(at: number, fields: Record<string, unknown>): Record<string, unknown> {
  sequence++;
  return {
    startTime: new Date(at).toISOString().replace(/\.\d{3}Z$/, "Z"),
    requestId: `5e1d7f0a-${String(sequence).padStart(4, "0")}-4a8b-9c3d-2f6e8a0b1c4d`,
    serviceArn: SVC_ARN,
    serviceNetworkArn: latticeArn("servicenetwork", DEMO.serviceNetwork),
    hostHeader: `orders-api-0b7c1d2e3f4a5b6c7.7d67968.vpc-lattice-svcs.${REGION}.on.aws`,
    protocol: "HTTP/1.1",
    requestMethod: "GET",
    requestPath: "/orders/42",
    responseCode: 200,
    authDeniedReason: "-",
    failureReason: "-",
    callerPrincipal: SERVICE_ROLE,
    callerPrincipalOrgID: "-",
    sourceVpcArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/${VPC_A}`,
    sourceIpPort: "10.20.1.15:51522",
    targetIpPort: "10.30.2.40:8080",
    targetGroupArn: latticeArn("targetgroup", DEMO.targetGroup),
    duration: 12,
    requestToTargetDuration: 2,
    responseFromTargetDuration: 9,
    userAgent: "okhttp/4.12.0",
    ...fields,
  };
}

const denied403 = {
  responseCode: 403,
  authDeniedReason: "Service",
  failureReason: "ClientAccessDenied",
  targetIpPort: "-",
  targetGroupArn: "-",
  requestToTargetDuration: "-",
  responseFromTargetDuration: "-",
};
const deniedByNetwork = {
  ...denied403,
  authDeniedReason: "Network",
  callerPrincipal: NETWORK_ROLE,
  sourceVpcArn: `arn:aws:ec2:${REGION}:444455556666:vpc/${VPC_B}`,
  requestMethod: "POST",
  requestPath: "/reports",
};
const connectionError = {
  responseCode: 502,
  failureReason: "TargetConnectionError",
  targetIpPort: "10.30.2.41:8080",
  requestToTargetDuration: "-",
  responseFromTargetDuration: "-",
};

const WINDOW = { start: "2026-03-02T10:00:00.000Z", end: "2026-03-02T10:15:00.000Z" };
const START = Date.parse(WINDOW.start);

/** 6,000 events across the window and a minute either side: 2/3 succeed, the rest fail three ways. */
function busyLogGroup(): FakeLogEvent[] {
  const events: FakeLogEvent[] = [];
  for (let i = 0; i < 6000; i++) {
    const at = START - 60_000 + i * 170; // 10:59:00 … 10:16:00
    const kind = i % 6;
    const fields = kind === 1 ? denied403 : kind === 3 ? deniedByNetwork : kind === 5 ? connectionError : {};
    events.push({ timestamp: at, message: JSON.stringify(logLine(at, fields)) });
  }
  return events;
}

let server: WireServer | undefined;

async function serve(fake: FakeAccessLogs | FakeAccount): Promise<WireServer> {
  server = await startWireServer(fake);
  vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIAWIRETEST00000000");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "wire-test-secret");
  vi.stubEnv("AWS_SESSION_TOKEN", "");
  vi.stubEnv("AWS_PROFILE", "");
  vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
  for (const [k, v] of Object.entries(server.env)) vi.stubEnv(k, v);
  return server;
}

beforeAll(() => {
  sequence = 0;
});
afterEach(async () => {
  vi.unstubAllEnvs();
  if (server) {
    expect(server.problems).toEqual([]);
    await server.close();
  }
  server = undefined;
});
afterAll(() => vi.unstubAllEnvs());

const context = { region: REGION, accountId: ACCOUNT };

describe("CloudWatch Logs: FilterLogEvents over the wire", () => {
  it("follows every page, keeps only the window's failed requests and groups them", async () => {
    const fake = new FakeAccessLogs({ logGroups: { [LOG_GROUP]: busyLogGroup() } });
    const wire = await serve(fake);
    const clients = createClients({ region: REGION, maxAttempts: 1 });
    const { failedRequests, failures } = await readFailedRequests(
      clients,
      [cwSubscription],
      { window: WINDOW, limit: 10_000 },
      context,
    );
    expect(failures).toEqual([]);
    const calls = wire.requests.filter((r) => r.operation === "FilterLogEvents");
    expect(calls.length).toBeGreaterThan(1);
    expect(calls[0]!.input).toMatchObject({
      logGroupName: LOG_GROUP,
      startTime: START,
      endTime: Date.parse(WINDOW.end),
      limit: 10_000,
    });
    expect(calls[0]!.input.filterPattern).toContain("$.responseCode >= 400");
    expect(calls[1]!.input.nextToken).toBeDefined();
    // 15 min / 170 ms ≈ 5294 events in the window, every second one failed, split three ways.
    const inWindow = Array.from({ length: 6000 }, (_, i) => START - 60_000 + i * 170).filter(
      (t) => t >= START && t < Date.parse(WINDOW.end),
    ).length;
    expect(failedRequests.total).toBeGreaterThan(inWindow / 2 - 3);
    expect(failedRequests.total).toBeLessThan(inWindow / 2 + 3);
    expect(
      failedRequests.groups.map((g) => [
        g.responseCode,
        g.authDeniedReason,
        g.failureReason,
        g.callerPrincipal,
        g.sourceVpcId,
        g.targetIpPort,
      ]),
    ).toEqual(
      expect.arrayContaining([
        [403, "Service", "ClientAccessDenied", SERVICE_ROLE, VPC_A, undefined],
        [403, "Network", "ClientAccessDenied", NETWORK_ROLE, VPC_B, undefined],
        [502, undefined, "TargetConnectionError", SERVICE_ROLE, VPC_A, "10.30.2.41:8080"],
      ]),
    );
    expect(failedRequests.groups).toHaveLength(3);
    const network = failedRequests.groups.find((g) => g.authDeniedReason === "Network")!;
    expect(network).toMatchObject({ requestMethod: "POST", requestPath: "/reports" });
    expect(network.sampleRequestIds).toHaveLength(3);
    expect(Date.parse(network.firstSeen)).toBeGreaterThanOrEqual(START);
    expect(Date.parse(network.lastSeen)).toBeLessThan(Date.parse(WINDOW.end));
    expect(failedRequests.sources).toEqual([
      expect.objectContaining({
        kind: "cloudwatch-logs",
        status: "read",
        truncated: false,
        matched: failedRequests.total,
      }),
    ]);
  });

  it("sends the status as a filter pattern and stops at the limit (truncated)", async () => {
    const fake = new FakeAccessLogs({ logGroups: { [LOG_GROUP]: busyLogGroup() } });
    const wire = await serve(fake);
    const clients = createClients({ region: REGION, maxAttempts: 1 });
    const { failedRequests } = await readFailedRequests(
      clients,
      [cwSubscription],
      { window: WINDOW, status: "403", limit: 100 },
      context,
    );
    expect(wire.requests[0]!.input.filterPattern).toBe("{ $.responseCode = 403 }");
    expect(failedRequests.status).toBe("403");
    expect(failedRequests.total).toBe(100);
    expect(failedRequests.groups.every((g) => g.responseCode === 403)).toBe(true);
    expect(failedRequests.sources[0]).toMatchObject({ matched: 100, truncated: true });
  });

  it("--request-id finds the one entry", async () => {
    const events = busyLogGroup();
    const wanted = JSON.parse(events[2001]!.message) as { requestId: string; responseCode: number };
    expect(wanted.responseCode).toBe(403);
    const fake = new FakeAccessLogs({ logGroups: { [LOG_GROUP]: events } });
    const wire = await serve(fake);
    const clients = createClients({ region: REGION, maxAttempts: 1 });
    const { failedRequests } = await readFailedRequests(
      clients,
      [cwSubscription],
      { window: WINDOW, requestId: wanted.requestId },
      context,
    );
    expect(wire.requests[0]!.input.filterPattern).toBe(`{ $.requestId = "${wanted.requestId}" }`);
    expect(failedRequests.entry).toMatchObject({
      requestId: wanted.requestId,
      responseCode: 403,
      authDeniedReason: "Network",
      callerPrincipal: NETWORK_ROLE,
      sourceVpcId: VPC_B,
    });
    expect(failedRequests.entry?.targetIpPort).toBeUndefined(); // "-" in the log
    expect(failedRequests.total).toBe(1);
    expect(failedRequests.sources[0]!.truncated).toBe(false);
  });

  it("an empty window reads nothing and says so", async () => {
    const fake = new FakeAccessLogs({ logGroups: { [LOG_GROUP]: busyLogGroup() } });
    await serve(fake);
    const clients = createClients({ region: REGION, maxAttempts: 1 });
    const window = { start: "2026-03-02T11:00:00.000Z", end: "2026-03-02T11:15:00.000Z" };
    const { failedRequests, failures } = await readFailedRequests(
      clients,
      [cwSubscription, firehoseSubscription],
      { window },
      context,
    );
    expect(failures).toEqual([]);
    expect(failedRequests).toMatchObject({ window, groups: [], total: 0 });
    expect(failedRequests.sources.map((s) => [s.kind, s.status, s.scanned])).toEqual([
      ["cloudwatch-logs", "read", 0],
      ["firehose", "not-readable", 0],
    ]);
  });
});

describe("S3: ListObjectsV2 + GetObject (gzip) over the wire", () => {
  const late = Date.parse("2026-03-02T23:55:00.000Z");
  const window = { start: "2026-03-02T23:50:00.000Z", end: "2026-03-03T00:10:00.000Z" };
  const dayPrefix = (day: string) => `lattice/AWSLogs/${ACCOUNT}/VpcLattice/AccessLogs/${REGION}/${day}/`;

  function bucket() {
    const objects = [];
    // Many small objects before midnight, under the resource-id folder (paged at 2 keys a page).
    for (let i = 0; i < 5; i++) {
      const at = late + i * 60_000;
      objects.push({
        key: `${dayPrefix("2026/03/02")}${SVC}/${ACCOUNT}_vpclatticeaccesslogs_${REGION}_20260302T23${55 + i}Z_${i}.json.gz`,
        lastModified: new Date(at + 120_000).toISOString(),
        body: gzipLines([
          logLine(at, denied403),
          logLine(at + 1000, {}),
          logLine(at - 30 * 60_000, denied403),
        ]),
      });
    }
    // After midnight, directly under the day (no resource-id folder): both layouts are read.
    objects.push({
      key: `${dayPrefix("2026/03/03")}${ACCOUNT}_vpclatticeaccesslogs_${REGION}_20260303T0005Z_a.json.gz`,
      lastModified: "2026-03-03T00:07:00.000Z",
      body: gzipLines([
        logLine(Date.parse("2026-03-03T00:04:00.000Z"), connectionError),
        logLine(Date.parse("2026-03-03T00:30:00.000Z"), connectionError),
      ]),
    });
    // Another service's log in the same bucket: not ours.
    objects.push({
      key: `${dayPrefix("2026/03/03")}svc-07d3a1c9e5b2f4068/${ACCOUNT}_vpclatticeaccesslogs_${REGION}_20260303T0005Z_b.json.gz`,
      lastModified: "2026-03-03T00:07:00.000Z",
      body: gzipLines([logLine(Date.parse("2026-03-03T00:04:00.000Z"), denied403)]),
    });
    // Written the day before: cannot hold the window's requests, never fetched.
    objects.push({
      key: `${dayPrefix("2026/03/02")}${SVC}/${ACCOUNT}_vpclatticeaccesslogs_${REGION}_20260302T0900Z_old.json.gz`,
      lastModified: "2026-03-02T09:02:00.000Z",
      body: gzipLines([logLine(Date.parse("2026-03-02T09:00:00.000Z"), denied403)]),
    });
    return objects;
  }

  it("lists both days of a window across midnight, pages, gunzips and drops entries outside the window", async () => {
    const fake = new FakeAccessLogs({ buckets: { [BUCKET]: bucket() } }, undefined, { listPageSize: 2 });
    const wire = await serve(fake);
    const clients = createClients({ region: REGION, maxAttempts: 1 });
    const { failedRequests, failures } = await readFailedRequests(
      clients,
      [s3Subscription],
      { window },
      context,
    );
    expect(failures).toEqual([]);
    const lists = wire.requests.filter((r) => r.operation === "ListObjectsV2");
    expect(lists.map((r) => r.input.Prefix)).toEqual(
      expect.arrayContaining([dayPrefix("2026/03/02"), dayPrefix("2026/03/03")]),
    );
    expect(lists.some((r) => r.input.ContinuationToken)).toBe(true);
    // Path-style: the bucket is the first path segment under the endpoint.
    expect(lists[0]!.path).toMatch(new RegExp(`^/${BUCKET}/?$`));
    const gets = wire.requests.filter((r) => r.operation === "GetObject").map((r) => r.input.Key as string);
    expect(gets).toHaveLength(6);
    expect(gets.some((k) => k.includes("svc-07d3a1c9e5b2f4068") || k.endsWith("_old.json.gz"))).toBe(false);
    expect(failedRequests.total).toBe(6); // five 403s before midnight, one 502 after
    expect(failedRequests.groups.map((g) => [g.responseCode, g.count])).toEqual([
      [403, 5],
      [502, 1],
    ]);
    expect(failedRequests.groups[1]!.firstSeen).toBe("2026-03-03T00:04:00.000Z");
    expect(failedRequests.sources[0]).toMatchObject({
      kind: "s3",
      status: "read",
      scanned: 17,
      matched: 6,
      truncated: false,
    });
  });

  it("day prefixes: one day, or two across midnight (and the next while delivery may still write it)", () => {
    const base = `AWSLogs/${ACCOUNT}/VpcLattice/AccessLogs/${REGION}/`;
    expect(
      s3DayPrefixes("", ACCOUNT, REGION, {
        start: Date.parse("2026-03-02T10:00:00Z"),
        end: Date.parse("2026-03-02T10:15:00Z"),
      }),
    ).toEqual([`${base}2026/03/02/`]);
    expect(
      s3DayPrefixes("p", ACCOUNT, REGION, {
        start: Date.parse("2026-03-02T23:50:00Z"),
        end: Date.parse("2026-03-03T00:10:00Z"),
      }),
    ).toEqual([`p/${base}2026/03/02/`, `p/${base}2026/03/03/`]);
    expect(
      s3DayPrefixes("", ACCOUNT, REGION, {
        start: Date.parse("2026-03-02T23:40:00Z"),
        end: Date.parse("2026-03-02T23:55:00Z"),
      }),
    ).toEqual([`${base}2026/03/02/`, `${base}2026/03/03/`]);
  });

  it("--record keeps the gzip bodies (base64) and --replay reads them back to the same groups", async () => {
    const fake = new FakeAccessLogs({ buckets: { [BUCKET]: bucket() } });
    await serve(fake);
    const recording = newRecording({ input: SVC, region: REGION });
    const live = await readFailedRequests(
      createClients({ region: REGION, maxAttempts: 1, recording }),
      [s3Subscription, cwSubscription],
      { window },
      context,
    );
    const file = parseRecording(JSON.stringify(recording), "test");
    const get = file.calls.find((c) => c.operation === "GetObject")!;
    expect(get.output?.Body).toEqual({ $base64: expect.stringMatching(/^H4sI/) }); // gzip magic, base64
    const replayed = await readFailedRequests(
      createClients({ region: REGION, replayer: new Replayer(file) }),
      [s3Subscription, cwSubscription],
      { window },
      context,
    );
    expect(replayed.failedRequests).toEqual(live.failedRequests);
    expect(live.failures.map((f) => f.call)).toEqual(["logs:FilterLogEvents"]); // no such log group here
    expect(replayed.failures.map((f) => [f.call, f.errorCode])).toEqual(
      live.failures.map((f) => [f.call, f.errorCode]),
    );
  });
});

describe("doctor's gather reads the window's failed requests", () => {
  const now = new Date("2025-11-28T09:30:00.000Z");
  const logGroup = "/aws/vendedlogs/vpclattice/orders-api";

  function scenario(deny: boolean) {
    const s = healthyOrdersScenario();
    const start = Date.parse("2025-11-28T09:15:00.000Z");
    s.accessLogData = {
      logGroups: {
        [logGroup]: Array.from({ length: 30 }, (_, i) => {
          const at = start + i * 20_000;
          return { timestamp: at, message: JSON.stringify(logLine(at, i % 3 === 0 ? denied403 : {})) };
        }),
      },
    };
    if (deny)
      s.faults = [
        ...(s.faults ?? []),
        {
          service: "logs",
          operation: "FilterLogEvents",
          error: {
            name: "AccessDeniedException",
            message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/OnCallReadOnly/jane.doe is not authorized to perform: logs:FilterLogEvents on resource: arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${logGroup}:log-stream: because no identity-based policy allows the logs:FilterLogEvents action`,
            httpStatusCode: 400,
          },
        },
      ];
    return s;
  }

  it("puts them in signals.failedRequests", async () => {
    await serve(new FakeAccount(scenario(false)));
    const clients = createClients({ region: REGION, maxAttempts: 1 });
    const topology = await gather({ clients, region: REGION, serviceId: DEMO.service, now });
    expect(topology.failures).toEqual([]);
    expect(topology.signals?.failedRequests).toMatchObject({
      window: { start: "2025-11-28T09:15:00.000Z", end: "2025-11-28T09:30:00.000Z" },
      total: 10,
      groups: [
        expect.objectContaining({
          responseCode: 403,
          authDeniedReason: "Service",
          count: 10,
          callerPrincipal: SERVICE_ROLE,
        }),
      ],
    });
  });

  it("logs: false reads none", async () => {
    const wire = await serve(new FakeAccount(scenario(false)));
    const clients = createClients({ region: REGION, maxAttempts: 1 });
    const topology = await gather({ clients, region: REGION, serviceId: DEMO.service, now, logs: false });
    expect(topology.signals?.failedRequests).toBeUndefined();
    expect(topology.signals?.accessLogSubscriptions).toHaveLength(1);
    expect(wire.operations()).not.toContain("logs:FilterLogEvents");
  });

  it("a denied logs:FilterLogEvents is a ReadFailure of accessLogEntries naming the action; the rest stands", async () => {
    await serve(new FakeAccount(scenario(true)));
    const clients = createClients({ region: REGION, maxAttempts: 1 });
    const topology = await gather({ clients, region: REGION, serviceId: DEMO.service, now });
    expect(topology.failures).toEqual([
      expect.objectContaining({
        part: "accessLogEntries",
        call: "logs:FilterLogEvents",
        action: "logs:FilterLogEvents",
        resource: logGroup,
        kind: "access-denied",
        errorCode: "AccessDeniedException",
      }),
    ]);
    expect(topology.service.name).toBe("orders-api");
    expect(Object.keys(topology.targetGroups ?? {})).toHaveLength(1);
    expect(topology.signals?.series?.length).toBeGreaterThan(0);
    expect(topology.signals?.failedRequests?.sources).toEqual([
      expect.objectContaining({ kind: "cloudwatch-logs", status: "failed" }),
    ]);
    expect(topology.signals?.failedRequests?.total).toBe(0);
  });
});
