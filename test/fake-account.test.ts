import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createClients } from "../src/aws/clients.js";
import { gather } from "../src/aws/gather.js";
import { parseRecording, ReplayedServiceError, Replayer } from "../src/aws/recording.js";
import type { Topology } from "../src/topology/types.js";
import { PACKAGE_ROOT } from "../src/version.js";
import { FakeAccount, type Scenario } from "./support/fake-account.js";
import { FIXTURES, recordScenario, sortCalls } from "../bench/make-fixtures.js";
import {
  ALB,
  CALLER_ARN,
  DEMO,
  HTTPS_IP,
  LAMBDA,
  brokenOrdersScenario,
  deniedAuthPolicyScenario,
  healthyAlbScenario,
  healthyHttpsIpScenario,
  healthyLambdaScenario,
  healthyOrdersScenario,
  latticeArn,
  syntheticScenario,
  SYNTHETIC_SERVICE,
} from "../bench/scenarios.js";

const TG_ARN = latticeArn("targetgroup", DEMO.targetGroup);

/** The demo with 5 targets in its target group. */
function fiveTargets(): Scenario {
  const scenario = brokenOrdersScenario();
  scenario.targetGroups[0]!.targets = ["a", "b", "c", "d", "e"].map((x, i) => ({
    id: `i-0${x.repeat(16)}`,
    port: 8080 + i,
    status: "HEALTHY",
  }));
  return scenario;
}

async function rejection(promise: Promise<unknown>): Promise<ReplayedServiceError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ReplayedServiceError);
    return error as ReplayedServiceError;
  }
  throw new Error("expected the call to fail");
}

describe("FakeAccount paging", () => {
  it("a page size of 2 over 5 targets gives 3 pages with every target once", async () => {
    const fake = new FakeAccount(fiveTargets(), { pageSize: 2 });
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await fake.answer("vpc-lattice", "ListTargets", {
        targetGroupIdentifier: DEMO.targetGroup,
        maxResults: 100,
        ...(token ? { nextToken: token } : {}),
      });
      pages++;
      seen.push(...(out.items as { id: string }[]).map((t) => t.id));
      token = out.nextToken as string | undefined;
      if (token) expect(typeof token).toBe("string");
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(fake.count("vpc-lattice", "ListTargets")).toBe(3);
  });

  it("pages through the replay client's paginator and its instrumentation, addressed by ARN", async () => {
    const fake = new FakeAccount(fiveTargets(), { pageSize: 2 });
    const clients = createClients({ region: "us-east-1", replayer: fake });
    const { paginateListTargets } = await clients.sdk.lattice();
    const ids: string[] = [];
    for await (const page of paginateListTargets(
      { client: await clients.lattice(), pageSize: 100 },
      { targetGroupIdentifier: TG_ARN },
    )) {
      ids.push(...(page.items ?? []).map((t) => t.id!));
    }
    expect(ids).toHaveLength(5);
    expect(clients.callLog.filter((c) => c.operation === "ListTargets")).toHaveLength(3);
  });

  it("honours a request's smaller maxResults and defaults to 100 without one", async () => {
    const fake = new FakeAccount(fiveTargets());
    const small = await fake.answer("vpc-lattice", "ListTargets", {
      targetGroupIdentifier: DEMO.targetGroup,
      maxResults: 4,
    });
    expect(small.items).toHaveLength(4);
    expect(small.nextToken).toBeTypeOf("string");
    const all = await fake.answer("vpc-lattice", "ListTargets", { targetGroupIdentifier: DEMO.targetGroup });
    expect(all.items).toHaveLength(5);
    expect(all.nextToken).toBeUndefined();
  });

  it("rejects out-of-range page sizes and foreign tokens like the APIs do", async () => {
    const fake = new FakeAccount(fiveTargets());
    const e1 = await rejection(
      fake.answer("vpc-lattice", "ListTargets", { targetGroupIdentifier: DEMO.targetGroup, maxResults: 101 }),
    );
    expect(e1.name).toBe("ValidationException");
    const e2 = await rejection(
      fake.answer("vpc-lattice", "ListTargets", {
        targetGroupIdentifier: DEMO.targetGroup,
        nextToken: "bogus",
      }),
    );
    expect(e2.name).toBe("ValidationException");
    const e3 = await rejection(fake.answer("ec2", "DescribeSecurityGroupRules", { MaxResults: 2 }));
    expect(e3.name).toBe("InvalidParameterValue");
    const e4 = await rejection(
      fake.answer("ec2", "DescribeInstances", { InstanceIds: [DEMO.instances[0]], MaxResults: 5 }),
    );
    expect(e4.name).toBe("InvalidParameterCombination");
  });

  it("pages EC2 with MaxResults / NextToken", async () => {
    const fake = new FakeAccount(brokenOrdersScenario(), { pageSize: 2 });
    const clients = createClients({ region: "us-east-1", replayer: fake });
    const { paginateDescribeSecurityGroupRules } = await clients.sdk.ec2();
    const ids: string[] = [];
    for await (const page of paginateDescribeSecurityGroupRules(
      { client: await clients.ec2(), pageSize: 1000 },
      { Filters: [{ Name: "group-id", Values: [DEMO.targetSg] }] },
    )) {
      ids.push(...(page.SecurityGroupRules ?? []).map((r) => r.SecurityGroupRuleId!));
    }
    expect(ids).toHaveLength(3); // 8080 from the consumer CIDR, SSH from the bastion, egress
    expect(new Set(ids).size).toBe(3);
    expect(fake.count("ec2", "DescribeSecurityGroupRules")).toBe(2);
  });
});

