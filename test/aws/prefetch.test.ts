/**
 * The early stage's prefetches and their adoption (src/aws/prefetch.ts, clients.ts instrument),
 * through real SDK clients against the loopback wire server: a matching call takes the prefetched
 * answer (once), anything else is sent as before; an adopted call's error, call log entry,
 * recording and deadline are the sent call's.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  GetAuthPolicyCommand,
  GetServiceCommand,
  ListListenersCommand,
  paginateListListeners,
  type VPCLatticeClient,
} from "@aws-sdk/client-vpc-lattice";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import {
  createClients,
  DeadlineExceeded,
  prefetch,
  type CallRecord,
  type ClientOptions,
} from "../../src/aws/clients.js";
import {
  abandonPrefetches,
  closePrefetches,
  pendingPrefetches,
  unsettledPrefetches,
} from "../../src/aws/prefetch.js";
import { callFactsOf } from "../../src/aws/failures.js";
import { newRecording } from "../../src/aws/recording.js";
import { FIRST_WAVE_PAGE_SIZES } from "../../src/aws/first-wave.js";
import { LATTICE_PAGE_SIZE } from "../../src/aws/gather.js";
import { ACCESS_LOG_PAGE_SIZE } from "../../src/aws/gather-signals.js";
import { FakeAccount } from "../support/fake-account.js";
import { startWireServer, type WireServer } from "../support/wire-server.js";
import { DEMO, brokenOrdersScenario } from "../../bench/scenarios.js";

const REGION = "us-east-1";
let server: WireServer;
/** GetAuthPolicy of this id is refused; operations in `hanging` are never answered. */
const DENIED = "svc-0a1b2c3d4e5f67890";
const hanging = new Set<string>();
const saved = { ...process.env };

beforeAll(async () => {
  const scenario = brokenOrdersScenario();
  scenario.faults = [
    ...(scenario.faults ?? []),
    {
      service: "vpc-lattice",
      operation: "GetAuthPolicy",
      match: { resourceIdentifier: DENIED },
      error: {
        name: "AccessDeniedException",
        message: "User is not authorized to perform vpc-lattice:GetAuthPolicy",
      },
    },
  ];
  server = await startWireServer(new FakeAccount(scenario), {
    override: (_service, operation) => (hanging.has(operation) ? { hang: true } : undefined),
  });
  Object.assign(process.env, server.env, {
    AWS_ACCESS_KEY_ID: "AKIAWIRETEST00000000",
    AWS_SECRET_ACCESS_KEY: "wire-test-secret",
    AWS_EC2_METADATA_DISABLED: "true",
  });
});
afterAll(async () => {
  abandonPrefetches();
  await server.close();
  process.env = saved;
});
afterEach(() => {
  abandonPrefetches();
  hanging.clear();
  server.requests.length = 0;
});

/** The early stage's clients. */
const early = (options: Partial<ClientOptions> = {}) =>
  createClients({ region: REGION, maxAttempts: 1, prefetching: true, ...options });
/** The run's clients, as doctor builds them, with a call log and a count of requests out. */
function run(options: Partial<ClientOptions> = {}) {
  const callLog: CallRecord[] = [];
  const requests = { out: 0 };
  const clients = createClients({
    region: REGION,
    maxAttempts: 1,
    callLog,
    onRequest: () => requests.out++,
    ...options,
  });
  return { clients, callLog, requests };
}
const asked = (operation: string) => server.requests.filter((r) => r.operation === operation).length;
/** Waits until the server has been asked `operation` (the prefetch is on the wire). */
async function onWire(operation: string): Promise<void> {
  for (let i = 0; i < 200 && asked(operation) === 0; i++) await new Promise((r) => setTimeout(r, 5));
}

/**
 * The early stage's GetService of `id` (adoptable unless `options` says it is a hint). Its answer
 * comes wrapped: awaiting this must not await the answer.
 */
async function prefetchGetService(
  id = DEMO.service,
  options?: { adoptable?: boolean },
): Promise<{ answer: Promise<unknown> | undefined }> {
  const lattice = await early().lattice();
  const command = new GetServiceCommand({ serviceIdentifier: id });
  return { answer: prefetch(lattice, "vpc-lattice", "GetService", command, options) };
}

