/**
 * Gather benchmark: a synthetic service (3 listeners, 10 rules, 5 target groups × 200 INSTANCE
 * targets, 20 target security groups) replayed with a fixed latency per call.
 *
 *   npm run bench                      # build, then node dist/bench/gather-bench.js
 *   node dist/bench/gather-bench.js --delay 50 [--concurrency 16]
 *
 * 1. Records the service in-process: the real gather against FakeAccount(syntheticScenario), no delay.
 * 2. Replays that recording through createClients({replayer: new Replayer(recording, {delayMs})})
 *    and times gather.
 * 3. Compares the wall time with the lower bound: the longest chain of calls that depend on each
 *    other, × the delay. The chain is derived from the scenario and from gather's dependency
 *    structure (see `criticalChain`), with the page sizes gather actually used, read from the
 *    recording (its maxResults / the number of pages recorded).
 * 4. Peak RSS, and the start-up time of `lattice --version` against bare `node -e 0`.
 *
 * One line per number, then one JSON line with all of them (for CI logs).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createClients } from "../src/aws/clients.js";
import { gather } from "../src/aws/gather.js";
import { Replayer, type Recording } from "../src/aws/recording.js";
import { PACKAGE_ROOT } from "../src/version.js";
import type { Scenario } from "../test/support/fake-account.js";
import { recordScenario } from "./make-fixtures.js";
import { SYNTHETIC_SERVICE, syntheticScenario, type SyntheticShape } from "./scenarios.js";
import { flag, median } from "./support.js";

// The SDK warns once about Node 20 support; the benchmark prints numbers only.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export const SHAPE: SyntheticShape = {
  listeners: 3,
  rules: 10,
  targetGroups: 5,
  targetsPerGroup: 200,
  securityGroups: 20,
};

const GOAL_RATIO = 1.5;
const GOAL_RSS_MB = 250;
const GOAL_STARTUP_RATIO = 3;

// ---------------------------------------------------------------------------------------------
// The lower bound

/** One call of the modelled run: when it can finish at the earliest (in units of one call), and why. */
interface Node {
  label: string;
  depth: number;
  after?: Node;
}

function node(label: string, after?: Node): Node {
  return { label, depth: (after?.depth ?? 0) + 1, after };
}

function later(a: Node | undefined, b: Node | undefined): Node | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.depth > a.depth ? b : a;
}

function earlier(a: Node | undefined, b: Node | undefined): Node | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.depth < a.depth ? b : a;
}

/** Page size gather used for a Lattice list operation, from the recording (100 when it asked for none). */
function latticePageSize(recording: Recording, operation: string): number {
  const call = recording.calls.find((c) => c.service === "vpc-lattice" && c.operation === operation);
  const max = call?.input.maxResults;
  return typeof max === "number" ? max : 100;
}

/** Pages of a list of `items` at `size` per page (an empty list is still one call). */
function pages(items: number, size: number): number {
  return Math.max(1, Math.ceil(items / size));
}

const short = (id: string | undefined) => id ?? "?";

/**
 * The longest chain of dependent calls in gather's pipeline for `scenario`, assuming every call
 * takes the same time and nothing waits for a concurrency slot. Dependencies (gather.ts):
 *   ListListeners page k ← page k-1;  GetListener, ListRules page 1 ← the ListListeners page naming the listener;
 *   ListRules page k ← page k-1;  GetRule ← the ListRules page naming the rule;
 *   a target group is first seen by the earliest GetListener/GetRule forwarding to it; then
 *   GetTargetGroup and ListTargets page 1 ← that; ListTargets page k ← page k-1;
 *   DescribeInstances (one call per page of targets, ≤1000 ids, no MaxResults: one EC2 page)
 *     ← its ListTargets page and GetTargetGroup (the type decides the lookup);
 *   DescribeSecurityGroupRules / DescribeSecurityGroups of a group ← the first DescribeInstances naming it;
 *   DescribeSubnets / DescribeNetworkAcls of a subnet ← the first DescribeInstances naming it;
 *   ListServiceNetworkServiceAssociations → GetServiceNetwork / GetAuthPolicy / ListServiceNetwork{Vpc,Resource,VpcEndpoint}Associations
 *     → GetServiceNetworkVpcAssociation → the association's security-group reads;
 *   DescribeManagedPrefixLists → GetManagedPrefixListEntries; GetService, GetCallerIdentity,
 *   GetAuthPolicy(service) at the start.
 * Single-page EC2 answers are assumed for the security-group, subnet and ACL reads (≤1000 rules).
 * Live signals (gather-signals.ts): DescribeAlarms pages (100 alarms each) and
 *   ListMetrics(service id) and ListAccessLogSubscriptions(service) from the start;
 *   ListMetrics(service ARN) ← GetService; ListMetrics(tg id) ← the target group first seen;
 *   ListMetrics(tg ARN) ← GetTargetGroup; ListAccessLogSubscriptions(network) ← the associations;
 *   GetMetricData ← the last ListMetrics (one page each).
 */