describe("FakeAccount filters and identifiers", () => {
  const fake = new FakeAccount(brokenOrdersScenario());

  it("finds the Lattice prefix lists by name", async () => {
    const out = await fake.answer("ec2", "DescribeManagedPrefixLists", {
      Filters: [
        {
          Name: "prefix-list-name",
          Values: ["com.amazonaws.us-east-1.vpc-lattice", "com.amazonaws.us-east-1.ipv6.vpc-lattice"],
        },
      ],
    });
    const lists = out.PrefixLists as { PrefixListId: string; AddressFamily: string; OwnerId: string }[];
    expect(lists.map((l) => l.PrefixListId).sort()).toEqual([DEMO.prefixListV4, DEMO.prefixListV6].sort());
    expect(lists.every((l) => l.OwnerId === "AWS")).toBe(true);
    const entries = await fake.answer("ec2", "GetManagedPrefixListEntries", {
      PrefixListId: DEMO.prefixListV6,
    });
    expect(entries.Entries).toEqual([{ Cidr: "fd00:ec2:80::/64" }]);
  });

  it("filters network interfaces by address and VPC (AND across filters, OR across values)", async () => {
    const out = await fake.answer("ec2", "DescribeNetworkInterfaces", {
      Filters: [
        {
          Name: "addresses.private-ip-address",
          Values: [DEMO.instanceIps[0], DEMO.instanceIps[2], "10.9.9.9"],
        },
        { Name: "vpc-id", Values: [DEMO.providerVpc] },
      ],
    });
    const enis = out.NetworkInterfaces as { NetworkInterfaceId: string }[];
    expect(enis.map((e) => e.NetworkInterfaceId)).toEqual([DEMO.enis[0], DEMO.enis[2]]);
    const none = await fake.answer("ec2", "DescribeNetworkInterfaces", {
      Filters: [
        { Name: "addresses.private-ip-address", Values: [DEMO.instanceIps[0]] },
        { Name: "vpc-id", Values: [DEMO.consumerVpc] },
      ],
    });
    expect(none.NetworkInterfaces).toEqual([]);
  });

  it("matches IPv6 addresses in any textual form", async () => {
    const scenario = brokenOrdersScenario();
    scenario.networkInterfaces[0]!.Ipv6Addresses = [{ Ipv6Address: "2600:1f18:0:1::10" }];
    const out = await new FakeAccount(scenario).answer("ec2", "DescribeNetworkInterfaces", {
      Filters: [{ Name: "ipv6-addresses.ipv6-address", Values: ["2600:1f18:0000:0001:0:0:0:10"] }],
    });
    expect(out.NetworkInterfaces).toHaveLength(1);
  });

  it("answers DescribeInstances by InstanceIds and by instance-id filter, grouped in reservations", async () => {
    const byIds = await fake.answer("ec2", "DescribeInstances", { InstanceIds: [...DEMO.instances] });
    const reservations = byIds.Reservations as {
      Instances: { InstanceId: string; SecurityGroups: unknown }[];
    }[];
    expect(reservations.flatMap((r) => r.Instances.map((i) => i.InstanceId))).toEqual([...DEMO.instances]);
    expect(reservations[0]!.Instances[0]!.SecurityGroups).toEqual([
      { GroupId: DEMO.targetSg, GroupName: DEMO.targetSgName },
    ]);
    const byFilter = await fake.answer("ec2", "DescribeInstances", {
      Filters: [{ Name: "instance-id", Values: [DEMO.instances[1]] }],
    });
    expect((byFilter.Reservations as unknown[]).length).toBe(1);
  });

  it("describes security groups by GroupIds and filter, with IpPermissions built from the rules", async () => {
    const out = await fake.answer("ec2", "DescribeSecurityGroups", { GroupIds: [DEMO.targetSg] });
    const [group] = out.SecurityGroups as {
      GroupId: string;
      IpPermissions: { FromPort?: number; IpRanges: { CidrIp: string }[]; UserIdGroupPairs: unknown[] }[];
      IpPermissionsEgress: { IpProtocol: string }[];
    }[];
    expect(group!.GroupId).toBe(DEMO.targetSg);
    const p8080 = group!.IpPermissions.find((p) => p.FromPort === 8080);
    expect(p8080!.IpRanges).toEqual([
      { CidrIp: "10.20.0.0/16", Description: "orders clients (consumer VPC)" },
    ]);
    expect(group!.IpPermissions.find((p) => p.FromPort === 22)!.UserIdGroupPairs).toHaveLength(1);
    expect(group!.IpPermissionsEgress).toEqual([
      expect.objectContaining({ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }),
    ]);
    const byFilter = await fake.answer("ec2", "DescribeSecurityGroups", {
      Filters: [{ Name: "group-id", Values: [DEMO.targetSg, DEMO.associationSg] }],
    });
    expect((byFilter.SecurityGroups as unknown[]).length).toBe(2);
  });

  it("filters security group rules by group-id", async () => {
    const out = await fake.answer("ec2", "DescribeSecurityGroupRules", {
      Filters: [{ Name: "group-id", Values: [DEMO.associationSg] }],
    });
    const rules = out.SecurityGroupRules as { GroupId: string; IsEgress: boolean; FromPort: number }[];
    expect(rules.every((r) => r.GroupId === DEMO.associationSg)).toBe(true);
    expect(rules.find((r) => !r.IsEgress)!.FromPort).toBe(443);
  });

  it("rejects an unknown filter name and unknown EC2 ids with EC2's error codes", async () => {
    expect(
      (
        await rejection(
          fake.answer("ec2", "DescribeNetworkInterfaces", { Filters: [{ Name: "bogus", Values: ["x"] }] }),
        )
      ).name,
    ).toBe("InvalidParameterValue");
    const missing = await rejection(
      fake.answer("ec2", "DescribeInstances", { InstanceIds: [DEMO.instances[0], "i-0ffffffffffffffff"] }),
    );
    expect(missing.name).toBe("InvalidInstanceID.NotFound");
    expect(missing.message).toContain("i-0ffffffffffffffff");
    expect(
      (await rejection(fake.answer("ec2", "DescribeSecurityGroups", { GroupIds: ["sg-0fffffffffffffff0"] })))
        .name,
    ).toBe("InvalidGroup.NotFound");
  });

  it("accepts Lattice identifiers as id or ARN", async () => {
    const byId = await fake.answer("vpc-lattice", "GetService", { serviceIdentifier: DEMO.service });
    const byArn = await fake.answer("vpc-lattice", "GetService", {
      serviceIdentifier: latticeArn("service", DEMO.service),
    });
    expect(byArn).toEqual(byId);
    expect(byId.authType).toBe("AWS_IAM");
    const listener = await fake.answer("vpc-lattice", "GetListener", {
      serviceIdentifier: latticeArn("service", DEMO.service),
      listenerIdentifier: `${latticeArn("service", DEMO.service)}/listener/${DEMO.listener}`,
    });
    expect(listener.port).toBe(443);
    const network = await fake.answer("vpc-lattice", "GetServiceNetwork", {
      serviceNetworkIdentifier: latticeArn("servicenetwork", DEMO.serviceNetwork),
    });
    expect(network.name).toBe(DEMO.serviceNetworkName);
  });

  it("lists services, and associations by service or by network (one of them required)", async () => {
    const services = await fake.answer("vpc-lattice", "ListServices", {});
    expect((services.items as { name: string }[]).map((s) => s.name)).toContain(DEMO.serviceName);
    const byService = await fake.answer("vpc-lattice", "ListServiceNetworkServiceAssociations", {
      serviceIdentifier: DEMO.service,
    });
    expect(byService.items).toHaveLength(1);
    const vpcs = await fake.answer("vpc-lattice", "ListServiceNetworkVpcAssociations", {
      serviceNetworkIdentifier: DEMO.serviceNetwork,
    });
    expect((vpcs.items as { vpcId: string }[]).map((a) => a.vpcId)).toEqual([DEMO.consumerVpc]);
    expect(
      (await rejection(fake.answer("vpc-lattice", "ListServiceNetworkServiceAssociations", {}))).name,
    ).toBe("ValidationException");
  });

  it("answers unknown Lattice ids with ResourceNotFoundException (404), and a missing auth policy too", async () => {
    for (const [operation, input] of [
      ["GetService", { serviceIdentifier: "svc-0000000000000000f" }],
      ["GetTargetGroup", { targetGroupIdentifier: "tg-0000000000000000f" }],
      ["GetListener", { serviceIdentifier: DEMO.service, listenerIdentifier: "listener-0000000000000000f" }],
      ["GetServiceNetwork", { serviceNetworkIdentifier: "sn-0000000000000000f" }],
      ["GetAuthPolicy", { resourceIdentifier: DEMO.service }],
    ] as const) {
      const error = await rejection(fake.answer("vpc-lattice", operation, input));
      expect(error.name).toBe("ResourceNotFoundException");
      expect(error.$metadata.httpStatusCode).toBe(404);
      expect(error.$fault).toBe("client");
    }
  });

  it("answers STS GetCallerIdentity", async () => {
    const out = await fake.answer("sts", "GetCallerIdentity", {});
    expect(out).toMatchObject({ Account: "111122223333", Arn: CALLER_ARN });
  });

  it("fails an operation it does not implement, and remembers it", async () => {
    const f = new FakeAccount(brokenOrdersScenario());
    expect((await rejection(f.answer("ec2", "DescribeVpcPeeringConnections", {}))).name).toBe(
      "UnknownOperationException",
    );
    expect(f.unsupported).toEqual(["ec2:DescribeVpcPeeringConnections"]);
  });
});

