import { defineCheck, type FindingDraft } from "./define.js";
import { awsCli } from "./lib/commands.js";
import {
  accountOf,
  networkIdOf,
  associationsEvidence,
  clientAssociationsKnown,
  clientEvidence,
  clientPaths,
  contextFor,
  listenerPorts,
  networkArnOf,
  vpcEndpointsEvidence,
} from "./lib/client.js";
import { listText } from "./lib/text.js";
import { readerAccount } from "./lib/sharing.js";
import type { Client, Topology } from "../src/topology/types.js";
import type { CheckContext } from "./define.js";

/**
 * The service is in no network (LAT-201) and the client's VPC in none either: the VPC still needs
 * an association, whatever network the service joins (the hub-and-spoke trap: often a network
 * another account shares, whose RAM invitation must be accepted first — LAT-208). When the VPC is
 * connected to some network, LAT-201 alone says it (put the service there).
 */
function inNoNetwork(
  topology: Topology,
  client: Client,
  vpcId: string,
  paths: ReturnType<typeof clientPaths>,
  context: CheckContext,
): FindingDraft[] {
  const connected =
    paths.associations.some((a) => a.status.toUpperCase() === "ACTIVE") ||
    paths.endpoints.some((e) => (e.state ?? "").toLowerCase() === "available");
  if (connected) return [];
  const owner = client.ownerAccountId;
  // Networks a pending invitation would give the VPC's account: the one to join, once accepted.
  const pending = (topology.sharing?.invitations ?? []).filter(
    (i) =>
      i.status.toUpperCase() === "PENDING" &&
      (!owner || !i.receiverAccountId || i.receiverAccountId === owner),
  );
  const offered = [
    ...new Set(pending.flatMap((i) => (i.resourceArns ?? []).filter((arn) => networkIdOf(arn)))),
  ];
  const groups = client.securityGroupIds.length ? client.securityGroupIds.join(" ") : `<sg-id-in-${vpcId}>`;
  const network = offered[0] ?? "<service-network-arn-or-id>";
  return [
    {
      hop: "vpc-association",
      title:
        `The client's VPC ${vpcId} is associated with no service network (and the service is in none): ` +
        `every request from ${client.input} fails`,
      detail:
        `${client.input === vpcId ? "" : `${client.input} is in `}${vpcId}${owner ? ` (account ${owner})` : ""}` +
        `${client.input === vpcId ? "" : ", which"} has no service-network ` +
        "association and no service-network VPC endpoint, and the service is in no network either (LAT-201). " +
        "Both must join the same network. " +
        (offered.length
          ? `A RAM invitation for ${listText(offered)} is PENDING in ${owner ?? "the VPC's account"}: accept it first ` +
            "(LAT-208) — until then every association with that network fails with access denied — then associate " +
            "the service and the VPC with it."
          : "Associate the VPC with the network the service joins, passing security groups at creation."),
      resource: { type: "vpc", id: vpcId },
      evidence: [
        clientEvidence(client),
        associationsEvidence(vpcId, paths.associations),
        vpcEndpointsEvidence(vpcId, client),
        {
          call: "vpc-lattice:ListServiceNetworkServiceAssociations",
          observed: { serviceIdentifier: topology.service.id, items: [] },
        },
      ],
      fix: {
        summary: offered.length
          ? `Accept the pending invitation in ${owner ?? "the VPC's account"} first (LAT-208), then associate ` +
            `${vpcId} with ${listText(offered.map((a) => networkIdOf(a) ?? a))} by its ARN, passing security groups at creation.`
          : `Associate ${vpcId} with the service network the service joins (LAT-201), passing security groups that ` +
            "admit the clients on the listener port at creation.",
        commands: [
          awsCli(
            `aws vpc-lattice create-service-network-vpc-association --service-network-identifier ${network} ` +
              `--vpc-identifier ${vpcId} --security-group-ids ${groups}`,
            contextFor(topology, owner, context),
          ),
        ],
      },
      affects: [vpcId, ...offered.map((a) => networkIdOf(a) ?? a)],
    },
  ];
}

