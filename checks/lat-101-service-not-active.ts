import type { Service } from "../src/topology/types.js";
import { defineCheck, type CheckContext } from "./define.js";
import { awsCli, shellQuote } from "./lib/commands.js";

const STATE: Record<string, string> = {
  CREATE_IN_PROGRESS: "is still being created",
  CREATE_FAILED: "failed to be created",
  DELETE_IN_PROGRESS: "is being deleted",
  DELETE_FAILED: "failed to be deleted",
};

/** Statuses that say nothing (the API left the field out): no evidence either way. */
const UNKNOWN = new Set(["", "UNKNOWN"]);

function createServiceCommand(service: Service, context: CheckContext): string {
  let command = `aws vpc-lattice create-service --name ${shellQuote(service.name)}`;
  if (service.authType === "AWS_IAM") command += " --auth-type AWS_IAM";
  if (service.customDomainName) command += ` --custom-domain-name ${shellQuote(service.customDomainName)}`;
  if (service.certificateArn) command += ` --certificate-arn ${shellQuote(service.certificateArn)}`;
  return awsCli(command, context);
}

function fixFor(service: Service, context: CheckContext): { summary: string; commands: string[] } {
  const get = awsCli(`aws vpc-lattice get-service --service-identifier ${service.id}`, context);
  const remove = awsCli(`aws vpc-lattice delete-service --service-identifier ${service.id}`, context);
  switch (service.status) {
    case "CREATE_IN_PROGRESS":
      return {
        summary:
          "Wait for the creation to finish and check that the status becomes ACTIVE; if it turns CREATE_FAILED, " +
          "read failureMessage and recreate the service.",
        commands: [get],
      };
    case "CREATE_FAILED":
      return {
        summary:
          "A failed creation is not retried: fix what failureMessage names, delete the service and create it " +
          "again (then recreate its listeners and service-network associations, and update clients to the new " +
          "DNS name).",
        commands: [remove, createServiceCommand(service, context)],
      };
    case "DELETE_IN_PROGRESS":
      return {
        summary:
          "Someone deleted the service. If it is still needed, create it again once the deletion completes, " +
          "with its listeners and service-network associations.",
        commands: [get, createServiceCommand(service, context)],
      };
    case "DELETE_FAILED":
      return {
        summary:
          "Fix what failureMessage names (often: the service still has service-network associations), then " +
          "retry the deletion — or, if the service is still needed, recreate it.",
        commands: [
          awsCli(
            `aws vpc-lattice list-service-network-service-associations --service-identifier ${service.id}`,
            context,
          ),
          remove,
        ],
      };
    default:
      return {
        summary: "Read the service's status and failureMessage and bring it back to ACTIVE.",
        commands: [get],
      };
  }
}

export default defineCheck({
  code: "LAT-101",
  name: "service-not-active",
  severity: "critical",
  hop: "service",
  causes: ["LAT-606"],
  symptoms: ["404"],
  lint: { judged: "live", reason: "service status is live state" },
  needs: ["service"],
  run(topology, context) {
    const service = topology.service;
    const status = String(service.status ?? "");
    if (status === "ACTIVE" || UNKNOWN.has(status)) return [];
    const state = STATE[status] ?? `is ${status}`;
    const reason = [service.failureCode, service.failureMessage].filter((s): s is string => !!s).join(": ");
    const observed: Record<string, unknown> = { id: service.id, name: service.name, status };
    if (service.failureCode !== undefined) observed.failureCode = service.failureCode;
    if (service.failureMessage !== undefined) observed.failureMessage = service.failureMessage;
    return [
      {
        title:
          `Service ${service.name} (${service.id}) is ${status}, not ACTIVE${reason ? ` (${reason})` : ""}: ` +
          "every request to it fails",
        detail:
          `The service ${state}. Only an ACTIVE service answers requests, so every call fails before it reaches ` +
          "a listener, whatever the listeners, auth policies and targets say." +
          (reason
            ? ` GetService gives the reason: ${reason}.`
            : " GetService gives no failureCode or failureMessage."),
        resource: { type: "service", id: service.id, arn: service.arn },
        evidence: [{ call: "vpc-lattice:GetService", observed }],
        fix: fixFor(service, context),
        affects: [service.id],
      },
    ];
  },
});
