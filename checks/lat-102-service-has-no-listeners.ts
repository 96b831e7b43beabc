import { defineCheck } from "./define.js";
import { awsCli, shellQuote } from "./lib/commands.js";

export default defineCheck({
  code: "LAT-102",
  name: "service-has-no-listeners",
  severity: "critical",
  hop: "listener",
  causes: ["LAT-606"],
  symptoms: ["404"],
  lint: { judged: "live", reason: "listeners may be defined in another stack" },
  needs: ["listeners"],
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
