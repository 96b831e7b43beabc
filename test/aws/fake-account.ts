/**
 * A simulated AWS account answering the calls gather makes, shaped like the real APIs (field
 * names, filters, NextToken paging, InvalidInstanceID.NotFound …). Used three ways: as a
 * CallAnswerer behind createClients({replayer}) (the real middleware runs), behind
 * aws-sdk-client-mock stubs, and as the source of a recording.
 *
 * Paging: every list is cut into pages of `pageSize` items (default 1, so each list of two or more
 * items spans several pages), or of the request's maxResults when `honourMaxResults` is set.
 */
import type { CallAnswerer } from "../../src/aws/recording.js";
import { RamError, answerRam, isRamRead, type RamData } from "../../bench/fake-ram.js";
import { FakeAccessLogs, type FakeLogsData } from "../../bench/fake-logs.js";

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

export interface AwsErrorShape extends Error {
  $fault: "client" | "server";
  $metadata: { httpStatusCode?: number };
}

/** An error shaped like the SDK's ServiceException. */
export function awsError(
  name: string,
  httpStatusCode: number,
  message = `${name}: simulated`,
): AwsErrorShape {
  const error = new Error(message) as AwsErrorShape;
  error.name = name;
  error.$fault = httpStatusCode >= 500 ? "server" : "client";
  error.$metadata = { httpStatusCode };
  return error;
}

type Input = Record<string, unknown>;
type Out = Record<string, unknown>;
type Handler = (input: Input) => Out;

export interface LoggedCall {
  service: string;
  operation: string;
  input: Input;
}

interface Injected {
  operation: string;
  when?: (input: Input) => boolean;
  error: () => unknown;
}

interface Filter {
  Name: string;
  Values: string[];
}

export interface InstanceSpec {
  InstanceId: string;
  SubnetId: string;
  VpcId: string;
  SecurityGroups: { GroupId: string; GroupName: string }[];
  NetworkInterfaces: {
    NetworkInterfaceId: string;
    Attachment: { DeviceIndex: number };
    Groups: { GroupId: string }[];
  }[];
}

export interface EniSpec {
  NetworkInterfaceId: string;
  SubnetId: string;
  VpcId: string;
  PrivateIpAddress?: string;
  PrivateIpAddresses?: { PrivateIpAddress: string }[];
  Ipv6Addresses?: { Ipv6Address: string }[];
  Groups: { GroupId: string; GroupName: string }[];
}

export interface AccountData {
  service: Out;
  listeners: { summary: Out; defaultAction: Out; rules: { summary: Out; detail?: Out }[] }[];
  targetGroups: Record<string, { detail: Out; targets: Out[] }>;
  serviceAssociations: Out[];
  serviceNetworks: Record<string, Out>;
  vpcAssociations: Record<string, { summary: Out; detail: Out }[]>;
  /** By resource id; `null` → ResourceNotFoundException; `{}` → 200 without policy. */
  authPolicies: Record<string, Out | null>;
  instances: InstanceSpec[];
  enis: EniSpec[];
  securityGroups: { GroupId: string; GroupName: string; VpcId: string; OwnerId: string; rules: Out[] }[];
  prefixLists: { list: Out; entries: string[] }[];
  services: Out[];
  /** GetServiceNetworkServiceAssociation extras (failureCode …) by association id. */
  serviceAssociationDetails: Record<string, Out>;
  /** DescribeSubnets items (EC2 PascalCase). */
  subnets: Out[];
  /** DescribeNetworkAcls items (EC2 PascalCase). */
  networkAcls: Out[];
  /** ListServiceNetworkResourceAssociations items by network id. */
  resourceAssociations: Record<string, Out[]>;
  /** ListServiceNetworkVpcEndpointAssociations items by network id. */
  vpcEndpointAssociations: Record<string, Out[]>;
  /** ListAccessLogSubscriptions items by resource id (`svc-…`, `sn-…`); absent → none. */
  accessLogSubscriptions?: Record<string, Out[]>;
  /** What the access logs' destinations hold (bench/fake-logs.ts); absent → empty log groups and buckets. */
  accessLogData?: FakeLogsData;
  /** AWS RAM as this account sees it (bench/fake-ram.ts); absent → no share, no invitation. */
  ram?: RamData;
  /** CloudWatch: ListMetrics items, DescribeAlarms MetricAlarms, and per-minute data by metric key. */
  cloudwatch?: {
    metrics: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] }[];
    alarms: Out[];
    /**
     * Per-minute Sums ending at the request's EndTime (oldest first; null = no datapoint), by
     * `metricKey(MetricName, Dimensions)`.
     */
    data: Record<string, (number | null)[]>;
  };
}

