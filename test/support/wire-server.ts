/**
 * An AWS-compatible HTTP endpoint on loopback for the wire tests: it speaks the real wire
 * protocols of the operations gather (and name resolution) calls, and answers them from a
 * `CallAnswerer` — in practice a `FakeAccount` (test/support/fake-account.ts) over a scenario.
 *
 *   request bytes → decode (route / form) → the SDK command's `input` → answerer.answer(…)
 *                 → output or error → encode (JSON / EC2 XML / awsQuery XML) → response bytes
 *
 * so the SDK's real serialisers, signers, HTTP handler, retry strategy and deserialisers run
 * between gather and the data, which aws-sdk-client-mock and the command-level Replayer skip.
 *
 * Written by hand, with no new dependency: no npm package emulates VPC Lattice, and moto (which
 * does, partly) is Python and not reachable from this test environment. Only what gather calls is
 * implemented, faithfully (element names, pagination, filters, error shapes), from the SDK's own
 * schemas (node_modules/@aws-sdk/client-{vpc-lattice,ec2,sts}/dist-cjs/index.js):
 *
 * - VPC Lattice, restJson1: routed by method + URI template (labels percent-decoded per segment, so
 *   an ARN label arrives whole); `maxResults` / `nextToken` / filters as query parameters; ListTargets
 *   is a POST with a JSON body. Responses are JSON with the member names as keys. Timestamps are
 *   RFC 3339 strings: the Lattice model marks them `@timestampFormat("date-time")` (schema code 5),
 *   and the SDK refuses an epoch-seconds number there. Errors: status + `x-amzn-errortype` header +
 *   `{"message": …}` body.
 * - EC2, ec2Query: POST form `Action=…&Version=2016-11-15`, lists flattened (`InstanceId.1`,
 *   `Filter.1.Name`, `Filter.1.Value.1`). An unknown parameter is refused (`UnknownParameter`), as
 *   EC2 does, so a serialisation the decoder does not expect cannot pass silently. Responses are
 *   `<ActionResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">` with EC2's own element names
 *   (`reservationSet`, `instanceState`, `groupSet`, `securityGroupInfo`, `groupDescription`,
 *   `default` …), lists as `<…Set><item>…</item></…Set>`. Errors:
 *   `<Response><Errors><Error><Code>…` with the error's status.
 * - STS, awsQuery: `Action=GetCallerIdentity&Version=2011-06-15`; `<GetCallerIdentityResponse>
 *   <GetCallerIdentityResult>…`; errors `<ErrorResponse><Error><Type/><Code/><Message/>`.
 *
 * - IAM, awsQuery (only with `--as`): `Action=SimulatePrincipalPolicy&Version=2010-05-08`, lists as
 *   `ActionNames.member.1`, `ContextEntries.member.1.ContextKeyValues.member.1`; responses
 *   `<SimulatePrincipalPolicyResult>` with lists as `<…><member>…</member></…>`, `IsTruncated` /
 *   `Marker` paging; errors in the STS shape. IAM signs for us-east-1 (its global endpoint's region).
 *
 * - CloudWatch Logs (JSON 1.1) and S3 (REST-XML, path-style): see wire-logs.ts.
 *
 * Each service is mounted under its own path prefix (`/vpc-lattice`, `/ec2`, `/sts`, `/iam`, `/logs`,
 * `/s3`), given to the SDK through AWS_ENDPOINT_URL_VPC_LATTICE / _EC2 / _STS / _IAM /
 * _CLOUDWATCH_LOGS / _S3 (see `env`). Every request must be SigV4
 * signed for us-east-1-style `<region>/<signing name>/aws4_request` scope of its service.
 *
 * Anything the server cannot decode or encode is answered with a non-retryable 400 and listed in
 * `problems`, which the tests assert empty: a gap in this emulator is loud, never a silent default.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { CallAnswerer } from "../../src/aws/recording.js";
import { iamRegion } from "../../src/aws/clients.js";
import {
  CROSS_ACCOUNT_EC2_PARAMS,
  CROSS_ACCOUNT_EC2_SHAPES,
  RamWireProblem,
  accessKeyOf,
  assumeRoleXml,
  decodeAssumeRole,
  decodeRam,
  ramJson,
} from "./wire-cross-account.js";
import {
  LogsWireProblem,
  decodeLogs,
  decodeS3,
  logsErrorJson,
  logsJson,
  s3ErrorXml,
  s3ListXml,
  s3ObjectResponse,
} from "./wire-logs.js";

export type WireService = "vpc-lattice" | "ec2" | "sts" | "cloudwatch" | "iam" | "ram" | "logs" | "s3";

export interface WireRequest {
  service: WireService;
  operation: string;
  method: string;
  /** Path after the service prefix, as sent (still percent-encoded). */
  path: string;
  /** The SDK command input the request was decoded to. */
  input: Record<string, unknown>;
  /** HTTP status answered; 0 when the request was left unanswered (a hang). */
  status: number;
  /** Error code answered, when the call failed. */
  errorCode?: string;
}

export interface WireServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  endpoints: Record<WireService, string>;
  /** AWS_ENDPOINT_URL_<SERVICE> for the four services. */
  env: Record<string, string>;
  requests: WireRequest[];
  /** What could not be decoded or encoded (should stay empty). */
  problems: string[];
  /** TCP connections accepted so far. */
  connections(): number;
  /** Distinct `service:Operation` answered, sorted. */
  operations(): string[];
  close(): Promise<void>;
}

type Input = Record<string, unknown>;

/** Raised for a request the emulator does not understand; becomes a 400 and a `problems` entry. */
class WireProblem extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface AnswerError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

// ---------------------------------------------------------------------------------------------
// VPC Lattice (restJson1)

interface LatticeRoute {
  method: "GET" | "POST";
  /** URI template, e.g. `/services/{serviceIdentifier}/listeners`. */
  template: string;
  operation: string;
  /** Query parameters the operation binds (all others are refused), with their type. */
  query?: Record<string, "string" | "integer" | "boolean">;
  /** JSON body members the operation binds. */
  body?: string[];
}

const PAGE = { maxResults: "integer", nextToken: "string" } as const;

