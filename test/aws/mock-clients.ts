/**
 * Wires a FakeAccount behind aws-sdk-client-mock stubs on clients from createClients, one stub per
 * command gather or resolve uses. Tests override single commands with `.on(Command).rejects(…)`.
 */
import { mockClient, type AwsStub } from "aws-sdk-client-mock";
import type { MetadataBearer } from "@smithy/types";
import {
  GetAuthPolicyCommand,
  GetListenerCommand,
  GetRuleCommand,
  GetServiceCommand,
  GetServiceNetworkCommand,
  GetServiceNetworkServiceAssociationCommand,
  GetServiceNetworkVpcAssociationCommand,
  GetTargetGroupCommand,
  ListListenersCommand,
  ListRulesCommand,
  ListServiceNetworkResourceAssociationsCommand,
  ListServiceNetworkServiceAssociationsCommand,
  ListServiceNetworkVpcAssociationsCommand,
  ListServiceNetworkVpcEndpointAssociationsCommand,
  ListServicesCommand,
  ListTargetsCommand,
  ListAccessLogSubscriptionsCommand,
  VPCLatticeClient,
} from "@aws-sdk/client-vpc-lattice";
import {
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  ListMetricsCommand,
  CloudWatchClient,
} from "@aws-sdk/client-cloudwatch";
import {
  DescribeInstancesCommand,
  DescribeManagedPrefixListsCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  GetManagedPrefixListEntriesCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import {
  GetResourceShareAssociationsCommand,
  GetResourceShareInvitationsCommand,
  GetResourceSharesCommand,
  ListPendingInvitationResourcesCommand,
  ListResourcesCommand,
  RAMClient,
} from "@aws-sdk/client-ram";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { createClients, instrument, type AwsClients, type ServiceKey } from "../../src/aws/clients.js";
import type { FakeAccount } from "../support/fake-account.js";
import { REGION, fakeAccount } from "./default-account.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCommand = new (input: any) => any;

export const LATTICE_COMMANDS: [AnyCommand, string][] = [
  [GetServiceCommand, "GetService"],
  [ListServicesCommand, "ListServices"],
  [ListListenersCommand, "ListListeners"],
  [GetListenerCommand, "GetListener"],
  [ListRulesCommand, "ListRules"],
  [GetRuleCommand, "GetRule"],
  [GetTargetGroupCommand, "GetTargetGroup"],
  [ListTargetsCommand, "ListTargets"],
  [ListServiceNetworkServiceAssociationsCommand, "ListServiceNetworkServiceAssociations"],
  [GetServiceNetworkCommand, "GetServiceNetwork"],
  [ListServiceNetworkVpcAssociationsCommand, "ListServiceNetworkVpcAssociations"],
  [GetServiceNetworkVpcAssociationCommand, "GetServiceNetworkVpcAssociation"],
  [GetServiceNetworkServiceAssociationCommand, "GetServiceNetworkServiceAssociation"],
  [ListServiceNetworkResourceAssociationsCommand, "ListServiceNetworkResourceAssociations"],
  [ListServiceNetworkVpcEndpointAssociationsCommand, "ListServiceNetworkVpcEndpointAssociations"],
  [GetAuthPolicyCommand, "GetAuthPolicy"],
  [ListAccessLogSubscriptionsCommand, "ListAccessLogSubscriptions"],
];

export const CLOUDWATCH_COMMANDS: [AnyCommand, string][] = [
  [ListMetricsCommand, "ListMetrics"],
  [DescribeAlarmsCommand, "DescribeAlarms"],
  [GetMetricDataCommand, "GetMetricData"],
];

export const EC2_COMMANDS: [AnyCommand, string][] = [
  [DescribeInstancesCommand, "DescribeInstances"],
  [DescribeNetworkInterfacesCommand, "DescribeNetworkInterfaces"],
  [DescribeSecurityGroupRulesCommand, "DescribeSecurityGroupRules"],
  [DescribeSecurityGroupsCommand, "DescribeSecurityGroups"],
  [DescribeManagedPrefixListsCommand, "DescribeManagedPrefixLists"],
  [GetManagedPrefixListEntriesCommand, "GetManagedPrefixListEntries"],
  [DescribeSubnetsCommand, "DescribeSubnets"],
  [DescribeNetworkAclsCommand, "DescribeNetworkAcls"],
];

export const RAM_COMMANDS: [AnyCommand, string][] = [
  [GetResourceShareAssociationsCommand, "GetResourceShareAssociations"],
  [GetResourceSharesCommand, "GetResourceShares"],
  [GetResourceShareInvitationsCommand, "GetResourceShareInvitations"],
  [ListPendingInvitationResourcesCommand, "ListPendingInvitationResources"],
  [ListResourcesCommand, "ListResources"],
];

export interface Mocked {
  clients: AwsClients;
  lattice: AwsStub<object, MetadataBearer, unknown>;
  ec2: AwsStub<object, MetadataBearer, unknown>;
  sts: AwsStub<object, MetadataBearer, unknown>;
  cloudwatch: AwsStub<object, MetadataBearer, unknown>;
  ram: AwsStub<object, MetadataBearer, unknown>;
  /** How many times the clients' RAM getter was called (the client is built only on a RAM read). */
  logs: AwsStub<object, MetadataBearer, unknown>;
  s3: AwsStub<object, MetadataBearer, unknown>;
  ramLoads: () => number;
  /** How many times each client's getter was called. */
  loads: (key: ClientKey) => number;
  fake: FakeAccount;
}

export type ClientKey = Exclude<keyof AwsClients, "callLog" | "label" | "sdk">;

const SERVICE_OF: Record<ClientKey, ServiceKey> = {
  lattice: "vpc-lattice",
  ec2: "ec2",
  sts: "sts",
  cloudwatch: "cloudwatch",
  iam: "iam",
  ram: "ram",
  logs: "logs",
  s3: "s3",
};

/**
 * createClients builds each client on its first use; a stub needs it now. Builds the client
 * (instrumented as createClients does), makes it the getter's answer, and counts the getter's calls.
 */
export function builtNow<K extends ClientKey>(
  clients: AwsClients,
  key: K,
  client: Awaited<ReturnType<AwsClients[K]>>,
  counts?: Map<ClientKey, number>,
): Awaited<ReturnType<AwsClients[K]>> {
  instrument(client, SERVICE_OF[key], {
    region: REGION,
    callLog: clients.callLog,
    ...(clients.label ? { label: clients.label } : {}),
  });
  (clients as unknown as Record<K, () => Promise<unknown>>)[key] = () => {
    counts?.set(key, (counts.get(key) ?? 0) + 1);
    return Promise.resolve(client);
  };
  return client;
}

/** A stub for each client of a fresh createClients, each built now. */
export function stubbedClients(label?: string) {
  const clients = createClients({ region: REGION, ...(label ? { label } : {}) });
  const counts = new Map<ClientKey, number>();
  const config = { region: REGION };
  const stub = (client: object) =>
    mockClient(client as never) as unknown as AwsStub<object, MetadataBearer, unknown>;
  return {
    clients,
    counts,
    lattice: stub(builtNow(clients, "lattice", new VPCLatticeClient(config), counts)),
    ec2: stub(builtNow(clients, "ec2", new EC2Client(config), counts)),
    sts: stub(builtNow(clients, "sts", new STSClient(config), counts)),
    cloudwatch: stub(builtNow(clients, "cloudwatch", new CloudWatchClient(config), counts)),
    ram: stub(builtNow(clients, "ram", new RAMClient(config), counts)),
    logs: stub(builtNow(clients, "logs", new CloudWatchLogsClient(config), counts)),
    s3: stub(builtNow(clients, "s3", new S3Client(config), counts)),
  };
}

export function mockAccount(fake = fakeAccount()): Mocked {
  const { clients, counts, lattice, ec2, sts, cloudwatch, ram, logs, s3 } = stubbedClients();
  for (const [command, operation] of LATTICE_COMMANDS) {
    lattice.on(command).callsFake((input: unknown) => fake.answer("vpc-lattice", operation, input));
  }
  for (const [command, operation] of EC2_COMMANDS) {
    ec2.on(command).callsFake((input: unknown) => fake.answer("ec2", operation, input));
  }
  sts
    .on(GetCallerIdentityCommand)
    .callsFake((input: unknown) => fake.answer("sts", "GetCallerIdentity", input));
  for (const [command, operation] of CLOUDWATCH_COMMANDS) {
    cloudwatch.on(command).callsFake((input: unknown) => fake.answer("cloudwatch", operation, input));
  }
  for (const [command, operation] of RAM_COMMANDS) {
    ram.on(command).callsFake((input: unknown) => fake.answer("ram", operation, input));
  }
  logs
    .on(FilterLogEventsCommand)
    .callsFake((input: unknown) => fake.answer("logs", "FilterLogEvents", input));
  s3.on(ListObjectsV2Command).callsFake((input: unknown) => fake.answer("s3", "ListObjectsV2", input));
  s3.on(GetObjectCommand).callsFake((input: unknown) => fake.answer("s3", "GetObject", input));
  const loads = (key: ClientKey) => counts.get(key) ?? 0;
  return { clients, lattice, ec2, sts, cloudwatch, ram, logs, s3, ramLoads: () => loads("ram"), loads, fake };
}