export default defineCheck({
  code: "LAT-205",
  name: "client-vpc-not-connected",
  severity: "critical",
  hop: "client",
  causes: ["LAT-606"],
  symptoms: ["404", "timeout"],
  lint: { judged: "live", reason: "needs live state" },
  needs: ["client", "clientVpcAssociations", "serviceAssociations"],
  requires: "--from",
  run(topology, context) {
    const client = topology.client;
    if (!client?.vpcId || !clientAssociationsKnown(topology, client)) return [];
    const paths = clientPaths(topology, client);
    if (paths.holding.size === 0) return inNoNetwork(topology, client, client.vpcId, paths, context);
    if (paths.activeToService.length > 0 || paths.endpointsToService.length > 0) return [];
    if (paths.otherNetworks.length > 0) return []; // LAT-206 says it more precisely
    const vpcId = client.vpcId;
    const owner = client.ownerAccountId;
    const networks = [...paths.holding];
    const target = networks.find((id) => topology.serviceNetworks[id]) ?? networks[0]!;
    const targetArn = networkArnOf(topology, target);
    const networkOwner = accountOf(targetArn);
    const crossAccount = !!owner && !!networkOwner && owner !== networkOwner;
    // A network created without sharing can never be shared (LAT-210): the share goes to a new one.
    const notShareable = crossAccount && topology.serviceNetworks[target]?.sharingConfig?.enabled === false;
    const shareArn = notShareable ? "<arn-of-a-shareable-network>" : targetArn;
    const clientCtx = contextFor(topology, owner, context);
    const ports = listenerPorts(topology);
    const groups = client.securityGroupIds.length
      ? client.securityGroupIds.join(" ")
      : "<sg-id-in-" + vpcId + ">";
    const commands: string[] = [];
    // Already shared with the client's account and accepted (RAM shows it AVAILABLE there): only the
    // association is missing.
    const alreadyShared =
      crossAccount &&
      !notShareable &&
      (topology.sharing?.resources ?? []).some(
        (r) =>
          r.arn === targetArn &&
          (r.status ?? "").toUpperCase() === "AVAILABLE" &&
          readerAccount(topology, r.readBy) === owner,
      );
    const unread = (topology.sharing?.unread ?? []).find((u) => u.accountId === networkOwner);
    if (crossAccount && targetArn && !alreadyShared) {
      const ownerCtx = contextFor(topology, networkOwner, context);
      commands.push(
        awsCli(
          `aws ram create-resource-share --name ${target}-consumers --resource-arns ${shareArn} --principals ${owner}`,
          ownerCtx,
        ),
        awsCli(
          `aws ram get-resource-share-invitations --query "resourceShareInvitations[?senderAccountId=='${networkOwner}' && status=='PENDING']"`,
          clientCtx,
        ),
        awsCli(
          `aws ram accept-resource-share-invitation --resource-share-invitation-arn <invitation-arn>`,
          clientCtx,
        ),
      );
    }
    commands.push(
      awsCli(
        `aws vpc-lattice create-service-network-vpc-association --service-network-identifier ${crossAccount && shareArn ? shareArn : target} ` +
          `--vpc-identifier ${vpcId} --security-group-ids ${groups}`,
        clientCtx,
      ),
    );
    const pending = paths.associations.filter((a) => paths.holding.has(a.serviceNetworkId));
    const finding: FindingDraft = {
      title:
        `The client's VPC ${vpcId} is not connected to ${listText(networks)}, the network${networks.length === 1 ? "" : "s"} ` +
        `that hold${networks.length === 1 ? "s" : ""} ${topology.service.name || topology.service.id}: every request from ${client.input} fails`,
      detail:
        `${client.input} is in ${vpcId}${owner ? ` (account ${owner})` : ""}. The service is reachable only through ` +
        `${listText(networks)}${networkOwner && crossAccount ? ` (owned by account ${networkOwner})` : ""}. ` +
        (pending.length > 0
          ? `The VPC's association ${listText(pending.map((a) => `${a.id} (${a.status})`))} with it is not ACTIVE, `
          : "The VPC has no association with it, ") +
        "and no service-network VPC endpoint of the VPC leads there. The service's name does not resolve to Lattice " +
        `in that VPC, so ${ports.length ? `port ${listText(ports.map(String))}` : "the service"} cannot be reached.` +
        (crossAccount
          ? ` The network belongs to another account: it must be shared with ${owner} through AWS RAM and the share ` +
            "accepted (automatic inside an Organization with RAM sharing enabled) before the VPC can be associated." +
            (notShareable
              ? " It was created with sharing disabled, so it cannot be shared at all (LAT-210)."
              : "") +
            (alreadyShared
              ? ` RAM shows it shared with ${owner} and AVAILABLE: only the association is missing.`
              : "") +
            (unread ? ` The owner's side of the share was not read here (${unread.command}).` : "")
          : ""),
      resource: { type: "vpc", id: vpcId },
      evidence: [
        clientEvidence(client),
        associationsEvidence(vpcId, paths.associations),
        vpcEndpointsEvidence(vpcId, client),
        {
          call: "vpc-lattice:ListServiceNetworkServiceAssociations",
          observed: {
            items: topology.serviceAssociations.map((a) => ({
              id: a.id,
              serviceNetworkId: a.serviceNetworkId,
              ...(a.serviceNetworkArn ? { serviceNetworkArn: a.serviceNetworkArn } : {}),
              status: a.status,
            })),
          },
        },
      ],
      fix: {
        summary: alreadyShared
          ? `The network is already shared with ${owner} and accepted: associate ${vpcId} with it by its ARN, passing ` +
            "security groups that admit the clients on the listener port at creation."
          : crossAccount
            ? `In the order that works: share ${notShareable ? "a shareable network holding the service (this one cannot be shared, LAT-210)" : target} ` +
              `with ${owner} (from ${networkOwner}), accept the invitation in ` +
              `${owner} (automatic inside an Organization with RAM sharing enabled), then associate ${vpcId} with the network ` +
              "by its ARN, passing security groups that admit the clients on the listener port at creation."
            : `Associate ${vpcId} with ${target}, passing security groups that admit the clients on the listener port at ` +
              "creation (they cannot all be removed later), or create a service-network VPC endpoint in the VPC.",
        commands,
      },
      affects: [vpcId, ...networks],
    };
    return [finding];
  },
});
