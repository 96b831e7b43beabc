/**
 * The client's side and the other accounts: what `lattice doctor --from …` and a cross-account run
 * read after gather has read the service's path with the run's own credentials.
 *
 * - The client (`--from vpc-… | i-… | eni-… | sg-…`): instance → its network interfaces, subnet and
 *   groups; network interface → its groups and subnet; security group → its VPC; VPC → the VPC
 *   only. DescribeVpcs gives the VPC's owner and CIDRs. Then, in the client's account: the VPC's
 *   service-network associations (ListServiceNetworkVpcAssociations by vpcIdentifier, then
 *   GetServiceNetworkVpcAssociation for the groups), its service-network VPC endpoints
 *   (DescribeVpcEndpoints), the rules of the client's and the associations' security groups, and
 *   the client subnet's network ACL.
 * - RAM (gather-sharing.ts), when an account boundary is on the path (a network owned by another account than the
 *   service or the client): the consumer side (GetResourceShareInvitations,
 *   ListPendingInvitationResources for the pending ones, GetResourceShares and ListResources with
 *   resourceOwner OTHER-ACCOUNTS) with the credentials of each consumer account given, and the
 *   owner side (GetResourceShareAssociations RESOURCE / PRINCIPAL, GetResourceShares SELF) with the
 *   credentials of the network's owner when given (gather has read it for the run's own networks).
 *   When the service or the client's VPC is in no network, the pending invitations of the accounts
 *   that must associate (the hub-and-spoke trap: share-not-accepted).
 *
 * The default path (no `--from`, no second credentials) does not come here: it makes exactly the
 * calls gather makes. Tags are never read (ListTagsForResource fails on RAM-shared networks and no
 * check needs them).
 *
 * Which credentials read what: the client is looked up with each set in turn (the run's own first),
 * and the set that finds it reads everything of the client's account. Every call goes through one
 * p-limit limiter, like gather's; every failure becomes a ReadFailure, never a rejection.
 */
import pLimit, { type LimitFunction } from "p-limit";
import type { Instance, NetworkInterface } from "@aws-sdk/client-ec2";
import type {
  Client,
  ClientKind,
  ClientVpcAssociation,
  ClientVpcEndpoint,
  NetworkAcl,
  ReadFailure,
  Reader,
  SecurityGroup,
  SecurityGroupRule,
  Topology,
} from "../topology/types.js";
import type { AwsClients } from "./clients.js";
import { failureKindOf, fatalErrorOf, toReadFailure } from "./failures.js";
import {
  DEFAULT_CONCURRENCY,
  EC2_PAGE_SIZE,
  LATTICE_PAGE_SIZE,
  NETWORK_ACL_PAGE_SIZE,
  fromEc2Rule,
  toNetworkAcl,
  withVpcAssociationDetail,
} from "./gather.js";
import { PRIMARY_LABEL, type ReaderClients, type Spec, type XacctContext } from "./xacct-common.js";
import { accountOfArn } from "../core/util/arn.js";
import { byText, compact, unique } from "../core/util/collections.js";

export { PRIMARY_LABEL } from "./xacct-common.js";

const FROM_PATTERN = /^(vpc|i|eni|sg)-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;

/** `--from` as given, or an error message saying what was expected. */
export function parseFrom(input: string): { kind: ClientKind; id: string } | string {
  const id = input.trim();
  const m = FROM_PATTERN.exec(id);
  if (!m) {
    return `--from ${input}: expected the failing client as vpc-…, i-…, eni-… or sg-… (8 or 17 hex digits), e.g. --from i-0a1b2c3d4e5f67890`;
  }
  const kinds: Record<string, ClientKind> = {
    vpc: "vpc",
    i: "instance",
    eni: "network-interface",
    sg: "security-group",
  };
  return { kind: kinds[m[1]!]!, id };
}

export interface CrossAccountOptions {
  /** What gather read with the run's own credentials. */
  topology: Topology;
  primary: AwsClients;
  /** The other side's clients (`--consumer-profile` / `--role-arn`), labelled. */
  other?: AwsClients;
  from?: string;
  concurrency?: number;
}

