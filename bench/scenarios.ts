/**
 * Scenario builders for the FakeAccount: the demo (a broken orders-api), its healthy twin, the
 * access-denied variant used for LAT-901, three more healthy services of other shapes (HTTPS with IP
 * targets and allowing auth policies, Lambda, ALB) that must come out clean, and a synthetic
 * service of any size for the benchmark.
 *
 * Everything is deterministic: ids are either fixed (the demo's, quoted in docs and goldens) or
 * derived from a seed string with SHA-256, so regenerating a recording gives the same file.
 */
import { createHash } from "node:crypto";
import {
  brokenOrdersSignals,
  healthyOrdersSignals,
  healthyPaymentsSignals,
  syntheticSignals,
} from "./signal-scenarios.js";
import type {
  GetAuthPolicyResponse,
  GetServiceNetworkVpcAssociationResponse,
  GetServiceResponse,
  GetTargetGroupResponse,
  HealthCheckConfig,
  RuleAction,
  RuleMatch,
  ServiceNetworkServiceAssociationSummary,
  TargetSummary,
} from "@aws-sdk/client-vpc-lattice";
import type { Instance, NetworkAcl, NetworkInterface, SecurityGroupRule, Subnet } from "@aws-sdk/client-ec2";
import type {
  Fault,
  Scenario,
  ScenarioListener,
  ScenarioPrefixList,
  ScenarioSecurityGroup,
  ScenarioServiceNetwork,
  ScenarioTargetGroup,
} from "../test/support/fake-account.js";

export const REGION = "us-east-1";
export const ACCOUNT = "111122223333";
export const CALLER_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/OnCallReadOnly/jane.doe`;
const CREATED = new Date("2025-09-16T14:02:31.418Z");
const UPDATED = new Date("2025-11-03T08:47:12.902Z");

/** `prefix` + the first `length` hex digits of SHA-256(seed): a stable, realistic-looking id. */
export function hexId(prefix: string, seed: string, length = 17): string {
  return prefix + createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** The demo's ids (fixed: README, goldens and docs quote them). */
export const DEMO = {
  service: "svc-0e5b4c6a2d1f83a97",
  serviceName: "orders-api",
  serviceNetwork: "sn-0d6a9e81f2c4b7a35",
  serviceNetworkName: "platform-prod",
  serviceAssociation: "snsa-04c7e1b9a2d3f5e68",
  vpcAssociation: "snva-0b3e9d2c4a1f7e658",
  listener: "listener-0b1c2d3e4f5a6b7c8",
  defaultRule: "rule-0f4d2a9c6b1e3d857",
  targetGroup: "tg-0a9f1e2d3c4b5a697",
  targetGroupName: "orders-api-tg",
  instances: ["i-0a1b2c3d4e5f60718", "i-0b2c3d4e5f6071829", "i-0c3d4e5f607182a3b"],
  enis: ["eni-0d1e2f3a4b5c6d7e8", "eni-0e2f3a4b5c6d7e8f9", "eni-0f3a4b5c6d7e8f90a"],
  instanceIps: ["10.0.1.17", "10.0.2.41", "10.0.3.29"],
  subnets: ["subnet-0a4c2e6f8b1d3a5c7", "subnet-0b5d3f7a9c2e4b6d8", "subnet-0c6e4a8b0d3f5c7e9"],
  azs: ["us-east-1a", "us-east-1b", "us-east-1c"],
  subnetCidrs: ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"],
  networkAcl: "acl-0c2d4e6f8a1b3c5d7",
  providerVpc: "vpc-0f1e2d3c4b5a69788",
  providerCidr: "10.0.0.0/16",
  consumerVpc: "vpc-0a7b6c5d4e3f21098",
  consumerCidr: "10.20.0.0/16",
  targetSg: "sg-0282b1d9c4e5f6a70",
  targetSgName: "orders-api-targets",
  bastionSg: "sg-0b7f3e2a1c9d8e465",
  associationSg: "sg-0e4c9a7b2d1f5e803",
  prefixListV4: "pl-0721453c7ac4ec009",
  prefixListV6: "pl-0c1b9a8e7d6f5a432",
} as const;

// ---------------------------------------------------------------------------------------------
// Building blocks

export function latticeArn(type: string, id: string, account = ACCOUNT, region = REGION): string {
  return `arn:aws:vpc-lattice:${region}:${account}:${type}/${id}`;
}

export function caller(): Scenario["caller"] {
  return { UserId: "AROA5N2QJ7XKEXAMPLE3Z:jane.doe", Account: ACCOUNT, Arn: CALLER_ARN };
}

export function service(
  id: string,
  name: string,
  authType: "NONE" | "AWS_IAM",
  extra: Partial<GetServiceResponse> = {},
): GetServiceResponse {
  return {
    id,
    arn: latticeArn("service", id),
    name,
    status: "ACTIVE",
    authType,
    dnsEntry: {
      domainName: `${name}-${id.slice(4)}.7d67968.vpc-lattice-svcs.${REGION}.on.aws`,
      hostedZoneId: "Z09127221KTH2CFUOHIZH",
    },
    createdAt: CREATED,
    lastUpdatedAt: UPDATED,
    ...extra,
  };
}

export function forward(...groups: [string, number][]): RuleAction {
  return {
    forward: {
      targetGroups: groups.map(([targetGroupIdentifier, weight]) => ({ targetGroupIdentifier, weight })),
    },
  };
}

export interface RuleSpec {
  id: string;
  name: string;
  priority: number;
  match: RuleMatch;
  action: RuleAction;
}

/** A listener with its default rule (as ListRules returns it) and its other rules. */
export function listener(
  serviceId: string,
  spec: {
    id: string;
    name: string;
    protocol: "HTTP" | "HTTPS" | "TLS_PASSTHROUGH";
    port: number;
    defaultAction: RuleAction;
    defaultRuleId: string;
    rules?: RuleSpec[];
  },
): ScenarioListener {
  const serviceArn = latticeArn("service", serviceId);
  const arn = `${serviceArn}/listener/${spec.id}`;
  return {
    listener: {
      id: spec.id,
      arn,
      name: spec.name,
      protocol: spec.protocol,
      port: spec.port,
      serviceArn,
      serviceId,
      defaultAction: spec.defaultAction,
      createdAt: CREATED,
      lastUpdatedAt: UPDATED,
    },
    rules: [
      {
        id: spec.defaultRuleId,
        arn: `${arn}/rule/${spec.defaultRuleId}`,
        name: "default",
        isDefault: true,
        action: spec.defaultAction,
        createdAt: CREATED,
        lastUpdatedAt: UPDATED,
      },
      ...(spec.rules ?? []).map((r) => ({
        id: r.id,
        arn: `${arn}/rule/${r.id}`,
        name: r.name,
        isDefault: false,
        priority: r.priority,
        match: r.match,
        action: r.action,
        createdAt: CREATED,
        lastUpdatedAt: UPDATED,
      })),
    ],
  };
}

export function healthCheck(path = "/health"): HealthCheckConfig {
  return {
    enabled: true,
    protocol: "HTTP",
    protocolVersion: "HTTP1",
    path,
    healthCheckIntervalSeconds: 30,
    healthCheckTimeoutSeconds: 5,
    healthyThresholdCount: 5,
    unhealthyThresholdCount: 2,
    matcher: { httpCode: "200" },
  };
}

export function instanceTargetGroup(spec: {
  id: string;
  name: string;
  port: number;
  vpcId: string;
  serviceIds: string[];
  targets: TargetSummary[];
  healthCheckPath?: string;
}): ScenarioTargetGroup {
  const targetGroup: GetTargetGroupResponse = {
    id: spec.id,
    arn: latticeArn("targetgroup", spec.id),
    name: spec.name,
    type: "INSTANCE",
    status: "ACTIVE",
    config: {
      port: spec.port,
      protocol: "HTTP",
      protocolVersion: "HTTP1",
      ipAddressType: "IPV4",
      vpcIdentifier: spec.vpcId,
      healthCheck: healthCheck(spec.healthCheckPath),
    },
    serviceArns: spec.serviceIds.map((id) => latticeArn("service", id)),
    createdAt: CREATED,
    lastUpdatedAt: UPDATED,
  };
  return { targetGroup, targets: spec.targets };
}

/** An EC2 instance and its primary network interface. */
export function instance(spec: {
  id: string;
  eniId: string;
  ip: string;
  subnetId: string;
  vpcId: string;
  az: string;
  groups: { GroupId: string; GroupName: string }[];
}): { instance: Instance; eni: NetworkInterface } {
  const mac = createHash("sha256").update(spec.eniId).digest("hex").slice(0, 10).match(/../g)!.join(":");
  const macAddress = `0e:${mac}`;
  const instance: Instance = {
    InstanceId: spec.id,
    ImageId: "ami-0e2c8caa4b6378d8c",
    InstanceType: "m7g.large",
    State: { Code: 16, Name: "running" },
    Placement: { AvailabilityZone: spec.az, Tenancy: "default" },
    PrivateIpAddress: spec.ip,
    PrivateDnsName: `ip-${spec.ip.replace(/\./g, "-")}.ec2.internal`,
    SubnetId: spec.subnetId,
    VpcId: spec.vpcId,
    SecurityGroups: spec.groups,
    NetworkInterfaces: [
      {
        NetworkInterfaceId: spec.eniId,
        SubnetId: spec.subnetId,
        VpcId: spec.vpcId,
        OwnerId: ACCOUNT,
        MacAddress: macAddress,
        Status: "in-use",
        PrivateIpAddress: spec.ip,
        PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: spec.ip }],
        Groups: spec.groups,
        Attachment: { AttachmentId: `eni-attach-${spec.eniId.slice(4)}`, DeviceIndex: 0, Status: "attached" },
      },
    ],
    LaunchTime: CREATED,
  };
  const eni: NetworkInterface = {
    NetworkInterfaceId: spec.eniId,
    InterfaceType: "interface",
    AvailabilityZone: spec.az,
    SubnetId: spec.subnetId,
    VpcId: spec.vpcId,
    OwnerId: ACCOUNT,
    MacAddress: macAddress,
    Status: "in-use",
    PrivateIpAddress: spec.ip,
    PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: spec.ip }],
    Ipv6Addresses: [],
    Groups: spec.groups,
    Attachment: {
      AttachmentId: `eni-attach-${spec.eniId.slice(4)}`,
      InstanceId: spec.id,
      InstanceOwnerId: ACCOUNT,
      DeviceIndex: 0,
      Status: "attached",
    },
    RequesterManaged: false,
    SourceDestCheck: true,
  };
  return { instance, eni };
}

/** Zone ids of us-east-1a/b/c (account-specific in reality; none of them the unsupported use1-az3). */
const AZ_IDS: Record<string, string> = { a: "use1-az1", b: "use1-az2", c: "use1-az4" };

export function subnet(id: string, vpcId: string, cidr: string, az: string): Subnet {
  return {
    SubnetId: id,
    SubnetArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/${id}`,
    VpcId: vpcId,
    CidrBlock: cidr,
    AvailabilityZone: az,
    AvailabilityZoneId: AZ_IDS[az.slice(-1)] ?? "use1-az6",
    State: "available",
    OwnerId: ACCOUNT,
    AvailableIpAddressCount: 243,
    DefaultForAz: false,
    MapPublicIpOnLaunch: false,
    Ipv6CidrBlockAssociationSet: [],
  };
}

