/**
 * gather reads the owner's side of RAM for the networks the run's own account owns, in every run
 * (no --from): GetResourceShareAssociations RESOURCE per network, then, for the shares found, their
 * PRINCIPAL associations and GetResourceShares SELF. Every page; the RAM client is loaded only
 * when there is such a network; a denied read is a `sharing` failure (LAT-901), never an empty list.
 */
import { describe, expect, it } from "vitest";
import {
  GetResourceShareAssociationsCommand,
  GetResourceSharesCommand,
  RAMServiceException,
} from "@aws-sdk/client-ram";
import { ListServiceNetworkServiceAssociationsCommand } from "@aws-sdk/client-vpc-lattice";
import type { ResourceShareAssociation } from "@aws-sdk/client-ram";
import { gather } from "../../src/aws/gather.js";
import { ACCOUNT, fakeAccount, REGION, SN1_ARN, SN2_ARN, SVC, defaultAccount } from "./default-account.js";
import { mockAccount } from "./mock-clients.js";

const SHARE = `arn:aws:ram:${REGION}:${ACCOUNT}:resource-share/3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d`;
const OLD_SHARE = `arn:aws:ram:${REGION}:${ACCOUNT}:resource-share/9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d`;
const NOT_SHAREABLE = `The resource you are attempting to share ${SN1_ARN} is not shareable.`;

function association(overrides: Partial<ResourceShareAssociation>): ResourceShareAssociation {
  return {
    resourceShareArn: SHARE,
    resourceShareName: "prod-mesh-consumers",
    associatedEntity: SN1_ARN,
    associationType: "RESOURCE",
    status: "ASSOCIATED",
    creationTime: new Date("2026-11-20T09:15:00Z"),
    lastUpdatedTime: new Date("2026-11-20T09:15:02Z"),
    external: false,
    ...overrides,
  };
}

/** The account owns SN1 (SN2 is 444455556666's); SN1 is in two shares, one FAILED. */
function accountWithShares() {
  const data = defaultAccount();
  data.ram = {
    associations: [
      association({ status: "FAILED", statusMessage: NOT_SHAREABLE }),
      association({ resourceShareArn: OLD_SHARE, resourceShareName: "prod-mesh-old" }),
      association({ associationType: "PRINCIPAL", associatedEntity: "222233334444", external: true }),
      association({
        resourceShareArn: OLD_SHARE,
        associationType: "PRINCIPAL",
        associatedEntity: "333344445555",
        status: "ASSOCIATING",
        external: true,
      }),
    ],
    shares: [
      {
        resourceShareArn: SHARE,
        name: "prod-mesh-consumers",
        owningAccountId: ACCOUNT,
        allowExternalPrincipals: true,
        status: "ACTIVE",
        featureSet: "STANDARD",
      },
      {
        resourceShareArn: OLD_SHARE,
        name: "prod-mesh-old",
        owningAccountId: ACCOUNT,
        allowExternalPrincipals: true,
        status: "ACTIVE",
        featureSet: "STANDARD",
      },
    ],
  };
  return data;
}

