/**
 * End to end over the real wire: the SDK's serialisers, SigV4 signer, HTTP handler and parsers run
 * against test/support/wire-server.ts, an AWS-compatible endpoint on 127.0.0.1 that decodes each
 * request back into the SDK command input, asks a FakeAccount (test/support/fake-account.ts) and encodes
 * the answer as VPC Lattice restJson1 / EC2 query XML / STS awsQuery XML.
 *
 * Two levels:
 * - in process: gather through wire clients must produce exactly the topology (and, call by call,
 *   exactly the recording) that gather produces from the same FakeAccount at the command level —
 *   any field lost or mis-parsed on the wire shows up as a difference. Every list is forced to page.
 * - the real binary, spawned (`node bin/lattice.js doctor …`, needs `npm run build`) with only
 *   AWS_ENDPOINT_URL_* pointing at the server, dummy keys, IMDS disabled, and a preload that refuses
 *   any non-loopback connection: exit codes, findings, LAT-901 from wire-level errors, --record /
 *   --replay.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createClients, type AwsClients } from "../../src/aws/clients.js";
import { gather } from "../../src/aws/gather.js";
import { newRecording, type RecordedCall, type Recording } from "../../src/aws/recording.js";
import { main, type Io } from "../../src/cli.js";
import type { Report } from "../../src/report/types.js";
import { FakeAccount, type Fault, type Scenario } from "../support/fake-account.js";
import { FIXTURES, sortCalls } from "../../bench/make-fixtures.js";
import {
  ALB,
  CALLER_ARN,
  DEMO,
  HTTPS_IP,
  LAMBDA,
  brokenOrdersScenario,
  healthyAlbScenario,
  healthyHttpsIpScenario,
  healthyLambdaScenario,
  healthyOrdersScenario,
  AUTH,
  authLayersScenario,
} from "../../bench/scenarios.js";
import { gatherIdentity } from "../../src/aws/gather-identity.js";
import { authRequestFrom } from "../../src/commands/auth-args.js";
import { paginateSimulatePrincipalPolicy } from "@aws-sdk/client-iam";
import { startWireServer, type WireServer } from "../support/wire-server.js";
import { wireClients } from "../support/wire-clients.js";
import { expectValidReport } from "../support/validate-report.js";
import { runBin, doctorJson, type Spawned } from "../support/spawn-bin.js";
import { wireEnv } from "../support/wire-env.js";

const REGION = "us-east-1";

/** Every operation gather (and name resolution) sends; the wire tests together must exercise all. */
const GATHER_OPERATIONS = [
  "cloudwatch:DescribeAlarms",
  "cloudwatch:GetMetricData",
  "cloudwatch:ListMetrics",
  "ec2:DescribeInstances",
  "ec2:DescribeManagedPrefixLists",
  "ec2:DescribeNetworkAcls",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeSecurityGroupRules",
  "ec2:DescribeSecurityGroups",
  "ec2:DescribeSubnets",
  "ec2:GetManagedPrefixListEntries",
  "ram:GetResourceShareAssociations",
  "ram:GetResourceShares",
  "sts:GetCallerIdentity",
  "vpc-lattice:GetAuthPolicy",
  "vpc-lattice:GetListener",
  "vpc-lattice:GetRule",
  "vpc-lattice:GetService",
  "vpc-lattice:GetServiceNetwork",
  "vpc-lattice:GetServiceNetworkServiceAssociation",
  "vpc-lattice:GetServiceNetworkVpcAssociation",
  "vpc-lattice:GetTargetGroup",
  "vpc-lattice:ListAccessLogSubscriptions",
  "vpc-lattice:ListListeners",
  "vpc-lattice:ListRules",
  "vpc-lattice:ListServiceNetworkResourceAssociations",
  "vpc-lattice:ListServiceNetworkServiceAssociations",
  "vpc-lattice:ListServiceNetworkVpcAssociations",
  "vpc-lattice:ListServiceNetworkVpcEndpointAssociations",
  "vpc-lattice:ListServices",
  "vpc-lattice:ListTargets",
];

/**
 * What the demo makes gather send: not DescribeNetworkInterfaces (INSTANCE targets), nor GetRule
 * (only the default rule), nor GetServiceNetworkServiceAssociation (the association is ACTIVE).
 */