/** A VPC's default network ACL (allow all, then the implicit deny) associated with `subnetIds`. */
export function defaultNetworkAcl(id: string, vpcId: string, subnetIds: string[]): NetworkAcl {
  const entries = [false, true].flatMap((egress) => [
    { RuleNumber: 100, Protocol: "-1", RuleAction: "allow" as const, Egress: egress, CidrBlock: "0.0.0.0/0" },
    {
      RuleNumber: 32767,
      Protocol: "-1",
      RuleAction: "deny" as const,
      Egress: egress,
      CidrBlock: "0.0.0.0/0",
    },
  ]);
  return {
    NetworkAclId: id,
    VpcId: vpcId,
    IsDefault: true,
    OwnerId: ACCOUNT,
    Entries: entries,
    Associations: subnetIds.map((subnetId) => ({
      NetworkAclAssociationId: hexId("aclassoc-", `${id}/${subnetId}`, 8),
      NetworkAclId: id,
      SubnetId: subnetId,
    })),
    Tags: [],
  };
}

export function securityGroup(
  id: string,
  name: string,
  vpcId: string,
  description: string,
): ScenarioSecurityGroup {
  return {
    GroupId: id,
    GroupName: name,
    Description: description,
    VpcId: vpcId,
    OwnerId: ACCOUNT,
    SecurityGroupArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${id}`,
  };
}

type Peer =
  | { CidrIpv4: string }
  | { CidrIpv6: string }
  | { PrefixListId: string }
  | { ReferencedGroupInfo: { GroupId: string; UserId: string } };

/** One rule of DescribeSecurityGroupRules; its id is derived from the group, the direction and `seed`. */
export function sgRule(
  groupId: string,
  spec: {
    egress?: boolean;
    protocol: string;
    from?: number;
    to?: number;
    peer: Peer;
    description?: string;
    seed: string;
  },
): SecurityGroupRule {
  const all = spec.protocol === "-1";
  return {
    SecurityGroupRuleId: hexId("sgr-", `${groupId}/${spec.egress ? "egress" : "ingress"}/${spec.seed}`),
    GroupId: groupId,
    GroupOwnerId: ACCOUNT,
    IsEgress: spec.egress ?? false,
    IpProtocol: spec.protocol,
    FromPort: all ? -1 : spec.from,
    ToPort: all ? -1 : (spec.to ?? spec.from),
    ...spec.peer,
    ...(spec.description ? { Description: spec.description } : {}),
    SecurityGroupRuleArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group-rule/${hexId("sgr-", `${groupId}/${spec.egress ? "egress" : "ingress"}/${spec.seed}`)}`,
  };
}

export function allowAllEgress(groupId: string): SecurityGroupRule {
  return sgRule(groupId, { egress: true, protocol: "-1", peer: { CidrIpv4: "0.0.0.0/0" }, seed: "all" });
}

