/**
 * The unit tests' account (gather, record/replay, pipelining, the IAM policy): one service with two
 * listeners and three rules, instance, IPv4, IPv6 and Lambda target groups, two service networks
 * (one shared from another account, its association failed), subnets with default and custom ACLs,
 * CloudWatch metrics and an alarm — every kind of read gather makes. A `Scenario` for the one
 * simulated account (test/support/fake-account.ts); `fakeAccount()` answers from it one item per
 * page (two for ListTargets), so every paginated call really spans several pages.
 */
import type { SecurityGroupRule } from "@aws-sdk/client-ec2";
import {
  FakeAccount,
  type FakeAccountOptions,
  type Scenario,
  type ScenarioListener,
  type ScenarioServiceNetwork,
  type ScenarioTargetGroup,
} from "../support/fake-account.js";

export { awsError } from "../support/fake-account.js";

export const REGION = "us-east-1";
export const ACCOUNT = "111122223333";
export const SHARED_ACCOUNT = "444455556666";

export const SVC = "svc-0a1b2c3d4e5f67890";
export const SVC_ARN = `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:service/${SVC}`;
export const L1 = "listener-0aa1bb2cc3dd4ee5f";
export const L2 = "listener-0ff1ee2dd3cc4bb5a";
export const R_DEFAULT = "rule-0d0d0d0d0d0d0d0d0";
export const R1 = "rule-0a1a1a1a1a1a1a1a1";
export const R2 = "rule-0b2b2b2b2b2b2b2b2";
export const TG_A = "tg-0aaaaaaaaaaaaaaa1"; // INSTANCE
export const TG_B = "tg-0bbbbbbbbbbbbbbb2"; // IP v4
export const TG_C = "tg-0ccccccccccccccc3"; // LAMBDA
export const TG_D = "tg-0ddddddddddddddd4"; // IP v6
export const tgArn = (id: string) => `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:targetgroup/${id}`;
export const VPC_T = "vpc-0a1b2c3d4e5f60001";
export const I1 = "i-0aa00000000000001";
export const I2 = "i-0aa00000000000002";
export const I3 = "i-0aa00000000000003";
export const SN1 = "sn-0a1b2c3d4e5f60011";
export const SN2 = "sn-0f1e2d3c4b5a60022";
export const SN1_ARN = `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:servicenetwork/${SN1}`;
export const SN2_ARN = `arn:aws:vpc-lattice:${REGION}:${SHARED_ACCOUNT}:servicenetwork/${SN2}`;
export const SNVA1 = "snva-0a0a0a0a0a0a0a0a1";
export const SNVA2 = "snva-0a0a0a0a0a0a0a0a2";
export const SNVA3 = "snva-0a0a0a0a0a0a0a0a3";
export const SNVA4 = "snva-0a0a0a0a0a0a0a0a4";
export const PL4 = "pl-0a1b2c3d4e5f6a7b8";
export const PL6 = "pl-0b2c3d4e5f6a7b8c9";
export const SNSA1 = "snsa-0a1b2c3d4e5f60001";
/** The association with the shared network: CREATE_FAILED (GetServiceNetworkServiceAssociation explains). */
export const SNSA2 = "snsa-0a1b2c3d4e5f60002";
export const SUBNET_A = "subnet-0a00000000000001a"; // instances, IPv4 ENI — default ACL
export const SUBNET_B = "subnet-0a00000000000001b"; // instances, IPv4 ENI — custom ACL
export const SUBNET_C = "subnet-0a00000000000001c"; // IPv6 ENI — default ACL
export const SUBNET_OTHER = "subnet-0a00000000000001d"; // not a target subnet; shares the default ACL
export const ACL_DEFAULT = "acl-0a000000000000d01";
export const ACL_APP = "acl-0a000000000000a02";
export const SNRA1 = "snra-0a0a0a0a0a0a0a0a1";
export const SNRA2 = "snra-0a0a0a0a0a0a0a0a2";
export const VPCE1 = "vpce-0a0a0a0a0a0a0a0a1";
export const VPCE2 = "vpce-0a0a0a0a0a0a0a0a2";
export const sg = (n: number) => `sg-0${String(n).padStart(16, "0")}`;
export const SERVICE_POLICY =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}';

