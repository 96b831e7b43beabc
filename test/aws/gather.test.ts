import { describe, expect, it } from "vitest";
import {
  AccessDeniedException,
  GetAuthPolicyCommand,
  GetListenerCommand,
  GetRuleCommand,
  GetServiceCommand,
  GetServiceNetworkCommand,
  GetServiceNetworkServiceAssociationCommand,
  GetServiceNetworkVpcAssociationCommand,
  GetTargetGroupCommand,
  ListListenersCommand,
  ListRulesCommand,
  ListServiceNetworkResourceAssociationsCommand,
  ListServiceNetworkServiceAssociationsCommand,
  ListServiceNetworkVpcAssociationsCommand,
  ListServiceNetworkVpcEndpointAssociationsCommand,
  ListTargetsCommand,
  ResourceNotFoundException,
  ThrottlingException,
} from "@aws-sdk/client-vpc-lattice";
import {
  DescribeInstancesCommand,
  DescribeManagedPrefixListsCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  EC2ServiceException,
  GetManagedPrefixListEntriesCommand,
} from "@aws-sdk/client-ec2";
import { GetCallerIdentityCommand, STSServiceException } from "@aws-sdk/client-sts";
import { gather } from "../../src/aws/gather.js";
import { ServiceNotFoundError, type ProgressEvent } from "../../src/aws/gather-api.js";
import { ReadOnlyViolation } from "../../src/aws/clients.js";
import { AwsConfigError } from "../../src/aws/failures.js";
import { ReplayMiss } from "../../src/aws/recording.js";
import type { Topology, TopologyPart } from "../../src/topology/types.js";
import {
  ACCOUNT,
  ACL_APP,
  ACL_DEFAULT,
  fakeAccount,
  I1,
  I2,
  I3,
  L1,
  L2,
  PL4,
  PL6,
  R1,
  R2,
  REGION,
  SERVICE_POLICY,
  SN1,
  SN2,
  SN1_ARN,
  SN2_ARN,
  SNRA1,
  SNRA2,
  SNSA2,
  SNVA1,
  SNVA3,
  SNVA4,
  SUBNET_A,
  SUBNET_B,
  SUBNET_C,
  SVC,
  TG_A,
  TG_B,
  TG_C,
  TG_D,
  VPC_T,
  VPCE1,
  VPCE2,
  awsError,
  defaultAccount,
  sg,
  targetGroupOf,
  tgArn,
} from "./default-account.js";
import { mockAccount, type Mocked } from "./mock-clients.js";

function run(m: Mocked, extra: { concurrency?: number; onProgress?: (e: ProgressEvent) => void } = {}) {
  return gather({ clients: m.clients, region: REGION, serviceId: SVC, ...extra });
}