describe("gather: the owner's side of RAM", () => {
  it("reads every page of the shares of the networks the account owns, and only those", async () => {
    // pageSize 1: every list of two or more items spans several pages.
    const m = mockAccount(fakeAccount(accountWithShares(), { pageSize: 1 }));
    const t = await gather({ clients: m.clients, region: REGION, serviceId: SVC });

    expect(t.failures).toEqual([]);
    expect(t.sharing?.resourceArns).toEqual([SN1_ARN]);
    const calls = m.ram.commandCalls(GetResourceShareAssociationsCommand).map((c) => c.args[0].input);
    // RESOURCE for SN1 only (SN2 belongs to another account: its owner's side is not this account's).
    // Two pages (the paginator reuses its input object, so only the last token is visible here).
    const byResource = calls.filter((c) => c.associationType === "RESOURCE");
    expect(byResource).toHaveLength(2);
    for (const c of byResource) expect(c).toMatchObject({ resourceArn: SN1_ARN, maxResults: 500 });
    expect(
      m.fake.calls
        .filter((c) => c.operation === "GetResourceShareAssociations")
        .map((c) => c.input.nextToken),
    ).toEqual([undefined, "1", undefined, "1"]);
    expect(calls.some((c) => c.resourceArn === SN2_ARN)).toBe(false);
    // PRINCIPAL for both shares found, two pages.
    expect(calls.filter((c) => c.associationType === "PRINCIPAL")).toHaveLength(2);
    const shares = m.ram.commandCalls(GetResourceSharesCommand).map((c) => c.args[0].input);
    expect(shares).toHaveLength(2);
    expect(shares[0]).toMatchObject({ resourceOwner: "SELF", resourceShareArns: [SHARE, OLD_SHARE] });

    expect(t.sharing?.associations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          resourceShareArn: SHARE,
          associationType: "RESOURCE",
          associatedEntity: SN1_ARN,
          status: "FAILED",
          statusMessage: NOT_SHAREABLE,
          readBy: "default",
        }),
        expect.objectContaining({ associatedEntity: "333344445555", status: "ASSOCIATING" }),
      ]),
    );
    expect(t.sharing?.associations).toHaveLength(4);
    expect(t.sharing?.shares.map((s) => [s.resourceShareArn, s.status, s.resourceOwner])).toEqual([
      [SHARE, "ACTIVE", "SELF"],
      [OLD_SHARE, "ACTIVE", "SELF"],
    ]);
  });

  it("a network in no share: one RESOURCE read, no share read, an empty owner's side", async () => {
    const m = mockAccount();
    const t = await gather({ clients: m.clients, region: REGION, serviceId: SVC });
    expect(m.ram.commandCalls(GetResourceShareAssociationsCommand)).toHaveLength(1);
    expect(m.ram.commandCalls(GetResourceSharesCommand)).toHaveLength(0);
    expect(t.sharing).toEqual({
      resourceArns: [SN1_ARN],
      invitations: [],
      shares: [],
      associations: [],
      resources: [],
      unread: [],
    });
  });

  it("denied: a `sharing` failure naming ram:GetResourceShareAssociations, not an empty share list", async () => {
    const m = mockAccount(fakeAccount(accountWithShares()));
    m.ram.on(GetResourceShareAssociationsCommand).rejects(
      new RAMServiceException({
        name: "AccessDeniedException",
        $fault: "client",
        $metadata: { httpStatusCode: 403 },
        message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/OnCall/alice is not authorized to perform: ram:GetResourceShareAssociations because no identity-based policy allows the ram:GetResourceShareAssociations action`,
      }),
    );
    const t = await gather({ clients: m.clients, region: REGION, serviceId: SVC });
    expect(t.failures).toEqual([
      expect.objectContaining({
        part: "sharing",
        call: "ram:GetResourceShareAssociations",
        action: "ram:GetResourceShareAssociations",
        resource: SN1_ARN,
        kind: "access-denied",
      }),
    ]);
    expect(m.ram.commandCalls(GetResourceSharesCommand)).toHaveLength(0);
  });

  it("a service in no network: RAM is never loaded", async () => {
    const m = mockAccount();
    m.lattice.on(ListServiceNetworkServiceAssociationsCommand).resolves({ items: [] });
    const t = await gather({ clients: m.clients, region: REGION, serviceId: SVC });
    expect(m.ramLoads()).toBe(0);
    expect(t.sharing).toBeUndefined();
  });

  it("the association list unread: no owner's read either (its checks are skipped by that failure)", async () => {
    const m = mockAccount();
    m.lattice.on(ListServiceNetworkServiceAssociationsCommand).rejects(
      Object.assign(new Error("Rate exceeded"), {
        name: "ServiceUnavailableException",
        $fault: "server",
        $metadata: { httpStatusCode: 503 },
      }),
    );
    const t = await gather({ clients: m.clients, region: REGION, serviceId: SVC, concurrency: 4 });
    expect(m.ramLoads()).toBe(0);
    expect(t.sharing).toBeUndefined();
    expect(t.failures.map((f) => f.part)).toContain("serviceAssociations");
  });
});
