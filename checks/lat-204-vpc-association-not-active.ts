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
