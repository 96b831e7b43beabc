import type { ServiceAssociation } from "../src/topology/types.js";
import { defineCheck, type CheckContext, type FindingDraft } from "./define.js";
import { addFailureFields, failureReason } from "./lib/association-failure.js";
import { awsCli } from "./lib/commands.js";

function networkLabel(a: ServiceAssociation): string {
  return a.serviceNetworkName ? `${a.serviceNetworkName} (${a.serviceNetworkId})` : a.serviceNetworkId;
}

/** What the status means now, in a few words. */
function meaning(status: string): string {
  switch (status) {
    case "CREATE_IN_PROGRESS":
      return "is still being created";
    case "CREATE_FAILED":
      return "failed to create";
    case "DELETE_IN_PROGRESS":
      return "is being deleted";
    case "DELETE_FAILED":
      return "failed to delete and is not serving";
    default:
      return `is ${status}`;
  }
}

function fixFor(a: ServiceAssociation, serviceId: string, context: CheckContext): FindingDraft["fix"] {
  const get = awsCli(
    `aws vpc-lattice get-service-network-service-association --service-network-service-association-identifier ${a.id}`,
    context,
  );
  const del = awsCli(
    `aws vpc-lattice delete-service-network-service-association --service-network-service-association-identifier ${a.id}`,
    context,
  );
  const create = awsCli(
    `aws vpc-lattice create-service-network-service-association --service-identifier ${serviceId} ` +
      `--service-network-identifier ${a.serviceNetworkId}`,
    context,
  );
  switch (a.status) {
    case "CREATE_IN_PROGRESS":
      return {
        summary:
          "Wait a few minutes and check again; if it does not become ACTIVE, delete it and create it again.",
        commands: [get],
      };
    case "DELETE_IN_PROGRESS":
      return {
        summary:
          "The association is being deleted. If the service should stay in this network, create the " +
          "association again once the deletion has finished.",
        commands: [get, create],
      };
    case "DELETE_FAILED":
      return {
        summary:
          "Retry the deletion; if the service should stay in this network, create the association again.",
        commands: [del, create],
      };
    default:
      return {
        summary:
          "A failed association cannot be repaired: fix the cause named by failureCode/failureMessage (if any), " +
          "delete the association and create it again, then wait until it is ACTIVE.",
        commands: [del, create, get],
      };
  }
}

export default defineCheck({
  code: "LAT-202",
  name: "service-association-not-active",
  severity: "critical",
  hop: "service-association",
  causes: ["LAT-606"],
  symptoms: ["404", "timeout"],
  lint: { judged: "live", reason: "association status is live state" },
  needs: ["serviceAssociations"],
  run(topology, context) {
    const associations = topology.serviceAssociations;
    // No association at all is LAT-201's.
    const inactive = associations.filter((a) => a.status !== "ACTIVE");
    if (inactive.length === 0) return [];
    const anyActive = associations.some((a) => a.status === "ACTIVE");
    const service = topology.service;
    return inactive.map((a): FindingDraft => {
      const observed: Record<string, unknown> = {
        id: a.id,
        serviceId: service.id,
        serviceNetworkId: a.serviceNetworkId,
        status: a.status,
      };
      addFailureFields(observed, a);
      const reason = failureReason(a);
      return {
        severity: anyActive ? "error" : "critical",
        title:
          `Service ${service.name} (${service.id}) is not reachable through network ${networkLabel(a)}: ` +
          `its association ${a.id} is ${a.status}`,
        detail:
          `The association of ${service.id} with ${a.serviceNetworkId} ${meaning(a.status)} (status ${a.status}), ` +
          "so it carries no traffic." +
          reason +
          (anyActive
            ? " The service has another ACTIVE association: only clients that use this network fail."
            : " The service has no ACTIVE association at all: every client fails."),
        resource: { type: "service-network-service-association", id: a.id, arn: a.arn },
        evidence: [{ call: "vpc-lattice:GetServiceNetworkServiceAssociation", observed }],
        fix: fixFor(a, service.id, context),
        affects: [a.id, a.serviceNetworkId, service.id],
      };
    });
  },
});
