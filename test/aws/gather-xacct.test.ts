/**
 * The client's side and the other accounts (src/aws/gather-xacct.ts), against aws-sdk-client-mock
 * stubs on real clients from createClients: three accounts — the producer owns the service (the
 * run's own credentials), a platform account owns the network and shares it through RAM, the
 * consumer owns the client's VPC (--consumer-profile). Each case runs the checks on the result.
 */
import { describe, expect, it } from "vitest";
import type { AwsStub } from "aws-sdk-client-mock";
import type { MetadataBearer } from "@smithy/types";
import {
  GetServiceNetworkVpcAssociationCommand,
  ListServiceNetworkVpcAssociationsCommand,
  ListTagsForResourceCommand,
} from "@aws-sdk/client-vpc-lattice";
import {
  DescribeInstancesCommand,
  DescribeNetworkAclsCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2ServiceException,
  type SecurityGroupRule as Ec2Rule,
} from "@aws-sdk/client-ec2";
import {
  GetResourceShareAssociationsCommand,
  GetResourceShareInvitationsCommand,
  GetResourceSharesCommand,
  ListPendingInvitationResourcesCommand,
  ListResourcesCommand,
} from "@aws-sdk/client-ram";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type { AwsClients } from "../../src/aws/clients.js";
import { stubbedClients } from "./mock-clients.js";
import { gatherCrossAccount } from "../../src/aws/gather-xacct.js";
import { checks } from "../../checks/index.js";
import { runChecks } from "../../src/engine/run-checks.js";
import { rank } from "../../src/rank/rank.js";
import type { Topology } from "../../src/topology/types.js";
import {
  ACCOUNT,
  CONSUMER_CIDR,
  IDS,
  REGION,
  serviceAssociation,
  serviceNetwork,
  serviceNetworks,
  topology,
} from "../support/topology.js";
import { CLIENT_IDS, CONSUMER, PLATFORM, platformNetworkArn } from "../support/xacct.js";

type Stub = AwsStub<object, MetadataBearer, unknown>;

interface Side {
  clients: AwsClients;
  lattice: Stub;
  ec2: Stub;
  sts: Stub;
  ram: Stub;
}

function side(label?: string): Side {
  const { clients, lattice, ec2, sts, ram } = stubbedClients(label);
  return { clients, lattice, ec2, sts, ram };
}

const NETWORK_ARN = platformNetworkArn();
const SHARE = CLIENT_IDS.share;
const INVITATION = CLIENT_IDS.invitation;

function ec2Error(name: string, message: string): EC2ServiceException {
  return new EC2ServiceException({ name, message, $fault: "client", $metadata: { httpStatusCode: 400 } });
}

/** What the producer's own gather read: the service in the platform's shareable network. */
function producerTopology(): Topology {
  return topology({
    serviceAssociations: [serviceAssociation({ serviceNetworkArn: NETWORK_ARN })],
    serviceNetworks: serviceNetworks(
      serviceNetwork({ arn: NETWORK_ARN, ownerAccountId: PLATFORM, sharingConfig: { enabled: true } }),
    ),
    vpcAssociations: [],
    securityGroups: {},
  });
}

interface ConsumerOptions {
  /** The VPC's associations: [network id, status] pairs. */
  associations?: [string, string][];
  invitation?: "PENDING" | "ACCEPTED" | "none";
  egress?: Ec2Rule[];
}

const egressAll: Ec2Rule = {
  SecurityGroupRuleId: "sgr-0f0e0d0c0b0a09081",
  GroupId: CLIENT_IDS.securityGroup,
  IsEgress: true,
  IpProtocol: "-1",
  FromPort: -1,
  ToPort: -1,
  CidrIpv4: "0.0.0.0/0",
};