const LATTICE_ROUTES: LatticeRoute[] = [
  { method: "GET", template: "/services", operation: "ListServices", query: PAGE },
  { method: "GET", template: "/services/{serviceIdentifier}", operation: "GetService" },
  {
    method: "GET",
    template: "/services/{serviceIdentifier}/listeners",
    operation: "ListListeners",
    query: PAGE,
  },
  {
    method: "GET",
    template: "/services/{serviceIdentifier}/listeners/{listenerIdentifier}",
    operation: "GetListener",
  },
  {
    method: "GET",
    template: "/services/{serviceIdentifier}/listeners/{listenerIdentifier}/rules",
    operation: "ListRules",
    query: PAGE,
  },
  {
    method: "GET",
    template: "/services/{serviceIdentifier}/listeners/{listenerIdentifier}/rules/{ruleIdentifier}",
    operation: "GetRule",
  },
  {
    method: "GET",
    template: "/targetgroups",
    operation: "ListTargetGroups",
    query: { vpcIdentifier: "string", targetGroupType: "string", ...PAGE },
  },
  { method: "GET", template: "/targetgroups/{targetGroupIdentifier}", operation: "GetTargetGroup" },
  {
    method: "POST",
    template: "/targetgroups/{targetGroupIdentifier}/listtargets",
    operation: "ListTargets",
    query: PAGE,
    body: ["targets"],
  },
  { method: "GET", template: "/servicenetworks/{serviceNetworkIdentifier}", operation: "GetServiceNetwork" },
  {
    method: "GET",
    template: "/servicenetworkserviceassociations",
    operation: "ListServiceNetworkServiceAssociations",
    query: { serviceNetworkIdentifier: "string", serviceIdentifier: "string", ...PAGE },
  },
  {
    method: "GET",
    template: "/servicenetworkserviceassociations/{serviceNetworkServiceAssociationIdentifier}",
    operation: "GetServiceNetworkServiceAssociation",
  },
  {
    method: "GET",
    template: "/servicenetworkvpcassociations",
    operation: "ListServiceNetworkVpcAssociations",
    query: { serviceNetworkIdentifier: "string", vpcIdentifier: "string", ...PAGE },
  },
  {
    method: "GET",
    template: "/servicenetworkvpcassociations/{serviceNetworkVpcAssociationIdentifier}",
    operation: "GetServiceNetworkVpcAssociation",
  },
  {
    method: "GET",
    template: "/servicenetworkresourceassociations",
    operation: "ListServiceNetworkResourceAssociations",
    query: {
      serviceNetworkIdentifier: "string",
      resourceConfigurationIdentifier: "string",
      includeChildren: "boolean",
      ...PAGE,
    },
  },
  {
    method: "GET",
    template: "/servicenetworkvpcendpointassociations",
    operation: "ListServiceNetworkVpcEndpointAssociations",
    query: { serviceNetworkIdentifier: "string", ...PAGE },
  },
  { method: "GET", template: "/authpolicy/{resourceIdentifier}", operation: "GetAuthPolicy" },
  {
    method: "GET",
    template: "/accesslogsubscriptions",
    operation: "ListAccessLogSubscriptions",
    query: { resourceIdentifier: "string", ...PAGE },
  },
];

/** Matches `path` (percent-encoded, no query) against a template; labels come back decoded. */
function matchTemplate(template: string, path: string): Input | undefined {
  const want = template.split("/").filter(Boolean);
  const got = path.split("/").filter(Boolean);
  if (want.length !== got.length) return undefined;
  const labels: Input = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = decodeURIComponent(got[i]!);
    if (w.startsWith("{")) {
      if (!g) return undefined;
      labels[w.slice(1, -1)] = g;
    } else if (w !== g) return undefined;
  }
  return labels;
}

function decodeLattice(method: string, pathAndQuery: URL, body: string): { operation: string; input: Input } {
  const path = pathAndQuery.pathname;
  for (const route of LATTICE_ROUTES) {
    if (route.method !== method) continue;
    const labels = matchTemplate(route.template, path);
    if (!labels) continue;
    const input: Input = { ...labels };
    for (const [key, value] of pathAndQuery.searchParams) {
      const type = route.query?.[key];
      if (!type) throw new WireProblem("ValidationException", `${route.operation}: unexpected query ${key}`);
      if (type === "integer") {
        if (!/^-?\d+$/.test(value))
          throw new WireProblem("ValidationException", `${route.operation}: ${key}=${value} is no integer`);
        input[key] = Number(value);
      } else if (type === "boolean") input[key] = value === "true";
      else input[key] = value;
    }
    if (body.trim()) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        throw new WireProblem("SerializationException", `${route.operation}: body is not JSON`);
      }
      for (const [key, value] of Object.entries(parsed as Input)) {
        if (!route.body?.includes(key))
          throw new WireProblem("ValidationException", `${route.operation}: unexpected body member ${key}`);
        input[key] = value;
      }
    } else if (method === "POST" && route.body === undefined) {
      throw new WireProblem("ValidationException", `${route.operation}: POST without body`);
    }
    return { operation: route.operation, input };
  }
  throw new WireProblem("UnknownOperationException", `no VPC Lattice operation for ${method} ${path}`);
}

/** JSON-plain, with any Date as RFC 3339 (the Lattice model's `date-time` format). */
function latticeJson(output: Record<string, unknown>): string {
  const { $metadata: _m, ...rest } = output;
  return JSON.stringify(rest, (_key, value: unknown) =>
    value instanceof Date ? value.toISOString() : value,
  );
}

// ---------------------------------------------------------------------------------------------
// EC2 (ec2Query): request parameters

type Ec2Param =
  | { kind: "string" | "integer" | "boolean"; member: string }
  | { kind: "list"; member: string }
  | { kind: "filters"; member: "Filters" };

const s = (member: string): Ec2Param => ({ kind: "string", member });
const n = (member: string): Ec2Param => ({ kind: "integer", member });
const b = (member: string): Ec2Param => ({ kind: "boolean", member });
const list = (member: string): Ec2Param => ({ kind: "list", member });
const FILTER: Ec2Param = { kind: "filters", member: "Filters" };
const EC2_PAGE = { MaxResults: n("MaxResults"), NextToken: s("NextToken"), DryRun: b("DryRun") };