const latticeDenied = (op: string) =>
  new AccessDeniedException({
    message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/OnCall/alice is not authorized to perform: vpc-lattice:${op}`,
    $metadata: { httpStatusCode: 403 },
  });
const ec2Denied = (op: string) =>
  new EC2ServiceException({
    name: "UnauthorizedOperation",
    $fault: "client",
    $metadata: { httpStatusCode: 403 },
    message: `You are not authorized to perform this operation. User: arn:aws:sts::${ACCOUNT}:assumed-role/OnCall/alice is not authorized to perform: ec2:${op}`,
  });
const stsDenied = () =>
  new STSServiceException({
    name: "AccessDenied",
    $fault: "client",
    $metadata: { httpStatusCode: 403 },
    message: "not authorized to perform: sts:GetCallerIdentity",
  });

describe("gather: a complete read", () => {
  it("builds each client on its first use: no IAM client (only --as reads IAM), each other one once", async () => {
    const m = mockAccount();
    let iamLoads = 0;
    m.clients.iam = () => {
      iamLoads++;
      return Promise.reject(new Error("gather must not read IAM"));
    };
    const t = await run(m);
    expect(t.failures).toEqual([]);
    expect(iamLoads).toBe(0);
    // gather asks each getter once and keeps the client (behind its limiter).
    for (const key of ["lattice", "ec2", "sts", "cloudwatch"] as const) expect(m.loads(key), key).toBe(1);
  });

  it("follows every page of every List/Describe call and assembles the topology", async () => {
    const m = mockAccount();
    const t = await run(m);

    expect(t.failures).toEqual([]);
    expect(t.topologyVersion).toBe(1);
    expect(t.region).toBe(REGION);
    expect(t.accountId).toBe(ACCOUNT);
    expect(t.callerArn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/OnCall/alice`);
    expect(t.service).toMatchObject({ id: SVC, name: "payments", status: "ACTIVE", authType: "AWS_IAM" });
    expect(t.service.dnsEntry?.hostedZoneId).toBe("Z0123456789ABCDEFGHIJ");

    // Every paginated call really spanned several pages (the fake answers one item per page).
    for (const op of [
      "ListListeners",
      "ListRules",
      "ListTargets",
      "ListServiceNetworkServiceAssociations",
      "ListServiceNetworkVpcAssociations",
      "ListServiceNetworkResourceAssociations",
      "ListServiceNetworkVpcEndpointAssociations",
    ]) {
      expect(
        m.fake.callsOf(op).some((c) => c.input.nextToken),
        op,
      ).toBe(true);
    }
    for (const op of [
      "DescribeInstances",
      "DescribeNetworkInterfaces",
      "DescribeSecurityGroupRules",
      "DescribeSecurityGroups",
      "DescribeManagedPrefixLists",
      "GetManagedPrefixListEntries",
      "DescribeSubnets",
      "DescribeNetworkAcls",
    ]) {
      expect(
        m.fake.callsOf(op).some((c) => c.input.NextToken),
        op,
      ).toBe(true);
    }

    // ListListeners page 2
    expect(t.listeners.map((l) => l.id)).toEqual([L1, L2]);
    expect(t.listeners[1]).toMatchObject({
      protocol: "HTTP",
      port: 80,
      defaultAction: { type: "fixedResponse", statusCode: 404 },
    });
    // ListRules: the default rule (page 1) is skipped, the rules on pages 2 and 3 are kept
    expect(t.listeners[0]!.rules.map((r) => r.id)).toEqual([R1, R2]);
    expect(t.listeners[0]!.rules[1]).toMatchObject({
      priority: 20,
      isDefault: false,
      match: { httpMatch: { method: "POST" } },
      action: {
        type: "forward",
        targetGroups: [
          { targetGroupIdentifier: TG_C, weight: 90 },
          { targetGroupIdentifier: TG_D, weight: 10 },
        ],
      },
    });
    // A rule naming its target group by ARN is normalised to the tg- id
    expect(t.listeners[0]!.rules[0]!.action).toEqual({
      type: "forward",
      targetGroups: [{ targetGroupIdentifier: TG_B, weight: 100 }],
    });
    expect(t.listeners[0]!.defaultAction).toEqual({
      type: "forward",
      targetGroups: [{ targetGroupIdentifier: TG_A, weight: 100 }],
    });

    expect(Object.keys(t.targetGroups)).toEqual([TG_A, TG_B, TG_C, TG_D]);
    const a = t.targetGroups[TG_A]!;
    expect(a).toMatchObject({
      type: "INSTANCE",
      port: 8080,
      protocol: "HTTP",
      vpcIdentifier: VPC_T,
      serviceArns: [expect.stringContaining(SVC)],
    });
    expect(a.healthCheck).toEqual({
      enabled: true,
      protocol: "HTTP",
      path: "/health",
      port: 8081,
      matcher: { httpCode: "200" },
    });
    // ListTargets page 3 and DescribeInstances page 3
    expect(a.targets).toEqual([
      {
        id: I1,
        port: 8080,
        status: "HEALTHY",
        // primary ENI's group first, then the secondary ENI's
        securityGroupIds: [sg(1), sg(2)],
        subnetId: "subnet-0a00000000000001a",
        vpcId: VPC_T,
        networkInterfaceId: "eni-0a000000000000011",
      },
      {
        id: I2,
        port: 8080,
        status: "UNHEALTHY",
        reasonCode: "HealthCheckFailed",
        securityGroupIds: [sg(1)],
        subnetId: "subnet-0a00000000000001b",
        vpcId: VPC_T,
        networkInterfaceId: "eni-0a000000000000021",
      },
      {
        id: I3,
        port: 8080,
        status: "HEALTHY",
        securityGroupIds: [sg(3)],
        subnetId: "subnet-0a00000000000001b",
        vpcId: VPC_T,
        networkInterfaceId: "eni-0a000000000000031",
      },
    ]);
    // IP targets: secondary address resolved to its ENI; ENI page 2; same address in another VPC excluded
    const b = t.targetGroups[TG_B]!;
    expect(b.targets?.map((x) => [x.id, x.networkInterfaceId, x.securityGroupIds])).toEqual([
      ["10.0.1.10", "eni-0b000000000000001", [sg(4)]],
      ["10.0.2.20", "eni-0b000000000000002", [sg(5)]],
      ["10.0.1.11", "eni-0b000000000000001", [sg(4)]],
    ]);
    // LAMBDA: no config, no EC2 lookup
    expect(t.targetGroups[TG_C]).toMatchObject({ type: "LAMBDA", targets: [{ status: "UNAVAILABLE" }] });
    expect(t.targetGroups[TG_C]!.port).toBeUndefined();
    // IPv6: the ENI writes the address uncompressed, the target compressed
    expect(t.targetGroups[TG_D]!.targets?.[0]).toMatchObject({
      networkInterfaceId: "eni-0d000000000000001",
      securityGroupIds: [sg(6)],
    });

    // ListServiceNetworkServiceAssociations page 2: the shared network, whose association failed;
    // GetServiceNetworkServiceAssociation is called for that one only
    expect(t.serviceAssociations.map((x) => x.serviceNetworkId)).toEqual([SN1, SN2]);
    expect(t.serviceAssociations[0]).not.toHaveProperty("failureCode");
    expect(t.serviceAssociations[1]).toMatchObject({
      id: SNSA2,
      status: "CREATE_FAILED",
      failureCode: "AccessDeniedException",
      failureMessage: expect.stringContaining("is not shared with account"),
    });
    expect(
      m.fake
        .callsOf("GetServiceNetworkServiceAssociation")
        .map((c) => c.input.serviceNetworkServiceAssociationIdentifier),
    ).toEqual([SNSA2]);
    expect(t.serviceNetworks[SN2]).toMatchObject({
      authType: "NONE",
      sharingConfig: { enabled: true },
      ownerAccountId: "444455556666",
    });
    expect(t.serviceNetworks[SN1]).toMatchObject({ ownerAccountId: ACCOUNT, numberOfAssociatedVPCs: 3 });
    // ListServiceNetworkVpcAssociations pages 2 and 3, GetServiceNetworkVpcAssociation details
    expect(t.vpcAssociations.map((v) => [v.id, v.securityGroupIds])).toEqual([
      [SNVA1, [sg(7)]],
      ["snva-0a0a0a0a0a0a0a0a2", []],
      [SNVA3, []],
      [SNVA4, [sg(8)]],
    ]);
    expect(t.vpcAssociations[2]).toMatchObject({ status: "CREATE_FAILED", failureCode: "ConflictException" });

    // Target and association groups, all rules (DescribeSecurityGroupRules page 2 = the egress rule)
    expect(Object.keys(t.securityGroups)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map(sg));
    expect(t.securityGroups[sg(7)]).toEqual({
      groupId: sg(7),
      groupName: "group-7",
      vpcId: "vpc-0c11e0000000000a1",
      ownerId: ACCOUNT,
      rules: [
        {
          securityGroupRuleId: "sgr-00000000000000007",
          groupId: sg(7),
          isEgress: false,
          ipProtocol: "tcp",
          fromPort: 8080,
          toPort: 8080,
          prefixListId: PL4,
          description: "lattice",
        },
        {
          securityGroupRuleId: "sgr-e0000000000000007",
          groupId: sg(7),
          isEgress: true,
          ipProtocol: "-1",
          fromPort: -1,
          toPort: -1,
          cidrIpv4: "0.0.0.0/0",
        },
      ],
    });

    // DescribeManagedPrefixLists page 2 = the IPv6 list; GetManagedPrefixListEntries page 2
    expect(t.prefixLists.ipv4).toEqual({
      prefixListId: PL4,
      prefixListName: "com.amazonaws.us-east-1.vpc-lattice",
      addressFamily: "IPv4",
      cidrs: ["169.254.171.0/24", "169.254.172.0/24"],
    });
    expect(t.prefixLists.ipv6?.prefixListId).toBe(PL6);
    expect(t.prefixLists.ipv6?.cidrs).toEqual(["fd00:ec2:80::/64", "fd00:ec2:81::/64"]);

    expect(t.authPolicies[SVC]).toEqual({ resourceId: SVC, policy: SERVICE_POLICY, state: "Active" });

    // Target subnets (instances: A, B; IPv4 ENIs: A, B; IPv6 ENI: C), each with its ACL; the
    // default ACL also covers a subnet with no target, which is not added
    expect(t.subnets).toEqual({
      [SUBNET_A]: {
        subnetId: SUBNET_A,
        vpcId: VPC_T,
        cidrBlock: "10.0.1.0/24",
        ipv6CidrBlocks: [],
        availabilityZoneId: "use1-az1",
        networkAclId: ACL_DEFAULT,
      },
      [SUBNET_B]: {
        subnetId: SUBNET_B,
        vpcId: VPC_T,
        cidrBlock: "10.0.2.0/24",
        ipv6CidrBlocks: [],
        availabilityZoneId: "use1-az2",
        networkAclId: ACL_APP,
      },
      [SUBNET_C]: {
        subnetId: SUBNET_C,
        vpcId: VPC_T,
        cidrBlock: "10.0.3.0/24",
        // the disassociating block is left out
        ipv6CidrBlocks: ["2600:1f18:0:1::/64"],
        availabilityZoneId: "use1-az4",
        networkAclId: ACL_DEFAULT,
      },
    });
    expect(Object.keys(t.networkAcls!)).toEqual([ACL_APP, ACL_DEFAULT]);
    expect(t.networkAcls![ACL_DEFAULT]).toMatchObject({
      networkAclId: ACL_DEFAULT,
      vpcId: VPC_T,
      isDefault: true,
    });
    expect(t.networkAcls![ACL_DEFAULT]!.entries).toHaveLength(8);
    expect(t.networkAcls![ACL_DEFAULT]!.entries).toContainEqual({
      ruleNumber: 32767,
      egress: false,
      protocol: "-1",
      ruleAction: "deny",
      cidrBlock: "0.0.0.0/0",
    });
    expect(t.networkAcls![ACL_DEFAULT]!.entries).toContainEqual({
      ruleNumber: 101,
      egress: true,
      protocol: "-1",
      ruleAction: "allow",
      ipv6CidrBlock: "::/0",
    });
    expect(t.networkAcls![ACL_APP]).toEqual({
      networkAclId: ACL_APP,
      vpcId: VPC_T,
      isDefault: false,
      entries: [
        {
          ruleNumber: 100,
          egress: false,
          protocol: "6",
          ruleAction: "allow",
          cidrBlock: "10.0.0.0/16",
          portRange: { from: 80, to: 80 },
        },
        {
          ruleNumber: 110,
          egress: false,
          protocol: "6",
          ruleAction: "allow",
          cidrBlock: "10.0.0.0/16",
          portRange: { from: 8080, to: 8081 },
        },
        { ruleNumber: 32767, egress: false, protocol: "-1", ruleAction: "deny", cidrBlock: "0.0.0.0/0" },
        {
          ruleNumber: 100,
          egress: true,
          protocol: "6",
          ruleAction: "allow",
          cidrBlock: "0.0.0.0/0",
          portRange: { from: 1024, to: 65535 },
        },
        { ruleNumber: 32767, egress: true, protocol: "-1", ruleAction: "deny", cidrBlock: "0.0.0.0/0" },
      ],
    });
    // Every target subnet asked about exactly once; the ACL lookup filters by association
    const askedSubnets = m.fake
      .callsOf("DescribeSubnets")
      .filter((c) => !c.input.NextToken)
      .flatMap((c) => c.input.SubnetIds as string[]);
    expect(askedSubnets.sort()).toEqual([SUBNET_A, SUBNET_B, SUBNET_C]);
    for (const c of m.fake.callsOf("DescribeNetworkAcls")) {
      expect(c.input.Filters).toEqual([{ Name: "association.subnet-id", Values: expect.any(Array) }]);
    }

    // ListServiceNetworkResourceAssociations / …VpcEndpointAssociations page 2, per network
    expect(t.resourceAssociations).toEqual([
      {
        id: SNRA1,
        arn: `${SN1_ARN}/resourceassociation/${SNRA1}`,
        status: "ACTIVE",
        serviceNetworkId: SN1,
        resourceConfigurationId: "rcfg-0a0a0a0a0a0a0a0a1",
        resourceConfigurationArn: `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:resourceconfiguration/rcfg-0a0a0a0a0a0a0a0a1`,
        resourceConfigurationName: "orders-db",
      },
      {
        id: SNRA2,
        arn: `${SN1_ARN}/resourceassociation/${SNRA2}`,
        status: "CREATE_FAILED",
        serviceNetworkId: SN1,
        resourceConfigurationId: "rcfg-0a0a0a0a0a0a0a0a2",
        resourceConfigurationName: "ledger",
      },
    ]);
    expect(t.vpcEndpointAssociations).toEqual([
      {
        serviceNetworkId: SN1,
        vpcEndpointId: VPCE1,
        vpcId: "vpc-0c11e0000000000b1",
        vpcEndpointOwnerId: ACCOUNT,
        state: "Available",
      },
      {
        serviceNetworkId: SN1,
        vpcEndpointId: VPCE2,
        vpcId: "vpc-0c11e0000000000b2",
        vpcEndpointOwnerId: "444455556666",
        state: "Pending",
      },
    ]);
    // Networks are addressed by ARN (the shared one must be)
    for (const op of [
      "ListServiceNetworkResourceAssociations",
      "ListServiceNetworkVpcEndpointAssociations",
    ]) {
      expect(
        unique(m.fake.callsOf(op).map((c) => String(c.input.serviceNetworkIdentifier))).sort(),
        op,
      ).toEqual([SN1_ARN, SN2_ARN]);
    }
  });

  it("reads nothing more and sets empty collections when there is nothing to read", async () => {
    const data = defaultAccount();
    // Only the Lambda target group: no EC2 target, so no subnet; no network association at all
    const service = data.services[0]!;
    service.listeners = [
      {
        listener: {
          ...service.listeners[0]!.listener,
          defaultAction: { forward: { targetGroups: [{ targetGroupIdentifier: TG_C }] } },
        },
        rules: [],
      },
    ];
    data.serviceAssociations = [];
    const m = mockAccount(fakeAccount(data));
    const t = await run(m);
    expect(t.failures).toEqual([]);
    expect(t.subnets).toEqual({});
    expect(t.networkAcls).toEqual({});
    expect(t.resourceAssociations).toEqual([]);
    expect(t.vpcEndpointAssociations).toEqual([]);
    for (const op of [
      "DescribeSubnets",
      "DescribeNetworkAcls",
      "ListServiceNetworkResourceAssociations",
      "ListServiceNetworkVpcEndpointAssociations",
      "GetServiceNetworkServiceAssociation",
    ]) {
      expect(m.fake.callsOf(op), op).toEqual([]);
    }
  });

  it("reads no association detail when every association is ACTIVE", async () => {
    const data = defaultAccount();
    data.serviceAssociations = data.serviceAssociations.map((a) => ({ ...a, status: "ACTIVE" }));
    const m = mockAccount(fakeAccount(data));
    const t = await run(m);
    expect(m.fake.callsOf("GetServiceNetworkServiceAssociation")).toEqual([]);
    expect(t.serviceAssociations.every((a) => a.failureCode === undefined)).toBe(true);
  });

  it("asks with the largest page sizes and the right identifiers and filters", async () => {
    const m = mockAccount();
    await run(m);
    const f = m.fake;
    for (const op of [
      "ListListeners",
      "ListRules",
      "ListTargets",
      "ListServiceNetworkServiceAssociations",
      "ListServiceNetworkVpcAssociations",
      "ListServiceNetworkResourceAssociations",
      "ListServiceNetworkVpcEndpointAssociations",
    ]) {
      expect(
        f.callsOf(op).every((c) => c.input.maxResults === 100),
        op,
      ).toBe(true);
    }
    for (const op of ["DescribeNetworkInterfaces", "DescribeSecurityGroupRules", "DescribeSecurityGroups"]) {
      expect(
        f.callsOf(op).every((c) => c.input.MaxResults === 1000),
        op,
      ).toBe(true);
    }
    // DescribeNetworkAcls allows at most 100; DescribeSubnets is asked by SubnetIds without MaxResults
    expect(f.callsOf("DescribeNetworkAcls").every((c) => c.input.MaxResults === 100)).toBe(true);
    expect(f.callsOf("DescribeSubnets").every((c) => c.input.MaxResults === undefined)).toBe(true);
    // InstanceIds cannot be combined with MaxResults
    const di = f.callsOf("DescribeInstances");
    expect(di.every((c) => c.input.MaxResults === undefined)).toBe(true);
    const asked = di.filter((c) => !c.input.NextToken).flatMap((c) => c.input.InstanceIds as string[]);
    expect(asked.sort()).toEqual([I1, I2, I3]);
    // IP lookups are scoped to the target group's VPC
    expect(f.callsOf("DescribeNetworkInterfaces")[0]!.input.Filters).toContainEqual({
      Name: "vpc-id",
      Values: [VPC_T],
    });
    expect(
      f
        .callsOf("DescribeNetworkInterfaces")
        .some((c) => JSON.stringify(c.input).includes("ipv6-addresses.ipv6-address")),
    ).toBe(true);
    expect(f.callsOf("DescribeManagedPrefixLists")[0]!.input.Filters).toEqual([
      {
        Name: "prefix-list-name",
        Values: ["com.amazonaws.us-east-1.vpc-lattice", "com.amazonaws.us-east-1.ipv6.vpc-lattice"],
      },
    ]);
    // Never GetRule for the default rule; shared network addressed by ARN
    expect(
      f
        .callsOf("GetRule")
        .map((c) => c.input.ruleIdentifier)
        .sort(),
    ).toEqual([R1, R2]);
    expect(f.callsOf("GetServiceNetwork").map((c) => c.input.serviceNetworkIdentifier)).toContain(SN2_ARN);
    expect(
      f.callsOf("ListServiceNetworkVpcAssociations").map((c) => c.input.serviceNetworkIdentifier),
    ).toContain(SN2_ARN);
    // One GetTargetGroup and one ListTargets walk per target group
    expect(
      f
        .callsOf("GetTargetGroup")
        .map((c) => c.input.targetGroupIdentifier)
        .sort(),
    ).toEqual([TG_A, TG_B, TG_C, TG_D]);
    // Each security group is read once even though several targets carry it
    const groupsAsked = f
      .callsOf("DescribeSecurityGroupRules")
      .filter((c) => !c.input.NextToken)
      .flatMap((c) => (c.input.Filters as { Values: string[] }[])[0]!.Values);
    expect(groupsAsked.sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map(sg));
  });

  it("reads a target group named by id in one place and by ARN in another once", async () => {
    const data = defaultAccount();
    data.services[0]!.listeners[1]!.listener.defaultAction = {
      forward: { targetGroups: [{ targetGroupIdentifier: tgArn(TG_A) }] },
    };
    const m = mockAccount(fakeAccount(data));
    const t = await run(m);
    expect(
      m.fake.callsOf("GetTargetGroup").filter((c) => c.input.targetGroupIdentifier === TG_A),
    ).toHaveLength(1);
    expect(
      m.fake
        .callsOf("ListTargets")
        .filter((c) => c.input.targetGroupIdentifier === TG_A && !c.input.nextToken),
    ).toHaveLength(1);
    expect(t.listeners[1]!.defaultAction).toEqual({
      type: "forward",
      targetGroups: [{ targetGroupIdentifier: TG_A }],
    });
  });

  it("gives the same topology when every first page is empty with a nextToken (RAM-style)", async () => {
    const normal = await run(mockAccount());
    const m = mockAccount(fakeAccount(defaultAccount(), { emptyFirstPage: true }));
    const t = await run(m);
    expect(m.fake.callsOf("ListListeners")[0]!.input.nextToken).toBeUndefined();
    expect(t).toStrictEqual(normal);
  });

  it("is plain JSON: no Dates, no SDK objects, no undefined values", async () => {
    const t = await run(mockAccount());
    expect(JSON.parse(JSON.stringify(t))).toStrictEqual(t);
    expect(JSON.stringify(t)).not.toContain("createdAt");
    expect(JSON.stringify(t)).not.toContain("$metadata");
  });
});

