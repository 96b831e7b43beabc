/**
 * The SDK's commands and paginators as src/aws uses them, without loading the SDK: for clients whose
 * calls never go through the SDK's own stack (a replay answers each call from a recording). Loading
 * the SDK's client modules is 70–110 ms of a run's CPU, all of it wasted when nothing is signed,
 * sent or parsed.
 *
 * A command is its operation and input. A paginator is the SDK's own loop (@smithy/core
 * `createPaginator`, restated because the SDK's checks that the client is an instance of its
 * client class), with the token names each SDK paginator is created with (PAGINATION). A test
 * (test/aws/light-sdk.test.ts) runs every paginator and command of src/aws/sdk/ both ways and
 * requires the same requests, so a table entry that drifts from the SDK fails there.
 */
import type { ServiceKey } from "./clients.js";
import type * as LatticeSdk from "./sdk/vpc-lattice.js";
import type * as Ec2Sdk from "./sdk/ec2.js";
import type * as StsSdk from "./sdk/sts.js";
import type * as CloudWatchSdk from "./sdk/cloudwatch.js";
import type * as IamSdk from "./sdk/iam.js";
import type * as RamSdk from "./sdk/ram.js";
import type * as LogsSdk from "./sdk/logs.js";
import type * as S3Sdk from "./sdk/s3.js";