/** Unit-test paging: one item per page, two targets per ListTargets page (one page, several EC2 lookups). */
export const UNIT_PAGING: FakeAccountOptions = { pageSize: 1, pageSizes: { ListTargets: 2 } };

/** The simulated account over `scenario`, paging as UNIT_PAGING unless `options` say otherwise. */
export function fakeAccount(
  scenario: Scenario = defaultAccount(),
  options: FakeAccountOptions = {},
): FakeAccount {
  return new FakeAccount(scenario, { ...UNIT_PAGING, ...options });
}

/** The target group `id` of a scenario. */
export function targetGroupOf(scenario: Scenario, id: string): ScenarioTargetGroup {
  const found = scenario.targetGroups.find((t) => t.targetGroup.id === id);
  if (!found) throw new Error(`no target group ${id} in the scenario`);
  return found;
}

function sgRules(groupId: string): SecurityGroupRule[] {
  return [
    {
      SecurityGroupRuleId: `sgr-${groupId.slice(3)}`,
      GroupId: groupId,
      GroupOwnerId: ACCOUNT,
      IsEgress: false,
      IpProtocol: "tcp",
      FromPort: 8080,
      ToPort: 8080,
      PrefixListId: PL4,
      Description: "lattice",
    },
    {
      SecurityGroupRuleId: `sgr-e${groupId.slice(4)}`,
      GroupId: groupId,
      GroupOwnerId: ACCOUNT,
      IsEgress: true,
      IpProtocol: "-1",
      FromPort: -1,
      ToPort: -1,
      CidrIpv4: "0.0.0.0/0",
    },
  ];
}

