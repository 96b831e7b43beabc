import { defineCheck, type FindingDraft } from "./define.js";
import { awsCli, shellQuote } from "./lib/commands.js";

/** Statuses in which the association carries no traffic, now or soon: nothing to protect. */
const GONE = new Set(["CREATE_FAILED", "DELETE_IN_PROGRESS"]);

export default defineCheck({
  code: "LAT-207",
  name: "vpc-association-without-security-groups",
  severity: "warning",
  hop: "vpc-association",
  symptoms: ["404", "timeout"],
  lint: {
    judged: "file",
    scope: "any",
    reads: ["listener.protocol", "listener.port", "vpcAssociation.vpc", "vpcAssociation.securityGroups"],
  },
  needs: ["vpcAssociations"],
  run(topology, context) {
    const ports = [...new Set(topology.listeners.map((l) => l.port))].sort((a, b) => a - b);
    const portList = ports.length > 0 ? ports.join(", ") : "the listener ports";
    return (
      topology.vpcAssociations
        // undefined = GetServiceNetworkVpcAssociation not read: say nothing.
        .filter(
          (v) => v.securityGroupIds !== undefined && v.securityGroupIds.length === 0 && !GONE.has(v.status),
        )
        .map((v): FindingDraft => {
          const network = topology.serviceNetworks[v.serviceNetworkId];
          const networkName = network ? `${network.name} (${v.serviceNetworkId})` : v.serviceNetworkId;
          const groupName = `lattice-clients-${network?.name ?? v.serviceNetworkId}`;
          return {
            title:
              `Every workload in ${v.vpcId} can reach every service in network ${networkName}: ` +
              `VPC association ${v.id} has no security groups`,
            detail:
              `The association of ${v.vpcId} with ${v.serviceNetworkId} has no security groups, so nothing filters ` +
              `which workloads of ${v.vpcId} send traffic into the network: all of them reach ` +
              `${topology.service.id} (listener ports ${portList}) and every other service of the network, checked ` +
              "only by auth policies where authType is AWS_IAM.",
            resource: { type: "service-network-vpc-association", id: v.id, arn: v.arn },
            evidence: [
              {
                call: "vpc-lattice:GetServiceNetworkVpcAssociation",
                observed: {
                  id: v.id,
                  serviceNetworkId: v.serviceNetworkId,
                  vpcId: v.vpcId,
                  status: v.status,
                  securityGroupIds: [],
                },
              },
            ],
            fix: {
              summary:
                `Create a security group in ${v.vpcId} that admits ${portList} (tcp) from the clients that should ` +
                "call (their CIDR or security group), then attach it to the association (up to 5 groups; the update " +
                "replaces the list). Only the account that created the association can update it.",
              commands: [
                awsCli(
                  `aws ec2 create-security-group --group-name ${shellQuote(groupName)} ` +
                    `--description ${shellQuote(`Clients allowed into VPC Lattice network ${v.serviceNetworkId}`)} ` +
                    `--vpc-id ${v.vpcId}`,
                  context,
                ),
                ...(ports.length > 0 ? ports : [443]).map((port) =>
                  awsCli(
                    `aws ec2 authorize-security-group-ingress --group-id <sg-id> --protocol tcp --port ${port} ` +
                      "--cidr <client-cidr>",
                    context,
                  ),
                ),
                awsCli(
                  "aws vpc-lattice update-service-network-vpc-association " +
                    `--service-network-vpc-association-identifier ${v.id} --security-group-ids <sg-id>`,
                  context,
                ),
              ],
            },
            affects: [v.id, v.serviceNetworkId, v.vpcId],
          };
        })
    );
  },
});
