/**
 * RAM, for cross-account runs (gather-xacct.ts): which shares carry the networks (and the service) on
 * the path, read on each side the credentials at hand belong to.
 *
 * - A consumer is the service's owner (it associated the service with the network), the client's VPC
 *   owner (it associates its VPC) or the run's account for a service shared with it; the owner is
 *   the resource's account.
 * - Consumer side: GetResourceShareInvitations (ListPendingInvitationResources for the pending ones:
 *   an invitation does not name its resources otherwise), GetResourceShares and ListResources with
 *   resourceOwner OTHER-ACCOUNTS. Inside an Organization with RAM sharing enabled there is no
 *   invitation: the share and the resource show up directly.
 * - Owner side: GetResourceShareAssociations RESOURCE (the shares carrying the network), then
 *   PRINCIPAL for those shares and GetResourceShares SELF.
 * - A side whose account has no credentials here is listed in `unread` (not attempted).
 *
 * Every page of every list (RAM may answer an empty page with a token).
 */
import {
  paginateGetResourceShareAssociations,
  paginateGetResourceShareInvitations,
  paginateGetResourceShares,
  paginateListPendingInvitationResources,
  paginateListResources,
} from "@aws-sdk/client-ram";
import type { Client, Sharing, Topology } from "../topology/types.js";
import {
  RAM_PAGE_SIZE,
  accountOfArn,
  compact,
  unique,
  type ReaderClients,
  type Spec,
  type XacctContext,
} from "./xacct-common.js";

/**
 * Which sides of which shares to read. A consumer is the service's owner (it associated the
 * service with the network) or the client's VPC owner (it associates its VPC); the owner is the
 * network's account. Undefined when no account boundary is on the path.
 */
function sharingPlan(topology: Topology, client: Client | undefined) {
  const serviceOwner = accountOfArn(topology.service.arn);
  const networkArns = unique(
    [
      ...topology.serviceAssociations.map((a) => a.serviceNetworkArn),
      ...Object.values(topology.serviceNetworks).map((n) => n.arn),
    ].filter((a): a is string => !!a && a.startsWith("arn:")),
  );
  const pairs: { consumer: string; resourceArn: string; owner: string }[] = [];
  for (const arn of networkArns) {
    const owner = accountOfArn(arn)!;
    if (serviceOwner && serviceOwner !== owner)
      pairs.push({ consumer: serviceOwner, resourceArn: arn, owner });
    if (client?.ownerAccountId && client.ownerAccountId !== owner)
      pairs.push({ consumer: client.ownerAccountId, resourceArn: arn, owner });
  }
  // A service shared with the run's account (to associate it with a network of this account).
  const reader = topology.accountId;
  if (serviceOwner && reader && serviceOwner !== reader && topology.service.arn)
    pairs.push({ consumer: reader, resourceArn: topology.service.arn, owner: serviceOwner });
  return { pairs, networkArns };
}

function readerFor(ctx: XacctContext, account: string): ReaderClients | undefined {
  return ctx.readers.find((r) => r.reader.accountId === account && r.clients.ram);
}

/** RAM, on both sides the credentials at hand can read; undefined when no account boundary is on the path. */
export async function readSharing(
  ctx: XacctContext,
  topology: Topology,
  client: Client | undefined,
): Promise<Sharing | undefined> {
  const { pairs } = sharingPlan(topology, client);
  if (pairs.length === 0) return undefined;
  const sharing: Sharing = {
    resourceArns: unique(pairs.map((p) => p.resourceArn)).sort(),
    invitations: [],
    shares: [],
    associations: [],
    resources: [],
    unread: [],
  };
  const reads: Promise<void>[] = [];
  const consumers = unique(pairs.map((p) => p.consumer));
  for (const consumer of consumers) {
    const rc = readerFor(ctx, consumer);
    const arns = unique(pairs.filter((p) => p.consumer === consumer).map((p) => p.resourceArn));
    if (rc) reads.push(readConsumerSide(ctx, rc, arns, sharing));
    else
      sharing.unread.push({
        accountId: consumer,
        what: `the RAM invitations and shares that give ${arns.join(", ")} to ${consumer}`,
        command: `aws ram get-resource-share-invitations --region ${topology.region} --profile <profile-of-account:${consumer}>`,
      });
  }
  const owners = unique(pairs.map((p) => p.owner));
  for (const owner of owners) {
    const rc = readerFor(ctx, owner);
    const arns = unique(pairs.filter((p) => p.owner === owner).map((p) => p.resourceArn));
    if (rc) reads.push(readOwnerSide(ctx, rc, arns, sharing));
    else
      sharing.unread.push({
        accountId: owner,
        what: `the RAM shares of ${arns.join(", ")} and their principals`,
        command: `aws ram get-resource-share-associations --association-type RESOURCE --resource-arn ${arns[0]} --region ${topology.region} --profile <profile-of-account:${owner}>`,
      });
  }
  await Promise.all(reads);
  return sharing;
}

function ramSpec(rc: ReaderClients, operation: string, resource?: string): Spec {
  return compact({
    part: "sharing" as const,
    service: "ram" as const,
    operation,
    resource,
    reader: rc.reader,
  });
}

