/**
 * The topology: a plain, typed, JSON-serialisable picture of everything gather read about one
 * service's request path — and of what it could not read, and why.
 *
 * Rules that keep it useful:
 * - No AWS SDK types. Field names follow the VPC Lattice / EC2 API (camelCase as the API returns
 *   them), so evidence can quote them, but every value is a plain string, number, boolean, array or
 *   object. Timestamps are ISO-8601 strings.
 * - "Not read" is never silently "empty". A part that could not be read is recorded in `failures`
 *   with the part it belongs to; the engine skips the checks that need that part (and says so). An empty
 *   array means "read, and there were none".
 * - Collections keyed by id are plain records so the value round-trips through JSON unchanged.
 */
import type { FailedRequests } from "./access-log.js";

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
  | "vpcEndpointAssociations" // service-network VPC endpoints of the networks
  | "metrics" // CloudWatch ListMetrics in AWS/VpcLattice for the service and its target groups
  | "alarms" // CloudWatch DescribeAlarms
  | "metricData" // CloudWatch GetMetricData over the recent window
  | "accessLogs" // ListAccessLogSubscriptions of the service and its networks
  | "accessLogEntries" // the failed requests of the window, read from the access logs' destinations
  | "identity" // with --as: the caller's identity policies (iam:SimulatePrincipalPolicy)
  | "client" // --from: the client's instance / network interface / security group / VPC
  | "clientVpcAssociations" // --from: the client VPC's service-network associations and endpoints
  | "clientNetwork" // --from: the client's security groups, subnet and network ACL
  | "sharing"; // RAM: invitations, shares, their associations and resources

/**
 * What a failed call ran into. Only `access-denied` is a missing permission; `unreachable`
 * (DNS, connection refused, TLS), `timeout` and `not-aws-answer` (an HTML page or a proxy's answer,
 * named by its HTTP status) are about the endpoint; `service-error` is AWS's own 5xx; `not-found`
 * only when AWS's error code says so (ResourceNotFoundException, InvalidGroup.NotFound …).
 */
export type FailureKind =
  | "access-denied"
  | "throttled"
  | "timeout"
  | "unreachable"
  | "not-aws-answer"
  | "service-error"
  | "not-found"
  | "error";

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
  /**
   * Set when the resource belongs to another account than the credentials that asked: reported as
   * not evaluable from here (what to run in that account) rather than as a failed read.
   */
  foreignAccountId?: string;
  /** The label of the credentials that made the call, when not the run's own (`readers`). */
  readBy?: string;
  /** The endpoint URL the call went to, when the SDK had resolved it. */
  endpoint?: string;
  /** What set that endpoint: `AWS_ENDPOINT_URL_EC2`, `AWS_ENDPOINT_URL`, a profile's `endpoint_url`, or the default. */
  endpointSource?: string;
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
  /** Live signals: CloudWatch metrics, alarms, recent metric data, access-log subscriptions. */
  signals?: Signals;
  /** With --as: IAM's simulation of the caller's identity policies (absent when not run). */
  identity?: IdentitySimulation;
  /** The client given with `--from` (absent without it). */
  client?: Client;
  /** RAM state of the shared networks and services on the path (cross-account runs only). */
  sharing?: Sharing;
  /** The credentials that read this topology, primary first (absent in older recordings). */
  readers?: Reader[];
  failures: ReadFailure[];
}

// ---------------------------------------------------------------------------------------------
// Live signals (CloudWatch `AWS/VpcLattice`, access-log subscriptions)

export interface MetricDimension {
  name: string;
  value: string;
}

/** One metric as ListMetrics returned it (CloudWatch `Metric`), with the resource it is about. */
export interface PublishedMetric {
  /** `svc-…` or `tg-…` id of the resource whose dimension value names it. */
  resourceId: string;
  namespace: string;
  metricName: string;
  dimensions: MetricDimension[];
}

/** The metric an alarm (or one MetricStat of a metric-math alarm) watches. */
export interface AlarmMetric {
  /** The MetricDataQuery `Id` for a metric-math alarm; absent for a single-metric alarm. */
  id?: string;
  namespace?: string;
  metricName?: string;
  dimensions: MetricDimension[];
  stat?: string;
  period?: number;
}

