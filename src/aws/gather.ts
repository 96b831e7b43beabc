/**
 * gather: reads every hop of one VPC Lattice service's request path into a Topology.
 *
 * Shape of the run (a pipeline, not a sequence of phases):
 * - t=0: GetService, ListListeners, ListServiceNetworkServiceAssociations, GetAuthPolicy(service),
 *   DescribeManagedPrefixLists and GetCallerIdentity all start together (they only need the id).
 * - each listener page starts GetListener and ListRules per listener; each rule page starts GetRule;
 *   every forward action starts GetTargetGroup + ListTargets for its target group at once (memoised
 *   per `tg-…` id); each ListTargets page starts the EC2 lookup of those targets as soon as the
 *   target group's type is known; each EC2 answer starts the security-group reads of the groups
 *   it names (memoised per group id).
 *   Each EC2 answer also starts DescribeSubnets + DescribeNetworkAcls (association.subnet-id) for
 *   the target subnets it names (memoised per subnet id).
 * - each service-network association page starts, per network: GetServiceNetwork,
 *   GetAuthPolicy(network), ListServiceNetworkVpcAssociations → GetServiceNetworkVpcAssociation →
 *   security-group reads, ListServiceNetworkResourceAssociations and
 *   ListServiceNetworkVpcEndpointAssociations; and, for an association that is not ACTIVE,
 *   GetServiceNetworkServiceAssociation (its failureCode / failureMessage).
 * - the association list also starts the owner's side of RAM for the networks the run's account
 *   owns (gather-sharing.ts readOwnerSide: GetResourceShareAssociations RESOURCE per network, then
 *   PRINCIPAL and GetResourceShares SELF for the shares found), so a share whose network association
 *   FAILED (network-not-shareable) or that is not ACTIVE (share-not-active) is found without --from. Off the critical
 *   chain; the RAM client (and its module) is loaded only when there is such a network.
 *
 * Concurrency is bounded per service (`concurrency` sends in flight to each): a p-limit limiter
 * per service wraps individual SDK sends only (each page of a paginator is one send), never a task
 * that awaits other tasks, so it cannot deadlock. Per service because each has its own rate limits,
 * and so that the chain's reads (Lattice, then EC2) never queue behind CloudWatch's or a log's.
 *
 * Every failed call becomes a ReadFailure; no task ever rejects. Errors that must end the run
 * (ReadOnlyViolation, credential / region errors) are remembered and thrown once everything has
 * settled, as is ServiceNotFoundError when GetService says the service does not exist.
 */
import pLimit, { type LimitFunction } from "p-limit";
import type {
  GetServiceNetworkVpcAssociationCommandOutput,
  HealthCheckConfig,
  ListenerSummary,
  RuleAction as SdkRuleAction,
  RuleSummary,
  ServiceNetworkEndpointAssociation,
  ServiceNetworkResourceAssociationSummary,
  ServiceNetworkServiceAssociationSummary,
  ServiceNetworkVpcAssociationSummary,
  TargetSummary,
} from "@aws-sdk/client-vpc-lattice";
import type {
  Instance,
  IpPermission,
  NetworkAcl as Ec2NetworkAcl,
  NetworkInterface,
  Subnet as Ec2Subnet,
  SecurityGroup as Ec2SecurityGroup,
  SecurityGroupRule as Ec2SecurityGroupRule,
} from "@aws-sdk/client-ec2";
import type {
  AuthPolicy,
  HealthCheck,
  Listener,
  NetworkAcl,
  PrefixList,
  ReadFailure,
  ResourceAssociation,
  Rule,
  RuleAction,
  SecurityGroup,
  SecurityGroupRule,
  Service,
  ServiceAssociation,
  ServiceNetwork,
  Sharing,
  AccessLogSubscription,
  Subnet,
  Target,
  TargetGroup,
  Topology,
  TopologyPart,
  VpcAssociation,
  VpcEndpointAssociation,
} from "../topology/types.js";
import type { FailedRequests } from "../topology/access-log.js";
import { lazy, type AwsClients, type SdkModules, type ServiceKey } from "./clients.js";
import type { RAMClient } from "@aws-sdk/client-ram";
import {
  ServiceNotFoundError,
  type Gather,
  type GatherHop,
  type GatherOptions,
  type ProgressEvent,
} from "./gather-api.js";
import { failureKindOf, fatalErrorOf, toReadFailure } from "./failures.js";
import { DEFAULT_WINDOW_SECONDS, SignalsReader } from "./gather-signals.js";
import {
  hasReadableAccessLog,
  parseDestination,
  readFailedRequests,
  type LogReaders,
} from "./gather-logs.js";
import { isNonStandardServiceId } from "./resolve.js";
import { PRIMARY_LABEL } from "./xacct-common.js";
import { accountOfArn, targetGroupIdOf } from "../core/util/arn.js";
import { byText, compact, unique } from "../core/util/collections.js";
import { canonicalIp } from "../core/util/ip.js";

/** Page sizes: the largest each API allows, so long lists take as few serial round trips as possible. */
export const LATTICE_PAGE_SIZE = 100;
export const EC2_PAGE_SIZE = 1000;
export const PREFIX_LIST_PAGE_SIZE = 100;
/** DescribeNetworkAcls allows 5–100. */
export const NETWORK_ACL_PAGE_SIZE = 100;
/** DescribeInstances InstanceIds per call. */
export const INSTANCE_BATCH = 1000;
/** Values per EC2 filter (addresses, group ids, subnet ids) and SubnetIds per call. */
export const FILTER_BATCH = 200;
export const DEFAULT_CONCURRENCY = 16;

// ---------------------------------------------------------------------------------------------
// Small helpers

/** A JSON-plain copy (Dates → ISO strings, no class instances), for fields kept verbatim. */
function plain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function sortedRecord<T>(map: Map<string, T>): Record<string, T> {
  return Object.fromEntries([...map.entries()].sort(([a], [b]) => byText(a, b)));
}

/** Instance ids named by an `InvalidInstanceID.NotFound` message. */
function missingInstanceIds(error: unknown): string[] {
  const e = error as { name?: string; message?: string };
  if (e?.name !== "InvalidInstanceID.NotFound") return [];
  return e.message?.match(/i-[0-9a-f]+/g) ?? [];
}

// Any client whose send can be wrapped; the paginators need the real class in the prototype chain.
interface Sendable {
  send: (...args: never[]) => Promise<unknown>;
}

/** A view of `client` whose every send (one page of a paginator included) goes through the limiter. */
/** `limited`, for a client loaded and built on its first use (clients.ts). */
function lazyLimited<C extends Sendable>(client: () => Promise<C>, limit: LimitFunction): () => Promise<C> {
  return lazy(async () => limited(await client(), limit));
}

function limited<C extends Sendable>(client: C, limit: LimitFunction): C {
  const view = Object.create(client) as C;
  const send = (...args: unknown[]) =>
    limit(() => Reflect.apply(client.send, client, args) as Promise<unknown>);
  Object.defineProperty(view, "send", { value: send, writable: true, configurable: true });
  return view;
}

// ---------------------------------------------------------------------------------------------
// SDK → topology conversions

function toHealthCheck(hc: HealthCheckConfig | undefined): HealthCheck | undefined {
  if (!hc) return undefined;
  return compact({
    enabled: hc.enabled,
    protocol: hc.protocol,
    protocolVersion: hc.protocolVersion,
    port: hc.port,
    path: hc.path,
    healthCheckIntervalSeconds: hc.healthCheckIntervalSeconds,
    healthCheckTimeoutSeconds: hc.healthCheckTimeoutSeconds,
    healthyThresholdCount: hc.healthyThresholdCount,
    unhealthyThresholdCount: hc.unhealthyThresholdCount,
    matcher: hc.matcher?.httpCode !== undefined ? { httpCode: hc.matcher.httpCode } : undefined,
  });
}

function toTarget(t: TargetSummary): Target {
  return compact({ id: t.id ?? "", port: t.port, status: t.status ?? "UNKNOWN", reasonCode: t.reasonCode });
}