/** The consumer account behind --consumer-profile: the client instance, its VPC and RAM view. */
function consumer(options: ConsumerOptions = {}): Side {
  const s = side("consumer-profile consumer-prod");
  s.sts.on(GetCallerIdentityCommand).resolves({
    Account: CONSUMER,
    Arn: `arn:aws:sts::${CONSUMER}:assumed-role/ReadOnly/jdoe`,
  });
  s.ec2.on(DescribeInstancesCommand).resolves({
    Reservations: [
      {
        OwnerId: CONSUMER,
        Instances: [
          {
            InstanceId: CLIENT_IDS.instance,
            VpcId: IDS.consumerVpc,
            SubnetId: CLIENT_IDS.subnet,
            PrivateIpAddress: CLIENT_IDS.address,
            SecurityGroups: [{ GroupId: CLIENT_IDS.securityGroup, GroupName: "checkout-workers" }],
            NetworkInterfaces: [
              {
                NetworkInterfaceId: CLIENT_IDS.eni,
                SubnetId: CLIENT_IDS.subnet,
                PrivateIpAddress: CLIENT_IDS.address,
                Attachment: { DeviceIndex: 0 },
                Groups: [{ GroupId: CLIENT_IDS.securityGroup }],
              },
            ],
          },
        ],
      },
    ],
  });
  s.ec2.on(DescribeVpcsCommand).resolves({
    Vpcs: [
      {
        VpcId: IDS.consumerVpc,
        OwnerId: CONSUMER,
        CidrBlock: CONSUMER_CIDR,
        CidrBlockAssociationSet: [{ CidrBlock: CONSUMER_CIDR, CidrBlockState: { State: "associated" } }],
      },
    ],
  });
  const associations = options.associations ?? [[IDS.serviceNetwork, "ACTIVE"]];
  const items = associations.map(([sn, status], i) => ({
    id: `snva-0e2c4a6b8d0f1357${i}`,
    arn: `arn:aws:vpc-lattice:${REGION}:${CONSUMER}:servicenetworkvpcassociation/snva-0e2c4a6b8d0f1357${i}`,
    status: status as "ACTIVE",
    serviceNetworkId: sn,
    serviceNetworkArn: `arn:aws:vpc-lattice:${REGION}:${sn === IDS.serviceNetwork ? PLATFORM : CONSUMER}:servicenetwork/${sn}`,
    serviceNetworkName: sn === IDS.serviceNetwork ? "platform-mesh" : "consumer-mesh",
    vpcId: IDS.consumerVpc,
  }));
  // Two pages: the paginator must follow nextToken.
  s.lattice
    .on(ListServiceNetworkVpcAssociationsCommand, { vpcIdentifier: IDS.consumerVpc })
    .resolves({ items: items.slice(0, 1), ...(items.length > 1 ? { nextToken: "page-2" } : {}) })
    .on(ListServiceNetworkVpcAssociationsCommand, { vpcIdentifier: IDS.consumerVpc, nextToken: "page-2" })
    .resolves({ items: items.slice(1) });
  for (const item of items) {
    s.lattice
      .on(GetServiceNetworkVpcAssociationCommand, { serviceNetworkVpcAssociationIdentifier: item.id })
      .resolves({ ...item, securityGroupIds: [IDS.clientSecurityGroup] });
  }
  s.lattice.on(ListTagsForResourceCommand).rejects(new Error("tags of a shared network are not readable"));
  s.ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [] });
  s.ec2.on(DescribeSecurityGroupRulesCommand).resolves({
    SecurityGroupRules: [
      ...(options.egress ?? [egressAll]),
      {
        SecurityGroupRuleId: "sgr-0a1b2c3d4e5f60719",
        GroupId: IDS.clientSecurityGroup,
        IsEgress: false,
        IpProtocol: "tcp",
        FromPort: 443,
        ToPort: 443,
        CidrIpv4: CONSUMER_CIDR,
      },
    ],
  });
  s.ec2.on(DescribeSubnetsCommand).resolves({
    Subnets: [{ SubnetId: CLIENT_IDS.subnet, VpcId: IDS.consumerVpc, CidrBlock: "10.20.1.0/24" }],
  });
  s.ec2.on(DescribeNetworkAclsCommand).resolves({
    NetworkAcls: [
      {
        NetworkAclId: CLIENT_IDS.networkAcl,
        VpcId: IDS.consumerVpc,
        IsDefault: true,
        Associations: [{ SubnetId: CLIENT_IDS.subnet, NetworkAclId: CLIENT_IDS.networkAcl }],
        Entries: [
          { RuleNumber: 100, Egress: false, Protocol: "-1", RuleAction: "allow", CidrBlock: "0.0.0.0/0" },
          { RuleNumber: 100, Egress: true, Protocol: "-1", RuleAction: "allow", CidrBlock: "0.0.0.0/0" },
        ],
      },
    ],
  });
  const status = options.invitation ?? "ACCEPTED";
  const invitation = {
    resourceShareInvitationArn: INVITATION,
    resourceShareArn: SHARE,
    resourceShareName: "platform-mesh",
    senderAccountId: PLATFORM,
    receiverAccountId: CONSUMER,
    status: status === "none" ? undefined : status,
    invitationTimestamp: new Date("2026-11-20T09:15:00Z"),
  };
  // RAM may answer an empty page with a token: every page is followed.
  s.ram
    .on(GetResourceShareInvitationsCommand)
    .resolves({ resourceShareInvitations: [], nextToken: "inv-2" })
    .on(GetResourceShareInvitationsCommand, { nextToken: "inv-2" })
    .resolves({ resourceShareInvitations: status === "none" ? [] : [invitation] });
  s.ram.on(ListPendingInvitationResourcesCommand).resolves({
    resources: [{ arn: NETWORK_ARN, type: "vpc-lattice:ServiceNetwork", resourceShareArn: SHARE }],
  });
  const accepted = status === "ACCEPTED" || status === "none";
  s.ram.on(GetResourceSharesCommand, { resourceOwner: "OTHER-ACCOUNTS" }).resolves({
    resourceShares: accepted
      ? [{ resourceShareArn: SHARE, name: "platform-mesh", owningAccountId: PLATFORM, status: "ACTIVE" }]
      : [],
  });
  s.ram.on(ListResourcesCommand).resolves({
    resources: accepted
      ? [
          {
            arn: NETWORK_ARN,
            type: "vpc-lattice:ServiceNetwork",
            resourceShareArn: SHARE,
            status: "AVAILABLE",
          },
        ]
      : [],
  });
  return s;
}