/** Query parameter name (ec2QueryName of the member) → the SDK input member, per operation. */
const EC2_PARAMS: Record<string, Record<string, Ec2Param>> = {
  DescribeInstances: { InstanceId: list("InstanceIds"), Filter: FILTER, ...EC2_PAGE },
  DescribeNetworkInterfaces: {
    NetworkInterfaceId: list("NetworkInterfaceIds"),
    Filter: FILTER,
    ...EC2_PAGE,
  },
  DescribeSecurityGroups: {
    GroupId: list("GroupIds"),
    GroupName: list("GroupNames"),
    Filter: FILTER,
    ...EC2_PAGE,
  },
  DescribeSecurityGroupRules: {
    SecurityGroupRuleId: list("SecurityGroupRuleIds"),
    Filter: FILTER,
    ...EC2_PAGE,
  },
  DescribeSubnets: { SubnetId: list("SubnetIds"), Filter: FILTER, ...EC2_PAGE },
  DescribeNetworkAcls: { NetworkAclId: list("NetworkAclIds"), Filter: FILTER, ...EC2_PAGE },
  DescribeManagedPrefixLists: { PrefixListId: list("PrefixListIds"), Filter: FILTER, ...EC2_PAGE },
  GetManagedPrefixListEntries: {
    PrefixListId: s("PrefixListId"),
    TargetVersion: n("TargetVersion"),
    ...EC2_PAGE,
  },
  ...CROSS_ACCOUNT_EC2_PARAMS,
};

/** `Filter.2.Value.10` → [["Filter", 2], ["Value", 10]]-style helpers. */
function indexOf(part: string | undefined, key: string): number {
  if (!part || !/^[1-9]\d*$/.test(part))
    throw new WireProblem("InvalidParameterValue", `bad index in ${key}`);
  return Number(part);
}

function byIndex<T>(entries: Map<number, T>): T[] {
  const indexes = [...entries.keys()].sort((a, b) => a - b);
  // Flattened lists are numbered 1…n without gaps.
  indexes.forEach((index, i) => {
    if (index !== i + 1) throw new WireProblem("InvalidParameterValue", `list index ${index} out of order`);
  });
  return indexes.map((i) => entries.get(i)!);
}

function decodeEc2(form: URLSearchParams): { operation: string; input: Input } {
  const operation = form.get("Action") ?? "";
  const version = form.get("Version");
  const params = EC2_PARAMS[operation];
  if (!params)
    throw new WireProblem("InvalidAction", `The action ${operation} is not valid for this web service.`);
  if (version !== "2016-11-15")
    throw new WireProblem("InvalidParameterValue", `Version ${version ?? "(none)"}`);
  const input: Input = {};
  const lists = new Map<string, Map<number, string>>();
  const filters = new Map<number, { Name?: string; Values: Map<number, string> }>();
  for (const [key, value] of form) {
    if (key === "Action" || key === "Version") continue;
    const parts = key.split(".");
    const spec = params[parts[0]!];
    if (!spec) throw new WireProblem("UnknownParameter", `The parameter ${parts[0]} is not recognized`);
    if (spec.kind === "list") {
      if (parts.length !== 2)
        throw new WireProblem("UnknownParameter", `The parameter ${key} is not recognized`);
      const entries = lists.get(spec.member) ?? new Map<number, string>();
      entries.set(indexOf(parts[1], key), value);
      lists.set(spec.member, entries);
    } else if (spec.kind === "filters") {
      const filter = filters.get(indexOf(parts[1], key)) ?? { Values: new Map<number, string>() };
      filters.set(indexOf(parts[1], key), filter);
      if (parts[2] === "Name" && parts.length === 3) filter.Name = value;
      else if (parts[2] === "Value" && parts.length === 4) filter.Values.set(indexOf(parts[3], key), value);
      else throw new WireProblem("UnknownParameter", `The parameter ${key} is not recognized`);
    } else {
      if (parts.length !== 1)
        throw new WireProblem("UnknownParameter", `The parameter ${key} is not recognized`);
      if (spec.kind === "integer") {
        if (!/^-?\d+$/.test(value)) throw new WireProblem("InvalidParameterValue", `${key}=${value}`);
        input[spec.member] = Number(value);
      } else if (spec.kind === "boolean") input[spec.member] = value === "true";
      else input[spec.member] = value;
    }
  }
  for (const [member, entries] of lists) input[member] = byIndex(entries);
  if (filters.size) {
    input.Filters = byIndex(filters).map((f) => {
      if (f.Name === undefined) throw new WireProblem("InvalidParameterValue", "a filter without Name");
      return { Name: f.Name, Values: byIndex(f.Values) };
    });
  }
  return { operation, input };
}

// ---------------------------------------------------------------------------------------------
// EC2: response XML. Member (SDK shape key) → element name, from the SDK's ec2 schemas.

interface XmlMember {
  xml: string;
  /** Structure shape of the value (or of each list item). */
  shape?: string;
  list?: boolean;
}
type XmlShape = Record<string, XmlMember>;

const x = (xml: string): XmlMember => ({ xml });
const xs = (xml: string, shape: string): XmlMember => ({ xml, shape });
const xl = (xml: string, shape?: string): XmlMember => ({ xml, list: true, ...(shape ? { shape } : {}) });

const TAGS = xl("tagSet", "Tag");

