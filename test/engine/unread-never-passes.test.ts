/**
 * Never a false all-clear (issue 12, cli.md "What was not read is unknown"), as a property over every
 * read the gather makes: for each operation a run calls — the default run (the demo and a healthy
 * recording), a `--from` run with a second account, an `--as` run — that operation is made to fail
 * (AccessDenied in the recording the CLI replays, so the real SDK middleware and the whole command
 * run), and then:
 *
 * - no check that depends on the part left unread, directly or through the parts it hangs off,
 *   reports `pass` (it is `skip`, or `not-applicable` when its flag was not given);
 * - every check that still ran gives what it gave with nothing failing (a check that changes its
 *   answer reads something it does not declare);
 * - the run is not complete, never `healthy`, and the trace hop of the unread part, and every hop
 *   behind it, is `unknown` (or carries a finding) and never "(none)".
 *
 * The operations are not listed here: they are taken from a healthy run of the current code, recorded
 * with --record, so a new read is covered as soon as gather makes it. The parts an operation leaves
 * unread are what gather itself records for it (topology.failures), read in process from the same
 * failing recording.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import { runCli } from "../support/cli.js";
import { expectValidReport } from "../support/validate-report.js";
import { checks } from "../../checks/index.js";
import { createClients } from "../../src/aws/clients.js";
import { gather } from "../../src/aws/gather.js";
import { newRecording, Replayer, type Recording, type RecordedCall } from "../../src/aws/recording.js";
import { REGION, SVC, fakeAccount } from "../aws/default-account.js";
import { otherSideClients, runCrossAccount } from "../../src/commands/doctor-xacct.js";
import { gatherIdentity } from "../../src/aws/gather-identity.js";
import { authRequestFrom } from "../../src/commands/auth-args.js";
import { expandNeeds } from "../../src/topology/unread.js";
import type { TopologyPart } from "../../src/topology/types.js";
import type { Report } from "../../src/report/types.js";
import { AUTH } from "../../bench/scenarios.js";

const dir = mkdtempSync(join(tmpdir(), "lattice-unread-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FAKE_RECORDING = join(dir, "fake-account.recording.json");
const NOW = new Date("2025-11-28T09:30:00.000Z");

/** A recording of a default run against the simulated account (test/aws/default-account.ts). */
beforeAll(async () => {
  const recording = newRecording({
    input: SVC,
    region: REGION,
    recordedAt: NOW.toISOString(),
    windowSeconds: 900,
  });
  const clients = createClients({ region: REGION, replayer: fakeAccount(), recording });
  await gather({ clients, region: REGION, serviceId: SVC, now: NOW });
  writeFileSync(FAKE_RECORDING, JSON.stringify(recording));
});

interface RunSpec {
  name: string;
  file: string;
  args: string[];
  as?: { as: string; path?: string };
}

const RUNS: RunSpec[] = [
  { name: "default run, the demo", file: "fixtures/demo/orders-api.recording.json", args: [] },
  { name: "default run, healthy", file: "fixtures/recordings/healthy-orders.recording.json", args: [] },
  // IP targets (DescribeNetworkInterfaces) and rules with actions (GetRule).
  { name: "default run, HTTPS/IP", file: "fixtures/recordings/healthy-https-ip.recording.json", args: [] },
  // The simulated account: four target groups, an association CREATE_FAILED (GetServiceNetworkServiceAssociation).
  { name: "default run, simulated account", file: FAKE_RECORDING, args: [] },
  {
    name: "--from run with --consumer-profile",
    file: "fixtures/recordings/cross-account-not-shareable.recording.json",
    args: [],
  },
  {
    name: "--as run",
    file: "fixtures/recordings/auth-layers.recording.json",
    args: ["--as", AUTH.frontendSession, "--path", "/cart"],
    as: { as: AUTH.frontendSession, path: "/cart" },
  },
];