/** The producer (the run's own credentials): the client is not there; its RAM view of the network is fine. */
function producer(): Side {
  const s = side();
  s.ec2
    .on(DescribeInstancesCommand)
    .rejects(
      ec2Error("InvalidInstanceID.NotFound", `The instance ID '${CLIENT_IDS.instance}' does not exist`),
    );
  s.lattice.on(ListTagsForResourceCommand).rejects(new Error("tags of a shared network are not readable"));
  s.ram.on(GetResourceShareInvitationsCommand).resolves({ resourceShareInvitations: [] });
  s.ram.on(GetResourceSharesCommand).resolves({
    resourceShares: [
      { resourceShareArn: SHARE, name: "platform-mesh", owningAccountId: PLATFORM, status: "ACTIVE" },
    ],
  });
  s.ram.on(ListResourcesCommand).resolves({
    resources: [{ arn: NETWORK_ARN, resourceShareArn: SHARE, status: "AVAILABLE" }],
  });
  return s;
}

async function diagnose(p: Side, c: Side | undefined, from: string = CLIENT_IDS.instance) {
  const t = await gatherCrossAccount({
    topology: producerTopology(),
    primary: p.clients,
    ...(c ? { other: c.clients } : {}),
    from,
  });
  const run = runChecks(t, checks, { region: REGION, profile: "producer", from });
  // LAT-406 (info: no auth on the path) is the fixture's, not this module's.
  const findings = rank(
    run.findings.filter((f) => f.code !== "LAT-406"),
    { checks },
  );
  const codes = [...new Set(findings.map((f) => f.code))].sort();
  return { topology: t, run, findings, codes };
}