const EC2_SHAPES: Record<string, XmlShape> = {
  DescribeInstancesResult: { Reservations: xl("reservationSet", "Reservation"), NextToken: x("nextToken") },
  Reservation: {
    ReservationId: x("reservationId"),
    OwnerId: x("ownerId"),
    RequesterId: x("requesterId"),
    Groups: xl("groupSet", "GroupIdentifier"),
    Instances: xl("instancesSet", "Instance"),
  },
  Instance: {
    InstanceId: x("instanceId"),
    ImageId: x("imageId"),
    InstanceType: x("instanceType"),
    State: xs("instanceState", "InstanceState"),
    Placement: xs("placement", "Placement"),
    PrivateIpAddress: x("privateIpAddress"),
    PrivateDnsName: x("privateDnsName"),
    Ipv6Address: x("ipv6Address"),
    SubnetId: x("subnetId"),
    VpcId: x("vpcId"),
    LaunchTime: x("launchTime"),
    SourceDestCheck: x("sourceDestCheck"),
    SecurityGroups: xl("groupSet", "GroupIdentifier"),
    NetworkInterfaces: xl("networkInterfaceSet", "InstanceNetworkInterface"),
    Tags: TAGS,
  },
  InstanceState: { Code: x("code"), Name: x("name") },
  Placement: {
    AvailabilityZone: x("availabilityZone"),
    AvailabilityZoneId: x("availabilityZoneId"),
    Tenancy: x("tenancy"),
    GroupName: x("groupName"),
  },
  GroupIdentifier: { GroupId: x("groupId"), GroupName: x("groupName") },
  InstanceNetworkInterface: {
    NetworkInterfaceId: x("networkInterfaceId"),
    SubnetId: x("subnetId"),
    VpcId: x("vpcId"),
    Description: x("description"),
    OwnerId: x("ownerId"),
    Status: x("status"),
    MacAddress: x("macAddress"),
    PrivateIpAddress: x("privateIpAddress"),
    PrivateDnsName: x("privateDnsName"),
    SourceDestCheck: x("sourceDestCheck"),
    InterfaceType: x("interfaceType"),
    Groups: xl("groupSet", "GroupIdentifier"),
    Attachment: xs("attachment", "InstanceNetworkInterfaceAttachment"),
    PrivateIpAddresses: xl("privateIpAddressesSet", "InstancePrivateIpAddress"),
    Ipv6Addresses: xl("ipv6AddressesSet", "InstanceIpv6Address"),
  },
  InstanceNetworkInterfaceAttachment: {
    AttachmentId: x("attachmentId"),
    DeviceIndex: x("deviceIndex"),
    NetworkCardIndex: x("networkCardIndex"),
    Status: x("status"),
    AttachTime: x("attachTime"),
    DeleteOnTermination: x("deleteOnTermination"),
  },
  InstancePrivateIpAddress: {
    Primary: x("primary"),
    PrivateIpAddress: x("privateIpAddress"),
    PrivateDnsName: x("privateDnsName"),
  },
  InstanceIpv6Address: { Ipv6Address: x("ipv6Address"), IsPrimaryIpv6: x("isPrimaryIpv6") },
  Tag: { Key: x("key"), Value: x("value") },

  DescribeNetworkInterfacesResult: {
    NetworkInterfaces: xl("networkInterfaceSet", "NetworkInterface"),
    NextToken: x("nextToken"),
  },
  NetworkInterface: {
    NetworkInterfaceId: x("networkInterfaceId"),
    InterfaceType: x("interfaceType"),
    Description: x("description"),
    AvailabilityZone: x("availabilityZone"),
    SubnetId: x("subnetId"),
    VpcId: x("vpcId"),
    OwnerId: x("ownerId"),
    RequesterId: x("requesterId"),
    RequesterManaged: x("requesterManaged"),
    MacAddress: x("macAddress"),
    Status: x("status"),
    PrivateIpAddress: x("privateIpAddress"),
    PrivateDnsName: x("privateDnsName"),
    SourceDestCheck: x("sourceDestCheck"),
    Ipv6Address: x("ipv6Address"),
    Groups: xl("groupSet", "GroupIdentifier"),
    Attachment: xs("attachment", "NetworkInterfaceAttachment"),
    PrivateIpAddresses: xl("privateIpAddressesSet", "NetworkInterfacePrivateIpAddress"),
    Ipv6Addresses: xl("ipv6AddressesSet", "NetworkInterfaceIpv6Address"),
    TagSet: TAGS,
  },
  NetworkInterfaceAttachment: {
    AttachmentId: x("attachmentId"),
    DeviceIndex: x("deviceIndex"),
    NetworkCardIndex: x("networkCardIndex"),
    InstanceId: x("instanceId"),
    InstanceOwnerId: x("instanceOwnerId"),
    Status: x("status"),
    AttachTime: x("attachTime"),
    DeleteOnTermination: x("deleteOnTermination"),
  },
  NetworkInterfacePrivateIpAddress: {
    Primary: x("primary"),
    PrivateIpAddress: x("privateIpAddress"),
    PrivateDnsName: x("privateDnsName"),
  },
  NetworkInterfaceIpv6Address: { Ipv6Address: x("ipv6Address"), IsPrimaryIpv6: x("isPrimaryIpv6") },

  DescribeSecurityGroupsResult: {
    SecurityGroups: xl("securityGroupInfo", "SecurityGroup"),
    NextToken: x("nextToken"),
  },
  SecurityGroup: {
    GroupId: x("groupId"),
    GroupName: x("groupName"),
    // Not `description`: EC2 calls it groupDescription on the wire.
    Description: x("groupDescription"),
    VpcId: x("vpcId"),
    OwnerId: x("ownerId"),
    SecurityGroupArn: x("securityGroupArn"),
    IpPermissions: xl("ipPermissions", "IpPermission"),
    IpPermissionsEgress: xl("ipPermissionsEgress", "IpPermission"),
    Tags: TAGS,
  },
  IpPermission: {
    IpProtocol: x("ipProtocol"),
    FromPort: x("fromPort"),
    ToPort: x("toPort"),
    UserIdGroupPairs: xl("groups", "UserIdGroupPair"),
    IpRanges: xl("ipRanges", "IpRange"),
    Ipv6Ranges: xl("ipv6Ranges", "Ipv6Range"),
    PrefixListIds: xl("prefixListIds", "PrefixListId"),
  },
  IpRange: { CidrIp: x("cidrIp"), Description: x("description") },
  Ipv6Range: { CidrIpv6: x("cidrIpv6"), Description: x("description") },
  PrefixListId: { PrefixListId: x("prefixListId"), Description: x("description") },
  UserIdGroupPair: {
    UserId: x("userId"),
    GroupId: x("groupId"),
    GroupName: x("groupName"),
    VpcId: x("vpcId"),
    VpcPeeringConnectionId: x("vpcPeeringConnectionId"),
    PeeringStatus: x("peeringStatus"),
    Description: x("description"),
  },

  DescribeSecurityGroupRulesResult: {
    SecurityGroupRules: xl("securityGroupRuleSet", "SecurityGroupRule"),
    NextToken: x("nextToken"),
  },
  SecurityGroupRule: {
    SecurityGroupRuleId: x("securityGroupRuleId"),
    GroupId: x("groupId"),
    GroupOwnerId: x("groupOwnerId"),
    IsEgress: x("isEgress"),
    IpProtocol: x("ipProtocol"),
    FromPort: x("fromPort"),
    ToPort: x("toPort"),
    CidrIpv4: x("cidrIpv4"),
    CidrIpv6: x("cidrIpv6"),
    PrefixListId: x("prefixListId"),
    ReferencedGroupInfo: xs("referencedGroupInfo", "ReferencedSecurityGroup"),
    Description: x("description"),
    SecurityGroupRuleArn: x("securityGroupRuleArn"),
    Tags: TAGS,
  },
  ReferencedSecurityGroup: {
    GroupId: x("groupId"),
    UserId: x("userId"),
    VpcId: x("vpcId"),
    VpcPeeringConnectionId: x("vpcPeeringConnectionId"),
    PeeringStatus: x("peeringStatus"),
  },

  DescribeSubnetsResult: { Subnets: xl("subnetSet", "Subnet"), NextToken: x("nextToken") },
  Subnet: {
    SubnetId: x("subnetId"),
    SubnetArn: x("subnetArn"),
    VpcId: x("vpcId"),
    State: x("state"),
    CidrBlock: x("cidrBlock"),
    AvailabilityZone: x("availabilityZone"),
    AvailabilityZoneId: x("availabilityZoneId"),
    AvailableIpAddressCount: x("availableIpAddressCount"),
    DefaultForAz: x("defaultForAz"),
    MapPublicIpOnLaunch: x("mapPublicIpOnLaunch"),
    AssignIpv6AddressOnCreation: x("assignIpv6AddressOnCreation"),
    OwnerId: x("ownerId"),
    Ipv6Native: x("ipv6Native"),
    Ipv6CidrBlockAssociationSet: xl("ipv6CidrBlockAssociationSet", "SubnetIpv6CidrBlockAssociation"),
    Tags: TAGS,
  },
  SubnetIpv6CidrBlockAssociation: {
    AssociationId: x("associationId"),
    Ipv6CidrBlock: x("ipv6CidrBlock"),
    Ipv6CidrBlockState: xs("ipv6CidrBlockState", "SubnetCidrBlockState"),
  },
  SubnetCidrBlockState: { State: x("state"), StatusMessage: x("statusMessage") },

  DescribeNetworkAclsResult: { NetworkAcls: xl("networkAclSet", "NetworkAcl"), NextToken: x("nextToken") },
  NetworkAcl: {
    NetworkAclId: x("networkAclId"),
    VpcId: x("vpcId"),
    // Not `isDefault`: the element is <default>.
    IsDefault: x("default"),
    OwnerId: x("ownerId"),
    Entries: xl("entrySet", "NetworkAclEntry"),
    Associations: xl("associationSet", "NetworkAclAssociation"),
    Tags: TAGS,
  },
  NetworkAclEntry: {
    RuleNumber: x("ruleNumber"),
    Protocol: x("protocol"),
    RuleAction: x("ruleAction"),
    Egress: x("egress"),
    CidrBlock: x("cidrBlock"),
    Ipv6CidrBlock: x("ipv6CidrBlock"),
    PortRange: xs("portRange", "PortRange"),
    IcmpTypeCode: xs("icmpTypeCode", "IcmpTypeCode"),
  },
  PortRange: { From: x("from"), To: x("to") },
  IcmpTypeCode: { Code: x("code"), Type: x("type") },
  NetworkAclAssociation: {
    NetworkAclAssociationId: x("networkAclAssociationId"),
    NetworkAclId: x("networkAclId"),
    SubnetId: x("subnetId"),
  },

  DescribeManagedPrefixListsResult: {
    PrefixLists: xl("prefixListSet", "ManagedPrefixList"),
    NextToken: x("nextToken"),
  },
  ManagedPrefixList: {
    PrefixListId: x("prefixListId"),
    AddressFamily: x("addressFamily"),
    State: x("state"),
    StateMessage: x("stateMessage"),
    PrefixListArn: x("prefixListArn"),
    PrefixListName: x("prefixListName"),
    MaxEntries: x("maxEntries"),
    Version: x("version"),
    OwnerId: x("ownerId"),
    Tags: TAGS,
  },
  GetManagedPrefixListEntriesResult: {
    Entries: xl("entrySet", "PrefixListEntry"),
    NextToken: x("nextToken"),
  },
  PrefixListEntry: { Cidr: x("cidr"), Description: x("description") },
  ...CROSS_ACCOUNT_EC2_SHAPES,
};

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function scalarXml(value: unknown, where: string): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string") return escapeXml(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new WireProblem("InternalError", `${where}: cannot write ${JSON.stringify(value)} as XML text`);
}