describe("gather: auth policies", () => {
  it("treats a 200 without policy and a ResourceNotFoundException both as 'no policy', not a failure", async () => {
    const t = await run(mockAccount());
    expect(t.authPolicies[SN1]).toEqual({ resourceId: SN1 }); // 200 {}
    expect(t.authPolicies[SN2]).toEqual({ resourceId: SN2 }); // ResourceNotFoundException
    expect(t.authPolicies[SN1]!.policy).toBeUndefined();
    expect(t.failures).toEqual([]);
  });

  it("treats an empty-string policy as no policy and keeps the state", async () => {
    const data = defaultAccount();
    data.authPolicies[SVC] = { policy: "", state: "Inactive" };
    const t = await run(mockAccount(fakeAccount(data)));
    expect(t.authPolicies[SVC]).toEqual({ resourceId: SVC, state: "Inactive" });
  });

  it("reads the shared network's policy by ARN", async () => {
    const m = mockAccount();
    m.lattice
      .on(GetAuthPolicyCommand, { resourceIdentifier: SN2_ARN })
      .resolves({ policy: '{"Statement":[]}', state: "Inactive" });
    const t = await run(m);
    expect(t.authPolicies[SN2]).toEqual({ resourceId: SN2, policy: '{"Statement":[]}', state: "Inactive" });
  });
});