describe("gatherCrossAccount: three accounts (producer, platform network shared through RAM, consumer)", () => {
  it("everything accepted and associated: no finding, the client read by the consumer's credentials", async () => {
    const p = producer();
    const c = consumer();
    const { topology: t, codes, run } = await diagnose(p, c);
    expect(codes).toEqual([]);
    expect(run.checks.filter((x) => x.status === "skip")).toEqual([]);
    expect(t.client).toMatchObject({
      input: CLIENT_IDS.instance,
      kind: "instance",
      vpcId: IDS.consumerVpc,
      ownerAccountId: CONSUMER,
      subnetId: CLIENT_IDS.subnet,
      securityGroupIds: [CLIENT_IDS.securityGroup],
      privateIpAddress: CLIENT_IDS.address,
      readBy: "consumer-profile consumer-prod",
    });
    expect(t.readers).toEqual([
      { label: "default", accountId: ACCOUNT, callerArn: expect.any(String) },
      { label: "consumer-profile consumer-prod", accountId: CONSUMER, callerArn: expect.any(String) },
    ]);
    // The client's own failure in the producer's account is not a failure: another set found it.
    expect(t.failures).toEqual([]);
    expect(t.sharing?.resourceArns).toEqual([NETWORK_ARN]);
    // RAM read on both consumer sides (producer and consumer), every page.
    expect(c.ram.commandCalls(GetResourceShareInvitationsCommand)).toHaveLength(2);
    expect(p.ram.commandCalls(GetResourceShareInvitationsCommand)).toHaveLength(1);
    expect(c.ram.commandCalls(ListResourcesCommand)[0]!.args[0].input).toMatchObject({
      resourceOwner: "OTHER-ACCOUNTS",
      resourceArns: [NETWORK_ARN],
    });
    // The platform's owner side has no credentials here: noted, not attempted.
    expect(t.sharing?.unread.map((u) => u.accountId)).toEqual([PLATFORM]);
  });

  it("a shared network whose tags are unreadable: tags are never asked for, nothing is reported", async () => {
    const p = producer();
    const c = consumer();
    const { topology: t, codes } = await diagnose(p, c);
    expect(p.lattice.commandCalls(ListTagsForResourceCommand)).toHaveLength(0);
    expect(c.lattice.commandCalls(ListTagsForResourceCommand)).toHaveLength(0);
    expect(codes).not.toContain("LAT-901");
    expect(codes).not.toContain("LAT-211");
    expect(t.failures).toEqual([]);
  });

  it("the invitation is still pending: LAT-208, and LAT-205 ranked after it as its effect", async () => {
    const { findings, codes } = await diagnose(
      producer(),
      consumer({ invitation: "PENDING", associations: [] }),
    );
    expect(codes).toEqual(["LAT-205", "LAT-208"]);
    expect(findings[0]!.code).toBe("LAT-208");
    expect(findings[0]!.resource.id).toBe(INVITATION);
    expect(findings[1]).toMatchObject({ code: "LAT-205", causedBy: "LAT-208", severity: "critical" });
    expect(findings[0]!.fix.commands[0]).toBe(
      `aws ram accept-resource-share-invitation --resource-share-invitation-arn ${INVITATION} --region ${REGION} --profile consumer-prod`,
    );
  });

  it("accepted, but the association was never made: LAT-205 alone, fix ends with the association by ARN", async () => {
    const { findings, codes } = await diagnose(producer(), consumer({ associations: [] }));
    expect(codes).toEqual(["LAT-205"]);
    expect(findings[0]!.fix.commands.at(-1)).toBe(
      `aws vpc-lattice create-service-network-vpc-association --service-network-identifier ${NETWORK_ARN} ` +
        `--vpc-identifier ${IDS.consumerVpc} --security-group-ids ${CLIENT_IDS.securityGroup} --region ${REGION} --profile consumer-prod`,
    );
  });

  it("the client's VPC is associated with another network: LAT-206, not LAT-205 (every page read)", async () => {
    const c = consumer({ associations: [["sn-0b8c9d0e1f2a3b4c5", "ACTIVE"]] });
    const { codes, topology: t } = await diagnose(producer(), c);
    expect(codes).toEqual(["LAT-206"]);
    expect(t.client?.vpcAssociations?.map((a) => a.serviceNetworkId)).toEqual(["sn-0b8c9d0e1f2a3b4c5"]);
  });

  it("two pages of associations: the second one, with the service's network, counts", async () => {
    const c = consumer({
      associations: [
        ["sn-0b8c9d0e1f2a3b4c5", "DELETE_IN_PROGRESS"],
        [IDS.serviceNetwork, "ACTIVE"],
      ],
    });
    const { codes, topology: t } = await diagnose(producer(), c);
    expect(t.client?.vpcAssociations).toHaveLength(2);
    expect(c.lattice.commandCalls(ListServiceNetworkVpcAssociationsCommand)).toHaveLength(2);
    expect(codes).toEqual([]);
  });

  it("restricted client egress: LAT-506 on the client's group", async () => {
    const c = consumer({
      egress: [{ ...egressAll, IpProtocol: "tcp", FromPort: 443, ToPort: 443, CidrIpv4: CONSUMER_CIDR }],
    });
    const { findings, codes } = await diagnose(producer(), c);
    expect(codes).toEqual(["LAT-506"]);
    expect(findings[0]).toMatchObject({ severity: "critical", hop: "client" });
    expect(findings[0]!.resource.id).toBe(CLIENT_IDS.securityGroup);
  });
});

