/**
 * The topology: a plain, typed, JSON-serialisable picture of everything gather read about one
 * service's request path — and of what it could not read, and why.
 *
 * Rules that keep it useful:
 * - No AWS SDK types. Field names follow the VPC Lattice / EC2 API (camelCase as the API returns
 *   them), so evidence can quote them, but every value is a plain string, number, boolean, array or
 *   object. Timestamps are ISO-8601 strings.
 * - "Not read" is never silently "empty". A part that could not be read is recorded in `failures`
 *   with the part it belongs to; the engine skips the checks that need that part (LAT-901). An empty
 *   array means "read, and there were none".
 * - Collections keyed by id are plain records so the value round-trips through JSON unchanged.
 */

/** The parts of the topology that a check can declare it needs (`needs`). */
export type TopologyPart =
  | "service"
  | "listeners"
  | "rules"
  | "targetGroups"
  | "targets"
  | "serviceAssociations"
  | "serviceAssociationDetails" // failureCode / failureMessage of associations that are not ACTIVE
  | "serviceNetworks"
  | "vpcAssociations"
  | "authPolicies"
  | "targetNetwork" // instances / network interfaces of the targets (their security groups)
  | "securityGroups"
  | "prefixLists"
  | "caller"
  | "networkAcls" // subnets of the targets and their network ACLs
  | "resourceAssociations" // resource configurations associated with the networks
  | "vpcEndpointAssociations"; // service-network VPC endpoints of the networks

export type FailureKind = "access-denied" | "throttled" | "timeout" | "not-found" | "error";

/** One AWS call that failed after the SDK's retries. */
export interface ReadFailure {
  /** The part of the topology left unknown. */
  part: TopologyPart;
  /** `service:Operation`, e.g. `vpc-lattice:GetAuthPolicy`, `ec2:DescribeSecurityGroupRules`. */
  call: string;
  /** The IAM action to grant (for the same call this is usually the same string as `call`). */
  action: string;
  /** The id or ARN the call was about, when it was about one. */
  resource?: string;
  kind: FailureKind;
  /** The error's name as the API returned it, e.g. `AccessDeniedException`, `UnauthorizedOperation`. */
  errorCode: string;
  message: string;
}

export type ServiceStatus =
  "ACTIVE" | "CREATE_IN_PROGRESS" | "DELETE_IN_PROGRESS" | "CREATE_FAILED" | "DELETE_FAILED";
export type AuthType = "NONE" | "AWS_IAM";

export interface Service {
  id: string;
  arn: string;
  name: string;
  /** Kept as a string: an unknown future enum value must not crash a check. */
  status: ServiceStatus | string;
  authType: AuthType | string;
  customDomainName?: string;
  certificateArn?: string;
  dnsEntry?: { domainName?: string; hostedZoneId?: string };
  failureCode?: string;
  failureMessage?: string;
}

export type RuleAction =
  | { type: "forward"; targetGroups: { targetGroupIdentifier: string; weight?: number }[] }
  | { type: "fixedResponse"; statusCode: number }
  | { type: "unknown" };

export interface Rule {
  id: string;
  arn: string;
  name: string;
  isDefault: boolean;
  priority?: number;
  /** `RuleMatch` as the API returns it (httpMatch …), kept verbatim. */
  match?: unknown;
  /** Absent when GetRule failed for this rule (see `failures`). */
  action?: RuleAction;
}

export interface Listener {
  id: string;
  arn: string;
  name: string;
  protocol: "HTTP" | "HTTPS" | "TLS_PASSTHROUGH" | string;
  port: number;
  /** Absent when GetListener failed (see `failures`). */
  defaultAction?: RuleAction;
  /** Non-default rules (ListRules also returns the default rule; it is represented by `defaultAction`). */
  rules: Rule[];
}

export interface HealthCheck {
  enabled?: boolean;
  protocol?: string;
  protocolVersion?: string;
  port?: number;
  path?: string;
  healthCheckIntervalSeconds?: number;
  healthCheckTimeoutSeconds?: number;
  healthyThresholdCount?: number;
  unhealthyThresholdCount?: number;
  matcher?: { httpCode?: string };
}

export type TargetStatus = "DRAINING" | "UNAVAILABLE" | "HEALTHY" | "UNHEALTHY" | "INITIAL" | "UNUSED";

export interface Target {
  /** Instance id, IP address, Lambda ARN or ALB ARN. */
  id: string;
  port?: number;
  status: TargetStatus | string;
  reasonCode?: string;
  /** Security groups of the instance or network interface behind the target (INSTANCE / IP types). */
  securityGroupIds?: string[];
  subnetId?: string;
  vpcId?: string;
  /** The network interface that carries the target's address, when resolved. */
  networkInterfaceId?: string;
}

export interface TargetGroup {
  id: string;
  arn: string;
  name: string;
  type: "IP" | "LAMBDA" | "INSTANCE" | "ALB" | string;
  status: string;
  /** `config` fields, flattened; all absent for LAMBDA target groups (the API returns no config). */
  port?: number;
  protocol?: "HTTP" | "HTTPS" | "TCP" | string;
  protocolVersion?: "HTTP1" | "HTTP2" | "GRPC" | string;
  ipAddressType?: "IPV4" | "IPV6" | string;
  vpcIdentifier?: string;
  lambdaEventStructureVersion?: string;
  healthCheck?: HealthCheck;
  serviceArns: string[];
  failureCode?: string;
  failureMessage?: string;
  /** Absent when ListTargets failed (see `failures`). */
  targets?: Target[];
}