interface DeniedCase {
  command: unknown;
  client: "lattice" | "ec2" | "sts";
  op: string;
  part: TopologyPart;
  /** The failures' resources in order, or (batched calls, batches depend on timing) every id named. */
  resources: (string | undefined)[] | { named: string[] };
  absent: (t: Topology) => void;
}

const TARGET_SUBNETS = { named: [SUBNET_A, SUBNET_B, SUBNET_C] };

const DENIED: DeniedCase[] = [
  {
    command: GetServiceCommand,
    client: "lattice",
    op: "GetService",
    part: "service",
    resources: [SVC],
    absent: (t) =>
      expect(t.service).toEqual({ id: SVC, arn: "", name: "", status: "UNKNOWN", authType: "UNKNOWN" }),
  },
  {
    command: ListListenersCommand,
    client: "lattice",
    op: "ListListeners",
    part: "listeners",
    resources: [SVC],
    absent: (t) => expect(t.listeners).toEqual([]),
  },
  {
    command: GetListenerCommand,
    client: "lattice",
    op: "GetListener",
    part: "listeners",
    resources: [L1, L2],
    absent: (t) => {
      expect(t.listeners.map((l) => l.defaultAction)).toEqual([undefined, undefined]);
      expect(t.targetGroups[TG_A]).toBeUndefined();
      expect(t.listeners[0]!.rules).toHaveLength(2);
    },
  },
  {
    command: ListRulesCommand,
    client: "lattice",
    op: "ListRules",
    part: "rules",
    resources: [L1, L2],
    absent: (t) => expect(t.listeners[0]!.rules).toEqual([]),
  },
  {
    command: GetRuleCommand,
    client: "lattice",
    op: "GetRule",
    part: "rules",
    resources: [R1, R2],
    absent: (t) => {
      expect(t.listeners[0]!.rules.map((r) => [r.id, r.action])).toEqual([
        [R1, undefined],
        [R2, undefined],
      ]);
      expect(Object.keys(t.targetGroups)).toEqual([TG_A]);
    },
  },
  {
    command: GetTargetGroupCommand,
    client: "lattice",
    op: "GetTargetGroup",
    part: "targetGroups",
    resources: [TG_A, TG_B, TG_C, TG_D],
    absent: (t) => expect(t.targetGroups).toEqual({}),
  },
  {
    command: ListTargetsCommand,
    client: "lattice",
    op: "ListTargets",
    part: "targets",
    resources: [TG_A, TG_B, TG_C, TG_D],
    absent: (t) => {
      expect(t.targetGroups[TG_A]!.targets).toBeUndefined();
      expect(t.targetGroups[TG_A]!.name).toBe("payments-instances");
    },
  },
  {
    command: ListServiceNetworkServiceAssociationsCommand,
    client: "lattice",
    op: "ListServiceNetworkServiceAssociations",
    part: "serviceAssociations",
    resources: [SVC],
    absent: (t) => {
      expect(t.serviceAssociations).toEqual([]);
      expect(t.serviceNetworks).toEqual({});
    },
  },
  {
    command: GetServiceNetworkCommand,
    client: "lattice",
    op: "GetServiceNetwork",
    part: "serviceNetworks",
    resources: [SN1, SN2],
    absent: (t) => {
      expect(t.serviceNetworks).toEqual({});
      expect(t.vpcAssociations).toHaveLength(4);
    },
  },
  {
    command: ListServiceNetworkVpcAssociationsCommand,
    client: "lattice",
    op: "ListServiceNetworkVpcAssociations",
    part: "vpcAssociations",
    resources: [SN1, SN2],
    absent: (t) => {
      expect(t.vpcAssociations).toEqual([]);
      expect(t.securityGroups[sg(7)]).toBeUndefined();
    },
  },
  {
    command: GetServiceNetworkVpcAssociationCommand,
    client: "lattice",
    op: "GetServiceNetworkVpcAssociation",
    part: "vpcAssociations",
    resources: [SNVA1, "snva-0a0a0a0a0a0a0a0a2", SNVA3, SNVA4],
    absent: (t) => {
      expect(t.vpcAssociations.map((v) => v.securityGroupIds)).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
      expect(t.vpcAssociations[2]!.failureCode).toBeUndefined();
    },
  },
  {
    command: GetServiceNetworkServiceAssociationCommand,
    client: "lattice",
    op: "GetServiceNetworkServiceAssociation",
    // Not "serviceAssociations": the list was read, so LAT-201 and LAT-202 still run
    part: "serviceAssociationDetails",
    resources: [SNSA2],
    absent: (t) => {
      expect(t.serviceAssociations.map((a) => [a.id, a.status, a.failureCode])).toEqual([
        ["snsa-0a1b2c3d4e5f60001", "ACTIVE", undefined],
        [SNSA2, "CREATE_FAILED", undefined],
      ]);
    },
  },
  {
    command: ListServiceNetworkResourceAssociationsCommand,
    client: "lattice",
    op: "ListServiceNetworkResourceAssociations",
    part: "resourceAssociations",
    resources: [SN1, SN2],
    absent: (t) => {
      expect(t.resourceAssociations).toEqual([]);
      expect(Object.keys(t.serviceNetworks)).toEqual([SN1, SN2]);
      expect(t.vpcEndpointAssociations).toHaveLength(2);
    },
  },
  {
    command: ListServiceNetworkVpcEndpointAssociationsCommand,
    client: "lattice",
    op: "ListServiceNetworkVpcEndpointAssociations",
    part: "vpcEndpointAssociations",
    resources: [SN1, SN2],
    absent: (t) => {
      expect(t.vpcEndpointAssociations).toEqual([]);
      expect(t.resourceAssociations).toHaveLength(2);
    },
  },
  {
    command: DescribeSubnetsCommand,
    client: "ec2",
    op: "DescribeSubnets",
    part: "networkAcls",
    resources: TARGET_SUBNETS,
    absent: (t) => {
      // The ACLs still say which subnet they cover: id and ACL only
      expect(t.subnets).toEqual({
        [SUBNET_A]: { subnetId: SUBNET_A, networkAclId: ACL_DEFAULT },
        [SUBNET_B]: { subnetId: SUBNET_B, networkAclId: ACL_APP },
        [SUBNET_C]: { subnetId: SUBNET_C, networkAclId: ACL_DEFAULT },
      });
      expect(Object.keys(t.networkAcls!)).toEqual([ACL_APP, ACL_DEFAULT]);
    },
  },
  {
    command: DescribeNetworkAclsCommand,
    client: "ec2",
    op: "DescribeNetworkAcls",
    part: "networkAcls",
    resources: TARGET_SUBNETS,
    absent: (t) => {
      expect(t.networkAcls).toEqual({});
      expect(Object.keys(t.subnets!)).toEqual([SUBNET_A, SUBNET_B, SUBNET_C]);
      expect(Object.values(t.subnets!).map((x) => x.networkAclId)).toEqual([undefined, undefined, undefined]);
      expect(t.subnets![SUBNET_A]!.cidrBlock).toBe("10.0.1.0/24");
    },
  },
  {
    command: GetAuthPolicyCommand,
    client: "lattice",
    op: "GetAuthPolicy",
    part: "authPolicies",
    resources: [SN1, SN2, SVC],
    absent: (t) => expect(t.authPolicies).toEqual({}),
  },
  {
    command: DescribeInstancesCommand,
    client: "ec2",
    op: "DescribeInstances",
    part: "targetNetwork",
    resources: [TG_A],
    absent: (t) => {
      expect(t.targetGroups[TG_A]!.targets?.map((x) => x.securityGroupIds)).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
      expect(t.securityGroups[sg(1)]).toBeUndefined();
      expect(t.securityGroups[sg(4)]).toBeDefined();
    },
  },
  {
    command: DescribeNetworkInterfacesCommand,
    client: "ec2",
    op: "DescribeNetworkInterfaces",
    part: "targetNetwork",
    resources: [TG_B, TG_D],
    absent: (t) => {
      expect(t.targetGroups[TG_B]!.targets?.map((x) => x.networkInterfaceId)).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
      expect(t.targetGroups[TG_A]!.targets?.[0]!.securityGroupIds).toEqual([sg(1), sg(2)]);
    },
  },
  {
    command: DescribeManagedPrefixListsCommand,
    client: "ec2",
    op: "DescribeManagedPrefixLists",
    part: "prefixLists",
    resources: [undefined],
    absent: (t) => expect(t.prefixLists).toEqual({}),
  },
  {
    command: GetManagedPrefixListEntriesCommand,
    client: "ec2",
    op: "GetManagedPrefixListEntries",
    part: "prefixLists",
    resources: [PL4, PL6],
    absent: (t) => {
      expect(t.prefixLists.ipv4?.prefixListId).toBe(PL4);
      expect(t.prefixLists.ipv4?.cidrs).toBeUndefined();
    },
  },
  {
    command: GetCallerIdentityCommand,
    client: "sts",
    op: "GetCallerIdentity",
    part: "caller",
    resources: [undefined],
    absent: (t) => {
      expect(t.accountId).toBeUndefined();
      expect(t.callerArn).toBeUndefined();
    },
  },
];