describe("gatherCrossAccount: two accounts, no credentials for the client's side", () => {
  it("the client is not in the run's account: LAT-211 (incomplete), not LAT-901", async () => {
    const { codes, topology: t, run } = await diagnose(producer(), undefined);
    expect(t.client).toBeUndefined();
    expect(t.failures).toEqual([
      expect.objectContaining({
        part: "client",
        call: "ec2:DescribeInstances",
        errorCode: "InvalidInstanceID.NotFound",
        foreignAccountId: "unknown",
      }),
    ]);
    expect(codes).toEqual(["LAT-211"]);
    expect(run.checks.find((x) => x.code === "LAT-205")?.status).toBe("skip");
  });

  it("a VPC the network's side knows names its owner in LAT-211", async () => {
    const p = producer();
    p.ec2.on(DescribeVpcsCommand).rejects(ec2Error("InvalidVpcID.NotFound", "The vpc ID does not exist"));
    const t = await gatherCrossAccount({
      topology: {
        ...producerTopology(),
        vpcAssociations: [
          {
            ...topology().vpcAssociations[0]!,
            arn: `arn:aws:vpc-lattice:${REGION}:${CONSUMER}:servicenetworkvpcassociation/snva-0a2b4c6d8e0f13579`,
          },
        ],
      },
      primary: p.clients,
      from: IDS.consumerVpc,
    });
    expect(t.failures[0]).toMatchObject({ call: "ec2:DescribeVpcs", foreignAccountId: CONSUMER });
  });

  it("unusable other credentials end nothing: recorded, and the run's own credentials go on", async () => {
    const c = consumer();
    c.sts.on(GetCallerIdentityCommand).rejects(
      Object.assign(new Error("The config profile (consumer-prod) could not be found"), {
        name: "CredentialsProviderError",
      }),
    );
    const p = producer();
    const { topology: t } = await diagnose(p, c);
    expect(t.readers?.[1]).toEqual({ label: "consumer-profile consumer-prod" });
    expect(c.ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(0);
    expect(t.failures.map((f) => f.call)).toEqual(
      expect.arrayContaining(["sts:GetCallerIdentity", "ec2:DescribeInstances"]),
    );
  });

  it("the owner side is read with the platform's credentials: a principal still ASSOCIATING → LAT-208", async () => {
    const p = producer();
    const platform = side("role arn:aws:iam::444455556666:role/LatticeDoctorRead");
    platform.sts.on(GetCallerIdentityCommand).resolves({
      Account: PLATFORM,
      Arn: `arn:aws:sts::${PLATFORM}:assumed-role/LatticeDoctorRead/lattice-doctor`,
    });
    platform.ec2.on(DescribeInstancesCommand).rejects(ec2Error("InvalidInstanceID.NotFound", "not here"));
    platform.ram
      .on(GetResourceShareAssociationsCommand, { associationType: "RESOURCE" })
      .resolves({
        resourceShareAssociations: [
          {
            resourceShareArn: SHARE,
            associatedEntity: NETWORK_ARN,
            associationType: "RESOURCE",
            status: "ASSOCIATED",
          },
        ],
      })
      .on(GetResourceShareAssociationsCommand, { associationType: "PRINCIPAL" })
      .resolves({
        resourceShareAssociations: [
          {
            resourceShareArn: SHARE,
            associatedEntity: ACCOUNT,
            associationType: "PRINCIPAL",
            status: "ASSOCIATING",
            external: true,
          },
        ],
      });
    platform.ram.on(GetResourceSharesCommand, { resourceOwner: "SELF" }).resolves({
      resourceShares: [
        { resourceShareArn: SHARE, name: "platform-mesh", owningAccountId: PLATFORM, status: "ACTIVE" },
      ],
    });
    const t = await gatherCrossAccount({
      topology: producerTopology(),
      primary: p.clients,
      other: platform.clients,
    });
    expect(
      platform.ram.commandCalls(GetResourceShareAssociationsCommand).map((c) => c.args[0].input),
    ).toEqual([
      { associationType: "RESOURCE", resourceArn: NETWORK_ARN, maxResults: 500 },
      { associationType: "PRINCIPAL", resourceShareArns: [SHARE], maxResults: 500 },
    ]);
    const run = runChecks(t, checks, { region: REGION, profile: "producer" });
    const lat208 = run.findings.filter((f) => f.code === "LAT-208");
    expect(lat208).toHaveLength(1);
    expect(lat208[0]!.title).toContain("ASSOCIATING");
  });
});

describe("gatherCrossAccount: a shared VPC", () => {
  it("the client's VPC is owned by another account: its associations are that owner's (LAT-211), not guessed", async () => {
    const c = consumer();
    c.ec2.on(DescribeVpcsCommand).resolves({
      Vpcs: [{ VpcId: IDS.consumerVpc, OwnerId: PLATFORM, CidrBlock: CONSUMER_CIDR }],
    });
    const { topology: t, codes, run } = await diagnose(producer(), c);
    expect(t.client?.ownerAccountId).toBe(PLATFORM);
    expect(c.lattice.commandCalls(ListServiceNetworkVpcAssociationsCommand)).toHaveLength(0);
    expect(t.failures).toEqual([
      expect.objectContaining({
        part: "clientVpcAssociations",
        errorCode: "NotVpcOwner",
        foreignAccountId: PLATFORM,
        readBy: "consumer-profile consumer-prod",
      }),
    ]);
    expect(codes).toContain("LAT-211");
    expect(codes).not.toContain("LAT-205");
    expect(run.checks.find((x) => x.code === "LAT-205")?.status).toBe("skip");
  });
});

describe("gatherCrossAccount: the client kinds", () => {
  it("--from sg-…: the group's VPC, no subnet", async () => {
    const c = consumer();
    const { DescribeSecurityGroupsCommand } = await import("@aws-sdk/client-ec2");
    c.ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [{ GroupId: CLIENT_IDS.securityGroup, VpcId: IDS.consumerVpc, OwnerId: CONSUMER }],
    });
    const p = producer();
    p.ec2.on(DescribeSecurityGroupsCommand).rejects(ec2Error("InvalidGroup.NotFound", "not here"));
    const { topology: t } = await diagnose(p, c, CLIENT_IDS.securityGroup);
    expect(t.client).toMatchObject({
      kind: "security-group",
      vpcId: IDS.consumerVpc,
      securityGroupIds: [CLIENT_IDS.securityGroup],
    });
    expect(t.client?.subnetId).toBeUndefined();
    expect(c.ec2.commandCalls(DescribeSubnetsCommand)).toHaveLength(0);
  });

  it("--from vpc-…: just the VPC, no groups", async () => {
    const c = consumer();
    const p = producer();
    p.ec2.on(DescribeVpcsCommand).rejects(ec2Error("InvalidVpcID.NotFound", "not here"));
    const { topology: t, codes } = await diagnose(p, c, IDS.consumerVpc);
    expect(t.client).toMatchObject({
      kind: "vpc",
      vpcId: IDS.consumerVpc,
      ownerAccountId: CONSUMER,
      securityGroupIds: [],
      vpcCidrBlocks: [CONSUMER_CIDR],
    });
    expect(codes).toEqual([]);
  });
});