/**
 * The trace hop each part is drawn on, and the chains of hops gather reads one through the other
 * (cli.md: no listeners read → no rules, target groups, targets known). The test's own reading of
 * the contract, not the code's table.
 */
const HOP_OF_PART: Partial<Record<TopologyPart, string>> = {
  listeners: "listener",
  rules: "rule",
  targetGroups: "target-group",
  targets: "targets",
  targetNetwork: "targets",
  serviceAssociations: "service-association",
  serviceNetworks: "service-network",
  vpcAssociations: "vpc-association",
  client: "client",
  clientVpcAssociations: "client",
  clientNetwork: "client",
};
const BEHIND: Record<string, string[]> = {
  listener: ["rule", "target-group", "targets"],
  rule: ["target-group", "targets"],
  "target-group": ["targets"],
  // The networks and their VPC associations are both found through the service's associations.
  "service-association": ["service-network", "vpc-association"],
};
/** These two are about the failures themselves; every other check must hold its answer. */
const ABOUT_FAILURES = new Set(["LAT-901", "LAT-211"]);

const hopsBehind = (hop: string): string[] => [hop, ...(BEHIND[hop] ?? [])];

const needsOf = new Map(checks.map((c) => [c.code, expandNeeds([...c.needs, ...(c.partlyNeeds ?? [])])]));

const ERRORS: Record<string, { name: string; httpStatusCode: number }> = {
  ec2: { name: "UnauthorizedOperation", httpStatusCode: 403 },
  cloudwatch: { name: "AccessDenied", httpStatusCode: 403 },
  iam: { name: "AccessDenied", httpStatusCode: 403 },
  sts: { name: "AccessDenied", httpStatusCode: 403 },
};

/** The recording with every call of `op` (same service, operation and credentials) denied. */
function denying(recording: Recording, op: RecordedCall): Recording {
  const error = ERRORS[op.service] ?? { name: "AccessDeniedException", httpStatusCode: 403 };
  return {
    ...recording,
    calls: recording.calls.map((c) => {
      if (c.service !== op.service || c.operation !== op.operation || c.credentials !== op.credentials)
        return c;
      const { output: _output, ...rest } = c;
      return {
        ...rest,
        error: {
          ...error,
          fault: "client" as const,
          message: `User: arn:aws:sts::111122223333:assumed-role/OnCall/lattice is not authorized to perform: ${op.service}:${op.operation}`,
        },
      };
    }),
  };
}

/** What gather (and the --from / --as reads) record as unread when `recording` is replayed. */
async function unreadBy(recording: Recording, spec: RunSpec): Promise<Set<TopologyPart>> {
  const { meta } = recording;
  const now = new Date(meta.recordedAt!);
  const clients = createClients({ region: meta.region, replayer: new Replayer(recording) });
  try {
    const gathered = await gather({ clients, region: meta.region, serviceId: meta.input, now });
    const topology = await runCrossAccount({
      topology: gathered,
      primary: clients,
      ...(meta.otherCredentials
        ? {
            other: otherSideClients({
              label: meta.otherCredentials,
              region: meta.region,
              callLog: [],
              replayer: new Replayer(recording),
            }),
          }
        : {}),
      ...(meta.from ? { from: meta.from } : {}),
    });
    const auth = spec.as ? await authRequestFrom(spec.as, meta.recordedAt!) : undefined;
    if (auth) await gatherIdentity(clients, topology, auth);
    return new Set(topology.failures.map((f) => f.part));
  } catch {
    return new Set(); // the run stops (GetService …): the CLI prints no document
  }
}

async function doctor(file: string, args: string[], record?: string) {
  const run = await runCli([
    "doctor",
    "--replay",
    file,
    ...args,
    "--output",
    "json",
    ...(record ? ["--record", record] : []),
  ]);
  const report = run.stdout ? (JSON.parse(run.stdout) as Report) : undefined;
  return { run, report };
}

const findingKeys = (report: Report, code: string) =>
  report.findings
    .filter((f) => f.code === code)
    .map((f) => `${f.severity} ${f.resource.type} ${f.resource.id}`)
    .sort();

