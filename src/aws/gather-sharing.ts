/**
 * RAM: which shares carry the networks (and the service) on the path, read on each side the
 * credentials at hand belong to. gather reads the owner's side of the run's own networks in every
 * run (readOwnerSide); a cross-account run (gather-xacct.ts, readSharing) adds the rest. This module
 * is imported dynamically, and RAM's paginators come with its client (RamSide.sdk, clients.ts), so
 * @aws-sdk/client-ram is loaded only by a run that reads RAM.
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
 * - The service or the client's VPC in no network (hub and spoke): the pending invitations of the
 *   accounts that must associate, for the networks they would give (share-not-accepted: accept first).
 * - A side whose account has no credentials here is listed in `unread` (not attempted).
 *
 * Every page of every list (RAM may answer an empty page with a token).
 */
import type { RAMClient } from "@aws-sdk/client-ram";
import type * as RamSdk from "./sdk/ram.js";
import type { Client, Sharing, Topology } from "../topology/types.js";
import { RAM_PAGE_SIZE, type ReaderClients, type Spec, type XacctContext } from "./xacct-common.js";
import { accountOfArn } from "../core/util/arn.js";
import { compact, unique } from "../core/util/collections.js";

/**
 * Which sides of which shares to read. A consumer is the service's owner (it associated the
 * service with the network) or the client's VPC owner (it associates its VPC); the owner is the
 * network's account. No pairs when no account boundary is on the path.
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

/**
 * The hub-and-spoke trap: the service, or the client's VPC, is in no service network. The network
 * it should join may be another account's, shared through RAM and waiting for an invitation to be
 * accepted (every association fails with access denied until then), so the pending invitations of
 * the accounts that must associate (the service's and the client's) are read.
 */
function inNoNetwork(topology: Topology, client: Client | undefined): { service: boolean; client: boolean } {
  const active = (status: string) => status.toUpperCase() === "ACTIVE";
  const serviceListed = !topology.failures.some((f) => f.part === "serviceAssociations");
  const service = serviceListed && !topology.serviceAssociations.some((a) => active(a.status));
  if (!client?.vpcAssociations) return { service, client: false };
  const endpoint = (client.vpcEndpoints ?? []).some((e) => (e.state ?? "").toLowerCase() === "available");
  return { service, client: !endpoint && !client.vpcAssociations.some((a) => active(a.status)) };
}

const SERVICE_NETWORK_ARN = /^arn:aws[a-z-]*:vpc-lattice:[a-z0-9-]+:\d{12}:servicenetwork\/sn-[0-9a-z]+$/;

function readerFor(ctx: XacctContext, account: string): ReaderClients | undefined {
  return ctx.readers.find((r) => r.reader.accountId === account);
}

/**
 * RAM, on both sides the credentials at hand can read, merged with what gather read (the owner's
 * side of the run's own networks: not read twice); undefined when nothing of sharing was read.
 */
export async function readSharing(
  ctx: XacctContext,
  topology: Topology,
  client: Client | undefined,
): Promise<Sharing | undefined> {
  const prior = topology.sharing;
  const { pairs } = sharingPlan(topology, client);
  const unplaced = inNoNetwork(topology, client);
  // The accounts that must associate something with no network yet: the service's owner, the
  // client VPC's owner (the run's own credentials when that account is not known).
  const joining = unique(
    [
      ...(unplaced.service ? [accountOfArn(topology.service.arn) ?? ctx.readers[0]?.reader.accountId] : []),
      ...(unplaced.client ? [client?.ownerAccountId ?? ctx.readers[0]?.reader.accountId] : []),
    ].filter((a): a is string => !!a),
  );
  if (pairs.length === 0 && joining.length === 0) return prior;
  const sharing: Sharing = {
    resourceArns: unique([...(prior?.resourceArns ?? []), ...pairs.map((p) => p.resourceArn)]).sort(),
    invitations: [...(prior?.invitations ?? [])],
    shares: [...(prior?.shares ?? [])],
    associations: [...(prior?.associations ?? [])],
    resources: [...(prior?.resources ?? [])],
    unread: [...(prior?.unread ?? [])],
  };
  const reads: Promise<void>[] = [];
  const consumers = unique(pairs.map((p) => p.consumer));
  for (const consumer of consumers) {
    const rc = readerFor(ctx, consumer);
    const arns = unique(pairs.filter((p) => p.consumer === consumer).map((p) => p.resourceArn));
    if (rc) reads.push(sideOf(ctx, rc).then((side) => readConsumerSide(side, arns, sharing)));
    else
      sharing.unread.push({
        accountId: consumer,
        what: `the RAM invitations and shares that give ${arns.join(", ")} to ${consumer}`,
        command: `aws ram get-resource-share-invitations --region ${topology.region} --profile <profile-of-account:${consumer}>`,
      });
  }
  const primary = ctx.readers[0]?.reader.accountId;
  const owners = unique(pairs.map((p) => p.owner));
  for (const owner of owners) {
    const rc = readerFor(ctx, owner);
    const arns = unique(pairs.filter((p) => p.owner === owner).map((p) => p.resourceArn));
    // gather read the owner's side of the run's own networks already (with the same credentials).
    const fresh = owner === primary ? arns.filter((a) => !prior?.resourceArns.includes(a)) : arns;
    if (fresh.length === 0) continue;
    if (rc) reads.push(sideOf(ctx, rc).then((side) => readOwnerSide(side, fresh, sharing)));
    else
      sharing.unread.push({
        accountId: owner,
        what: `the RAM shares of ${fresh.join(", ")} and their principals`,
        command: `aws ram get-resource-share-associations --association-type RESOURCE --resource-arn ${fresh[0]} --region ${topology.region} --profile <profile-of-account:${owner}>`,
      });
  }
  // Hub and spoke: the pending invitations of the joining accounts (not read twice when their
  // consumer side is read above).
  const sides = unique(
    joining
      .filter((a) => !consumers.includes(a))
      .map((a) => readerFor(ctx, a))
      .filter((rc): rc is ReaderClients => !!rc),
  );
  for (const rc of sides)
    reads.push(
      sideOf(ctx, rc).then(async (side) => {
        const found = await readInvitations(side);
        if (!found) return;
        sharing.invitations.push(...found);
        // The networks pending invitations would give: the ones to join (the share-not-accepted check judges them).
        const pending = found
          .filter((i) => i.status.toUpperCase() === "PENDING")
          .flatMap((i) => i.resourceArns ?? [])
          .filter((arn) => SERVICE_NETWORK_ARN.test(arn));
        sharing.resourceArns = unique([...sharing.resourceArns, ...pending]).sort();
      }),
    );
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

/**
 * One reader's RAM: its client (through the run's limiter), its label, and a call that records a
 * failure (part `sharing`) instead of rejecting. gather (the owner's side of the run's own
 * networks) and gather-xacct (both sides of a cross-account path) each build one.
 */
export interface RamSide {
  ram: RAMClient;
  /** RAM's paginators, from the client's own module. */
  sdk: typeof RamSdk;
  label: string;
  call<T>(operation: string, resource: string | undefined, fn: () => Promise<T>): Promise<T | undefined>;
}

async function sideOf(ctx: XacctContext, rc: ReaderClients): Promise<RamSide> {
  return {
    ram: ctx.lim(await rc.clients.ram()),
    sdk: await rc.clients.sdk.ram(),
    label: rc.reader.label,
    call: (operation, resource, fn) => ctx.call(ramSpec(rc, operation, resource), fn),
  };
}

/** An empty Sharing over `resourceArns`. */
export function emptySharing(resourceArns: string[]): Sharing {
  return { resourceArns, invitations: [], shares: [], associations: [], resources: [], unread: [] };
}

/** GetResourceShares, every page: the shares this reader owns (SELF, narrowed to `shareArns`) or was given. */
function readShares(side: RamSide, resourceOwner: "SELF" | "OTHER-ACCOUNTS", shareArns?: string[]) {
  return side.call("GetResourceShares", resourceOwner, async () => {
    const out: Sharing["shares"] = [];
    const pages = side.sdk.paginateGetResourceShares(
      { client: side.ram, pageSize: RAM_PAGE_SIZE },
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
            readBy: side.label,
          }),
        );
      }
    }
    return out;
  });
}

