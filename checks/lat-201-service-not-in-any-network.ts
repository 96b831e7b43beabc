import { defineCheck } from "./define.js";
import { awsCli } from "./lib/commands.js";

export default defineCheck({
  code: "LAT-201",
  name: "service-not-in-any-network",
  severity: "critical",
  hop: "service-association",
  causes: ["LAT-606"],
  symptoms: ["404", "timeout"],
  lint: { judged: "live", reason: "associations may be defined in another stack" },
  needs: ["serviceAssociations"],
  run(topology, context) {
    if (topology.serviceAssociations.length > 0) return [];
    const service = topology.service;
    return [
      {
        title: `Service ${service.name} (${service.id}) is in no service network: no client can reach it`,
        detail:
          `${service.id} has no service-network association. A VPC Lattice service is reachable only through a ` +
          "service network that the client's VPC is associated with (or has a service-network endpoint to), so " +
          "every client call fails before it reaches a listener.",
        resource: { type: "service", id: service.id, arn: service.arn },
        evidence: [
          {
            call: "vpc-lattice:ListServiceNetworkServiceAssociations",
            observed: { serviceIdentifier: service.id, items: [] },
          },
        ],
        fix: {
          summary:
            "Associate the service with the service network your clients' VPCs are associated with " +
            "(list the networks to find its id), then wait until the association is ACTIVE.",
          commands: [
            awsCli("aws vpc-lattice list-service-networks", context),
            awsCli(
              `aws vpc-lattice create-service-network-service-association --service-identifier ${service.id} ` +
                "--service-network-identifier <sn-id>",
              context,
            ),
          ],
        },
        affects: [service.id],
      },
    ];
  },
});