describe("gatherCrossAccount: hub and spoke (the service and the client's VPC in no network)", () => {
  const HUB_INVITATION = CLIENT_IDS.invitation;

  function app(): Side {
    const s = side();
    s.sts.on(GetCallerIdentityCommand).resolves({
      Account: ACCOUNT,
      Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/OnCall/alice`,
    });
    s.ec2.on(DescribeVpcsCommand).resolves({
      Vpcs: [{ VpcId: IDS.consumerVpc, OwnerId: ACCOUNT, CidrBlock: CONSUMER_CIDR, State: "available" }],
    });
    s.lattice.on(ListServiceNetworkVpcAssociationsCommand).resolves({ items: [] });
    s.ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [] });
    // RAM may answer an empty page with a token: every page is read.
    s.ram
      .on(GetResourceShareInvitationsCommand)
      .resolvesOnce({ resourceShareInvitations: [], nextToken: "inv-page-2" })
      .resolves({
        resourceShareInvitations: [
          {
            resourceShareInvitationArn: HUB_INVITATION,
            resourceShareName: "platform-mesh",
            resourceShareArn: SHARE,
            senderAccountId: PLATFORM,
            receiverAccountId: ACCOUNT,
            invitationTimestamp: new Date("2026-12-07T08:00:00Z"),
            status: "PENDING",
          },
        ],
      });
    s.ram
      .on(ListPendingInvitationResourcesCommand)
      .resolvesOnce({ resources: [], nextToken: "res-page-2" })
      .resolves({
        resources: [
          {
            arn: NETWORK_ARN,
            type: "vpc-lattice:ServiceNetwork",
            resourceShareArn: SHARE,
            status: "AVAILABLE",
          },
        ],
      });
    return s;
  }

  it("reads every page of the pending invitations: LAT-208 first, LAT-205 and LAT-201 as its effects", async () => {
    const a = app();
    const t = await gatherCrossAccount({
      topology: topology({ serviceAssociations: [], serviceNetworks: {}, vpcAssociations: [] }),
      primary: a.clients,
      from: IDS.consumerVpc,
    });
    expect(a.ram.commandCalls(GetResourceShareInvitationsCommand)).toHaveLength(2);
    expect(a.ram.commandCalls(ListPendingInvitationResourcesCommand)).toHaveLength(2);
    expect(a.ram.commandCalls(ListPendingInvitationResourcesCommand)[0]!.args[0].input).toMatchObject({
      resourceShareInvitationArn: HUB_INVITATION,
    });
    expect(t.sharing?.resourceArns).toEqual([NETWORK_ARN]);
    expect(t.sharing?.invitations).toEqual([
      expect.objectContaining({ status: "PENDING", resourceArns: [NETWORK_ARN], readBy: "default" }),
    ]);
    const run = runChecks(t, checks, { region: REGION, from: IDS.consumerVpc });
    const findings = rank(
      run.findings.filter((f) => f.code !== "LAT-406"),
      { checks },
    );
    expect(findings.map((f) => [f.code, f.causedBy])).toEqual([
      ["LAT-208", undefined],
      ["LAT-205", "LAT-208"], // the client's side first (hop order), both after their cause
      ["LAT-201", "LAT-208"],
    ]);
  });

  it("the invitations denied: a `sharing` failure, LAT-208 skipped (not passed)", async () => {
    const a = app();
    a.ram.on(GetResourceShareInvitationsCommand).rejects(
      Object.assign(new Error("not authorized to perform: ram:GetResourceShareInvitations"), {
        name: "AccessDeniedException",
        $fault: "client",
        $metadata: { httpStatusCode: 403 },
      }),
    );
    const t = await gatherCrossAccount({
      topology: topology({ serviceAssociations: [], serviceNetworks: {}, vpcAssociations: [] }),
      primary: a.clients,
      from: IDS.consumerVpc,
    });
    expect(t.failures).toEqual([
      expect.objectContaining({ part: "sharing", action: "ram:GetResourceShareInvitations" }),
    ]);
    const run = runChecks(t, checks, { region: REGION, from: IDS.consumerVpc });
    expect(run.checks.find((c) => c.code === "LAT-208")?.status).toBe("skip");
  });

  it("both in a network: no invitation is read", async () => {
    const a = app();
    a.lattice.on(ListServiceNetworkVpcAssociationsCommand).resolves({
      items: [
        {
          id: CLIENT_IDS.vpcAssociation,
          status: "ACTIVE",
          serviceNetworkId: IDS.serviceNetwork,
          vpcId: IDS.consumerVpc,
        },
      ],
    });
    await gatherCrossAccount({ topology: topology(), primary: a.clients, from: IDS.consumerVpc });
    expect(a.ram.commandCalls(GetResourceShareInvitationsCommand)).toHaveLength(0);
  });
});