/** What GetServiceNetworkVpcAssociation adds to the listed association: its groups, status and failure. */
export function withVpcAssociationDetail(
  association: VpcAssociation,
  out: GetServiceNetworkVpcAssociationCommandOutput,
): string[] {
  const groupIds = out.securityGroupIds ?? [];
  association.securityGroupIds = groupIds;
  if (out.status) association.status = out.status;
  if (out.failureCode) association.failureCode = out.failureCode;
  if (out.failureMessage) association.failureMessage = out.failureMessage;
  return groupIds;
}

/** One DescribeSecurityGroupRules rule as the topology keeps it. */
export function fromEc2Rule(r: Ec2SecurityGroupRule): SecurityGroupRule {
  const ref = r.ReferencedGroupInfo;
  return compact({
    securityGroupRuleId: r.SecurityGroupRuleId,
    groupId: r.GroupId ?? "",
    isEgress: r.IsEgress ?? false,
    ipProtocol: r.IpProtocol ?? "-1",
    fromPort: r.FromPort,
    toPort: r.ToPort,
    cidrIpv4: r.CidrIpv4,
    cidrIpv6: r.CidrIpv6,
    prefixListId: r.PrefixListId,
    referencedGroupInfo: ref
      ? compact({ groupId: ref.GroupId, userId: ref.UserId, vpcId: ref.VpcId })
      : undefined,
    description: r.Description,
  });
}

/** DescribeSecurityGroups permissions → one SecurityGroupRule per peer (what DescribeSecurityGroupRules returns). */
export function rulesFromPermissions(
  groupId: string,
  permissions: IpPermission[],
  isEgress: boolean,
): SecurityGroupRule[] {
  const rules: SecurityGroupRule[] = [];
  for (const p of permissions) {
    const base = {
      groupId,
      isEgress,
      ipProtocol: p.IpProtocol ?? "-1",
      fromPort: p.FromPort,
      toPort: p.ToPort,
    };
    for (const r of p.IpRanges ?? [])
      rules.push(compact({ ...base, cidrIpv4: r.CidrIp, description: r.Description }));
    for (const r of p.Ipv6Ranges ?? [])
      rules.push(compact({ ...base, cidrIpv6: r.CidrIpv6, description: r.Description }));
    for (const r of p.PrefixListIds ?? []) {
      rules.push(compact({ ...base, prefixListId: r.PrefixListId, description: r.Description }));
    }
    for (const r of p.UserIdGroupPairs ?? []) {
      rules.push(
        compact({
          ...base,
          referencedGroupInfo: compact({ groupId: r.GroupId, userId: r.UserId, vpcId: r.VpcId }),
          description: r.Description,
        }),
      );
    }
  }
  return rules;
}

/** DescribeSubnets → Subnet (without networkAclId: that comes from the network ACLs). */
function toSubnet(s: Ec2Subnet): Subnet {
  const ipv6 = (s.Ipv6CidrBlockAssociationSet ?? [])
    // A block being or already disassociated carries no traffic.
    .filter((a) => !a.Ipv6CidrBlockState?.State || a.Ipv6CidrBlockState.State === "associated")
    .map((a) => a.Ipv6CidrBlock)
    .filter((c): c is string => !!c);
  return compact({
    subnetId: s.SubnetId ?? "",
    vpcId: s.VpcId,
    cidrBlock: s.CidrBlock,
    ipv6CidrBlocks: ipv6,
    availabilityZoneId: s.AvailabilityZoneId,
  });
}

/** DescribeNetworkAcls → NetworkAcl, entries in the order the API returns them (all of them). */
export function toNetworkAcl(acl: Ec2NetworkAcl): NetworkAcl {
  return compact({
    networkAclId: acl.NetworkAclId ?? "",
    vpcId: acl.VpcId,
    isDefault: acl.IsDefault,
    entries: (acl.Entries ?? []).map((e) =>
      compact({
        ruleNumber: e.RuleNumber ?? 0,
        egress: e.Egress ?? false,
        protocol: e.Protocol ?? "-1",
        ruleAction: e.RuleAction ?? "deny",
        cidrBlock: e.CidrBlock,
        ipv6CidrBlock: e.Ipv6CidrBlock,
        portRange: e.PortRange ? compact({ from: e.PortRange.From, to: e.PortRange.To }) : undefined,
      }),
    ),
  });
}

function toResourceAssociation(
  item: ServiceNetworkResourceAssociationSummary,
  networkId: string,
): ResourceAssociation {
  return compact({
    id: item.id ?? "",
    arn: item.arn,
    status: item.status ?? "UNKNOWN",
    serviceNetworkId: item.serviceNetworkId ?? networkId,
    resourceConfigurationId: item.resourceConfigurationId,
    resourceConfigurationArn: item.resourceConfigurationArn,
    resourceConfigurationName: item.resourceConfigurationName,
  });
}

function toVpcEndpointAssociation(
  item: ServiceNetworkEndpointAssociation,
  networkId: string,
): VpcEndpointAssociation {
  return compact({
    serviceNetworkId: networkId,
    vpcEndpointId: item.vpcEndpointId ?? "",
    vpcId: item.vpcId,
    vpcEndpointOwnerId: item.vpcEndpointOwnerId,
    state: item.state,
  });
}

/** What the EC2 lookups found about one target. */
interface TargetNetwork {
  securityGroupIds: string[];
  subnetId?: string;
  vpcId?: string;
  networkInterfaceId?: string;
}

function instanceNetwork(instance: Instance): TargetNetwork {
  // Primary ENI (device index 0) first: its groups matter most.
  const enis = [...(instance.NetworkInterfaces ?? [])].sort(
    (a, b) => (a.Attachment?.DeviceIndex ?? 99) - (b.Attachment?.DeviceIndex ?? 99),
  );
  const groups = unique([
    ...enis.flatMap((eni) => (eni.Groups ?? []).map((g) => g.GroupId)),
    ...(instance.SecurityGroups ?? []).map((g) => g.GroupId),
  ]).filter((g): g is string => !!g);
  return compact({
    securityGroupIds: groups,
    subnetId: instance.SubnetId,
    vpcId: instance.VpcId,
    networkInterfaceId: enis[0]?.NetworkInterfaceId,
  });
}

function eniNetwork(eni: NetworkInterface): TargetNetwork {
  return compact({
    securityGroupIds: unique((eni.Groups ?? []).map((g) => g.GroupId).filter((g): g is string => !!g)),
    subnetId: eni.SubnetId,
    vpcId: eni.VpcId,
    networkInterfaceId: eni.NetworkInterfaceId,
  });
}

function eniAddresses(eni: NetworkInterface): string[] {
  return [
    eni.PrivateIpAddress,
    ...(eni.PrivateIpAddresses ?? []).map((a) => a.PrivateIpAddress),
    ...(eni.Ipv6Addresses ?? []).map((a) => a.Ipv6Address),
    ...(eni.Ipv6Address ? [eni.Ipv6Address] : []),
  ]
    .filter((a): a is string => !!a)
    .map(canonicalIp);
}

// ---------------------------------------------------------------------------------------------
// The run

interface CallSpec {
  hop: GatherHop;
  part: TopologyPart;
  service: ServiceKey;
  operation: string;
  resource?: string;
}

type Attempt<T> = { ok: true; value: T } | { ok: false; error: unknown };

interface HopState {
  started: boolean;
  done: boolean;
  failed: number;
}

interface TargetGroupState {
  id: string;
  /** Settles when GetTargetGroup has answered. */
  info: Promise<TargetGroup | undefined>;
  /** Settles when ListTargets and the EC2 lookups of its targets have finished. */
  complete: Promise<void>;
  group?: TargetGroup;
  targets?: Target[];
  network: Map<string, TargetNetwork>;
}

interface NetworkState {
  id: string;
  network?: ServiceNetwork;
  vpcAssociations: VpcAssociation[];
  resourceAssociations: ResourceAssociation[];
  vpcEndpointAssociations: VpcEndpointAssociation[];
  /** GetServiceNetwork settled. */
  read: Promise<void>;
  /** ListServiceNetworkVpcAssociations and every GetServiceNetworkVpcAssociation settled. */
  vpcRead: Promise<void>;
  /** ListServiceNetworkResourceAssociations settled. */
  resourceRead: Promise<void>;
  /** ListServiceNetworkVpcEndpointAssociations settled. */
  endpointRead: Promise<void>;
  policyRead: Promise<void>;
}