export function criticalChain(scenario: Scenario, recording: Recording): Node[] {
  const svc = scenario.services.find((s) => s.service.id === SYNTHETIC_SERVICE) ?? scenario.services[0]!;
  const listenerPage = latticePageSize(recording, "ListListeners");
  const rulePage = latticePageSize(recording, "ListRules");
  const targetPage = latticePageSize(recording, "ListTargets");
  const ends: (Node | undefined)[] = [];

  const getService = node("GetService");
  ends.push(getService, node("GetCallerIdentity"), node("GetAuthPolicy(service)"));
  let alarmsPage: Node | undefined;
  for (let p = 0; p < pages(scenario.cloudwatch?.alarms.length ?? 0, 100) || p === 0; p++)
    alarmsPage = node(`DescribeAlarms(page ${p + 1})`, alarmsPage);
  ends.push(alarmsPage, node("ListAccessLogSubscriptions(service)"));
  const metricLists: Node[] = [node("ListMetrics(service id)"), node("ListMetrics(service ARN)", getService)];
  const prefix = node("DescribeManagedPrefixLists");
  ends.push(node("GetManagedPrefixListEntries", prefix));

  // Target groups: first seen by the earliest action that forwards to them.
  const seen = new Map<string, Node>();
  const forwardFrom = (
    action: { forward?: { targetGroups?: { targetGroupIdentifier?: string }[] } } | undefined,
    at: Node,
  ) => {
    for (const tg of action?.forward?.targetGroups ?? []) {
      const id = tg.targetGroupIdentifier?.split("/").pop() ?? "";
      const first = earlier(seen.get(id), at);
      if (first) seen.set(id, first);
    }
  };

  let listPage: Node | undefined;
  svc.listeners.forEach((l, i) => {
    if (i % listenerPage === 0) listPage = node(`ListListeners(page ${i / listenerPage + 1})`, listPage);
    const get = node(`GetListener(${short(l.listener.id)})`, listPage);
    ends.push(get);
    forwardFrom(l.listener.defaultAction, get);
    let rules: Node | undefined = listPage;
    const listed = l.rules; // ListRules returns the default rule too; gather skips GetRule for it
    listed.forEach((r, j) => {
      if (j % rulePage === 0)
        rules = node(`ListRules(${short(l.listener.id)}, page ${j / rulePage + 1})`, rules);
      if (r.isDefault) return;
      const getRule = node(`GetRule(${short(r.id)})`, rules);
      ends.push(getRule);
      forwardFrom(r.action, getRule);
    });
    ends.push(rules);
  });

  const groupSeen = new Map<string, Node>();
  const subnetSeen = new Map<string, Node>();
  const instances = new Map(scenario.instances.map((i) => [i.InstanceId!, i]));
  for (const tg of scenario.targetGroups) {
    const first = seen.get(tg.targetGroup.id!);
    if (!first) continue;
    const info = node(`GetTargetGroup(${short(tg.targetGroup.id)})`, first);
    ends.push(info);
    metricLists.push(
      node(`ListMetrics(${short(tg.targetGroup.id)} id)`, first),
      node(`ListMetrics(${short(tg.targetGroup.id)} ARN)`, info),
    );
    let page: Node | undefined = first;
    const n = pages(tg.targets.length, targetPage);
    for (let p = 0; p < n; p++) {
      page = node(`ListTargets(${short(tg.targetGroup.id)}, page ${p + 1})`, page);
      if (tg.targetGroup.type !== "INSTANCE") continue;
      const lookup = node(`DescribeInstances(${short(tg.targetGroup.id)} page ${p + 1})`, later(page, info));
      ends.push(lookup);
      for (const t of tg.targets.slice(p * targetPage, (p + 1) * targetPage)) {
        const inst = instances.get(t.id ?? "");
        for (const g of inst?.SecurityGroups ?? []) {
          const e = earlier(groupSeen.get(g.GroupId!), lookup);
          if (e) groupSeen.set(g.GroupId!, e);
        }
        if (inst?.SubnetId) {
          const e = earlier(subnetSeen.get(inst.SubnetId), lookup);
          if (e) subnetSeen.set(inst.SubnetId, e);
        }
      }
    }
    ends.push(page);
  }
  for (const [g, at] of groupSeen) ends.push(node(`DescribeSecurityGroupRules(${g})`, at));
  for (const [s, at] of subnetSeen) ends.push(node(`DescribeSubnets/DescribeNetworkAcls(${s})`, at));

  let lastList: Node | undefined;
  for (const l of metricLists) lastList = later(lastList, l);
  ends.push(node("GetMetricData", lastList));

  const associations = node("ListServiceNetworkServiceAssociations");
  for (const n of scenario.serviceNetworks) {
    ends.push(node(`ListAccessLogSubscriptions(${short(n.serviceNetwork.id)})`, associations));
    ends.push(node(`GetServiceNetwork(${short(n.serviceNetwork.id)})`, associations));
    ends.push(node(`GetAuthPolicy(${short(n.serviceNetwork.id)})`, associations));
    ends.push(node(`ListServiceNetworkResourceAssociations(${short(n.serviceNetwork.id)})`, associations));
    ends.push(node(`ListServiceNetworkVpcEndpointAssociations(${short(n.serviceNetwork.id)})`, associations));
    const list = node(`ListServiceNetworkVpcAssociations(${short(n.serviceNetwork.id)})`, associations);
    for (const a of n.vpcAssociations) {
      const get = node(`GetServiceNetworkVpcAssociation(${short(a.id)})`, list);
      ends.push(get);
      for (const g of a.securityGroupIds ?? []) {
        if (!groupSeen.has(g)) ends.push(node(`DescribeSecurityGroupRules(${g})`, get));
      }
    }
  }

  let last: Node | undefined;
  for (const e of ends) last = later(last, e);
  const chain: Node[] = [];
  for (let n = last; n; n = n.after) chain.unshift(n);
  return chain;
}

