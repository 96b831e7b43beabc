import type { VpcAssociation } from "../src/topology/types.js";
import { defineCheck, type CheckContext, type FindingDraft } from "./define.js";
import { addFailureFields, failureReason } from "./lib/association-failure.js";
import { awsCli } from "./lib/commands.js";

function meaning(status: string): string {
  switch (status) {
    case "CREATE_IN_PROGRESS":
      return "is still being created";
    case "UPDATE_IN_PROGRESS":
      return "is being updated";
    case "CREATE_FAILED":
      return "failed to create";
    case "UPDATE_FAILED":
      return "failed to update";
    case "DELETE_IN_PROGRESS":
      return "is being deleted";
    case "DELETE_FAILED":
      return "failed to delete";
    default:
      return `is ${status}`;
  }
}

function fixFor(v: VpcAssociation, context: CheckContext): FindingDraft["fix"] {
  const id = `--service-network-vpc-association-identifier ${v.id}`;
  const get = awsCli(`aws vpc-lattice get-service-network-vpc-association ${id}`, context);
  const del = awsCli(`aws vpc-lattice delete-service-network-vpc-association ${id}`, context);
  const sgs = v.securityGroupIds && v.securityGroupIds.length > 0 ? v.securityGroupIds.join(" ") : "<sg-id>";
  const create = awsCli(
    `aws vpc-lattice create-service-network-vpc-association --service-network-identifier ${v.serviceNetworkId} ` +
      `--vpc-identifier ${v.vpcId} --security-group-ids ${sgs}`,
    context,
  );
  switch (v.status) {
    case "CREATE_IN_PROGRESS":
    case "UPDATE_IN_PROGRESS":
      return {
        summary:
          "Wait a few minutes and check again; if it does not become ACTIVE, look at failureCode/failureMessage.",
        commands: [get],
      };
    case "UPDATE_FAILED":
      return {
        summary:
          "Read failureMessage, then retry the update with security groups of that VPC (1–5). If it keeps " +
          "failing, delete the association and create it again.",
        commands: [
          get,
          awsCli(
            `aws vpc-lattice update-service-network-vpc-association ${id} --security-group-ids ${sgs}`,
            context,
          ),
        ],
      };
    case "DELETE_IN_PROGRESS":
      return {
        summary:
          "The association is being deleted. If this VPC's clients still need the network, create it again once " +
          "the deletion has finished.",
        commands: [get, create],
      };
    default:
      return {
        summary:
          "Fix the cause named by failureCode/failureMessage (a VPC takes only one service network by " +
          "association: a second one fails with ConflictException), delete the association and create it again.",
        commands: [del, create],
      };
  }
}

export default defineCheck({
  code: "LAT-204",
  name: "vpc-association-not-active",
  severity: "error",
  hop: "vpc-association",
  symptoms: ["404", "timeout"],
  lint: { judged: "live", reason: "association status is live state" },
  needs: ["vpcAssociations"],
  explain: {
    summary:
      "A VPC association of the service's network is not ACTIVE: clients in that VPC cannot use the network.",
    why:
      "Workloads in a VPC reach the services of a network only while the VPC's association with that network is " +
      "ACTIVE. An association that failed (CREATE_FAILED, UPDATE_FAILED), or is being created or deleted, does not " +
      "carry their traffic: the service's name does not resolve to Lattice there, or connections time out. A " +
      "common cause of CREATE_FAILED is a VPC that is already associated with another service network (one per VPC).",
    fix:
      "Read failureCode/failureMessage (get-service-network-vpc-association), fix the cause, then delete and " +
      "recreate the association, or retry the update; wait until it is ACTIVE.",
    bad:
      "CLI:\n" +
      "  aws vpc-lattice get-service-network-vpc-association \\\n" +
      "    --service-network-vpc-association-identifier snva-0a2b4c6d8e0f13579\n" +
      '  → { "status": "CREATE_FAILED", "vpcId": "vpc-0f9e8d7c6b5a43210", "failureCode": "…", "failureMessage": "…" }\n' +
      "Terraform: a second association for a VPC that is already in another network:\n" +
      '  resource "aws_vpclattice_service_network_vpc_association" "clients_dev" {\n' +
      "    vpc_identifier             = aws_vpc.clients.id\n" +
      "    service_network_identifier = aws_vpclattice_service_network.dev.id\n" +
      "  }",
    good:
      "CLI:\n" +
      "  aws vpc-lattice delete-service-network-vpc-association \\\n" +
      "    --service-network-vpc-association-identifier snva-0a2b4c6d8e0f13579\n" +
      "  aws vpc-lattice create-service-network-vpc-association --service-network-identifier sn-0c4f1a2b3d5e6f789 \\\n" +
      "    --vpc-identifier vpc-0f9e8d7c6b5a43210 --security-group-ids sg-0d9c8b7a6f5e43210\n" +
      "Terraform: one association per VPC, ACTIVE:\n" +
      '  resource "aws_vpclattice_service_network_vpc_association" "clients" {\n' +
      "    vpc_identifier             = aws_vpc.clients.id\n" +
      "    service_network_identifier = aws_vpclattice_service_network.prod.id\n" +
      "    security_group_ids         = [aws_security_group.lattice_clients.id]\n" +
      "  }",
  },
  run(topology, context) {
    return topology.vpcAssociations
      .filter((v) => v.status !== "ACTIVE")
      .map((v): FindingDraft => {
        const network = topology.serviceNetworks[v.serviceNetworkId];
        const networkName = network ? `${network.name} (${v.serviceNetworkId})` : v.serviceNetworkId;
        const observed: Record<string, unknown> = {
          id: v.id,
          serviceNetworkId: v.serviceNetworkId,
          vpcId: v.vpcId,
          status: v.status,
        };
        addFailureFields(observed, v);
        const reason = failureReason(v);
        return {
          title: `Clients in ${v.vpcId} cannot use network ${networkName}: VPC association ${v.id} is ${v.status}`,
          detail:
            `The association of ${v.vpcId} with ${v.serviceNetworkId} ${meaning(v.status)} (status ${v.status}). ` +
            (v.status.startsWith("UPDATE_")
              ? `Its security groups may not be what was asked for; check again before relying on ${v.vpcId}'s access to ${topology.service.id}.`
              : `Until it is ACTIVE, workloads in ${v.vpcId} cannot reach ${topology.service.id} through this network.`) +
            reason,
          resource: { type: "service-network-vpc-association", id: v.id, arn: v.arn },
          evidence: [{ call: "vpc-lattice:GetServiceNetworkVpcAssociation", observed }],
          fix: fixFor(v, context),
          affects: [v.id, v.serviceNetworkId, v.vpcId],
        };
      });
  },
});