describe("gather: access denied on each call type", () => {
  it.each(DENIED)("$op → ReadFailure(part $part), field left absent, no throw", async (c) => {
    const m = mockAccount();
    const service = c.client === "lattice" ? "vpc-lattice" : c.client;
    const error =
      c.client === "lattice" ? latticeDenied(c.op) : c.client === "ec2" ? ec2Denied(c.op) : stsDenied();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    m[c.client].on(c.command as any).rejects(error);
    const t = await run(m);
    const failures = t.failures.filter((f) => f.call === `${service}:${c.op}`);
    if (Array.isArray(c.resources)) {
      expect(failures.map((f) => f.resource)).toEqual(c.resources);
    } else {
      const named = failures.flatMap((f) => f.resource!.split(","));
      expect(named.sort()).toEqual(c.resources.named);
    }
    for (const f of failures) {
      expect(f).toMatchObject({
        part: c.part,
        action: `${service}:${c.op}`,
        kind: "access-denied",
        errorCode: error.name,
        message: error.message,
      });
    }
    // Nothing else failed
    expect(t.failures.length).toBe(failures.length);
    c.absent(t);
  });

  it("falls back to DescribeSecurityGroups permissions when DescribeSecurityGroupRules is denied", async () => {
    const full = await run(mockAccount());
    const m = mockAccount();
    m.ec2.on(DescribeSecurityGroupRulesCommand).rejects(ec2Denied("DescribeSecurityGroupRules"));
    const t = await run(m);
    expect(t.failures).toEqual([]);
    expect(Object.keys(t.securityGroups)).toEqual(Object.keys(full.securityGroups));
    // Same rules, without the rule ids DescribeSecurityGroups does not have, nor the -1 ports it
    // leaves out for all-protocol permissions (DescribeSecurityGroupRules says -1)
    const strip = (topology: Topology) =>
      Object.values(topology.securityGroups).map((g) => ({
        ...g,
        rules: g.rules.map(({ securityGroupRuleId: _id, fromPort, toPort, ...rule }) =>
          rule.ipProtocol === "-1" ? rule : { ...rule, fromPort, toPort },
        ),
      }));
    expect(strip(t)).toEqual(strip(full));
  });

  it("loses only group names when DescribeSecurityGroups alone is denied", async () => {
    const m = mockAccount();
    m.ec2.on(DescribeSecurityGroupsCommand).rejects(ec2Denied("DescribeSecurityGroups"));
    const t = await run(m);
    expect(t.failures).toEqual([]);
    expect(t.securityGroups[sg(1)]!.groupName).toBeUndefined();
    expect(t.securityGroups[sg(1)]!.rules).toHaveLength(2);
  });

  it("records both calls when the rules and the groups are denied", async () => {
    const m = mockAccount();
    m.ec2.on(DescribeSecurityGroupRulesCommand).rejects(ec2Denied("DescribeSecurityGroupRules"));
    m.ec2.on(DescribeSecurityGroupsCommand).rejects(ec2Denied("DescribeSecurityGroups"));
    const t = await run(m);
    expect(t.securityGroups).toEqual({});
    const calls = unique(t.failures.map((f) => f.call));
    expect(calls.sort()).toEqual(["ec2:DescribeSecurityGroupRules", "ec2:DescribeSecurityGroups"]);
    expect(t.failures.every((f) => f.part === "securityGroups" && f.kind === "access-denied")).toBe(true);
    const named = t.failures.flatMap((f) => f.resource!.split(","));
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8]) expect(named).toContain(sg(n));
  });
});

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

