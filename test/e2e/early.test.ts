/**
 * The early stage over the real wire (bin/lattice.js → dist/bundle/early.mjs, needs `npm run build`):
 * `lattice doctor svc-…`'s first Lattice reads and GetCallerIdentity leave before the CLI's entry
 * is evaluated, each read (those it follows too) is asked exactly as often as without it (the run
 * adopts it), and the findings, the calls block,
 * --record / --replay and usage errors are what they are without it (LATTICE_DOCTOR_NO_EARLY=1).
 * The preload test/support/early-probe.mjs logs, in the child, each HTTP request started and the
 * moment dist/bundle/cli.mjs is evaluated.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { FakeAccount } from "../support/fake-account.js";
import { startWireServer, type WireServer, type WireOverride } from "../support/wire-server.js";
import { wireEnv } from "../support/wire-env.js";
import { BIN, LOOPBACK_GUARD } from "../support/spawn-bin.js";
import { expectValidReport } from "../support/validate-report.js";
import { DEMO, SYNTHETIC_SERVICE, brokenOrdersScenario, syntheticScenario } from "../../bench/scenarios.js";
import type { Scenario } from "../support/fake-account.js";
import type { Report } from "../../src/report/types.js";

const PROBE = pathToFileURL(resolve("test/support/early-probe.mjs")).href;
/** gather's reads at t=0 that the early stage sends (the service's own: GetAuthPolicy and ListAccessLogSubscriptions of the service). */
const FIRST_WAVE = [
  "sts:GetCallerIdentity",
  "vpc-lattice:GetAuthPolicy",
  "vpc-lattice:GetService",
  "vpc-lattice:ListAccessLogSubscriptions",
  "vpc-lattice:ListListeners",
  "vpc-lattice:ListServiceNetworkServiceAssociations",
];
/** The early stage's hint (first-wave.ts): asked once with it, never without; in no report. */
const HINT = "vpc-lattice:ListTargetGroups";

const servers: WireServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(
  override?: (service: string, operation: string) => WireOverride | undefined,
  scenario: Scenario = brokenOrdersScenario(),
  delayMs = 50,
) {
  const server = await startWireServer(new FakeAccount(scenario, { delayMs }), {
    ...(override ? { override } : {}),
  });
  servers.push(server);
  return server;
}

interface Probed {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** The child's log: `<ms> request <path>` and `<ms> cli.js`. */
  probe: { ms: number; what: string }[];
}

