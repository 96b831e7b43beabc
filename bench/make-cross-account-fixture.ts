/**
 * Generates fixtures/recordings/cross-account-not-shareable.recording.json: a two-account run with
 * `--from` and `--consumer-profile`, recorded through the real clients (guard, call log, recorder)
 * and the real gather + gatherCrossAccount.
 *
 * The story: the producer (111122223333, the run's own credentials) serves orders-api in its own
 * network platform-prod, created with sharingConfig.enabled false. A checkout worker in the consumer
 * account (222233334444, --consumer-profile consumer-prod) must call it: its VPC is associated with
 * no network, and the network cannot be shared → LAT-210, and LAT-205 as its effect.
 *
 * The producer's side comes from FakeAccount over healthyOrdersScenario (as the committed
 * healthy-orders recording); the consumer's side and the cross-account reads of the producer are
 * answered from the table below, in API response shapes.
 *
 * Usage: npm run build && node dist/bench/make-cross-account-fixture.js [--check]
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createClients } from "../src/aws/clients.js";
import { gather } from "../src/aws/gather.js";
import { DEFAULT_WINDOW_SECONDS } from "../src/aws/gather-signals.js";
import { gatherCrossAccount } from "../src/aws/gather-xacct.js";
import {
  newRecording,
  ReplayedServiceError,
  type CallAnswerer,
  type Recording,
} from "../src/aws/recording.js";
import { PACKAGE_ROOT } from "../src/version.js";
import { FakeAccount } from "../test/support/fake-account.js";
import { FIXED_RECORDED_AT, FIXED_TOOL_VERSION, sortCalls } from "./make-fixtures.js";
import { DEMO, healthyOrdersScenario } from "./scenarios.js";

export const CROSS_ACCOUNT_FIXTURE = "fixtures/recordings/cross-account-not-shareable.recording.json";
export const CONSUMER_LABEL = "consumer-profile consumer-prod";
export const CONSUMER_ACCOUNT = "222233334444";
export const CLIENT = {
  instance: "i-0c1d2e3f4a5b6c7d8",
  eni: "eni-0e1f2a3b4c5d6e7f8",
  vpc: "vpc-0f9e8d7c6b5a43210",
  subnet: "subnet-0d1e2f3a4b5c6d7e8",
  securityGroup: "sg-0e7f6a5b4c3d21098",
  acl: "acl-0c2d4e6f8a0b1c3d5",
  address: "10.20.1.15",
  cidr: "10.20.0.0/16",
} as const;

type Output = Record<string, unknown>;

function notFound(name: string, message: string): never {
  throw new ReplayedServiceError({ name, message, httpStatusCode: 400, fault: "client" });
}

/** The consumer account's answers (every call is made with --consumer-profile's credentials). */
function consumerAnswer(operation: string): Output {
  switch (operation) {
    case "GetCallerIdentity":
      return {
        UserId: "AROA2CONSUMEREXAMPLE:jane.doe",
        Account: CONSUMER_ACCOUNT,
        Arn: `arn:aws:sts::${CONSUMER_ACCOUNT}:assumed-role/ReadOnly/jane.doe`,
      };
    case "DescribeInstances":
      return {
        Reservations: [
          {
            ReservationId: "r-0a1b2c3d4e5f60718",
            OwnerId: CONSUMER_ACCOUNT,
            Instances: [
              {
                InstanceId: CLIENT.instance,
                VpcId: CLIENT.vpc,
                SubnetId: CLIENT.subnet,
                PrivateIpAddress: CLIENT.address,
                SecurityGroups: [{ GroupId: CLIENT.securityGroup, GroupName: "checkout-workers" }],
                NetworkInterfaces: [
                  {
                    NetworkInterfaceId: CLIENT.eni,
                    SubnetId: CLIENT.subnet,
                    VpcId: CLIENT.vpc,
                    OwnerId: CONSUMER_ACCOUNT,
                    PrivateIpAddress: CLIENT.address,
                    Attachment: { DeviceIndex: 0, Status: "attached" },
                    Groups: [{ GroupId: CLIENT.securityGroup, GroupName: "checkout-workers" }],
                  },
                ],
              },
            ],
          },
        ],
      };
    case "DescribeVpcs":
      return {
        Vpcs: [
          {
            VpcId: CLIENT.vpc,
            OwnerId: CONSUMER_ACCOUNT,
            CidrBlock: CLIENT.cidr,
            State: "available",
            CidrBlockAssociationSet: [
              {
                AssociationId: "vpc-cidr-assoc-0a1b2c3d4e5f60718",
                CidrBlock: CLIENT.cidr,
                CidrBlockState: { State: "associated" },
              },
            ],
          },
        ],
      };
    case "ListServiceNetworkVpcAssociations":
      return { items: [] };
    case "DescribeVpcEndpoints":
      return { VpcEndpoints: [] };
    case "DescribeSecurityGroupRules":
      return {
        SecurityGroupRules: [
          {
            SecurityGroupRuleId: "sgr-0c1d2e3f4a5b6c7d8",
            GroupId: CLIENT.securityGroup,
            GroupOwnerId: CONSUMER_ACCOUNT,
            IsEgress: true,
            IpProtocol: "-1",
            FromPort: -1,
            ToPort: -1,
            CidrIpv4: "0.0.0.0/0",
          },
        ],
      };
    case "DescribeSubnets":
      return {
        Subnets: [
          {
            SubnetId: CLIENT.subnet,
            VpcId: CLIENT.vpc,
            CidrBlock: "10.20.1.0/24",
            AvailabilityZoneId: "use1-az2",
            OwnerId: CONSUMER_ACCOUNT,
          },
        ],
      };
    case "DescribeNetworkAcls":
      return {
        NetworkAcls: [
          {
            NetworkAclId: CLIENT.acl,
            VpcId: CLIENT.vpc,
            IsDefault: true,
            OwnerId: CONSUMER_ACCOUNT,
            Associations: [
              {
                NetworkAclAssociationId: "aclassoc-0a1b2c3d4e5f60718",
                NetworkAclId: CLIENT.acl,
                SubnetId: CLIENT.subnet,
              },
            ],
            Entries: [
              { RuleNumber: 100, Egress: false, Protocol: "-1", RuleAction: "allow", CidrBlock: "0.0.0.0/0" },
              {
                RuleNumber: 32767,
                Egress: false,
                Protocol: "-1",
                RuleAction: "deny",
                CidrBlock: "0.0.0.0/0",
              },
              { RuleNumber: 100, Egress: true, Protocol: "-1", RuleAction: "allow", CidrBlock: "0.0.0.0/0" },
              { RuleNumber: 32767, Egress: true, Protocol: "-1", RuleAction: "deny", CidrBlock: "0.0.0.0/0" },
            ],
          },
        ],
      };
    case "GetResourceShareInvitations":
      // A pending invitation for something else (a database shared by the data team): not this path's.
      return {
        resourceShareInvitations: [
          {
            resourceShareInvitationArn: `arn:aws:ram:us-east-1:333344445555:resource-share-invitation/0f4e2d6c-8a1b-4c3d-9e5f-7a6b5c4d3e2f`,
            resourceShareName: "orders-db",
            resourceShareArn:
              "arn:aws:ram:us-east-1:333344445555:resource-share/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
            senderAccountId: "333344445555",
            receiverAccountId: CONSUMER_ACCOUNT,
            invitationTimestamp: "2025-11-27T16:20:00.000Z",
            status: "PENDING",
          },
        ],
      };
    case "ListPendingInvitationResources":
      return {
        resources: [
          {
            arn: "arn:aws:vpc-lattice:us-east-1:333344445555:resourceconfiguration/rcfg-0a1b2c3d4e5f60718",
            type: "vpc-lattice:ResourceConfiguration",
            resourceShareArn:
              "arn:aws:ram:us-east-1:333344445555:resource-share/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
            status: "AVAILABLE",
          },
        ],
      };
    case "GetResourceShares":
      return { resourceShares: [] };
    case "ListResources":
      return { resources: [] };
    default:
      return notFound("UnknownOperationException", `not in the consumer table: ${operation}`);
  }
}

