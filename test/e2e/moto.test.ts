/**
 * Against an AWS-compatible endpoint nobody here wrote: moto's server (`python3 -m moto.server`, in the
 * machine image), through the real SDK and the spawned binary. moto implements part of VPC Lattice
 * (services, networks, associations, listeners, target groups, auth policies) and fails the rest, or
 * some calls' pagination parameters, with an HTML 500 page — exactly the "partial endpoint" an on-call
 * engineer's proxy or a half-implemented emulator presents. What this proves, whatever moto
 * implements on the day:
 *
 * - the run never crashes and never exits 2 for a service id the endpoint itself issued;
 * - every check that passes judged something that was read: a failed read makes the checks behind it
 *   (directly or through the request path) skip, and the trace shows those hops as unknown;
 * - a failure that is not an AWS denial is never blamed on IAM (no `iam-action` resource);
 * - a run with any failed read is never `healthy`.
 *
 * Skipped, with the reason, when python3 cannot import moto.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateListenerCommand,
  CreateServiceCommand,
  CreateServiceNetworkCommand,
  CreateServiceNetworkServiceAssociationCommand,
  CreateServiceNetworkVpcAssociationCommand,
  CreateTargetGroupCommand,
  VPCLatticeClient,
} from "@aws-sdk/client-vpc-lattice";
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
  RunInstancesCommand,
} from "@aws-sdk/client-ec2";
import { runBin, doctorJson } from "../support/spawn-bin.js";

const REGION = "us-east-1";
const hasMoto = spawnSync("python3", ["-c", "import moto.server"], { stdio: "ignore" }).status === 0;

/** Checks that judge what hangs off the service's listeners (rules, target groups, targets, their SGs). */
const BEHIND_LISTENERS = [
  "LAT-301",
  "LAT-302",
  "LAT-303",
  "LAT-304",
  "LAT-305",
  "LAT-501",
  "LAT-502",
  "LAT-503",
  "LAT-504",
];
const HOPS_BEHIND_LISTENERS = ["rule", "target-group", "targets"];

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function waitForServer(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${url}/moto-api/`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`moto did not answer on ${url} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!hasMoto)("lattice doctor against moto's server (python3 -m moto.server)", () => {
  let moto: ChildProcess | undefined;
  let endpoint = "";
  let env: Record<string, string> = {};
  let serviceId = "";

  beforeAll(async () => {
    const port = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    moto = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], {
      stdio: "ignore",
    });
    await waitForServer(endpoint, 30_000);

    const config = {
      endpoint,
      region: REGION,
      credentials: { accessKeyId: "AKIAMOTOTEST00000000", secretAccessKey: "moto-test-secret" },
      maxAttempts: 1,
    };
    const ec2 = new EC2Client(config);
    const lattice = new VPCLatticeClient(config);
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.20.0.0/16" }))).Vpc!.VpcId!;
    const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.20.1.0/24" })))
      .Subnet!.SubnetId!;
    const groupId = (
      await ec2.send(
        new CreateSecurityGroupCommand({
          GroupName: "orders-targets",
          Description: "orders targets",
          VpcId: vpcId,
        }),
      )
    ).GroupId!;
    // The seed's trap: the targets trust only the client VPC's CIDR, not Lattice's prefix list.
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [
          { IpProtocol: "tcp", FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: "10.30.0.0/16" }] },
        ],
      }),
    );
    await ec2.send(
      new RunInstancesCommand({
        ImageId: "ami-12c6146b",
        MinCount: 1,
        MaxCount: 1,
        SubnetId: subnetId,
        SecurityGroupIds: [groupId],
      }),
    );
    const service = await lattice.send(new CreateServiceCommand({ name: "orders-api", authType: "AWS_IAM" }));
    serviceId = service.id!;
    const network = await lattice.send(
      new CreateServiceNetworkCommand({ name: "core-network", authType: "NONE" }),
    );
    await lattice.send(
      new CreateServiceNetworkServiceAssociationCommand({
        serviceIdentifier: serviceId,
        serviceNetworkIdentifier: network.id!,
      }),
    );
    await lattice.send(
      new CreateServiceNetworkVpcAssociationCommand({
        serviceNetworkIdentifier: network.id!,
        vpcIdentifier: vpcId,
        securityGroupIds: [groupId],
      }),
    );
    const targetGroup = await lattice.send(
      new CreateTargetGroupCommand({
        name: "orders-tg",
        type: "INSTANCE",
        config: { port: 8080, protocol: "HTTP", vpcIdentifier: vpcId },
      }),
    );
    await lattice.send(
      new CreateListenerCommand({
        serviceIdentifier: serviceId,
        name: "http",
        protocol: "HTTP",
        port: 80,
        defaultAction: {
          forward: { targetGroups: [{ targetGroupIdentifier: targetGroup.id!, weight: 100 }] },
        },
      }),
    );

    const home = await mkdtemp(join(tmpdir(), "lattice-moto-home-"));
    env = {
      PATH: process.env.PATH ?? "",
      HOME: home,
      AWS_CONFIG_FILE: join(home, "no-config"),
      AWS_SHARED_CREDENTIALS_FILE: join(home, "no-credentials"),
      AWS_ACCESS_KEY_ID: "AKIAMOTOTEST00000000",
      AWS_SECRET_ACCESS_KEY: "moto-test-secret",
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL: endpoint,
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    };
  }, 90_000);

  afterAll(() => {
    moto?.kill("SIGTERM");
  });

  it("by name: finds the AWS_IAM service without an auth policy, and passes nothing it did not read", async () => {
    const { run, report } = await doctorJson(["orders-api"], env, 60_000);
    expect(run.code, run.stderr).not.toBe(2);
    expect(report.target.id).toBe(serviceId);
    expect(report.findings.map((f) => f.code)).toContain("LAT-401");

    const failedReads = report.findings.filter((f) => f.code === "LAT-901");
    if (failedReads.length > 0) {
      expect(report.verdict).not.toBe("healthy");
      expect(report.complete).toBe(false);
    }
    // No failure that is not an AWS denial is blamed on IAM.
    for (const finding of failedReads) {
      const denied = finding.evidence.some((e) =>
        /AccessDenied|UnauthorizedOperation|NotAuthorized/.test(JSON.stringify(e.observed)),
      );
      if (!denied) expect(finding.resource.type, finding.title).not.toBe("iam-action");
    }
    const listenersUnread = failedReads.some((f) =>
      f.evidence.some((e) => e.call === "vpc-lattice:ListListeners"),
    );
    if (listenersUnread) {
      const status = new Map(report.checks.map((c) => [c.code, c.status]));
      for (const code of BEHIND_LISTENERS)
        expect(status.get(code), `${code} behind unread listeners`).not.toBe("pass");
      for (const hop of report.trace.filter((h) => HOPS_BEHIND_LISTENERS.includes(h.hop))) {
        expect(hop.status, `trace hop ${hop.hop} behind unread listeners`).toBe("unknown");
      }
    }
  }, 90_000);

  it("by the id the endpoint issued: not a usage error, the same service", async () => {
    const { run, report } = await doctorJson([serviceId], env, 60_000);
    expect(run.code, run.stderr).not.toBe(2);
    expect(report.target.id).toBe(serviceId);
  }, 90_000);

  it("an id cut short: asked anyway, not found (exit 4), with a hint at AWS's id form", async () => {
    const run = await runBin(["doctor", "svc-0a1b2c3d4e5f6789"], env, 60_000);
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain("svc- followed by 17 lowercase letters or digits");
  }, 90_000);

  it("a service the endpoint does not know: exit 4, not a crash", async () => {
    const run = await runBin(["doctor", "payments-api"], env, 60_000);
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 90_000);
});
