/**
 * Access-log benchmark (issue 17): a window with 100,000 failed requests in one CloudWatch Logs
 * log group, read through the real SDK against the loopback wire server at 50 ms per call.
 *
 *   npm run bench:logs                  # build, then node dist/bench/logs-bench.js
 *   node dist/bench/logs-bench.js --events 100000 --delay 50
 *
 * The wire server runs in a child process (it stands for AWS: its memory is not the tool's), its
 * log group making each event when asked (bench/fake-logs.ts); the peak RSS measured is the
 * reader's own process: pages stream through the GroupAccumulator and only groups stay. Prints
 * wall time, FilterLogEvents pages, groups and peak RSS, then one JSON line.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createClients } from "../src/aws/clients.js";
import { readFailedRequests } from "../src/aws/gather-logs.js";
import { startWireServer } from "../test/support/wire-server.js";
import { FakeAccessLogs, type FakeLogGroup } from "../test/support/fake/logs.js";
import { flag, WIRE_CREDENTIALS } from "./support.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const REGION = "us-east-1";
const ACCOUNT = "111122223333";
const SERVICE = "svc-0e5b4c6a2d1f83a97";
const LOG_GROUP = "/aws/vendedlogs/vpclattice/orders-api";
const WINDOW = { start: "2026-03-02T10:00:00.000Z", end: "2026-03-02T10:15:00.000Z" };
/** Peak RSS of `lattice doctor` before this issue (bench:gather), for comparison. */
const RSS_BUDGET_MB = 150;
/**
 * What reading may add to the loaded program: one page (≤ 1 MB of messages) in flight and its
 * parse, whatever the window holds (20,000 and 100,000 events measure the same peak).
 */
const READ_GROWTH_BUDGET_MB = 50;

/** `count` failed requests spread over the window: 40 callers × 3 ways of failing, 8 targets. */
function logGroup(count: number): FakeLogGroup {
  const start = Date.parse(WINDOW.start);
  const step = (Date.parse(WINDOW.end) - start) / count;
  return {
    count,
    event(i) {
      const timestamp = Math.floor(start + i * step);
      const caller = `arn:aws:sts::${ACCOUNT}:assumed-role/client-${i % 40}/i-0a1b2c3d4e5f6${String(i % 1000).padStart(4, "0")}`;
      const kind = i % 3;
      const message = JSON.stringify({
        startTime: new Date(timestamp).toISOString(),
        requestId: `5e1d7f0a-${String(i).padStart(8, "0")}-4a8b-9c3d-2f6e8a0b1c4d`,
        serviceArn: `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:service/${SERVICE}`,
        hostHeader: `orders-api-0b7c1d2e3f4a5b6c7.7d67968.vpc-lattice-svcs.${REGION}.on.aws`,
        protocol: "HTTP/1.1",
        requestMethod: kind === 2 ? "POST" : "GET",
        requestPath: `/orders/${i % 500}`,
        responseCode: kind === 0 ? 403 : kind === 1 ? 502 : 504,
        authDeniedReason: kind === 0 ? "Service" : "-",
        failureReason:
          kind === 0 ? "ClientAccessDenied" : kind === 1 ? "TargetConnectionError" : "TargetDataTimeout",
        callerPrincipal: caller,
        callerPrincipalOrgID: "o-a1b2c3d4e5",
        sourceVpcArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/vpc-0c11e0000000000b${i % 4}`,
        sourceIpPort: `10.20.${i % 250}.${i % 200}:5${String(i % 10000).padStart(4, "0")}`,
        targetIpPort: kind === 0 ? "-" : `10.30.2.${40 + (i % 8)}:8080`,
        targetGroupArn:
          kind === 0 ? "-" : `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:targetgroup/tg-0a9b8c7d6e5f40321`,
        duration: 12 + (i % 40),
        requestToTargetDuration: kind === 0 ? "-" : 2,
        responseFromTargetDuration: kind === 0 ? "-" : 9,
        userAgent: "okhttp/4.12.0",
      });
      return { timestamp, message };
    },
  };
}

/** The child: serves the log group until its parent says "close", then reports its requests. */
async function serve(events: number, delayMs: number): Promise<void> {
  const fake = new FakeAccessLogs({ logGroups: { [LOG_GROUP]: logGroup(events) } }, undefined, { delayMs });
  const server = await startWireServer(fake);
  process.send!({ env: server.env });
  process.on("message", async () => {
    const pages = server.requests.filter((r) => r.operation === "FilterLogEvents").length;
    await server.close();
    process.send!({ pages, problems: server.problems }, () => process.exit(0));
  });
}

function startServer(events: number, delayMs: number) {
  const child = fork(fileURLToPath(import.meta.url), [
    "--serve",
    "--events",
    String(events),
    "--delay",
    String(delayMs),
  ]);
  const next = <T>() => new Promise<T>((resolve) => child.once("message", (m) => resolve(m as T)));
  return {
    ready: next<{ env: Record<string, string> }>(),
    close: async () => {
      const done = next<{ pages: number; problems: string[] }>();
      child.send("close");
      return done;
    },
  };
}

async function main(): Promise<void> {
  const events = flag("events", 100_000);
  const delayMs = flag("delay", 50);
  const server = startServer(events, delayMs);
  const { env } = await server.ready;
  Object.assign(process.env, env, WIRE_CREDENTIALS, { AWS_EC2_METADATA_DISABLED: "true" });
  delete process.env.AWS_PROFILE;
  const clients = createClients({ region: REGION });
  await clients.logs!();
  // Before any read: the program with its SDK clients loaded (what every run pays).
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const { failedRequests, failures } = await readFailedRequests(
    clients,
    [
      {
        id: "als-0c4e1a7b3d9f25e60",
        arn: `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:accesslogsubscription/als-0c4e1a7b3d9f25e60`,
        resourceId: SERVICE,
        destinationArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${LOG_GROUP}:*`,
      },
    ],
    { window: WINDOW, limit: events },
    { region: REGION, accountId: ACCOUNT },
  );
  const wallMs = performance.now() - started;
  clearInterval(sampler);
  const { pages, problems } = await server.close();
  const maxRssMb = Math.max(peak, process.resourceUsage().maxRSS * 1024) / 1048576;
  const result = {
    events,
    delayMs,
    wallMs: Math.round(wallMs),
    pages,
    matched: failedRequests.total,
    groups: failedRequests.groups.length,
    truncated: failedRequests.sources[0]?.truncated ?? false,
    failures: failures.length,
    serverProblems: problems.length,
    baselineRssMb: Math.round(baseline / 1048576),
    peakRssMb: Math.round(maxRssMb),
    heapUsedAfterMb: Math.round(process.memoryUsage().heapUsed / 1048576),
    rssBudgetMb: RSS_BUDGET_MB,
    readGrowthBudgetMb: READ_GROWTH_BUDGET_MB,
  };
  console.log(`events read       ${result.matched} of ${events} (${result.groups} groups)`);
  console.log(`pages             ${pages} FilterLogEvents calls at ${delayMs} ms`);
  console.log(`wall time         ${result.wallMs} ms`);
  console.log(
    `peak RSS          ${result.peakRssMb} MB (budget ${RSS_BUDGET_MB} MB; ${result.baselineRssMb} MB with the clients loaded, before reading)`,
  );
  console.log(JSON.stringify(result));
  const growth = result.peakRssMb - result.baselineRssMb;
  if (failures.length || problems.length || result.matched !== events || growth > READ_GROWTH_BUDGET_MB)
    process.exitCode = 1;
}

if (process.argv.includes("--serve")) await serve(flag("events", 100_000), flag("delay", 50));
else await main();