describe("FakeAccount faults", () => {
  it("injects a fault only into the matching call (identifier by id or ARN), as an SDK-shaped error", async () => {
    const scenario = healthyOrdersScenario();
    scenario.faults = [
      {
        service: "vpc-lattice",
        operation: "GetAuthPolicy",
        match: { resourceIdentifier: DEMO.service },
        error: { name: "AccessDeniedException", message: "User: … is not authorized", httpStatusCode: 403 },
      },
    ];
    const fake = new FakeAccount(scenario);
    const error = await rejection(
      fake.answer("vpc-lattice", "GetAuthPolicy", {
        resourceIdentifier: latticeArn("service", DEMO.service),
      }),
    );
    expect(error.name).toBe("AccessDeniedException");
    expect(error.$metadata.httpStatusCode).toBe(403);
    const network = await fake.answer("vpc-lattice", "GetAuthPolicy", {
      resourceIdentifier: DEMO.serviceNetwork,
    });
    expect(network.state).toBe("Active");
    expect(fake.calls.map((c) => c.error)).toEqual(["AccessDeniedException", undefined]);
  });

  it("limits a fault to its first `times` calls (a transient throttle)", async () => {
    const scenario = healthyOrdersScenario();
    scenario.faults = [
      {
        service: "ec2",
        operation: "DescribeSubnets",
        times: 1,
        error: { name: "RequestLimitExceeded", message: "Request limit exceeded.", httpStatusCode: 503 },
      },
    ];
    const fake = new FakeAccount(scenario);
    const error = await rejection(fake.answer("ec2", "DescribeSubnets", {}));
    expect(error.$fault).toBe("server");
    expect(((await fake.answer("ec2", "DescribeSubnets", {})).Subnets as unknown[]).length).toBe(3);
  });
});

