/**
 * Wall time of gather on the benchmark's shape (3 listeners, 10 rules, 5 target groups × 200
 * instance targets, 20 security groups) at 50 ms per call, through createClients' middleware.
 * The longest chain of dependent calls is 6:
 *   ListListeners → ListRules → GetRule → ListTargets (page 1) → ListTargets (page 2) → DescribeInstances
 *   ListListeners → ListRules → GetRule → ListTargets (page 1) → DescribeInstances → DescribeSecurityGroupRules
 *   ListListeners → ListRules → GetRule → ListTargets (page 1) → DescribeInstances → DescribeSubnets / DescribeNetworkAcls
 * (the subnet and ACL reads hang off the EC2 target lookups, beside the security-group reads, so they
 * add no round; the network-side reads — GetServiceNetworkServiceAssociation for the failed
 * association, ListServiceNetworkResourceAssociations, ListServiceNetworkVpcEndpointAssociations —
 * are two deep), so a pipelined gather must finish within 1.5 × 6 × 50 ms; a phase-by-phase one cannot.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createClients } from "../../src/aws/clients.js";
import { gather } from "../../src/aws/gather.js";
import type { Instance } from "@aws-sdk/client-ec2";
import {
  FakeAccount,
  type Scenario,
  type ScenarioListener,
  type ScenarioTargetGroup,
} from "../support/fake-account.js";
import { ACCOUNT, REGION, SVC, SVC_ARN, VPC_T, defaultAccount, sg, tgArn } from "./default-account.js";

const LATENCY = 50;
const CHAIN = 6;

function benchAccount(): Scenario {
  const base = defaultAccount();
  const tgIds = [1, 2, 3, 4, 5].map((n) => `tg-0bench00000000000${n}`);
  const instances: Instance[] = [];
  const targetGroups: ScenarioTargetGroup[] = tgIds.map((tg, t) => {
    const targets = [];
    for (let n = 0; n < 200; n++) {
      const id = `i-0${t}${String(n).padStart(15, "0")}`;
      const group = sg(1 + t * 4 + (n % 4)); // 4 groups per target group, 20 in all
      instances.push({
        InstanceId: id,
        SubnetId: "subnet-0a00000000000001a",
        VpcId: VPC_T,
        SecurityGroups: [{ GroupId: group, GroupName: "g" }],
        NetworkInterfaces: [
          {
            NetworkInterfaceId: `eni-0${t}${String(n).padStart(15, "0")}`,
            Attachment: { DeviceIndex: 0 },
            Groups: [{ GroupId: group }],
          },
        ],
      });
      targets.push({ id, port: 8080, status: "HEALTHY" as const });
    }
    return {
      targetGroup: {
        id: tg,
        arn: tgArn(tg),
        name: `bench-${t}`,
        type: "INSTANCE",
        status: "ACTIVE",
        serviceArns: [SVC_ARN],
        config: { port: 8080, protocol: "HTTP", vpcIdentifier: VPC_T },
      },
      targets,
    };
  });
  const listeners: ScenarioListener[] = [0, 1, 2].map((l) => {
    const id = `listener-0bench0000000000${l}`;
    const ruleCount = l === 0 ? 4 : 3; // 10 rules in all
    return {
      listener: {
        id,
        arn: `${SVC_ARN}/listener/${id}`,
        name: `l${l}`,
        protocol: "HTTPS",
        port: 443 + l,
        defaultAction: { forward: { targetGroups: [{ targetGroupIdentifier: tgIds[l]! }] } },
      },
      rules: [
        { id: `rule-0bdef000000000000${l}`, name: "default", isDefault: true },
        ...Array.from({ length: ruleCount }, (_, r) => ({
          id: `rule-0b${l}${String(r).padStart(15, "0")}`,
          name: `r${r}`,
          isDefault: false,
          priority: r + 1,
          action: { forward: { targetGroups: [{ targetGroupIdentifier: tgIds[(l + r) % 5]! }] } },
        })),
      ],
    };
  });
  return {
    ...base,
    services: [{ ...base.services[0]!, listeners }],
    targetGroups,
    instances,
    securityGroups: Array.from({ length: 20 }, (_, i) => ({
      GroupId: sg(i + 1),
      GroupName: `g${i + 1}`,
      VpcId: VPC_T,
      OwnerId: ACCOUNT,
    })),
    securityGroupRules: Array.from({ length: 20 }, (_, i) => ({
      SecurityGroupRuleId: `sgr-0${i}`,
      GroupId: sg(i + 1),
      IsEgress: false,
      IpProtocol: "tcp",
      FromPort: 8080,
      ToPort: 8080,
      PrefixListId: "pl-0a1b2c3d4e5f6a7b8",
    })),
    serviceNetworks: base.serviceNetworks.map((n) => ({
      ...n,
      vpcAssociations: n.vpcAssociations.map((a) => ({ ...a, securityGroupIds: [sg(1)] })),
    })),
  };
}

describe("gather pipelining", () => {
  // Deterministic, not timed: fake timers advance the simulated latency one call-time at a time,
  // and we count how many call-times pass before gather resolves. A phase-by-phase gather needs
  // many more rounds than the longest chain of dependent calls; a pipelined one needs about that.
  afterEach(() => {
    vi.useRealTimers();
  });

  it(`finishes within 1.5 × ${CHAIN} rounds of ${LATENCY} ms on the benchmark shape`, async () => {
    const fake = new FakeAccount(benchAccount(), { delayMs: LATENCY });
    const clients = createClients({ region: REGION, replayer: fake });
    // Each client's module is loaded on its first call: real I/O, not the simulated latency counted here.
    await Promise.all([clients.lattice(), clients.ec2(), clients.sts(), clients.cloudwatch(), clients.ram()]);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    let done = false;
    const pending = gather({ clients, region: REGION, serviceId: SVC }).finally(() => {
      done = true;
    });
    let rounds = 0;
    while (!done && rounds < 100) {
      await vi.advanceTimersByTimeAsync(LATENCY);
      rounds++;
    }
    const t = await pending;

    expect(t.failures).toEqual([]);
    expect(Object.keys(t.targetGroups)).toHaveLength(5);
    // The new reads happened (and are inside the bound): one subnet, its ACL, the networks' lists
    expect(Object.keys(t.subnets ?? {})).toEqual(["subnet-0a00000000000001a"]);
    expect(Object.keys(t.networkAcls ?? {})).toHaveLength(1);
    expect(fake.callsOf("DescribeSubnets")).toHaveLength(1);
    expect(fake.callsOf("GetServiceNetworkServiceAssociation")).toHaveLength(1);
    expect(t.resourceAssociations).toHaveLength(2);
    expect(t.vpcEndpointAssociations).toHaveLength(2);
    expect(
      Object.values(t.targetGroups).every(
        (tg) => tg.targets?.length === 200 && tg.targets.every((x) => x.securityGroupIds?.length === 1),
      ),
    ).toBe(true);
    expect(Object.keys(t.securityGroups)).toHaveLength(20);
    expect(t.listeners.reduce((n, l) => n + l.rules.length, 0)).toBe(10);
    // ListTargets really took two pages of 100 per group
    expect(fake.callsOf("ListTargets")).toHaveLength(10);
    for (const [service, most] of fake.maxInFlightOf) expect(most, service).toBeLessThanOrEqual(16);
    expect(rounds).toBeGreaterThanOrEqual(CHAIN);
    expect(rounds).toBeLessThanOrEqual(1.5 * CHAIN);
  });
});