async function lattice(args: string[], env: Record<string, string>, early = true): Promise<Probed> {
  const dir = await mkdtemp(join(tmpdir(), "lattice-early-"));
  const log = join(dir, "probe.log");
  const started = performance.now();
  const run = await new Promise<Omit<Probed, "probe">>((done, fail) => {
    const child = spawn(process.execPath, ["--import", LOOPBACK_GUARD, "--import", PROBE, BIN, ...args], {
      env: { ...env, LATTICE_PROBE_LOG: log, ...(early ? {} : { LATTICE_DOCTOR_NO_EARLY: "1" }) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("error", fail);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
  const text = existsSync(log) ? await readFile(log, "utf8") : "";
  const probe = text
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [ms, ...what] = line.split(" ");
      return { ms: Number(ms), what: what.join(" ") };
    });
  return { ...run, probe };
}

function report(run: Probed): Report {
  const parsed: unknown = JSON.parse(run.stdout);
  expectValidReport(parsed);
  return parsed as Report;
}

/** How many times each `service:Operation` was asked, sorted (the early stage's hint apart: `hints`). */
const perOperation = (server: WireServer) => {
  const counts = new Map<string, number>();
  for (const { service, operation } of server.requests)
    counts.set(`${service}:${operation}`, (counts.get(`${service}:${operation}`) ?? 0) + 1);
  const hints = counts.get(HINT) ?? 0;
  counts.delete(HINT);
  return { hints, counts: new Map([...counts].sort(([a], [b]) => (a < b ? -1 : 1))) };
};
/** Where in the order of arrival `operation` was first asked. */
const firstAsked = (server: WireServer, operation: string) =>
  server.requests.findIndex((r) => r.operation === operation);
const lastAsked = (server: WireServer, operation: string) =>
  server.requests.map((r) => r.operation).lastIndexOf(operation);
const firstOf = (run: Probed, what: string) => run.probe.find((p) => p.what.startsWith(what))?.ms;

describe.skipIf(!existsSync("dist/bundle/early.mjs"))("the early stage", () => {
  it("sends the first wave before the CLI is loaded, each read once; same findings and calls as without it", async () => {
    const server = await serve();
    const env = await wireEnv(server);
    const withEarly = await lattice(["doctor", DEMO.service, "--output", "json"], env);
    expect(withEarly.code, withEarly.stderr).toBe(1);
    // The first request started before the CLI's entry was evaluated.
    expect(firstOf(withEarly, "request")!).toBeLessThan(firstOf(withEarly, "cli.js")!);
    for (const op of FIRST_WAVE)
      expect(
        server.requests.filter(
          (r) =>
            `${r.service}:${r.operation}` === op &&
            (op.startsWith("sts:") || Object.values(r.input).includes(DEMO.service)),
        ).length,
        op,
      ).toBe(1);
    const withCounts = perOperation(server);
    expect(withCounts.hints).toBe(1);
    const total = server.requests.length - withCounts.hints;
    const early = report(withEarly);
    expect(early.calls.total).toBe(total);

    server.requests.length = 0;
    const without = await lattice(["doctor", DEMO.service, "--output", "json"], env, false);
    expect(without.code, without.stderr).toBe(1);
    // Without the early stage, the CLI is loaded before anything is asked (so the check above means something).
    expect(firstOf(without, "cli.js")!).toBeLessThan(firstOf(without, "request")!);
    const late = report(without);
    expect(early.findings).toEqual(late.findings);
    expect(early.calls.total).toBe(late.calls.total);
    expect(early.calls.failed).toBe(late.calls.failed);
    expect(server.requests.length).toBe(total);
    // Every operation asked as often as without the early stage: the wave and the reads it follows
    // (GetListener, ListRules; GetRule where a listener has rules; GetTargetGroup, ListTargets) were
    // each adopted, none sent twice.
    expect(perOperation(server)).toEqual({ hints: 0, counts: withCounts.counts });
    expect(withCounts.counts.get("vpc-lattice:ListRules")).toBeGreaterThan(0);
  });

  it("the rules it follows (ListRules, GetRule per rule) are adopted too: each operation asked as often as without it", async () => {
    const shape = { listeners: 2, rules: 3, targetGroups: 1, targetsPerGroup: 2, securityGroups: 1 };
    const server = await serve(undefined, syntheticScenario(shape));
    const env = await wireEnv(server);
    const withEarly = await lattice(["doctor", SYNTHETIC_SERVICE, "--output", "json"], env);
    const withCounts = perOperation(server);
    server.requests.length = 0;
    const without = await lattice(["doctor", SYNTHETIC_SERVICE, "--output", "json"], env, false);
    expect(withEarly.code, withEarly.stderr).toBe(without.code);
    expect(withCounts.counts.get("vpc-lattice:GetRule")).toBeGreaterThan(0);
    expect(perOperation(server)).toEqual({ hints: 0, counts: withCounts.counts });
    expect(report(withEarly).findings).toEqual(report(without).findings);
  });

  it("the target groups that name the service in their serviceArns are read beside the rules, not after them, and adopted", async () => {
    // Every rule forwards to its own group, and a group serving another service is in the account too.
    const shape = { listeners: 1, rules: 3, targetGroups: 3, targetsPerGroup: 2, securityGroups: 1 };
    const scenario = syntheticScenario(shape);
    const other = structuredClone(scenario.targetGroups[0]!);
    other.targetGroup.id = "tg-0ffee0ffee0ffee01";
    other.targetGroup.arn = other.targetGroup.arn!.replace(/tg-[0-9a-f]+$/, other.targetGroup.id);
    other.targetGroup.serviceArns = [
      "arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-07e5b1c9d3f246801",
    ];
    scenario.targetGroups.push(other);
    // A long round trip, so that the order below holds on a busy machine too.
    const server = await serve(undefined, scenario, 150);
    const env = await wireEnv(server);
    const withEarly = await lattice(["doctor", SYNTHETIC_SERVICE, "--output", "json"], env);
    // Every group's targets were asked before the first GetRule; without the hint, a group that only
    // a rule names is read after that rule's GetRule answers.
    expect(firstAsked(server, "GetRule")).toBeGreaterThan(0);
    expect(lastAsked(server, "ListTargets")).toBeLessThan(firstAsked(server, "GetRule"));
    const asked = server.requests
      .filter((r) => r.operation === "GetTargetGroup")
      .map((r) => r.input.targetGroupIdentifier);
    expect(asked).not.toContain(other.targetGroup.id);
    const withCounts = perOperation(server);
    server.requests.length = 0;
    const without = await lattice(["doctor", SYNTHETIC_SERVICE, "--output", "json"], env, false);
    expect(withEarly.code, withEarly.stderr).toBe(without.code);
    expect(lastAsked(server, "ListTargets")).toBeGreaterThan(firstAsked(server, "GetRule"));
    expect(perOperation(server)).toEqual({ hints: 0, counts: withCounts.counts });
    expect(report(withEarly).findings).toEqual(report(without).findings);
  });

  it("a denied ListTargetGroups changes nothing but the head start: same findings, calls and exit code, no could-not-check", async () => {
    const scenario = brokenOrdersScenario();
    scenario.faults = [
      ...(scenario.faults ?? []),
      {
        service: "vpc-lattice",
        operation: "ListTargetGroups",
        error: {
          name: "AccessDeniedException",
          message: "User is not authorized to perform vpc-lattice:ListTargetGroups",
          httpStatusCode: 403,
          fault: "client",
        },
      },
    ];
    const server = await serve(undefined, scenario);
    const env = await wireEnv(server);
    const withEarly = await lattice(["doctor", DEMO.service, "--output", "json"], env);
    expect(perOperation(server).hints).toBe(1);
    const withCounts = perOperation(server).counts;
    server.requests.length = 0;
    const without = await lattice(["doctor", DEMO.service, "--output", "json"], env, false);
    expect(withEarly.code, withEarly.stderr).toBe(without.code);
    expect(perOperation(server).counts).toEqual(withCounts);
    const early = report(withEarly);
    expect(early.findings).toEqual(report(without).findings);
    expect(early.calls.total).toBe(report(without).calls.total);
    expect(early.calls.failed).toBe(0);
    expect(withEarly.stdout).not.toContain("ListTargetGroups");
  });

  it("loads node:http without its module facade (which loads undici's WebSocket on Node 22+), with the early stage or without", async () => {
    const server = await serve();
    const env = await wireEnv(server);
    for (const early of [true, false]) {
      const run = await lattice(["doctor", DEMO.service, "--output", "json"], env, early);
      expect(run.code, run.stderr).toBe(1);
      // The endpoint is http://: the SDK's HTTP handler loaded node:http, and so did the connection pool.
      expect(run.probe.filter((p) => p.what.startsWith("request")).length).toBeGreaterThan(5);
      expect(run.probe.find((p) => p.what.startsWith("undici"))?.what).toBe("undici false");
    }
  });

  it("--record then --replay: the same findings and calls", async () => {
    const server = await serve();
    const env = await wireEnv(server);
    const file = join(await mkdtemp(join(tmpdir(), "lattice-early-")), "early.recording.json");
    const recorded = await lattice(["doctor", DEMO.service, "--output", "json", "--record", file], env);
    expect(recorded.code, recorded.stderr).toBe(1);
    // The hint is not one of the run's calls: not recorded.
    expect(perOperation(server).hints).toBe(1);
    expect(recorded.stderr).toContain(`recorded ${server.requests.length - 1} calls`);
    const replayed = await lattice(["doctor", "--replay", file, "--output", "json"], env);
    expect(replayed.code, replayed.stderr).toBe(1);
    // A replay has no early stage: nothing leaves.
    expect(replayed.probe.filter((p) => p.what.startsWith("request"))).toEqual([]);
    expect(report(replayed).findings).toEqual(report(recorded).findings);
    expect(report(replayed).calls.total).toBe(report(recorded).calls.total);
  });

  it("a usage error after the wave left still exits 2 at once, with its message only: the wave is aborted", async () => {
    // Every read hangs: only an aborted request lets the process end.
    const server = await serve(() => ({ hang: true }));
    const env = await wireEnv(server);
    const run = await lattice(["doctor", DEMO.service, "--output", "jsn"], env);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "lattice: --output jsn: expected text, json or markdown (did you mean json?)\nRun 'lattice doctor --help' for usage.\n",
    );
    // The Lattice wave did leave (so the prompt exit above is the abort's doing), and the run did not
    // wait on it. GetCallerIdentity leaves once STS's module is loaded, which may be after the exit.
    const latticeReads = FIRST_WAVE.filter((op) => op.startsWith("vpc-lattice:")).length;
    expect(run.probe.filter((p) => p.what.startsWith("request")).length).toBeGreaterThanOrEqual(latticeReads);
    expect(run.ms).toBeLessThan(5_000);
  });

  it("a typo'd option gets no early stage: exit 2, nothing asked", async () => {
    const server = await serve();
    const run = await lattice(["doctor", DEMO.service, "--outptu", "json"], await wireEnv(server));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^lattice: .*outptu.*\nRun 'lattice doctor --help' for usage\.\n$/);
    expect(server.requests).toEqual([]);
    expect(run.probe.filter((p) => p.what.startsWith("request"))).toEqual([]);
  });
});