function ids(items: ({ GroupId?: string } | undefined)[] | undefined): string[] {
  return unique((items ?? []).map((g) => g?.GroupId).filter((g): g is string => !!g));
}

class CrossAccountRun {
  private readonly failures: ReadFailure[] = [];
  private readonly limit: LimitFunction;
  private readers: ReaderClients[] = [];
  private readonly securityGroups = new Map<string, SecurityGroup>();
  private readonly subnets: NonNullable<Topology["subnets"]> = {};
  private readonly networkAcls = new Map<string, NetworkAcl>();
  private fatal: Error | undefined;
  /** The other side's credentials, when they could not be used at all. */
  private unusable: Reader | undefined;

  constructor(private readonly options: CrossAccountOptions) {
    this.limit = pLimit(Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY));
  }

  private async call<T>(spec: Spec, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (error) {
      this.record(spec, error);
      return undefined;
    }
  }

  private record(spec: Spec, error: unknown): void {
    const fatal = fatalErrorOf(error);
    // The run's own credentials failing ends the run (as in gather); the other side's only loses that side.
    if (fatal && spec.reader.label === PRIMARY_LABEL) this.fatal ??= fatal;
    const failure: ReadFailure = {
      ...toReadFailure(error, spec),
      ...(spec.owner && spec.owner !== spec.reader.accountId ? { foreignAccountId: spec.owner } : {}),
      ...(spec.reader.label !== PRIMARY_LABEL ? { readBy: spec.reader.label } : {}),
    };
    if (
      !this.failures.some(
        (f) =>
          f.call === failure.call &&
          f.resource === failure.resource &&
          f.readBy === failure.readBy &&
          f.errorCode === failure.errorCode,
      )
    )
      this.failures.push(failure);
  }

  /** A limited send: every page of every paginator goes through the one limiter. */
  private lim<C extends { send: (...args: never[]) => Promise<unknown> }>(client: C): C {
    const view = Object.create(client) as C;
    const send = (...args: unknown[]) =>
      this.limit(() => Reflect.apply(client.send, client, args) as Promise<unknown>);
    Object.defineProperty(view, "send", { value: send, writable: true, configurable: true });
    return view;
  }

  async run(): Promise<Topology> {
    const { topology, primary, other } = this.options;
    const primaryReader: Reader = compact({
      label: PRIMARY_LABEL,
      accountId: topology.accountId,
      callerArn: topology.callerArn,
    });
    this.readers = [{ reader: primaryReader, clients: primary }];
    if (other) {
      const reader: Reader = { label: other.label ?? "other" };
      try {
        const { GetCallerIdentityCommand } = await other.sdk.sts();
        const who = await this.lim(await other.sts()).send(new GetCallerIdentityCommand({}));
        if (who.Account) reader.accountId = who.Account;
        if (who.Arn) reader.callerArn = who.Arn;
        this.readers.push({ reader, clients: other });
      } catch (error) {
        // Unusable credentials (no such profile, AssumeRole refused): that side is not read at all,
        // and every part it would have read stays with the run's own credentials.
        // With --role-arn the first call is where the role is assumed: name that, not GetCallerIdentity.
        const roleArn = /^role (\S+)/.exec(reader.label)?.[1];
        const assuming =
          !!roleArn &&
          /AssumeRole|AccessDenied/i.test(`${(error as Error)?.name} ${(error as Error)?.message}`);
        this.record(
          {
            part: this.options.from ? "client" : "sharing",
            service: "sts",
            operation: assuming ? "AssumeRole" : "GetCallerIdentity",
            ...(roleArn ? { resource: roleArn } : {}),
            reader,
          },
          error,
        );
        this.unusable = reader;
      }
    }

    let client: Client | undefined;
    if (this.options.from) client = await this.readClient(this.options.from);
    const ctx: XacctContext = {
      call: (spec, fn) => this.call(spec, fn),
      lim: (c) => this.lim(c),
      readers: this.readers,
    };
    // Loaded here, not at startup: it brings @aws-sdk/client-ram.
    const { readSharing } = await import("./gather-sharing.js");
    const sharing = await readSharing(ctx, topology, client);
    if (this.fatal) throw this.fatal;

    const securityGroups = { ...Object.fromEntries(this.securityGroups), ...topology.securityGroups };
    const networkAcls = { ...Object.fromEntries(this.networkAcls), ...(topology.networkAcls ?? {}) };
    const subnets = { ...this.subnets, ...(topology.subnets ?? {}) };
    const sort = <T>(r: Record<string, T>) =>
      Object.fromEntries(Object.entries(r).sort(([a], [b]) => byText(a, b)));
    return compact({
      ...topology,
      securityGroups: sort(securityGroups),
      subnets: sort(subnets),
      networkAcls: sort(networkAcls),
      client,
      sharing,
      readers: [...this.readers.map((r) => r.reader), ...(this.unusable ? [this.unusable] : [])],
      failures: [...topology.failures, ...this.failures],
    });
  }

  // --- the client ----------------------------------------------------------------------------

  private async readClient(from: string): Promise<Client | undefined> {
    const parsed = parseFrom(from);
    if (typeof parsed === "string") return undefined; // the CLI refuses it before (exit 2)
    const misses: { reader: Reader; error: unknown }[] = [];
    for (const rc of this.readers) {
      const attempt = await this.lookupClient(rc, parsed.kind, parsed.id);
      if (attempt.client) {
        attempt.client.readBy = rc.reader.label;
        await this.readClientSide(rc, attempt.client);
        return attempt.client;
      }
      misses.push({ reader: rc.reader, error: attempt.error });
    }
    // Found by no credentials given: in another account (foreign-resource-not-evaluable), or gone.
    const owner = this.clientOwnerFromTopology(parsed.id) ?? "unknown";
    for (const miss of misses) {
      const spec: Spec = {
        part: "client",
        service: "ec2",
        operation: describeOperation(parsed.kind),
        resource: parsed.id,
        reader: miss.reader,
        ...(failureKindOf(miss.error) === "not-found" || failureKindOf(miss.error) === "access-denied"
          ? { owner }
          : {}),
      };
      this.record(spec, miss.error);
    }
    return undefined;
  }

  /** A VPC association of the service's networks names the VPC: its ARN names the account. */
  private clientOwnerFromTopology(id: string): string | undefined {
    if (!id.startsWith("vpc-")) return undefined;
    const association = this.options.topology.vpcAssociations.find((a) => a.vpcId === id);
    return accountOfArn(association?.arn);
  }

  private async lookupClient(
    rc: ReaderClients,
    kind: ClientKind,
    id: string,
  ): Promise<{ client?: Client; error?: unknown }> {
    const ec2 = this.lim(await rc.clients.ec2());
    const {
      DescribeInstancesCommand,
      DescribeNetworkInterfacesCommand,
      DescribeSecurityGroupsCommand,
      DescribeVpcsCommand,
    } = await rc.clients.sdk.ec2();
    try {
      let client: Client;
      if (kind === "instance") {
        const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
        const reservation = out.Reservations?.find((r) => r.Instances?.some((i) => i.InstanceId === id));
        const instance = reservation?.Instances?.find((i) => i.InstanceId === id);
        if (!instance) return { error: notFound("InvalidInstanceID.NotFound", id) };
        client = instanceClient(id, instance, reservation?.OwnerId);
      } else if (kind === "network-interface") {
        const out = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [id] }));
        const eni = out.NetworkInterfaces?.find((e) => e.NetworkInterfaceId === id);
        if (!eni) return { error: notFound("InvalidNetworkInterfaceID.NotFound", id) };
        client = eniClient(id, eni);
      } else if (kind === "security-group") {
        const out = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [id] }));
        const group = out.SecurityGroups?.find((g) => g.GroupId === id);
        if (!group) return { error: notFound("InvalidGroup.NotFound", id) };
        client = compact({
          input: id,
          kind,
          vpcId: group.VpcId,
          ownerAccountId: group.OwnerId,
          securityGroupIds: [id],
        });
      } else {
        client = { input: id, kind, vpcId: id, securityGroupIds: [] };
      }
      if (client.vpcId) {
        const vpcs = await ec2.send(new DescribeVpcsCommand({ VpcIds: [client.vpcId] }));
        const vpc = vpcs.Vpcs?.find((v) => v.VpcId === client.vpcId);
        if (!vpc) return { error: notFound("InvalidVpcID.NotFound", client.vpcId) };
        // Only the VPC's owner can associate it: its account is the client's for Lattice.
        if (vpc.OwnerId) client.ownerAccountId = vpc.OwnerId;
        const cidrs = [
          ...(vpc.CidrBlockAssociationSet ?? [])
            .filter((c) => !c.CidrBlockState?.State || c.CidrBlockState.State === "associated")
            .map((c) => c.CidrBlock),
          ...(vpc.Ipv6CidrBlockAssociationSet ?? [])
            .filter((c) => !c.Ipv6CidrBlockState?.State || c.Ipv6CidrBlockState.State === "associated")
            .map((c) => c.Ipv6CidrBlock),
        ].filter((c): c is string => !!c);
        if (cidrs.length === 0 && vpc.CidrBlock) cidrs.push(vpc.CidrBlock);
        client.vpcCidrBlocks = unique(cidrs);
      }
      return { client };
    } catch (error) {
      const fatal = fatalErrorOf(error);
      if (fatal && rc.reader.label === PRIMARY_LABEL) this.fatal ??= fatal;
      return { error };
    }
  }

  private async readClientSide(found: ReaderClients, client: Client): Promise<void> {
    const vpcId = client.vpcId;
    if (!vpcId) return;
    // A shared VPC (subnets shared through RAM): only its owner associates it, so its associations
    // are read with the owner's credentials; without them they are not evaluable from here (foreign-resource-not-evaluable).
    const owner = client.ownerAccountId;
    const foreignVpc = !!owner && !!found.reader.accountId && owner !== found.reader.accountId;
    const rc = foreignVpc ? (this.readers.find((r) => r.reader.accountId === owner) ?? found) : found;
    const reader = rc.reader;
    const lattice = this.lim(await rc.clients.lattice());
    const ec2 = this.lim(await rc.clients.ec2());
    const { GetServiceNetworkVpcAssociationCommand, paginateListServiceNetworkVpcAssociations } =
      await rc.clients.sdk.lattice();
    const { paginateDescribeVpcEndpoints } = await rc.clients.sdk.ec2();
    const groupReads: Promise<void>[] = [];
    if (rc.reader.accountId !== owner && foreignVpc) {
      this.failures.push({
        part: "clientVpcAssociations",
        call: "vpc-lattice:ListServiceNetworkVpcAssociations",
        action: "vpc-lattice:ListServiceNetworkVpcAssociations",
        resource: vpcId,
        kind: "access-denied",
        errorCode: "NotVpcOwner",
        message: `${vpcId} is owned by ${owner} (a shared VPC): only its owner associates it with a service network`,
        foreignAccountId: owner,
        ...(found.reader.label !== PRIMARY_LABEL ? { readBy: found.reader.label } : {}),
      });
    }
    const associationsRead = (async () => {
      if (rc.reader.accountId !== owner && foreignVpc) return;
      const associations = await this.call(
        {
          part: "clientVpcAssociations",
          service: "vpc-lattice",
          operation: "ListServiceNetworkVpcAssociations",
          resource: vpcId,
          reader,
        },
        async () => {
          const out: ClientVpcAssociation[] = [];
          const pages = paginateListServiceNetworkVpcAssociations(
            { client: lattice, pageSize: LATTICE_PAGE_SIZE },
            { vpcIdentifier: vpcId },
          );
          for await (const page of pages) {
            for (const item of page.items ?? []) {
              out.push(
                compact({
                  id: item.id ?? "",
                  arn: item.arn ?? "",
                  status: item.status ?? "UNKNOWN",
                  serviceNetworkId: item.serviceNetworkId ?? "",
                  serviceNetworkArn: item.serviceNetworkArn,
                  serviceNetworkName: item.serviceNetworkName,
                  vpcId: item.vpcId ?? vpcId,
                }),
              );
            }
          }
          return out;
        },
      );
      if (!associations) return;
      await Promise.all(
        associations.map(async (association) => {
          const out = await this.call(
            {
              part: "clientVpcAssociations",
              service: "vpc-lattice",
              operation: "GetServiceNetworkVpcAssociation",
              resource: association.id,
              reader,
            },
            () =>
              lattice.send(
                new GetServiceNetworkVpcAssociationCommand({
                  serviceNetworkVpcAssociationIdentifier: association.id,
                }),
              ),
          );
          if (!out) return;
          groupReads.push(this.readGroups(rc, withVpcAssociationDetail(association, out)));
        }),
      );
      client.vpcAssociations = associations;
    })();
    const endpointsRead = (async () => {
      const endpoints = await this.call(
        {
          part: "clientVpcAssociations",
          service: "ec2",
          operation: "DescribeVpcEndpoints",
          resource: vpcId,
          reader,
        },
        async () => {
          const out: ClientVpcEndpoint[] = [];
          const pages = paginateDescribeVpcEndpoints(
            { client: ec2, pageSize: EC2_PAGE_SIZE },
            {
              Filters: [
                { Name: "vpc-id", Values: [vpcId] },
                { Name: "vpc-endpoint-type", Values: ["ServiceNetwork"] },
              ],
            },
          );
          for await (const page of pages) {
            for (const e of page.VpcEndpoints ?? []) {
              if (!e.VpcEndpointId) continue;
              out.push(
                compact({
                  vpcEndpointId: e.VpcEndpointId,
                  vpcId: e.VpcId,
                  ownerId: e.OwnerId,
                  serviceNetworkArn: e.ServiceNetworkArn,
                  state: e.State,
                  securityGroupIds: ids(e.Groups),
                }),
              );
            }
          }
          return out;
        },
      );
      if (endpoints) client.vpcEndpoints = endpoints;
    })();
    groupReads.push(this.readGroups(found, client.securityGroupIds));
    const subnetRead = client.subnetId ? this.readSubnet(found, client.subnetId) : Promise.resolve();
    await Promise.all([associationsRead, endpointsRead, subnetRead]);
    await Promise.all(groupReads);
  }

  /** DescribeSecurityGroupRules for groups gather has not read (the client's, its VPC's associations'). */
  private async readGroups(rc: ReaderClients, groupIds: string[]): Promise<void> {
    const fresh = unique(groupIds).filter(
      (id) => id && !this.options.topology.securityGroups[id] && !this.securityGroups.has(id),
    );
    if (fresh.length === 0) return;
    for (const id of fresh) this.securityGroups.set(id, { groupId: id, rules: [] });
    const ec2 = this.lim(await rc.clients.ec2());
    const { paginateDescribeSecurityGroupRules } = await rc.clients.sdk.ec2();
    const rules = await this.call(
      {
        part: "clientNetwork",
        service: "ec2",
        operation: "DescribeSecurityGroupRules",
        resource: fresh.join(","),
        reader: rc.reader,
      },
      async () => {
        const out: SecurityGroupRule[] = [];
        const pages = paginateDescribeSecurityGroupRules(
          { client: ec2, pageSize: EC2_PAGE_SIZE },
          { Filters: [{ Name: "group-id", Values: fresh }] },
        );
        for await (const page of pages) {
          for (const r of page.SecurityGroupRules ?? []) {
            out.push(fromEc2Rule(r));
          }
        }
        return out;
      },
    );
    if (!rules) {
      for (const id of fresh) this.securityGroups.delete(id);
      return;
    }
    for (const rule of rules) this.securityGroups.get(rule.groupId)?.rules.push(rule);
  }

  private async readSubnet(rc: ReaderClients, subnetId: string): Promise<void> {
    if (this.options.topology.subnets?.[subnetId]?.networkAclId) return; // a target subnet too: read
    const ec2 = this.lim(await rc.clients.ec2());
    const { DescribeSubnetsCommand, paginateDescribeNetworkAcls } = await rc.clients.sdk.ec2();
    const spec = (operation: string): Spec => ({
      part: "clientNetwork",
      service: "ec2",
      operation,
      resource: subnetId,
      reader: rc.reader,
    });
    const [subnets] = await Promise.all([
      this.call(spec("DescribeSubnets"), () =>
        ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] })),
      ),
      this.call(spec("DescribeNetworkAcls"), async () => {
        const pages = paginateDescribeNetworkAcls(
          { client: ec2, pageSize: NETWORK_ACL_PAGE_SIZE },
          { Filters: [{ Name: "association.subnet-id", Values: [subnetId] }] },
        );
        for await (const page of pages) {
          for (const acl of page.NetworkAcls ?? []) {
            if (!acl.NetworkAclId) continue;
            this.networkAcls.set(acl.NetworkAclId, toNetworkAcl(acl));
            if ((acl.Associations ?? []).some((a) => a.SubnetId === subnetId)) {
              this.subnets[subnetId] = {
                ...(this.subnets[subnetId] ?? { subnetId }),
                networkAclId: acl.NetworkAclId,
              };
            }
          }
        }
      }),
    ]);
    const s = subnets?.Subnets?.find((x) => x.SubnetId === subnetId);
    if (s) {
      this.subnets[subnetId] = compact({
        ...(this.subnets[subnetId] ?? {}),
        subnetId,
        vpcId: s.VpcId,
        cidrBlock: s.CidrBlock,
        availabilityZoneId: s.AvailabilityZoneId,
      });
    }
  }
}

