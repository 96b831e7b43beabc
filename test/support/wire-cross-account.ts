/**
 * The wire server's cross-account part (hooked into wire-server.ts): AWS RAM (restJson1) and the two
 * EC2 reads of the client's side, DescribeVpcs and DescribeVpcEndpoints (ec2Query), from the SDK's own
 * schemas (node_modules/@aws-sdk/client-{ram,ec2}/dist-cjs): element names, routes, timestamp formats.
 *
 * RAM: every read is a POST with a JSON body to a fixed path (`/getresourceshareinvitations` …);
 * responses are JSON with member names as keys, and timestamps (`invitationTimestamp`,
 * `creationTime`, `lastUpdatedTime`) are epoch seconds, the restJson1 default the RAM model keeps.
 */

type Input = Record<string, unknown>;

/** Path → operation and the body members it binds (anything else is refused). */
export const RAM_ROUTES: Record<string, { operation: string; body: string[] }> = {
  "/getresourceshareinvitations": {
    operation: "GetResourceShareInvitations",
    body: ["resourceShareInvitationArns", "resourceShareArns", "nextToken", "maxResults"],
  },
  "/listpendinginvitationresources": {
    operation: "ListPendingInvitationResources",
    body: ["resourceShareInvitationArn", "nextToken", "maxResults", "resourceRegionScope"],
  },
  "/getresourceshares": {
    operation: "GetResourceShares",
    body: [
      "resourceShareArns",
      "resourceShareStatus",
      "resourceOwner",
      "name",
      "tagFilters",
      "nextToken",
      "maxResults",
      "permissionArn",
      "permissionVersion",
    ],
  },
  "/getresourceshareassociations": {
    operation: "GetResourceShareAssociations",
    body: [
      "associationType",
      "resourceShareArns",
      "resourceArn",
      "principal",
      "associationStatus",
      "nextToken",
      "maxResults",
    ],
  },
  "/listresources": {
    operation: "ListResources",
    body: [
      "resourceOwner",
      "principal",
      "resourceType",
      "resourceArns",
      "resourceShareArns",
      "nextToken",
      "maxResults",
      "resourceRegionScope",
    ],
  },
};

export class RamWireProblem extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function decodeRam(method: string, path: string, body: string): { operation: string; input: Input } {
  const route = RAM_ROUTES[path];
  if (!route || method !== "POST")
    throw new RamWireProblem("UnknownOperationException", `no RAM operation for ${method} ${path}`);
  let parsed: unknown = {};
  if (body.trim()) {
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new RamWireProblem("SerializationException", `${route.operation}: body is not JSON`);
    }
  }
  for (const key of Object.keys(parsed as Input)) {
    if (!route.body.includes(key))
      throw new RamWireProblem("InvalidParameterException", `${route.operation}: unexpected member ${key}`);
  }
  return { operation: route.operation, input: parsed as Input };
}

const RAM_TIMESTAMPS = new Set(["invitationTimestamp", "creationTime", "lastUpdatedTime"]);

/** JSON with RAM's timestamps as epoch seconds (answers carry them as ISO strings or Dates). */
export function ramJson(output: Record<string, unknown>): string {
  const { $metadata: _m, ...rest } = output;
  return JSON.stringify(rest, (key, value: unknown) => {
    if (!RAM_TIMESTAMPS.has(key)) return value;
    const date = value instanceof Date ? value : typeof value === "string" ? new Date(value) : undefined;
    if (!date || Number.isNaN(date.getTime()))
      throw new RamWireProblem("InternalError", `${key}: ${JSON.stringify(value)} is no timestamp`);
    return date.getTime() / 1000;
  });
}

/** The access key id a SigV4 Authorization header was signed with. */
export function accessKeyOf(authorization: string): string | undefined {
  return /Credential=([^/]+)\//.exec(authorization)?.[1];
}

// --- EC2: the client's VPC and its service-network endpoints -----------------------------------

type Ec2Param =
  | { kind: "string" | "integer" | "boolean"; member: string }
  | { kind: "list"; member: string }
  | { kind: "filters"; member: "Filters" };

const PAGE: Record<string, Ec2Param> = {
  MaxResults: { kind: "integer", member: "MaxResults" },
  NextToken: { kind: "string", member: "NextToken" },
  DryRun: { kind: "boolean", member: "DryRun" },
};
const FILTER: Ec2Param = { kind: "filters", member: "Filters" };

export const CROSS_ACCOUNT_EC2_PARAMS: Record<string, Record<string, Ec2Param>> = {
  DescribeVpcs: { VpcId: { kind: "list", member: "VpcIds" }, Filter: FILTER, ...PAGE },
  DescribeVpcEndpoints: {
    VpcEndpointId: { kind: "list", member: "VpcEndpointIds" },
    Filter: FILTER,
    ...PAGE,
  },
};