const DEMO_OPERATIONS = GATHER_OPERATIONS.filter(
  (op) =>
    ![
      "ec2:DescribeNetworkInterfaces",
      "vpc-lattice:GetRule",
      "vpc-lattice:GetServiceNetworkServiceAssociation",
      "vpc-lattice:ListServices",
      "ram:GetResourceShares", // the demo's network is in no share
    ].includes(op),
);

/** `doctor svc-…`'s early stage asks it for a head start; gather never does. */
const EARLY_HINT = "vpc-lattice:ListTargetGroups";

const servers: WireServer[] = [];
const exercised = new Set<string>();

async function serve(scenario: Scenario, fake: ConstructorParameters<typeof FakeAccount>[1] = {}) {
  const account = new FakeAccount(scenario, fake);
  const server = await startWireServer(account, { region: REGION });
  servers.push(server);
  return { server, account };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    for (const op of server.operations()) exercised.add(op);
    // Nothing the emulator could not decode or encode, in any test.
    expect(server.problems).toEqual([]);
    await server.close();
  }
});

// ---------------------------------------------------------------------------------------------
// Helpers

/** SDK clients pointed at the server, instrumented like the CLI's (guard, call log, recorder). */
function clientsOf(server: WireServer, recording?: Recording): AwsClients {
  return wireClients(server.url, REGION, recording);
}

/** Runs the binary against `server` with `--output json`; the document must be valid. */
async function doctorOverWire(server: WireServer, args: string[]): Promise<{ run: Spawned; report: Report }> {
  return doctorJson(args, await wireEnv(server));
}

/** The CLI in process on a recording (no network), `--output json`. */
async function doctorReplay(args: string[]): Promise<{ code: number; report: Report }> {
  let stdout = "";
  const io: Io = {
    stdout: { write: (chunk: string) => (stdout += chunk), isTTY: false },
    stderr: { write: () => true, isTTY: false },
    env: { AWS_EC2_METADATA_DISABLED: "true" },
  };
  const code = await main(["doctor", ...args, "--output", "json"], io);
  const report: unknown = JSON.parse(stdout);
  expectValidReport(report);
  return { code, report };
}

/** What a finding says, without rank-independent noise. */
const verdictOf = (report: Report) =>
  report.findings.map((f) => ({
    code: f.code,
    severity: f.severity,
    resource: f.resource,
    causedBy: f.causedBy,
  }));

function withFaults(scenario: Scenario, faults: Fault[]): Scenario {
  return { ...scenario, faults: [...(scenario.faults ?? []), ...faults] };
}

/**
 * The value with the run's clock taken out: a run against the server reads the real clock (the end
 * of the live-signal window), a recording holds the time it was made. ISO timestamps become
 * `<time>` and per-minute keys (`"09:17":`) become `m0`, `m1` … in order.
 */
function withoutClock<T>(value: T): T {
  let minute = 0;
  const text = JSON.stringify(value)
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, "<time>")
    .replace(/"\d{2}:\d{2}":/g, () => `"m${minute++}":`);
  return JSON.parse(text) as T;
}

/** Calls without ListServices (the committed fixtures also resolve the service's name). */
const gatherCalls = (calls: RecordedCall[]) => sortCalls(calls.filter((c) => c.operation !== "ListServices"));

// ---------------------------------------------------------------------------------------------
// In process: the wire changes nothing

/**
 * A scenario that makes gather send every operation it can and carries the fields only some
 * accounts have: a non-ACTIVE service association (GetServiceNetworkServiceAssociation), IPv6 on
 * a subnet, an ENI, a security-group rule and a NACL entry with a port range, a rule referencing a
 * group in another VPC.
 */
