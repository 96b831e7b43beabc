/**
 * A simulated AWS account: answers VPC Lattice, EC2 and STS read calls from a `Scenario` the way
 * the real APIs do, so the real `gather` (through `createClients({replayer: fakeAccount})`, i.e.
 * with the real read-only guard, call log and recorder in the path) can be run against it — to make
 * the committed recordings, for the benchmark and in tests.
 *
 * What "the way AWS does" covers here:
 * - identifiers are accepted as an id or as an ARN (`serviceIdentifier`, `listenerIdentifier` …);
 * - Lattice pages with `maxResults` (1–100, default 100) / `nextToken`; EC2 with `MaxResults` /
 *   `NextToken` (per-operation limits; all results when MaxResults is absent, like DescribeInstances
 *   without MaxResults); tokens are opaque strings, an unknown token is rejected;
 * - EC2 `Filters` (AND across filters, OR across a filter's values, `*` / `?` wildcards) with an
 *   error for a filter name the operation does not support, plus `InstanceIds`, `GroupIds`,
 *   `NetworkInterfaceIds`, `PrefixListIds`, `SecurityGroupRuleIds` (each with its EC2 not-found error);
 * - `ResourceNotFoundException` (404) for an unknown Lattice id, `ValidationException` for what the
 *   Lattice model rejects (missing required identifiers, out-of-range maxResults);
 * - per-call faults declared in the scenario (AccessDenied, throttling …), matched on service,
 *   operation and, optionally, input values (identifiers compare by id or ARN).
 *
 * Answers are JSON-plain copies (timestamps as ISO strings) — exactly what a Replayer returns from a
 * recording, so a live run against the fake and a replay of its recording see the same values.
 * Errors are `ReplayedServiceError`s, shaped like the SDK's ServiceException.
 */
import type {
  AccessLogSubscriptionSummary,
  GetAuthPolicyResponse,
  GetListenerResponse,
  GetRuleResponse,
  GetServiceNetworkResponse,
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
  IpPermission,
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
import { ReplayedServiceError, type CallAnswerer, type RecordedError } from "../src/aws/recording.js";
import { RamError, answerRam, isRamRead, type RamData } from "./fake-ram.js";
import { FakeAccessLogs, type FakeLogsData } from "./fake-logs.js";

// ---------------------------------------------------------------------------------------------
// The scenario: plain data in API response shapes

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
  service: "vpc-lattice" | "ec2" | "sts" | "cloudwatch" | "iam" | "ram";
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
  /** AWS RAM as this account sees it (fake-ram.ts); absent → no share, no invitation. */
  ram?: RamData;
  /** What the access logs' destinations hold (fake-logs.ts); absent → every log group and bucket empty. */
  accessLogData?: FakeLogsData;
  faults?: Fault[];
}

export interface FakeAccountOptions {
  /** Caps every page at this many items (forces multi-page answers); requests may ask for fewer. */
  pageSize?: number;
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

// ---------------------------------------------------------------------------------------------
// Helpers

type Input = Record<string, unknown>;
type Output = Record<string, unknown>;
type Handler = (input: Input) => Output;

/** JSON-plain copy: Dates → ISO strings, undefined dropped, nothing shared with the scenario. */
/** JSON with object keys sorted: the same request gives the same page token however it was serialised. */
function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v as object)
              .sort()
              .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sort(value));
}

function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function fail(name: string, httpStatusCode: number, message: string): never {
  throw new ReplayedServiceError({
    name,
    message,
    httpStatusCode,
    fault: httpStatusCode >= 500 ? "server" : "client",
  });
}

/** The last path segment of an ARN (`…/listener/listener-…` → `listener-…`), or the value itself. */
export function lastSegment(identifier: string): string {
  if (!identifier.startsWith("arn:")) return identifier;
  const resource = identifier.split(":").slice(5).join(":");
  return resource.split("/").pop() ?? identifier;
}

function sameIdentifier(a: string, b: string): boolean {
  return a === b || lastSegment(a) === lastSegment(b);
}

/** Canonical IPv6 text (`fd00:0ec2:0080::1` = `fd00:ec2:80::1`); IPv4 unchanged. */
function canonicalIp(ip: string): string {
  if (!ip.includes(":")) return ip;
  try {
    return new URL(`http://[${ip}]/`).hostname.replace(/^\[|\]$/g, "");
  } catch {
    return ip.toLowerCase();
  }
}

function str(input: Input, key: string): string | undefined {
  const v = input[key];
  return typeof v === "string" ? v : undefined;
}

