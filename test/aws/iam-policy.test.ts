/**
 * The published IAM policy (docs/iam-policy.json, and the copy in README.md) must list exactly the
 * actions the tool needs: every action of every call gather (and resolve) sends against the
 * simulated account, and nothing else. Run against the default account, which exercises every
 * kind of read (instance, IPv4, IPv6 and Lambda targets, a failed service association …).
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { createClients } from "../../src/aws/clients.js";
import { iamActionFor } from "../../src/aws/failures.js";
import { gather } from "../../src/aws/gather.js";
import { resolveService } from "../../src/aws/resolve.js";
import { ACCOUNT, REGION, SVC, SVC_ARN, defaultAccount, fakeAccount } from "./default-account.js";
import { gzipLines } from "../support/fake/logs.js";
import { CLOUDWATCH_COMMANDS, EC2_COMMANDS, LATTICE_COMMANDS } from "./mock-clients.js";
import { FakeAccount as BenchFakeAccount } from "../support/fake-account.js";
import { AUTH, DEMO, authLayersScenario, brokenOrdersScenario } from "../../bench/scenarios.js";
import { sendFirstWave } from "../../src/aws/first-wave.js";
import { abandonPrefetches } from "../../src/aws/prefetch.js";
import { startWireServer } from "../support/wire-server.js";
import { gatherIdentity } from "../../src/aws/gather-identity.js";
import { authRequestFrom } from "../../src/commands/auth-args.js";
import { recordCrossAccount } from "../../bench/make-cross-account-fixture.js";

interface Policy {
  Version: string;
  Statement: { Effect: string; Action: string | string[]; Resource: string }[];
}

/**
 * Actions only an optional flag sends, with the run that sends them: `--as` simulates the caller's
 * identity policies (iam:SimulatePrincipalPolicy). The policy grants them; the default run does not send them.
 */
const OPTIONAL_ACTIONS: Record<string, () => Promise<string[]>> = {
  "iam:SimulatePrincipalPolicy": async () => {
    const scenario = authLayersScenario();
    const fake = new BenchFakeAccount(scenario);
    const clients = createClients({ region: scenario.region, replayer: fake });
    const topology = await gather({ clients, region: scenario.region, serviceId: DEMO.service });
    const request = (await authRequestFrom({ as: AUTH.frontendRole }, "2025-11-28T09:30:00.000Z"))!;
    await gatherIdentity(clients, topology, request);
    expect(topology.identity?.evalDecision).toBe("allowed");
    return [...new Set(fake.calls.map((c) => iamActionFor(c.service, c.operation)))];
  },
  "vpc-lattice:ListTargetGroups": firstWaveActions,
};

/**
 * The early stage's hint (first-wave.ts): `doctor svc-…` asks ListTargetGroups' first page, over the
 * wire before the CLI is loaded; gather never asks it.
 */
async function firstWaveActions(): Promise<string[]> {
  const server = await startWireServer(new BenchFakeAccount(brokenOrdersScenario()));
  const saved = { ...process.env };
  // The SDK reads its endpoints and credentials from process.env.
  Object.assign(process.env, server.env, {
    AWS_ACCESS_KEY_ID: "AKIAWIRETEST00000000",
    AWS_SECRET_ACCESS_KEY: "wire-test-secret",
    AWS_EC2_METADATA_DISABLED: "true",
  });
  try {
    await sendFirstWave({ input: DEMO.service, region: REGION }, process.env);
    // Handed to the network; the server logs each request once it has read it.
    for (let i = 0; i < 100 && server.requests.length < 7; i++) await new Promise((r) => setTimeout(r, 10));
    return [...new Set(server.requests.map((r) => iamActionFor(r.service, r.operation)))];
  } finally {
    abandonPrefetches();
    process.env = saved;
    await server.close();
  }
}

/** sts:GetCallerIdentity is allowed to every principal: no policy needs to (or can) grant it. */
const NEEDS_NO_PERMISSION = new Set(["sts:GetCallerIdentity"]);

function actionsOf(policy: Policy): string[] {
  const actions = policy.Statement.filter((s) => s.Effect === "Allow").flatMap((s) =>
    Array.isArray(s.Action) ? s.Action : [s.Action],
  );
  return [...new Set(actions)].sort();
}

async function policyFile(): Promise<Policy> {
  return JSON.parse(await readFile(new URL("../../docs/iam-policy.json", import.meta.url), "utf8")) as Policy;
}

/** The JSON block of README.md's "Permissions" section. */
async function readmePolicy(): Promise<Policy> {
  const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("## Permissions"));
  const block = /```json\n([\s\S]*?)\n```/.exec(section);
  if (!block) throw new Error("README.md: no ```json block under ## Permissions");
  return JSON.parse(block[1]!) as Policy;
}

