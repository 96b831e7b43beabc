import { defineCheck, type FindingDraft } from "./define.js";
import { awsCli } from "./lib/commands.js";

/** Associations that failed to create or are going away carry no traffic. */
const GONE = new Set(["CREATE_FAILED", "DELETE_IN_PROGRESS"]);

export default defineCheck({
  code: "LAT-407",
  name: "resource-configurations-unprotected",
  severity: "warning",
  hop: "service-network",
  symptoms: ["403"],
  lint: { judged: "live", reason: "resource configurations may be associated from other stacks" },
  needs: ["serviceNetworks", "resourceAssociations"],
  run(topology, context) {
    const associations = topology.resourceAssociations;
    if (associations === undefined) return []; // not read
    const findings: FindingDraft[] = [];
    for (const network of Object.values(topology.serviceNetworks)) {
      const here = associations.filter((r) => r.serviceNetworkId === network.id && !GONE.has(r.status));
      if (here.length === 0) continue;
      const names = here.map((r) => {
        const id = r.resourceConfigurationId ?? r.resourceConfigurationArn ?? r.id;
        return r.resourceConfigurationName ? `${r.resourceConfigurationName} (${id})` : id;
      });
      const iam = network.authType === "AWS_IAM";
      findings.push({
        title:
          `${here.length} resource configuration${here.length === 1 ? "" : "s"} in network ${network.name} ` +
          `(${network.id}) ${here.length === 1 ? "is" : "are"} not covered by ${iam ? "its" : "any"} auth policy`,
        detail:
          `${names.join(", ")} ${here.length === 1 ? "is" : "are"} associated with ${network.id}. Auth policies do not ` +
          "apply to resource configurations" +
          (iam
            ? ", so the network's AWS_IAM auth policy, which protects its services, does not protect them"
            : "") +
          ": every workload of every VPC connected to the network can open connections to them, limited only by " +
          "security groups.",
        resource: { type: "service-network", id: network.id, arn: network.arn },
        evidence: [
          {
            call: "vpc-lattice:GetServiceNetwork",
            observed: { id: network.id, name: network.name, authType: network.authType },
          },
          {
            call: "vpc-lattice:ListServiceNetworkResourceAssociations",
            observed: {
              serviceNetworkIdentifier: network.id,
              items: here.map((r) => {
                const item: Record<string, unknown> = { id: r.id, status: r.status };
                if (r.resourceConfigurationId !== undefined)
                  item.resourceConfigurationId = r.resourceConfigurationId;
                if (r.resourceConfigurationName !== undefined)
                  item.resourceConfigurationName = r.resourceConfigurationName;
                return item;
              }),
            },
          },
        ],
        fix: {
          summary:
            "Make sure security groups, not the auth policy, decide who reaches these resources: the VPC " +
            "associations' or endpoints' groups, the resource gateway's, the resource's own. If some consumers of " +
            "the network must not reach them, remove the association and share the resources through a network " +
            "of their own. The commands show the resource gateway of each resource configuration and the VPCs " +
            "that can reach them.",
          commands: [
            ...here
              .filter((r) => r.resourceConfigurationId !== undefined)
              .map((r) =>
                awsCli(
                  `aws vpc-lattice get-resource-configuration --resource-configuration-identifier ${r.resourceConfigurationId}`,
                  context,
                ),
              ),
            awsCli(
              `aws vpc-lattice list-service-network-vpc-associations --service-network-identifier ${network.id}`,
              context,
            ),
          ],
        },
        affects: [network.id, ...here.map((r) => r.id)],
      });
    }
    return findings;
  },
});