describe.each(RUNS)("every read of the $name, made to fail, leaves nothing it fed passing", (spec) => {
  it("holds for each operation", { timeout: 240_000 }, async () => {
    // The operations the current code calls, from a healthy (complete) replay of the recording.
    const recordedPath = join(dir, `${spec.name.replace(/\W+/g, "-")}.recorded.json`);
    const baseline = await doctor(spec.file, spec.args, recordedPath);
    expect(baseline.report, baseline.run.stderr).toBeDefined();
    expect(baseline.report!.complete).toBe(true);
    const original = JSON.parse(readFileSync(spec.file, "utf8")) as Recording;
    const recorded = JSON.parse(readFileSync(recordedPath, "utf8")) as Recording;
    const ops = [
      ...new Map(
        recorded.calls.map((c) => [`${c.credentials ?? ""} ${c.service}:${c.operation}`, c]),
      ).values(),
    ];
    expect(ops.length).toBeGreaterThan(20);

    const covered: string[] = [];
    for (const op of ops) {
      const label = `${op.credentials ? `[${op.credentials}] ` : ""}${op.service}:${op.operation}`;
      const failing = denying(original, op);
      const path = join(dir, "failing.recording.json");
      writeFileSync(path, JSON.stringify(failing));
      const unread = await unreadBy(failing, spec);
      const { run, report } = await doctor(path, spec.args);
      if (!report) {
        // The run stopped before a diagnosis (the service itself could not be read): no verdict at all.
        expect(run.code, `${label}: ${run.stderr}`).not.toBe(0);
        covered.push(`${label} → stops`);
        continue;
      }
      expectValidReport(report);
      if (unread.size === 0) {
        // Another read gave the same answer (DescribeSecurityGroups for DescribeSecurityGroupRules):
        // then nothing is unknown and the report is the one of the run where nothing failed.
        expect(report.checks, label).toEqual(
          baseline.report!.checks.map((c) => expect.objectContaining({ code: c.code, status: c.status })),
        );
        covered.push(`${label} → read another way`);
        continue;
      }
      expect(report.complete, label).toBe(false);
      expect(report.verdict, label).not.toBe("healthy");
      expect(report.exitCode, label).not.toBe(0);

      const base = new Map(baseline.report!.checks.map((c) => [c.code, c]));
      for (const c of report.checks) {
        const depends = (needsOf.get(c.code) ?? []).filter((p) => unread.has(p));
        if (depends.length > 0)
          expect(c.status, `${label}: ${c.code} depends on unread ${depends.join(", ")}`).not.toBe("pass");
        if (c.status === "skip" || c.status === "not-applicable" || ABOUT_FAILURES.has(c.code)) continue;
        // It ran on data that was all read: it must say what it said when nothing failed.
        expect(c.status, `${label}: ${c.code} ran, and changed its answer`).toBe(base.get(c.code)?.status);
        expect(findingKeys(report, c.code), `${label}: ${c.code}'s findings`).toEqual(
          findingKeys(baseline.report!, c.code),
        );
      }

      for (const part of unread) {
        const hop = HOP_OF_PART[part];
        if (!hop) continue;
        for (const behind of hopsBehind(hop)) {
          const h = report.trace.find((t) => t.hop === behind);
          if (!h) continue;
          expect(h.resource, `${label}: hop ${behind}`).not.toBe("(none)");
          if (!h.codes?.length) expect(h.status, `${label}: hop ${behind}`).toBe("unknown");
          else expect(h.status, `${label}: hop ${behind}`).not.toBe("ok");
        }
      }
      covered.push(`${label} → ${[...unread].sort().join(", ")}`);
    }
    // SHOW_COVERED=1: print what each failed read left unread.
    if (process.env.SHOW_COVERED) console.log(spec.name, covered);
    expect(covered.length).toBe(ops.length);
  });
});
