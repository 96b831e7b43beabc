/**
 * What a simulated account holds: plain data in the shapes the APIs answer with (GetService,
 * GetListener, DescribeInstances items …); list answers are derived from it by the handlers.
 */
import type {
  AccessLogSubscriptionSummary,
  GetAuthPolicyResponse,
  GetListenerResponse,
  GetRuleResponse,
  GetServiceNetworkResponse,
  GetServiceNetworkServiceAssociationResponse,
  GetServiceNetworkVpcAssociationResponse,
  GetServiceResponse,
  GetTargetGroupResponse,
  ServiceNetworkEndpointAssociation,
  ServiceNetworkResourceAssociationSummary,
  ServiceNetworkServiceAssociationSummary,
  TargetSummary,
} from "@aws-sdk/client-vpc-lattice";
import type {
  Instance,
  ManagedPrefixList,
  NetworkAcl,
  NetworkInterface,
  PrefixListEntry,
  SecurityGroup,
  SecurityGroupRule,
  Subnet,
} from "@aws-sdk/client-ec2";
import type { GetCallerIdentityResponse } from "@aws-sdk/client-sts";
import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import type { RecordedError } from "../../../src/aws/recording.js";
import type { FakeLogsData } from "./logs.js";
import type { RamData } from "./ram.js";

export interface ScenarioListener {
  /** GetListener's answer (ListListeners items are derived from it). */
  listener: GetListenerResponse;
  /** GetRule answers of every rule of the listener, the default rule (isDefault: true) included. */
  rules: GetRuleResponse[];
}

export interface ScenarioService {
  /** GetService's answer (ListServices items are derived from it). */
  service: GetServiceResponse;
  listeners: ScenarioListener[];
}

export interface ScenarioTargetGroup {
  targetGroup: GetTargetGroupResponse;
  /** ListTargets items. */
  targets: TargetSummary[];
}

export interface ScenarioServiceNetwork {
  serviceNetwork: GetServiceNetworkResponse;
  /** GetServiceNetworkVpcAssociation answers (ListServiceNetworkVpcAssociations items are derived). */
  vpcAssociations: GetServiceNetworkVpcAssociationResponse[];
  /** ListServiceNetworkResourceAssociations items. */
  resourceAssociations?: ServiceNetworkResourceAssociationSummary[];
  /** ListServiceNetworkVpcEndpointAssociations items. */
  vpcEndpointAssociations?: ServiceNetworkEndpointAssociation[];
}

export interface ScenarioPrefixList {
  prefixList: ManagedPrefixList;
  entries: PrefixListEntry[];
}

/** A security group as DescribeSecurityGroups returns it, without the permissions (derived from the rules). */
export type ScenarioSecurityGroup = Omit<SecurityGroup, "IpPermissions" | "IpPermissionsEgress">;

/** A metric CloudWatch holds (ListMetrics), with its recent datapoints for GetMetricData. */
export interface ScenarioMetric {
  /** Default `AWS/VpcLattice`. */
  Namespace?: string;
  MetricName: string;
  Dimensions: { Name: string; Value: string }[];
  /**
   * Per-minute Sum of the last minutes, oldest first, the last entry being the minute that ends at
   * the request's EndTime; `null` = no datapoint that minute. Older minutes have no data.
   */
  recent?: (number | null)[];
}

export interface ScenarioCloudWatch {
  metrics: ScenarioMetric[];
  /** DescribeAlarms `MetricAlarms` items (single-metric or metric-math). */
  alarms: MetricAlarm[];
}

/** What iam:SimulatePrincipalPolicy answers for one user or role (any action, any resource). */
export interface ScenarioIdentity {
  /** `allowed` | `implicitDeny` | `explicitDeny`. */
  EvalDecision: string;
  MatchedStatements?: {
    SourcePolicyId?: string;
    SourcePolicyType?: string;
    StartPosition?: { Line: number; Column: number };
    EndPosition?: { Line: number; Column: number };
  }[];
  AllowedByPermissionsBoundary?: boolean;
}

export interface Fault {
  service: "vpc-lattice" | "ec2" | "sts" | "cloudwatch" | "iam" | "ram" | "logs" | "s3";
  operation: string;
  /**
   * Input values the call must carry for the fault to apply. A string compares as an identifier
   * (an id matches its ARN and vice versa); anything else compares as JSON.
   */
  match?: Record<string, unknown>;
  error: RecordedError;
  /** Apply only to the first `times` matching calls (default: every one). */
  times?: number;
}

export interface Scenario {
  region: string;
  /** STS GetCallerIdentity's answer. */
  caller: GetCallerIdentityResponse;
  services: ScenarioService[];
  targetGroups: ScenarioTargetGroup[];
  serviceNetworks: ScenarioServiceNetwork[];
  /** Service ↔ network associations (ListServiceNetworkServiceAssociations items). */
  serviceAssociations: ServiceNetworkServiceAssociationSummary[];
  /** GetServiceNetworkServiceAssociation's members beyond the summary (failureCode …), by association id. */
  serviceAssociationDetails?: Record<string, Partial<GetServiceNetworkServiceAssociationResponse>>;
  /** GetAuthPolicy answers by resource id (`svc-…`, `sn-…`); absent → ResourceNotFoundException. */
  authPolicies: Record<string, GetAuthPolicyResponse>;
  /** ListAccessLogSubscriptions items by resource id; absent → no subscriptions. */
  accessLogSubscriptions?: Record<string, AccessLogSubscriptionSummary[]>;
  /** DescribeInstances instances; each needs a `reservationId` for grouping into Reservations. */
  instances: (Instance & { reservationId?: string })[];
  networkInterfaces: NetworkInterface[];
  securityGroups: ScenarioSecurityGroup[];
  securityGroupRules: SecurityGroupRule[];
  subnets?: Subnet[];
  /** Network ACLs with their `Associations` (which subnets use them) and `Entries`. */
  networkAcls?: NetworkAcl[];
  prefixLists: ScenarioPrefixList[];
  /** CloudWatch: metrics, their recent data and alarms; absent → an account without any. */
  cloudwatch?: ScenarioCloudWatch;
  /** iam:SimulatePrincipalPolicy answers by user / role ARN; an ARN not listed → NoSuchEntity. */
  identities?: Record<string, ScenarioIdentity>;
  /** AWS RAM as this account sees it (fake/ram.ts); absent → no share, no invitation. */
  ram?: RamData;
  /** What the access logs' destinations hold (fake/logs.ts); absent → every log group and bucket empty. */
  accessLogData?: FakeLogsData;
  faults?: Fault[];
}

export interface FakeAccountOptions {
  /** Caps every page at this many items (forces multi-page answers); requests may ask for fewer. */
  pageSize?: number;
  /** Per-operation caps (`{ListTargets: 2}`), over `pageSize`. */
  pageSizes?: Record<string, number>;
  /** Answer every first page with no items and a token, as RAM may (paging must not stop on it). */
  emptyFirstPage?: boolean;
  /** Artificial latency per call in milliseconds. */
  delayMs?: number;
}

export interface FakeCall {
  service: string;
  operation: string;
  input: Record<string, unknown>;
  /** The error name when the call failed. */
  error?: string;
}
