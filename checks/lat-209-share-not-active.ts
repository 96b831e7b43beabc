import { defineCheck, type FindingDraft } from "./define.js";
import { accountOf, contextFor, networkIdOf } from "./lib/client.js";
import { awsCli } from "./lib/commands.js";
import { associateCommand, consumersOf, sharesOf } from "./lib/sharing.js";

const upper = (s: string | undefined) => (s ?? "").toUpperCase();

export default defineCheck({
  code: "LAT-209",
  name: "share-not-active",
  severity: "critical",
  hop: "service-network",
  crossAccount: true,
  causes: ["LAT-205"],
  symptoms: ["404", "timeout"],
  lint: { judged: "live", reason: "needs live state" },
  needs: ["sharing", "serviceAssociations"],
  run(topology, context) {
    const sharing = topology.sharing;
    if (!sharing) return [];
    const out: FindingDraft[] = [];
    for (const resourceArn of sharing.resourceArns) {
      const id = networkIdOf(resourceArn) ?? resourceArn;
      const owner = accountOf(resourceArn);
      const ownerCtx = contextFor(topology, owner, context);
      const shareable = topology.serviceNetworks[id]?.sharingConfig?.enabled;
      const shares = sharesOf(sharing, resourceArn);
      const affects = [id, ...(topology.client?.vpcId ? [topology.client.vpcId] : [])];
      const push = (
        title: string,
        detail: string,
        resource: FindingDraft["resource"],
        evidence: FindingDraft["evidence"],
        commands: string[],
        consumer?: string,
      ) => {
        const associate = consumer ? associateCommand(topology, resourceArn, consumer, context) : undefined;
        out.push({
          title,
          detail,
          resource,
          evidence,
          fix: {
            summary: `Repair the share in ${owner} (share → accept → associate); statusMessage says why it is not active.`,
            commands: [...commands, ...(associate ? [associate] : [])],
          },
          affects,
        });
      };
      for (const share of sharing.shares) {
        if (!shares.has(share.resourceShareArn) || upper(share.status) === "ACTIVE") continue;
        push(
          `The RAM share ${share.name ?? share.resourceShareArn} that carries ${id} is ${share.status}: the network is not shared`,
          `${share.resourceShareArn} (owned by ${share.owningAccountId ?? owner}) is ${share.status}` +
            `${share.statusMessage ? ` (${share.statusMessage})` : ""}. Only an ACTIVE share lets its principals use ${resourceArn}.`,
          { type: "resource-share", id: share.resourceShareArn },
          [
            {
              call: "ram:GetResourceShares",
              observed: {
                resourceOwner: share.resourceOwner,
                resourceShareArn: share.resourceShareArn,
                status: share.status,
                ...(share.statusMessage ? { statusMessage: share.statusMessage } : {}),
              },
            },
          ],
          [
            awsCli(
              `aws ram get-resource-shares --resource-owner SELF --resource-share-arns ${share.resourceShareArn}`,
              ownerCtx,
            ),
          ],
        );
      }
      for (const a of sharing.associations) {
        if (!shares.has(a.resourceShareArn) || upper(a.status) === "ASSOCIATED") continue;
        const isResource = a.associationType === "RESOURCE" && a.associatedEntity === resourceArn;
        const isConsumer =
          a.associationType === "PRINCIPAL" &&
          consumersOf(topology, resourceArn).includes(a.associatedEntity);
        if (!isResource && !isConsumer) continue;
        if (isConsumer && upper(a.status) === "ASSOCIATING") continue; // LAT-208: waiting for acceptance
        if (isResource && upper(a.status) === "FAILED" && shareable === false) continue; // LAT-210
        push(
          isResource
            ? `${id} is ${a.status} in the RAM share ${a.resourceShareName ?? a.resourceShareArn}: the share does not carry it`
            : `Account ${a.associatedEntity} is ${a.status} as a principal of ${a.resourceShareName ?? a.resourceShareArn}: ${id} is not shared with it`,
          `GetResourceShareAssociations (${a.associationType}) shows ${a.associatedEntity} ${a.status}` +
            `${a.statusMessage ? ` (${a.statusMessage})` : ""} in ${a.resourceShareArn}; only ASSOCIATED counts.`,
          { type: "resource-share", id: a.resourceShareArn },
          [
            {
              call: "ram:GetResourceShareAssociations",
              observed: {
                associationType: a.associationType,
                resourceShareArn: a.resourceShareArn,
                associatedEntity: a.associatedEntity,
                status: a.status,
                ...(a.statusMessage ? { statusMessage: a.statusMessage } : {}),
              },
            },
          ],
          [
            awsCli(
              isResource
                ? `aws ram associate-resource-share --resource-share-arn ${a.resourceShareArn} --resource-arns ${resourceArn}`
                : `aws ram associate-resource-share --resource-share-arn ${a.resourceShareArn} --principals ${a.associatedEntity}`,
              ownerCtx,
            ),
          ],
          isConsumer ? a.associatedEntity : undefined,
        );
      }
      for (const r of sharing.resources) {
        if (r.arn !== resourceArn || !r.status || upper(r.status) === "AVAILABLE") continue;
        push(
          `${id} is ${r.status} in the consumer's RAM view: it cannot be used there`,
          `ListResources (resourceOwner ${r.resourceOwner}) shows ${resourceArn} ${r.status}` +
            `${r.statusMessage ? ` (${r.statusMessage})` : ""}${r.resourceShareArn ? ` in ${r.resourceShareArn}` : ""}; only AVAILABLE can be associated.`,
          { type: "service-network", id, arn: resourceArn },
          [
            {
              call: "ram:ListResources",
              observed: {
                resourceOwner: r.resourceOwner,
                arn: r.arn,
                status: r.status,
                ...(r.resourceShareArn ? { resourceShareArn: r.resourceShareArn } : {}),
                ...(r.statusMessage ? { statusMessage: r.statusMessage } : {}),
              },
            },
          ],
          [
            awsCli(
              `aws ram list-resources --resource-owner OTHER-ACCOUNTS --resource-arns ${resourceArn}`,
              contextFor(topology, topology.client?.ownerAccountId, context),
            ),
          ],
        );
      }
    }
    return out;
  },
});
