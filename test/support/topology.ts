/**
 * Small, realistic topology builders for check tests (and anyone else who needs a Topology):
 * real-looking ids, field names exactly as the VPC Lattice / EC2 APIs return them. Every builder
 * returns a fresh object, so a test can freeze or change it freely.
 *
 *   topology()                                   a healthy service: one HTTPS listener → one IP target group
 *   topology({ service: service({ authType: "AWS_IAM" }) })
 *   targetGroup({ targets: [target({ status: "UNHEALTHY", reasonCode: "HealthCheckFailed" })] })
 *   securityGroup({ rules: [sgRule({ cidrIpv4: "10.20.0.0/16" })] })   a source field replaces the default source
 */
import type {
  AuthPolicy,
  Listener,
  PrefixList,
  ReadFailure,
  Rule,
  RuleAction,
  SecurityGroup,
  SecurityGroupRule,
  Service,
  ServiceAssociation,
  ServiceNetwork,
  Target,
  TargetGroup,
  Topology,
  VpcAssociation,
} from "../../src/topology/types.js";

export const REGION = "us-east-1";
export const ACCOUNT = "111122223333";

/** Ids used by the default fixtures. */
export const IDS = {
  service: "svc-0e5b4c6a2d1f83a97",
  listener: "listener-0b1c2d3e4f5a6b7c8",
  rule: "rule-0a1b2c3d4e5f6a7b8",
  targetGroup: "tg-0a9f1e2d3c4b5a697",
  /** A second target group (e.g. a canary). */
  targetGroup2: "tg-0c3d5e7f9a1b2c4d6",
  securityGroup: "sg-0282b1d9c4e5f6a70",
  /** A second security group of the targets. */
  securityGroup2: "sg-0e4a6c8b0d2f41357",
  /** The client's security group (consumer VPC). */
  clientSecurityGroup: "sg-0d9c8b7a6f5e43210",
  serviceNetwork: "sn-0c4f1a2b3d5e6f789",
  serviceNetwork2: "sn-0a7b9c1d3e5f70246",
  serviceAssociation: "snsa-0f1e2d3c4b5a69788",
  vpcAssociation: "snva-0a2b4c6d8e0f13579",
  /** The VPC of the targets. */
  vpc: "vpc-0a1b2c3d4e5f60718",
  /** The client's (consumer) VPC, 10.20.0.0/16. */
  consumerVpc: "vpc-0f9e8d7c6b5a43210",
  prefixListIpv4: "pl-0721453c7ac4ec009",
  prefixListIpv6: "pl-0d5e3f2a1b4c6e8f0",
  subnet: "subnet-0b2d4f6a8c0e13579",
  instance: "i-0a1b2c3d4e5f67890",
  eni: "eni-0c1d2e3f4a5b6c7d8",
} as const;

export const LATTICE_IPV4_CIDR = "169.254.171.0/24";
export const LATTICE_IPV6_CIDR = "fd00:ec2:80::/64";
export const CONSUMER_CIDR = "10.20.0.0/16";

const arn = (resource: string): string => `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:${resource}`;

export function service(overrides: Partial<Service> = {}): Service {
  const id = overrides.id ?? IDS.service;
  const name = overrides.name ?? "orders-api";
  return {
    id,
    arn: arn(`service/${id}`),
    name,
    status: "ACTIVE",
    authType: "NONE",
    dnsEntry: {
      domainName: `${name}-${id.slice(4)}.7d67968.vpc-lattice-svcs.${REGION}.on.aws`,
      hostedZoneId: "Z0123456789ABCDEFGHIJ",
    },
    ...overrides,
  };
}

/** A forward action; each target group as an id, or `{ id, weight }`. */
export function forward(...targetGroups: (string | { id: string; weight?: number })[]): RuleAction {
  return {
    type: "forward",
    targetGroups: targetGroups.map((t) => {
      if (typeof t === "string") return { targetGroupIdentifier: t };
      return t.weight === undefined
        ? { targetGroupIdentifier: t.id }
        : { targetGroupIdentifier: t.id, weight: t.weight };
    }),
  };
}

export function fixedResponse(statusCode = 404): RuleAction {
  return { type: "fixedResponse", statusCode };
}

export function rule(overrides: Partial<Rule> = {}): Rule {
  const id = overrides.id ?? IDS.rule;
  return {
    id,
    arn: arn(`service/${IDS.service}/listener/${IDS.listener}/rule/${id}`),
    name: "canary",
    isDefault: false,
    priority: 10,
    match: { httpMatch: { pathMatch: { match: { prefix: "/v2" }, caseSensitive: false } } },
    action: forward(IDS.targetGroup2),
    ...overrides,
  };
}