class GatherRun {
  private readonly lattice: AwsClients["lattice"];
  private readonly ec2: AwsClients["ec2"];
  private readonly sts: AwsClients["sts"];
  /** The commands and paginators, from each client's own module (clients.ts). */
  private readonly sdk: SdkModules;
  private readonly serviceId: string;
  private readonly region: string;
  private readonly onProgress?: (event: ProgressEvent) => void;

  private readonly failures: ReadFailure[] = [];
  private fatal: Error | undefined;
  private serviceNotFound: ServiceNotFoundError | undefined;
  private readonly hops = new Map<GatherHop, HopState>();

  private readonly targetGroups = new Map<string, TargetGroupState>();
  private readonly networks = new Map<string, NetworkState>();
  private readonly authPolicies = new Map<string, AuthPolicy>();
  private readonly securityGroups = new Map<string, SecurityGroup>();
  /** Security groups named by the VPC associations, and by the targets. */
  private readonly associationGroups = new Set<string>();
  private readonly targetSecurityGroups = new Set<string>();
  private readonly subnets = new Map<string, Subnet>();
  private readonly networkAcls = new Map<string, NetworkAcl>();
  /** Subnet id → the network ACL whose associations name it (explicit or the VPC's default). */
  private readonly aclOfSubnet = new Map<string, string>();
  private readonly requestedSubnets = new Set<string>();
  /** Live signals (gather-signals.ts): CloudWatch and access-log subscriptions. */
  private readonly signals: SignalsReader;
  /** One limiter per service (see the header). */
  private readonly limitOf: (service: ServiceKey) => LimitFunction;
  private readonly loadRam: (() => Promise<RAMClient>) | undefined;
  /** The run's account (caller identity, else the service ARN's): whose networks' shares to read. */
  private account: Promise<string | undefined> = Promise.resolve(undefined);
  /** The access-log reads (gather-logs.ts), when asked and the clients can make them. */
  private readonly logReaders: LogReaders | undefined;
  private readonly logOptions: Pick<GatherOptions, "logLimit" | "onLogProgress" | "logQuery">;
  /** The owner's side of RAM (started once the service's networks are listed). */
  private sharingRead: Promise<Sharing | undefined> = Promise.resolve(undefined);