function structureXml(shapeName: string, value: unknown, where: string): string {
  const shape = EC2_SHAPES[shapeName];
  if (!shape) throw new WireProblem("InternalError", `${where}: no XML shape ${shapeName}`);
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw new WireProblem("InternalError", `${where}: ${shapeName} is not a structure`);
  let out = "";
  for (const [key, member] of Object.entries(value as Input)) {
    if (member === undefined || member === null || key === "$metadata") continue;
    const spec = shape[key];
    if (!spec) throw new WireProblem("InternalError", `${where}: no element name for ${shapeName}.${key}`);
    const at = `${where}.${key}`;
    if (spec.list) {
      if (!Array.isArray(member)) throw new WireProblem("InternalError", `${at} is not a list`);
      const items = member.map((item, i) =>
        spec.shape ? structureXml(spec.shape, item, `${at}[${i}]`) : scalarXml(item, `${at}[${i}]`),
      );
      // EC2 writes an empty list as an empty element, e.g. <groupSet/>.
      out += items.length
        ? `<${spec.xml}>${items.map((item) => `<item>${item}</item>`).join("")}</${spec.xml}>`
        : `<${spec.xml}/>`;
    } else if (spec.shape) {
      out += `<${spec.xml}>${structureXml(spec.shape, member, at)}</${spec.xml}>`;
    } else {
      out += `<${spec.xml}>${scalarXml(member, at)}</${spec.xml}>`;
    }
  }
  return out;
}

const EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
const STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

function ec2ResponseXml(operation: string, output: Record<string, unknown>, requestId: string): string {
  const body = structureXml(`${operation}Result`, output, operation);
  return `${XML_DECL}<${operation}Response xmlns="${EC2_NS}"><requestId>${requestId}</requestId>${body}</${operation}Response>`;
}