interface XmlMember {
  xml: string;
  shape?: string;
  list?: boolean;
}
const x = (xml: string): XmlMember => ({ xml });
const xs = (xml: string, shape: string): XmlMember => ({ xml, shape });
const xl = (xml: string, shape?: string): XmlMember => ({ xml, list: true, ...(shape ? { shape } : {}) });

export const CROSS_ACCOUNT_EC2_SHAPES: Record<string, Record<string, XmlMember>> = {
  DescribeVpcsResult: { Vpcs: xl("vpcSet", "Vpc"), NextToken: x("nextToken") },
  Vpc: {
    VpcId: x("vpcId"),
    OwnerId: x("ownerId"),
    State: x("state"),
    CidrBlock: x("cidrBlock"),
    DhcpOptionsId: x("dhcpOptionsId"),
    InstanceTenancy: x("instanceTenancy"),
    IsDefault: x("isDefault"),
    CidrBlockAssociationSet: xl("cidrBlockAssociationSet", "VpcCidrBlockAssociation"),
    Ipv6CidrBlockAssociationSet: xl("ipv6CidrBlockAssociationSet", "VpcIpv6CidrBlockAssociation"),
    Tags: xl("tagSet", "Tag"),
  },
  VpcCidrBlockAssociation: {
    AssociationId: x("associationId"),
    CidrBlock: x("cidrBlock"),
    CidrBlockState: xs("cidrBlockState", "VpcCidrBlockState"),
  },
  VpcIpv6CidrBlockAssociation: {
    AssociationId: x("associationId"),
    Ipv6CidrBlock: x("ipv6CidrBlock"),
    Ipv6CidrBlockState: xs("ipv6CidrBlockState", "VpcCidrBlockState"),
  },
  VpcCidrBlockState: { State: x("state"), StatusMessage: x("statusMessage") },
  DescribeVpcEndpointsResult: {
    VpcEndpoints: xl("vpcEndpointSet", "VpcEndpoint"),
    NextToken: x("nextToken"),
  },
  VpcEndpoint: {
    VpcEndpointId: x("vpcEndpointId"),
    VpcEndpointType: x("vpcEndpointType"),
    VpcId: x("vpcId"),
    State: x("state"),
    SubnetIds: xl("subnetIdSet"),
    Groups: xl("groupSet", "SecurityGroupIdentifier"),
    OwnerId: x("ownerId"),
    ServiceNetworkArn: x("serviceNetworkArn"),
    CreationTimestamp: x("creationTimestamp"),
  },
  SecurityGroupIdentifier: { GroupId: x("groupId"), GroupName: x("groupName") },
};

// --- STS AssumeRole (awsQuery): what `--role-arn` sends through the SDK's credential provider -----

const ASSUME_ROLE_PARAMS = new Set([
  "Action",
  "Version",
  "RoleArn",
  "RoleSessionName",
  "DurationSeconds",
  "ExternalId",
  "Policy",
  "SerialNumber",
  "TokenCode",
  "SourceIdentity",
]);

export function decodeAssumeRole(form: URLSearchParams): { operation: string; input: Input } {
  if (form.get("Version") !== "2011-06-15")
    throw new RamWireProblem("InvalidParameterValue", `Version ${form.get("Version") ?? "(none)"}`);
  const input: Input = {};
  for (const [key, value] of form) {
    if (!ASSUME_ROLE_PARAMS.has(key))
      throw new RamWireProblem("InvalidParameterValue", `unexpected parameter ${key}`);
    if (key !== "Action" && key !== "Version") input[key] = key === "DurationSeconds" ? Number(value) : value;
  }
  if (!input.RoleArn || !input.RoleSessionName)
    throw new RamWireProblem("ValidationError", "AssumeRole needs RoleArn and RoleSessionName");
  return { operation: "AssumeRole", input };
}

function text(value: unknown): string {
  const s = value instanceof Date ? value.toISOString() : String(value);
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function assumeRoleXml(output: Record<string, unknown>, requestId: string): string {
  const c = output.Credentials as Record<string, unknown>;
  const u = output.AssumedRoleUser as Record<string, unknown>;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>' +
    `<Credentials><AccessKeyId>${text(c.AccessKeyId)}</AccessKeyId><SecretAccessKey>${text(c.SecretAccessKey)}</SecretAccessKey>` +
    `<SessionToken>${text(c.SessionToken)}</SessionToken><Expiration>${text(c.Expiration)}</Expiration></Credentials>` +
    `<AssumedRoleUser><AssumedRoleId>${text(u.AssumedRoleId)}</AssumedRoleId><Arn>${text(u.Arn)}</Arn></AssumedRoleUser>` +
    `</AssumeRoleResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></AssumeRoleResponse>`
  );
}