describe("adoption", () => {
  it("a matching call takes the prefetched answer: asked once, logged once, onRequest fired", async () => {
    await prefetchGetService();
    expect(pendingPrefetches()).toBe(1);
    await onWire("GetService");
    const { clients, callLog, requests } = run();
    const got = await (
      await clients.lattice()
    ).send(new GetServiceCommand({ serviceIdentifier: DEMO.service }));
    expect(got.id).toBe(DEMO.service);
    expect(got.name).toBe(DEMO.serviceName);
    expect(asked("GetService")).toBe(1);
    expect(callLog).toEqual([
      expect.objectContaining({ service: "vpc-lattice", operation: "GetService", ok: true }),
    ]);
    expect(requests.out).toBe(1);
    expect(pendingPrefetches()).toBe(0);
  });

  it("is adopted once: the same call again is sent", async () => {
    await prefetchGetService();
    const { clients, callLog } = run();
    const lattice = await clients.lattice();
    await lattice.send(new GetServiceCommand({ serviceIdentifier: DEMO.service }));
    await lattice.send(new GetServiceCommand({ serviceIdentifier: DEMO.service }));
    expect(asked("GetService")).toBe(2);
    expect(callLog.map((c) => c.operation)).toEqual(["GetService", "GetService"]);
  });

  it("matches a paginator's first page (its nextToken undefined, maxResults the page size) and GetCallerIdentity", async () => {
    const clients = early();
    prefetch(
      await clients.lattice(),
      "vpc-lattice",
      "ListListeners",
      new ListListenersCommand({ serviceIdentifier: DEMO.service, nextToken: undefined, maxResults: 100 }),
    );
    prefetch(await clients.sts(), "sts", "GetCallerIdentity", new GetCallerIdentityCommand({}));
    const real = run().clients;
    const pages = paginateListListeners(
      { client: await real.lattice(), pageSize: 100 },
      { serviceIdentifier: DEMO.service },
    );
    const ids: string[] = [];
    for await (const page of pages) ids.push(...(page.items ?? []).map((l) => l.id!));
    expect(ids).toContain(DEMO.listener);
    const caller = await (await real.sts()).send(new GetCallerIdentityCommand({}));
    expect(caller.Arn).toMatch(/^arn:aws:sts::\d{12}:assumed-role\//);
    expect(asked("ListListeners")).toBe(1);
    expect(asked("GetCallerIdentity")).toBe(1);
    expect(pendingPrefetches()).toBe(0);
  });

  it.each<[string, Partial<ClientOptions>]>([
    ["another region", { region: "us-west-2" }],
    ["other retries", { maxAttempts: 3 }],
    ["another attempt timeout", { requestTimeoutMs: 1234 }],
    [
      "credentials given explicitly",
      { credentials: { accessKeyId: "AKIAWIRETEST00000000", secretAccessKey: "wire-test-secret" } },
    ],
    ["the other side's clients (--label)", { label: "consumer-profile prod" }],
  ])("is never adopted by clients with %s", async (_what, options) => {
    await prefetchGetService();
    await onWire("GetService");
    const { clients, requests } = run(options);
    await (
      await clients.lattice()
    )
      .send(new GetServiceCommand({ serviceIdentifier: DEMO.service }))
      .catch(() => undefined);
    expect(pendingPrefetches()).toBe(1);
    // Sent (another region is refused by the endpoint: signed for us-west-2).
    expect(requests.out).toBe(1);
  });

  it("is never adopted under another profile or endpoint (the AWS_* environment)", async () => {
    await prefetchGetService();
    process.env.AWS_PROFILE = "prod";
    try {
      const { clients } = run();
      await (
        await clients.lattice()
      )
        .send(new GetServiceCommand({ serviceIdentifier: DEMO.service }))
        .catch(() => undefined);
    } finally {
      delete process.env.AWS_PROFILE;
    }
    expect(pendingPrefetches()).toBe(1);
  });

  it("is never adopted for another input, nor by the early stage's own clients", async () => {
    await prefetchGetService();
    const { clients } = run();
    await (
      await clients.lattice()
    )
      .send(new GetServiceCommand({ serviceIdentifier: DENIED }))
      .catch(() => undefined);
    await (await early().lattice()).send(new GetServiceCommand({ serviceIdentifier: DEMO.service }));
    expect(pendingPrefetches()).toBe(1);
    expect(asked("GetService")).toBe(3);
  });

  it("a prefetched AccessDenied is that call's AccessDenied: its error, its call log entry, where it went", async () => {
    prefetch(
      await early().lattice(),
      "vpc-lattice",
      "GetAuthPolicy",
      new GetAuthPolicyCommand({ resourceIdentifier: DENIED }),
    );
    const { clients, callLog } = run();
    const failed = await (
      await clients.lattice()
    )
      .send(new GetAuthPolicyCommand({ resourceIdentifier: DENIED }))
      .catch((e: unknown) => e);
    expect((failed as Error).name).toBe("AccessDeniedException");
    expect((failed as Error).message).toContain("vpc-lattice:GetAuthPolicy");
    expect(callFactsOf(failed).endpoint).toBe(server.endpoints["vpc-lattice"]);
    expect(callLog).toEqual([
      expect.objectContaining({ operation: "GetAuthPolicy", ok: false, errorCode: "AccessDeniedException" }),
    ]);
    expect(asked("GetAuthPolicy")).toBe(1);
  });

  it("--record records an adopted call as a sent one", async () => {
    await prefetchGetService();
    const recording = newRecording({
      input: DEMO.service,
      region: REGION,
      recordedAt: "2026-12-07T23:00:00.000Z",
    });
    const { clients } = run({ recording });
    await (await clients.lattice()).send(new GetServiceCommand({ serviceIdentifier: DEMO.service }));
    expect(recording.calls).toEqual([
      expect.objectContaining({
        service: "vpc-lattice",
        operation: "GetService",
        input: { serviceIdentifier: DEMO.service },
        output: expect.objectContaining({ id: DEMO.service, name: DEMO.serviceName }),
      }),
    ]);
    expect(asked("GetService")).toBe(1);
  });

  it("the run's deadline aborts an adopted call still unanswered: DeadlineExceeded, and the request is aborted", async () => {
    hanging.add("GetService");
    await prefetchGetService();
    await onWire("GetService");
    const controller = new AbortController();
    const { clients, callLog } = run({ deadline: { signal: controller.signal, label: "2s" } });
    const lattice: VPCLatticeClient = await clients.lattice();
    const sending = lattice
      .send(new GetServiceCommand({ serviceIdentifier: DEMO.service }))
      .catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 20);
    const failed = await sending;
    expect(failed).toBeInstanceOf(DeadlineExceeded);
    expect((failed as Error).message).toContain("--timeout 2s");
    expect(callLog).toEqual([expect.objectContaining({ ok: false, errorCode: "DeadlineExceeded" })]);
    expect(unsettledPrefetches()).toBe(0);
  });
});