export function listener(overrides: Partial<Listener> = {}): Listener {
  const id = overrides.id ?? IDS.listener;
  return {
    id,
    arn: arn(`service/${IDS.service}/listener/${id}`),
    name: "https-443",
    protocol: "HTTPS",
    port: 443,
    defaultAction: forward(IDS.targetGroup),
    rules: [],
    ...overrides,
  };
}

export function target(overrides: Partial<Target> = {}): Target {
  return {
    id: "10.0.1.15",
    port: 8080,
    status: "HEALTHY",
    securityGroupIds: [IDS.securityGroup],
    subnetId: IDS.subnet,
    vpcId: IDS.vpc,
    networkInterfaceId: IDS.eni,
    ...overrides,
  };
}

export function targetGroup(overrides: Partial<TargetGroup> = {}): TargetGroup {
  const id = overrides.id ?? IDS.targetGroup;
  return {
    id,
    arn: arn(`targetgroup/${id}`),
    name: "orders-v1",
    type: "IP",
    status: "ACTIVE",
    port: 8080,
    protocol: "HTTP",
    protocolVersion: "HTTP1",
    ipAddressType: "IPV4",
    vpcIdentifier: IDS.vpc,
    healthCheck: {
      enabled: true,
      protocol: "HTTP",
      protocolVersion: "HTTP1",
      port: 8080,
      path: "/healthz",
      healthCheckIntervalSeconds: 30,
      healthCheckTimeoutSeconds: 5,
      healthyThresholdCount: 5,
      unhealthyThresholdCount: 2,
      matcher: { httpCode: "200" },
    },
    serviceArns: [arn(`service/${IDS.service}`)],
    targets: [
      target(),
      target({
        id: "10.0.2.27",
        subnetId: "subnet-0c3e5a7b9d1f24680",
        networkInterfaceId: "eni-0f9e8d7c6b5a4f3e2",
      }),
    ],
    ...overrides,
  };
}