/** `HTTPCode_5XX_Count|Service=svc-…` (dimensions sorted): how the fake keys metric data. */
export function metricKey(name: string, dimensions: { Name?: string; Value?: string }[]): string {
  return `${name}|${dimensions
    .map((d) => `${d.Name}=${d.Value}`)
    .sort()
    .join(",")}`;
}

function sgRules(groupId: string): Out[] {
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

export function defaultAccount(): AccountData {
  const created = new Date("2025-01-02T03:04:05Z");
  return {
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
    listeners: [
      {
        summary: {
          id: L1,
          arn: `${SVC_ARN}/listener/${L1}`,
          name: "https",
          protocol: "HTTPS",
          port: 443,
          createdAt: created,
        },
        defaultAction: { forward: { targetGroups: [{ targetGroupIdentifier: TG_A, weight: 100 }] } },
        rules: [
          {
            summary: {
              id: R_DEFAULT,
              arn: `${SVC_ARN}/listener/${L1}/rule/${R_DEFAULT}`,
              name: "default",
              isDefault: true,
            },
          },
          {
            summary: {
              id: R1,
              arn: `${SVC_ARN}/listener/${L1}/rule/${R1}`,
              name: "ip-route",
              isDefault: false,
              priority: 10,
            },
            detail: {
              match: { httpMatch: { pathMatch: { match: { prefix: "/ip" }, caseSensitive: false } } },
              action: { forward: { targetGroups: [{ targetGroupIdentifier: tgArn(TG_B), weight: 100 }] } },
            },
          },
          {
            summary: {
              id: R2,
              arn: `${SVC_ARN}/listener/${L1}/rule/${R2}`,
              name: "split",
              isDefault: false,
              priority: 20,
            },
            detail: {
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
          },
        ],
      },
      {
        summary: { id: L2, arn: `${SVC_ARN}/listener/${L2}`, name: "http", protocol: "HTTP", port: 80 },
        defaultAction: { fixedResponse: { statusCode: 404 } },
        rules: [{ summary: { id: "rule-0e0e0e0e0e0e0e0e0", name: "default", isDefault: true } }],
      },
    ],
    targetGroups: {
      [TG_A]: {
        detail: {
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
      [TG_B]: {
        detail: {
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
      [TG_C]: {
        detail: {
          id: TG_C,
          arn: tgArn(TG_C),
          name: "payments-fn",
          type: "LAMBDA",
          status: "ACTIVE",
          serviceArns: [SVC_ARN],
        },
        targets: [{ id: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:payments-fn`, status: "UNAVAILABLE" }],
      },
      [TG_D]: {
        detail: {
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
    },
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
    serviceNetworks: {
      [SN1]: {
        id: SN1,
        arn: SN1_ARN,
        name: "prod",
        authType: "AWS_IAM",
        numberOfAssociatedVPCs: 3,
        numberOfAssociatedServices: 4,
      },
      [SN2]: {
        id: SN2,
        arn: SN2_ARN,
        name: "shared-core",
        authType: "NONE",
        sharingConfig: { enabled: true },
      },
    },
    vpcAssociations: {
      [SN1]: [
        {
          summary: {
            id: SNVA1,
            arn: `${SN1_ARN}/vpcassociation/${SNVA1}`,
            status: "ACTIVE",
            serviceNetworkId: SN1,
            vpcId: "vpc-0c11e0000000000a1",
          },
          detail: { id: SNVA1, status: "ACTIVE", securityGroupIds: [sg(7)], vpcId: "vpc-0c11e0000000000a1" },
        },
        {
          summary: {
            id: SNVA2,
            arn: `${SN1_ARN}/vpcassociation/${SNVA2}`,
            status: "ACTIVE",
            serviceNetworkId: SN1,
            vpcId: "vpc-0c11e0000000000a2",
          },
          detail: { id: SNVA2, status: "ACTIVE", vpcId: "vpc-0c11e0000000000a2" },
        },
        {
          summary: {
            id: SNVA3,
            arn: `${SN1_ARN}/vpcassociation/${SNVA3}`,
            status: "CREATE_FAILED",
            serviceNetworkId: SN1,
            vpcId: "vpc-0c11e0000000000a3",
          },
          detail: {
            id: SNVA3,
            status: "CREATE_FAILED",
            securityGroupIds: [],
            failureCode: "ConflictException",
            failureMessage: "VPC is already associated with another service network",
          },
        },
      ],
      [SN2]: [
        {
          summary: {
            id: SNVA4,
            arn: `${SN2_ARN}/vpcassociation/${SNVA4}`,
            status: "ACTIVE",
            serviceNetworkId: SN2,
            vpcId: "vpc-0c11e0000000000a4",
          },
          detail: { id: SNVA4, status: "ACTIVE", securityGroupIds: [sg(8)] },
        },
      ],
    },
    authPolicies: {
      [SVC]: { policy: SERVICE_POLICY, state: "Active", createdAt: created },
      [SN1]: {},
      [SN2]: null,
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
    enis: [
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
      VpcId: n >= 7 ? `vpc-0c11e0000000000a${n === 7 ? 1 : 4}` : VPC_T,
      OwnerId: ACCOUNT,
      rules: sgRules(sg(n)),
    })),
    prefixLists: [
      {
        list: {
          PrefixListId: PL4,
          PrefixListName: `com.amazonaws.${REGION}.vpc-lattice`,
          AddressFamily: "IPv4",
          OwnerId: "AWS",
        },
        entries: ["169.254.171.0/24", "169.254.172.0/24"],
      },
      {
        list: {
          PrefixListId: PL6,
          PrefixListName: `com.amazonaws.${REGION}.ipv6.vpc-lattice`,
          AddressFamily: "IPv6",
          OwnerId: "AWS",
        },
        entries: ["fd00:ec2:80::/64", "fd00:ec2:81::/64"],
      },
    ],
    services: [],
    serviceAssociationDetails: {
      [SNSA2]: {
        failureCode: "AccessDeniedException",
        failureMessage: `The service network ${SN2_ARN} is not shared with account ${ACCOUNT}`,
      },
    },
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
    resourceAssociations: {
      [SN1]: [
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
      [SN2]: [],
    },
    vpcEndpointAssociations: {
      [SN1]: [
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
      [SN2]: [],
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
    cloudwatch: {
      metrics: [
        // The service by id, at resource level and per zone.
        {
          Namespace: "AWS/VpcLattice",
          MetricName: "HTTPCode_5XX_Count",
          Dimensions: [{ Name: "Service", Value: SVC }],
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
        },
        // TG_A by ARN, per zone only.
        ...["use1-az1", "use1-az2"].map((zone) => ({
          Namespace: "AWS/VpcLattice",
          MetricName: "ConnectionErrorCount",
          Dimensions: [
            { Name: "TargetGroup", Value: tgArn(TG_A) },
            { Name: "AvailabilityZone", Value: zone },
          ],
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
      data: {
        [metricKey("HTTPCode_5XX_Count", [{ Name: "Service", Value: SVC }])]: [0, 0, null, 0, 0],
        [metricKey("TotalRequestCount", [{ Name: "Service", Value: SVC }])]: [40, 42, 39, 41, 44],
        [metricKey("ConnectionErrorCount", [
          { Name: "TargetGroup", Value: tgArn(TG_A) },
          { Name: "AvailabilityZone", Value: "use1-az1" },
        ])]: [0, 0, 0, 0, 0],
        [metricKey("ConnectionErrorCount", [
          { Name: "TargetGroup", Value: tgArn(TG_A) },
          { Name: "AvailabilityZone", Value: "use1-az2" },
        ])]: [0, null, 0, 0, 0],
      },
    },
  };
}

function filterValues(input: Input, name: string): string[] | undefined {
  const filters = (input.Filters as Filter[] | undefined) ?? [];
  return filters.find((f) => f.Name === name)?.Values;
}

function notFound(message: string): AwsErrorShape {
  return awsError("ResourceNotFoundException", 404, message);
}

export interface FakeOptions {
  pageSize?: number;
  /** Per-operation page sizes. Default: ListTargets 2, so one targets page holds several EC2 lookups. */
  pageSizes?: Record<string, number>;
  /** Page by the request's maxResults / MaxResults instead of pageSize (EC2 calls without it: one page). */
  honourMaxResults?: boolean;
  /** Answer every first page with no items and a token, like RAM does. */
  emptyFirstPage?: boolean;
  delayMs?: number;
}

export class FakeAccount implements CallAnswerer {
  private logs: FakeAccessLogs | undefined;
  readonly calls: LoggedCall[] = [];
  private readonly injected: Injected[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private readonly handlers: Record<string, Handler>;

  constructor(
    readonly data: AccountData = defaultAccount(),
    readonly options: FakeOptions = {},
  ) {
    this.handlers = this.buildHandlers();
  }

  /** Makes `operation` (optionally only for inputs matching `when`) fail with `error()`. */
  fail(operation: string, error: () => unknown, when?: (input: Input) => boolean): this {
    this.injected.push({ operation, error, when });
    return this;
  }

  callsOf(operation: string): LoggedCall[] {
    return this.calls.filter((c) => c.operation === operation);
  }

  async answer(service: string, operation: string, input: unknown): Promise<Record<string, unknown>> {
    const copy = JSON.parse(JSON.stringify(input ?? {})) as Input;
    this.calls.push({ service, operation, input: copy });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.options.delayMs) await new Promise((r) => setTimeout(r, this.options.delayMs));
      const injected = this.injected.find((i) => i.operation === operation && (!i.when || i.when(copy)));
      if (injected) throw injected.error();
      if (service === "ram" && isRamRead(operation)) {
        try {
          return answerRam(this.data.ram ?? {}, operation, copy, this.options.pageSize ?? 1);
        } catch (error) {
          if (error instanceof RamError) throw awsError(error.name, 400, error.message);
          throw error;
        }
      }
      if (service === "logs" || service === "s3") {
        this.logs ??= new FakeAccessLogs(this.data.accessLogData ?? {}, undefined, { emptyByDefault: true });
        return await this.logs.answer(service, operation, copy);
      }
      const handler = this.handlers[`${service}:${operation}`];
      if (!handler) throw new Error(`FakeAccount cannot answer ${service}:${operation}`);
      return handler(copy);
    } finally {
      this.inFlight--;
    }
  }

  private page(items: Out[], input: Input, lattice: boolean, itemsKey: string, operation = ""): Out {
    const tokenKey = lattice ? "nextToken" : "NextToken";
    const sizeKey = lattice ? "maxResults" : "MaxResults";
    const token = input[tokenKey] as string | undefined;
    if (this.options.emptyFirstPage && token === undefined) return { [itemsKey]: [], [tokenKey]: "page:0" };
    const start = token ? Number(token.split(":")[1]) : 0;
    const requested = input[sizeKey] as number | undefined;
    const pageSizes = this.options.pageSizes ?? { ListTargets: 2 };
    const size = this.options.honourMaxResults
      ? (requested ?? Number.MAX_SAFE_INTEGER)
      : (pageSizes[operation] ?? this.options.pageSize ?? 1);
    const slice = items.slice(start, start + size);
    const end = start + slice.length;
    return { [itemsKey]: slice, ...(end < items.length ? { [tokenKey]: `page:${end}` } : {}) };
  }

  /** MetricStat queries from `data`, `SUM([…])` expressions; results of ReturnData queries, paged. */
  private getMetricData(input: Input): Out {
    const queries = input.MetricDataQueries as {
      Id: string;
      MetricStat?: { Metric: { MetricName: string; Dimensions: { Name: string; Value: string }[] } };
      Expression?: string;
      ReturnData?: boolean;
    }[];
    if (queries.length > 500) throw awsError("ValidationError", 400, "Too many MetricDataQueries");
    const end = Date.parse(String(input.EndTime));
    const start = Date.parse(String(input.StartTime));
    const points = new Map<string, Map<number, number>>();
    for (const q of queries) {
      const m = new Map<number, number>();
      if (q.MetricStat) {
        const recent =
          this.data.cloudwatch?.data[
            metricKey(q.MetricStat.Metric.MetricName, q.MetricStat.Metric.Dimensions)
          ] ?? [];
        recent.forEach((v, i) => {
          const t = end - (recent.length - i) * 60_000;
          if (v !== null && t >= start) m.set(t, v);
        });
      }
      points.set(q.Id, m);
    }
    for (const q of queries) {
      const refs = /^SUM\(\[(.*)\]\)$/.exec(q.Expression ?? "")?.[1]?.split(",") ?? [];
      if (!q.Expression) continue;
      const sum = new Map<number, number>();
      for (const ref of refs)
        for (const [t, v] of points.get(ref.trim()) ?? []) sum.set(t, (sum.get(t) ?? 0) + v);
      points.set(q.Id, sum);
    }
    const results = queries
      .filter((q) => q.ReturnData !== false)
      .map((q) => {
        const sorted = [...(points.get(q.Id) ?? [])].sort((a, b) => a[0] - b[0]);
        return {
          Id: q.Id,
          Timestamps: sorted.map(([t]) => new Date(t)),
          Values: sorted.map(([, v]) => v),
          StatusCode: "Complete",
        };
      });
    return this.page(results, input, false, "MetricDataResults", "GetMetricData");
  }

  private buildHandlers(): Record<string, Handler> {
    const d = this.data;
    const svcOf = (input: Input) => {
      const id = String(input.serviceIdentifier ?? "");
      if (id !== SVC && id !== SVC_ARN) throw notFound(`Service ${id} not found`);
    };
    const listenerOf = (input: Input) => {
      svcOf(input);
      const l = d.listeners.find((x) => x.summary.id === input.listenerIdentifier);
      if (!l) throw notFound(`Listener ${String(input.listenerIdentifier)} not found`);
      return l;
    };
    const tgOf = (input: Input) => {
      const tg = d.targetGroups[String(input.targetGroupIdentifier)];
      if (!tg) throw notFound(`Target group ${String(input.targetGroupIdentifier)} not found`);
      return tg;
    };
    const snIdOf = (identifier: unknown) => String(identifier ?? "").replace(/^arn:.*servicenetwork\//, "");
    return {
      "vpc-lattice:GetService": (input) => {
        svcOf(input);
        return d.service;
      },
      "vpc-lattice:ListServices": (input) => this.page(d.services, input, true, "items"),
      "vpc-lattice:ListListeners": (input) => {
        svcOf(input);
        return this.page(
          d.listeners.map((l) => l.summary),
          input,
          true,
          "items",
        );
      },
      "vpc-lattice:GetListener": (input) => {
        const l = listenerOf(input);
        return { ...l.summary, serviceId: SVC, serviceArn: SVC_ARN, defaultAction: l.defaultAction };
      },
      "vpc-lattice:ListRules": (input) =>
        this.page(
          listenerOf(input).rules.map((r) => r.summary),
          input,
          true,
          "items",
        ),
      "vpc-lattice:GetRule": (input) => {
        const rule = listenerOf(input).rules.find((r) => r.summary.id === input.ruleIdentifier);
        if (!rule) throw notFound(`Rule ${String(input.ruleIdentifier)} not found`);
        if (!rule.detail) throw awsError("ValidationException", 400, "default rule");
        return { ...rule.summary, ...rule.detail };
      },
      "vpc-lattice:GetTargetGroup": (input) => tgOf(input).detail,
      "vpc-lattice:ListTargets": (input) =>
        this.page(tgOf(input).targets, input, true, "items", "ListTargets"),
      "vpc-lattice:ListServiceNetworkServiceAssociations": (input) => {
        svcOf(input);
        return this.page(d.serviceAssociations, input, true, "items");
      },
      "vpc-lattice:GetServiceNetwork": (input) => {
        const sn = d.serviceNetworks[snIdOf(input.serviceNetworkIdentifier)];
        if (!sn) throw notFound("Service network not found");
        return sn;
      },
      "vpc-lattice:ListServiceNetworkVpcAssociations": (input) => {
        const list = d.vpcAssociations[snIdOf(input.serviceNetworkIdentifier)];
        if (!list) throw notFound("Service network not found");
        return this.page(
          list.map((a) => a.summary),
          input,
          true,
          "items",
        );
      },
      "vpc-lattice:GetServiceNetworkVpcAssociation": (input) => {
        for (const list of Object.values(d.vpcAssociations)) {
          const a = list.find((x) => x.summary.id === input.serviceNetworkVpcAssociationIdentifier);
          if (a) return { ...a.summary, ...a.detail };
        }
        throw notFound("Association not found");
      },
      "vpc-lattice:GetServiceNetworkServiceAssociation": (input) => {
        const raw = String(input.serviceNetworkServiceAssociationIdentifier ?? "");
        const a = d.serviceAssociations.find((x) => x.id === raw || x.arn === raw);
        if (!a) throw notFound(`Association ${raw} not found`);
        return { ...a, ...(d.serviceAssociationDetails[String(a.id)] ?? {}) };
      },
      "vpc-lattice:ListServiceNetworkResourceAssociations": (input) => {
        const list = d.resourceAssociations[snIdOf(input.serviceNetworkIdentifier)];
        if (!list) throw notFound("Service network not found");
        return this.page(list, input, true, "items");
      },
      "vpc-lattice:ListServiceNetworkVpcEndpointAssociations": (input) => {
        const list = d.vpcEndpointAssociations[snIdOf(input.serviceNetworkIdentifier)];
        if (!list) throw notFound("Service network not found");
        return this.page(list, input, true, "items");
      },
      "vpc-lattice:GetAuthPolicy": (input) => {
        const raw = String(input.resourceIdentifier ?? "");
        const id = raw.replace(/^arn:.*\/(svc-|sn-)/, "$1");
        const policy = d.authPolicies[id];
        if (policy === undefined || policy === null) throw notFound(`No auth policy for ${raw}`);
        return policy;
      },
      "ec2:DescribeInstances": (input) => {
        const ids = (input.InstanceIds as string[] | undefined) ?? [];
        const missing = ids.filter((id) => !d.instances.some((i) => i.InstanceId === id));
        if (missing.length === 1) {
          throw awsError("InvalidInstanceID.NotFound", 400, `The instance ID '${missing[0]}' does not exist`);
        }
        if (missing.length > 1) {
          throw awsError(
            "InvalidInstanceID.NotFound",
            400,
            `The instance IDs '${missing.join(", ")}' do not exist`,
          );
        }
        const reservations = d.instances
          .filter((i) => ids.includes(i.InstanceId))
          .map((i) => ({ ReservationId: `r-${i.InstanceId.slice(2)}`, OwnerId: ACCOUNT, Instances: [i] }));
        return this.page(reservations as unknown as Out[], input, false, "Reservations");
      },
      "ec2:DescribeNetworkInterfaces": (input) => {
        const v4 = filterValues(input, "addresses.private-ip-address");
        const v6 = filterValues(input, "ipv6-addresses.ipv6-address");
        const vpc = filterValues(input, "vpc-id");
        const norm = (ip: string) => ip.replace(/:0:0:0:/, "::");
        const enis = d.enis.filter(
          (e) =>
            (!vpc || vpc.includes(e.VpcId)) &&
            ((v4 && (e.PrivateIpAddresses ?? []).some((a) => v4.includes(a.PrivateIpAddress))) ||
              (v6 && (e.Ipv6Addresses ?? []).some((a) => v6.map(norm).includes(norm(a.Ipv6Address))))),
        );
        return this.page(enis as unknown as Out[], input, false, "NetworkInterfaces");
      },
      "ec2:DescribeSubnets": (input) => {
        const ids = (input.SubnetIds as string[] | undefined) ?? [];
        const missing = ids.filter((id) => !d.subnets.some((x) => x.SubnetId === id));
        if (missing.length > 0) {
          throw awsError(
            "InvalidSubnetID.NotFound",
            400,
            `The subnet ID '${missing.join(", ")}' does not exist`,
          );
        }
        const subnets = d.subnets.filter((x) => ids.length === 0 || ids.includes(String(x.SubnetId)));
        return this.page(subnets, input, false, "Subnets");
      },
      "ec2:DescribeNetworkAcls": (input) => {
        const subnets = filterValues(input, "association.subnet-id");
        const acls = d.networkAcls.filter(
          (acl) =>
            !subnets ||
            ((acl.Associations as { SubnetId?: string }[] | undefined) ?? []).some(
              (a) => a.SubnetId && subnets.includes(a.SubnetId),
            ),
        );
        return this.page(acls, input, false, "NetworkAcls");
      },
      "ec2:DescribeSecurityGroupRules": (input) => {
        const ids = filterValues(input, "group-id") ?? [];
        const rules = d.securityGroups.filter((g) => ids.includes(g.GroupId)).flatMap((g) => g.rules);
        return this.page(rules, input, false, "SecurityGroupRules");
      },
      "ec2:DescribeSecurityGroups": (input) => {
        const ids = filterValues(input, "group-id") ?? [];
        const groups = d.securityGroups
          .filter((g) => ids.includes(g.GroupId))
          .map((g) => ({
            GroupId: g.GroupId,
            GroupName: g.GroupName,
            VpcId: g.VpcId,
            OwnerId: g.OwnerId,
            Description: g.GroupName,
            IpPermissions: g.rules
              .filter((r) => !r.IsEgress)
              .map((r) => ({
                IpProtocol: r.IpProtocol,
                FromPort: r.FromPort,
                ToPort: r.ToPort,
                IpRanges: r.CidrIpv4 ? [{ CidrIp: r.CidrIpv4, Description: r.Description }] : [],
                Ipv6Ranges: [],
                PrefixListIds: r.PrefixListId
                  ? [{ PrefixListId: r.PrefixListId, Description: r.Description }]
                  : [],
                UserIdGroupPairs: [],
              })),
            IpPermissionsEgress: g.rules
              .filter((r) => r.IsEgress)
              .map((r) => ({
                IpProtocol: r.IpProtocol,
                FromPort: r.FromPort,
                ToPort: r.ToPort,
                IpRanges: r.CidrIpv4 ? [{ CidrIp: r.CidrIpv4 }] : [],
                Ipv6Ranges: [],
                PrefixListIds: [],
                UserIdGroupPairs: [],
              })),
          }));
        return this.page(groups, input, false, "SecurityGroups");
      },
      "ec2:DescribeManagedPrefixLists": (input) => {
        const names = filterValues(input, "prefix-list-name");
        const lists = d.prefixLists
          .map((p) => p.list)
          .filter((l) => !names || names.includes(String(l.PrefixListName)));
        return this.page(lists, input, false, "PrefixLists");
      },
      "ec2:GetManagedPrefixListEntries": (input) => {
        const pl = d.prefixLists.find((p) => p.list.PrefixListId === input.PrefixListId);
        if (!pl) throw awsError("InvalidPrefixListID.NotFound", 400, "prefix list not found");
        return this.page(
          pl.entries.map((Cidr) => ({ Cidr })),
          input,
          false,
          "Entries",
        );
      },
      "vpc-lattice:ListAccessLogSubscriptions": (input) => {
        const raw = String(input.resourceIdentifier ?? "");
        const id = raw.replace(/^arn:.*\/(svc-|sn-)/, "$1");
        if (id !== SVC && !d.serviceNetworks[id]) throw notFound(`Resource ${raw} not found`);
        return this.page(d.accessLogSubscriptions?.[id] ?? [], input, true, "items");
      },
      "cloudwatch:ListMetrics": (input) => {
        const filters = (input.Dimensions as { Name: string; Value?: string }[] | undefined) ?? [];
        const metrics = (d.cloudwatch?.metrics ?? []).filter(
          (m) =>
            (!input.Namespace || m.Namespace === input.Namespace) &&
            filters.every((f) =>
              m.Dimensions.some((x) => x.Name === f.Name && (f.Value === undefined || x.Value === f.Value)),
            ),
        );
        return this.page(metrics, input, false, "Metrics", "ListMetrics");
      },
      "cloudwatch:DescribeAlarms": (input) =>
        this.page(d.cloudwatch?.alarms ?? [], input, false, "MetricAlarms", "DescribeAlarms"),
      "cloudwatch:DescribeAlarmsForMetric": (input) => {
        const key = metricKey(
          String(input.MetricName),
          (input.Dimensions as { Name: string; Value: string }[]) ?? [],
        );
        const alarms = (d.cloudwatch?.alarms ?? []).filter(
          (a) =>
            a.Namespace === input.Namespace &&
            metricKey(String(a.MetricName), (a.Dimensions as { Name: string; Value: string }[]) ?? []) ===
              key,
        );
        return { MetricAlarms: alarms };
      },
      "cloudwatch:GetMetricData": (input) => this.getMetricData(input),
      "sts:GetCallerIdentity": () => ({
        Account: ACCOUNT,
        Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/OnCall/alice`,
        UserId: "AROAEXAMPLE:alice",
      }),
    };
  }
}