/** The producer from a FakeAccount, the consumer (and the producer's cross-account reads) from the table above. */
export class TwoAccounts implements CallAnswerer {
  /** `assumeRoleKey`: the access key id sts:AssumeRole hands out for the consumer's role (wire tests). */
  constructor(
    private readonly producer: FakeAccount,
    private readonly assumeRoleKey?: string,
  ) {}

  async answer(service: string, operation: string, input: unknown, credentials?: string): Promise<Output> {
    // Any labelled credentials are the consumer's (--consumer-profile, or a role assumed there).
    if (credentials) return { ...consumerAnswer(operation), $metadata: {} };
    if (service === "sts" && operation === "AssumeRole" && this.assumeRoleKey) {
      const roleArn = String((input as { RoleArn?: string }).RoleArn);
      if (!roleArn.includes(`::${CONSUMER_ACCOUNT}:role/`))
        notFound("AccessDenied", `not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
      return {
        Credentials: {
          AccessKeyId: this.assumeRoleKey,
          SecretAccessKey: "wire-assumed-secret",
          SessionToken: "wire-assumed-session-token",
          Expiration: new Date(Date.now() + 3600_000).toISOString(),
        },
        AssumedRoleUser: {
          AssumedRoleId: "AROA2CONSUMEREXAMPLE:lattice-doctor",
          Arn: `arn:aws:sts::${CONSUMER_ACCOUNT}:assumed-role/${roleArn.split("/").pop()}/lattice-doctor`,
        },
        $metadata: {},
      };
    }
    // The producer's cross-account reads: the client is not in this account; the network is in no share.
    if (operation === "DescribeInstances" && JSON.stringify(input).includes(CLIENT.instance))
      notFound("InvalidInstanceID.NotFound", `The instance ID '${CLIENT.instance}' does not exist`);
    if (service === "ram" && operation === "GetResourceShareAssociations")
      return { resourceShareAssociations: [], $metadata: {} };
    return this.producer.answer(service, operation, input);
  }
}

export async function recordCrossAccount(): Promise<Recording> {
  const scenario = healthyOrdersScenario();
  const answerer = new TwoAccounts(new FakeAccount(scenario));
  const recording = newRecording({
    input: DEMO.service,
    region: scenario.region,
    recordedAt: FIXED_RECORDED_AT,
    windowSeconds: DEFAULT_WINDOW_SECONDS,
    toolVersion: FIXED_TOOL_VERSION,
    from: CLIENT.instance,
    otherCredentials: CONSUMER_LABEL,
    description:
      "Two accounts: orders-api (111122223333) is in platform-prod, created with sharingConfig.enabled false; " +
      `the failing client ${CLIENT.instance} is in 222233334444 (--consumer-profile consumer-prod), whose VPC ` +
      "is associated with no network. Replay with --from is implied by meta.from. Simulated accounts.",
  });
  const primary = createClients({ region: scenario.region, replayer: answerer, recording });
  const other = createClients({
    region: scenario.region,
    replayer: answerer,
    recording,
    label: CONSUMER_LABEL,
  });
  // The live-signal window ends at the recording's time, so a fresh recording is byte-identical.
  const topology = await gather({
    clients: primary,
    region: scenario.region,
    serviceId: DEMO.service,
    now: new Date(FIXED_RECORDED_AT),
    windowSeconds: DEFAULT_WINDOW_SECONDS,
  });
  await gatherCrossAccount({ topology, primary, other, from: CLIENT.instance });
  recording.calls = sortCalls(recording.calls);
  return recording;
}

async function main(): Promise<void> {
  const check = process.argv.includes("--check");
  const text = JSON.stringify(await recordCrossAccount(), null, 2) + "\n";
  const path = join(PACKAGE_ROOT, CROSS_ACCOUNT_FIXTURE);
  if (check) {
    const committed = await readFile(path, "utf8").catch(() => "");
    if (committed !== text) {
      process.stderr.write(`${CROSS_ACCOUNT_FIXTURE} differs from a fresh recording: regenerate it\n`);
      process.exitCode = 1;
    }
    return;
  }
  await writeFile(path, text, "utf8");
  process.stderr.write(`wrote ${CROSS_ACCOUNT_FIXTURE}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