function ec2ErrorXml(code: string, message: string, requestId: string): string {
  return `${XML_DECL}<Response><Errors><Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
}

// ---------------------------------------------------------------------------------------------
// STS (awsQuery)

const STS_RESULT_MEMBERS: Record<string, string[]> = { GetCallerIdentity: ["UserId", "Account", "Arn"] };

function decodeSts(form: URLSearchParams): { operation: string; input: Input } {
  const operation = form.get("Action") ?? "";
  if (!STS_RESULT_MEMBERS[operation])
    throw new WireProblem("InvalidAction", `Could not find operation ${operation} for version 2011-06-15`);
  if (form.get("Version") !== "2011-06-15")
    throw new WireProblem("InvalidParameterValue", `Version ${form.get("Version") ?? "(none)"}`);
  for (const key of form.keys()) {
    if (key !== "Action" && key !== "Version")
      throw new WireProblem("InvalidParameterValue", `unexpected parameter ${key}`);
  }
  return { operation, input: {} };
}

function stsResponseXml(operation: string, output: Record<string, unknown>, requestId: string): string {
  const allowed = STS_RESULT_MEMBERS[operation]!;
  let result = "";
  for (const [key, value] of Object.entries(output)) {
    if (key === "$metadata" || value === undefined) continue;
    if (!allowed.includes(key)) throw new WireProblem("InternalError", `no element for ${operation}.${key}`);
    result += `<${key}>${scalarXml(value, `${operation}.${key}`)}</${key}>`;
  }
  return `${XML_DECL}<${operation}Response xmlns="${STS_NS}"><${operation}Result>${result}</${operation}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`;
}

function stsErrorXml(code: string, message: string, status: number, requestId: string): string {
  const type = status >= 500 ? "Receiver" : "Sender";
  return `${XML_DECL}<ErrorResponse xmlns="${STS_NS}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}

// ---------------------------------------------------------------------------------------------
// CloudWatch (AWS JSON 1.0, awsQueryCompatible)
//
// The installed @aws-sdk/client-cloudwatch speaks AWS JSON 1.0 (runtimeConfig.shared: protocol
// AwsJson1_0Protocol, serviceTarget GraniteServiceVersion20100801, awsQueryCompatible): a POST to
// `/` with `x-amz-target: GraniteServiceVersion20100801.<Operation>`, `content-type:
// application/x-amz-json-1.0`, `x-amzn-query-mode: true`, signed for `monitoring`. Timestamps are
// epoch seconds both ways. Errors: `{"__type": …, "message": …}` plus `x-amzn-query-error:
// <Code>;<Sender|Receiver>`, from which the SDK takes the query-era error code.

const CLOUDWATCH_TARGET = "GraniteServiceVersion20100801";

/** Members each operation takes (anything else is refused). */
const CLOUDWATCH_MEMBERS: Record<string, string[]> = {
  ListMetrics: [
    "Namespace",
    "MetricName",
    "Dimensions",
    "NextToken",
    "RecentlyActive",
    "IncludeLinkedAccounts",
    "OwningAccount",
  ],
  DescribeAlarms: [
    "AlarmNames",
    "AlarmNamePrefix",
    "AlarmTypes",
    "ChildrenOfAlarmName",
    "ParentsOfAlarmName",
    "StateValue",
    "ActionPrefix",
    "MaxRecords",
    "NextToken",
  ],
  DescribeAlarmsForMetric: [
    "MetricName",
    "Namespace",
    "Statistic",
    "ExtendedStatistic",
    "Dimensions",
    "Period",
    "Unit",
  ],
  GetMetricData: [
    "MetricDataQueries",
    "StartTime",
    "EndTime",
    "NextToken",
    "ScanBy",
    "MaxDatapoints",
    "LabelOptions",
  ],
};

/** Timestamp members of requests and responses (epoch seconds on the wire). */
const CLOUDWATCH_TIMESTAMPS = new Set([
  "StartTime",
  "EndTime",
  "Timestamps",
  "StateUpdatedTimestamp",
  "StateTransitionedTimestamp",
  "AlarmConfigurationUpdatedTimestamp",
  "Timestamp",
]);

function decodeCloudWatch(target: string | undefined, body: string): { operation: string; input: Input } {
  const prefix = `${CLOUDWATCH_TARGET}.`;
  const operation = target?.startsWith(prefix) ? target.slice(prefix.length) : "";
  const members = CLOUDWATCH_MEMBERS[operation];
  if (!members)
    throw new WireProblem(
      "UnknownOperationException",
      `no CloudWatch operation for x-amz-target ${target ?? "(none)"}`,
    );
  let parsed: Input;
  try {
    parsed = JSON.parse(body || "{}") as Input;
  } catch {
    throw new WireProblem("SerializationException", `${operation}: body is not JSON`);
  }
  const input: Input = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!members.includes(key))
      throw new WireProblem("ValidationError", `${operation}: unexpected member ${key}`);
    if (CLOUDWATCH_TIMESTAMPS.has(key)) {
      if (typeof value !== "number")
        throw new WireProblem("ValidationError", `${operation}: ${key} is not epoch seconds`);
      input[key] = new Date(value * 1000).toISOString();
    } else input[key] = value;
  }
  return { operation, input };
}

// IAM (awsQuery)

const IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
const IAM_SCALARS = new Set([
  "PolicySourceArn",
  "Marker",
  "MaxItems",
  "CallerArn",
  "ResourceOwner",
  "ResourcePolicy",
  "ResourceHandlingOption",
]);
const IAM_LISTS = new Set([
  "ActionNames",
  "ResourceArns",
  "PolicyInputList",
  "PermissionsBoundaryPolicyInputList",
]);

/** SimulatePrincipalPolicy's form → its input; anything else is a problem. */
function decodeIam(form: URLSearchParams): { operation: string; input: Input } {
  const operation = form.get("Action") ?? "";
  if (operation !== "SimulatePrincipalPolicy")
    throw new WireProblem("InvalidAction", `Could not find operation ${operation} for version 2010-05-08`);
  if (form.get("Version") !== "2010-05-08")
    throw new WireProblem("InvalidParameterValue", `Version ${form.get("Version") ?? "(none)"}`);
  const input: Input = {};
  const lists = new Map<string, Map<number, string>>();
  const entries = new Map<number, { name?: string; type?: string; values: Map<number, string> }>();
  for (const [key, value] of form) {
    if (key === "Action" || key === "Version") continue;
    if (IAM_SCALARS.has(key)) {
      input[key] = key === "MaxItems" ? Number(value) : value;
      continue;
    }
    const list = /^(\w+)\.member\.(\d+)$/.exec(key);
    if (list && IAM_LISTS.has(list[1]!)) {
      const m = lists.get(list[1]!) ?? new Map<number, string>();
      m.set(Number(list[2]), value);
      lists.set(list[1]!, m);
      continue;
    }
    const entry =
      /^ContextEntries\.member\.(\d+)\.(ContextKeyName|ContextKeyType|ContextKeyValues\.member\.(\d+))$/.exec(
        key,
      );
    if (entry) {
      const n = Number(entry[1]);
      const e = entries.get(n) ?? { values: new Map<number, string>() };
      if (entry[2] === "ContextKeyName") e.name = value;
      else if (entry[2] === "ContextKeyType") e.type = value;
      else e.values.set(Number(entry[3]), value);
      entries.set(n, e);
      continue;
    }
    throw new WireProblem("InvalidParameterValue", `unexpected parameter ${key}`);
  }
  for (const [member, m] of lists) input[member] = byIndex(m);
  if (entries.size > 0) {
    input.ContextEntries = byIndex(
      new Map(
        [...entries].map(([n, e]) => [
          n,
          {
            ...(e.name !== undefined ? { ContextKeyName: e.name } : {}),
            ...(e.values.size ? { ContextKeyValues: byIndex(e.values) } : {}),
            ...(e.type !== undefined ? { ContextKeyType: e.type } : {}),
          },
        ]),
      ),
    );
  }
  return { operation, input };
}