/**
 * GetResourceShareInvitations (every page), then ListPendingInvitationResources for each PENDING
 * one: an invitation names its resources nowhere else. Undefined when the list could not be read.
 */
export async function readInvitations(side: RamSide): Promise<Sharing["invitations"] | undefined> {
  const found = await side.call("GetResourceShareInvitations", undefined, async () => {
    const out: Sharing["invitations"] = [];
    const pages = side.sdk.paginateGetResourceShareInvitations(
      { client: side.ram, pageSize: RAM_PAGE_SIZE },
      {},
    );
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
            readBy: side.label,
          }),
        );
      }
    }
    return out;
  });
  if (!found) return undefined;
  await Promise.all(
    found
      .filter((i) => i.status === "PENDING")
      .map(async (i) => {
        const resources = await side.call(
          "ListPendingInvitationResources",
          i.resourceShareInvitationArn,
          async () => {
            const out: string[] = [];
            const pages = side.sdk.paginateListPendingInvitationResources(
              { client: side.ram, pageSize: RAM_PAGE_SIZE },
              { resourceShareInvitationArn: i.resourceShareInvitationArn },
            );
            for await (const page of pages) for (const r of page.resources ?? []) if (r.arn) out.push(r.arn);
            return out;
          },
        );
        if (resources) i.resourceArns = resources;
      }),
  );
  return found;
}

async function readConsumerSide(side: RamSide, arns: string[], sharing: Sharing): Promise<void> {
  const invitations = async () => {
    const found = await readInvitations(side);
    if (found) sharing.invitations.push(...found);
  };
  const shares = async () => {
    const found = await readShares(side, "OTHER-ACCOUNTS");
    if (found) sharing.shares.push(...found);
  };
  const resources = async () => {
    const found = await side.call("ListResources", "OTHER-ACCOUNTS", async () => {
      const out: Sharing["resources"] = [];
      const pages = side.sdk.paginateListResources(
        { client: side.ram, pageSize: RAM_PAGE_SIZE },
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
              readBy: side.label,
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

/**
 * The owner's side of `arns` (resources this reader's account owns): GetResourceShareAssociations
 * RESOURCE per ARN (RAM filters associations by one resourceArn; GetResourceShares has no resource
 * filter), then, for the shares found, their PRINCIPAL associations and GetResourceShares SELF.
 * A FAILED resource association (a network created without sharing) and its statusMessage are
 * only visible here.
 */
export async function readOwnerSide(side: RamSide, arns: string[], sharing: Sharing): Promise<void> {
  const associations = (
    associationType: "RESOURCE" | "PRINCIPAL",
    filter: { resourceArn: string } | { resourceShareArns: string[] },
    resource: string,
  ) =>
    side.call("GetResourceShareAssociations", resource, async () => {
      const out: Sharing["associations"] = [];
      const pages = side.sdk.paginateGetResourceShareAssociations(
        { client: side.ram, pageSize: RAM_PAGE_SIZE },
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
              readBy: side.label,
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
    readShares(side, "SELF", shareArns),
  ]);
  if (principals) sharing.associations.push(...principals);
  if (shares) sharing.shares.push(...shares);
}