/** The region's managed prefix lists: the two Lattice lists plus S3 and DynamoDB (so the name filter matters). */
export function prefixLists(): ScenarioPrefixList[] {
  const list = (id: string, name: string, family: string, cidrs: string[], maxEntries: number) => ({
    prefixList: {
      PrefixListId: id,
      AddressFamily: family,
      State: "create-complete" as const,
      PrefixListArn: `arn:aws:ec2:${REGION}:aws:prefix-list/${id}`,
      PrefixListName: name,
      MaxEntries: maxEntries,
      Version: 1,
      Tags: [],
      OwnerId: "AWS",
    },
    entries: cidrs.map((Cidr) => ({ Cidr })),
  });
  return [
    list(
      "pl-63a5400a",
      `com.amazonaws.${REGION}.s3`,
      "IPv4",
      ["16.15.176.0/20", "18.34.0.0/19", "3.5.0.0/19", "52.216.0.0/15", "54.231.0.0/16"],
      5,
    ),
    list(
      "pl-02cd2c6b",
      `com.amazonaws.${REGION}.dynamodb`,
      "IPv4",
      ["3.218.180.0/22", "35.71.64.0/22", "52.94.0.0/22"],
      3,
    ),
    list(DEMO.prefixListV4, `com.amazonaws.${REGION}.vpc-lattice`, "IPv4", ["169.254.171.0/24"], 1),
    list(DEMO.prefixListV6, `com.amazonaws.${REGION}.ipv6.vpc-lattice`, "IPv6", ["fd00:ec2:80::/64"], 1),
  ];
}

function serviceAssociation(
  id: string,
  svc: GetServiceResponse,
  networkId: string,
  networkName: string,
): ServiceNetworkServiceAssociationSummary {
  return {
    id,
    arn: latticeArn("servicenetworkserviceassociation", id),
    status: "ACTIVE",
    createdBy: ACCOUNT,
    createdAt: CREATED,
    serviceId: svc.id,
    serviceName: svc.name,
    serviceArn: svc.arn,
    serviceNetworkId: networkId,
    serviceNetworkName: networkName,
    serviceNetworkArn: latticeArn("servicenetwork", networkId),
    dnsEntry: svc.dnsEntry,
  };
}

function network(
  id: string,
  name: string,
  authType: "NONE" | "AWS_IAM",
  vpcAssociations: { id: string; vpcId: string; securityGroupIds: string[] }[],
): ScenarioServiceNetwork {
  const arn = latticeArn("servicenetwork", id);
  const associations: GetServiceNetworkVpcAssociationResponse[] = vpcAssociations.map((a) => ({
    id: a.id,
    arn: latticeArn("servicenetworkvpcassociation", a.id),
    status: "ACTIVE",
    createdBy: ACCOUNT,
    createdAt: CREATED,
    lastUpdatedAt: UPDATED,
    serviceNetworkId: id,
    serviceNetworkName: name,
    serviceNetworkArn: arn,
    vpcId: a.vpcId,
    securityGroupIds: a.securityGroupIds,
    privateDnsEnabled: true,
    dnsOptions: { privateDnsPreference: "VERIFIED_DOMAINS_ONLY" },
  }));
  return {
    serviceNetwork: {
      id,
      arn,
      name,
      authType,
      sharingConfig: { enabled: false },
      numberOfAssociatedVPCs: associations.length,
      numberOfAssociatedServices: 1,
      createdAt: CREATED,
      lastUpdatedAt: UPDATED,
    },
    vpcAssociations: associations,
  };
}

