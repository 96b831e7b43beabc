import type { RamInvitation } from "../src/topology/types.js";
import { defineCheck, type FindingDraft } from "./define.js";
import { accountOf, contextFor, networkIdOf } from "./lib/client.js";
import { awsCli } from "./lib/commands.js";
import { associateCommand, consumersOf, readerAccount, sharesOf } from "./lib/sharing.js";

function invitationEvidence(i: RamInvitation) {
  const observed: Record<string, unknown> = {
    resourceShareInvitationArn: i.resourceShareInvitationArn,
    status: i.status,
  };
  for (const key of [
    "resourceShareArn",
    "resourceShareName",
    "senderAccountId",
    "receiverAccountId",
    "invitationTimestamp",
  ] as const) {
    if (i[key] !== undefined) observed[key] = i[key];
  }
  return { call: "ram:GetResourceShareInvitations", observed };
}

export default defineCheck({
  code: "LAT-208",
  name: "share-not-accepted",
  severity: "critical",
  hop: "service-network",
  crossAccount: true,
  causes: ["LAT-205", "LAT-201"],
  symptoms: ["404", "timeout"],
  lint: { judged: "live", reason: "needs live state" },
  needs: ["sharing", "serviceAssociations"],
  run(topology, context) {
    const sharing = topology.sharing;
    if (!sharing) return [];
    const out: FindingDraft[] = [];
    const reported = new Set<string>();
    for (const resourceArn of sharing.resourceArns) {
      const owner = accountOf(resourceArn);
      const id = networkIdOf(resourceArn) ?? resourceArn;
      const available = sharing.resources.filter(
        (r) => r.arn === resourceArn && (r.status ?? "AVAILABLE").toUpperCase() === "AVAILABLE",
      );
      // Consumer side: an invitation not accepted for a share that carries (or probably carries) it.
      for (const i of sharing.invitations) {
        if (reported.has(i.resourceShareInvitationArn)) continue;
        const status = i.status.toUpperCase();
        if (!["PENDING", "REJECTED", "EXPIRED"].includes(status)) continue;
        const receiver = i.receiverAccountId ?? readerAccount(topology, i.readBy);
        if (available.some((r) => readerAccount(topology, r.readBy) === receiver)) continue; // another share works
        const acceptedLater = sharing.invitations.some(
          (o) =>
            o !== i && o.resourceShareArn === i.resourceShareArn && o.status.toUpperCase() === "ACCEPTED",
        );
        if (acceptedLater) continue;
        const certain = i.resourceArns?.includes(resourceArn) ?? false;
        const probable = !i.resourceArns && i.senderAccountId === owner;
        if (!certain && !probable) continue;
        reported.add(i.resourceShareInvitationArn);
        const ctx = contextFor(topology, receiver, context);
        const ownerCtx = contextFor(topology, owner, context);
        const commands: string[] = [];
        if (status === "PENDING") {
          commands.push(
            awsCli(
              `aws ram accept-resource-share-invitation --resource-share-invitation-arn ${i.resourceShareInvitationArn}`,
              ctx,
            ),
          );
        } else if (i.resourceShareArn && receiver) {
          commands.push(
            awsCli(
              `aws ram disassociate-resource-share --resource-share-arn ${i.resourceShareArn} --principals ${receiver}`,
              ownerCtx,
            ),
            awsCli(
              `aws ram associate-resource-share --resource-share-arn ${i.resourceShareArn} --principals ${receiver}`,
              ownerCtx,
            ),
            awsCli(
              `aws ram get-resource-share-invitations --resource-share-arns ${i.resourceShareArn} --query "resourceShareInvitations[?status=='PENDING'].resourceShareInvitationArn"`,
              ctx,
            ),
            awsCli(
              `aws ram accept-resource-share-invitation --resource-share-invitation-arn <new-invitation-arn>`,
              ctx,
            ),
          );
        }
        // Hub and spoke: the service is in no network yet; its owner joins it to the shared one
        // once the invitation is accepted (the VPC association follows).
        const serviceUnplaced =
          topology.serviceAssociations.length === 0 &&
          !!receiver &&
          accountOf(topology.service.arn) === receiver;
        if (serviceUnplaced && status === "PENDING")
          commands.push(
            awsCli(
              `aws vpc-lattice create-service-network-service-association --service-network-identifier ${resourceArn} --service-identifier ${topology.service.id}`,
              ctx,
            ),
          );
        const associate = receiver ? associateCommand(topology, resourceArn, receiver, context) : undefined;
        if (associate) commands.push(associate);
        out.push({
          title:
            `${id} is shared with account ${receiver ?? "?"} but the RAM invitation is ${status}` +
            `${certain ? "" : " (probably the share of this network: the invitation comes from its owner)"}: the network is not usable there`,
          detail:
            `Account ${owner} shares ${resourceArn} through ${i.resourceShareName ?? i.resourceShareArn ?? "a resource share"}; ` +
            `the invitation to ${receiver ?? "the consumer"} is ${status}. ` +
            (status === "PENDING"
              ? "Until it is accepted the network cannot be associated in that account (every association fails with " +
                "access denied), and its clients cannot reach the service. "
              : `A ${status} invitation cannot be accepted: the owner must invite ${receiver ?? "the account"} again. `) +
            "Inside an Organization with RAM sharing enabled, no invitation is needed at all.",
          resource: { type: "resource-share-invitation", id: i.resourceShareInvitationArn },
          evidence: [
            invitationEvidence(i),
            ...(i.resourceArns
              ? [
                  {
                    call: "ram:ListPendingInvitationResources",
                    observed: {
                      resourceShareInvitationArn: i.resourceShareInvitationArn,
                      resources: i.resourceArns.map((arn) => ({ arn })),
                    },
                  },
                ]
              : []),
          ],
          fix: {
            summary:
              status === "PENDING"
                ? `Accept the invitation in ${receiver} first, then associate with the network by its ARN (share → accept → associate).`
                : `Invite ${receiver} again from ${owner}, accept the new invitation in ${receiver}, then associate (share → accept → associate).`,
            commands,
          },
          affects: [
            id,
            ...(topology.client?.vpcId ? [topology.client.vpcId] : []),
            ...(serviceUnplaced ? [topology.service.id] : []),
          ],
        });
      }
      // Owner side: the consumer's principal association still ASSOCIATING.
      const shares = sharesOf(sharing, resourceArn);
      for (const consumer of consumersOf(topology, resourceArn)) {
        const pending = sharing.associations.filter(
          (a) =>
            a.associationType === "PRINCIPAL" &&
            shares.has(a.resourceShareArn) &&
            a.associatedEntity === consumer &&
            a.status.toUpperCase() === "ASSOCIATING",
        );
        for (const a of pending) {
          const key = `${a.resourceShareArn}|${consumer}`;
          if (reported.has(key)) continue;
          reported.add(key);
          const ctx = contextFor(topology, consumer, context);
          const associate = associateCommand(topology, resourceArn, consumer, context);
          out.push({
            title: `${id}'s RAM share to account ${consumer} is still ASSOCIATING: the invitation has not been accepted`,
            detail:
              `${a.resourceShareName ?? a.resourceShareArn} gives ${resourceArn} to ${consumer}` +
              `${a.external ? ", an account outside the owner's Organization," : ""} and the principal association is ` +
              "ASSOCIATING: RAM waits for the consumer to accept the invitation. Until then the network cannot be used there.",
            resource: { type: "resource-share", id: a.resourceShareArn },
            evidence: [
              {
                call: "ram:GetResourceShareAssociations",
                observed: {
                  associationType: "PRINCIPAL",
                  resourceShareArn: a.resourceShareArn,
                  associatedEntity: a.associatedEntity,
                  status: a.status,
                  ...(a.external !== undefined ? { external: a.external } : {}),
                  ...(a.statusMessage ? { statusMessage: a.statusMessage } : {}),
                },
              },
            ],
            fix: {
              summary: `Accept the invitation in ${consumer}, then associate (share → accept → associate).`,
              commands: [
                awsCli(
                  `aws ram get-resource-share-invitations --resource-share-arns ${a.resourceShareArn} --query "resourceShareInvitations[?status=='PENDING'].resourceShareInvitationArn"`,
                  ctx,
                ),
                awsCli(
                  `aws ram accept-resource-share-invitation --resource-share-invitation-arn <invitation-arn>`,
                  ctx,
                ),
                ...(associate ? [associate] : []),
              ],
            },
            affects: [id, ...(topology.client?.vpcId ? [topology.client.vpcId] : [])],
          });
        }
      }
    }
    return out;
  },
});