/** The calls of a run whose service logs to S3 (ListObjectsV2 → s3:ListBucket, GetObject). */
async function s3LogCalls(): Promise<{ service: string; operation: string }[]> {
  const data = defaultAccount();
  const now = new Date("2026-03-02T10:15:00.000Z");
  const bucket = `lattice-logs-${ACCOUNT}`;
  data.accessLogSubscriptions = {
    ...data.accessLogSubscriptions,
    [SVC]: [
      {
        id: "als-0a1b2c3d4e5f60002",
        arn: `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:accesslogsubscription/als-0a1b2c3d4e5f60002`,
        resourceId: SVC,
        resourceArn: SVC_ARN,
        destinationArn: `arn:aws:s3:::${bucket}`,
        createdAt: new Date("2026-02-11T08:30:00.000Z"),
        lastUpdatedAt: new Date("2026-02-11T08:30:00.000Z"),
      },
    ],
  };
  data.accessLogData = {
    buckets: {
      [bucket]: [
        {
          key: `AWSLogs/${ACCOUNT}/VpcLattice/AccessLogs/${REGION}/2026/03/02/${SVC}/${ACCOUNT}_vpclatticeaccesslogs_${REGION}_20260302T1010Z_0a1b2c3d.json.gz`,
          lastModified: "2026-03-02T10:11:00.000Z",
          body: gzipLines([
            {
              startTime: "2026-03-02T10:09:12Z",
              responseCode: 403,
              requestId: "f1e2d3c4-0000-4000-8000-000000000001",
            },
          ]),
        },
      ],
    },
  };
  const fake = fakeAccount(data);
  const clients = createClients({ region: REGION, replayer: fake });
  const topology = await gather({ clients, region: REGION, serviceId: SVC, now });
  expect(topology.failures).toEqual([]);
  expect(topology.signals?.failedRequests?.total).toBe(1);
  return fake.calls;
}

/** Every action the tool sends in a full run: resolve by name (ListServices), then gather. */
async function actionsSent(): Promise<{ actions: string[]; operations: string[] }> {
  const fake = fakeAccount();
  const clients = createClients({ region: REGION, replayer: fake });
  const resolved = await resolveService("payments", clients, REGION);
  const topology = await gather({ clients, region: REGION, serviceId: resolved.id });
  expect(topology.failures).toEqual([]);
  // And a cross-account run (--from, --consumer-profile): the client's side and RAM, both accounts.
  const crossAccount = (await recordCrossAccount()).calls;
  const calls = [...fake.calls, ...crossAccount, ...(await s3LogCalls())];
  const operations = [...new Set(calls.map((c) => `${c.service}:${c.operation}`))].sort();
  const actions = [
    ...new Set(
      calls
        .map((c) => iamActionFor(c.service, c.operation))
        .filter((action) => !NEEDS_NO_PERMISSION.has(action)),
    ),
  ].sort();
  return { actions, operations };
}

describe("IAM policy", () => {
  it("docs/iam-policy.json grants every action the tool sends, and nothing more", async () => {
    const { actions } = await actionsSent();
    const granted = actionsOf(await policyFile());
    expect(
      actions.filter((a) => !granted.includes(a)),
      "missing from the policy",
    ).toEqual([]);
    expect(
      granted.filter((a) => !actions.includes(a) && !(a in OPTIONAL_ACTIONS)),
      "granted but never sent",
    ).toEqual([]);
    for (const [action, sends] of Object.entries(OPTIONAL_ACTIONS)) {
      expect(granted, `${action} is granted`).toContain(action);
      expect(actions, `${action} is not on the default path`).not.toContain(action);
      expect(await sends(), `the optional run sends ${action}`).toContain(action);
    }
  });

  it("the README's policy block is the same policy", async () => {
    expect(actionsOf(await readmePolicy())).toEqual(actionsOf(await policyFile()));
  });

  it("the run covers every operation the tests can answer (so no read escapes the policy check)", async () => {
    const { operations } = await actionsSent();
    const known = [
      ...LATTICE_COMMANDS.map(([, op]) => `vpc-lattice:${op}`),
      ...EC2_COMMANDS.map(([, op]) => `ec2:${op}`),
      ...CLOUDWATCH_COMMANDS.map(([, op]) => `cloudwatch:${op}`),
      "sts:GetCallerIdentity",
      // the access-log entries: CloudWatch Logs (the default account), S3 (s3LogCalls)
      "logs:FilterLogEvents",
      "s3:ListObjectsV2",
      "s3:GetObject",
      // cross-account runs only (gather-xacct.ts)
      "ec2:DescribeVpcs",
      "ec2:DescribeVpcEndpoints",
      "ram:GetResourceShareInvitations",
      "ram:ListPendingInvitationResources",
      "ram:GetResourceShares",
      "ram:GetResourceShareAssociations",
      "ram:ListResources",
    ].sort();
    expect(operations).toEqual(known);
  });

  it("only read-only actions", async () => {
    for (const action of actionsOf(await policyFile())) {
      expect(action).toMatch(
        /^((vpc-lattice|ec2|cloudwatch|ram):(Get|List|Describe)[A-Z]|iam:Simulate[A-Z]|logs:FilterLogEvents$|s3:(ListBucket|GetObject)$)/,
      );
    }
  });
});