export interface ServiceNetwork {
  id: string;
  arn: string;
  name: string;
  authType: AuthType | string;
  sharingConfig?: { enabled?: boolean };
  /** Account that owns the network, taken from its ARN. */
  ownerAccountId?: string;
  numberOfAssociatedVPCs?: number;
  numberOfAssociatedServices?: number;
}

export interface ServiceAssociation {
  id: string;
  arn: string;
  status: string;
  serviceNetworkId: string;
  serviceNetworkArn?: string;
  serviceNetworkName?: string;
  failureCode?: string;
  failureMessage?: string;
}

export interface VpcAssociation {
  id: string;
  arn: string;
  status: string;
  serviceNetworkId: string;
  vpcId: string;
  /** From GetServiceNetworkVpcAssociation; absent when that call failed. */
  securityGroupIds?: string[];
  failureCode?: string;
  failureMessage?: string;
}

export interface AuthPolicy {
  /** `svc-…` or `sn-…` id. */
  resourceId: string;
  /** The policy document text; absent means the resource has no auth policy. */
  policy?: string;
  state?: "Active" | "Inactive" | string;
}

export interface SecurityGroupRule {
  securityGroupRuleId?: string;
  groupId: string;
  isEgress: boolean;
  /** "tcp" | "udp" | "icmp" | "icmpv6" | protocol number as string | "-1" (all). */
  ipProtocol: string;
  /** -1 or absent with protocol "-1". */
  fromPort?: number;
  toPort?: number;
  cidrIpv4?: string;
  cidrIpv6?: string;
  prefixListId?: string;
  referencedGroupInfo?: { groupId?: string; userId?: string; vpcId?: string };
  description?: string;
}

export interface SecurityGroup {
  groupId: string;
  groupName?: string;
  vpcId?: string;
  ownerId?: string;
  rules: SecurityGroupRule[];
}

export interface PrefixList {
  prefixListId: string;
  prefixListName: string;
  addressFamily?: string;
  /** Entries from GetManagedPrefixListEntries; absent when that call failed. */
  cidrs?: string[];
  /**
   * Set by `lattice lint` when the entries are unknown (the list is named in a file, not read): the
   * Lattice lists hold link-local and non-routable public addresses, never private IPv4 space.
   */
  entriesExcludePrivateIpv4?: boolean;
}

export interface Subnet {
  subnetId: string;
  vpcId?: string;
  cidrBlock?: string;
  ipv6CidrBlocks?: string[];
  availabilityZoneId?: string;
  /** The network ACL associated with the subnet (explicitly, or the VPC's default). */
  networkAclId?: string;
}

export interface NetworkAclEntry {
  ruleNumber: number;
  egress: boolean;
  /** "-1" (all), "6" (tcp), "17" (udp), … as the EC2 API returns it. */
  protocol: string;
  ruleAction: "allow" | "deny" | string;
  cidrBlock?: string;
  ipv6CidrBlock?: string;
  portRange?: { from?: number; to?: number };
}

export interface NetworkAcl {
  networkAclId: string;
  vpcId?: string;
  isDefault?: boolean;
  entries: NetworkAclEntry[];
}

export interface ResourceAssociation {
  id: string;
  arn?: string;
  status: string;
  serviceNetworkId: string;
  resourceConfigurationId?: string;
  resourceConfigurationArn?: string;
  resourceConfigurationName?: string;
}

export interface VpcEndpointAssociation {
  serviceNetworkId: string;
  vpcEndpointId: string;
  vpcId?: string;
  vpcEndpointOwnerId?: string;
  /** Free string in the API ("available", "Available", "pending" …): compare case-insensitively. */
  state?: string;
}

export interface Topology {
  /** Bumped when the shape changes incompatibly. */
  topologyVersion: 1;
  region: string;
  accountId?: string;
  callerArn?: string;
  service: Service;
  listeners: Listener[];
  /** Every target group a listener or rule forwards to, by id. */
  targetGroups: Record<string, TargetGroup>;
  serviceAssociations: ServiceAssociation[];
  /** Networks the service is associated with, by id. */
  serviceNetworks: Record<string, ServiceNetwork>;
  /** VPC associations of those networks. */
  vpcAssociations: VpcAssociation[];
  /** Auth policies keyed by resource id (`svc-…`, `sn-…`); an entry exists for every resource read. */
  authPolicies: Record<string, AuthPolicy>;
  /** Security groups of the targets and of the VPC associations, by id. */
  securityGroups: Record<string, SecurityGroup>;
  /** The Lattice managed prefix lists of the region. Absent when not found or not read. */
  prefixLists: { ipv4?: PrefixList; ipv6?: PrefixList };
  /** Subnets of the targets, by id (absent until read: older recordings). */
  subnets?: Record<string, Subnet>;
  /** Network ACLs of those subnets, by id. */
  networkAcls?: Record<string, NetworkAcl>;
  /** Resource-configuration associations of the service's networks. */
  resourceAssociations?: ResourceAssociation[];
  /** Service-network VPC endpoint associations of the service's networks. */
  vpcEndpointAssociations?: VpcEndpointAssociation[];
  failures: ReadFailure[];
}