// ---------------------------------------------------------------------------------------------
// gather against the scenarios

async function replayTopology(run: Awaited<ReturnType<typeof recordScenario>>): Promise<Topology> {
  const clients = createClients({ region: run.recording.meta.region, replayer: new Replayer(run.recording) });
  // The recording's clock: the live-signal window (and so GetMetricData's input) is the recorded one.
  return gather({
    clients,
    region: run.recording.meta.region,
    serviceId: run.recording.meta.input,
    now: new Date(run.recording.meta.recordedAt!),
  });
}

describe("gather over the scenarios", () => {
  it("the demo: IAM auth without a policy, 3 UNHEALTHY targets, target SG open only to 10.20.0.0/16 on 8080", async () => {
    const run = await recordScenario(brokenOrdersScenario(), { input: DEMO.service });
    const t = run.topology;
    expect(run.fake.unsupported).toEqual([]);
    expect(t.failures).toEqual([]);
    expect(t.accountId).toBe("111122223333");
    expect(t.callerArn).toBe(CALLER_ARN);
    expect(t.service).toMatchObject({
      id: DEMO.service,
      name: "orders-api",
      authType: "AWS_IAM",
      status: "ACTIVE",
    });
    expect(t.authPolicies[DEMO.service]).toEqual({ resourceId: DEMO.service });
    expect(t.authPolicies[DEMO.service]!.policy).toBeUndefined();
    expect(t.listeners).toHaveLength(1);
    expect(t.listeners[0]).toMatchObject({ protocol: "HTTPS", port: 443, rules: [] });
    expect(t.listeners[0]!.defaultAction).toEqual({
      type: "forward",
      targetGroups: [{ targetGroupIdentifier: DEMO.targetGroup, weight: 100 }],
    });
    const tg = t.targetGroups[DEMO.targetGroup]!;
    expect(tg).toMatchObject({ name: "orders-api-tg", type: "INSTANCE", port: 8080, protocol: "HTTP" });
    expect(tg.healthCheck?.path).toBe("/health");
    expect(tg.targets).toHaveLength(3);
    for (const target of tg.targets!) {
      expect(target).toMatchObject({ status: "UNHEALTHY", reasonCode: "HealthCheckFailed", port: 8080 });
      expect(target.securityGroupIds).toEqual([DEMO.targetSg]);
    }
    const inbound8080 = t.securityGroups[DEMO.targetSg]!.rules.filter(
      (r) => !r.isEgress && r.fromPort !== undefined && r.fromPort <= 8080 && (r.toPort ?? 0) >= 8080,
    );
    expect(inbound8080).toHaveLength(1);
    expect(inbound8080[0]).toMatchObject({ ipProtocol: "tcp", cidrIpv4: "10.20.0.0/16" });
    expect(inbound8080[0]!.prefixListId).toBeUndefined();
    expect(t.securityGroups[DEMO.associationSg]!.rules.some((r) => !r.isEgress && r.fromPort === 443)).toBe(
      true,
    );
    expect(t.serviceNetworks[DEMO.serviceNetwork]).toMatchObject({ name: "platform-prod", authType: "NONE" });
    expect(t.vpcAssociations).toEqual([
      expect.objectContaining({
        status: "ACTIVE",
        vpcId: DEMO.consumerVpc,
        securityGroupIds: [DEMO.associationSg],
      }),
    ]);
    expect(t.prefixLists.ipv4).toMatchObject({
      prefixListId: DEMO.prefixListV4,
      cidrs: ["169.254.171.0/24"],
    });
    expect(t.prefixLists.ipv6).toMatchObject({
      prefixListId: DEMO.prefixListV6,
      cidrs: ["fd00:ec2:80::/64"],
    });
  });

  it("the healthy scenario: 3 HEALTHY targets, prefix-list rule, allowing policies", async () => {
    const { topology: t } = await recordScenario(healthyOrdersScenario(), { input: DEMO.service });
    expect(t.failures).toEqual([]);
    expect(t.listeners[0]).toMatchObject({ protocol: "HTTP", port: 80 });
    expect(t.targetGroups[DEMO.targetGroup]!.targets!.map((x) => x.status)).toEqual([
      "HEALTHY",
      "HEALTHY",
      "HEALTHY",
    ]);
    expect(
      t.securityGroups[DEMO.targetSg]!.rules.some(
        (r) => !r.isEgress && r.prefixListId === DEMO.prefixListV4 && r.fromPort === 8080,
      ),
    ).toBe(true);
    expect(t.authPolicies[DEMO.service]!.policy).toContain("vpc-lattice-svcs:Invoke");
    expect(t.authPolicies[DEMO.serviceNetwork]!.state).toBe("Active");
    expect(t.serviceNetworks[DEMO.serviceNetwork]!.authType).toBe("AWS_IAM");
  });

  it("the denied scenario: auth policies and security groups are failures, not empty", async () => {
    const { topology: t } = await recordScenario(deniedAuthPolicyScenario(), { input: DEMO.service });
    const failed = t.failures.map((f) => `${f.call} ${f.kind} ${f.resource ?? ""}`);
    expect(failed).toEqual(
      expect.arrayContaining([
        `vpc-lattice:GetAuthPolicy access-denied ${DEMO.service}`,
        `vpc-lattice:GetAuthPolicy access-denied ${DEMO.serviceNetwork}`,
        expect.stringMatching(/^ec2:DescribeSecurityGroupRules access-denied/),
        expect.stringMatching(/^ec2:DescribeSecurityGroups access-denied/),
      ]),
    );
    expect(t.failures.every((f) => f.part === "authPolicies" || f.part === "securityGroups")).toBe(true);
    expect(t.authPolicies[DEMO.service]).toBeUndefined();
    expect(t.securityGroups[DEMO.targetSg]).toBeUndefined();
    expect(t.targetGroups[DEMO.targetGroup]!.targets!.every((x) => x.status === "HEALTHY")).toBe(true);
  });

  it("a synthetic service pages ListTargets and reads every target, target group and security group", async () => {
    const shape = { listeners: 3, rules: 10, targetGroups: 5, targetsPerGroup: 150, securityGroups: 7 };
    const run = await recordScenario(syntheticScenario(shape), { input: SYNTHETIC_SERVICE });
    const t = run.topology;
    expect(run.fake.unsupported).toEqual([]);
    expect(t.failures).toEqual([]);
    expect(t.listeners).toHaveLength(3);
    expect(t.listeners.reduce((n, l) => n + l.rules.length, 0)).toBe(10);
    expect(Object.keys(t.targetGroups)).toHaveLength(5);
    for (const tg of Object.values(t.targetGroups)) {
      expect(tg.targets).toHaveLength(150);
      expect(tg.targets!.every((x) => x.securityGroupIds?.length === 1)).toBe(true);
    }
    expect(Object.keys(t.securityGroups)).toHaveLength(8); // 7 target groups' + the association's
    // 150 targets at gather's page size of 100: two ListTargets pages per target group.
    expect(run.fake.count("vpc-lattice", "ListTargets")).toBe(10);
    const split = t.listeners
      .flatMap((l) => l.rules)
      .find((r) => r.action?.type === "forward" && r.action.targetGroups.length === 2);
    expect(split).toBeDefined();
  });

  it("gives the same topology with the FakeAccount forced to tiny pages", async () => {
    const normal = await recordScenario(brokenOrdersScenario(), { input: DEMO.service });
    const tiny = await recordScenario(brokenOrdersScenario(), { input: DEMO.service, fake: { pageSize: 1 } });
    expect(tiny.fake.count("vpc-lattice", "ListTargets")).toBe(3);
    expect(tiny.topology).toEqual(normal.topology);
  });

  it("healthy-https-ip: IP targets resolved to their ENIs, subnets and NACL; both auth policies read", async () => {
    const run = await recordScenario(healthyHttpsIpScenario(), { input: HTTPS_IP.service });
    const t = run.topology;
    expect(run.fake.unsupported).toEqual([]);
    expect(t.failures).toEqual([]);
    expect(t.service).toMatchObject({
      authType: "AWS_IAM",
      customDomainName: HTTPS_IP.customDomainName,
      certificateArn: HTTPS_IP.certificateArn,
    });
    expect(t.listeners[0]).toMatchObject({ protocol: "HTTPS", port: 443 });
    expect(t.listeners[0]!.rules.map((r) => r.action)).toEqual([
      { type: "forward", targetGroups: [{ targetGroupIdentifier: HTTPS_IP.canaryTargetGroup, weight: 100 }] },
      {
        type: "forward",
        targetGroups: [
          { targetGroupIdentifier: HTTPS_IP.targetGroup, weight: 90 },
          { targetGroupIdentifier: HTTPS_IP.canaryTargetGroup, weight: 10 },
        ],
      },
    ]);
    const v1 = t.targetGroups[HTTPS_IP.targetGroup]!;
    expect(v1).toMatchObject({ type: "IP", port: 8443, protocol: "HTTPS", ipAddressType: "IPV4" });
    expect(v1.healthCheck).toMatchObject({ port: 8080, path: "/healthz" });
    expect(v1.targets).toHaveLength(4);
    expect(t.targetGroups[HTTPS_IP.canaryTargetGroup]!.targets).toHaveLength(2);
    for (const target of Object.values(t.targetGroups).flatMap((g) => g.targets ?? [])) {
      expect(target).toMatchObject({ status: "HEALTHY", securityGroupIds: [HTTPS_IP.targetSg] });
      expect(target.networkInterfaceId).toMatch(/^eni-/);
      expect(HTTPS_IP.subnets).toContain(target.subnetId);
    }
    expect(Object.keys(t.subnets ?? {}).sort()).toEqual([...HTTPS_IP.subnets].sort());
    expect(Object.values(t.subnets ?? {}).map((s) => s.networkAclId)).toEqual([
      HTTPS_IP.networkAcl,
      HTTPS_IP.networkAcl,
    ]);
    expect(t.authPolicies[HTTPS_IP.serviceNetwork]!.policy).toContain("aws:PrincipalOrgID");
    expect(t.authPolicies[HTTPS_IP.service]!.policy).toContain(`service/${HTTPS_IP.service}/*`);
    expect(run.fake.count("ec2", "DescribeInstances")).toBe(0);
  });

  it("healthy-lambda: a LAMBDA target group has no config; no EC2 reads for its target", async () => {
    const run = await recordScenario(healthyLambdaScenario(), { input: LAMBDA.service });
    const t = run.topology;
    expect(run.fake.unsupported).toEqual([]);
    expect(t.failures).toEqual([]);
    const tg = t.targetGroups[LAMBDA.targetGroup]!;
    expect(tg.type).toBe("LAMBDA");
    for (const key of ["port", "protocol", "protocolVersion", "vpcIdentifier", "healthCheck"]) {
      expect(tg).not.toHaveProperty(key);
    }
    expect(tg.targets).toEqual([
      { id: LAMBDA.functionArn, status: "UNAVAILABLE", reasonCode: "HealthCheckNotSupported" },
    ]);
    expect(
      run.fake.count("ec2", "DescribeInstances") + run.fake.count("ec2", "DescribeNetworkInterfaces"),
    ).toBe(0);
    expect(t.authPolicies[LAMBDA.serviceNetwork]).toEqual({ resourceId: LAMBDA.serviceNetwork });
  });

  it("healthy-alb: an ALB target group has a config without healthCheck; its target is the ALB ARN", async () => {
    const run = await recordScenario(healthyAlbScenario(), { input: ALB.service });
    const t = run.topology;
    expect(run.fake.unsupported).toEqual([]);
    expect(t.failures).toEqual([]);
    const tg = t.targetGroups[ALB.targetGroup]!;
    expect(tg).toMatchObject({ type: "ALB", port: 80, protocol: "HTTP", vpcIdentifier: ALB.providerVpc });
    expect(tg).not.toHaveProperty("healthCheck");
    expect(tg.targets).toEqual([
      { id: ALB.albArn, port: 80, status: "UNAVAILABLE", reasonCode: "HealthCheckNotSupported" },
    ]);
    expect(t.vpcAssociations).toEqual([
      expect.objectContaining({ status: "ACTIVE", securityGroupIds: [ALB.associationSg] }),
    ]);
  });

  for (const [make, input] of [
    [brokenOrdersScenario, DEMO.service],
    [healthyOrdersScenario, DEMO.service],
    [deniedAuthPolicyScenario, DEMO.service],
    [healthyHttpsIpScenario, HTTPS_IP.service],
    [healthyLambdaScenario, LAMBDA.service],
    [healthyAlbScenario, ALB.service],
  ] as const) {
    it(`replaying the recording of ${make.name} yields the identical topology`, async () => {
      const run = await recordScenario(make(), { input });
      expect(await replayTopology(run)).toEqual(run.topology);
    });
  }

  it("sortCalls orders by service/operation/input and keeps the order of equal calls", () => {
    const a = { service: "sts", operation: "GetCallerIdentity", input: {}, output: { n: 1 } };
    const b = { service: "ec2", operation: "DescribeSubnets", input: {}, output: {} };
    const c = { service: "sts", operation: "GetCallerIdentity", input: {}, output: { n: 2 } };
    expect(sortCalls([a, b, c])).toEqual([b, a, c]);
  });
});

describe("committed fixtures", () => {
  for (const spec of FIXTURES) {
    it(`${spec.path} replays to the topology gather reads from its scenario`, async () => {
      const recording = parseRecording(await readFile(join(PACKAGE_ROOT, spec.path), "utf8"), spec.path);
      expect(recording.meta).toMatchObject({ input: spec.input, region: "us-east-1" });
      const live = await recordScenario(spec.scenario(), { input: spec.input });
      const clients = createClients({ region: recording.meta.region, replayer: new Replayer(recording) });
      const replayed = await gather({
        clients,
        region: recording.meta.region,
        serviceId: recording.meta.input,
        now: new Date(recording.meta.recordedAt!),
      });
      // A ReplayMiss would show up as a failure here: regenerate with `node dist/bench/make-fixtures.js`.
      expect(replayed).toEqual(live.topology);
    });
  }
});