function coverageScenario(): Scenario {
  const scenario = healthyHttpsIpScenario();
  const association = scenario.serviceAssociations[0]!;
  association.status = "CREATE_IN_PROGRESS";
  const subnet = scenario.subnets![0]!;
  subnet.Ipv6CidrBlockAssociationSet = [
    {
      AssociationId: "subnet-cidr-assoc-0a1b2c3d4e5f60718",
      Ipv6CidrBlock: "2600:1f18:4c1:a100::/64",
      Ipv6CidrBlockState: { State: "associated" },
    },
    {
      AssociationId: "subnet-cidr-assoc-0b1b2c3d4e5f60718",
      Ipv6CidrBlock: "2600:1f18:4c1:a1ff::/64",
      Ipv6CidrBlockState: { State: "disassociated" },
    },
  ];
  const eni = scenario.networkInterfaces[0]!;
  eni.Ipv6Addresses = [{ Ipv6Address: "2600:1f18:4c1:a100::1d", IsPrimaryIpv6: true }];
  const acl = scenario.networkAcls![0]!;
  acl.Entries = [
    {
      RuleNumber: 90,
      Protocol: "6",
      RuleAction: "allow",
      Egress: false,
      Ipv6CidrBlock: "::/0",
      PortRange: { From: 8443, To: 8443 },
    },
    ...(acl.Entries ?? []),
  ];
  const group = scenario.securityGroupRules[0]!.GroupId!;
  scenario.securityGroupRules.push(
    {
      SecurityGroupRuleId: "sgr-0f0e0d0c0b0a09081",
      GroupId: group,
      GroupOwnerId: scenario.caller.Account,
      IsEgress: false,
      IpProtocol: "tcp",
      FromPort: 8443,
      ToPort: 8443,
      CidrIpv6: "2600:1f18:4c1::/56",
      Description: 'IPv6 <consumers> & "friends"',
    },
    {
      SecurityGroupRuleId: "sgr-0f0e0d0c0b0a09082",
      GroupId: group,
      GroupOwnerId: scenario.caller.Account,
      IsEgress: false,
      IpProtocol: "-1",
      FromPort: -1,
      ToPort: -1,
      ReferencedGroupInfo: {
        GroupId: "sg-0123456789abcdef0",
        UserId: "444455556666",
        VpcId: "vpc-0aa1bb2cc3dd4ee5f",
      },
    },
  );
  // The network is shared with a partner account (owner's side: the share and both associations).
  const networkArn = scenario.serviceAssociations[0]!.serviceNetworkArn!;
  const shareArn = `arn:aws:ram:${REGION}:${scenario.caller.Account}:resource-share/6e5d4c3b-2a19-4f8e-b7d6-c5b4a3928170`;
  const when = new Date("2025-11-20T09:15:00Z");
  scenario.ram = {
    associations: [
      {
        resourceShareArn: shareArn,
        resourceShareName: "payments-partners",
        associatedEntity: networkArn,
        associationType: "RESOURCE",
        status: "ASSOCIATED",
        creationTime: when,
        lastUpdatedTime: when,
        external: false,
      },
      {
        resourceShareArn: shareArn,
        resourceShareName: "payments-partners",
        associatedEntity: "444455556666",
        associationType: "PRINCIPAL",
        status: "ASSOCIATED",
        creationTime: when,
        lastUpdatedTime: when,
        external: true,
      },
    ],
    shares: [
      {
        resourceShareArn: shareArn,
        name: "payments-partners",
        owningAccountId: scenario.caller.Account,
        allowExternalPrincipals: true,
        status: "ACTIVE",
        featureSet: "STANDARD",
        creationTime: when,
        lastUpdatedTime: when,
      },
    ],
  };
  return scenario;
}

/** A healthy orders-api with one more target whose instance has been terminated and is gone. */
function goneInstanceScenario(): Scenario {
  const scenario = healthyOrdersScenario();
  scenario.targetGroups[0]!.targets.push({ id: "i-0ffffffffffffff00", port: 8080, status: "UNAVAILABLE" });
  return scenario;
}