describe("a hint (adoptable: false)", () => {
  it("is sent but never adopted: the run sends its own, nothing waits to be adopted", async () => {
    const { answer: hint } = await prefetchGetService(DEMO.service, { adoptable: false });
    expect(pendingPrefetches()).toBe(0);
    expect(await hint).toMatchObject({ id: DEMO.service });
    const { clients, requests } = run();
    await (await clients.lattice()).send(new GetServiceCommand({ serviceIdentifier: DEMO.service }));
    expect(asked("GetService")).toBe(2);
    expect(requests.out).toBe(1);
  });

  it("is aborted with the prefetches: its request ends, no unhandled rejection", async () => {
    hanging.add("GetService");
    const { answer: hint } = await prefetchGetService(DEMO.service, { adoptable: false });
    await onWire("GetService");
    abandonPrefetches();
    await expect(hint).rejects.toThrow();
  });
});

describe("abandoned prefetches", () => {
  it("are aborted: nothing left unanswered, no unhandled rejection", async () => {
    hanging.add("GetService");
    await prefetchGetService();
    await onWire("GetService");
    expect(unsettledPrefetches()).toBe(1);
    abandonPrefetches();
    expect(pendingPrefetches()).toBe(0);
  });
});

it("once closed (main has returned), nothing more is prefetched", async () => {
  const lattice = await early().lattice();
  closePrefetches();
  const sent = prefetch(
    lattice,
    "vpc-lattice",
    "GetService",
    new GetServiceCommand({ serviceIdentifier: DEMO.service }),
  );
  expect(sent).toBeUndefined();
  expect(pendingPrefetches()).toBe(0);
  expect(asked("GetService")).toBe(0);
});

it("the first wave asks gather's page sizes", () => {
  expect(FIRST_WAVE_PAGE_SIZES).toEqual({ lattice: LATTICE_PAGE_SIZE, accessLogs: ACCESS_LOG_PAGE_SIZE });
});