function describeOperation(kind: ClientKind): string {
  switch (kind) {
    case "instance":
      return "DescribeInstances";
    case "network-interface":
      return "DescribeNetworkInterfaces";
    case "security-group":
      return "DescribeSecurityGroups";
    default:
      return "DescribeVpcs";
  }
}

function notFound(name: string, id: string): Error {
  const error = new Error(`The ${id} does not exist`);
  error.name = name;
  return error;
}

function instanceClient(id: string, instance: Instance, reservationOwner: string | undefined): Client {
  const enis = [...(instance.NetworkInterfaces ?? [])].sort(
    (a, b) => (a.Attachment?.DeviceIndex ?? 99) - (b.Attachment?.DeviceIndex ?? 99),
  );
  const ipv6 = enis.flatMap((e) => (e.Ipv6Addresses ?? []).map((a) => a.Ipv6Address));
  return compact({
    input: id,
    kind: "instance" as const,
    instanceId: id,
    vpcId: instance.VpcId,
    ownerAccountId: reservationOwner,
    networkInterfaceIds: enis.map((e) => e.NetworkInterfaceId).filter((x): x is string => !!x),
    subnetId: enis[0]?.SubnetId ?? instance.SubnetId,
    securityGroupIds: unique([...enis.flatMap((e) => ids(e.Groups)), ...ids(instance.SecurityGroups)]),
    privateIpAddress: instance.PrivateIpAddress ?? enis[0]?.PrivateIpAddress,
    ipv6Addresses: ipv6.length ? ipv6.filter((a): a is string => !!a) : undefined,
  });
}

function eniClient(id: string, eni: NetworkInterface): Client {
  const ipv6 = (eni.Ipv6Addresses ?? []).map((a) => a.Ipv6Address).filter((a): a is string => !!a);
  return compact({
    input: id,
    kind: "network-interface" as const,
    instanceId: eni.Attachment?.InstanceId,
    vpcId: eni.VpcId,
    ownerAccountId: eni.OwnerId,
    networkInterfaceIds: [id],
    subnetId: eni.SubnetId,
    securityGroupIds: ids(eni.Groups),
    privateIpAddress: eni.PrivateIpAddress,
    ipv6Addresses: ipv6.length ? ipv6 : undefined,
  });
}

/** Reads the client's side and the other accounts' RAM state into a copy of the topology. */
export function gatherCrossAccount(options: CrossAccountOptions): Promise<Topology> {
  return new CrossAccountRun(options).run();
}