export function defaultAccount(): Scenario {
  const created = new Date("2025-01-02T03:04:05Z");
  return {
    region: REGION,
    caller: {
      Account: ACCOUNT,
      Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/OnCall/alice`,
      UserId: "AROAEXAMPLE:alice",
    },
    services: [
      {
        service: {
          id: SVC,
          arn: SVC_ARN,
          name: "payments",
          status: "ACTIVE",
          authType: "AWS_IAM",
          createdAt: created,
          dnsEntry: {
            domainName: `payments-0a1b2c3d4e5f67890.7d67968.vpc-lattice-svcs.${REGION}.on.aws`,
            hostedZoneId: "Z0123456789ABCDEFGHIJ",
          },
          customDomainName: "payments.example.com",
          certificateArn: `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/0a1b2c3d-0000-1111-2222-333344445555`,
        },
        listeners: listeners(created),
      },
    ],
    targetGroups: targetGroups(created),
    serviceAssociations: [
      {
        id: SNSA1,
        arn: `${SN1_ARN}/serviceassociation/${SNSA1}`,
        status: "ACTIVE",
        serviceId: SVC,
        serviceNetworkId: SN1,
        serviceNetworkArn: SN1_ARN,
        serviceNetworkName: "prod",
        createdAt: created,
      },
      {
        id: SNSA2,
        arn: `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:servicenetworkserviceassociation/${SNSA2}`,
        status: "CREATE_FAILED",
        serviceId: SVC,
        serviceNetworkId: SN2,
        serviceNetworkArn: SN2_ARN,
        serviceNetworkName: "shared-core",
      },
    ],
    serviceAssociationDetails: {
      [SNSA2]: {
        failureCode: "AccessDeniedException",
        failureMessage: `The service network ${SN2_ARN} is not shared with account ${ACCOUNT}`,
      },
    },
    serviceNetworks: serviceNetworks(created),
    authPolicies: {
      [SVC]: { policy: SERVICE_POLICY, state: "Active", createdAt: created },
      [SN1]: {}, // 200 without a policy; SN2 has none: ResourceNotFoundException
    },
    accessLogSubscriptions: {
      [SN1]: [
        {
          id: "als-0a1b2c3d4e5f60001",
          arn: `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:accesslogsubscription/als-0a1b2c3d4e5f60001`,
          resourceId: SN1,
          resourceArn: SN1_ARN,
          destinationArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/vendedlogs/vpclattice/prod`,
          serviceNetworkLogType: "SERVICE",
          createdAt: created,
          lastUpdatedAt: created,
        },
      ],
    },
    instances: [
      {
        InstanceId: I1,
        SubnetId: SUBNET_A,
        VpcId: VPC_T,
        SecurityGroups: [
          { GroupId: sg(1), GroupName: "app" },
          { GroupId: sg(2), GroupName: "mgmt" },
        ],
        NetworkInterfaces: [
          // Secondary ENI listed first on purpose: the primary (device 0) must come first.
          {
            NetworkInterfaceId: "eni-0a000000000000012",
            Attachment: { DeviceIndex: 1 },
            Groups: [{ GroupId: sg(2) }],
          },
          {
            NetworkInterfaceId: "eni-0a000000000000011",
            Attachment: { DeviceIndex: 0 },
            Groups: [{ GroupId: sg(1) }],
          },
        ],
      },
      {
        InstanceId: I2,
        SubnetId: SUBNET_B,
        VpcId: VPC_T,
        SecurityGroups: [{ GroupId: sg(1), GroupName: "app" }],
        NetworkInterfaces: [
          {
            NetworkInterfaceId: "eni-0a000000000000021",
            Attachment: { DeviceIndex: 0 },
            Groups: [{ GroupId: sg(1) }],
          },
        ],
      },
      {
        InstanceId: I3,
        SubnetId: SUBNET_B,
        VpcId: VPC_T,
        SecurityGroups: [{ GroupId: sg(3), GroupName: "legacy" }],
        NetworkInterfaces: [
          {
            NetworkInterfaceId: "eni-0a000000000000031",
            Attachment: { DeviceIndex: 0 },
            Groups: [{ GroupId: sg(3) }],
          },
        ],
      },
    ],
    networkInterfaces: [
      {
        NetworkInterfaceId: "eni-0b000000000000001",
        SubnetId: SUBNET_A,
        VpcId: VPC_T,
        PrivateIpAddress: "10.0.1.10",
        PrivateIpAddresses: [{ PrivateIpAddress: "10.0.1.10" }, { PrivateIpAddress: "10.0.1.11" }],
        Groups: [{ GroupId: sg(4), GroupName: "ip-a" }],
      },
      {
        NetworkInterfaceId: "eni-0b000000000000002",
        SubnetId: SUBNET_B,
        VpcId: VPC_T,
        PrivateIpAddress: "10.0.2.20",
        PrivateIpAddresses: [{ PrivateIpAddress: "10.0.2.20" }],
        Groups: [{ GroupId: sg(5), GroupName: "ip-b" }],
      },
      {
        // Same address in another VPC: the vpc-id filter must keep it out.
        NetworkInterfaceId: "eni-0f0000000000000ff",
        SubnetId: "subnet-0f0000000000000ff",
        VpcId: "vpc-0ffffffffffffffff",
        PrivateIpAddress: "10.0.2.20",
        PrivateIpAddresses: [{ PrivateIpAddress: "10.0.2.20" }],
        Groups: [{ GroupId: sg(99), GroupName: "elsewhere" }],
      },
      {
        NetworkInterfaceId: "eni-0d000000000000001",
        SubnetId: SUBNET_C,
        VpcId: VPC_T,
        PrivateIpAddress: "10.0.3.30",
        Ipv6Addresses: [{ Ipv6Address: "2600:1f18:0:1:0:0:0:10" }],
        Groups: [{ GroupId: sg(6), GroupName: "v6" }],
      },
    ],
    securityGroups: [1, 2, 3, 4, 5, 6, 7, 8, 99].map((n) => ({
      GroupId: sg(n),
      GroupName: `group-${n}`,
      Description: `group-${n}`,
      VpcId: n >= 7 ? `vpc-0c11e0000000000a${n === 7 ? 1 : 4}` : VPC_T,
      OwnerId: ACCOUNT,
    })),
    securityGroupRules: [1, 2, 3, 4, 5, 6, 7, 8, 99].flatMap((n) => sgRules(sg(n))),
    prefixLists: [
      {
        prefixList: {
          PrefixListId: PL4,
          PrefixListName: `com.amazonaws.${REGION}.vpc-lattice`,
          AddressFamily: "IPv4",
          OwnerId: "AWS",
        },
        entries: [{ Cidr: "169.254.171.0/24" }, { Cidr: "169.254.172.0/24" }],
      },
      {
        prefixList: {
          PrefixListId: PL6,
          PrefixListName: `com.amazonaws.${REGION}.ipv6.vpc-lattice`,
          AddressFamily: "IPv6",
          OwnerId: "AWS",
        },
        entries: [{ Cidr: "fd00:ec2:80::/64" }, { Cidr: "fd00:ec2:81::/64" }],
      },
    ],
    subnets: [
      {
        SubnetId: SUBNET_A,
        VpcId: VPC_T,
        CidrBlock: "10.0.1.0/24",
        AvailabilityZone: `${REGION}a`,
        AvailabilityZoneId: "use1-az1",
        Ipv6CidrBlockAssociationSet: [],
        State: "available",
      },
      {
        SubnetId: SUBNET_B,
        VpcId: VPC_T,
        CidrBlock: "10.0.2.0/24",
        AvailabilityZone: `${REGION}b`,
        AvailabilityZoneId: "use1-az2",
        State: "available",
      },
      {
        SubnetId: SUBNET_C,
        VpcId: VPC_T,
        CidrBlock: "10.0.3.0/24",
        AvailabilityZone: `${REGION}c`,
        AvailabilityZoneId: "use1-az4",
        Ipv6CidrBlockAssociationSet: [
          {
            AssociationId: "subnet-cidr-assoc-0a000000000000001",
            Ipv6CidrBlock: "2600:1f18:0:1::/64",
            Ipv6CidrBlockState: { State: "associated" },
          },
          {
            // Being removed: carries no traffic, left out.
            AssociationId: "subnet-cidr-assoc-0a000000000000002",
            Ipv6CidrBlock: "2600:1f18:0:9::/64",
            Ipv6CidrBlockState: { State: "disassociating" },
          },
        ],
        State: "available",
      },
      { SubnetId: SUBNET_OTHER, VpcId: VPC_T, CidrBlock: "10.0.4.0/24", AvailabilityZoneId: "use1-az6" },
      // A target ENI's subnet in another VPC: never a target, never read.
      { SubnetId: "subnet-0f0000000000000ff", VpcId: "vpc-0ffffffffffffffff", CidrBlock: "10.0.2.0/24" },
    ],
    networkAcls: [
      {
        NetworkAclId: ACL_DEFAULT,
        VpcId: VPC_T,
        IsDefault: true,
        OwnerId: ACCOUNT,
        Associations: [SUBNET_A, SUBNET_C, SUBNET_OTHER].map((subnet, n) => ({
          NetworkAclAssociationId: `aclassoc-0a00000000000000${n}`,
          NetworkAclId: ACL_DEFAULT,
          SubnetId: subnet,
        })),
        Entries: [
          { RuleNumber: 100, Protocol: "-1", RuleAction: "allow", Egress: true, CidrBlock: "0.0.0.0/0" },
          { RuleNumber: 101, Protocol: "-1", RuleAction: "allow", Egress: true, Ipv6CidrBlock: "::/0" },
          { RuleNumber: 32767, Protocol: "-1", RuleAction: "deny", Egress: true, CidrBlock: "0.0.0.0/0" },
          { RuleNumber: 32768, Protocol: "-1", RuleAction: "deny", Egress: true, Ipv6CidrBlock: "::/0" },
          { RuleNumber: 100, Protocol: "-1", RuleAction: "allow", Egress: false, CidrBlock: "0.0.0.0/0" },
          { RuleNumber: 101, Protocol: "-1", RuleAction: "allow", Egress: false, Ipv6CidrBlock: "::/0" },
          { RuleNumber: 32767, Protocol: "-1", RuleAction: "deny", Egress: false, CidrBlock: "0.0.0.0/0" },
          { RuleNumber: 32768, Protocol: "-1", RuleAction: "deny", Egress: false, Ipv6CidrBlock: "::/0" },
        ],
      },
      {
        NetworkAclId: ACL_APP,
        VpcId: VPC_T,
        IsDefault: false,
        OwnerId: ACCOUNT,
        Associations: [
          {
            NetworkAclAssociationId: "aclassoc-0a000000000000010",
            NetworkAclId: ACL_APP,
            SubnetId: SUBNET_B,
          },
        ],
        Entries: [
          {
            RuleNumber: 100,
            Protocol: "6",
            RuleAction: "allow",
            Egress: false,
            CidrBlock: "10.0.0.0/16",
            PortRange: { From: 80, To: 80 },
          },
          {
            RuleNumber: 110,
            Protocol: "6",
            RuleAction: "allow",
            Egress: false,
            CidrBlock: "10.0.0.0/16",
            PortRange: { From: 8080, To: 8081 },
          },
          { RuleNumber: 32767, Protocol: "-1", RuleAction: "deny", Egress: false, CidrBlock: "0.0.0.0/0" },
          {
            RuleNumber: 100,
            Protocol: "6",
            RuleAction: "allow",
            Egress: true,
            CidrBlock: "0.0.0.0/0",
            PortRange: { From: 1024, To: 65535 },
          },
          { RuleNumber: 32767, Protocol: "-1", RuleAction: "deny", Egress: true, CidrBlock: "0.0.0.0/0" },
        ],
      },
      {
        // Another VPC's ACL: no target subnet in it, never returned.
        NetworkAclId: "acl-0f00000000000000f",
        VpcId: "vpc-0ffffffffffffffff",
        IsDefault: true,
        Associations: [
          {
            NetworkAclAssociationId: "aclassoc-0f000000000000001",
            NetworkAclId: "acl-0f00000000000000f",
            SubnetId: "subnet-0f0000000000000ff",
          },
        ],
        Entries: [],
      },
    ],
    cloudwatch: {
      metrics: [
        // The service by id, at resource level and per zone.
        {
          Namespace: "AWS/VpcLattice",
          MetricName: "HTTPCode_5XX_Count",
          Dimensions: [{ Name: "Service", Value: SVC }],
          recent: [0, 0, null, 0, 0],
        },
        {
          Namespace: "AWS/VpcLattice",
          MetricName: "HTTPCode_5XX_Count",
          Dimensions: [
            { Name: "Service", Value: SVC },
            { Name: "AvailabilityZone", Value: "use1-az1" },
          ],
        },
        {
          Namespace: "AWS/VpcLattice",
          MetricName: "TotalRequestCount",
          Dimensions: [{ Name: "Service", Value: SVC }],
          recent: [40, 42, 39, 41, 44],
        },
        // TG_A by ARN, per zone only.
        ...["use1-az1", "use1-az2"].map((zone) => ({
          Namespace: "AWS/VpcLattice",
          MetricName: "ConnectionErrorCount",
          Dimensions: [
            { Name: "TargetGroup", Value: tgArn(TG_A) },
            { Name: "AvailabilityZone", Value: zone },
          ],
          recent: zone === "use1-az1" ? [0, 0, 0, 0, 0] : [0, null, 0, 0, 0],
        })),
      ],
      alarms: [
        {
          AlarmName: "payments-5xx",
          AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:payments-5xx`,
          StateValue: "OK",
          StateReason: "Threshold Crossed: no datapoints were received for 3 periods.",
          StateUpdatedTimestamp: created,
          Namespace: "AWS/VpcLattice",
          MetricName: "HTTPCode_5XX_Count",
          Dimensions: [{ Name: "Service", Value: SVC }],
          Statistic: "Sum",
          Period: 60,
          EvaluationPeriods: 3,
          Threshold: 1,
          ComparisonOperator: "GreaterThanOrEqualToThreshold",
          TreatMissingData: "notBreaching",
        },
      ],
    },
  };
}

function listeners(created: Date): ScenarioListener[] {
  const rule = (id: string, name: string) => ({ id, arn: `${SVC_ARN}/listener/${L1}/rule/${id}`, name });
  return [
    {
      listener: {
        id: L1,
        arn: `${SVC_ARN}/listener/${L1}`,
        name: "https",
        protocol: "HTTPS",
        port: 443,
        createdAt: created,
        serviceId: SVC,
        serviceArn: SVC_ARN,
        defaultAction: { forward: { targetGroups: [{ targetGroupIdentifier: TG_A, weight: 100 }] } },
      },
      rules: [
        { ...rule(R_DEFAULT, "default"), isDefault: true },
        {
          ...rule(R1, "ip-route"),
          isDefault: false,
          priority: 10,
          match: { httpMatch: { pathMatch: { match: { prefix: "/ip" }, caseSensitive: false } } },
          action: { forward: { targetGroups: [{ targetGroupIdentifier: tgArn(TG_B), weight: 100 }] } },
        },
        {
          ...rule(R2, "split"),
          isDefault: false,
          priority: 20,
          match: { httpMatch: { method: "POST" } },
          action: {
            forward: {
              targetGroups: [
                { targetGroupIdentifier: TG_C, weight: 90 },
                { targetGroupIdentifier: TG_D, weight: 10 },
              ],
            },
          },
        },
      ],
    },
    {
      listener: {
        id: L2,
        arn: `${SVC_ARN}/listener/${L2}`,
        name: "http",
        protocol: "HTTP",
        port: 80,
        serviceId: SVC,
        serviceArn: SVC_ARN,
        defaultAction: { fixedResponse: { statusCode: 404 } },
      },
      rules: [{ id: "rule-0e0e0e0e0e0e0e0e0", name: "default", isDefault: true }],
    },
  ];
}

function targetGroups(created: Date): ScenarioTargetGroup[] {
  return [
    {
      targetGroup: {
        id: TG_A,
        arn: tgArn(TG_A),
        name: "payments-instances",
        type: "INSTANCE",
        status: "ACTIVE",
        createdAt: created,
        serviceArns: [SVC_ARN],
        config: {
          port: 8080,
          protocol: "HTTP",
          protocolVersion: "HTTP1",
          vpcIdentifier: VPC_T,
          healthCheck: {
            enabled: true,
            protocol: "HTTP",
            path: "/health",
            port: 8081,
            matcher: { httpCode: "200" },
          },
        },
      },
      targets: [
        { id: I1, port: 8080, status: "HEALTHY" },
        { id: I2, port: 8080, status: "UNHEALTHY", reasonCode: "HealthCheckFailed" },
        { id: I3, port: 8080, status: "HEALTHY" },
      ],
    },
    {
      targetGroup: {
        id: TG_B,
        arn: tgArn(TG_B),
        name: "payments-ip",
        type: "IP",
        status: "ACTIVE",
        serviceArns: [SVC_ARN],
        config: {
          port: 80,
          protocol: "HTTP",
          protocolVersion: "HTTP1",
          ipAddressType: "IPV4",
          vpcIdentifier: VPC_T,
        },
      },
      targets: [
        // First targets page (2 per page) covers two ENIs, so DescribeNetworkInterfaces pages too.
        { id: "10.0.1.10", port: 80, status: "HEALTHY" },
        { id: "10.0.2.20", port: 80, status: "DRAINING" },
        { id: "10.0.1.11", port: 80, status: "HEALTHY" },
      ],
    },
    {
      targetGroup: {
        id: TG_C,
        arn: tgArn(TG_C),
        name: "payments-fn",
        type: "LAMBDA",
        status: "ACTIVE",
        serviceArns: [SVC_ARN],
      },
      targets: [{ id: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:payments-fn`, status: "UNAVAILABLE" }],
    },
    {
      targetGroup: {
        id: TG_D,
        arn: tgArn(TG_D),
        name: "payments-v6",
        type: "IP",
        status: "ACTIVE",
        serviceArns: [SVC_ARN],
        config: { port: 80, protocol: "HTTP", ipAddressType: "IPV6", vpcIdentifier: VPC_T },
      },
      targets: [{ id: "2600:1f18:0:1::10", port: 80, status: "HEALTHY" }],
    },
  ];
}

