/**
 * EC2 as the simulated account answers it: `MaxResults` / `NextToken` paging with each
 * operation's limits (all results when MaxResults is absent), `Filters` (AND across filters, OR
 * across a filter's values, `*` / `?` wildcards, an error for a filter the operation does not
 * support), id lists (`InstanceIds`, `GroupIds` …) with EC2's not-found errors.
 */
import type { Instance, IpPermission, NetworkInterface, SecurityGroupRule } from "@aws-sdk/client-ec2";
import { canonicalIp } from "../../../src/core/util/ip.js";
import { fail, str, strings, type Handlers, type Input, type Output } from "./common.js";
import type { Pager } from "./paging.js";
import type { Scenario } from "./scenario.js";

/** EC2 MaxResults ranges per operation (API reference). */
const MAX_RESULTS: Record<string, [number, number]> = {
  DescribeInstances: [5, 1000],
  DescribeNetworkInterfaces: [5, 1000],
  DescribeSecurityGroups: [5, 1000],
  DescribeSecurityGroupRules: [5, 1000],
  DescribeSubnets: [5, 1000],
  DescribeNetworkAcls: [5, 100],
  DescribeManagedPrefixLists: [1, 100],
  GetManagedPrefixListEntries: [1, 100],
};

interface Filter {
  Name?: string;
  Values?: string[];
}

/** The values of one filter name an item has. */
type Extractor<T> = (item: T) => (string | undefined)[];

