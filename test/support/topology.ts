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
  ResourceAssociation,
  VpcEndpointAssociation,
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

// ——— Subnets, network ACLs and association security groups (LAT-505, LAT-507) ———

import type { NetworkAcl, NetworkAclEntry, Subnet } from "../../src/topology/types.js";

/** The subnet of the default fixture's second target (10.0.2.27). */
export const SUBNET_2 = "subnet-0c3e5a7b9d1f24680";
export const NETWORK_ACL = "acl-0a1b2c3d4e5f60718";
export const NETWORK_ACL_2 = "acl-0f1e2d3c4b5a69788";

/** A subnet of the targets' VPC, associated with `networkAclId` (default acl-0a1b…). */
export function subnet(overrides: Partial<Subnet> = {}): Subnet {
  return {
    subnetId: IDS.subnet,
    vpcId: IDS.vpc,
    cidrBlock: "10.0.1.0/24",
    availabilityZoneId: "use1-az1",
    networkAclId: NETWORK_ACL,
    ...overrides,
  };
}

/** A network ACL entry: inbound rule 100 allowing all traffic from 0.0.0.0/0 unless overridden. */
export function naclEntry(overrides: Partial<NetworkAclEntry> = {}): NetworkAclEntry {
  return {
    ruleNumber: 100,
    egress: false,
    protocol: "-1",
    ruleAction: "allow",
    cidrBlock: "0.0.0.0/0",
    ...overrides,
  };
}

/** The `*` rules every network ACL ends with (rule number 32767, deny all), both directions. */
export function defaultDenyEntries(): NetworkAclEntry[] {
  return [
    naclEntry({ ruleNumber: 32767, ruleAction: "deny" }),
    naclEntry({ ruleNumber: 32767, egress: true, ruleAction: "deny" }),
  ];
}

/**
 * A network ACL. Default: the VPC's default ACL as AWS creates it — rule 100 allows all traffic
 * both ways, then the `*` deny. `entries` replaces all entries (add `...defaultDenyEntries()` yourself).
 */
export function networkAcl(overrides: Partial<NetworkAcl> = {}): NetworkAcl {
  return {
    networkAclId: NETWORK_ACL,
    vpcId: IDS.vpc,
    isDefault: true,
    entries: [naclEntry(), naclEntry({ egress: true }), ...defaultDenyEntries()],
    ...overrides,
  };
}

export const subnets = (...items: Subnet[]): Record<string, Subnet> =>
  Object.fromEntries(items.map((s) => [s.subnetId, s]));
export const networkAcls = (...items: NetworkAcl[]): Record<string, NetworkAcl> =>
  Object.fromEntries(items.map((a) => [a.networkAclId, a]));

/** Subnets of both default targets, both on `acl` (added as the only network ACL). */
export function targetNetwork(acl: NetworkAcl = networkAcl()): Pick<Topology, "subnets" | "networkAcls"> {
  return {
    subnets: subnets(
      subnet({ networkAclId: acl.networkAclId }),
      subnet({ subnetId: SUBNET_2, cidrBlock: "10.0.2.0/24", networkAclId: acl.networkAclId }),
    ),
    networkAcls: networkAcls(acl),
  };
}

/**
 * The security group of the default VPC association (sg-0d9c…, consumer VPC): inbound TCP 443 from
 * the consumer VPC CIDR unless `rules` says otherwise.
 */
export function associationSecurityGroup(overrides: Partial<SecurityGroup> = {}): SecurityGroup {
  const groupId = overrides.groupId ?? IDS.clientSecurityGroup;
  return {
    groupId,
    groupName: "lattice-consumers",
    vpcId: IDS.consumerVpc,
    ownerId: ACCOUNT,
    rules: [
      sgRule({ groupId, fromPort: 443, toPort: 443, cidrIpv4: CONSUMER_CIDR, description: "clients" }),
      egressAllRule(groupId),
    ],
    ...overrides,
  };
}

// ——— Listeners, rules and target groups of other protocols (LAT-1xx, LAT-304, LAT-306) ———

/** More ids for routing fixtures. */
export const ROUTE_IDS = {
  /** A second listener (HTTP:80 or TLS_PASSTHROUGH:443). */
  listener2: "listener-0d4e6f8a0b2c4d6e8",
  /** A second rule. */
  rule2: "rule-0c2e4a6b8d0f1a3c5",
  /** A third target group (TCP, GRPC …). */
  targetGroup3: "tg-0e1f3a5b7c9d1e3f5",
  /** Another service of the account. */
  otherService: "svc-0b7d9f1a3c5e7a9b1",
} as const;

/** The ARN of a service of the fixture account. */
export function serviceArnOf(id: string = IDS.service): string {
  return `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:service/${id}`;
}

/** An HTTP:80 listener (id listener-0d4e…) forwarding to orders-v1 unless overridden. */
export function httpListener(overrides: Partial<Listener> = {}): Listener {
  const id = overrides.id ?? ROUTE_IDS.listener2;
  return listener({
    id,
    arn: `${serviceArnOf()}/listener/${id}`,
    name: "http-80",
    protocol: "HTTP",
    port: 80,
    ...overrides,
  });
}