function strings(input: Input, key: string): string[] | undefined {
  const v = input[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : undefined;
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`);
}

interface Filter {
  Name?: string;
  Values?: string[];
}

type Extractor<T> = (item: T) => (string | undefined)[];

// ---------------------------------------------------------------------------------------------
// The account

const LATTICE_DEFAULT_PAGE = 100;

/** EC2 MaxResults ranges per operation (API reference). */
const EC2_MAX_RESULTS: Record<string, [number, number]> = {
  DescribeInstances: [5, 1000],
  DescribeNetworkInterfaces: [5, 1000],
  DescribeSecurityGroups: [5, 1000],
  DescribeSecurityGroupRules: [5, 1000],
  DescribeSubnets: [5, 1000],
  DescribeNetworkAcls: [5, 100],
  DescribeManagedPrefixLists: [1, 100],
  GetManagedPrefixListEntries: [1, 100],
};

export class FakeAccount implements CallAnswerer {
  private logs: FakeAccessLogs | undefined;
  /** Every call answered or failed, in arrival order. */
  readonly calls: FakeCall[] = [];
  /** Operations the fake does not implement (they fail as UnknownOperationException). */
  readonly unsupported: string[] = [];
  private readonly faultUses = new Map<Fault, number>();
  private readonly handlers: Record<string, Handler>;

  constructor(
    readonly scenario: Scenario,
    private readonly options: FakeAccountOptions = {},
  ) {
    this.handlers = {
      "vpc-lattice:GetService": (i) => this.getService(i),
      "vpc-lattice:ListServices": (i) => this.listServices(i),
      "vpc-lattice:ListListeners": (i) => this.listListeners(i),
      "vpc-lattice:GetListener": (i) => this.getListener(i),
      "vpc-lattice:ListRules": (i) => this.listRules(i),
      "vpc-lattice:GetRule": (i) => this.getRule(i),
      "vpc-lattice:ListTargetGroups": (i) => this.listTargetGroups(i),
      "vpc-lattice:GetTargetGroup": (i) => this.getTargetGroup(i),
      "vpc-lattice:ListTargets": (i) => this.listTargets(i),
      "vpc-lattice:ListServiceNetworks": (i) => this.listServiceNetworks(i),
      "vpc-lattice:GetServiceNetwork": (i) => this.getServiceNetwork(i),
      "vpc-lattice:ListServiceNetworkServiceAssociations": (i) => this.listServiceAssociations(i),
      "vpc-lattice:GetServiceNetworkServiceAssociation": (i) => this.getServiceAssociation(i),
      "vpc-lattice:ListServiceNetworkVpcAssociations": (i) => this.listVpcAssociations(i),
      "vpc-lattice:GetServiceNetworkVpcAssociation": (i) => this.getVpcAssociation(i),
      "vpc-lattice:ListServiceNetworkResourceAssociations": (i) => this.listResourceAssociations(i),
      "vpc-lattice:ListServiceNetworkVpcEndpointAssociations": (i) => this.listEndpointAssociations(i),
      "vpc-lattice:GetAuthPolicy": (i) => this.getAuthPolicy(i),
      "vpc-lattice:ListAccessLogSubscriptions": (i) => this.listAccessLogSubscriptions(i),
      "ec2:DescribeInstances": (i) => this.describeInstances(i),
      "ec2:DescribeNetworkInterfaces": (i) => this.describeNetworkInterfaces(i),
      "ec2:DescribeSecurityGroups": (i) => this.describeSecurityGroups(i),
      "ec2:DescribeSecurityGroupRules": (i) => this.describeSecurityGroupRules(i),
      "ec2:DescribeSubnets": (i) => this.describeSubnets(i),
      "ec2:DescribeNetworkAcls": (i) => this.describeNetworkAcls(i),
      "ec2:DescribeManagedPrefixLists": (i) => this.describeManagedPrefixLists(i),
      "ec2:GetManagedPrefixListEntries": (i) => this.getManagedPrefixListEntries(i),
      "sts:GetCallerIdentity": () => plain(this.scenario.caller) as Output,
      "cloudwatch:ListMetrics": (i) => this.listMetrics(i),
      "cloudwatch:DescribeAlarms": (i) => this.describeAlarms(i),
      "cloudwatch:DescribeAlarmsForMetric": (i) => this.describeAlarmsForMetric(i),
      "cloudwatch:GetMetricData": (i) => this.getMetricData(i),
      "iam:SimulatePrincipalPolicy": (i) => this.simulatePrincipalPolicy(i),
    };
  }

  /** Calls made, optionally only of one service and/or operation. */
  count(service?: string, operation?: string): number {
    return this.calls.filter(
      (c) => (!service || c.service === service) && (!operation || c.operation === operation),
    ).length;
  }

  async answer(service: string, operation: string, input: unknown): Promise<Record<string, unknown>> {
    if (this.options.delayMs) await new Promise((resolve) => setTimeout(resolve, this.options.delayMs));
    const args = (input && typeof input === "object" ? plain(input) : {}) as Input;
    const call: FakeCall = { service, operation, input: args };
    this.calls.push(call);
    try {
      this.injectFault(service, operation, args);
      if (service === "ram" && isRamRead(operation)) {
        try {
          return {
            ...plain(answerRam(this.scenario.ram ?? {}, operation, args, this.options.pageSize)),
            $metadata: {},
          };
        } catch (error) {
          if (error instanceof RamError) fail(error.name, 400, error.message);
          throw error;
        }
      }
      if (service === "logs" || service === "s3") {
        this.logs ??= new FakeAccessLogs(this.scenario.accessLogData ?? {}, undefined, {
          emptyByDefault: true,
        });
        return { ...(await this.logs.answer(service, operation, args)), $metadata: {} };
      }
      const handler = this.handlers[`${service}:${operation}`];
      if (!handler) {
        this.unsupported.push(`${service}:${operation}`);
        fail("UnknownOperationException", 400, `FakeAccount does not implement ${service}:${operation}`);
      }
      return { ...plain(handler(args)), $metadata: {} };
    } catch (error) {
      call.error = (error as Error).name;
      throw error;
    }
  }

  private injectFault(service: string, operation: string, input: Input): void {
    for (const fault of this.scenario.faults ?? []) {
      if (fault.service !== service || fault.operation !== operation) continue;
      if (!this.faultMatches(fault, input)) continue;
      const used = this.faultUses.get(fault) ?? 0;
      if (fault.times !== undefined && used >= fault.times) continue;
      this.faultUses.set(fault, used + 1);
      throw new ReplayedServiceError({
        fault: (fault.error.httpStatusCode ?? 400) >= 500 ? "server" : "client",
        ...fault.error,
      });
    }
  }

  private faultMatches(fault: Fault, input: Input): boolean {
    for (const [key, expected] of Object.entries(fault.match ?? {})) {
      const actual = input[key];
      if (typeof expected === "string") {
        if (typeof actual !== "string" || !sameIdentifier(actual, expected)) return false;
      } else if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        return false;
      }
    }
    return true;
  }

  // --- paging --------------------------------------------------------------------------------

  private pageToken(scope: string, offset: number): string {
    return Buffer.from(`${scope}|${offset}`).toString("base64url");
  }

  private pageOffset(scope: string, token: string | undefined, onInvalid: () => never): number {
    if (token === undefined) return 0;
    const [tokenScope, offset] = Buffer.from(token, "base64url").toString().split("|");
    const n = Number(offset);
    if (tokenScope !== scope || !Number.isInteger(n) || n < 0) onInvalid();
    return n;
  }

  /** One page of a Lattice list: `{items, nextToken?}`. */
  private latticePage<T>(operation: string, input: Input, items: T[]): Output {
    const maxResults = input.maxResults;
    if (maxResults !== undefined && (typeof maxResults !== "number" || maxResults < 1 || maxResults > 100)) {
      fail(
        "ValidationException",
        400,
        `1 validation error detected: Value '${String(maxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100`,
      );
    }
    const { nextToken: _t, maxResults: _m, ...query } = input;
    const scope = `${operation}:${JSON.stringify(query)}`;
    const offset = this.pageOffset(scope, str(input, "nextToken"), () =>
      fail("ValidationException", 400, "Invalid pagination token"),
    );
    const size = Math.min(
      (maxResults as number | undefined) ?? LATTICE_DEFAULT_PAGE,
      this.options.pageSize ?? Infinity,
    );
    const page = items.slice(offset, offset + size);
    const next = offset + size < items.length ? this.pageToken(scope, offset + size) : undefined;
    return next === undefined ? { items: page } : { items: page, nextToken: next };
  }

  /** One page of an EC2 list: `{[key]: items, NextToken?}`. */
  private ec2Page<T>(operation: string, input: Input, items: T[], key: string): { page: T[]; out: Output } {
    const maxResults = input.MaxResults;
    const [min, max] = EC2_MAX_RESULTS[operation] ?? [1, 1000];
    if (maxResults !== undefined) {
      if (typeof maxResults !== "number" || maxResults < min || maxResults > max) {
        fail(
          "InvalidParameterValue",
          400,
          `Value (${String(maxResults)}) for parameter maxResults is invalid. Expecting a value between ${min} and ${max}.`,
        );
      }
    }
    const { NextToken: _t, MaxResults: _m, ...query } = input;
    const scope = `${operation}:${JSON.stringify(query)}`;
    const offset = this.pageOffset(scope, str(input, "NextToken"), () =>
      fail("InvalidNextToken", 400, "The specified token is invalid or expired."),
    );
    const size = Math.min((maxResults as number | undefined) ?? Infinity, this.options.pageSize ?? Infinity);
    const page = items.slice(offset, offset + size);
    const next = offset + size < items.length ? this.pageToken(scope, offset + size) : undefined;
    return { page, out: next === undefined ? { [key]: page } : { [key]: page, NextToken: next } };
  }

  private ec2Filter<T>(items: T[], input: Input, extractors: Record<string, Extractor<T>>): T[] {
    const filters = (Array.isArray(input.Filters) ? input.Filters : []) as Filter[];
    for (const f of filters) {
      if (!f.Name || !extractors[f.Name]) {
        fail("InvalidParameterValue", 400, `The filter '${f.Name ?? ""}' is invalid`);
      }
    }
    return items.filter((item) =>
      filters.every((f) => {
        const values = (extractors[f.Name!]!(item).filter((v) => v !== undefined) as string[]).map(
          canonicalIp,
        );
        return (f.Values ?? []).some((wanted) => {
          const w = canonicalIp(wanted);
          return /[*?]/.test(w) ? values.some((v) => wildcard(w).test(v)) : values.includes(w);
        });
      }),
    );
  }

  // --- VPC Lattice -----------------------------------------------------------------------------

  private required(input: Input, key: string): string {
    const value = str(input, key);
    if (!value) {
      fail(
        "ValidationException",
        400,
        `1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null`,
      );
    }
    return value;
  }

  private notFound(type: string, identifier: string): never {
    fail("ResourceNotFoundException", 404, `The specified ${type} ${identifier} does not exist.`);
  }

  private findService(input: Input): ScenarioService {
    const id = this.required(input, "serviceIdentifier");
    const found = this.scenario.services.find((s) => s.service.id === id || s.service.arn === id);
    return found ?? this.notFound("service", id);
  }

  private findListener(input: Input): ScenarioListener {
    const service = this.findService(input);
    const id = this.required(input, "listenerIdentifier");
    const found = service.listeners.find((l) => l.listener.id === id || l.listener.arn === id);
    return found ?? this.notFound("listener", id);
  }

  private getService(input: Input): Output {
    return this.findService(input).service as Output;
  }

  private listServices(input: Input): Output {
    const items = this.scenario.services.map(({ service: s }) => ({
      id: s.id,
      arn: s.arn,
      name: s.name,
      status: s.status,
      customDomainName: s.customDomainName,
      dnsEntry: s.dnsEntry,
      createdAt: s.createdAt,
      lastUpdatedAt: s.lastUpdatedAt,
    }));
    return this.latticePage("ListServices", input, items);
  }

  private listListeners(input: Input): Output {
    const items = this.findService(input).listeners.map(({ listener: l }) => ({
      id: l.id,
      arn: l.arn,
      name: l.name,
      protocol: l.protocol,
      port: l.port,
      createdAt: l.createdAt,
      lastUpdatedAt: l.lastUpdatedAt,
    }));
    return this.latticePage("ListListeners", input, items);
  }

  private getListener(input: Input): Output {
    return this.findListener(input).listener as Output;
  }

  private listRules(input: Input): Output {
    const items = this.findListener(input).rules.map((r) => ({
      id: r.id,
      arn: r.arn,
      name: r.name,
      isDefault: r.isDefault,
      priority: r.priority,
      createdAt: r.createdAt,
      lastUpdatedAt: r.lastUpdatedAt,
    }));
    return this.latticePage("ListRules", input, items);
  }

  private getRule(input: Input): Output {
    const listener = this.findListener(input);
    const id = this.required(input, "ruleIdentifier");
    const rule = listener.rules.find((r) => r.id === id || r.arn === id);
    return (rule ?? this.notFound("rule", id)) as Output;
  }

  private findTargetGroup(input: Input): ScenarioTargetGroup {
    const id = this.required(input, "targetGroupIdentifier");
    const found = this.scenario.targetGroups.find((t) => t.targetGroup.id === id || t.targetGroup.arn === id);
    return found ?? this.notFound("target group", id);
  }

  private listTargetGroups(input: Input): Output {
    const vpc = str(input, "vpcIdentifier");
    const type = str(input, "targetGroupType");
    const items = this.scenario.targetGroups
      .map((t) => t.targetGroup)
      .filter((t) => (!vpc || t.config?.vpcIdentifier === vpc) && (!type || t.type === type))
      .map((t) => ({
        id: t.id,
        arn: t.arn,
        name: t.name,
        type: t.type,
        status: t.status,
        port: t.config?.port,
        protocol: t.config?.protocol,
        ipAddressType: t.config?.ipAddressType,
        vpcIdentifier: t.config?.vpcIdentifier,
        serviceArns: t.serviceArns,
        createdAt: t.createdAt,
        lastUpdatedAt: t.lastUpdatedAt,
      }));
    return this.latticePage("ListTargetGroups", input, items);
  }

  private getTargetGroup(input: Input): Output {
    return this.findTargetGroup(input).targetGroup as Output;
  }

  private listTargets(input: Input): Output {
    const tg = this.findTargetGroup(input);
    const wanted = Array.isArray(input.targets) ? (input.targets as { id?: string; port?: number }[]) : [];
    const targets = wanted.length
      ? tg.targets.filter((t) =>
          wanted.some((w) => w.id === t.id && (w.port === undefined || w.port === t.port)),
        )
      : tg.targets;
    return this.latticePage("ListTargets", input, targets);
  }

  private findNetwork(identifier: string): ScenarioServiceNetwork {
    const found = this.scenario.serviceNetworks.find(
      (n) => n.serviceNetwork.id === identifier || n.serviceNetwork.arn === identifier,
    );
    return found ?? this.notFound("service network", identifier);
  }

  private listServiceNetworks(input: Input): Output {
    const items = this.scenario.serviceNetworks.map(({ serviceNetwork: n }) => ({
      id: n.id,
      arn: n.arn,
      name: n.name,
      numberOfAssociatedVPCs: n.numberOfAssociatedVPCs,
      numberOfAssociatedServices: n.numberOfAssociatedServices,
      createdAt: n.createdAt,
      lastUpdatedAt: n.lastUpdatedAt,
    }));
    return this.latticePage("ListServiceNetworks", input, items);
  }

  private getServiceNetwork(input: Input): Output {
    return this.findNetwork(this.required(input, "serviceNetworkIdentifier")).serviceNetwork as Output;
  }

  private listServiceAssociations(input: Input): Output {
    const network = str(input, "serviceNetworkIdentifier");
    const service = str(input, "serviceIdentifier");
    if (!network && !service) {
      fail(
        "ValidationException",
        400,
        "Either serviceNetworkIdentifier or serviceIdentifier must be specified.",
      );
    }
    const networkId = network ? this.findNetwork(network).serviceNetwork.id : undefined;
    const serviceId = service ? this.findService({ serviceIdentifier: service }).service.id : undefined;
    const items = this.scenario.serviceAssociations.filter(
      (a) => (!networkId || a.serviceNetworkId === networkId) && (!serviceId || a.serviceId === serviceId),
    );
    return this.latticePage("ListServiceNetworkServiceAssociations", input, items);
  }

  private getServiceAssociation(input: Input): Output {
    const id = this.required(input, "serviceNetworkServiceAssociationIdentifier");
    const found = this.scenario.serviceAssociations.find((a) => a.id === id || a.arn === id);
    return (found ?? this.notFound("service network service association", id)) as Output;
  }

  private listVpcAssociations(input: Input): Output {
    const network = str(input, "serviceNetworkIdentifier");
    const vpc = str(input, "vpcIdentifier");
    if (!network && !vpc) {
      fail("ValidationException", 400, "Either serviceNetworkIdentifier or vpcIdentifier must be specified.");
    }
    if (vpc && !/^vpc-[0-9a-f]{8,17}$/.test(vpc)) {
      fail("ValidationException", 400, `Invalid vpcIdentifier: ${vpc}`);
    }
    const networks = network ? [this.findNetwork(network)] : this.scenario.serviceNetworks;
    const items = networks
      .flatMap((n) => n.vpcAssociations)
      .filter((a) => !vpc || a.vpcId === vpc)
      .map((a) => ({
        id: a.id,
        arn: a.arn,
        status: a.status,
        createdBy: a.createdBy,
        createdAt: a.createdAt,
        lastUpdatedAt: a.lastUpdatedAt,
        serviceNetworkId: a.serviceNetworkId,
        serviceNetworkName: a.serviceNetworkName,
        serviceNetworkArn: a.serviceNetworkArn,
        vpcId: a.vpcId,
        privateDnsEnabled: a.privateDnsEnabled,
        dnsOptions: a.dnsOptions,
      }));
    return this.latticePage("ListServiceNetworkVpcAssociations", input, items);
  }

  private getVpcAssociation(input: Input): Output {
    const id = this.required(input, "serviceNetworkVpcAssociationIdentifier");
    const found = this.scenario.serviceNetworks
      .flatMap((n) => n.vpcAssociations)
      .find((a) => a.id === id || a.arn === id);
    return (found ?? this.notFound("service network VPC association", id)) as Output;
  }

  private listResourceAssociations(input: Input): Output {
    const network = str(input, "serviceNetworkIdentifier");
    const config = str(input, "resourceConfigurationIdentifier");
    if (!network && !config) {
      fail(
        "ValidationException",
        400,
        "Either serviceNetworkIdentifier or resourceConfigurationIdentifier must be specified.",
      );
    }
    const networks = network ? [this.findNetwork(network)] : this.scenario.serviceNetworks;
    const items = networks
      .flatMap((n) => n.resourceAssociations ?? [])
      .filter(
        (a) => !config || a.resourceConfigurationId === config || a.resourceConfigurationArn === config,
      );
    return this.latticePage("ListServiceNetworkResourceAssociations", input, items);
  }

  private listEndpointAssociations(input: Input): Output {
    const network = this.findNetwork(this.required(input, "serviceNetworkIdentifier"));
    return this.latticePage(
      "ListServiceNetworkVpcEndpointAssociations",
      input,
      network.vpcEndpointAssociations ?? [],
    );
  }

  /** The `svc-…` / `sn-…` id of an existing service or network named by id or ARN, or not found. */
  private policyResourceId(identifier: string): string {
    const service = this.scenario.services.find(
      (s) => s.service.id === identifier || s.service.arn === identifier,
    );
    if (service?.service.id) return service.service.id;
    const network = this.scenario.serviceNetworks.find(
      (n) => n.serviceNetwork.id === identifier || n.serviceNetwork.arn === identifier,
    );
    if (network?.serviceNetwork.id) return network.serviceNetwork.id;
    return this.notFound("resource", identifier);
  }

  private getAuthPolicy(input: Input): Output {
    const identifier = this.required(input, "resourceIdentifier");
    const id = this.policyResourceId(identifier);
    const policy = this.scenario.authPolicies[id];
    if (!policy) fail("ResourceNotFoundException", 404, `No auth policy found for resource ${identifier}.`);
    return policy as Output;
  }

  private listAccessLogSubscriptions(input: Input): Output {
    const identifier = this.required(input, "resourceIdentifier");
    const id = this.policyResourceId(identifier);
    return this.latticePage(
      "ListAccessLogSubscriptions",
      input,
      this.scenario.accessLogSubscriptions?.[id] ?? [],
    );
  }

  // --- CloudWatch ------------------------------------------------------------------------------

  private cwPage<T>(operation: string, input: Input, items: T[], key: string, max: number): Output {
    const { NextToken: _t, MaxRecords: _m, ...query } = input;
    const scope = `${operation}:${stableJson(query)}`;
    const offset = this.pageOffset(scope, str(input, "NextToken"), () =>
      fail("InvalidNextToken", 400, "The service returned an invalid next token."),
    );
    const requested = typeof input.MaxRecords === "number" ? input.MaxRecords : max;
    if (requested < 1 || requested > max)
      fail("InvalidParameterValue", 400, `The parameter MaxRecords must be between 1 and ${max}.`);
    const size = Math.min(requested, this.options.pageSize ?? Infinity);
    const page = items.slice(offset, offset + size);
    const next = offset + size < items.length ? this.pageToken(scope, offset + size) : undefined;
    return next === undefined ? { [key]: page } : { [key]: page, NextToken: next };
  }

  private cwMetrics(): ScenarioMetric[] {
    return this.scenario.cloudwatch?.metrics ?? [];
  }

  /** ListMetrics: Namespace, MetricName and dimension filters (name, optional value); pages of 500. */
  private listMetrics(input: Input): Output {
    const namespace = str(input, "Namespace");
    const name = str(input, "MetricName");
    const filters = (Array.isArray(input.Dimensions) ? input.Dimensions : []) as {
      Name?: string;
      Value?: string;
    }[];
    if (filters.length > 10)
      fail("InvalidParameterValue", 400, "The collection Dimensions must not have more than 10 members.");
    const items = this.cwMetrics()
      .filter((m) => !namespace || (m.Namespace ?? "AWS/VpcLattice") === namespace)
      .filter((m) => !name || m.MetricName === name)
      .filter((m) =>
        filters.every((f) =>
          m.Dimensions.some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value)),
        ),
      )
      .map((m) => ({
        Namespace: m.Namespace ?? "AWS/VpcLattice",
        MetricName: m.MetricName,
        Dimensions: m.Dimensions,
      }));
    return this.cwPage("ListMetrics", { ...input, MaxRecords: undefined }, items, "Metrics", 500);
  }

  private describeAlarms(input: Input): Output {
    const types = strings(input, "AlarmTypes");
    const names = strings(input, "AlarmNames");
    const state = str(input, "StateValue");
    const metricAlarms = (this.scenario.cloudwatch?.alarms ?? []).filter(
      (a) => (!names?.length || names.includes(a.AlarmName ?? "")) && (!state || a.StateValue === state),
    );
    // Without AlarmTypes only metric alarms are returned.
    const wantsMetric = !types?.length || types.includes("MetricAlarm");
    const out = this.cwPage("DescribeAlarms", input, wantsMetric ? metricAlarms : [], "MetricAlarms", 100);
    return types?.includes("CompositeAlarm") ? { ...out, CompositeAlarms: [] } : out;
  }

  private describeAlarmsForMetric(input: Input): Output {
    const namespace = str(input, "Namespace");
    const name = str(input, "MetricName");
    if (!namespace || !name) fail("ValidationError", 400, "Namespace and MetricName are required.");
    const dims = (Array.isArray(input.Dimensions) ? input.Dimensions : []) as {
      Name?: string;
      Value?: string;
    }[];
    const key = (ds: { Name?: string; Value?: string }[]) =>
      ds
        .map((d) => `${d.Name}=${d.Value}`)
        .sort()
        .join(",");
    const alarms = (this.scenario.cloudwatch?.alarms ?? []).filter(
      (a) => a.Namespace === namespace && a.MetricName === name && key(a.Dimensions ?? []) === key(dims),
    );
    return { MetricAlarms: alarms };
  }

  /**
   * GetMetricData: MetricStat queries answered from `recent` (per minute, relative to EndTime),
   * `SUM([a,b])` expressions over other queries; results of ReturnData queries only, in request
   * order, timestamps ascending or descending as ScanBy says; at most 500 queries.
   */
  private getMetricData(input: Input): Output {
    const queries = (Array.isArray(input.MetricDataQueries) ? input.MetricDataQueries : []) as {
      Id?: string;
      MetricStat?: { Metric?: ScenarioMetric; Period?: number; Stat?: string };
      Expression?: string;
      ReturnData?: boolean;
      Label?: string;
    }[];
    if (queries.length === 0 || queries.length > 500)
      fail("ValidationError", 400, "The collection MetricDataQueries must have between 1 and 500 members.");
    const start = Date.parse(String(input.StartTime));
    const end = Date.parse(String(input.EndTime));
    if (!(start < end))
      fail("ValidationError", 400, "The parameter StartTime must be less than the parameter EndTime.");
    const ids = queries.map((q) => q.Id ?? "");
    if (ids.some((id) => !/^[a-z][a-zA-Z0-9_]*$/.test(id)) || new Set(ids).size !== ids.length)
      fail("ValidationError", 400, "Query ids must be unique and start with a lowercase letter.");
    const series = new Map<string, Map<number, number>>();
    const sameDims = (a: { Name?: string; Value?: string }[], b: { Name?: string; Value?: string }[]) =>
      a.length === b.length && a.every((d) => b.some((e) => e.Name === d.Name && e.Value === d.Value));
    for (const q of queries) {
      const points = new Map<number, number>();
      if (q.MetricStat?.Metric) {
        const wanted = q.MetricStat.Metric;
        const metric = this.cwMetrics().find(
          (m) =>
            (m.Namespace ?? "AWS/VpcLattice") === (wanted.Namespace ?? "") &&
            m.MetricName === wanted.MetricName &&
            sameDims(m.Dimensions, wanted.Dimensions ?? []),
        );
        const recent = metric?.recent ?? [];
        recent.forEach((v, i) => {
          const t = end - (recent.length - i) * 60_000;
          if (v !== null && t >= start) points.set(t, v);
        });
      }
      series.set(q.Id!, points);
    }
    for (const q of queries) {
      if (!q.Expression) continue;
      const m = /^SUM\(\[([a-zA-Z0-9_,\s]+)\]\)$/.exec(q.Expression.trim());
      if (!m) fail("ValidationError", 400, `FakeAccount cannot evaluate the expression ${q.Expression}`);
      const sum = new Map<number, number>();
      for (const ref of m[1]!.split(",").map((x) => x.trim())) {
        for (const [t, v] of series.get(ref) ?? []) sum.set(t, (sum.get(t) ?? 0) + v);
      }
      series.set(q.Id!, sum);
    }
    const descending = input.ScanBy !== "TimestampAscending";
    const results = queries
      .filter((q) => q.ReturnData !== false)
      .map((q) => {
        const points = [...(series.get(q.Id!) ?? new Map<number, number>())].sort((a, b) =>
          descending ? b[0] - a[0] : a[0] - b[0],
        );
        return {
          Id: q.Id,
          Label: q.Label ?? q.MetricStat?.Metric?.MetricName ?? q.Id,
          Timestamps: points.map(([t]) => new Date(t).toISOString()),
          Values: points.map(([, v]) => v),
          StatusCode: "Complete",
        };
      });
    // Pages of at most `pageSize` results (NextToken), so callers must follow them.
    const { NextToken: _t, ...query } = input;
    const scope = `GetMetricData:${stableJson(query)}`;
    const offset = this.pageOffset(scope, str(input, "NextToken"), () =>
      fail("InvalidNextToken", 400, "The service returned an invalid next token."),
    );
    const size = this.options.pageSize ?? Infinity;
    const page = results.slice(offset, offset + size);
    const next = offset + size < results.length ? this.pageToken(scope, offset + size) : undefined;
    return { MetricDataResults: page, Messages: [], ...(next ? { NextToken: next } : {}) };
  }

  // --- EC2 -------------------------------------------------------------------------------------

  private checkIds(
    ids: string[] | undefined,
    known: Set<string | undefined>,
    code: string,
    what: string,
  ): void {
    const missing = (ids ?? []).filter((id) => !known.has(id));
    if (missing.length === 1) fail(code, 400, `The ${what} '${missing[0]}' does not exist`);
    if (missing.length > 1) fail(code, 400, `The ${what}s '${missing.join(", ")}' do not exist`);
  }

  private describeInstances(input: Input): Output {
    const ids = strings(input, "InstanceIds");
    const all = this.scenario.instances;
    this.checkIds(ids, new Set(all.map((i) => i.InstanceId)), "InvalidInstanceID.NotFound", "instance ID");
    if (ids?.length && input.MaxResults !== undefined) {
      fail(
        "InvalidParameterCombination",
        400,
        "The parameter instancesSet cannot be used with the parameter maxResults",
      );
    }
    const chosen = ids?.length ? all.filter((i) => ids.includes(i.InstanceId!)) : all;
    const filtered = this.ec2Filter(chosen, input, {
      "instance-id": (i) => [i.InstanceId],
      "vpc-id": (i) => [i.VpcId],
      "subnet-id": (i) => [i.SubnetId],
      "private-ip-address": (i) => [i.PrivateIpAddress],
      "instance-state-name": (i) => [i.State?.Name],
      "instance.group-id": (i) => (i.SecurityGroups ?? []).map((g) => g.GroupId),
      "network-interface.network-interface-id": (i) =>
        (i.NetworkInterfaces ?? []).map((n) => n.NetworkInterfaceId),
      "network-interface.addresses.private-ip-address": (i) =>
        (i.NetworkInterfaces ?? []).flatMap((n) =>
          (n.PrivateIpAddresses ?? []).map((a) => a.PrivateIpAddress),
        ),
    });
    const { page, out } = this.ec2Page("DescribeInstances", input, filtered, "Reservations");
    // Consecutive instances of one reservation share a Reservation, as EC2 returns them.
    const reservations: Output[] = [];
    for (const { reservationId, ...instance } of page) {
      const id = reservationId ?? `r-${(instance.InstanceId ?? "").slice(2)}`;
      const last = reservations[reservations.length - 1];
      if (last && last.ReservationId === id) (last.Instances as Instance[]).push(instance);
      else
        reservations.push({
          ReservationId: id,
          OwnerId: this.scenario.caller.Account,
          Groups: [],
          Instances: [instance],
        });
    }
    return { ...out, Reservations: reservations };
  }

  private describeNetworkInterfaces(input: Input): Output {
    const ids = strings(input, "NetworkInterfaceIds");
    const all = this.scenario.networkInterfaces;
    this.checkIds(
      ids,
      new Set(all.map((n) => n.NetworkInterfaceId)),
      "InvalidNetworkInterfaceID.NotFound",
      "networkInterface ID",
    );
    const chosen = ids?.length ? all.filter((n) => ids.includes(n.NetworkInterfaceId!)) : all;
    const addresses = (n: NetworkInterface) => [
      n.PrivateIpAddress,
      ...(n.PrivateIpAddresses ?? []).map((a) => a.PrivateIpAddress),
    ];
    const filtered = this.ec2Filter(chosen, input, {
      "network-interface-id": (n) => [n.NetworkInterfaceId],
      "vpc-id": (n) => [n.VpcId],
      "subnet-id": (n) => [n.SubnetId],
      "group-id": (n) => (n.Groups ?? []).map((g) => g.GroupId),
      "private-ip-address": addresses,
      "addresses.private-ip-address": addresses,
      "ipv6-addresses.ipv6-address": (n) => (n.Ipv6Addresses ?? []).map((a) => a.Ipv6Address),
      "attachment.instance-id": (n) => [n.Attachment?.InstanceId],
      status: (n) => [n.Status],
    });
    return this.ec2Page("DescribeNetworkInterfaces", input, filtered, "NetworkInterfaces").out;
  }

  /** DescribeSecurityGroups' IpPermissions for one group and direction, built from its rules. */
  private permissions(groupId: string, egress: boolean): IpPermission[] {
    const byKey = new Map<string, IpPermission>();
    for (const r of this.scenario.securityGroupRules) {
      if (r.GroupId !== groupId || (r.IsEgress ?? false) !== egress) continue;
      const all = r.IpProtocol === "-1";
      const key = `${r.IpProtocol}|${all ? "" : r.FromPort}|${all ? "" : r.ToPort}`;
      let p = byKey.get(key);
      if (!p) {
        p = {
          IpProtocol: r.IpProtocol,
          ...(all ? {} : { FromPort: r.FromPort, ToPort: r.ToPort }),
          IpRanges: [],
          Ipv6Ranges: [],
          PrefixListIds: [],
          UserIdGroupPairs: [],
        };
        byKey.set(key, p);
      }
      const description = r.Description === undefined ? {} : { Description: r.Description };
      if (r.CidrIpv4) p.IpRanges!.push({ CidrIp: r.CidrIpv4, ...description });
      if (r.CidrIpv6) p.Ipv6Ranges!.push({ CidrIpv6: r.CidrIpv6, ...description });
      if (r.PrefixListId) p.PrefixListIds!.push({ PrefixListId: r.PrefixListId, ...description });
      if (r.ReferencedGroupInfo) {
        p.UserIdGroupPairs!.push({
          GroupId: r.ReferencedGroupInfo.GroupId,
          UserId: r.ReferencedGroupInfo.UserId,
          ...(r.ReferencedGroupInfo.VpcId ? { VpcId: r.ReferencedGroupInfo.VpcId } : {}),
          ...description,
        });
      }
    }
    return [...byKey.values()];
  }

  private describeSecurityGroups(input: Input): Output {
    const ids = strings(input, "GroupIds");
    const names = strings(input, "GroupNames");
    const all = this.scenario.securityGroups;
    this.checkIds(ids, new Set(all.map((g) => g.GroupId)), "InvalidGroup.NotFound", "security group");
    if (ids?.length && input.MaxResults !== undefined) {
      fail(
        "InvalidParameterCombination",
        400,
        "The parameter groupIdSet cannot be used with the parameter maxResults",
      );
    }
    let chosen = ids?.length ? all.filter((g) => ids.includes(g.GroupId!)) : all;
    if (names?.length) chosen = chosen.filter((g) => names.includes(g.GroupName!));
    const filtered = this.ec2Filter(chosen, input, {
      "group-id": (g) => [g.GroupId],
      "group-name": (g) => [g.GroupName],
      "vpc-id": (g) => [g.VpcId],
      "owner-id": (g) => [g.OwnerId],
      description: (g) => [g.Description],
    });
    const { page, out } = this.ec2Page("DescribeSecurityGroups", input, filtered, "SecurityGroups");
    return {
      ...out,
      SecurityGroups: page.map((g) => ({
        ...g,
        IpPermissions: this.permissions(g.GroupId!, false),
        IpPermissionsEgress: this.permissions(g.GroupId!, true),
      })),
    };
  }

  private describeSecurityGroupRules(input: Input): Output {
    const ids = strings(input, "SecurityGroupRuleIds");
    const all = this.scenario.securityGroupRules;
    this.checkIds(
      ids,
      new Set(all.map((r) => r.SecurityGroupRuleId)),
      "InvalidSecurityGroupRuleId.NotFound",
      "security group rule ID",
    );
    const chosen = ids?.length ? all.filter((r) => ids.includes(r.SecurityGroupRuleId!)) : all;
    const filtered = this.ec2Filter(chosen, input, {
      "group-id": (r) => [r.GroupId],
      "security-group-rule-id": (r) => [r.SecurityGroupRuleId],
    });
    return this.ec2Page("DescribeSecurityGroupRules", input, filtered, "SecurityGroupRules").out;
  }

  private describeSubnets(input: Input): Output {
    const ids = strings(input, "SubnetIds");
    const all = this.scenario.subnets ?? [];
    this.checkIds(ids, new Set(all.map((n) => n.SubnetId)), "InvalidSubnetID.NotFound", "subnet ID");
    const chosen = ids?.length ? all.filter((n) => ids.includes(n.SubnetId!)) : all;
    const filtered = this.ec2Filter(chosen, input, {
      "subnet-id": (n) => [n.SubnetId],
      "vpc-id": (n) => [n.VpcId],
      "availability-zone": (n) => [n.AvailabilityZone],
      "availability-zone-id": (n) => [n.AvailabilityZoneId],
      "cidr-block": (n) => [n.CidrBlock],
      "owner-id": (n) => [n.OwnerId],
      state: (n) => [n.State],
    });
    return this.ec2Page("DescribeSubnets", input, filtered, "Subnets").out;
  }

  private describeNetworkAcls(input: Input): Output {
    const ids = strings(input, "NetworkAclIds");
    const all = this.scenario.networkAcls ?? [];
    this.checkIds(
      ids,
      new Set(all.map((n) => n.NetworkAclId)),
      "InvalidNetworkAclID.NotFound",
      "network ACL ID",
    );
    const chosen = ids?.length ? all.filter((n) => ids.includes(n.NetworkAclId!)) : all;
    const filtered = this.ec2Filter(chosen, input, {
      "network-acl-id": (n) => [n.NetworkAclId],
      "vpc-id": (n) => [n.VpcId],
      default: (n) => [String(n.IsDefault ?? false)],
      "owner-id": (n) => [n.OwnerId],
      "association.subnet-id": (n) => (n.Associations ?? []).map((a) => a.SubnetId),
      "association.association-id": (n) => (n.Associations ?? []).map((a) => a.NetworkAclAssociationId),
      "association.network-acl-id": (n) => (n.Associations ?? []).map((a) => a.NetworkAclId),
    });
    return this.ec2Page("DescribeNetworkAcls", input, filtered, "NetworkAcls").out;
  }

  private describeManagedPrefixLists(input: Input): Output {
    const ids = strings(input, "PrefixListIds");
    const all = this.scenario.prefixLists.map((p) => p.prefixList);
    this.checkIds(
      ids,
      new Set(all.map((p) => p.PrefixListId)),
      "InvalidPrefixListID.NotFound",
      "prefix list ID",
    );
    const chosen = ids?.length ? all.filter((p) => ids.includes(p.PrefixListId!)) : all;
    const filtered = this.ec2Filter(chosen, input, {
      "prefix-list-id": (p) => [p.PrefixListId],
      "prefix-list-name": (p) => [p.PrefixListName],
      "owner-id": (p) => [p.OwnerId],
    });
    return this.ec2Page("DescribeManagedPrefixLists", input, filtered, "PrefixLists").out;
  }

  private getManagedPrefixListEntries(input: Input): Output {
    const id = str(input, "PrefixListId");
    if (!id) fail("MissingParameter", 400, "The request must contain the parameter PrefixListId");
    const list = this.scenario.prefixLists.find((p) => p.prefixList.PrefixListId === id);
    if (!list) fail("InvalidPrefixListID.NotFound", 400, `The prefix list ID '${id}' does not exist`);
    return this.ec2Page("GetManagedPrefixListEntries", input, list.entries, "Entries").out;
  }

  // --- IAM ---------------------------------------------------------------------------------------

  /**
   * One EvaluationResult per action × resource, paged as IAM pages (MaxItems 1–1000, default 100;
   * Marker / IsTruncated); NoSuchEntity for a principal the account does not have.
   */
  private simulatePrincipalPolicy(input: Input): Output {
    const arn = str(input, "PolicySourceArn");
    if (!arn)
      fail(
        "ValidationError",
        400,
        "1 validation error detected: Value null at 'policySourceArn' failed to satisfy constraint: Member must not be null",
      );
    const actions = strings(input, "ActionNames") ?? [];
    if (actions.length === 0)
      fail(
        "ValidationError",
        400,
        "1 validation error detected: Value null at 'actionNames' failed to satisfy constraint: Member must not be null",
      );
    const identity = this.scenario.identities?.[arn];
    if (!identity) {
      const kind = /:user\//.test(arn) ? "user" : "role";
      fail("NoSuchEntity", 404, `The ${kind} with name ${arn.split("/").pop()} cannot be found.`);
    }
    const resources = strings(input, "ResourceArns") ?? ["*"];
    const results = actions.flatMap((action) =>
      resources.map((resource) => ({
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: identity.EvalDecision,
        MatchedStatements: identity.MatchedStatements ?? [],
        MissingContextValues: [],
        ...(identity.AllowedByPermissionsBoundary !== undefined
          ? {
              PermissionsBoundaryDecisionDetail: {
                AllowedByPermissionsBoundary: identity.AllowedByPermissionsBoundary,
              },
            }
          : {}),
      })),
    );
    const maxItems = input.MaxItems;
    if (maxItems !== undefined && (typeof maxItems !== "number" || maxItems < 1 || maxItems > 1000)) {
      fail(
        "ValidationError",
        400,
        `Value '${String(maxItems)}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000`,
      );
    }
    const { Marker: _m, MaxItems: _x, ...query } = input;
    const scope = `SimulatePrincipalPolicy:${JSON.stringify(query)}`;
    const offset = this.pageOffset(scope, str(input, "Marker"), () =>
      fail("InvalidInput", 400, "Invalid Marker."),
    );
    const size = Math.min((maxItems as number | undefined) ?? 100, this.options.pageSize ?? Infinity);
    const page = results.slice(offset, offset + size);
    const truncated = offset + size < results.length;
    return truncated
      ? { EvaluationResults: page, IsTruncated: true, Marker: this.pageToken(scope, offset + size) }
      : { EvaluationResults: page, IsTruncated: false };
  }
}