describe("gather: other failures", () => {
  it("throws ServiceNotFoundError when GetService says the service does not exist", async () => {
    const m = mockAccount();
    m.lattice.on(GetServiceCommand).rejects(
      new ResourceNotFoundException({
        message: "Service not found",
        resourceId: SVC,
        resourceType: "SERVICE",
        $metadata: { httpStatusCode: 404 },
      }),
    );
    await expect(run(m)).rejects.toBeInstanceOf(ServiceNotFoundError);
  });

  it("records a throttled GetService (after retries) and still returns the rest", async () => {
    const m = mockAccount();
    m.lattice
      .on(GetServiceCommand)
      .rejects(new ThrottlingException({ message: "Rate exceeded", $metadata: { httpStatusCode: 429 } }));
    const t = await run(m);
    expect(t.failures).toEqual([
      {
        part: "service",
        call: "vpc-lattice:GetService",
        action: "vpc-lattice:GetService",
        resource: SVC,
        kind: "throttled",
        errorCode: "ThrottlingException",
        message: "Rate exceeded",
      },
    ]);
    expect(t.service.status).toBe("UNKNOWN");
    expect(t.listeners).toHaveLength(2);
  });

  it("records a ReplayMiss, a timeout and a not-found target group as failures of their kind", async () => {
    const m = mockAccount();
    m.lattice
      .on(ListTargetsCommand, { targetGroupIdentifier: TG_A })
      .rejects(new ReplayMiss("the recording has no answer"));
    const timeout = Object.assign(new Error("connect ETIMEDOUT 10.0.0.1:443"), { code: "ETIMEDOUT" });
    m.ec2.on(DescribeNetworkInterfacesCommand).rejects(timeout);
    m.lattice
      .on(GetTargetGroupCommand, { targetGroupIdentifier: TG_C })
      .rejects(awsError("ResourceNotFoundException", 404));
    const t = await run(m);
    const byCall = Object.fromEntries(
      t.failures.map((f) => [`${f.call} ${f.resource}`, [f.kind, f.errorCode]]),
    );
    expect(byCall[`vpc-lattice:ListTargets ${TG_A}`]).toEqual(["error", "ReplayMiss"]);
    expect(byCall[`ec2:DescribeNetworkInterfaces ${TG_B}`]).toEqual(["timeout", "ETIMEDOUT"]);
    expect(byCall[`vpc-lattice:GetTargetGroup ${TG_C}`]).toEqual(["not-found", "ResourceNotFoundException"]);
    expect(t.targetGroups[TG_C]).toBeUndefined();
  });

  it("drops terminated instances named by InvalidInstanceID.NotFound and reads the others", async () => {
    const data = defaultAccount();
    const gone = "i-0bb00000000000009";
    targetGroupOf(data, TG_A).targets.push({ id: gone, port: 8080, status: "UNAVAILABLE" });
    const m = mockAccount(fakeAccount(data));
    const t = await run(m);
    expect(t.failures).toEqual([]);
    const targets = t.targetGroups[TG_A]!.targets!;
    expect(targets.find((x) => x.id === I3)!.securityGroupIds).toEqual([sg(3)]);
    expect(targets.find((x) => x.id === gone)!.securityGroupIds).toBeUndefined();
    expect(
      m.fake.callsOf("DescribeInstances").some((c) => (c.input.InstanceIds as string[]).includes(gone)),
    ).toBe(true);
  });

  it("lets a ReadOnlyViolation propagate", async () => {
    const m = mockAccount();
    m.lattice.on(ListRulesCommand).rejects(new ReadOnlyViolation("vpc-lattice:DeleteRule"));
    await expect(run(m)).rejects.toBeInstanceOf(ReadOnlyViolation);
  });
});