/** JSON with every timestamp member (ISO string or Date) as epoch seconds. */
function cloudWatchJson(output: Record<string, unknown>): string {
  const { $metadata: _m, ...rest } = output;
  const seconds = (v: unknown): unknown => {
    if (v instanceof Date) return v.getTime() / 1000;
    if (typeof v === "string" && !Number.isNaN(Date.parse(v))) return Date.parse(v) / 1000;
    throw new WireProblem("InternalError", `cannot write ${JSON.stringify(v)} as a timestamp`);
  };
  return JSON.stringify(rest, function (key, value: unknown) {
    if (!CLOUDWATCH_TIMESTAMPS.has(key)) return value instanceof Date ? value.getTime() / 1000 : value;
    return Array.isArray(value) ? value.map(seconds) : seconds(value);
  });
}

/** awsQuery XML of any output: structures as elements named after their members, lists as <member>s. */
function queryXml(value: unknown, where: string): string {
  if (Array.isArray(value))
    return value.map((v, i) => `<member>${queryXml(v, `${where}[${i}]`)}</member>`).join("");
  if (value && typeof value === "object" && !(value instanceof Date)) {
    let out = "";
    for (const [key, member] of Object.entries(value as Input)) {
      if (member === undefined || member === null || key === "$metadata") continue;
      out += `<${key}>${queryXml(member, `${where}.${key}`)}</${key}>`;
    }
    return out;
  }
  return scalarXml(value, where);
}

function iamResponseXml(operation: string, output: Record<string, unknown>, requestId: string): string {
  return `${XML_DECL}<${operation}Response xmlns="${IAM_NS}"><${operation}Result>${queryXml(output, operation)}</${operation}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`;
}

// ---------------------------------------------------------------------------------------------
// The server

const SIGNING_NAME: Record<WireService, string> = {
  "vpc-lattice": "vpc-lattice",
  ec2: "ec2",
  sts: "sts",
  cloudwatch: "monitoring",
  iam: "iam",
  ram: "ram",
  logs: "logs",
  s3: "s3",
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
): void {
  res.writeHead(status, { ...headers, "content-length": String(Buffer.byteLength(body)) });
  res.end(body);
}

/**
 * What a misbehaving endpoint does instead of answering from the account: never answer (the request
 * is read, then left open until the server closes), or answer with a page that is not AWS's.
 */
export type WireOverride = { hang: true } | { status: number; contentType: string; body: string };

export interface WireServerOptions {
  /** Per decoded call: misbehave instead of answering (undefined: answer as usual). */
  override?: (service: WireService, operation: string) => WireOverride | undefined;
  /** Region the signatures must be scoped to (default us-east-1). */
  region?: string;
  /**
   * Access key id → credentials label passed to the answerer (a cross-account run's other side signs
   * with other keys; the answerer tells the accounts apart by it).
   */
  labels?: Record<string, string>;
}