/** A command without the SDK: what a light client sends. */
export interface LightCommand {
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

/** What a light client answers a command with: the operation's output, or it throws the call's error. */
export interface LightClient {
  send(command: LightCommand, options?: { abortSignal?: AbortSignal }): Promise<Record<string, unknown>>;
}

/** A paginator's token names, as the SDK's createPaginator takes them: input, output, page size ("" for none). */
type Tokens = readonly [inputToken: string, outputToken: string, pageSizeToken: string];

const LATTICE: Tokens = ["nextToken", "nextToken", "maxResults"];
const EC2: Tokens = ["NextToken", "NextToken", "MaxResults"];
const RAM: Tokens = ["nextToken", "nextToken", "maxResults"];

/**
 * Every operation of src/aws/sdk/<service>.ts: its paginator's tokens, or `null` for an operation
 * sent only as a command; and the name of the client class each module exports.
 */
export const OPERATIONS: Record<ServiceKey, { client: string; operations: Record<string, Tokens | null> }> = {
  "vpc-lattice": {
    client: "VPCLatticeClient",
    operations: {
      GetAuthPolicy: null,
      GetListener: null,
      GetRule: null,
      GetService: null,
      GetServiceNetwork: null,
      GetServiceNetworkServiceAssociation: null,
      GetServiceNetworkVpcAssociation: null,
      GetTargetGroup: null,
      ListAccessLogSubscriptions: LATTICE,
      ListListeners: LATTICE,
      ListRules: LATTICE,
      ListServiceNetworkResourceAssociations: LATTICE,
      ListServiceNetworkServiceAssociations: LATTICE,
      ListServiceNetworkVpcAssociations: LATTICE,
      ListServiceNetworkVpcEndpointAssociations: LATTICE,
      ListServices: LATTICE,
      ListTargetGroups: null,
      ListTargets: LATTICE,
    },
  },
  ec2: {
    client: "EC2Client",
    operations: {
      DescribeInstances: EC2,
      DescribeManagedPrefixLists: EC2,
      DescribeNetworkAcls: EC2,
      DescribeNetworkInterfaces: EC2,
      DescribeSecurityGroupRules: EC2,
      DescribeSecurityGroups: EC2,
      DescribeSubnets: EC2,
      DescribeVpcEndpoints: EC2,
      DescribeVpcs: null,
      GetManagedPrefixListEntries: EC2,
    },
  },
  sts: { client: "STSClient", operations: { GetCallerIdentity: null } },
  cloudwatch: {
    client: "CloudWatchClient",
    operations: {
      DescribeAlarms: ["NextToken", "NextToken", "MaxRecords"],
      GetMetricData: ["NextToken", "NextToken", "MaxDatapoints"],
      ListMetrics: ["NextToken", "NextToken", ""],
    },
  },
  iam: { client: "IAMClient", operations: { SimulatePrincipalPolicy: ["Marker", "Marker", "MaxItems"] } },
  ram: {
    client: "RAMClient",
    operations: {
      GetResourceShareAssociations: RAM,
      GetResourceShareInvitations: RAM,
      GetResourceShares: RAM,
      ListPendingInvitationResources: RAM,
      ListResources: RAM,
    },
  },
  logs: {
    client: "CloudWatchLogsClient",
    operations: { FilterLogEvents: ["nextToken", "nextToken", "limit"] },
  },
  s3: {
    client: "S3Client",
    operations: {
      GetObject: null,
      ListObjectsV2: ["ContinuationToken", "NextContinuationToken", "MaxKeys"],
    },
  },
};

/** The paginator's configuration, as the SDK's paginators take it. */
interface PaginatorConfig {
  client: LightClient;
  pageSize?: number;
  startingToken?: unknown;
  stopOnSameToken?: boolean;
}

/** The SDK's createPaginator loop (@smithy/core), for a light client. */
function paginator(operation: string, [inputToken, outputToken, pageSizeToken]: Tokens) {
  return async function* paginate(
    config: PaginatorConfig,
    input: Record<string, unknown>,
    options?: { abortSignal?: AbortSignal },
  ): AsyncGenerator<Record<string, unknown>, undefined> {
    let token = config.startingToken ?? input[inputToken];
    let hasNext = true;
    while (hasNext) {
      input[inputToken] = token;
      if (pageSizeToken) input[pageSizeToken] = input[pageSizeToken] ?? config.pageSize;
      const page = await config.client.send({ operation, input }, options);
      yield page;
      const previous = token;
      token = tokenOf(page, outputToken);
      hasNext = Boolean(token && (!config.stopOnSameToken || token !== previous));
    }
    return undefined;
  };
}

/** `a.b` in `page`, as the SDK's paginators read an output token. */
function tokenOf(page: unknown, path: string): unknown {
  let cursor = page;
  for (const step of path.split(".")) {
    if (!cursor || typeof cursor !== "object") return undefined;
    cursor = (cursor as Record<string, unknown>)[step];
  }
  return cursor;
}

/** A command class for one operation: `new GetServiceCommand(input)` is `{ operation: "GetService", input }`. */
function commandClass(operation: string) {
  return class implements LightCommand {
    readonly operation = operation;
    constructor(readonly input: Record<string, unknown>) {}
  };
}

interface LightModules {
  "vpc-lattice": typeof LatticeSdk;
  ec2: typeof Ec2Sdk;
  sts: typeof StsSdk;
  cloudwatch: typeof CloudWatchSdk;
  iam: typeof IamSdk;
  ram: typeof RamSdk;
  logs: typeof LogsSdk;
  s3: typeof S3Sdk;
}

/**
 * The stand-in for src/aws/sdk/<service>.ts: each `<Operation>Command` and `paginate<Operation>`.
 * Typed as the SDK module it stands for: src/aws uses both the same way. Its client class is never
 * built (createClients builds a replay's clients itself).
 */
export function lightSdk<S extends ServiceKey>(service: S): LightModules[S] {
  const { client: clientName, operations } = OPERATIONS[service];
  const module: Record<string, unknown> = {
    [clientName]: function LightClientClass() {
      throw new Error(`${service}: a light client is built by createClients`);
    },
  };
  for (const [operation, tokens] of Object.entries(operations)) {
    module[`${operation}Command`] = commandClass(operation);
    if (tokens) module[`paginate${operation}`] = paginator(operation, tokens);
  }
  return module as unknown as LightModules[S];
}