describe("gather over the wire reads exactly what it reads at the command level", () => {
  const cases: { name: string; scenario: () => Scenario; service: string }[] = [
    { name: "the demo (broken orders-api)", scenario: brokenOrdersScenario, service: DEMO.service },
    { name: "healthy orders-api", scenario: healthyOrdersScenario, service: DEMO.service },
    {
      name: "healthy https/IP with IPv6, a non-ACTIVE association",
      scenario: coverageScenario,
      service: HTTPS_IP.service,
    },
    { name: "healthy lambda", scenario: healthyLambdaScenario, service: LAMBDA.service },
    { name: "healthy ALB", scenario: healthyAlbScenario, service: ALB.service },
    { name: "a target whose instance is gone", scenario: goneInstanceScenario, service: DEMO.service },
  ];
  for (const c of cases) {
    it(`${c.name}: same topology, same recorded calls, every list paged`, async () => {
      // One item per page: every nextToken / NextToken makes the round trip.
      const { server } = await serve(c.scenario(), { pageSize: 1 });
      const wireRecording = newRecording({ input: c.service, region: REGION });
      const wire = clientsOf(server, wireRecording);
      // One clock for both runs: the live-signal window (and so GetMetricData's input) is the same.
      const now = new Date("2025-11-28T09:30:27.000Z");
      const overWire = await gather({ clients: wire, region: REGION, serviceId: c.service, now });

      const reference = newRecording({ input: c.service, region: REGION });
      const direct = createClients({
        region: REGION,
        replayer: new FakeAccount(c.scenario(), { pageSize: 1 }),
        recording: reference,
      });
      const atCommandLevel = await gather({ clients: direct, region: REGION, serviceId: c.service, now });

      expect(overWire).toEqual(atCommandLevel);
      expect(sortCalls(wireRecording.calls)).toEqual(sortCalls(reference.calls));
      expect(overWire.failures).toEqual([]);
      if (c.scenario === goneInstanceScenario) {
        // EC2's error for the gone instance came over the wire, and gather asked again without it.
        const describe = server.requests.filter((r) => r.operation === "DescribeInstances");
        const failed = describe.findIndex((r) => r.errorCode === "InvalidInstanceID.NotFound");
        expect(failed).toBeGreaterThanOrEqual(0);
        // The other instances were still described (in whatever order the pages arrived: with one
        // target per page the gone instance is alone in its call, and nothing is left to ask again).
        const described = describe
          .filter((r) => r.status === 200)
          .flatMap((r) => r.input.InstanceIds as string[]);
        expect(described.sort()).toEqual([...DEMO.instances].sort());
      }
      // Paging did happen on the wire: tokens went back as EC2 form fields (the two prefix lists)
      // and, where a Lattice list has more than one item (the demo's 3 targets), as query parameters.
      const paged = server.requests.filter((r) => r.input.nextToken ?? r.input.NextToken);
      expect(paged.some((r) => r.service === "ec2")).toBe(true);
      if (c.scenario === brokenOrdersScenario) {
        expect(paged.some((r) => r.operation === "ListTargets")).toBe(true);
        // CloudWatch over AWS JSON 1.0: NextToken went back in the body of ListMetrics,
        // DescribeAlarms and GetMetricData, and the series came back whole (epoch-second timestamps).
        for (const op of ["ListMetrics", "DescribeAlarms", "GetMetricData"])
          expect(
            paged.some((r) => r.service === "cloudwatch" && r.operation === op),
            op,
          ).toBe(true);
        const errors = overWire.signals?.series?.find((x) => x.metricName === "ConnectionErrorCount");
        expect(errors?.values).toEqual([212, 198, 205, 220, 231, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        expect(overWire.signals?.alarms?.map((a) => a.alarmName)).toEqual([
          "orders-api-auth-denied",
          "orders-api-target-5xx",
          "orders-api-unhealthy-hosts",
        ]);
      }
    });
  }

  it("the coverage scenario reaches the operations the others do not", async () => {
    const { server } = await serve(coverageScenario());
    await gather({ clients: clientsOf(server), region: REGION, serviceId: HTTPS_IP.service });
    expect(server.operations()).toEqual(
      expect.arrayContaining([
        "vpc-lattice:GetServiceNetworkServiceAssociation",
        "ec2:DescribeNetworkInterfaces",
      ]),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The binary over the wire

describe.skipIf(!existsSync("dist/bundle/cli.mjs"))(
  "lattice doctor over the wire (spawned bin/lattice.js)",
  () => {
    it("the demo account served over the wire: exit 1, the findings of `--demo`, no failed call, every operation sent", async () => {
      const { server } = await serve(brokenOrdersScenario());
      const { run, report } = await doctorOverWire(server, [DEMO.service]);
      expect(run.code, run.stderr).toBe(1);
      expect(report.exitCode).toBe(1);
      expect(report.complete).toBe(true);
      expect(report.calls.failed).toBe(0);

      const demo = await doctorReplay(["--demo"]);
      expect(verdictOf(report)).toEqual(verdictOf(demo.report));
      expect(report.findings.map((f) => f.code)).toEqual(
        expect.arrayContaining(["LAT-401", "LAT-501", "LAT-301"]),
      );
      // Whole findings, evidence and fixes included, are the same as from the recording (but for
      // the clock: the window ends now, not when the recording was made).
      expect(withoutClock(report.findings)).toEqual(withoutClock(demo.report.findings));
      expect(report.findings.find((f) => f.code === "LAT-604")?.title).toContain("in the last 15 min");
      expect(report.calls.total).toBe(demo.report.calls.total);

      // And the early stage's hint (first-wave.ts), asked once: no call of the run, in no report.
      expect(server.operations()).toEqual([...DEMO_OPERATIONS, EARLY_HINT].sort());
      expect(server.requests.filter((r) => `${r.service}:${r.operation}` === EARLY_HINT)).toHaveLength(1);
      // The endpoints in effect are reported, and they are the server's.
      expect(report.context.endpoints).toEqual(server.env);
      // Each call the CLI counted is one request the server answered (no retries, nothing else).
      expect(server.requests).toHaveLength(report.calls.total + 1);
      expect(
        server.requests.every((r) => r.status === 200 || r.errorCode === "ResourceNotFoundException"),
      ).toBe(true);
    });

    it("resolves a service name through ListServices over the wire", async () => {
      const { server } = await serve(brokenOrdersScenario());
      const { run, report } = await doctorOverWire(server, [DEMO.serviceName]);
      expect(run.code, run.stderr).toBe(1);
      expect(report.target.id).toBe(DEMO.service);
      expect(server.operations()).toContain("vpc-lattice:ListServices");
    });

    const healthy: { name: string; scenario: () => Scenario; service: string }[] = [
      { name: "orders-api", scenario: healthyOrdersScenario, service: DEMO.service },
      {
        name: "payments-api (HTTPS, IP targets)",
        scenario: healthyHttpsIpScenario,
        service: HTTPS_IP.service,
      },
      { name: "image-resize (Lambda)", scenario: healthyLambdaScenario, service: LAMBDA.service },
      { name: "legacy-web (ALB)", scenario: healthyAlbScenario, service: ALB.service },
    ];
    for (const h of healthy) {
      it(`healthy ${h.name}: exit 0, the findings of its recording`, async () => {
        const { server } = await serve(h.scenario());
        const { run, report } = await doctorOverWire(server, [h.service]);
        expect(run.code, run.stderr).toBe(0);
        expect(report.complete).toBe(true);
        expect(report.calls.failed).toBe(0);
        const fixture = FIXTURES.find((f) => f.scenario === h.scenario)!;
        const replayed = await doctorReplay(["--replay", fixture.path]);
        expect(report.findings).toEqual(replayed.report.findings);
      });
    }

    it("an EC2 call denied on the wire (UnauthorizedOperation XML, 403): LAT-901 naming ec2:DescribeInstances, exit 3", async () => {
      const { server } = await serve(
        withFaults(healthyOrdersScenario(), [
          {
            service: "ec2",
            operation: "DescribeInstances",
            error: {
              name: "UnauthorizedOperation",
              message: `You are not authorized to perform this operation. User: ${CALLER_ARN} is not authorized to perform: ec2:DescribeInstances because no identity-based policy allows the ec2:DescribeInstances action`,
              httpStatusCode: 403,
            },
          },
        ]),
      );
      const { run, report } = await doctorOverWire(server, [DEMO.service]);
      expect(run.code, run.stderr).toBe(3);
      expect(report.complete).toBe(false);
      const lat901 = report.findings.filter((f) => f.code === "LAT-901");
      expect(lat901.map((f) => f.resource.id)).toEqual(["ec2:DescribeInstances"]);
      expect(JSON.stringify(lat901[0])).toContain("UnauthorizedOperation");
      // It went over the wire as EC2's error, and the SDK did not retry it.
      const denied = server.requests.filter((r) => r.operation === "DescribeInstances");
      expect(denied.map((r) => [r.status, r.errorCode])).toEqual([[403, "UnauthorizedOperation"]]);
      expect(report.calls.failed).toBe(1);
    });

    it("a VPC Lattice call denied on the wire (AccessDeniedException JSON, 403): LAT-901 naming vpc-lattice:ListTargets, exit 3", async () => {
      const { server } = await serve(
        withFaults(healthyOrdersScenario(), [
          {
            service: "vpc-lattice",
            operation: "ListTargets",
            error: {
              name: "AccessDeniedException",
              message: `User: ${CALLER_ARN} is not authorized to perform: vpc-lattice:ListTargets on resource: arn:aws:vpc-lattice:us-east-1:111122223333:targetgroup/${DEMO.targetGroup}`,
              httpStatusCode: 403,
            },
          },
        ]),
      );
      const { run, report } = await doctorOverWire(server, [DEMO.service]);
      expect(run.code, run.stderr).toBe(3);
      expect(report.complete).toBe(false);
      const lat901 = report.findings.filter((f) => f.code === "LAT-901");
      expect(lat901.map((f) => f.resource.id)).toEqual(["vpc-lattice:ListTargets"]);
      expect(JSON.stringify(lat901[0])).toContain("AccessDeniedException");
      const denied = server.requests.filter((r) => r.operation === "ListTargets");
      expect(denied.map((r) => [r.status, r.errorCode])).toEqual([[403, "AccessDeniedException"]]);
    });

    it("throttling answered on the wire (Lattice 429, EC2 503) is retried by the SDK: exit 0, no failed call", async () => {
      const { server } = await serve(
        withFaults(healthyOrdersScenario(), [
          {
            service: "vpc-lattice",
            operation: "GetTargetGroup",
            times: 1,
            error: { name: "ThrottlingException", message: "Rate exceeded", httpStatusCode: 429 },
          },
          {
            service: "ec2",
            operation: "DescribeSecurityGroupRules",
            times: 1,
            error: { name: "RequestLimitExceeded", message: "Request limit exceeded.", httpStatusCode: 503 },
          },
        ]),
      );
      const { run, report } = await doctorOverWire(server, [DEMO.service]);
      expect(run.code, run.stderr).toBe(0);
      expect(report.calls.failed).toBe(0);
      for (const [operation, code] of [
        ["GetTargetGroup", "ThrottlingException"],
        ["DescribeSecurityGroupRules", "RequestLimitExceeded"],
      ]) {
        // One throttled answer, then the SDK's retry of it succeeded.
        const seen = server.requests.filter((r) => r.operation === operation);
        expect(seen.filter((r) => r.errorCode).map((r) => r.errorCode)).toEqual([code]);
        expect(seen.at(-1)!.status).toBe(200);
      }
    });

    it("--record over the wire, then --replay: same findings; the recording holds the demo's calls", async () => {
      const { server } = await serve(brokenOrdersScenario());
      const dir = await mkdtemp(join(tmpdir(), "lattice-wire-"));
      const file = join(dir, "wire.recording.json");
      const { run, report } = await doctorOverWire(server, [DEMO.service, "--record", file]);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toContain("recorded");

      const replayed = await doctorReplay(["--replay", file]);
      expect(replayed.code).toBe(1);
      expect(replayed.report.findings).toEqual(report.findings);
      expect(replayed.report.calls.total).toBe(report.calls.total);

      // Every request and response, as parsed from the wire, equals the committed demo recording's.
      const saved = JSON.parse(await readFile(file, "utf8")) as Recording;
      const demo = JSON.parse(await readFile(FIXTURES[0]!.path, "utf8")) as Recording;
      expect(withoutClock(gatherCalls(saved.calls))).toEqual(withoutClock(gatherCalls(demo.calls)));
      // The recording keeps its clock and window, so the replay above asked the same GetMetricData.
      expect(saved.meta.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(saved.meta.windowSeconds).toBe(900);
    });

    it("the loopback guard does refuse other addresses (so its silence above means something)", async () => {
      const { server } = await serve(healthyOrdersScenario());
      const env = { ...(await wireEnv(server)), AWS_ENDPOINT_URL_STS: "http://192.0.2.1:9/sts" };
      const run = await runBin(["doctor", DEMO.service, "--output", "json"], env);
      expect(run.stderr).toContain("loopback-only: refused a connection to 192.0.2.1");
      const report = JSON.parse(run.stdout) as Report;
      // The refused connection is the endpoint's problem, not a permission: named by its URL.
      expect(report.findings.filter((f) => f.code === "LAT-901").map((f) => f.resource)).toEqual([
        { type: "endpoint", id: "http://192.0.2.1:9/sts" },
      ]);
    });
  },
);

describe("IAM over the wire (awsQuery XML): --as", () => {
  it("gatherIdentity through the real IAM client: the simulation's answer, parsed from XML", async () => {
    const { server } = await serve(authLayersScenario());
    const clients = clientsOf(server);
    const topology = await gather({ clients, region: REGION, serviceId: DEMO.service });
    await gatherIdentity(
      clients,
      topology,
      (await authRequestFrom({ as: AUTH.frontendSession, path: "/cart" }, "2025-11-28T09:30:00.000Z"))!,
    );
    expect(topology.failures).toEqual([]);
    expect(topology.identity).toEqual({
      policySourceArn: AUTH.frontendRole,
      action: "vpc-lattice-svcs:Invoke",
      resource: `arn:aws:vpc-lattice:us-east-1:111122223333:service/${DEMO.service}/cart`,
      evalDecision: "allowed",
      matchedStatements: [
        {
          sourcePolicyId: "VPCLatticeServicesInvokeAccess",
          sourcePolicyType: "aws-managed",
          startPosition: { line: 1, column: 38 },
          endPosition: { line: 1, column: 125 },
        },
      ],
      missingContextValues: [],
    });
    const sent = server.requests.find((r) => r.service === "iam")!;
    expect(sent.input).toMatchObject({
      PolicySourceArn: AUTH.frontendRole,
      ActionNames: ["vpc-lattice-svcs:Invoke"],
      ContextEntries: expect.arrayContaining([
        {
          ContextKeyName: "vpc-lattice-svcs:RequestPath",
          ContextKeyValues: ["/cart"],
          ContextKeyType: "string",
        },
      ]),
    });
    expect(clients.callLog.filter((c) => c.service === "iam").map((c) => [c.operation, c.ok])).toEqual([
      ["SimulatePrincipalPolicy", true],
    ]);
  });

  it("follows IsTruncated / Marker over the wire, and AccessDenied arrives as IAM's XML error", async () => {
    const { server } = await serve(authLayersScenario(), { pageSize: 1 });
    const clients = clientsOf(server);
    const results = [];
    for await (const page of paginateSimulatePrincipalPolicy(
      { client: await clients.iam() },
      {
        PolicySourceArn: AUTH.batchRole,
        ActionNames: ["vpc-lattice-svcs:Invoke", "vpc-lattice-svcs:Connect"],
        ResourceArns: ["*"],
      },
    )) {
      results.push(...(page.EvaluationResults ?? []));
    }
    expect(results.map((r) => [r.EvalActionName, r.EvalDecision])).toEqual([
      ["vpc-lattice-svcs:Invoke", "implicitDeny"],
      ["vpc-lattice-svcs:Connect", "implicitDeny"],
    ]);
    expect(
      server.requests.filter((r) => r.service === "iam").map((r) => r.input.Marker !== undefined),
    ).toEqual([false, true]);

    const topology = await gather({ clients, region: REGION, serviceId: DEMO.service });
    await gatherIdentity(
      clients,
      topology,
      (await authRequestFrom({ as: AUTH.oncallRole }, "2025-11-28T09:30:00.000Z"))!,
    );
    expect(topology.failures).toEqual([
      expect.objectContaining({
        part: "identity",
        call: "iam:SimulatePrincipalPolicy",
        kind: "access-denied",
        errorCode: "AccessDenied",
      }),
    ]);
  });

  it.skipIf(!existsSync("dist/bundle/cli.mjs"))(
    "the binary with --as: AWS_ENDPOINT_URL_IAM is honoured, LAT-409 from IAM's answer",
    async () => {
      const { server } = await serve(authLayersScenario());
      const run = await runBin(
        ["doctor", DEMO.service, "--as", AUTH.batchSession, "--path", "/reports", "--output", "json"],
        await wireEnv(server),
      );
      expect(run.code, run.stderr).toBe(1);
      const report = JSON.parse(run.stdout) as Report;
      expectValidReport(report);
      expect(report.findings.map((f) => f.code)).toEqual(["LAT-409"]);
      expect(report.auth!.identity).toMatchObject({
        decision: "denied",
        evalDecision: "implicitDeny",
        principalArn: AUTH.batchRole,
      });
      expect(server.requests.filter((r) => r.service === "iam").map((r) => r.status)).toEqual([200]);
    },
  );
});

describe("coverage", () => {
  it("the wire tests together sent every operation gather makes", () => {
    const missing = GATHER_OPERATIONS.filter((op) => !exercised.has(op));
    const skippedBin = !existsSync("dist/bundle/cli.mjs");
    // ListServices is only sent by the spawned binary's name lookup.
    expect(missing).toEqual(skippedBin ? ["vpc-lattice:ListServices"] : []);
  });
});