// ---------------------------------------------------------------------------------------------
// Start-up time

function timeSpawn(args: string[], runs: number): number | undefined {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, {
      cwd: PACKAGE_ROOT,
      encoding: "utf8",
      env: { ...process.env, NODE_NO_WARNINGS: "1" },
    });
    if (result.status !== 0) return undefined;
    times.push(performance.now() - started);
  }
  return median(times);
}

function startup(runs = 10): { cliMs?: number; nodeMs?: number; ratio?: number } {
  const cli = join(PACKAGE_ROOT, "bin", "lattice.js");
  if (!existsSync(join(PACKAGE_ROOT, "dist", "src", "cli.js"))) return {};
  const nodeMs = timeSpawn(["-e", "0"], runs);
  const cliMs = timeSpawn([cli, "--version"], runs);
  if (nodeMs === undefined || cliMs === undefined) return {};
  return { cliMs, nodeMs, ratio: cliMs / nodeMs };
}

// ---------------------------------------------------------------------------------------------

const fmt = (n: number | undefined, digits = 0) => (n === undefined ? "n/a" : n.toFixed(digits));

export async function main(argv: string[]): Promise<number> {
  const delayMs = flag("delay", 50, argv);
  const concurrency = flag("concurrency", 0, argv) || undefined;

  const scenario = syntheticScenario(SHAPE);
  const recorded = await recordScenario(scenario, { input: SYNTHETIC_SERVICE });
  if (recorded.fake.unsupported.length) {
    throw new Error(
      `gather called operations the FakeAccount lacks: ${recorded.fake.unsupported.join(", ")}`,
    );
  }
  const recording = recorded.recording;

  const clients = createClients({
    region: recording.meta.region,
    replayer: new Replayer(recording, { delayMs }),
  });
  const started = performance.now();
  const topology = await gather({
    clients,
    region: recording.meta.region,
    serviceId: SYNTHETIC_SERVICE,
    // The recording's clock: the same live-signal window, so GetMetricData is answered.
    now: new Date(recording.meta.recordedAt!),
    ...(concurrency ? { concurrency } : {}),
  });
  const wallMs = performance.now() - started;
  const calls = clients.callLog.length;
  const failedCalls = clients.callLog.filter((c) => !c.ok).length;
  const targets = Object.values(topology.targetGroups).reduce((n, tg) => n + (tg.targets?.length ?? 0), 0);

  const chain = criticalChain(scenario, recording);
  const lowerBoundMs = chain.length * delayMs;
  const ratio = lowerBoundMs > 0 ? wallMs / lowerBoundMs : undefined;
  const listTargetPages = recording.calls.filter((c) => c.operation === "ListTargets").length;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const start = startup(10);

  const lines = [
    `shape            ${SHAPE.listeners} listeners, ${SHAPE.rules} rules, ${SHAPE.targetGroups} target groups × ${SHAPE.targetsPerGroup} targets, ${SHAPE.securityGroups} target security groups (+1 on the VPC association)`,
    `read             ${targets} targets, ${Object.keys(topology.securityGroups).length} security groups, ${topology.failures.length} failures`,
    `delay            ${delayMs} ms per call`,
    `wall time        ${fmt(wallMs)} ms`,
    `calls            ${calls}${failedCalls ? ` (${failedCalls} failed)` : ""}; ListTargets pages: ${listTargetPages} (page size ${latticePageSize(recording, "ListTargets")})`,
    `longest chain    ${chain.length} calls: ${chain.map((n) => n.label).join(" → ")}`,
    `lower bound      ${chain.length} × ${delayMs} ms = ${fmt(lowerBoundMs)} ms`,
    `wall/lower bound ${fmt(ratio, 2)} (goal ≤ ${GOAL_RATIO})${ratio !== undefined && ratio > GOAL_RATIO ? "  ✖ over goal" : ""}`,
    `peak RSS         ${fmt(maxRssMb, 1)} MB (goal ≤ ${GOAL_RSS_MB})${maxRssMb > GOAL_RSS_MB ? "  ✖ over goal" : ""}`,
    `start-up         lattice --version ${fmt(start.cliMs, 1)} ms vs node -e 0 ${fmt(start.nodeMs, 1)} ms: ${start.ratio === undefined ? "n/a" : `${start.ratio.toFixed(2)}×`} (goal ≤ ${GOAL_STARTUP_RATIO}×)${start.ratio !== undefined && start.ratio > GOAL_STARTUP_RATIO ? "  ✖ over goal" : ""}`,
  ];
  for (const line of lines) process.stdout.write(line + "\n");
  process.stdout.write(
    JSON.stringify({
      bench: "gather",
      shape: SHAPE,
      delayMs,
      wallMs: Math.round(wallMs),
      calls,
      failedCalls,
      chainCalls: chain.length,
      chain: chain.map((n) => n.label),
      lowerBoundMs,
      ratio: ratio === undefined ? null : Number(ratio.toFixed(3)),
      goalRatio: GOAL_RATIO,
      maxRssMb: Number(maxRssMb.toFixed(1)),
      goalRssMb: GOAL_RSS_MB,
      startupCliMs: start.cliMs === undefined ? null : Number(start.cliMs.toFixed(1)),
      startupNodeMs: start.nodeMs === undefined ? null : Number(start.nodeMs.toFixed(1)),
      startupRatio: start.ratio === undefined ? null : Number(start.ratio.toFixed(2)),
      goalStartupRatio: GOAL_STARTUP_RATIO,
    }) + "\n",
  );
  return topology.failures.length || failedCalls ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`gather-bench: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
