/**
 * Scenario builders for the FakeAccount: the demo (a broken orders-api), its healthy twin, the
 * access-denied variant used for LAT-901, and a synthetic service of any size for the benchmark.
 *
 * Everything is deterministic: ids are either fixed (the demo's, quoted in docs and goldens) or
 * derived from a seed string with SHA-256, so regenerating a recording gives the same file.
 */
import { createHash } from "node:crypto";
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
} from "./fake-account.js";

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

export function service(id: string, name: string, authType: "NONE" | "AWS_IAM"): GetServiceResponse {
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
export function brokenOrdersScenario(): Scenario {
  return ordersScenario({
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
  return ordersScenario({
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
  return ordersScenario({
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
  };
}