/** A CloudWatch metric alarm (DescribeAlarms `MetricAlarms` item), reduced to what the checks read. */
export interface Alarm {
  alarmName: string;
  alarmArn?: string;
  /** OK | ALARM | INSUFFICIENT_DATA, kept as a string. */
  stateValue: string;
  stateReason?: string;
  stateUpdatedTimestamp?: string;
  actionsEnabled?: boolean;
  /** Where the alarm notifies (SNS topics …), so a replacement keeps paging the same people. */
  alarmActions?: string[];
  treatMissingData?: string;
  /** Single-metric alarms: the one metric; metric-math alarms: every MetricStat of `Metrics[]`. */
  metrics: AlarmMetric[];
  /** Metric-math expressions of `Metrics[]` (SEARCH, SUM …), verbatim. */
  expressions?: string[];
  /** True when the alarm uses `Metrics[]` (metric math) rather than one metric. */
  metricMath?: boolean;
}

/** One series of GetMetricData over the window: the full minute grid, `null` where no datapoint came. */
export interface MetricSeries {
  /** The query id (m0, e1 …). */
  id: string;
  resourceId: string;
  metricName: string;
  /** The dimensions queried; for a sum over availability zones, the resource dimension alone. */
  dimensions: MetricDimension[];
  stat: string;
  /** ISO-8601 start of each period, ascending. */
  timestamps: string[];
  values: (number | null)[];
  /** GetMetricData `StatusCode` (Complete, PartialData, InternalError, Forbidden). */
  statusCode?: string;
  /** True when the series is a metric-math sum of per-availability-zone series. */
  summedOverZones?: boolean;
}

export interface AccessLogSubscription {
  id: string;
  arn?: string;
  /** `svc-…` / `sn-…` id of the resource the subscription is on. */
  resourceId: string;
  resourceArn?: string;
  destinationArn?: string;
  /** SERVICE | RESOURCE (network subscriptions only). */
  serviceNetworkLogType?: string;
}

export interface Signals {
  /** The window GetMetricData read (end aligned to the minute), and its period. */
  window: { start: string; end: string; periodSeconds: number };
  /** Absent when ListMetrics failed (see `failures`). */
  metrics?: PublishedMetric[];
  /** Alarms whose metrics name this service or one of its target groups; absent when not read. */
  alarms?: Alarm[];
  /** Absent when GetMetricData failed or could not be asked. */
  series?: MetricSeries[];
  /** Access-log subscriptions of the service and of each network it is in; absent when not read. */
  accessLogSubscriptions?: AccessLogSubscription[];
  /** Failed requests of the window read back from the access logs; absent when not read. */
  failedRequests?: FailedRequests;
}

/** One statement IAM's simulation matched (`MatchedStatements`), positions as the API gives them. */
export interface MatchedStatement {
  sourcePolicyId?: string;
  /** `user` | `group` | `role` | `aws-managed` | `user-managed` | `resource` | `none` … */
  sourcePolicyType?: string;
  startPosition?: { line?: number; column?: number };
  endPosition?: { line?: number; column?: number };
}

/** iam:SimulatePrincipalPolicy for `vpc-lattice-svcs:Invoke` on the request's resource (with --as). */
export interface IdentitySimulation {
  /** The user or role simulated (a role session is simulated as its role). */
  policySourceArn: string;
  action: string;
  resource: string;
  /** `allowed` | `implicitDeny` | `explicitDeny`, as the API returns it. */
  evalDecision: string;
  matchedStatements: MatchedStatement[];
  missingContextValues: string[];
  /** From PermissionsBoundaryDecisionDetail / OrganizationsDecisionDetail, when the API sent them. */
  allowedByPermissionsBoundary?: boolean;
  allowedByOrganizations?: boolean;
}

// Cross-account and the client's side (`--from`, RAM, several credentials)

/** One set of credentials that read part of the topology. */
export interface Reader {
  /** `default` for the run's own credentials, `consumer-profile <name>`, `role <arn>`. */
  label: string;
  /** From its GetCallerIdentity (absent when that failed). */
  accountId?: string;
  callerArn?: string;
}

/** A service-network VPC association of the client's VPC (ListServiceNetworkVpcAssociations by vpcIdentifier). */
export interface ClientVpcAssociation extends VpcAssociation {
  serviceNetworkArn?: string;
  serviceNetworkName?: string;
}

