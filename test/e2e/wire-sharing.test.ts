/**
 * RAM on the default path and in the hub-and-spoke trap, through the real SDK and the spawned
 * binary against the loopback wire server (RAM restJson1, EC2 query, Lattice restJson1):
 *
 * (a) the owner's own run, no --from: its network (created with sharing disabled) FAILED to join its
 *     RAM share → LAT-210, exit 1;
 * (b) hub and spoke: the app account's service is in no network, the networking account's
 *     invitation is PENDING, the client VPC (--from) has no association → LAT-208 first, then
 *     LAT-205 and LAT-201 as its effects; the trace's vpc-association hop is not "✔ (none)";
 * (c) RAM denied on the owner's read → LAT-901 naming ram:GetResourceShareAssociations, LAT-209 and
 *     LAT-210 skipped (never passed), exit 3.
 */
import { existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { Report } from "../../src/report/types.js";
import type { CallAnswerer } from "../../src/aws/recording.js";
import { FakeAccount, type Scenario } from "../support/fake-account.js";
import { DEMO, healthyOrdersScenario } from "../../bench/scenarios.js";
import { startWireServer, type WireServer } from "../support/wire-server.js";
import { expectValidReport } from "../support/validate-report.js";
import { runBin } from "../support/spawn-bin.js";
import { wireEnv } from "../support/wire-env.js";

const APP = "111122223333";
const NETWORKING = "444455556666";
const REGION = "us-east-1";
const NETWORK_ARN = `arn:aws:vpc-lattice:${REGION}:${APP}:servicenetwork/${DEMO.serviceNetwork}`;
const OWN_SHARE = `arn:aws:ram:${REGION}:${APP}:resource-share/3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d`;
const HUB_NETWORK = "sn-0c4f1a2b3d5e6f789";
const HUB_NETWORK_ARN = `arn:aws:vpc-lattice:${REGION}:${NETWORKING}:servicenetwork/${HUB_NETWORK}`;
const HUB_SHARE = `arn:aws:ram:${REGION}:${NETWORKING}:resource-share/7ab63972-b505-4f3a-a2b6-1d5f1c2c3b4a`;
const HUB_INVITATION = `arn:aws:ram:${REGION}:${NETWORKING}:resource-share-invitation/5d7c1e3a-7f10-4a3b-9c2d-6e8f0a1b2c3d`;
const CLIENT_VPC = "vpc-0f9e8d7c6b5a43210";
const WHEN = new Date("2026-12-07T08:00:00Z");

/** The owner's account: orders-api in platform-prod (sharing disabled), which FAILED to join its share. */
function ownerWithFailedShare(): Scenario {
  const scenario = healthyOrdersScenario();
  scenario.ram = {
    associations: [
      {
        resourceShareArn: OWN_SHARE,
        resourceShareName: "platform-prod-consumers",
        associatedEntity: NETWORK_ARN,
        associationType: "RESOURCE",
        status: "FAILED",
        statusMessage: `The resource you are attempting to share ${NETWORK_ARN} is not shareable.`,
        creationTime: WHEN,
        lastUpdatedTime: WHEN,
        external: false,
      },
      {
        resourceShareArn: OWN_SHARE,
        resourceShareName: "platform-prod-consumers",
        associatedEntity: "222233334444",
        associationType: "PRINCIPAL",
        status: "ASSOCIATED",
        creationTime: WHEN,
        lastUpdatedTime: WHEN,
        external: true,
      },
    ],
    shares: [
      {
        resourceShareArn: OWN_SHARE,
        name: "platform-prod-consumers",
        owningAccountId: APP,
        allowExternalPrincipals: true,
        status: "ACTIVE",
        featureSet: "STANDARD",
        creationTime: WHEN,
        lastUpdatedTime: WHEN,
      },
    ],
  };
  return scenario;
}

/**
 * The app account of the hub-and-spoke story: orders-api in no network, the networking account's
 * invitation for its network PENDING, the client VPC with no association and no endpoint.
 */
class HubAndSpokeApp implements CallAnswerer {
  private readonly fake: FakeAccount;
  constructor() {
    const scenario = healthyOrdersScenario();
    scenario.serviceAssociations = [];
    scenario.ram = {
      invitations: [
        {
          resourceShareInvitationArn: HUB_INVITATION,
          resourceShareName: "shared-services",
          resourceShareArn: HUB_SHARE,
          senderAccountId: NETWORKING,
          receiverAccountId: APP,
          invitationTimestamp: WHEN,
          status: "PENDING",
        },
      ],
      pendingResources: {
        [HUB_INVITATION]: [
          {
            arn: HUB_NETWORK_ARN,
            type: "vpc-lattice:ServiceNetwork",
            resourceShareArn: HUB_SHARE,
            status: "AVAILABLE",
            creationTime: WHEN,
            lastUpdatedTime: WHEN,
          },
        ],
      },
    };
    this.fake = new FakeAccount(scenario);
  }

  answer(service: string, operation: string, input: unknown) {
    const args = input as Record<string, unknown>;
    if (operation === "DescribeVpcs")
      return Promise.resolve({
        Vpcs: [
          {
            VpcId: CLIENT_VPC,
            OwnerId: APP,
            CidrBlock: "10.20.0.0/16",
            State: "available",
            CidrBlockAssociationSet: [
              {
                AssociationId: "vpc-cidr-assoc-0a1b2c3d4e5f60718",
                CidrBlock: "10.20.0.0/16",
                CidrBlockState: { State: "associated" },
              },
            ],
          },
        ],
        $metadata: {},
      });
    if (operation === "DescribeVpcEndpoints") return Promise.resolve({ VpcEndpoints: [], $metadata: {} });
    if (operation === "ListServiceNetworkVpcAssociations" && args.vpcIdentifier === CLIENT_VPC)
      return Promise.resolve({ items: [], $metadata: {} });
    return this.fake.answer(service, operation, input);
  }
}

let server: WireServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const statusOf = (doc: Report, code: string) => doc.checks.find((c) => c.code === code)?.status;

describe.skipIf(!existsSync("dist/src/cli.js"))("RAM over the wire", () => {
  it("(a) the owner's own run: its network FAILED to join its share → LAT-210 without --from, exit 1", async () => {
    server = await startWireServer(new FakeAccount(ownerWithFailedShare(), { pageSize: 1 }));
    const run = await runBin(["doctor", DEMO.service, "--output", "json"], await wireEnv(server));
    expect(server.problems).toEqual([]);
    const doc = JSON.parse(run.stdout) as Report;
    expectValidReport(doc);
    expect(run.code, run.stderr).toBe(1);
    const lat210 = doc.findings.find((f) => f.code === "LAT-210");
    expect(lat210?.resource.id).toBe(DEMO.serviceNetwork);
    expect(lat210?.title).toContain("its RAM resource association FAILED");
    expect(lat210?.evidence.map((e) => e.call)).toContain("ram:GetResourceShareAssociations");
    expect(JSON.stringify(lat210?.evidence)).toContain("is not shareable");
    // LAT-209 leaves a non-shareable network's FAILED association to LAT-210: it ran, and passed.
    expect(statusOf(doc, "LAT-209")).toBe("pass");
    expect(server.operations()).toEqual(
      expect.arrayContaining(["ram:GetResourceShareAssociations", "ram:GetResourceShares"]),
    );
    // Owner's side only: no consumer-side reads without --from.
    expect(server.operations()).not.toContain("ram:GetResourceShareInvitations");
  });

  it("(b) hub and spoke: LAT-208 first (accept, then associate), LAT-205 and LAT-201 after it", async () => {
    server = await startWireServer(new HubAndSpokeApp());
    const run = await runBin(
      ["doctor", DEMO.service, "--from", CLIENT_VPC, "--trace", "--output", "json"],
      await wireEnv(server),
    );
    expect(server.problems).toEqual([]);
    const doc = JSON.parse(run.stdout) as Report;
    expectValidReport(doc);
    expect(run.code, run.stderr).toBe(1);
    const codes = doc.findings.map((f) => f.code);
    expect(codes[0]).toBe("LAT-208");
    expect(codes).toEqual(expect.arrayContaining(["LAT-205", "LAT-201"]));
    const [first] = doc.findings;
    expect(first!.resource.id).toBe(HUB_INVITATION);
    expect(first!.fix.commands[0]).toContain(
      `aws ram accept-resource-share-invitation --resource-share-invitation-arn ${HUB_INVITATION}`,
    );
    expect(first!.fix.commands.join("\n")).toContain(
      `--service-network-identifier ${HUB_NETWORK_ARN} --service-identifier ${DEMO.service}`,
    );
    expect(doc.findings.find((f) => f.code === "LAT-205")?.causedBy).toBe("LAT-208");
    expect(doc.findings.find((f) => f.code === "LAT-201")?.causedBy).toBe("LAT-208");
    const hop = doc.trace?.find((h) => h.hop === "vpc-association");
    expect(hop?.status).toBe("fail");
    expect(hop?.resource).toBe(`${CLIENT_VPC}: no association`);
    expect(server.operations()).toEqual(
      expect.arrayContaining(["ram:GetResourceShareInvitations", "ram:ListPendingInvitationResources"]),
    );
    // The text trace: no "✔ vpc-association (none)".
    const text = await runBin(
      ["doctor", DEMO.service, "--from", CLIENT_VPC, "--trace", "--output", "text", "--no-color"],
      await wireEnv(server),
    );
    expect(text.stdout).not.toMatch(/✔ vpc-association\s+\(none\)/);
    expect(text.stdout).toMatch(/vpc-association\s+vpc-0f9e8d7c6b5a43210: no association\s+LAT-205/);
  });

  it("(c) RAM denied on the owner's read: LAT-901 names the action, LAT-209/210 are skipped, exit 3", async () => {
    const scenario = ownerWithFailedShare();
    scenario.faults = [
      {
        service: "ram",
        operation: "GetResourceShareAssociations",
        error: {
          name: "AccessDeniedException",
          message: `User: arn:aws:sts::${APP}:assumed-role/OnCall/alice is not authorized to perform: ram:GetResourceShareAssociations because no identity-based policy allows the ram:GetResourceShareAssociations action`,
          httpStatusCode: 403,
        },
      },
    ];
    server = await startWireServer(new FakeAccount(scenario));
    const run = await runBin(["doctor", DEMO.service, "--output", "json"], await wireEnv(server));
    expect(server.problems).toEqual([]);
    const doc = JSON.parse(run.stdout) as Report;
    expectValidReport(doc);
    expect(run.code, run.stderr).toBe(3);
    const lat901 = doc.findings.find((f) => f.code === "LAT-901");
    expect(JSON.stringify(lat901)).toContain("ram:GetResourceShareAssociations");
    expect(statusOf(doc, "LAT-209")).toBe("skip");
    expect(statusOf(doc, "LAT-210")).toBe("skip");
    expect(doc.findings.map((f) => f.code)).not.toContain("LAT-210");
  });
});