  constructor(options: GatherOptions) {
    const limits = new Map<ServiceKey, LimitFunction>();
    const limit = (service: ServiceKey): LimitFunction => {
      let l = limits.get(service);
      if (!l) limits.set(service, (l = pLimit(Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY))));
      return l;
    };
    this.limitOf = limit;
    this.loadRam = options.clients.ram;
    const { logs, s3 } = options.clients;
    this.logReaders =
      options.logs !== false && (logs || s3)
        ? {
            ...(logs ? { logs: () => logs().then((c) => limited(c, limit("logs"))) } : {}),
            ...(s3 ? { s3: () => s3().then((c) => limited(c, limit("s3"))) } : {}),
            sdk: options.clients.sdk,
          }
        : undefined;
    this.logOptions = {
      logLimit: options.logLimit,
      onLogProgress: options.onLogProgress,
      logQuery: options.logQuery,
    };
    this.lattice = lazyLimited(options.clients.lattice, limit("vpc-lattice"));
    this.ec2 = lazyLimited(options.clients.ec2, limit("ec2"));
    this.sts = lazyLimited(options.clients.sts, limit("sts"));
    this.sdk = options.clients.sdk;
    // Asked first, the lattice module loads first: the others wait for its first request (clients.ts),
    // the live signals' included, which start reading below. A failed load is the reads' to report.
    this.sdk.lattice().catch(() => undefined);
    this.serviceId = options.serviceId;
    this.region = options.region;
    this.onProgress = options.onProgress;
    this.signals = new SignalsReader({
      cloudwatch: lazyLimited(options.clients.cloudwatch, limit("cloudwatch")),
      lattice: this.lattice,
      sdk: this.sdk,
      serviceId: options.serviceId,
      // gather is the I/O side: it may read the clock; checks get the window from the topology.
      now: options.now ?? new Date(),
      windowSeconds: options.windowSeconds ?? DEFAULT_WINDOW_SECONDS,
      call: (spec, fn) => this.call(spec, fn),
      // With the access-log entries to read, the "access-logs" hop ends when they are read.
      finishHop: (hop, read) => {
        if (hop !== "access-logs" || !this.logReaders) this.finishHop(hop, read);
      },
      onAccessLogs: (items) => this.warmLogClients(items),
    });
  }

  // --- progress ------------------------------------------------------------------------------

  private hopState(hop: GatherHop): HopState {
    let state = this.hops.get(hop);
    if (!state) {
      state = { started: false, done: false, failed: 0 };
      this.hops.set(hop, state);
    }
    return state;
  }

  private emit(event: ProgressEvent): void {
    try {
      this.onProgress?.(event);
    } catch {
      // A progress view must never break the read.
    }
  }

  private startHop(hop: GatherHop): void {
    const state = this.hopState(hop);
    if (state.started) return;
    state.started = true;
    this.emit({ hop, phase: "start" });
  }

  /** Emitted once per hop when nothing of it can still be running; a hop without calls gets start + done. */
  private finishHop(hop: GatherHop, read: number): void {
    const state = this.hopState(hop);
    if (state.done) return;
    this.startHop(hop);
    state.done = true;
    this.emit({ hop, phase: "done", read, failed: state.failed });
  }

  // --- calls ---------------------------------------------------------------------------------

  /** Runs one call (all its pages); never rejects. Fatal errors are remembered for the end. */
  private async attempt<T>(spec: CallSpec, fn: () => Promise<T>): Promise<Attempt<T>> {
    if (this.fatal) return { ok: false, error: this.fatal };
    this.startHop(spec.hop);
    try {
      return { ok: true, value: await fn() };
    } catch (error) {
      const fatal = fatalErrorOf(error);
      if (fatal) this.fatal ??= fatal;
      return { ok: false, error };
    }
  }

  private record(spec: CallSpec, error: unknown): void {
    if (this.fatal) return; // the run ends with the fatal error; no point listing its echoes
    this.hopState(spec.hop).failed++;
    const failure = toReadFailure(error, spec);
    // Several batches about one resource failing alike (e.g. two DescribeInstances pages of one
    // target group) are one thing that could not be read.
    const same = (f: ReadFailure) =>
      f.part === failure.part &&
      f.call === failure.call &&
      f.resource === failure.resource &&
      f.errorCode === failure.errorCode;
    if (!this.failures.some(same)) this.failures.push(failure);
  }

  /** attempt + record: the value, or undefined with the failure recorded. */
  private async call<T>(spec: CallSpec, fn: () => Promise<T>): Promise<T | undefined> {
    const result = await this.attempt(spec, fn);
    if (result.ok) return result.value;
    this.record(spec, result.error);
    return undefined;
  }

  private lat(hop: GatherHop, part: TopologyPart, operation: string, resource?: string): CallSpec {
    return { hop, part, service: "vpc-lattice", operation, resource };
  }

  private ec2Spec(hop: GatherHop, part: TopologyPart, operation: string, resource?: string): CallSpec {
    return { hop, part, service: "ec2", operation, resource };
  }

  // --- the run -------------------------------------------------------------------------------

  async run(): Promise<Topology> {
    const servicePromise = this.readService();
    void servicePromise.then((service) => this.signals.serviceRead(service));
    const callerPromise = this.readCaller();
    this.account = Promise.all([servicePromise, callerPromise]).then(
      ([service, caller]) => caller?.accountId ?? accountOfArn(service.arn || undefined),
    );
    const prefixPromise = this.readPrefixLists();
    const serviceNetworksPromise = this.readServiceNetworks();
    const servicePolicy = this.readAuthPolicy(this.serviceId, this.serviceId);
    const listenersPromise = this.readListeners();
    // All target groups are known once listeners and rules are read.
    const targetsPromise = listenersPromise.then(() => this.finishTargets());
    const subnetsPromise = targetsPromise.then(() => this.readSubnetsOfTargets());
    const associationsPromise = serviceNetworksPromise.then(() =>
      Promise.all([...this.networks.values()].map((n) => n.vpcRead)),
    );
    const securityGroupsPromise = Promise.all([
      associationsPromise.then(() => this.readSecurityGroupsOf(this.associationGroups)),
      Promise.all([targetsPromise, associationsPromise]).then(() =>
        this.readSecurityGroupsOf(this.targetSecurityGroups, this.associationGroups),
      ),
    ]);
    // Every target group is known once listeners and rules are read, every network once the
    // service's associations are.
    // The access-log entries are read as soon as every subscription is known, beside the metrics.
    const failedRequestsPromise = this.signals
      .accessLogSubscriptions(serviceNetworksPromise)
      .then((subscriptions) => this.readFailedRequests(subscriptions));
    const signalsPromise = Promise.all([
      this.signals.finish(Promise.all([listenersPromise, serviceNetworksPromise])),
      failedRequestsPromise,
    ]).then(([signals, failedRequests]) => (failedRequests ? { ...signals, failedRequests } : signals));

    const [service, caller, prefixLists, serviceAssociations, , listeners, , signals] = await Promise.all([
      servicePromise,
      callerPromise,
      prefixPromise,
      serviceNetworksPromise,
      servicePolicy,
      listenersPromise,
      targetsPromise,
      signalsPromise,
    ]);
    // All security groups are known once targets and VPC associations are read; all target
    // subnets once the targets are.
    await Promise.all([
      securityGroupsPromise.then(() => this.finishHop("security-groups", this.securityGroups.size)),
      subnetsPromise.then(() => this.finishHop("network-acls", this.networkAcls.size)),
    ]);
    await Promise.all([...this.networks.values()].map((n) => n.policyRead));
    this.finishHop("auth-policies", this.authPolicies.size);
    const sharing = await this.sharingRead;

    if (this.fatal) throw this.fatal;
    if (this.serviceNotFound) throw this.serviceNotFound;

    const targetGroups = new Map<string, TargetGroup>();
    for (const state of this.targetGroups.values()) {
      if (!state.group) continue;
      const targets = state.targets?.map((t) => {
        const net = state.network.get(canonicalIp(t.id));
        return net ? compact({ ...t, ...net }) : t;
      });
      targetGroups.set(state.id, compact({ ...state.group, targets }));
    }
    const serviceNetworks = new Map<string, ServiceNetwork>();
    for (const n of this.networks.values()) if (n.network) serviceNetworks.set(n.id, n.network);

    return compact({
      topologyVersion: 1 as const,
      region: this.region,
      accountId: caller?.accountId,
      callerArn: caller?.callerArn,
      service,
      listeners,
      targetGroups: sortedRecord(targetGroups),
      serviceAssociations,
      serviceNetworks: sortedRecord(serviceNetworks),
      vpcAssociations: [...this.networks.values()].flatMap((n) => n.vpcAssociations),
      authPolicies: sortedRecord(this.authPolicies),
      securityGroups: sortedRecord(this.securityGroups),
      prefixLists,
      subnets: this.assembleSubnets(),
      networkAcls: sortedRecord(this.networkAcls),
      resourceAssociations: [...this.networks.values()].flatMap((n) => n.resourceAssociations),
      vpcEndpointAssociations: [...this.networks.values()].flatMap((n) => n.vpcEndpointAssociations),
      sharing,
      signals,
      failures: [...this.failures].sort((a, b) =>
        `${a.part}|${a.call}|${a.resource ?? ""}|${a.errorCode}` <
        `${b.part}|${b.call}|${b.resource ?? ""}|${b.errorCode}`
          ? -1
          : 1,
      ),
    });
  }

  // --- access-log entries --------------------------------------------------------------------

  /** Loads the client a readable destination will need while the other subscriptions are listed. */
  private warmLogClients(items: AccessLogSubscription[]): void {
    if (!this.logReaders) return;
    for (const item of items) {
      const kind = parseDestination(item.destinationArn)?.kind;
      const load =
        kind === "cloudwatch-logs" ? this.logReaders.logs : kind === "s3" ? this.logReaders.s3 : undefined;
      // A failed load is reported by the read itself.
      load?.().catch(() => undefined);
    }
  }

  /** The window's failed requests from the access logs' destinations (signals.failedRequests). */
  private async readFailedRequests(
    subscriptions: AccessLogSubscription[] | undefined,
  ): Promise<FailedRequests | undefined> {
    if (!this.logReaders) return undefined;
    let failedRequests: FailedRequests | undefined;
    if (hasReadableAccessLog(subscriptions) && !this.fatal) {
      try {
        const read = await readFailedRequests(
          this.logReaders,
          subscriptions!,
          {
            window: { start: this.signals.window.start, end: this.signals.window.end },
            serviceId: this.serviceId,
            ...(this.logOptions.logQuery?.status ? { status: this.logOptions.logQuery.status } : {}),
            ...(this.logOptions.logQuery?.requestId !== undefined
              ? { requestId: this.logOptions.logQuery.requestId }
              : {}),
            ...(this.logOptions.logLimit !== undefined ? { limit: this.logOptions.logLimit } : {}),
            ...(this.logOptions.onLogProgress ? { onProgress: this.logOptions.onLogProgress } : {}),
          },
          { region: this.region, accountId: await this.account },
        );
        failedRequests = read.failedRequests;
        for (const failure of read.failures) {
          this.hopState("access-logs").failed++;
          this.failures.push(failure);
        }
      } catch (error) {
        // Only what must end the run escapes readFailedRequests (the guard, unusable credentials).
        this.fatal ??= error instanceof Error ? error : new Error(String(error));
      }
    }
    this.finishHop("access-logs", subscriptions?.length ?? 0);
    return failedRequests;
  }

  // --- service -------------------------------------------------------------------------------

  private async readService(): Promise<Service> {
    const spec = this.lat("service", "service", "GetService", this.serviceId);
    const result = await this.attempt(spec, async () => {
      const { GetServiceCommand } = await this.sdk.lattice();
      return (await this.lattice()).send(new GetServiceCommand({ serviceIdentifier: this.serviceId }));
    });
    let service: Service;
    if (result.ok) {
      const s = result.value;
      service = compact({
        id: s.id ?? this.serviceId,
        arn: s.arn ?? "",
        name: s.name ?? "",
        status: s.status ?? "UNKNOWN",
        authType: s.authType ?? "UNKNOWN",
        customDomainName: s.customDomainName,
        certificateArn: s.certificateArn,
        dnsEntry: s.dnsEntry
          ? compact({ domainName: s.dnsEntry.domainName, hostedZoneId: s.dnsEntry.hostedZoneId })
          : undefined,
        failureCode: s.failureCode,
        failureMessage: s.failureMessage,
      });
    } else {
      if (failureKindOf(result.error) === "not-found" && !this.fatal) {
        const hint = isNonStandardServiceId(this.serviceId)
          ? ` (AWS issues service ids as svc- followed by 17 lowercase letters or digits: is it cut short or mistyped?)`
          : "";
        this.serviceNotFound = new ServiceNotFoundError(
          `no VPC Lattice service ${this.serviceId} in ${this.region}${hint}`,
        );
      } else {
        this.record(spec, result.error);
      }
      service = { id: this.serviceId, arn: "", name: "", status: "UNKNOWN", authType: "UNKNOWN" };
    }
    this.finishHop("service", result.ok ? 1 : 0);
    return service;
  }

  private async readCaller(): Promise<{ accountId?: string; callerArn?: string } | undefined> {
    const out = await this.call(
      { hop: "caller", part: "caller", service: "sts", operation: "GetCallerIdentity" },
      async () => {
        const { GetCallerIdentityCommand } = await this.sdk.sts();
        return (await this.sts()).send(new GetCallerIdentityCommand({}));
      },
    );
    this.finishHop("caller", out ? 1 : 0);
    return out ? { accountId: out.Account, callerArn: out.Arn } : undefined;
  }

  // --- prefix lists --------------------------------------------------------------------------

  private async readPrefixLists(): Promise<Topology["prefixLists"]> {
    const names = {
      ipv4: `com.amazonaws.${this.region}.vpc-lattice`,
      ipv6: `com.amazonaws.${this.region}.ipv6.vpc-lattice`,
    };
    const found: { family: "ipv4" | "ipv6"; list: PrefixList }[] = [];
    const entryReads: Promise<void>[] = [];
    await this.call(this.ec2Spec("prefix-lists", "prefixLists", "DescribeManagedPrefixLists"), async () => {
      const { paginateDescribeManagedPrefixLists } = await this.sdk.ec2();
      const pages = paginateDescribeManagedPrefixLists(
        { client: await this.ec2(), pageSize: PREFIX_LIST_PAGE_SIZE },
        { Filters: [{ Name: "prefix-list-name", Values: [names.ipv4, names.ipv6] }] },
      );
      for await (const page of pages) {
        for (const pl of page.PrefixLists ?? []) {
          const family =
            pl.PrefixListName === names.ipv4 ? "ipv4" : pl.PrefixListName === names.ipv6 ? "ipv6" : undefined;
          if (!family || !pl.PrefixListId) continue;
          const list: PrefixList = compact({
            prefixListId: pl.PrefixListId,
            prefixListName: pl.PrefixListName ?? "",
            addressFamily: pl.AddressFamily,
          });
          found.push({ family, list });
          entryReads.push(this.readPrefixListEntries(list));
        }
      }
    });
    await Promise.all(entryReads);
    const result: Topology["prefixLists"] = {};
    for (const { family, list } of found) result[family] = list;
    this.finishHop("prefix-lists", found.length);
    return result;
  }

  private async readPrefixListEntries(list: PrefixList): Promise<void> {
    const cidrs = await this.call(
      this.ec2Spec("prefix-lists", "prefixLists", "GetManagedPrefixListEntries", list.prefixListId),
      async () => {
        const out: string[] = [];
        const { paginateGetManagedPrefixListEntries } = await this.sdk.ec2();
        const pages = paginateGetManagedPrefixListEntries(
          { client: await this.ec2(), pageSize: PREFIX_LIST_PAGE_SIZE },
          { PrefixListId: list.prefixListId },
        );
        for await (const page of pages) {
          for (const e of page.Entries ?? []) if (e.Cidr) out.push(e.Cidr);
        }
        return out;
      },
    );
    if (cidrs) list.cidrs = cidrs;
  }

  // --- auth policies -------------------------------------------------------------------------

  /** No policy (200 without `policy`, or ResourceNotFoundException) is an entry without policy, not a failure. */
  private async readAuthPolicy(identifier: string, resourceId: string): Promise<void> {
    const spec = this.lat("auth-policies", "authPolicies", "GetAuthPolicy", resourceId);
    const result = await this.attempt(spec, async () => {
      const { GetAuthPolicyCommand } = await this.sdk.lattice();
      return (await this.lattice()).send(new GetAuthPolicyCommand({ resourceIdentifier: identifier }));
    });
    if (result.ok) {
      const policy = result.value.policy ? result.value.policy : undefined;
      this.authPolicies.set(resourceId, compact({ resourceId, policy, state: result.value.state }));
    } else if (failureKindOf(result.error) === "not-found" && !this.fatal) {
      this.authPolicies.set(resourceId, { resourceId });
    } else {
      this.record(spec, result.error);
    }
  }

  // --- listeners and rules -------------------------------------------------------------------

  private async readListeners(): Promise<Listener[]> {
    const listeners: Listener[] = [];
    const getListeners: Promise<void>[] = [];
    const ruleReads: Promise<void>[] = [];
    await this.call(this.lat("listeners", "listeners", "ListListeners", this.serviceId), async () => {
      const { paginateListListeners } = await this.sdk.lattice();
      const pages = paginateListListeners(
        { client: await this.lattice(), pageSize: LATTICE_PAGE_SIZE },
        { serviceIdentifier: this.serviceId },
      );
      for await (const page of pages) {
        for (const item of page.items ?? []) {
          const listener = this.toListener(item);
          listeners.push(listener);
          getListeners.push(this.readListener(listener));
          ruleReads.push(this.readRules(listener));
        }
      }
    });
    await Promise.all([
      Promise.all(getListeners).then(() =>
        this.finishHop("listeners", listeners.filter((l) => l.defaultAction !== undefined).length),
      ),
      Promise.all(ruleReads).then(() =>
        this.finishHop(
          "rules",
          listeners.reduce((n, l) => n + l.rules.length, 0),
        ),
      ),
    ]);
    return listeners;
  }

  private toListener(item: ListenerSummary): Listener {
    return {
      id: item.id ?? "",
      arn: item.arn ?? "",
      name: item.name ?? "",
      protocol: item.protocol ?? "UNKNOWN",
      port: item.port ?? 0,
      rules: [],
    };
  }

  private async readListener(listener: Listener): Promise<void> {
    const out = await this.call(this.lat("listeners", "listeners", "GetListener", listener.id), async () => {
      const { GetListenerCommand } = await this.sdk.lattice();
      return (await this.lattice()).send(
        new GetListenerCommand({ serviceIdentifier: this.serviceId, listenerIdentifier: listener.id }),
      );
    });
    if (out) listener.defaultAction = this.toAction(out.defaultAction);
  }

  private async readRules(listener: Listener): Promise<void> {
    const ruleReads: Promise<void>[] = [];
    const rules: Rule[] = [];
    await this.call(this.lat("rules", "rules", "ListRules", listener.id), async () => {
      const { paginateListRules } = await this.sdk.lattice();
      const pages = paginateListRules(
        { client: await this.lattice(), pageSize: LATTICE_PAGE_SIZE },
        { serviceIdentifier: this.serviceId, listenerIdentifier: listener.id },
      );
      for await (const page of pages) {
        for (const item of page.items ?? []) {
          if (item.isDefault) continue; // represented by the listener's defaultAction
          const rule = this.toRule(item);
          rules.push(rule);
          ruleReads.push(this.readRule(listener, rule));
        }
      }
    });
    listener.rules = rules;
    await Promise.all(ruleReads);
  }

  private toRule(item: RuleSummary): Rule {
    return compact({
      id: item.id ?? "",
      arn: item.arn ?? "",
      name: item.name ?? "",
      isDefault: item.isDefault ?? false,
      priority: item.priority,
    });
  }

  private async readRule(listener: Listener, rule: Rule): Promise<void> {
    const out = await this.call(this.lat("rules", "rules", "GetRule", rule.id), async () => {
      const { GetRuleCommand } = await this.sdk.lattice();
      return (await this.lattice()).send(
        new GetRuleCommand({
          serviceIdentifier: this.serviceId,
          listenerIdentifier: listener.id,
          ruleIdentifier: rule.id,
        }),
      );
    });
    if (!out) return;
    if (out.match !== undefined) rule.match = plain(out.match);
    rule.action = this.toAction(out.action);
    if (out.priority !== undefined && rule.priority === undefined) rule.priority = out.priority;
  }

  /** Converts an action and starts reading every target group it forwards to. */
  private toAction(action: SdkRuleAction | undefined): RuleAction {
    if (action?.forward) {
      const targetGroups = (action.forward.targetGroups ?? []).map((tg) => {
        const id = targetGroupIdOf(tg.targetGroupIdentifier ?? "");
        if (id) this.ensureTargetGroup(id);
        return compact({ targetGroupIdentifier: id, weight: tg.weight });
      });
      return { type: "forward", targetGroups };
    }
    if (action?.fixedResponse)
      return { type: "fixedResponse", statusCode: action.fixedResponse.statusCode ?? 0 };
    return { type: "unknown" };
  }

  // --- target groups and targets -------------------------------------------------------------

  private ensureTargetGroup(id: string): void {
    if (this.targetGroups.has(id)) return;
    const state: TargetGroupState = {
      id,
      network: new Map(),
      info: Promise.resolve(undefined),
      complete: Promise.resolve(),
    };
    this.targetGroups.set(id, state);
    state.info = this.readTargetGroup(state);
    state.complete = this.readTargets(state);
    this.signals.addTargetGroup(id, state.info);
  }

  private async readTargetGroup(state: TargetGroupState): Promise<TargetGroup | undefined> {
    const tg = await this.call(
      this.lat("target-groups", "targetGroups", "GetTargetGroup", state.id),
      async () => {
        const { GetTargetGroupCommand } = await this.sdk.lattice();
        return (await this.lattice()).send(new GetTargetGroupCommand({ targetGroupIdentifier: state.id }));
      },
    );
    if (!tg) return undefined;
    const c = tg.config;
    state.group = compact({
      id: tg.id ?? state.id,
      arn: tg.arn ?? "",
      name: tg.name ?? "",
      type: tg.type ?? "UNKNOWN",
      status: tg.status ?? "UNKNOWN",
      port: c?.port,
      protocol: c?.protocol,
      protocolVersion: c?.protocolVersion,
      ipAddressType: c?.ipAddressType,
      vpcIdentifier: c?.vpcIdentifier,
      lambdaEventStructureVersion: c?.lambdaEventStructureVersion,
      healthCheck: toHealthCheck(c?.healthCheck),
      serviceArns: tg.serviceArns ?? [],
      failureCode: tg.failureCode,
      failureMessage: tg.failureMessage,
    });
    return state.group;
  }

  private async readTargets(state: TargetGroupState): Promise<void> {
    const lookups: Promise<void>[] = [];
    const targets = await this.call(this.lat("targets", "targets", "ListTargets", state.id), async () => {
      const out: Target[] = [];
      const { paginateListTargets } = await this.sdk.lattice();
      const pages = paginateListTargets(
        { client: await this.lattice(), pageSize: LATTICE_PAGE_SIZE },
        { targetGroupIdentifier: state.id },
      );
      for await (const page of pages) {
        const items = (page.items ?? []).map(toTarget).filter((t) => t.id);
        out.push(...items);
        // Look the page's targets up as soon as the group's type is known, while later pages load.
        if (items.length) lookups.push(state.info.then((tg) => this.lookupTargetNetwork(state, tg, items)));
      }
      return out;
    });
    if (targets) state.targets = targets;
    await Promise.all(lookups);
  }

  private async finishTargets(): Promise<void> {
    // Called once listeners and rules are read: no new target group can appear after this.
    const states = [...this.targetGroups.values()];
    await Promise.all(states.map((s) => s.info));
    this.finishHop("target-groups", states.filter((s) => s.group).length);
    await Promise.all(states.map((s) => s.complete));
    this.finishHop(
      "targets",
      states.reduce((n, s) => n + (s.targets?.length ?? 0), 0),
    );
  }

  private async lookupTargetNetwork(state: TargetGroupState, tg: TargetGroup | undefined, targets: Target[]) {
    if (!tg) return; // the group itself could not be read: it is left out of the topology
    if (tg.type === "INSTANCE") {
      await Promise.all(
        chunk(unique(targets.map((t) => t.id)), INSTANCE_BATCH).map((ids) =>
          this.lookupInstances(state, ids),
        ),
      );
    } else if (tg.type === "IP") {
      const ips = unique(targets.map((t) => t.id));
      const v4 = ips.filter((ip) => !ip.includes(":"));
      const v6 = ips.filter((ip) => ip.includes(":"));
      await Promise.all([
        ...chunk(v4, FILTER_BATCH).map((batch) =>
          this.lookupAddresses(state, tg.vpcIdentifier, "addresses.private-ip-address", batch),
        ),
        ...chunk(v6, FILTER_BATCH).map((batch) =>
          this.lookupAddresses(state, tg.vpcIdentifier, "ipv6-addresses.ipv6-address", batch),
        ),
      ]);
    }
    // LAMBDA and ALB targets have no security groups of their own to read here.
  }

  private async lookupInstances(state: TargetGroupState, ids: string[]): Promise<void> {
    const groups: string[] = [];
    const subnets: string[] = [];
    await this.call(this.ec2Spec("targets", "targetNetwork", "DescribeInstances", state.id), async () => {
      let remaining = ids;
      // A terminated-and-gone instance fails the whole call: drop the ids it names and ask again.
      for (let round = 0; remaining.length > 0; round++) {
        try {
          const { paginateDescribeInstances } = await this.sdk.ec2();
          const pages = paginateDescribeInstances({ client: await this.ec2() }, { InstanceIds: remaining });
          for await (const page of pages) {
            for (const reservation of page.Reservations ?? []) {
              for (const instance of reservation.Instances ?? []) {
                if (!instance.InstanceId) continue;
                const net = instanceNetwork(instance);
                state.network.set(instance.InstanceId, net);
                groups.push(...net.securityGroupIds);
                if (net.subnetId) subnets.push(net.subnetId);
              }
            }
          }
          return;
        } catch (error) {
          const missing = missingInstanceIds(error);
          const next = remaining.filter((id) => !missing.includes(id));
          if (missing.length === 0 || next.length === remaining.length || round >= 3) throw error;
          remaining = next;
        }
      }
    });
    this.ensureSecurityGroups(groups, "targets");
    this.ensureSubnets(subnets);
  }

  private async lookupAddresses(
    state: TargetGroupState,
    vpcId: string | undefined,
    filterName: string,
    addresses: string[],
  ): Promise<void> {
    const wanted = new Set(addresses.map(canonicalIp));
    const groups: string[] = [];
    const subnets: string[] = [];
    await this.call(
      this.ec2Spec("targets", "targetNetwork", "DescribeNetworkInterfaces", state.id),
      async () => {
        const filters = [{ Name: filterName, Values: addresses }];
        if (vpcId) filters.push({ Name: "vpc-id", Values: [vpcId] });
        const { paginateDescribeNetworkInterfaces } = await this.sdk.ec2();
        const pages = paginateDescribeNetworkInterfaces(
          { client: await this.ec2(), pageSize: EC2_PAGE_SIZE },
          { Filters: filters },
        );
        for await (const page of pages) {
          for (const eni of page.NetworkInterfaces ?? []) {
            const net = eniNetwork(eni);
            const matched = eniAddresses(eni).filter((address) => wanted.has(address));
            for (const address of matched) state.network.set(address, net);
            groups.push(...net.securityGroupIds);
            if (matched.length && net.subnetId) subnets.push(net.subnetId);
          }
        }
      },
    );
    this.ensureSecurityGroups(groups, "targets");
    this.ensureSubnets(subnets);
  }

  // --- service networks and VPC associations -------------------------------------------------

  private async readServiceNetworks(): Promise<ServiceAssociation[]> {
    const associations: ServiceAssociation[] = [];
    const detailReads: Promise<void>[] = [];
    const listed = await this.call(
      this.lat(
        "service-networks",
        "serviceAssociations",
        "ListServiceNetworkServiceAssociations",
        this.serviceId,
      ),
      async () => {
        const { paginateListServiceNetworkServiceAssociations } = await this.sdk.lattice();
        const pages = paginateListServiceNetworkServiceAssociations(
          { client: await this.lattice(), pageSize: LATTICE_PAGE_SIZE },
          { serviceIdentifier: this.serviceId },
        );
        for await (const page of pages) {
          for (const item of page.items ?? []) {
            const association = this.toServiceAssociation(item);
            associations.push(association);
            if (association.serviceNetworkId) this.ensureNetwork(association);
            // Only the failed / in-progress ones: their failureCode and failureMessage are only on Get.
            if (association.id && association.status !== "ACTIVE")
              detailReads.push(this.readServiceAssociation(association));
          }
        }
        return true;
      },
    );
    if (listed) this.sharingRead = this.readOwnerSharing(associations);
    const networks = [...this.networks.values()];
    const count = (f: (n: NetworkState) => number) => networks.reduce((k, n) => k + f(n), 0);
    await Promise.all([
      Promise.all([...networks.map((n) => n.read), ...detailReads]).then(() =>
        this.finishHop("service-networks", networks.filter((n) => n.network).length),
      ),
      Promise.all(networks.map((n) => n.vpcRead)).then(() =>
        this.finishHop(
          "vpc-associations",
          count((n) => n.vpcAssociations.length),
        ),
      ),
      Promise.all(networks.map((n) => n.resourceRead)).then(() =>
        this.finishHop(
          "resource-associations",
          count((n) => n.resourceAssociations.length),
        ),
      ),
      Promise.all(networks.map((n) => n.endpointRead)).then(() =>
        this.finishHop(
          "vpc-endpoint-associations",
          count((n) => n.vpcEndpointAssociations.length),
        ),
      ),
    ]);
    return associations;
  }

  /**
   * The owner's side of RAM for the networks of `associations` that the run's account owns (a
   * network of another account is the consumer side: gather-xacct.ts). Undefined when there is none.
   */
  private async readOwnerSharing(associations: ServiceAssociation[]): Promise<Sharing | undefined> {
    const loadRam = this.loadRam;
    if (!loadRam) return undefined;
    const account = await this.account;
    const arns = unique(
      associations
        .map((a) => a.serviceNetworkArn)
        .filter((arn): arn is string => !!arn?.startsWith("arn:"))
        .filter((arn) => !account || accountOfArn(arn) === account),
    ).sort();
    if (arns.length === 0) return undefined;
    const { emptySharing, readOwnerSide } = await import("./gather-sharing.js");
    const sharing = emptySharing(arns);
    await readOwnerSide(
      {
        ram: limited(await loadRam(), this.limitOf("ram")),
        sdk: await this.sdk.ram(),
        label: PRIMARY_LABEL,
        call: (operation, resource, fn) =>
          this.call({ hop: "sharing", part: "sharing", service: "ram", operation, resource }, fn),
      },
      arns,
      sharing,
    );
    this.finishHop("sharing", sharing.associations.length);
    return sharing;
  }

  /**
   * GetServiceNetworkServiceAssociation for an association that is not ACTIVE. Its own part
   * (`serviceAssociationDetails`): a failed detail read leaves only the failure text unknown, so it
   * must not skip the checks that need the association list.
   */
  private async readServiceAssociation(association: ServiceAssociation): Promise<void> {
    const out = await this.call(
      this.lat(
        "service-networks",
        "serviceAssociationDetails",
        "GetServiceNetworkServiceAssociation",
        association.id,
      ),
      async () => {
        const { GetServiceNetworkServiceAssociationCommand } = await this.sdk.lattice();
        return (await this.lattice()).send(
          new GetServiceNetworkServiceAssociationCommand({
            serviceNetworkServiceAssociationIdentifier: association.id,
          }),
        );
      },
    );
    if (!out) return;
    if (out.status) association.status = out.status;
    if (out.failureCode) association.failureCode = out.failureCode;
    if (out.failureMessage) association.failureMessage = out.failureMessage;
  }

  private toServiceAssociation(item: ServiceNetworkServiceAssociationSummary): ServiceAssociation {
    return compact({
      id: item.id ?? "",
      arn: item.arn ?? "",
      status: item.status ?? "UNKNOWN",
      serviceNetworkId: item.serviceNetworkId ?? "",
      serviceNetworkArn: item.serviceNetworkArn,
      serviceNetworkName: item.serviceNetworkName,
    });
  }

  private ensureNetwork(association: ServiceAssociation): void {
    const id = association.serviceNetworkId;
    if (this.networks.has(id)) return;
    // Networks shared through RAM are addressed by ARN.
    const identifier = association.serviceNetworkArn ?? id;
    const state: NetworkState = {
      id,
      vpcAssociations: [],
      resourceAssociations: [],
      vpcEndpointAssociations: [],
      read: Promise.resolve(),
      vpcRead: Promise.resolve(),
      resourceRead: Promise.resolve(),
      endpointRead: Promise.resolve(),
      policyRead: Promise.resolve(),
    };
    this.networks.set(id, state);
    state.read = this.readNetwork(state, identifier);
    state.vpcRead = this.readVpcAssociations(state, identifier);
    state.resourceRead = this.readResourceAssociations(state, identifier);
    state.endpointRead = this.readVpcEndpointAssociations(state, identifier);
    state.policyRead = this.readAuthPolicy(identifier, id);
    this.signals.addNetwork(id, identifier);
  }

  private async readNetwork(state: NetworkState, identifier: string): Promise<void> {
    const sn = await this.call(
      this.lat("service-networks", "serviceNetworks", "GetServiceNetwork", state.id),
      async () => {
        const { GetServiceNetworkCommand } = await this.sdk.lattice();
        return (await this.lattice()).send(
          new GetServiceNetworkCommand({ serviceNetworkIdentifier: identifier }),
        );
      },
    );
    if (!sn) return;
    state.network = compact({
      id: sn.id ?? state.id,
      arn: sn.arn ?? "",
      name: sn.name ?? "",
      authType: sn.authType ?? "UNKNOWN",
      sharingConfig: sn.sharingConfig ? compact({ enabled: sn.sharingConfig.enabled }) : undefined,
      ownerAccountId: accountOfArn(sn.arn ?? (identifier.startsWith("arn:") ? identifier : undefined)),
      numberOfAssociatedVPCs: sn.numberOfAssociatedVPCs,
      numberOfAssociatedServices: sn.numberOfAssociatedServices,
    });
  }

  private async readVpcAssociations(state: NetworkState, identifier: string): Promise<void> {
    const reads: Promise<void>[] = [];
    const associations: VpcAssociation[] = [];
    await this.call(
      this.lat("vpc-associations", "vpcAssociations", "ListServiceNetworkVpcAssociations", state.id),
      async () => {
        const { paginateListServiceNetworkVpcAssociations } = await this.sdk.lattice();
        const pages = paginateListServiceNetworkVpcAssociations(
          { client: await this.lattice(), pageSize: LATTICE_PAGE_SIZE },
          { serviceNetworkIdentifier: identifier },
        );
        for await (const page of pages) {
          for (const item of page.items ?? []) {
            const association = this.toVpcAssociation(item, state.id);
            associations.push(association);
            reads.push(this.readVpcAssociation(association));
          }
        }
      },
    );
    state.vpcAssociations = associations;
    await Promise.all(reads);
  }

  private async readResourceAssociations(state: NetworkState, identifier: string): Promise<void> {
    const spec = this.lat(
      "resource-associations",
      "resourceAssociations",
      "ListServiceNetworkResourceAssociations",
      state.id,
    );
    const associations = await this.call(spec, async () => {
      const out: ResourceAssociation[] = [];
      const { paginateListServiceNetworkResourceAssociations } = await this.sdk.lattice();
      const pages = paginateListServiceNetworkResourceAssociations(
        { client: await this.lattice(), pageSize: LATTICE_PAGE_SIZE },
        { serviceNetworkIdentifier: identifier },
      );
      for await (const page of pages) {
        for (const item of page.items ?? []) out.push(toResourceAssociation(item, state.id));
      }
      return out;
    });
    if (associations) state.resourceAssociations = associations;
  }

  private async readVpcEndpointAssociations(state: NetworkState, identifier: string): Promise<void> {
    const spec = this.lat(
      "vpc-endpoint-associations",
      "vpcEndpointAssociations",
      "ListServiceNetworkVpcEndpointAssociations",
      state.id,
    );
    const associations = await this.call(spec, async () => {
      const out: VpcEndpointAssociation[] = [];
      const { paginateListServiceNetworkVpcEndpointAssociations } = await this.sdk.lattice();
      const pages = paginateListServiceNetworkVpcEndpointAssociations(
        { client: await this.lattice(), pageSize: LATTICE_PAGE_SIZE },
        { serviceNetworkIdentifier: identifier },
      );
      for await (const page of pages) {
        for (const item of page.items ?? []) {
          if (item.vpcEndpointId) out.push(toVpcEndpointAssociation(item, state.id));
        }
      }
      return out;
    });
    if (associations) state.vpcEndpointAssociations = associations;
  }

  private toVpcAssociation(item: ServiceNetworkVpcAssociationSummary, networkId: string): VpcAssociation {
    return {
      id: item.id ?? "",
      arn: item.arn ?? "",
      status: item.status ?? "UNKNOWN",
      serviceNetworkId: item.serviceNetworkId ?? networkId,
      vpcId: item.vpcId ?? "",
    };
  }

  private async readVpcAssociation(association: VpcAssociation): Promise<void> {
    const out = await this.call(
      this.lat("vpc-associations", "vpcAssociations", "GetServiceNetworkVpcAssociation", association.id),
      async () => {
        const { GetServiceNetworkVpcAssociationCommand } = await this.sdk.lattice();
        return (await this.lattice()).send(
          new GetServiceNetworkVpcAssociationCommand({
            serviceNetworkVpcAssociationIdentifier: association.id,
          }),
        );
      },
    );
    if (!out) return;
    this.ensureSecurityGroups(withVpcAssociationDetail(association, out), "association");
  }

  // --- target subnets and their network ACLs ------------------------------------------------

  /** Notes the target subnets a lookup found: they are read once every target is known (readSubnetsOfTargets). */
  private ensureSubnets(subnetIds: string[]): void {
    for (const id of subnetIds) if (id) this.requestedSubnets.add(id);
  }

  /**
   * Every target subnet, in sorted batches, once all targets are looked up: the batches then depend
   * only on which subnets the targets are in, never on which lookup answered first, so a replay asks
   * exactly what its recording holds. (Read per lookup, two orders of answers batched differently.)
   */
  private async readSubnetsOfTargets(): Promise<void> {
    const ids = [...this.requestedSubnets].sort();
    await Promise.all(chunk(ids, FILTER_BATCH).map((batch) => this.readSubnets(batch)));
  }

  /**
   * DescribeSubnets (CIDRs, AZ) and DescribeNetworkAcls by `association.subnet-id` together: every
   * subnet is associated with exactly one ACL (its VPC's default unless another is), and that ACL's
   * Associations name it. Both belong to the `networkAcls` part.
   */
  private async readSubnets(subnetIds: string[]): Promise<void> {
    const resource = subnetIds.join(",");
    const wanted = new Set(subnetIds);
    await Promise.all([
      this.call(this.ec2Spec("network-acls", "networkAcls", "DescribeSubnets", resource), async () => {
        // SubnetIds, not a filter: these subnets hold live targets, so they exist. (No MaxResults
        // with explicit ids, as for DescribeInstances; the paginator still follows NextToken.)
        const { paginateDescribeSubnets } = await this.sdk.ec2();
        const pages = paginateDescribeSubnets({ client: await this.ec2() }, { SubnetIds: subnetIds });
        for await (const page of pages) {
          for (const subnet of page.Subnets ?? []) {
            if (subnet.SubnetId) this.subnets.set(subnet.SubnetId, toSubnet(subnet));
          }
        }
      }),
      this.call(this.ec2Spec("network-acls", "networkAcls", "DescribeNetworkAcls", resource), async () => {
        const { paginateDescribeNetworkAcls } = await this.sdk.ec2();
        const pages = paginateDescribeNetworkAcls(
          { client: await this.ec2(), pageSize: NETWORK_ACL_PAGE_SIZE },
          { Filters: [{ Name: "association.subnet-id", Values: subnetIds }] },
        );
        for await (const page of pages) {
          for (const acl of page.NetworkAcls ?? []) {
            if (!acl.NetworkAclId) continue;
            this.networkAcls.set(acl.NetworkAclId, toNetworkAcl(acl));
            for (const a of acl.Associations ?? []) {
              // An ACL's Associations list every subnet it has, not only the ones asked about.
              if (a.SubnetId && wanted.has(a.SubnetId)) this.aclOfSubnet.set(a.SubnetId, acl.NetworkAclId);
            }
          }
        }
      }),
    ]);
  }

  /**
   * Subnets with their ACL. A subnet DescribeSubnets could not describe (the failure is recorded)
   * but whose ACL is known still gets an entry with its id and ACL.
   */
  private assembleSubnets(): Record<string, Subnet> {
    const out = new Map<string, Subnet>();
    for (const id of this.requestedSubnets) {
      const subnet = this.subnets.get(id);
      const networkAclId = this.aclOfSubnet.get(id);
      if (subnet) out.set(id, compact({ ...subnet, networkAclId }));
      else if (networkAclId) out.set(id, { subnetId: id, networkAclId });
    }
    return sortedRecord(out);
  }

  // --- security groups -----------------------------------------------------------------------

  /** Notes the security groups a read named: they are read once every read of their kind is done. */
  private ensureSecurityGroups(groupIds: string[], of: "association" | "targets"): void {
    const into = of === "association" ? this.associationGroups : this.targetSecurityGroups;
    for (const id of groupIds) if (id) into.add(id);
  }

  /**
   * Security groups in sorted batches, read once the reads that name them are all done: the batches
   * then depend only on which groups there are, never on which read answered first, so a replay asks
   * exactly what its recording holds. The VPC associations' groups first (as soon as those are read),
   * then the targets' groups not among them.
   */
  private async readSecurityGroupsOf(ids: Iterable<string>, except?: Set<string>): Promise<void> {
    const wanted = [...ids].filter((id) => !except?.has(id)).sort();
    await Promise.all(chunk(wanted, FILTER_BATCH).map((batch) => this.readSecurityGroups(batch)));
  }

  /**
   * DescribeSecurityGroupRules (the rules) and DescribeSecurityGroups (name, VPC, owner) together.
   * When the rules call fails, the groups' IpPermissions stand in for it; only when both fail are
   * the groups unknown.
   */
  private async readSecurityGroups(groupIds: string[]): Promise<void> {
    const resource = groupIds.join(",");
    const rulesSpec = this.ec2Spec(
      "security-groups",
      "securityGroups",
      "DescribeSecurityGroupRules",
      resource,
    );
    const groupsSpec = this.ec2Spec("security-groups", "securityGroups", "DescribeSecurityGroups", resource);
    const filters = [{ Name: "group-id", Values: groupIds }];
    const [rules, groups] = await Promise.all([
      this.attempt(rulesSpec, async () => {
        const out: Ec2SecurityGroupRule[] = [];
        const { paginateDescribeSecurityGroupRules } = await this.sdk.ec2();
        const pages = paginateDescribeSecurityGroupRules(
          { client: await this.ec2(), pageSize: EC2_PAGE_SIZE },
          { Filters: filters },
        );
        for await (const page of pages) out.push(...(page.SecurityGroupRules ?? []));
        return out;
      }),
      this.attempt(groupsSpec, async () => {
        const out: Ec2SecurityGroup[] = [];
        const { paginateDescribeSecurityGroups } = await this.sdk.ec2();
        const pages = paginateDescribeSecurityGroups(
          { client: await this.ec2(), pageSize: EC2_PAGE_SIZE },
          { Filters: filters },
        );
        for await (const page of pages) out.push(...(page.SecurityGroups ?? []));
        return out;
      }),
    ]);
    const described = new Map(
      (groups.ok ? groups.value : []).filter((g) => g.GroupId).map((g) => [g.GroupId!, g]),
    );
    if (rules.ok) {
      const byGroup = new Map<string, SecurityGroupRule[]>();
      for (const r of rules.value) {
        const rule = fromEc2Rule(r);
        byGroup.set(rule.groupId, [...(byGroup.get(rule.groupId) ?? []), rule]);
      }
      for (const id of groupIds) {
        const g = described.get(id);
        this.securityGroups.set(
          id,
          compact({
            groupId: id,
            groupName: g?.GroupName,
            vpcId: g?.VpcId,
            ownerId: g?.OwnerId,
            rules: byGroup.get(id) ?? [],
          }),
        );
      }
      // A failed DescribeSecurityGroups alone loses only names: the rules are complete, so no failure.
      return;
    }
    if (groups.ok) {
      for (const g of described.values()) {
        const id = g.GroupId!;
        this.securityGroups.set(
          id,
          compact({
            groupId: id,
            groupName: g.GroupName,
            vpcId: g.VpcId,
            ownerId: g.OwnerId,
            rules: [
              ...rulesFromPermissions(id, g.IpPermissions ?? [], false),
              ...rulesFromPermissions(id, g.IpPermissionsEgress ?? [], true),
            ],
          }),
        );
      }
      return;
    }
    this.record(rulesSpec, rules.error);
    this.record(groupsSpec, groups.error);
  }
}

export const gather: Gather = (options: GatherOptions) => new GatherRun(options).run();
