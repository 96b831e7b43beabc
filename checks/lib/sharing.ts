/**
 * RAM sharing as the checks see it (topology.sharing): which shares carry the networks on the
 * path, and the fix commands in the order that works — share → accept → associate.
 */
import type { ReadFailure, Reader, Sharing, Topology } from "../../src/topology/types.js";
import { awsCli } from "./commands.js";
import { accountOf, contextFor, networkIdOf } from "./client.js";

/** Share ARNs that carry `resourceArn`, from either side's answers. */
export function sharesOf(sharing: Sharing, resourceArn: string): Set<string> {
  const out = new Set<string>();
  for (const r of sharing.resources)
    if (r.arn === resourceArn && r.resourceShareArn) out.add(r.resourceShareArn);
  for (const a of sharing.associations) {
    if (a.associationType === "RESOURCE" && a.associatedEntity === resourceArn) out.add(a.resourceShareArn);
  }
  for (const i of sharing.invitations) {
    if (i.resourceShareArn && i.resourceArns?.includes(resourceArn)) out.add(i.resourceShareArn);
  }
  return out;
}

/** Who must consume `resourceArn`: the service's owner and the client's VPC owner, when not its owner. */
export function consumersOf(topology: Topology, resourceArn: string): string[] {
  const owner = accountOf(resourceArn);
  const out = new Set<string>();
  const serviceOwner = accountOf(topology.service.arn);
  if (serviceOwner && serviceOwner !== owner) out.add(serviceOwner);
  const client = topology.client?.ownerAccountId;
  if (client && client !== owner) out.add(client);
  return [...out];
}

export function readerAccount(topology: Topology, label: string): string | undefined {
  return (topology.readers ?? []).find((r: Reader) => r.label === label)?.accountId;
}

/** The VPC association command that follows the share, when the client is the consumer. */
export function associateCommand(
  topology: Topology,
  resourceArn: string,
  consumer: string,
  context: { region: string; profile?: string },
): string | undefined {
  const client = topology.client;
  if (!client?.vpcId || client.ownerAccountId !== consumer || !networkIdOf(resourceArn)) return undefined;
  const groups = client.securityGroupIds.length
    ? client.securityGroupIds.join(" ")
    : `<sg-id-in-${client.vpcId}>`;
  return awsCli(
    `aws vpc-lattice create-service-network-vpc-association --service-network-identifier ${resourceArn} ` +
      `--vpc-identifier ${client.vpcId} --security-group-ids ${groups}`,
    contextFor(topology, consumer, context),
  );
}

/** A failure about a resource of another account than the credentials that asked (LAT-211's, not LAT-901's). */
export function foreignAccountOf(failure: ReadFailure, topology: Topology): string | undefined {
  if (failure.foreignAccountId) return failure.foreignAccountId;
  if (failure.kind !== "access-denied" && failure.kind !== "not-found") return undefined;
  const reader = failure.readBy ? readerAccount(topology, failure.readBy) : topology.accountId;
  const id = failure.resource;
  if (!id || !reader) return undefined;
  let arn: string | undefined;
  if (id.startsWith("arn:")) arn = id;
  else if (id.startsWith("sn-")) {
    arn =
      topology.serviceNetworks[id]?.arn ||
      topology.serviceAssociations.find((a) => a.serviceNetworkId === id)?.serviceNetworkArn;
  } else if (/^(svc|listener|rule|tg)-/.test(id)) {
    // Parts of a service shared with this account: they belong to the service's owner.
    arn = topology.service.arn || undefined;
  } else if (id.startsWith("snva-")) {
    // The association's ARN names the account that made it (the VPC's owner).
    arn = topology.vpcAssociations.find((a) => a.id === id)?.arn;
  }
  const owner = accountOf(arn);
  return owner && owner !== reader ? owner : undefined;
}
