import { defineCheck } from "./define.js";
import { awsCli } from "./lib/commands.js";

export default defineCheck({
  code: "LAT-201",
  name: "service-not-in-any-network",
  severity: "critical",
  hop: "service-association",
  symptoms: ["404", "timeout"],
  lint: { judged: "live", reason: "associations may be defined in another stack" },
  needs: ["serviceAssociations"],
  explain: {
    summary: "The service is not associated with any service network, so no client can reach it.",
    why:
      "A VPC Lattice service is reachable only through a service network: a client's VPC must be associated " +
      "with (or have a service-network endpoint to) a network that holds the service. A service with no " +
      "service-network association at all has no path in: every client fails, whatever the listeners, " +
      "auth policies and targets say. (An association that exists but is not ACTIVE is LAT-202.)",
    fix:
      "Associate the service with the service network your clients' VPCs use: " +
      "aws vpc-lattice create-service-network-service-association --service-identifier svc-… " +
      "--service-network-identifier sn-…, then wait for the association's status to become ACTIVE.",
    bad:
      "CLI: the service was created, but never associated:\n" +
      "  aws vpc-lattice create-service --name orders-api --auth-type AWS_IAM\n" +
      "  aws vpc-lattice list-service-network-service-associations --service-identifier svc-0e5b4c6a2d1f83a97\n" +
      '  → { "items": [] }\n' +
      "Terraform: an aws_vpclattice_service with no aws_vpclattice_service_network_service_association:\n" +
      '  resource "aws_vpclattice_service" "orders" {\n' +
      '    name      = "orders-api"\n' +
      '    auth_type = "AWS_IAM"\n' +
      "  }",
    good:
      "CLI:\n" +
      "  aws vpc-lattice create-service-network-service-association \\\n" +
      "    --service-identifier svc-0e5b4c6a2d1f83a97 --service-network-identifier sn-0c4f1a2b3d5e6f789\n" +
      "Terraform:\n" +
      '  resource "aws_vpclattice_service_network_service_association" "orders" {\n' +
      "    service_identifier         = aws_vpclattice_service.orders.id\n" +
      "    service_network_identifier = aws_vpclattice_service_network.prod.id\n" +
      "  }",
  },
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
