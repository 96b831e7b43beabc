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
} from "@aws-sdk/client-vpc-lattice";
import {
  DescribeAlarmsCommand,
  DescribeAlarmsForMetricCommand,
  GetMetricDataCommand,
  ListMetricsCommand,
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
} from "@aws-sdk/client-ec2";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
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
import { createClients, instrument, type AwsClients } from "../../src/aws/clients.js";
import { FakeAccount, REGION } from "./fake-account.js";

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
  [DescribeAlarmsForMetricCommand, "DescribeAlarmsForMetric"],
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
  /** How many times the clients' RAM loader was called (the client is built only on a RAM read). */
  logs: AwsStub<object, MetadataBearer, unknown>;
  s3: AwsStub<object, MetadataBearer, unknown>;
  ramLoads: () => number;
  fake: FakeAccount;
}

export function mockAccount(fake = new FakeAccount()): Mocked {
  const clients = createClients({ region: REGION });
  const lattice = mockClient(clients.lattice) as unknown as AwsStub<object, MetadataBearer, unknown>;
  const ec2 = mockClient(clients.ec2) as unknown as AwsStub<object, MetadataBearer, unknown>;
  const sts = mockClient(clients.sts) as unknown as AwsStub<object, MetadataBearer, unknown>;
  for (const [command, operation] of LATTICE_COMMANDS) {
    lattice.on(command).callsFake((input: unknown) => fake.answer("vpc-lattice", operation, input));
  }
  for (const [command, operation] of EC2_COMMANDS) {
    ec2.on(command).callsFake((input: unknown) => fake.answer("ec2", operation, input));
  }
  sts
    .on(GetCallerIdentityCommand)
    .callsFake((input: unknown) => fake.answer("sts", "GetCallerIdentity", input));
  const cloudwatch = mockClient(clients.cloudwatch) as unknown as AwsStub<object, MetadataBearer, unknown>;
  for (const [command, operation] of CLOUDWATCH_COMMANDS) {
    cloudwatch.on(command).callsFake((input: unknown) => fake.answer("cloudwatch", operation, input));
  }
  // The RAM client createClients would build on first use, built now so it can be stubbed.
  const ramClient = new RAMClient({ region: REGION });
  instrument(ramClient, "ram", { region: REGION, callLog: clients.callLog });
  let loads = 0;
  clients.ram = () => {
    loads++;
    return Promise.resolve(ramClient);
  };
  const ram = mockClient(ramClient) as unknown as AwsStub<object, MetadataBearer, unknown>;
  for (const [command, operation] of RAM_COMMANDS) {
    ram.on(command).callsFake((input: unknown) => fake.answer("ram", operation, input));
  }
  // The access-log clients, built now so they can be stubbed (createClients loads them on first use).
  const logsClient = new CloudWatchLogsClient({ region: REGION });
  instrument(logsClient, "logs", { region: REGION, callLog: clients.callLog });
  clients.logs = () => Promise.resolve(logsClient);
  const logs = mockClient(logsClient) as unknown as AwsStub<object, MetadataBearer, unknown>;
  logs
    .on(FilterLogEventsCommand)
    .callsFake((input: unknown) => fake.answer("logs", "FilterLogEvents", input));
  const s3Client = new S3Client({ region: REGION });
  instrument(s3Client, "s3", { region: REGION, callLog: clients.callLog });
  clients.s3 = () => Promise.resolve(s3Client);
  const s3 = mockClient(s3Client) as unknown as AwsStub<object, MetadataBearer, unknown>;
  s3.on(ListObjectsV2Command).callsFake((input: unknown) => fake.answer("s3", "ListObjectsV2", input));
  s3.on(GetObjectCommand).callsFake((input: unknown) => fake.answer("s3", "GetObject", input));
  return { clients, lattice, ec2, sts, cloudwatch, ram, logs, s3, ramLoads: () => loads, fake };
}