export function allowPolicy(principalCondition?: Record<string, unknown>): GetAuthPolicyResponse {
  const statement: Record<string, unknown> = {
    Effect: "Allow",
    Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`] },
    Action: "vpc-lattice-svcs:Invoke",
    Resource: "*",
  };
  if (principalCondition) statement.Condition = principalCondition;
  return {
    policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }),
    state: "Active",
    createdAt: CREATED,
    lastUpdatedAt: UPDATED,
  };
}

/** A neighbour service in the same account, so ListServices has more than one item. */
function inventoryService(): Scenario["services"][number] {
  return { service: service("svc-07d3a1c9e5b2f4068", "inventory-api", "NONE"), listeners: [] };
}

// ---------------------------------------------------------------------------------------------
// The orders-api family

interface OrdersVariant {
  authType: "NONE" | "AWS_IAM";
  networkAuthType: "NONE" | "AWS_IAM";
  listenerProtocol: "HTTP" | "HTTPS";
  listenerPort: number;
  targetStatus: { status: "HEALTHY" | "UNHEALTHY"; reasonCode?: string };
  /** Inbound 8080 on the target SG: from the consumer CIDR (broken) or the Lattice prefix list. */
  targetIngress: "consumer-cidr" | "prefix-list";
  servicePolicy: boolean;
  networkPolicy: boolean;
  faults?: Fault[];
}

/** An orders-api variant with its live signals (signal-scenarios.ts). */
function withSignals(
  signals: Pick<Scenario, "cloudwatch" | "accessLogSubscriptions">,
  v: OrdersVariant,
): Scenario {
  return { ...ordersScenario(v), ...signals };
}

function ordersScenario(v: OrdersVariant): Scenario {
  const svc = service(DEMO.service, DEMO.serviceName, v.authType);
  const groups = [{ GroupId: DEMO.targetSg, GroupName: DEMO.targetSgName }];
  const hosts = DEMO.instances.map((id, i) =>
    instance({
      id,
      eniId: DEMO.enis[i]!,
      ip: DEMO.instanceIps[i]!,
      subnetId: DEMO.subnets[i]!,
      vpcId: DEMO.providerVpc,
      az: DEMO.azs[i]!,
      groups,
    }),
  );
  const bastionEni = instance({
    id: "i-0d4e5f60718293a4b",
    eniId: "eni-0a9b8c7d6e5f40312",
    ip: "10.0.1.12",
    subnetId: DEMO.subnets[0],
    vpcId: DEMO.providerVpc,
    az: DEMO.azs[0],
    groups: [{ GroupId: DEMO.bastionSg, GroupName: "bastion" }],
  });
  const targetIngress =
    v.targetIngress === "consumer-cidr"
      ? sgRule(DEMO.targetSg, {
          protocol: "tcp",
          from: 8080,
          peer: { CidrIpv4: DEMO.consumerCidr },
          description: "orders clients (consumer VPC)",
          seed: "8080",
        })
      : sgRule(DEMO.targetSg, {
          protocol: "tcp",
          from: 8080,
          peer: { PrefixListId: DEMO.prefixListV4 },
          description: "VPC Lattice (traffic and health checks)",
          seed: "8080",
        });
  const authPolicies: Scenario["authPolicies"] = {};
  if (v.servicePolicy) {
    authPolicies[DEMO.service] = allowPolicy({
      StringEquals: { "vpc-lattice-svcs:SourceVpc": DEMO.consumerVpc },
    });
  }
  if (v.networkPolicy) authPolicies[DEMO.serviceNetwork] = allowPolicy();

  return {
    region: REGION,
    caller: caller(),
    services: [
      inventoryService(),
      {
        service: svc,
        listeners: [
          listener(DEMO.service, {
            id: DEMO.listener,
            name: v.listenerProtocol === "HTTPS" ? "https-443" : `http-${v.listenerPort}`,
            protocol: v.listenerProtocol,
            port: v.listenerPort,
            defaultAction: forward([DEMO.targetGroup, 100]),
            defaultRuleId: DEMO.defaultRule,
          }),
        ],
      },
    ],
    targetGroups: [
      instanceTargetGroup({
        id: DEMO.targetGroup,
        name: DEMO.targetGroupName,
        port: 8080,
        vpcId: DEMO.providerVpc,
        serviceIds: [DEMO.service],
        targets: DEMO.instances.map((id) => ({ id, port: 8080, ...v.targetStatus })),
      }),
    ],
    serviceNetworks: [
      network(DEMO.serviceNetwork, DEMO.serviceNetworkName, v.networkAuthType, [
        { id: DEMO.vpcAssociation, vpcId: DEMO.consumerVpc, securityGroupIds: [DEMO.associationSg] },
      ]),
    ],
    serviceAssociations: [
      serviceAssociation(DEMO.serviceAssociation, svc, DEMO.serviceNetwork, DEMO.serviceNetworkName),
    ],
    authPolicies,
    instances: [...hosts.map((h) => h.instance), bastionEni.instance],
    networkInterfaces: [...hosts.map((h) => h.eni), bastionEni.eni],
    securityGroups: [
      securityGroup(DEMO.targetSg, DEMO.targetSgName, DEMO.providerVpc, "orders-api instances"),
      securityGroup(DEMO.bastionSg, "bastion", DEMO.providerVpc, "SSH bastion"),
      securityGroup(
        DEMO.associationSg,
        "lattice-consumers",
        DEMO.consumerVpc,
        "Clients allowed to use platform-prod",
      ),
    ],
    securityGroupRules: [
      targetIngress,
      sgRule(DEMO.targetSg, {
        protocol: "tcp",
        from: 22,
        peer: { ReferencedGroupInfo: { GroupId: DEMO.bastionSg, UserId: ACCOUNT } },
        description: "SSH from bastion",
        seed: "22",
      }),
      allowAllEgress(DEMO.targetSg),
      sgRule(DEMO.bastionSg, {
        protocol: "tcp",
        from: 22,
        peer: { CidrIpv4: "198.51.100.0/24" },
        description: "office VPN",
        seed: "22",
      }),
      allowAllEgress(DEMO.bastionSg),
      sgRule(DEMO.associationSg, {
        protocol: "tcp",
        from: v.listenerPort,
        peer: { CidrIpv4: DEMO.consumerCidr },
        description: `${v.listenerProtocol} from the consumer VPC`,
        seed: String(v.listenerPort),
      }),
      allowAllEgress(DEMO.associationSg),
    ],
    subnets: DEMO.subnets.map((id, i) => subnet(id, DEMO.providerVpc, DEMO.subnetCidrs[i]!, DEMO.azs[i]!)),
    networkAcls: [defaultNetworkAcl(DEMO.networkAcl, DEMO.providerVpc, [...DEMO.subnets])],
    prefixLists: prefixLists(),
    ...(v.faults ? { faults: v.faults } : {}),
  };
}

/**
 * The demo: orders-api requires IAM auth but has no auth policy (every request 403s), and its
 * targets' security group admits 8080 only from the consumer VPC's CIDR, not from the Lattice
 * prefix list, so every health check fails and all 3 targets are UNHEALTHY.
 */
const ORDERS_SIGNAL_IDS = {
  account: ACCOUNT,
  region: REGION,
  service: DEMO.service,
  serviceArn: latticeArn("service", DEMO.service),
  targetGroup: DEMO.targetGroup,
  otherService: "svc-07d3a1c9e5b2f4068",
};

/** Signal ids of another simulated service (its own alarm and access logs). */
function signalIds(serviceId: string, name: string, targetGroup: string) {
  return {
    ...ORDERS_SIGNAL_IDS,
    service: serviceId,
    serviceArn: latticeArn("service", serviceId),
    targetGroup,
    name,
  };
}

export function brokenOrdersScenario(): Scenario {
  return withSignals(brokenOrdersSignals(ORDERS_SIGNAL_IDS), {
    authType: "AWS_IAM",
    networkAuthType: "NONE",
    listenerProtocol: "HTTPS",
    listenerPort: 443,
    targetStatus: { status: "UNHEALTHY", reasonCode: "HealthCheckFailed" },
    targetIngress: "consumer-cidr",
    servicePolicy: false,
    networkPolicy: false,
  });
}

/** orders-api fixed: HTTP :80, IAM auth with allowing policies on service and network, targets open to Lattice. */
export function healthyOrdersScenario(): Scenario {
  return withSignals(healthyOrdersSignals(ORDERS_SIGNAL_IDS), {
    authType: "AWS_IAM",
    networkAuthType: "AWS_IAM",
    listenerProtocol: "HTTP",
    listenerPort: 80,
    targetStatus: { status: "HEALTHY" },
    targetIngress: "prefix-list",
    servicePolicy: true,
    networkPolicy: true,
  });
}

const denied = (action: string, resource: string) =>
  `User: ${CALLER_ARN} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

/**
 * Like the demo, but healthy (targets HEALTHY and open to the prefix list) and read by a role that
 * may not call vpc-lattice:GetAuthPolicy, ec2:DescribeSecurityGroupRules nor ec2:DescribeSecurityGroups:
 * the checks that need auth policies or security groups cannot run (LAT-901, exit 3).
 */
export function deniedAuthPolicyScenario(): Scenario {
  return withSignals(healthyOrdersSignals(ORDERS_SIGNAL_IDS), {
    authType: "AWS_IAM",
    networkAuthType: "NONE",
    listenerProtocol: "HTTPS",
    listenerPort: 443,
    targetStatus: { status: "HEALTHY" },
    targetIngress: "prefix-list",
    servicePolicy: true,
    networkPolicy: false,
    faults: [
      ...[latticeArn("service", DEMO.service), latticeArn("servicenetwork", DEMO.serviceNetwork)].map(
        (resource): Fault => ({
          service: "vpc-lattice",
          operation: "GetAuthPolicy",
          match: { resourceIdentifier: resource },
          error: {
            name: "AccessDeniedException",
            message: denied("vpc-lattice:GetAuthPolicy", resource),
            httpStatusCode: 403,
          },
        }),
      ),
      ...["DescribeSecurityGroupRules", "DescribeSecurityGroups"].map((operation): Fault => ({
        service: "ec2",
        operation,
        error: {
          // EC2's own name for a denied call (Query API): UnauthorizedOperation, HTTP 403.
          name: "UnauthorizedOperation",
          message: `You are not authorized to perform this operation. ${denied(`ec2:${operation}`, "*")}`,
          httpStatusCode: 403,
        },
      })),
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// More healthy services: other shapes that must come out clean (no critical or error finding)

/** A policy document as GetAuthPolicy returns it (single-line JSON: PutAuthPolicy rejects newlines). */
export function authPolicy(statements: Record<string, unknown>[]): GetAuthPolicyResponse {
  return {
    policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
    state: "Active",
    createdAt: CREATED,
    lastUpdatedAt: UPDATED,
  };
}

/**
 * The network interface of an ECS (awsvpc) task: what an IP target's address lives on. Owned by the
 * account, created and managed by ECS (RequesterManaged), attached at device index 1 of the host.
 */
export function taskEni(spec: {
  eniId: string;
  ip: string;
  subnetId: string;
  vpcId: string;
  az: string;
  groups: { GroupId: string; GroupName: string }[];
  cluster: string;
}): NetworkInterface {
  const mac = createHash("sha256").update(spec.eniId).digest("hex").slice(0, 10).match(/../g)!.join(":");
  const attachment = createHash("sha256").update(`${spec.eniId}/attachment`).digest("hex");
  const uuid = [8, 4, 4, 4, 12]
    .reduce<{ parts: string[]; at: number }>(
      (acc, n) => ({ parts: [...acc.parts, attachment.slice(acc.at, acc.at + n)], at: acc.at + n }),
      { parts: [], at: 0 },
    )
    .parts.join("-");
  return {
    NetworkInterfaceId: spec.eniId,
    InterfaceType: "interface",
    Description: `arn:aws:ecs:${REGION}:${ACCOUNT}:attachment/${uuid}`,
    AvailabilityZone: spec.az,
    SubnetId: spec.subnetId,
    VpcId: spec.vpcId,
    OwnerId: ACCOUNT,
    RequesterId: "578734482556",
    RequesterManaged: true,
    MacAddress: `0e:${mac}`,
    Status: "in-use",
    PrivateIpAddress: spec.ip,
    PrivateDnsName: `ip-${spec.ip.replace(/\./g, "-")}.ec2.internal`,
    PrivateIpAddresses: [
      {
        Primary: true,
        PrivateIpAddress: spec.ip,
        PrivateDnsName: `ip-${spec.ip.replace(/\./g, "-")}.ec2.internal`,
      },
    ],
    Ipv6Addresses: [],
    Groups: spec.groups,
    Attachment: {
      AttachmentId: `eni-attach-${spec.eniId.slice(4)}`,
      DeviceIndex: 1,
      NetworkCardIndex: 0,
      InstanceOwnerId: "amazon-aws",
      Status: "attached",
    },
    SourceDestCheck: true,
    TagSet: [{ Key: "aws:ecs:clusterName", Value: spec.cluster }],
  };
}

/** The security group of a VPC association: `port` from the consumer VPC's CIDR, all egress. */
function associationSecurityGroup(spec: {
  id: string;
  name: string;
  vpcId: string;
  cidr: string;
  port: number;
  network: string;
}): { group: ScenarioSecurityGroup; rules: SecurityGroupRule[] } {
  return {
    group: securityGroup(spec.id, spec.name, spec.vpcId, `Clients allowed to use ${spec.network}`),
    rules: [
      sgRule(spec.id, {
        protocol: "tcp",
        from: spec.port,
        peer: { CidrIpv4: spec.cidr },
        description: `port ${spec.port} from the consumer VPC`,
        seed: String(spec.port),
      }),
      allowAllEgress(spec.id),
    ],
  };
}

/** healthy-https-ip: payments-api on ECS (Fargate tasks registered by IP). */
export const HTTPS_IP = {
  service: hexId("svc-", "healthy-https-ip/service"),
  serviceName: "payments-api",
  customDomainName: "payments.internal.example.com",
  certificateArn: `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/7f3c1a9e-52b4-4d0e-9c61-2a8e4b7d9f05`,
  serviceNetwork: hexId("sn-", "healthy-https-ip/network"),
  serviceNetworkName: "payments-prod",
  serviceAssociation: hexId("snsa-", "healthy-https-ip/snsa"),
  vpcAssociation: hexId("snva-", "healthy-https-ip/snva"),
  listener: hexId("listener-", "healthy-https-ip/listener"),
  defaultRule: hexId("rule-", "healthy-https-ip/default-rule"),
  canaryHeaderRule: hexId("rule-", "healthy-https-ip/rule/canary-header"),
  v2Rule: hexId("rule-", "healthy-https-ip/rule/v2"),
  targetGroup: hexId("tg-", "healthy-https-ip/tg/v1"),
  targetGroupName: "payments-api-v1",
  canaryTargetGroup: hexId("tg-", "healthy-https-ip/tg/v2"),
  canaryTargetGroupName: "payments-api-v2",
  providerVpc: hexId("vpc-", "healthy-https-ip/provider-vpc"),
  consumerVpc: hexId("vpc-", "healthy-https-ip/consumer-vpc"),
  consumerCidr: "10.30.0.0/16",
  subnets: [hexId("subnet-", "healthy-https-ip/subnet/a"), hexId("subnet-", "healthy-https-ip/subnet/b")],
  subnetCidrs: ["10.1.16.0/20", "10.1.32.0/20"],
  azs: ["us-east-1a", "us-east-1b"],
  networkAcl: hexId("acl-", "healthy-https-ip/acl"),
  /** v1: 4 tasks, two per subnet; v2 (canary): 2 tasks, one per subnet. */
  v1Ips: ["10.1.17.23", "10.1.21.140", "10.1.33.8", "10.1.40.77"],
  v2Ips: ["10.1.18.201", "10.1.35.62"],
  targetSg: hexId("sg-", "healthy-https-ip/target-sg"),
  associationSg: hexId("sg-", "healthy-https-ip/association-sg"),
  orgId: "o-7k2m9x4q1z",
  callerRole: `arn:aws:iam::${ACCOUNT}:role/checkout-service-task`,
  canaryRole: `arn:aws:iam::${ACCOUNT}:role/payments-e2e-tests`,
} as const;

/**
 * payments-api, healthy: HTTPS :443 (custom domain with its ACM certificate) → IP target group
 * HTTPS:8443 (health check HTTP:8080 /healthz) with 4 HEALTHY Fargate tasks in two subnets; a rule
 * pins `x-release-channel: canary` to the v2 target group and a rule sends /v2 90/10 to v1/v2. The
 * tasks' security group admits 8443 and 8080 from the VPC Lattice prefix list; default NACL. AWS_IAM
 * on the network (anyone in the organisation) and on the service (two roles, `…/svc-…/*`); the VPC
 * association's security group admits 443 from the consumer VPC.
 */
export function healthyHttpsIpScenario(): Scenario {
  const h = HTTPS_IP;
  const svc = service(h.service, h.serviceName, "AWS_IAM", {
    customDomainName: h.customDomainName,
    certificateArn: h.certificateArn,
  });
  const groups = [{ GroupId: h.targetSg, GroupName: "payments-api-tasks" }];
  const eni = (ip: string, n: number) => {
    const inB = ip.startsWith("10.1.3") || ip.startsWith("10.1.4");
    return taskEni({
      eniId: hexId("eni-", `healthy-https-ip/eni/${ip}`),
      ip,
      subnetId: h.subnets[inB ? 1 : 0],
      vpcId: h.providerVpc,
      az: h.azs[inB ? 1 : 0],
      groups,
      cluster: n < 4 ? "payments-prod" : "payments-prod-canary",
    });
  };
  const ipTargetGroup = (id: string, name: string, ips: readonly string[]): ScenarioTargetGroup => ({
    targetGroup: {
      id,
      arn: latticeArn("targetgroup", id),
      name,
      type: "IP",
      status: "ACTIVE",
      config: {
        port: 8443,
        protocol: "HTTPS",
        protocolVersion: "HTTP1",
        ipAddressType: "IPV4",
        vpcIdentifier: h.providerVpc,
        healthCheck: {
          enabled: true,
          protocol: "HTTP",
          protocolVersion: "HTTP1",
          port: 8080,
          path: "/healthz",
          healthCheckIntervalSeconds: 10,
          healthCheckTimeoutSeconds: 5,
          healthyThresholdCount: 3,
          unhealthyThresholdCount: 2,
          matcher: { httpCode: "200" },
        },
      },
      serviceArns: [svc.arn!],
      createdAt: CREATED,
      lastUpdatedAt: UPDATED,
    },
    targets: ips.map((ip) => ({ id: ip, port: 8443, status: "HEALTHY" })),
  });
  const association = associationSecurityGroup({
    id: h.associationSg,
    name: "payments-prod-consumers",
    vpcId: h.consumerVpc,
    cidr: h.consumerCidr,
    port: 443,
    network: h.serviceNetworkName,
  });
  const serviceResource = `${svc.arn}/*`;
  const scenario: Scenario = {
    region: REGION,
    caller: caller(),
    services: [
      inventoryService(),
      {
        service: svc,
        listeners: [
          listener(h.service, {
            id: h.listener,
            name: "https-443",
            protocol: "HTTPS",
            port: 443,
            defaultAction: forward([h.targetGroup, 100]),
            defaultRuleId: h.defaultRule,
            rules: [
              {
                id: h.canaryHeaderRule,
                name: "canary-pinned",
                priority: 10,
                match: {
                  httpMatch: {
                    headerMatches: [
                      { name: "x-release-channel", match: { exact: "canary" }, caseSensitive: false },
                    ],
                  },
                },
                action: forward([h.canaryTargetGroup, 100]),
              },
              {
                id: h.v2Rule,
                name: "v2-canary",
                priority: 20,
                match: { httpMatch: { pathMatch: { match: { prefix: "/v2" }, caseSensitive: false } } },
                action: forward([h.targetGroup, 90], [h.canaryTargetGroup, 10]),
              },
            ],
          }),
        ],
      },
    ],
    targetGroups: [
      ipTargetGroup(h.targetGroup, h.targetGroupName, h.v1Ips),
      ipTargetGroup(h.canaryTargetGroup, h.canaryTargetGroupName, h.v2Ips),
    ],
    serviceNetworks: [
      network(h.serviceNetwork, h.serviceNetworkName, "AWS_IAM", [
        { id: h.vpcAssociation, vpcId: h.consumerVpc, securityGroupIds: [h.associationSg] },
      ]),
    ],
    serviceAssociations: [
      serviceAssociation(h.serviceAssociation, svc, h.serviceNetwork, h.serviceNetworkName),
    ],
    authPolicies: {
      // Network: the UG's "only principals of my organisation" pattern.
      [h.serviceNetwork]: authPolicy([
        {
          Effect: "Allow",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
          Condition: { StringEquals: { "aws:PrincipalOrgID": [h.orgId] } },
        },
      ]),
      // Service: the checkout tasks may call everything, the e2e tests only GET /v2.
      [h.service]: authPolicy([
        {
          Sid: "CheckoutInvokesPayments",
          Effect: "Allow",
          Principal: { AWS: [h.callerRole] },
          Action: "vpc-lattice-svcs:Invoke",
          Resource: serviceResource,
        },
        {
          Sid: "E2eTestsReadV2",
          Effect: "Allow",
          Principal: { AWS: [h.canaryRole] },
          Action: "vpc-lattice-svcs:Invoke",
          Resource: `${svc.arn}/v2/*`,
          Condition: { StringEquals: { "vpc-lattice-svcs:RequestMethod": "GET" } },
        },
      ]),
    },
    instances: [],
    networkInterfaces: [...h.v1Ips, ...h.v2Ips].map((ip, n) => eni(ip, n)),
    securityGroups: [
      securityGroup(h.targetSg, "payments-api-tasks", h.providerVpc, "payments-api ECS tasks"),
      association.group,
    ],
    securityGroupRules: [
      sgRule(h.targetSg, {
        protocol: "tcp",
        from: 8443,
        peer: { PrefixListId: DEMO.prefixListV4 },
        description: "VPC Lattice traffic",
        seed: "8443",
      }),
      sgRule(h.targetSg, {
        protocol: "tcp",
        from: 8080,
        peer: { PrefixListId: DEMO.prefixListV4 },
        description: "VPC Lattice health checks",
        seed: "8080",
      }),
      allowAllEgress(h.targetSg),
      ...association.rules,
    ],
    subnets: h.subnets.map((id, i) => subnet(id, h.providerVpc, h.subnetCidrs[i]!, h.azs[i]!)),
    networkAcls: [defaultNetworkAcl(h.networkAcl, h.providerVpc, [...h.subnets])],
    prefixLists: prefixLists(),
  };
  return {
    ...scenario,
    ...healthyPaymentsSignals({
      account: ACCOUNT,
      region: REGION,
      serviceArn: latticeArn("service", h.service),
      network: h.serviceNetwork,
      networkArn: latticeArn("servicenetwork", h.serviceNetwork),
      targetGroupArns: [
        latticeArn("targetgroup", h.targetGroup),
        latticeArn("targetgroup", h.canaryTargetGroup),
      ],
    }),
  };
}

/** healthy-lambda: image-resize, a Lambda function behind Lattice. */
export const LAMBDA = {
  service: hexId("svc-", "healthy-lambda/service"),
  serviceName: "image-resize",
  serviceNetwork: hexId("sn-", "healthy-lambda/network"),
  serviceNetworkName: "media-prod",
  serviceAssociation: hexId("snsa-", "healthy-lambda/snsa"),
  vpcAssociation: hexId("snva-", "healthy-lambda/snva"),
  listener: hexId("listener-", "healthy-lambda/listener"),
  defaultRule: hexId("rule-", "healthy-lambda/default-rule"),
  targetGroup: hexId("tg-", "healthy-lambda/tg"),
  targetGroupName: "image-resize-fn",
  functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:image-resize`,
  consumerVpc: hexId("vpc-", "healthy-lambda/consumer-vpc"),
  consumerCidr: "10.40.0.0/16",
  associationSg: hexId("sg-", "healthy-lambda/association-sg"),
} as const;

/**
 * image-resize, healthy: HTTPS :443 → LAMBDA target group (no `config` at all, as the API returns
 * it) whose one target, the function, is UNAVAILABLE / HealthCheckNotSupported (normal: Lattice does
 * not health-check Lambda). AWS_IAM on the service with the console's "authenticated access only"
 * policy; the network is NONE. The VPC association's security group admits 443 from the consumer VPC.
 */
export function healthyLambdaScenario(): Scenario {
  const l = LAMBDA;
  const svc = service(l.service, l.serviceName, "AWS_IAM");
  const association = associationSecurityGroup({
    id: l.associationSg,
    name: "media-prod-consumers",
    vpcId: l.consumerVpc,
    cidr: l.consumerCidr,
    port: 443,
    network: l.serviceNetworkName,
  });
  const scenario: Scenario = {
    region: REGION,
    caller: caller(),
    services: [
      inventoryService(),
      {
        service: svc,
        listeners: [
          listener(l.service, {
            id: l.listener,
            name: "https-443",
            protocol: "HTTPS",
            port: 443,
            defaultAction: forward([l.targetGroup, 100]),
            defaultRuleId: l.defaultRule,
          }),
        ],
      },
    ],
    targetGroups: [
      {
        targetGroup: {
          id: l.targetGroup,
          arn: latticeArn("targetgroup", l.targetGroup),
          name: l.targetGroupName,
          type: "LAMBDA",
          status: "ACTIVE",
          serviceArns: [svc.arn!],
          createdAt: CREATED,
          lastUpdatedAt: UPDATED,
        },
        targets: [{ id: l.functionArn, status: "UNAVAILABLE", reasonCode: "HealthCheckNotSupported" }],
      },
    ],
    serviceNetworks: [
      network(l.serviceNetwork, l.serviceNetworkName, "NONE", [
        { id: l.vpcAssociation, vpcId: l.consumerVpc, securityGroupIds: [l.associationSg] },
      ]),
    ],
    serviceAssociations: [
      serviceAssociation(l.serviceAssociation, svc, l.serviceNetwork, l.serviceNetworkName),
    ],
    authPolicies: {
      [l.service]: authPolicy([
        {
          Effect: "Allow",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          Resource: `${svc.arn}/*`,
          Condition: { StringNotEqualsIgnoreCase: { "aws:PrincipalType": "anonymous" } },
        },
      ]),
    },
    instances: [],
    networkInterfaces: [],
    securityGroups: [association.group],
    securityGroupRules: association.rules,
    subnets: [],
    networkAcls: [],
    prefixLists: prefixLists(),
  };
  return {
    ...scenario,
    ...healthyOrdersSignals(signalIds(LAMBDA.service, LAMBDA.serviceName, LAMBDA.targetGroup)),
  };
}

/** healthy-alb: legacy-web, an internal ALB behind Lattice. */
export const ALB = {
  service: hexId("svc-", "healthy-alb/service"),
  serviceName: "legacy-web",
  serviceNetwork: hexId("sn-", "healthy-alb/network"),
  serviceNetworkName: "corp-apps",
  serviceAssociation: hexId("snsa-", "healthy-alb/snsa"),
  vpcAssociation: hexId("snva-", "healthy-alb/snva"),
  listener: hexId("listener-", "healthy-alb/listener"),
  defaultRule: hexId("rule-", "healthy-alb/default-rule"),
  targetGroup: hexId("tg-", "healthy-alb/tg"),
  targetGroupName: "legacy-web-alb",
  albArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/legacy-web-internal/50dc6c495c0c9188`,
  providerVpc: hexId("vpc-", "healthy-alb/provider-vpc"),
  consumerVpc: hexId("vpc-", "healthy-alb/consumer-vpc"),
  consumerCidr: "10.50.0.0/16",
  associationSg: hexId("sg-", "healthy-alb/association-sg"),
} as const;

/**
 * legacy-web, healthy: HTTP :80 → ALB target group (config port 80 / HTTP / VPC, no healthCheck, as
 * the API returns it) whose one target, an internal ALB with an HTTP :80 listener, is UNAVAILABLE /
 * HealthCheckNotSupported (normal: the ALB's own target groups do the health checking). No auth on
 * the service nor the network. The VPC association's security group admits 80 from the consumer VPC.
 * The ALB's own security groups are out of scope (gather does not read them).
 */
export function healthyAlbScenario(): Scenario {
  const a = ALB;
  const svc = service(a.service, a.serviceName, "NONE");
  const association = associationSecurityGroup({
    id: a.associationSg,
    name: "corp-apps-consumers",
    vpcId: a.consumerVpc,
    cidr: a.consumerCidr,
    port: 80,
    network: a.serviceNetworkName,
  });
  const scenario: Scenario = {
    region: REGION,
    caller: caller(),
    services: [
      inventoryService(),
      {
        service: svc,
        listeners: [
          listener(a.service, {
            id: a.listener,
            name: "http-80",
            protocol: "HTTP",
            port: 80,
            defaultAction: forward([a.targetGroup, 100]),
            defaultRuleId: a.defaultRule,
          }),
        ],
      },
    ],
    targetGroups: [
      {
        targetGroup: {
          id: a.targetGroup,
          arn: latticeArn("targetgroup", a.targetGroup),
          name: a.targetGroupName,
          type: "ALB",
          status: "ACTIVE",
          config: { port: 80, protocol: "HTTP", protocolVersion: "HTTP1", vpcIdentifier: a.providerVpc },
          serviceArns: [svc.arn!],
          createdAt: CREATED,
          lastUpdatedAt: UPDATED,
        },
        targets: [{ id: a.albArn, port: 80, status: "UNAVAILABLE", reasonCode: "HealthCheckNotSupported" }],
      },
    ],
    serviceNetworks: [
      network(a.serviceNetwork, a.serviceNetworkName, "NONE", [
        { id: a.vpcAssociation, vpcId: a.consumerVpc, securityGroupIds: [a.associationSg] },
      ]),
    ],
    serviceAssociations: [
      serviceAssociation(a.serviceAssociation, svc, a.serviceNetwork, a.serviceNetworkName),
    ],
    authPolicies: {},
    instances: [],
    networkInterfaces: [],
    securityGroups: [association.group],
    securityGroupRules: association.rules,
    subnets: [],
    networkAcls: [],
    prefixLists: prefixLists(),
  };
  return { ...scenario, ...healthyOrdersSignals(signalIds(ALB.service, ALB.serviceName, ALB.targetGroup)) };
}

// ---------------------------------------------------------------------------------------------
// Synthetic service for the benchmark

export interface SyntheticShape {
  listeners: number;
  /** Non-default rules, spread round-robin over the listeners. */
  rules: number;
  targetGroups: number;
  targetsPerGroup: number;
  /** Target security groups (the VPC association has one more of its own). */
  securityGroups: number;
}

export const SYNTHETIC_SERVICE = hexId("svc-", "synthetic/service");

/**
 * One service with `listeners` listeners, `rules` rules spread over them, `targetGroups` INSTANCE
 * target groups of `targetsPerGroup` HEALTHY targets each (one instance per target), the instances
 * spread round-robin over `securityGroups` groups; listener i's default action forwards to target
 * group i, rule r to target group r (every third rule a weighted 80/20 split over r and r+1).
 */
/** The large service of the start-up benchmarks (startup-bench, early-bench). */
export const LARGE_SERVICE: SyntheticShape = {
  listeners: 3,
  rules: 6,
  targetGroups: 5,
  targetsPerGroup: 40,
  securityGroups: 12,
};

export function syntheticScenario(shape: SyntheticShape): Scenario {
  const svcId = SYNTHETIC_SERVICE;
  const svc = service(svcId, "synthetic-bench", "AWS_IAM");
  const vpcId = hexId("vpc-", "synthetic/vpc");
  const consumerVpc = hexId("vpc-", "synthetic/consumer-vpc");
  const networkId = hexId("sn-", "synthetic/network");
  const tgIds = Array.from({ length: shape.targetGroups }, (_, i) => hexId("tg-", `synthetic/tg/${i}`));
  const sgIds = Array.from({ length: shape.securityGroups }, (_, i) => hexId("sg-", `synthetic/sg/${i}`));
  const associationSg = hexId("sg-", "synthetic/association-sg");
  const subnets = [0, 1, 2].map((i) => hexId("subnet-", `synthetic/subnet/${i}`));

  const protocols: ["HTTP" | "HTTPS", number][] = [
    ["HTTPS", 443],
    ["HTTP", 80],
    ["HTTPS", 8443],
  ];
  const listeners = Array.from({ length: shape.listeners }, (_, l) => {
    const [protocol, basePort] = protocols[l % protocols.length]!;
    const port = basePort + Math.floor(l / protocols.length);
    const rules: RuleSpec[] = [];
    for (let r = l, priority = 10; r < shape.rules; r += shape.listeners, priority += 10) {
      const tg = tgIds[r % tgIds.length]!;
      const next = tgIds[(r + 1) % tgIds.length]!;
      rules.push({
        id: hexId("rule-", `synthetic/rule/${r}`),
        name: `route-${r}`,
        priority,
        match: { httpMatch: { pathMatch: { match: { prefix: `/api/v${r}` }, caseSensitive: false } } },
        action: r % 3 === 2 && next !== tg ? forward([tg, 80], [next, 20]) : forward([tg, 100]),
      });
    }
    return listener(svcId, {
      id: hexId("listener-", `synthetic/listener/${l}`),
      name: `${protocol.toLowerCase()}-${port}`,
      protocol,
      port,
      defaultAction: forward([tgIds[l % tgIds.length]!, 100]),
      defaultRuleId: hexId("rule-", `synthetic/default-rule/${l}`),
      rules,
    });
  });

  const instances: Instance[] = [];
  const enis: NetworkInterface[] = [];
  const targetGroups = tgIds.map((id, t) => {
    const targets: TargetSummary[] = [];
    for (let k = 0; k < shape.targetsPerGroup; k++) {
      const n = t * shape.targetsPerGroup + k;
      const host = instance({
        id: hexId("i-", `synthetic/instance/${n}`),
        eniId: hexId("eni-", `synthetic/eni/${n}`),
        ip: `10.${100 + (n % 3)}.${((Math.floor(n / 3) + 10) >> 8) & 255}.${(Math.floor(n / 3) + 10) & 255}`,
        subnetId: subnets[n % subnets.length]!,
        vpcId,
        az: `${REGION}${"abc"[n % 3]}`,
        groups: [{ GroupId: sgIds[n % sgIds.length]!, GroupName: `synthetic-${n % sgIds.length}` }],
      });
      instances.push(host.instance);
      enis.push(host.eni);
      targets.push({ id: host.instance.InstanceId!, port: 8080, status: "HEALTHY" });
    }
    return instanceTargetGroup({
      id,
      name: `synthetic-tg-${t}`,
      port: 8080,
      vpcId,
      serviceIds: [svcId],
      targets,
    });
  });

  const rules: SecurityGroupRule[] = sgIds.flatMap((g) => [
    sgRule(g, {
      protocol: "tcp",
      from: 8080,
      peer: { PrefixListId: DEMO.prefixListV4 },
      description: "VPC Lattice",
      seed: "8080",
    }),
    sgRule(g, {
      protocol: "tcp",
      from: 22,
      peer: { CidrIpv4: "10.0.0.0/8" },
      description: "ssh",
      seed: "22",
    }),
    allowAllEgress(g),
  ]);
  rules.push(
    sgRule(associationSg, { protocol: "tcp", from: 443, peer: { CidrIpv4: "10.20.0.0/16" }, seed: "443" }),
    allowAllEgress(associationSg),
  );

  return {
    region: REGION,
    caller: caller(),
    services: [{ service: svc, listeners }],
    targetGroups,
    serviceNetworks: [
      network(networkId, "synthetic-network", "AWS_IAM", [
        { id: hexId("snva-", "synthetic/snva"), vpcId: consumerVpc, securityGroupIds: [associationSg] },
      ]),
    ],
    serviceAssociations: [
      serviceAssociation(hexId("snsa-", "synthetic/snsa"), svc, networkId, "synthetic-network"),
    ],
    authPolicies: { [svcId]: allowPolicy(), [networkId]: allowPolicy() },
    instances,
    networkInterfaces: enis,
    securityGroups: [
      ...sgIds.map((g, i) => securityGroup(g, `synthetic-${i}`, vpcId, `synthetic target group ${i}`)),
      securityGroup(associationSg, "synthetic-consumers", consumerVpc, "association"),
    ],
    securityGroupRules: rules,
    subnets: subnets.map((id, i) => subnet(id, vpcId, `10.${100 + i}.0.0/16`, `${REGION}${"abc"[i]}`)),
    networkAcls: [defaultNetworkAcl(hexId("acl-", "synthetic/acl"), vpcId, subnets)],
    prefixLists: prefixLists(),
    ...syntheticSignals({
      account: ACCOUNT,
      region: REGION,
      service: svcId,
      targetGroups: tgIds,
      network: networkId,
      networkArn: latticeArn("servicenetwork", networkId),
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Auth layers for `--as` (LAT-403, LAT-409): the healthy orders-api with policies that tell callers apart

/** Callers of the auth-layers scenario. */
export const AUTH = {
  frontendRole: `arn:aws:iam::${ACCOUNT}:role/checkout-frontend`,
  frontendSession: `arn:aws:sts::${ACCOUNT}:assumed-role/checkout-frontend/web-7f3a9c`,
  partnerRole: "arn:aws:iam::444455556666:role/partner-sync",
  batchRole: `arn:aws:iam::${ACCOUNT}:role/batch-reporter`,
  batchSession: `arn:aws:sts::${ACCOUNT}:assumed-role/batch-reporter/nightly-2025-11-28`,
  oncallRole: `arn:aws:iam::${ACCOUNT}:role/ops-oncall`,
} as const;

/**
 * orders-api (HTTP :80, healthy) with AWS_IAM on network and service:
 * - network platform-prod admits authenticated principals of the account only (console template
 *   "authenticated only" plus aws:PrincipalAccount);
 * - the service allows checkout-frontend (and partner-sync of another account) everywhere, denies
 *   /admin/* to everyone, and lets batch-reporter GET;
 * - IAM: checkout-frontend may invoke; batch-reporter's policies do not allow it; ops-oncall exists but
 *   the diagnosing role may not simulate it (AccessDenied).
 */
export function authLayersScenario(): Scenario {
  const scenario = healthyOrdersScenario();
  const serviceArn = latticeArn("service", DEMO.service);
  scenario.authPolicies[DEMO.serviceNetwork] = authPolicy([
    {
      Sid: "AuthenticatedInAccount",
      Effect: "Allow",
      Principal: "*",
      Action: "vpc-lattice-svcs:Invoke",
      Resource: "*",
      Condition: {
        StringNotEqualsIgnoreCase: { "aws:PrincipalType": "anonymous" },
        StringEquals: { "aws:PrincipalAccount": ACCOUNT },
      },
    },
  ]);
  scenario.authPolicies[DEMO.service] = authPolicy([
    {
      Sid: "AllowCheckoutClients",
      Effect: "Allow",
      Principal: { AWS: [AUTH.frontendRole, AUTH.partnerRole] },
      Action: "vpc-lattice-svcs:Invoke",
      Resource: `${serviceArn}/*`,
    },
    {
      Sid: "DenyAdminPaths",
      Effect: "Deny",
      Principal: "*",
      Action: "vpc-lattice-svcs:Invoke",
      Resource: `${serviceArn}/admin/*`,
    },
    {
      Sid: "AllowBatchReads",
      Effect: "Allow",
      Principal: { AWS: AUTH.batchRole },
      Action: "vpc-lattice-svcs:Invoke",
      Resource: `${serviceArn}/*`,
      Condition: { StringEquals: { "vpc-lattice-svcs:RequestMethod": "GET" } },
    },
  ]);
  scenario.identities = {
    [AUTH.frontendRole]: {
      EvalDecision: "allowed",
      MatchedStatements: [
        {
          SourcePolicyId: "VPCLatticeServicesInvokeAccess",
          SourcePolicyType: "aws-managed",
          StartPosition: { Line: 1, Column: 38 },
          EndPosition: { Line: 1, Column: 125 },
        },
      ],
    },
    [AUTH.batchRole]: { EvalDecision: "implicitDeny", MatchedStatements: [] },
    [AUTH.oncallRole]: { EvalDecision: "allowed" },
  };
  scenario.faults = [
    ...(scenario.faults ?? []),
    {
      service: "iam",
      operation: "SimulatePrincipalPolicy",
      match: { PolicySourceArn: AUTH.oncallRole },
      error: {
        name: "AccessDenied",
        message: `User: ${CALLER_ARN} is not authorized to perform: iam:SimulatePrincipalPolicy on resource: ${AUTH.oncallRole} because no identity-based policy allows the iam:SimulatePrincipalPolicy action`,
        httpStatusCode: 403,
      },
    },
  ];
  return scenario;
}

/** The `--as` requests the auth-layers recording answers (the e2e tests replay exactly these). */
export const AUTH_REQUESTS: { as: string; method?: string; path?: string }[] = [
  { as: AUTH.frontendSession, path: "/cart" },
  { as: AUTH.frontendRole, path: "/admin/users" },
  { as: AUTH.partnerRole, path: "/cart" },
  { as: "anonymous" },
  { as: AUTH.batchSession, path: "/reports" },
  { as: AUTH.oncallRole, path: "/cart" },
];