/** A LAMBDA target group as the API returns it: no config at all. */
export function lambdaTargetGroup(overrides: Partial<TargetGroup> = {}): TargetGroup {
  const id = overrides.id ?? IDS.targetGroup2;
  return {
    id,
    arn: arn(`targetgroup/${id}`),
    name: "orders-fn",
    type: "LAMBDA",
    status: "ACTIVE",
    serviceArns: [arn(`service/${IDS.service}`)],
    targets: [
      {
        id: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:orders-handler`,
        status: "UNAVAILABLE",
        reasonCode: "HealthCheckNotSupported",
      },
    ],
    ...overrides,
  };
}

const SOURCE_KEYS = ["cidrIpv4", "cidrIpv6", "prefixListId", "referencedGroupInfo"] as const;

/**
 * An inbound TCP 8080 rule from the IPv4 Lattice prefix list. Giving any source field (cidrIpv4,
 * cidrIpv6, prefixListId, referencedGroupInfo) replaces that default source.
 */
export function sgRule(overrides: Partial<SecurityGroupRule> = {}): SecurityGroupRule {
  const base: SecurityGroupRule = {
    securityGroupRuleId: "sgr-0b1c2d3e4f5a60718",
    groupId: IDS.securityGroup,
    isEgress: false,
    ipProtocol: "tcp",
    fromPort: 8080,
    toPort: 8080,
    prefixListId: IDS.prefixListIpv4,
    description: "VPC Lattice",
  };
  if (SOURCE_KEYS.some((k) => k in overrides)) {
    delete base.prefixListId;
    delete base.description;
  }
  return { ...base, ...overrides };
}

/** The usual "allow all outbound" rule every security group starts with. */
export function egressAllRule(groupId: string = IDS.securityGroup): SecurityGroupRule {
  return {
    securityGroupRuleId: "sgr-0f0e0d0c0b0a09080",
    groupId,
    isEgress: true,
    ipProtocol: "-1",
    fromPort: -1,
    toPort: -1,
    cidrIpv4: "0.0.0.0/0",
  };
}

export function securityGroup(overrides: Partial<SecurityGroup> = {}): SecurityGroup {
  const groupId = overrides.groupId ?? IDS.securityGroup;
  return {
    groupId,
    groupName: "orders-targets",
    vpcId: IDS.vpc,
    ownerId: ACCOUNT,
    rules: [sgRule({ groupId }), egressAllRule(groupId)],
    ...overrides,
  };
}

export function prefixLists(
  overrides: { ipv4?: Partial<PrefixList>; ipv6?: Partial<PrefixList> } = {},
): Topology["prefixLists"] {
  return {
    ipv4: {
      prefixListId: IDS.prefixListIpv4,
      prefixListName: `com.amazonaws.${REGION}.vpc-lattice`,
      addressFamily: "IPv4",
      cidrs: [LATTICE_IPV4_CIDR],
      ...overrides.ipv4,
    },
    ipv6: {
      prefixListId: IDS.prefixListIpv6,
      prefixListName: `com.amazonaws.${REGION}.ipv6.vpc-lattice`,
      addressFamily: "IPv6",
      cidrs: [LATTICE_IPV6_CIDR],
      ...overrides.ipv6,
    },
  };
}

export function serviceNetwork(overrides: Partial<ServiceNetwork> = {}): ServiceNetwork {
  const id = overrides.id ?? IDS.serviceNetwork;
  return {
    id,
    arn: arn(`servicenetwork/${id}`),
    name: "prod-mesh",
    authType: "NONE",
    sharingConfig: { enabled: false },
    ownerAccountId: ACCOUNT,
    numberOfAssociatedVPCs: 1,
    numberOfAssociatedServices: 4,
    ...overrides,
  };
}

export function serviceAssociation(overrides: Partial<ServiceAssociation> = {}): ServiceAssociation {
  const id = overrides.id ?? IDS.serviceAssociation;
  const serviceNetworkId = overrides.serviceNetworkId ?? IDS.serviceNetwork;
  return {
    id,
    arn: arn(`servicenetworkserviceassociation/${id}`),
    status: "ACTIVE",
    serviceNetworkId,
    serviceNetworkArn: arn(`servicenetwork/${serviceNetworkId}`),
    serviceNetworkName: "prod-mesh",
    ...overrides,
  };
}

export function vpcAssociation(overrides: Partial<VpcAssociation> = {}): VpcAssociation {
  const id = overrides.id ?? IDS.vpcAssociation;
  return {
    id,
    arn: arn(`servicenetworkvpcassociation/${id}`),
    status: "ACTIVE",
    serviceNetworkId: IDS.serviceNetwork,
    vpcId: IDS.consumerVpc,
    securityGroupIds: [IDS.clientSecurityGroup],
    ...overrides,
  };
}

/** An auth policy as read by GetAuthPolicy; `policy` absent = "no policy" (404 or empty body). */
export function authPolicy(resourceId: string, overrides: Partial<AuthPolicy> = {}): AuthPolicy {
  return { resourceId, ...overrides };
}

/** A policy document allowing the account's authenticated principals to invoke the service. */
export function allowAccountPolicy(
  resource = `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:service/${IDS.service}/*`,
): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: "vpc-lattice-svcs:Invoke",
        Resource: resource,
      },
    ],
  });
}

export function failure(overrides: Partial<ReadFailure> = {}): ReadFailure {
  return {
    part: "authPolicies",
    call: "vpc-lattice:GetAuthPolicy",
    action: "vpc-lattice:GetAuthPolicy",
    resource: IDS.service,
    kind: "access-denied",
    errorCode: "AccessDeniedException",
    message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/OnCall/jdoe is not authorized to perform: vpc-lattice:GetAuthPolicy on resource: arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:service/${IDS.service}`,
    ...overrides,
  };
}

function byKey<T>(key: (item: T) => string, items: T[]): Record<string, T> {
  return Object.fromEntries(items.map((item) => [key(item), item]));
}

export const targetGroups = (...items: TargetGroup[]): Record<string, TargetGroup> =>
  byKey((t) => t.id, items);
export const securityGroups = (...items: SecurityGroup[]): Record<string, SecurityGroup> =>
  byKey((g) => g.groupId, items);
export const serviceNetworks = (...items: ServiceNetwork[]): Record<string, ServiceNetwork> =>
  byKey((n) => n.id, items);
export const authPolicies = (...items: AuthPolicy[]): Record<string, AuthPolicy> =>
  byKey((p) => p.resourceId, items);

/**
 * A healthy service end to end: orders-api (NONE) in prod-mesh (NONE, one ACTIVE VPC association),
 * HTTPS:443 → orders-v1 (IP, HTTP:8080, IPV4) with two HEALTHY targets in sg-0282… that allows 8080
 * from the Lattice prefix list; both auth policies read and absent. Top-level keys of `overrides` replace
 * the defaults.
 */
export function topology(overrides: Partial<Topology> = {}): Topology {
  return {
    topologyVersion: 1,
    region: REGION,
    accountId: ACCOUNT,
    callerArn: `arn:aws:sts::${ACCOUNT}:assumed-role/OnCall/jdoe`,
    service: service(),
    listeners: [listener()],
    targetGroups: targetGroups(targetGroup()),
    serviceAssociations: [serviceAssociation()],
    serviceNetworks: serviceNetworks(serviceNetwork()),
    vpcAssociations: [vpcAssociation()],
    authPolicies: authPolicies(authPolicy(IDS.service), authPolicy(IDS.serviceNetwork)),
    securityGroups: securityGroups(securityGroup()),
    prefixLists: prefixLists(),
    failures: [],
    ...overrides,
  };
}