/** A VPC endpoint of type ServiceNetwork in the client's VPC (ec2:DescribeVpcEndpoints). */
export interface ClientVpcEndpoint {
  vpcEndpointId: string;
  vpcId?: string;
  ownerId?: string;
  serviceNetworkArn?: string;
  /** As EC2 returns it: `available`, `pendingAcceptance`, `pending`, `failed` … (compare case-insensitively). */
  state?: string;
  securityGroupIds: string[];
}

export type ClientKind = "vpc" | "instance" | "network-interface" | "security-group";

/** The client that fails, as given with `--from` and resolved by EC2. */
export interface Client {
  /** What `--from` said: `vpc-…`, `i-…`, `eni-…` or `sg-…`. */
  input: string;
  kind: ClientKind;
  vpcId?: string;
  /** The account that owns the client's VPC (DescribeVpcs `OwnerId`), else its instance / ENI / group. */
  ownerAccountId?: string;
  instanceId?: string;
  networkInterfaceIds?: string[];
  /** The subnet of the client's (primary) network interface; absent for a VPC or a security group. */
  subnetId?: string;
  /** The client's security groups (every ENI's for an instance); empty for a VPC. */
  securityGroupIds: string[];
  privateIpAddress?: string;
  ipv6Addresses?: string[];
  /** The VPC's associated IPv4 and IPv6 CIDR blocks (DescribeVpcs). */
  vpcCidrBlocks?: string[];
  /** The label of the credentials that read the client (see `readers`). */
  readBy?: string;
  /** Absent when not read (see failures, part clientVpcAssociations). */
  vpcAssociations?: ClientVpcAssociation[];
  /** Absent when not read (see failures, part clientVpcAssociations). */
  vpcEndpoints?: ClientVpcEndpoint[];
}

/** ram:GetResourceShareInvitations. */
export interface RamInvitation {
  resourceShareInvitationArn: string;
  resourceShareArn?: string;
  resourceShareName?: string;
  senderAccountId?: string;
  receiverAccountId?: string;
  /** PENDING | ACCEPTED | REJECTED | EXPIRED */
  status: string;
  invitationTimestamp?: string;
  /** With PENDING: ram:ListPendingInvitationResources — the resource ARNs the share would give. */
  resourceArns?: string[];
  readBy: string;
}

/** ram:GetResourceShares (resourceOwner SELF or OTHER-ACCOUNTS). */
export interface RamShare {
  resourceShareArn: string;
  name?: string;
  owningAccountId?: string;
  /** PENDING | ACTIVE | FAILED | DELETING | DELETED */
  status: string;
  statusMessage?: string;
  allowExternalPrincipals?: boolean;
  featureSet?: string;
  resourceOwner: "SELF" | "OTHER-ACCOUNTS";
  readBy: string;
}

/** ram:GetResourceShareAssociations (owner side). */
export interface RamShareAssociation {
  resourceShareArn: string;
  resourceShareName?: string;
  associatedEntity: string;
  associationType: "PRINCIPAL" | "RESOURCE" | string;
  /** ASSOCIATING | ASSOCIATED | FAILED | DISASSOCIATING | DISASSOCIATED | SUSPENDED … */
  status: string;
  statusMessage?: string;
  external?: boolean;
  readBy: string;
}

/** ram:ListResources (resourceOwner SELF or OTHER-ACCOUNTS). */
export interface RamResource {
  arn: string;
  type?: string;
  resourceShareArn?: string;
  /** AVAILABLE | ZONAL_RESOURCE_INACCESSIBLE | LIMIT_EXCEEDED | UNAVAILABLE | PENDING */
  status?: string;
  statusMessage?: string;
  resourceOwner: "SELF" | "OTHER-ACCOUNTS";
  readBy: string;
}

export interface Sharing {
  /** The networks and services whose sharing was read (ARNs). */
  resourceArns: string[];
  invitations: RamInvitation[];
  shares: RamShare[];
  associations: RamShareAssociation[];
  resources: RamResource[];
  /**
   * Sides that could not be read because no credentials of that account were given: the account,
   * what was not seen and the command to run there (foreign-resource-not-evaluable).
   */
  unread: { accountId: string; what: string; command: string }[];
}