/** GetResourceShares, every page: the shares this reader owns (SELF, narrowed to `shareArns`) or was given. */
function readShares(
  ctx: XacctContext,
  rc: ReaderClients,
  resourceOwner: "SELF" | "OTHER-ACCOUNTS",
  shareArns?: string[],
) {
  const ram = ctx.lim(rc.clients.ram!);
  return ctx.call(ramSpec(rc, "GetResourceShares", resourceOwner), async () => {
    const out: Sharing["shares"] = [];
    const pages = paginateGetResourceShares(
      { client: ram, pageSize: RAM_PAGE_SIZE },
      { resourceOwner, ...(shareArns ? { resourceShareArns: shareArns } : {}) },
    );
    for await (const page of pages) {
      for (const s of page.resourceShares ?? []) {
        if (!s.resourceShareArn) continue;
        out.push(
          compact({
            resourceShareArn: s.resourceShareArn,
            name: s.name,
            owningAccountId: s.owningAccountId,
            status: s.status ?? "UNKNOWN",
            statusMessage: s.statusMessage,
            allowExternalPrincipals: s.allowExternalPrincipals,
            featureSet: s.featureSet,
            resourceOwner,
            readBy: rc.reader.label,
          }),
        );
      }
    }
    return out;
  });
}

async function readConsumerSide(
  ctx: XacctContext,
  rc: ReaderClients,
  arns: string[],
  sharing: Sharing,
): Promise<void> {
  const ram = ctx.lim(rc.clients.ram!);
  const label = rc.reader.label;
  const invitations = async () => {
    const found = await ctx.call(ramSpec(rc, "GetResourceShareInvitations"), async () => {
      const out: Sharing["invitations"] = [];
      const pages = paginateGetResourceShareInvitations({ client: ram, pageSize: RAM_PAGE_SIZE }, {});
      for await (const page of pages) {
        for (const i of page.resourceShareInvitations ?? []) {
          if (!i.resourceShareInvitationArn) continue;
          out.push(
            compact({
              resourceShareInvitationArn: i.resourceShareInvitationArn,
              resourceShareArn: i.resourceShareArn,
              resourceShareName: i.resourceShareName,
              senderAccountId: i.senderAccountId,
              receiverAccountId: i.receiverAccountId,
              status: i.status ?? "UNKNOWN",
              invitationTimestamp: i.invitationTimestamp
                ? new Date(i.invitationTimestamp).toISOString()
                : undefined,
              readBy: label,
            }),
          );
        }
      }
      return out;
    });
    if (!found) return;
    await Promise.all(
      found
        .filter((i) => i.status === "PENDING")
        .map(async (i) => {
          const resources = await ctx.call(
            ramSpec(rc, "ListPendingInvitationResources", i.resourceShareInvitationArn),
            async () => {
              const out: string[] = [];
              const pages = paginateListPendingInvitationResources(
                { client: ram, pageSize: RAM_PAGE_SIZE },
                { resourceShareInvitationArn: i.resourceShareInvitationArn },
              );
              for await (const page of pages)
                for (const r of page.resources ?? []) if (r.arn) out.push(r.arn);
              return out;
            },
          );
          if (resources) i.resourceArns = resources;
        }),
    );
    sharing.invitations.push(...found);
  };
  const shares = async () => {
    const found = await readShares(ctx, rc, "OTHER-ACCOUNTS");
    if (found) sharing.shares.push(...found);
  };
  const resources = async () => {
    const found = await ctx.call(ramSpec(rc, "ListResources", "OTHER-ACCOUNTS"), async () => {
      const out: Sharing["resources"] = [];
      const pages = paginateListResources(
        { client: ram, pageSize: RAM_PAGE_SIZE },
        { resourceOwner: "OTHER-ACCOUNTS", resourceArns: arns },
      );
      for await (const page of pages) {
        for (const r of page.resources ?? []) {
          if (!r.arn) continue;
          out.push(
            compact({
              arn: r.arn,
              type: r.type,
              resourceShareArn: r.resourceShareArn,
              status: r.status,
              statusMessage: r.statusMessage,
              resourceOwner: "OTHER-ACCOUNTS" as const,
              readBy: label,
            }),
          );
        }
      }
      return out;
    });
    if (found) sharing.resources.push(...found);
  };
  await Promise.all([invitations(), shares(), resources()]);
}

async function readOwnerSide(
  ctx: XacctContext,
  rc: ReaderClients,
  arns: string[],
  sharing: Sharing,
): Promise<void> {
  const ram = ctx.lim(rc.clients.ram!);
  const label = rc.reader.label;
  const associations = async (
    associationType: "RESOURCE" | "PRINCIPAL",
    filter: { resourceArn: string } | { resourceShareArns: string[] },
    resource: string,
  ) =>
    ctx.call(ramSpec(rc, "GetResourceShareAssociations", resource), async () => {
      const out: Sharing["associations"] = [];
      const pages = paginateGetResourceShareAssociations(
        { client: ram, pageSize: RAM_PAGE_SIZE },
        { associationType, ...filter },
      );
      for await (const page of pages) {
        for (const a of page.resourceShareAssociations ?? []) {
          if (!a.resourceShareArn || !a.associatedEntity) continue;
          out.push(
            compact({
              resourceShareArn: a.resourceShareArn,
              resourceShareName: a.resourceShareName,
              associatedEntity: a.associatedEntity,
              associationType: a.associationType ?? associationType,
              status: a.status ?? "UNKNOWN",
              statusMessage: a.statusMessage,
              external: a.external,
              readBy: label,
            }),
          );
        }
      }
      return out;
    });
  const byResource = (
    await Promise.all(arns.map((arn) => associations("RESOURCE", { resourceArn: arn }, arn)))
  ).flatMap((a) => a ?? []);
  sharing.associations.push(...byResource);
  const shareArns = unique(byResource.map((a) => a.resourceShareArn));
  if (shareArns.length === 0) return;
  const [principals, shares] = await Promise.all([
    associations("PRINCIPAL", { resourceShareArns: shareArns }, shareArns.join(",")),
    readShares(ctx, rc, "SELF", shareArns),
  ]);
  if (principals) sharing.associations.push(...principals);
  if (shares) sharing.shares.push(...shares);
}