function serviceNetworks(created: Date): ScenarioServiceNetwork[] {
  return [
    {
      serviceNetwork: {
        id: SN1,
        arn: SN1_ARN,
        name: "prod",
        authType: "AWS_IAM",
        numberOfAssociatedVPCs: 3,
        numberOfAssociatedServices: 4,
      },
      vpcAssociations: [
        {
          id: SNVA1,
          arn: `${SN1_ARN}/vpcassociation/${SNVA1}`,
          status: "ACTIVE",
          serviceNetworkId: SN1,
          vpcId: "vpc-0c11e0000000000a1",
          securityGroupIds: [sg(7)],
        },
        {
          id: SNVA2,
          arn: `${SN1_ARN}/vpcassociation/${SNVA2}`,
          status: "ACTIVE",
          serviceNetworkId: SN1,
          vpcId: "vpc-0c11e0000000000a2",
        },
        {
          id: SNVA3,
          arn: `${SN1_ARN}/vpcassociation/${SNVA3}`,
          status: "CREATE_FAILED",
          serviceNetworkId: SN1,
          vpcId: "vpc-0c11e0000000000a3",
          securityGroupIds: [],
          failureCode: "ConflictException",
          failureMessage: "VPC is already associated with another service network",
        },
      ],
      resourceAssociations: [
        {
          id: SNRA1,
          arn: `${SN1_ARN}/resourceassociation/${SNRA1}`,
          status: "ACTIVE",
          createdBy: ACCOUNT,
          serviceNetworkId: SN1,
          serviceNetworkArn: SN1_ARN,
          serviceNetworkName: "prod",
          resourceConfigurationId: "rcfg-0a0a0a0a0a0a0a0a1",
          resourceConfigurationArn: `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:resourceconfiguration/rcfg-0a0a0a0a0a0a0a0a1`,
          resourceConfigurationName: "orders-db",
          createdAt: created,
        },
        {
          id: SNRA2,
          arn: `${SN1_ARN}/resourceassociation/${SNRA2}`,
          status: "CREATE_FAILED",
          serviceNetworkId: SN1,
          resourceConfigurationId: "rcfg-0a0a0a0a0a0a0a0a2",
          resourceConfigurationName: "ledger",
        },
      ],
      vpcEndpointAssociations: [
        {
          id: "snve-0a0a0a0a0a0a0a0a1",
          vpcEndpointId: VPCE1,
          vpcId: "vpc-0c11e0000000000b1",
          vpcEndpointOwnerId: ACCOUNT,
          state: "Available",
          serviceNetworkArn: SN1_ARN,
          createdAt: created,
        },
        {
          id: "snve-0a0a0a0a0a0a0a0a2",
          vpcEndpointId: VPCE2,
          vpcId: "vpc-0c11e0000000000b2",
          vpcEndpointOwnerId: SHARED_ACCOUNT,
          state: "Pending",
          serviceNetworkArn: SN1_ARN,
        },
      ],
    },
    {
      serviceNetwork: {
        id: SN2,
        arn: SN2_ARN,
        name: "shared-core",
        authType: "NONE",
        sharingConfig: { enabled: true },
      },
      vpcAssociations: [
        {
          id: SNVA4,
          arn: `${SN2_ARN}/vpcassociation/${SNVA4}`,
          status: "ACTIVE",
          serviceNetworkId: SN2,
          vpcId: "vpc-0c11e0000000000a4",
          securityGroupIds: [sg(8)],
        },
      ],
      resourceAssociations: [],
      vpcEndpointAssociations: [],
    },
  ];
}
