import { defineCheck } from "./define.js";
import { awsCli, shellQuote } from "./lib/commands.js";

export default defineCheck({
  code: "LAT-102",
  name: "service-has-no-listeners",
  severity: "critical",
  hop: "listener",
  symptoms: ["404"],
  lint: { judged: "live", reason: "listeners may be defined in another stack" },
  needs: ["listeners"],
  explain: {
    summary: "The service has no listener: nothing accepts a client's connection, so every request fails.",
    why:
      "A VPC Lattice service receives traffic only on its listeners (protocol HTTP, HTTPS or TLS_PASSTHROUGH on a " +
      "port). Without one, the service's DNS name resolves but no port answers: every client connection fails, " +
      "whatever the networks, auth policies and target groups say.",
    fix:
      "Create a listener whose default action forwards to the service's target group: aws vpc-lattice " +
      "create-listener --service-identifier svc-… --protocol HTTPS --port 443 --default-action " +
      '\'{"forward":{"targetGroups":[{"targetGroupIdentifier":"tg-…"}]}}\'.',
    bad:
      "CLI: the service and its target group exist, but no listener was created:\n" +
      "  aws vpc-lattice list-listeners --service-identifier svc-0e5b4c6a2d1f83a97\n" +
      '  → { "items": [] }\n' +
      "Terraform: an aws_vpclattice_service with no aws_vpclattice_listener:\n" +
      '  resource "aws_vpclattice_service" "orders" {\n' +
      '    name = "orders-api"\n' +
      "  }",
    good:
      "CLI:\n" +
      "  aws vpc-lattice create-listener --service-identifier svc-0e5b4c6a2d1f83a97 --name https-443 \\\n" +
      "    --protocol HTTPS --port 443 \\\n" +
      '    --default-action \'{"forward":{"targetGroups":[{"targetGroupIdentifier":"tg-0a9f1e2d3c4b5a697"}]}}\'\n' +
      "Terraform:\n" +
      '  resource "aws_vpclattice_listener" "https" {\n' +
      '    name               = "https-443"\n' +
      '    protocol           = "HTTPS"\n' +
      "    port               = 443\n" +
      "    service_identifier = aws_vpclattice_service.orders.id\n" +
      "    default_action {\n" +
      "      forward {\n" +
      "        target_groups {\n" +
      "          target_group_identifier = aws_vpclattice_target_group.orders.id\n" +
      "        }\n" +
      "      }\n" +
      "    }\n" +
      "  }",
  },
  run(topology, context) {
    if (topology.listeners.length > 0) return [];
    const service = topology.service;
    const action = shellQuote(
      JSON.stringify({ forward: { targetGroups: [{ targetGroupIdentifier: "<tg-id>" }] } }),
    );
    return [
      {
        title: `Service ${service.name} (${service.id}) has no listener: every request fails`,
        detail:
          `ListListeners returns no listener for ${service.id}. A service receives traffic only on its listeners, ` +
          "so its DNS name resolves but no port accepts the client's connection: every request fails, whatever " +
          "the service networks, auth policies and target groups say.",
        resource: { type: "service", id: service.id, arn: service.arn },
        evidence: [
          { call: "vpc-lattice:ListListeners", observed: { serviceIdentifier: service.id, items: [] } },
        ],
        fix: {
          summary:
            "Create a listener on the port and protocol clients use (HTTPS 443 below) with a default action that " +
            "forwards to the service's target group (list them to find its id).",
          commands: [
            awsCli("aws vpc-lattice list-target-groups", context),
            awsCli(
              `aws vpc-lattice create-listener --service-identifier ${service.id} --name https-443 --protocol HTTPS ` +
                `--port 443 --default-action ${action}`,
              context,
            ),
          ],
        },
        affects: [service.id],
      },
    ];
  },
});