describe("gather: credential and region errors end the run", () => {
  it("rethrows CredentialsProviderError as AwsConfigError", async () => {
    const m = mockAccount();
    const e = Object.assign(new Error("Could not load credentials from any providers"), {
      name: "CredentialsProviderError",
    });
    m.lattice.onAnyCommand().rejects(e);
    m.ec2.onAnyCommand().rejects(e);
    m.sts.onAnyCommand().rejects(e);
    const error = await run(m).catch((x: unknown) => x);
    expect(error).toBeInstanceOf(AwsConfigError);
    expect((error as AwsConfigError).ssoExpired).toBe(false);
  });

  it("marks an expired SSO token", async () => {
    const m = mockAccount();
    const e = Object.assign(
      new Error(
        "The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.",
      ),
      { name: "TokenProviderError" },
    );
    m.sts.on(GetCallerIdentityCommand).rejects(e);
    const error = await run(m).catch((x: unknown) => x);
    expect(error).toBeInstanceOf(AwsConfigError);
    expect((error as AwsConfigError).ssoExpired).toBe(true);
  });

  it("rethrows 'Region is missing' as AwsConfigError", async () => {
    const m = mockAccount();
    m.ec2.on(DescribeManagedPrefixListsCommand).rejects(new Error("Region is missing"));
    await expect(run(m)).rejects.toBeInstanceOf(AwsConfigError);
  });

  it("does not mistake an AccessDenied for an SSO role for a credential error", async () => {
    const m = mockAccount();
    m.lattice.on(GetTargetGroupCommand).rejects(
      new AccessDeniedException({
        message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_ReadOnly_0123456789abcdef/alice is not authorized to perform: vpc-lattice:GetTargetGroup`,
        $metadata: { httpStatusCode: 403 },
      }),
    );
    const t = await run(m);
    expect(t.failures.filter((f) => f.kind === "access-denied")).toHaveLength(4);
  });
});

describe("gather: progress and concurrency", () => {
  it("reports each hop once: start before done, with counts", async () => {
    const events: ProgressEvent[] = [];
    const m = mockAccount();
    m.lattice.on(GetRuleCommand, { ruleIdentifier: R2 }).rejects(latticeDenied("GetRule"));
    await run(m, { onProgress: (e) => events.push(e) });
    const hops = [
      "service",
      "listeners",
      "rules",
      "target-groups",
      "targets",
      "service-networks",
      "vpc-associations",
      "resource-associations",
      "vpc-endpoint-associations",
      "sharing",
      "auth-policies",
      "security-groups",
      "network-acls",
      "prefix-lists",
      "caller",
      "signals",
      "access-logs",
    ];
    for (const hop of hops) {
      const mine = events.filter((e) => e.hop === hop);
      expect(
        mine.map((e) => e.phase),
        hop,
      ).toEqual(["start", "done"]);
    }
    const done = Object.fromEntries(
      events.filter((e) => e.phase === "done").map((e) => [e.hop, [e.read, e.failed]]),
    );
    expect(done).toEqual({
      service: [1, 0],
      listeners: [2, 0],
      rules: [2, 1],
      "target-groups": [2, 0], // TG_C and TG_D are only named by the rule that failed
      targets: [6, 0],
      "service-networks": [2, 0],
      "vpc-associations": [4, 0],
      "resource-associations": [2, 0],
      "vpc-endpoint-associations": [2, 0],
      sharing: [0, 0], // SN1 (the run's own network) is in no share; SN2 is another account's
      "auth-policies": [3, 0],
      "security-groups": [7, 0], // sg 1-5 (targets) and 7, 8 (associations)
      "network-acls": [2, 0], // the ACLs of subnets A and B (TG_A, TG_B); C is TG_D's
      "prefix-lists": [2, 0],
      caller: [1, 0],
      // 3 series (the service's 5XX and requests, TG_A's connection errors summed over 2 zones) + 1 alarm
      signals: [4, 0],
      "access-logs": [1, 0], // SN1's subscription
    });
  });

  it("a throwing progress callback does not break the read", async () => {
    const t = await run(mockAccount(), {
      onProgress: () => {
        throw new Error("ui bug");
      },
    });
    expect(t.failures).toEqual([]);
  });

  it("keeps at most `concurrency` calls in flight per service, and completes with concurrency 1 (no deadlock)", async () => {
    for (const concurrency of [1, 3]) {
      const fake = fakeAccount(defaultAccount(), { delayMs: 2 });
      const t = await run(mockAccount(fake), { concurrency });
      for (const [service, most] of fake.maxInFlightOf)
        expect(most, service).toBeLessThanOrEqual(concurrency);
      // Services do not wait for one another: more than one is asked at once.
      expect(fake.maxInFlight).toBeGreaterThan(concurrency);
      expect(Object.keys(t.securityGroups)).toHaveLength(8);
    }
    const fake = fakeAccount(defaultAccount(), { delayMs: 2 });
    await run(mockAccount(fake));
    expect(fake.maxInFlight).toBeGreaterThan(3);
    for (const [service, most] of fake.maxInFlightOf) expect(most, service).toBeLessThanOrEqual(16);
  });
});
