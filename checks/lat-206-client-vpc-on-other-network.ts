import { defineCheck } from "./define.js";
import { awsCli } from "./lib/commands.js";
import {
  accountOf,
  associationsEvidence,
  clientAssociationsKnown,
  clientEvidence,
  clientPaths,
  contextFor,
  networkArnOf,
} from "./lib/client.js";
import { listText } from "./lib/text.js";

export default defineCheck({
  code: "LAT-206",
  name: "client-vpc-on-other-network",
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
    if (paths.holding.size === 0) return [];
    if (paths.activeToService.length > 0 || paths.endpointsToService.length > 0) return [];
    const other = paths.otherNetworks;
    if (other.length === 0) return [];
    const vpcId = client.vpcId;
    const current = other[0]!;
    const networks = [...paths.holding];
    const target = networks.find((id) => topology.serviceNetworks[id]) ?? networks[0]!;
    const targetArn = networkArnOf(topology, target) ?? target;
    const serviceCtx = context; // the service's owner runs lattice doctor
    const clientCtx = contextFor(topology, client.ownerAccountId, context);
    const serviceOwner = accountOf(topology.service.arn);
    const currentNetwork = current.serviceNetworkArn ?? current.serviceNetworkId;
    const subnet = client.subnetId ?? "<subnet-id>";
    const groups = client.securityGroupIds.length ? client.securityGroupIds.join(" ") : "<sg-id>";
    const sameAccountAsService =
      !accountOf(current.serviceNetworkArn) || accountOf(current.serviceNetworkArn) === serviceOwner;
    return [
      {
        title:
          `The client's VPC ${vpcId} is associated with ${current.serviceNetworkName ?? current.serviceNetworkId}, not with ` +
          `${listText(networks)} where the service is: requests from ${client.input} never reach it`,
        detail:
          `${vpcId} is associated with ${listText(other.map((a) => `${a.serviceNetworkName ? `${a.serviceNetworkName} ` : ""}(${a.serviceNetworkId}, ${a.status})`))}. ` +
          `The service ${topology.service.name || topology.service.id} is only in ${listText(networks)}. A VPC takes one ` +
          "service network by association (a second association fails with ConflictException), so the client's " +
          "requests go to a network that does not hold the service. Two ways out: associate the service with " +
          `${current.serviceNetworkId} too, or give ${vpcId} a VPC endpoint of type ServiceNetwork for ${target}. ` +
          `(Moving the association cuts ${vpcId} off from the services of ${current.serviceNetworkId}.)`,
        resource: { type: "vpc", id: vpcId },
        evidence: [
          clientEvidence(client),
          associationsEvidence(vpcId, paths.associations),
          {
            call: "vpc-lattice:ListServiceNetworkServiceAssociations",
            observed: {
              items: topology.serviceAssociations.map((a) => ({
                id: a.id,
                serviceNetworkId: a.serviceNetworkId,
                status: a.status,
              })),
            },
          },
        ],
        fix: {
          summary:
            `Associate the service with ${current.serviceNetworkId}` +
            (sameAccountAsService
              ? ""
              : ` (owned by ${accountOf(current.serviceNetworkArn)}: it must be shared with ${serviceOwner} first; a service and a network both shared with one account cannot be associated by it)`) +
            `, or create a service-network VPC endpoint in ${vpcId} for ${target}.`,
          commands: [
            awsCli(
              `aws vpc-lattice create-service-network-service-association --service-network-identifier ${currentNetwork} ` +
                `--service-identifier ${topology.service.arn || topology.service.id}`,
              serviceCtx,
            ),
            awsCli(
              `aws ec2 create-vpc-endpoint --vpc-endpoint-type ServiceNetwork --vpc-id ${vpcId} --service-network-arn ${targetArn} ` +
                `--subnet-ids ${subnet} --security-group-ids ${groups}`,
              clientCtx,
            ),
          ],
        },
        affects: [vpcId, ...networks, current.serviceNetworkId],
      },
    ];
  },
});
