import { defineCheck, type Evidence, type FindingDraft } from "./define.js";
import { accountOf, contextFor, serviceNetworkIds } from "./lib/client.js";
import { awsCli, shellQuote } from "./lib/commands.js";

export default defineCheck({
  code: "LAT-210",
  name: "network-not-shareable",
  severity: "error",
  hop: "service-network",
  crossAccount: true,
  causes: ["LAT-205"],
  symptoms: ["404", "timeout"],
  lint: { judged: "live", reason: "needs live state" },
  // sharing: a FAILED resource association is only seen in RAM (the owner's side, read in every run).
  needs: ["serviceNetworks", "sharing"],
  // The --from client's side (a foreign client) is judged when it was read.
  partlyNeeds: ["client"],
  run(topology, context) {
    const out: FindingDraft[] = [];
    const holding = serviceNetworkIds(topology);
    const client = topology.client;
    for (const network of Object.values(topology.serviceNetworks)) {
      if (network.sharingConfig?.enabled !== false) continue;
      const owner = network.ownerAccountId ?? accountOf(network.arn);
      const failed = (topology.sharing?.associations ?? []).filter(
        (a) =>
          a.associationType === "RESOURCE" &&
          a.associatedEntity === network.arn &&
          a.status.toUpperCase() === "FAILED",
      );
      const foreignClient =
        holding.has(network.id) && client?.ownerAccountId && owner && client.ownerAccountId !== owner
          ? client
          : undefined;
      if (failed.length === 0 && !foreignClient) continue;
      const evidence: Evidence[] = [
        {
          call: "vpc-lattice:GetServiceNetwork",
          observed: {
            id: network.id,
            arn: network.arn,
            name: network.name,
            sharingConfig: network.sharingConfig,
          },
        },
        ...failed.map((a) => ({
          call: "ram:GetResourceShareAssociations",
          observed: {
            associationType: a.associationType,
            resourceShareArn: a.resourceShareArn,
            associatedEntity: a.associatedEntity,
            status: a.status,
            ...(a.statusMessage ? { statusMessage: a.statusMessage } : {}),
          },
        })),
      ];
      if (foreignClient) {
        evidence.push({
          call: "ec2:DescribeVpcs",
          observed: { VpcId: foreignClient.vpcId, OwnerId: foreignClient.ownerAccountId },
        });
      }
      const ctx = contextFor(topology, owner, context);
      out.push({
        title:
          `${network.name || network.id} cannot be shared (sharingConfig.enabled is false)` +
          (foreignClient
            ? `, so ${foreignClient.vpcId} in account ${foreignClient.ownerAccountId} can never associate with it`
            : `: its RAM resource association FAILED`),
        detail:
          `${network.arn} was created with sharingConfig.enabled false, which cannot be changed. ` +
          (failed.length
            ? `RAM tried to add it to ${failed.map((a) => a.resourceShareName ?? a.resourceShareArn).join(", ")} and failed. `
            : "") +
          (foreignClient
            ? `The client's VPC belongs to ${foreignClient.ownerAccountId}, not to the network's owner ${owner}: only a ` +
              "shared network can be associated from another account. "
            : "") +
          "The network has to be recreated with sharing enabled.",
        resource: { type: "service-network", id: network.id, arn: network.arn },
        evidence,
        fix: {
          summary:
            `Create a shareable network in ${owner}, associate the service with it, share it with the consumer accounts ` +
            "(accept: automatic inside an Organization with RAM sharing enabled), then associate the consumer VPCs.",
          commands: [
            awsCli(
              `aws vpc-lattice create-service-network --name ${shellQuote(`${network.name || network.id}-shared`)} --auth-type ${network.authType === "AWS_IAM" ? "AWS_IAM" : "NONE"} --sharing-config enabled=true`,
              ctx,
            ),
            awsCli(
              `aws vpc-lattice create-service-network-service-association --service-network-identifier <new-sn-id> --service-identifier ${topology.service.arn || topology.service.id}`,
              contextFor(topology, accountOf(topology.service.arn), context),
            ),
            ...(foreignClient
              ? [
                  awsCli(
                    `aws ram create-resource-share --name ${shellQuote(`${network.name || network.id}-shared`)} --resource-arns <new-sn-arn> --principals ${foreignClient.ownerAccountId}`,
                    ctx,
                  ),
                ]
              : []),
          ],
        },
        affects: [network.id, ...(foreignClient?.vpcId ? [foreignClient.vpcId] : [])],
      });
    }
    return out;
  },
});