/** Starts the emulator on 127.0.0.1 (a free port) in front of `answerer`. */
export async function startWireServer(
  answerer: CallAnswerer,
  options: WireServerOptions = {},
): Promise<WireServer> {
  const region = options.region ?? "us-east-1";
  const requests: WireRequest[] = [];
  const problems: string[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const [, prefix = "", ...rest] = url.pathname.split("/");
    const service = (["vpc-lattice", "ec2", "sts", "cloudwatch", "iam", "ram", "logs", "s3"] as const).find(
      (s) => s === prefix,
    );
    const body = await readBody(req);
    const method = req.method ?? "GET";
    const path = `/${rest.join("/")}`;

    const fail = (code: string, message: string, status: number, operation = "?", input: Input = {}) => {
      requests.push({ service: service ?? "sts", operation, method, path, input, status, errorCode: code });
      if (service === "vpc-lattice" || service === "ram" || service === undefined) {
        send(
          res,
          status,
          {
            "content-type": "application/json",
            // As AWS sends it: the code, then a colon and the error's namespace (the SDK strips it).
            "x-amzn-errortype": `${code}:http://internal.amazon.com/coral/com.amazonaws.vpclattice/`,
            "x-amzn-requestid": requestId,
          },
          JSON.stringify({ message }),
        );
      } else if (service === "cloudwatch") {
        send(
          res,
          status,
          {
            "content-type": "application/x-amz-json-1.0",
            "x-amzn-requestid": requestId,
            "x-amzn-query-error": `${code};${status >= 500 ? "Receiver" : "Sender"}`,
          },
          JSON.stringify({ __type: `com.amazonaws.cloudwatch#${code}`, message }),
        );
      } else if (service === "logs") {
        send(
          res,
          status,
          { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": requestId },
          logsErrorJson(code, message),
        );
      } else if (service === "s3") {
        send(
          res,
          status,
          { "content-type": "application/xml", "x-amz-request-id": requestId },
          s3ErrorXml(code, message, requestId),
        );
      } else if (service === "ec2") {
        send(
          res,
          status,
          { "content-type": "text/xml;charset=UTF-8" },
          ec2ErrorXml(code, message, requestId),
        );
      } else {
        send(
          res,
          status,
          { "content-type": "text/xml", "x-amzn-requestid": requestId },
          stsErrorXml(code, message, status, requestId).replace(STS_NS, service === "iam" ? IAM_NS : STS_NS),
        );
      }
    };

    if (!service) {
      problems.push(`request outside the service prefixes: ${method} ${url.pathname}`);
      return fail("UnknownOperationException", `no service at ${url.pathname}`, 404);
    }

    // Every call must arrive SigV4-signed, scoped to this region and service.
    const auth = req.headers.authorization ?? "";
    const scope = `/${service === "iam" ? iamRegion(region) : region}/${SIGNING_NAME[service]}/aws4_request`;
    if (
      !auth.startsWith("AWS4-HMAC-SHA256 Credential=") ||
      !auth.includes(scope) ||
      !req.headers["x-amz-date"]
    ) {
      problems.push(
        `${service} ${method} ${path}: unsigned or wrongly scoped request (${auth || "no Authorization"})`,
      );
      return fail(
        "IncompleteSignature",
        "The request signature is missing or not scoped to this service",
        403,
      );
    }

    let decoded: { operation: string; input: Input };
    try {
      if (service === "vpc-lattice") {
        decoded = decodeLattice(method, new URL(`${path}${url.search}`, "http://127.0.0.1"), body);
      } else if (service === "cloudwatch") {
        if (method !== "POST" || req.headers["content-type"] !== "application/x-amz-json-1.0")
          throw new WireProblem("InvalidRequest", `cloudwatch expects an AWS JSON 1.0 POST, got ${method}`);
        if (req.headers["x-amzn-query-mode"] !== "true")
          throw new WireProblem("InvalidRequest", "cloudwatch: x-amzn-query-mode header missing");
        const target = req.headers["x-amz-target"];
        decoded = decodeCloudWatch(Array.isArray(target) ? target[0] : target, body);
      } else if (service === "ram") {
        decoded = decodeRam(method, path, body);
      } else if (service === "logs") {
        const target = req.headers["x-amz-target"];
        decoded = decodeLogs(
          method,
          req.headers["content-type"],
          Array.isArray(target) ? target[0] : target,
          body,
        );
      } else if (service === "s3") {
        decoded = decodeS3(method, path, url.searchParams);
      } else {
        if (
          method !== "POST" ||
          !/^application\/x-www-form-urlencoded/.test(req.headers["content-type"] ?? "")
        )
          throw new WireProblem("InvalidRequest", `${service} expects a form POST, got ${method}`);
        const form = new URLSearchParams(body);
        decoded =
          service === "ec2"
            ? decodeEc2(form)
            : service === "iam"
              ? decodeIam(form)
              : form.get("Action") === "AssumeRole"
                ? decodeAssumeRole(form)
                : decodeSts(form);
      }
    } catch (error) {
      const p =
        error instanceof WireProblem || error instanceof RamWireProblem || error instanceof LogsWireProblem
          ? error
          : new WireProblem("InternalError", String(error));
      problems.push(`${service} ${method} ${path}: ${p.message}`);
      return fail(p.code, p.message, 400);
    }
    const { operation, input } = decoded;
    const override = options.override?.(service, operation);
    if (override && "hang" in override) {
      requests.push({ service, operation, method, path, input, status: 0 });
      return; // left open: the client's timeouts (or the run's deadline) must end it
    }
    if (override) {
      requests.push({ service, operation, method, path, input, status: override.status });
      return send(res, override.status, { "content-type": override.contentType }, override.body);
    }

    let output: Record<string, unknown>;
    try {
      const key = accessKeyOf(auth);
      output = await answerer.answer(service, operation, input, key ? options.labels?.[key] : undefined);
    } catch (error) {
      const e = error as AnswerError;
      return fail(
        e.name ?? "InternalFailure",
        e.message ?? String(error),
        e.$metadata?.httpStatusCode ?? 500,
        operation,
        input,
      );
    }

    let payload: string | Buffer;
    let headers: Record<string, string>;
    try {
      if (service === "logs") {
        payload = logsJson(output);
        headers = { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": requestId };
      } else if (service === "s3" && operation === "GetObject") {
        const object = s3ObjectResponse(output);
        payload = object.body;
        headers = { ...object.headers, "x-amz-request-id": requestId };
      } else if (service === "s3") {
        payload = s3ListXml(output);
        headers = { "content-type": "application/xml", "x-amz-request-id": requestId };
      } else if (service === "vpc-lattice") {
        payload = latticeJson(output);
        headers = { "content-type": "application/json", "x-amzn-requestid": requestId };
      } else if (service === "cloudwatch") {
        payload = cloudWatchJson(output);
        headers = { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": requestId };
      } else if (service === "ram") {
        payload = ramJson(output);
        headers = { "content-type": "application/json", "x-amzn-requestid": requestId };
      } else if (service === "ec2") {
        payload = ec2ResponseXml(operation, output, requestId);
        headers = { "content-type": "text/xml;charset=UTF-8" };
      } else if (service === "iam") {
        payload = iamResponseXml(operation, output, requestId);
        headers = { "content-type": "text/xml", "x-amzn-requestid": requestId };
      } else {
        payload =
          operation === "AssumeRole"
            ? assumeRoleXml(output, requestId)
            : stsResponseXml(operation, output, requestId);
        headers = { "content-type": "text/xml", "x-amzn-requestid": requestId };
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      problems.push(`${service}:${operation}: ${message}`);
      return fail("WireServerEncodingError", message, 400, operation, input);
    }
    requests.push({ service, operation, method, path, input, status: 200 });
    send(res, 200, headers, payload);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      problems.push(`unhandled: ${(error as Error)?.stack ?? String(error)}`);
      if (!res.headersSent) send(res, 400, { "content-type": "text/plain" }, "wire server failure");
    });
  });
  let connections = 0;
  server.on("connection", () => connections++);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const endpoints: Record<WireService, string> = {
    "vpc-lattice": `${url}/vpc-lattice`,
    ec2: `${url}/ec2`,
    sts: `${url}/sts`,
    cloudwatch: `${url}/cloudwatch`,
    iam: `${url}/iam`,
    ram: `${url}/ram`,
    logs: `${url}/logs`,
    s3: `${url}/s3`,
  };
  return {
    connections: () => connections,
    url,
    endpoints,
    env: {
      AWS_ENDPOINT_URL_VPC_LATTICE: endpoints["vpc-lattice"],
      AWS_ENDPOINT_URL_EC2: endpoints.ec2,
      AWS_ENDPOINT_URL_STS: endpoints.sts,
      AWS_ENDPOINT_URL_CLOUDWATCH: endpoints.cloudwatch,
      AWS_ENDPOINT_URL_IAM: endpoints.iam,
      AWS_ENDPOINT_URL_RAM: endpoints.ram,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: endpoints.logs,
      AWS_ENDPOINT_URL_S3: endpoints.s3,
    },
    requests,
    problems,
    operations: () =>
      [
        ...new Set(requests.filter((r) => r.operation !== "?").map((r) => `${r.service}:${r.operation}`)),
      ].sort(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