function wildcard(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`);
}

function filter<T>(items: T[], input: Input, extractors: Record<string, Extractor<T>>): T[] {
  const filters = (Array.isArray(input.Filters) ? input.Filters : []) as Filter[];
  for (const f of filters) {
    if (!f.Name || !extractors[f.Name]) {
      fail("InvalidParameterValue", 400, `The filter '${f.Name ?? ""}' is invalid`);
    }
  }
  return items.filter((item) =>
    filters.every((f) => {
      const values = (extractors[f.Name!]!(item).filter((v) => v !== undefined) as string[]).map(canonicalIp);
      return (f.Values ?? []).some((wanted) => {
        const w = canonicalIp(wanted);
        return /[*?]/.test(w) ? values.some((v) => wildcard(w).test(v)) : values.includes(w);
      });
    }),
  );
}

/** The items an id list names (all when it is absent), or EC2's not-found error for unknown ids. */
function chosen<T>(
  items: T[],
  ids: string[] | undefined,
  idOf: (item: T) => string | undefined,
  code: string,
  what: string,
): T[] {
  const known = new Set(items.map(idOf));
  const missing = (ids ?? []).filter((id) => !known.has(id));
  if (missing.length === 1) fail(code, 400, `The ${what} '${missing[0]}' does not exist`);
  if (missing.length > 1) fail(code, 400, `The ${what}s '${missing.join(", ")}' do not exist`);
  return ids?.length ? items.filter((item) => ids.includes(idOf(item)!)) : items;
}

function noMaxResultsWith(input: Input, ids: string[] | undefined, member: string): void {
  if (ids?.length && input.MaxResults !== undefined) {
    fail(
      "InvalidParameterCombination",
      400,
      `The parameter ${member} cannot be used with the parameter maxResults`,
    );
  }
}

export class Ec2Api {
  constructor(
    private readonly scenario: Scenario,
    private readonly pager: Pager,
  ) {}

  handlers(): Handlers {
    return {
      DescribeInstances: (i) => this.describeInstances(i),
      DescribeNetworkInterfaces: (i) => this.describeNetworkInterfaces(i),
      DescribeSecurityGroups: (i) => this.describeSecurityGroups(i),
      DescribeSecurityGroupRules: (i) => this.describeSecurityGroupRules(i),
      DescribeSubnets: (i) => this.describeSubnets(i),
      DescribeNetworkAcls: (i) => this.describeNetworkAcls(i),
      DescribeManagedPrefixLists: (i) => this.describeManagedPrefixLists(i),
      GetManagedPrefixListEntries: (i) => this.getManagedPrefixListEntries(i),
    };
  }

  /** One page of an EC2 list: `{[key]: items, NextToken?}`. */
  private page<T>(operation: string, input: Input, items: T[], key: string): { page: T[]; out: Output } {
    const maxResults = input.MaxResults;
    const [min, max] = MAX_RESULTS[operation] ?? [1, 1000];
    if (
      maxResults !== undefined &&
      (typeof maxResults !== "number" || maxResults < min || maxResults > max)
    ) {
      fail(
        "InvalidParameterValue",
        400,
        `Value (${String(maxResults)}) for parameter maxResults is invalid. Expecting a value between ${min} and ${max}.`,
      );
    }
    const { NextToken: _t, MaxResults: _m, ...query } = input;
    const page = this.pager.page(
      {
        operation,
        scope: `${operation}:${JSON.stringify(query)}`,
        token: str(input, "NextToken"),
        requested: (maxResults as number | undefined) ?? Infinity,
        invalidToken: () => fail("InvalidNextToken", 400, "The specified token is invalid or expired."),
      },
      items,
    );
    const out = page.next === undefined ? { [key]: page.items } : { [key]: page.items, NextToken: page.next };
    return { page: page.items, out };
  }

  private describeInstances(input: Input): Output {
    const ids = strings(input, "InstanceIds");
    const all = chosen(
      this.scenario.instances,
      ids,
      (i) => i.InstanceId,
      "InvalidInstanceID.NotFound",
      "instance ID",
    );
    noMaxResultsWith(input, ids, "instancesSet");
    const filtered = filter(all, input, {
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
    const { page, out } = this.page("DescribeInstances", input, filtered, "Reservations");
    return { ...out, Reservations: this.reservations(page) };
  }

  /** Consecutive instances of one reservation share a Reservation, as EC2 returns them. */
  private reservations(instances: (Instance & { reservationId?: string })[]): Output[] {
    const reservations: Output[] = [];
    for (const { reservationId, ...instance } of instances) {
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
    return reservations;
  }

  private describeNetworkInterfaces(input: Input): Output {
    const all = chosen(
      this.scenario.networkInterfaces,
      strings(input, "NetworkInterfaceIds"),
      (n) => n.NetworkInterfaceId,
      "InvalidNetworkInterfaceID.NotFound",
      "networkInterface ID",
    );
    const addresses = (n: NetworkInterface) => [
      n.PrivateIpAddress,
      ...(n.PrivateIpAddresses ?? []).map((a) => a.PrivateIpAddress),
    ];
    const filtered = filter(all, input, {
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
    return this.page("DescribeNetworkInterfaces", input, filtered, "NetworkInterfaces").out;
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
      addPeer(p, r);
    }
    return [...byKey.values()];
  }

  private describeSecurityGroups(input: Input): Output {
    const ids = strings(input, "GroupIds");
    const names = strings(input, "GroupNames");
    let all = chosen(
      this.scenario.securityGroups,
      ids,
      (g) => g.GroupId,
      "InvalidGroup.NotFound",
      "security group",
    );
    noMaxResultsWith(input, ids, "groupIdSet");
    if (names?.length) all = all.filter((g) => names.includes(g.GroupName!));
    const filtered = filter(all, input, {
      "group-id": (g) => [g.GroupId],
      "group-name": (g) => [g.GroupName],
      "vpc-id": (g) => [g.VpcId],
      "owner-id": (g) => [g.OwnerId],
      description: (g) => [g.Description],
    });
    const { page, out } = this.page("DescribeSecurityGroups", input, filtered, "SecurityGroups");
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
    const all = chosen(
      this.scenario.securityGroupRules,
      strings(input, "SecurityGroupRuleIds"),
      (r) => r.SecurityGroupRuleId,
      "InvalidSecurityGroupRuleId.NotFound",
      "security group rule ID",
    );
    const filtered = filter(all, input, {
      "group-id": (r) => [r.GroupId],
      "security-group-rule-id": (r) => [r.SecurityGroupRuleId],
    });
    return this.page("DescribeSecurityGroupRules", input, filtered, "SecurityGroupRules").out;
  }

  private describeSubnets(input: Input): Output {
    const all = chosen(
      this.scenario.subnets ?? [],
      strings(input, "SubnetIds"),
      (n) => n.SubnetId,
      "InvalidSubnetID.NotFound",
      "subnet ID",
    );
    const filtered = filter(all, input, {
      "subnet-id": (n) => [n.SubnetId],
      "vpc-id": (n) => [n.VpcId],
      "availability-zone": (n) => [n.AvailabilityZone],
      "availability-zone-id": (n) => [n.AvailabilityZoneId],
      "cidr-block": (n) => [n.CidrBlock],
      "owner-id": (n) => [n.OwnerId],
      state: (n) => [n.State],
    });
    return this.page("DescribeSubnets", input, filtered, "Subnets").out;
  }

  private describeNetworkAcls(input: Input): Output {
    const all = chosen(
      this.scenario.networkAcls ?? [],
      strings(input, "NetworkAclIds"),
      (n) => n.NetworkAclId,
      "InvalidNetworkAclID.NotFound",
      "network ACL ID",
    );
    const filtered = filter(all, input, {
      "network-acl-id": (n) => [n.NetworkAclId],
      "vpc-id": (n) => [n.VpcId],
      default: (n) => [String(n.IsDefault ?? false)],
      "owner-id": (n) => [n.OwnerId],
      "association.subnet-id": (n) => (n.Associations ?? []).map((a) => a.SubnetId),
      "association.association-id": (n) => (n.Associations ?? []).map((a) => a.NetworkAclAssociationId),
      "association.network-acl-id": (n) => (n.Associations ?? []).map((a) => a.NetworkAclId),
    });
    return this.page("DescribeNetworkAcls", input, filtered, "NetworkAcls").out;
  }

  private describeManagedPrefixLists(input: Input): Output {
    const all = chosen(
      this.scenario.prefixLists.map((p) => p.prefixList),
      strings(input, "PrefixListIds"),
      (p) => p.PrefixListId,
      "InvalidPrefixListID.NotFound",
      "prefix list ID",
    );
    const filtered = filter(all, input, {
      "prefix-list-id": (p) => [p.PrefixListId],
      "prefix-list-name": (p) => [p.PrefixListName],
      "owner-id": (p) => [p.OwnerId],
    });
    return this.page("DescribeManagedPrefixLists", input, filtered, "PrefixLists").out;
  }

  private getManagedPrefixListEntries(input: Input): Output {
    const id = str(input, "PrefixListId");
    if (!id) fail("MissingParameter", 400, "The request must contain the parameter PrefixListId");
    const list = this.scenario.prefixLists.find((p) => p.prefixList.PrefixListId === id);
    if (!list) fail("InvalidPrefixListID.NotFound", 400, `The prefix list ID '${id}' does not exist`);
    return this.page("GetManagedPrefixListEntries", input, list.entries, "Entries").out;
  }
}

/** Adds one rule's peer (CIDR, prefix list or group) to the permission it belongs to. */
function addPeer(p: IpPermission, r: SecurityGroupRule): void {
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