/** A TLS_PASSTHROUGH:443 listener (id listener-0d4e…) forwarding to the TCP target group unless overridden. */
export function tlsPassthroughListener(overrides: Partial<Listener> = {}): Listener {
  const id = overrides.id ?? ROUTE_IDS.listener2;
  return listener({
    id,
    arn: `${serviceArnOf()}/listener/${id}`,
    name: "tls-443",
    protocol: "TLS_PASSTHROUGH",
    port: 443,
    defaultAction: forward(ROUTE_IDS.targetGroup3),
    ...overrides,
  });
}

/**
 * A TCP target group (id tg-0e1f…) as the API returns it: TCP:8443, no protocolVersion, health
 * checks off (the TCP default), so its targets report UNAVAILABLE.
 */
export function tcpTargetGroup(overrides: Partial<TargetGroup> = {}): TargetGroup {
  const id = overrides.id ?? ROUTE_IDS.targetGroup3;
  const base = targetGroup({
    id,
    arn: `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:targetgroup/${id}`,
    name: "orders-tls",
    port: 8443,
    protocol: "TCP",
    healthCheck: { enabled: false },
    targets: [target({ port: 8443, status: "UNAVAILABLE" })],
  });
  delete base.protocolVersion;
  return { ...base, ...overrides };
}

// ---------------------------------------------------------------------------------------------
// Associations, endpoints, resource configurations, TLS listeners and auth policy documents.

/** Ids for the builders below. */
export const MORE_IDS = {
  vpcEndpoint: "vpce-0a1b2c3d4e5f60789",
  resourceAssociation: "snra-0a1b2c3d4e5f60718",
  resourceConfiguration: "rcfg-0b2c4d6e8f0a13579",
  tlsListener: "listener-0d2e4f6a8b0c13579",
  /** Another service of the same account (copied policies name it). */
  otherService: "svc-07a1c3e5b7d9f2468",
  orgId: "o-a1b2c3d4e5",
} as const;

/** A service-network VPC endpoint association of prod-mesh, state "Available" as the API spells it. */
export function vpcEndpointAssociation(
  overrides: Partial<VpcEndpointAssociation> = {},
): VpcEndpointAssociation {
  return {
    serviceNetworkId: IDS.serviceNetwork,
    vpcEndpointId: MORE_IDS.vpcEndpoint,
    vpcId: IDS.consumerVpc,
    vpcEndpointOwnerId: ACCOUNT,
    state: "Available",
    ...overrides,
  };
}

/** An ACTIVE resource-configuration association of prod-mesh (an RDS database). */
export function resourceAssociation(overrides: Partial<ResourceAssociation> = {}): ResourceAssociation {
  const id = overrides.id ?? MORE_IDS.resourceAssociation;
  return {
    id,
    arn: arn(`servicenetworkresourceassociation/${id}`),
    status: "ACTIVE",
    serviceNetworkId: IDS.serviceNetwork,
    resourceConfigurationId: MORE_IDS.resourceConfiguration,
    resourceConfigurationArn: arn(`resourceconfiguration/${MORE_IDS.resourceConfiguration}`),
    resourceConfigurationName: "orders-db",
    ...overrides,
  };
}

/** A TLS_PASSTHROUGH:443 listener forwarding to a TCP target group. */
export function tlsListener(overrides: Partial<Listener> = {}): Listener {
  const id = overrides.id ?? MORE_IDS.tlsListener;
  return listener({
    id,
    arn: arn(`service/${IDS.service}/listener/${id}`),
    name: "tls-443",
    protocol: "TLS_PASSTHROUGH",
    ...overrides,
  });
}

/** The default service's ARN followed by `/*`: what an auth policy's Resource should be. */
export const SERVICE_RESOURCE = `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:service/${IDS.service}/*`;

/** A policy document (compact JSON, as put-auth-policy wants it) with the given statements. */
export function policyDocument(...statements: Record<string, unknown>[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** The docs' example: anyone authenticated in the organization may invoke the service. */
export function orgStatement(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Effect: "Allow",
    Principal: "*",
    Action: "vpc-lattice-svcs:Invoke",
    Resource: SERVICE_RESOURCE,
    Condition: { StringEquals: { "aws:PrincipalOrgID": [MORE_IDS.orgId] } },
    ...overrides,
  };
}

/** The console template "allow only authenticated access". */
export function authenticatedOnlyStatement(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Effect: "Allow",
    Principal: "*",
    Action: "vpc-lattice-svcs:*",
    Resource: "*",
    Condition: { StringNotEqualsIgnoreCase: { "aws:PrincipalType": "anonymous" } },
    ...overrides,
  };
}

/** The console template "allow authenticated and unauthenticated access". */
export function anyoneStatement(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { Effect: "Allow", Principal: "*", Action: "vpc-lattice-svcs:*", Resource: "*", ...overrides };
}
