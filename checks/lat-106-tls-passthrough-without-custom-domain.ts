import type { Listener } from "../src/topology/types.js";
import { defineCheck } from "./define.js";
import { awsCli, shellQuote } from "./lib/commands.js";
import { apiAction, describeListener } from "./lib/service-routes.js";
import { listText } from "./lib/text.js";

const isPassthrough = (l: Listener): boolean => l.protocol.toUpperCase() === "TLS_PASSTHROUGH";

export default defineCheck({
  code: "LAT-106",
  name: "tls-passthrough-without-custom-domain",
  severity: "critical",
  hop: "listener",
  symptoms: ["404"],
  lint: {
    judged: "file",
    scope: "service",
    reads: ["service.customDomainName", "listener.protocol", "listener.port"],
  },
  needs: ["service", "listeners"],
  explain: {
    summary:
      "A TLS_PASSTHROUGH listener on a service with no custom domain name: Lattice has no SNI name to match, so its connections fail.",
    why:
      "A TLS_PASSTHROUGH listener does not terminate TLS: Lattice routes the connection by the SNI name in the " +
      "client's TLS handshake, which must be the service's custom domain name. Without customDomainName there is " +
      "nothing to match and the listener's connections fail. customDomainName can only be set when the service " +
      "is created. Critical when every listener of the service is TLS_PASSTHROUGH; an error when another listener " +
      "still works.",
    fix:
      "Create the service again with --custom-domain-name (it cannot be added later), recreate the TLS_PASSTHROUGH " +
      "listener on it and point a DNS record for the domain at the new service; or serve the traffic from an " +
      "HTTPS listener instead.",
    bad:
      "CLI:\n" +
      "  aws vpc-lattice create-service --name orders-api\n" +
      "  aws vpc-lattice create-listener --service-identifier svc-0e5b4c6a2d1f83a97 --name tls-443 \\\n" +
      "    --protocol TLS_PASSTHROUGH --port 443 \\\n" +
      '    --default-action \'{"forward":{"targetGroups":[{"targetGroupIdentifier":"tg-0a9f1e2d3c4b5a697"}]}}\'\n' +
      "Terraform:\n" +
      '  resource "aws_vpclattice_service" "orders" {\n' +
      '    name = "orders-api"   # no custom_domain_name\n' +
      "  }\n" +
      '  resource "aws_vpclattice_listener" "tls" {\n' +
      '    name               = "tls-443"\n' +
      '    protocol           = "TLS_PASSTHROUGH"\n' +
      "    port               = 443\n" +
      "    service_identifier = aws_vpclattice_service.orders.id\n" +
      "    default_action {\n" +
      "      forward {\n" +
      "        target_groups {\n" +
      "          target_group_identifier = aws_vpclattice_target_group.orders_tcp.id\n" +
      "        }\n" +
      "      }\n" +
      "    }\n" +
      "  }",
    good:
      "CLI:\n" +
      "  aws vpc-lattice create-service --name orders-api --custom-domain-name orders.example.com\n" +
      "Terraform:\n" +
      '  resource "aws_vpclattice_service" "orders" {\n' +
      '    name               = "orders-api"\n' +
      '    custom_domain_name = "orders.example.com"\n' +
      "  }",
  },
  run(topology, context) {
    const service = topology.service;
    if (service.customDomainName) return [];
    const passthrough = topology.listeners.filter(isPassthrough);
    if (passthrough.length === 0) return [];
    const critical = passthrough.length === topology.listeners.length;
    const others = topology.listeners.filter((l) => !isPassthrough(l));
    return passthrough.map((listener) => {
      const commands = [
        awsCli(
          `aws vpc-lattice create-service --name ${shellQuote(`${service.name}-tls`)} --custom-domain-name <domain-name>` +
            (service.authType === "AWS_IAM" ? " --auth-type AWS_IAM" : ""),
          context,
        ),
      ];
      if (listener.defaultAction && listener.defaultAction.type !== "unknown") {
        commands.push(
          awsCli(
            `aws vpc-lattice create-listener --service-identifier <new-svc-id> --name ${shellQuote(listener.name)} ` +
              `--protocol TLS_PASSTHROUGH --port ${listener.port} ` +
              `--default-action ${shellQuote(JSON.stringify(apiAction(listener.defaultAction)))}`,
            context,
          ),
        );
      }
      return {
        severity: critical ? ("critical" as const) : ("error" as const),
        title:
          `${describeListener(listener).replace(/^./, (c) => c.toUpperCase())} is TLS_PASSTHROUGH but service ` +
          `${service.name} (${service.id}) has no custom domain name: its connections fail`,
        detail:
          "A TLS_PASSTHROUGH listener routes each connection by the SNI name of the client's TLS handshake, which " +
          `must be the service's custom domain name. ${service.id} has no customDomainName, so there is nothing to ` +
          "match and connections to this listener fail. " +
          (critical
            ? "Every listener of the service is TLS_PASSTHROUGH: every connection fails."
            : `${listText(others.map(describeListener))} ${others.length === 1 ? "is" : "are"} not affected.`),
        resource: { type: "listener", id: listener.id, arn: listener.arn },
        evidence: [
          {
            call: "vpc-lattice:GetService",
            observed: { id: service.id, name: service.name, customDomainName: null },
          },
          {
            call: "vpc-lattice:GetListener",
            observed: {
              id: listener.id,
              name: listener.name,
              protocol: listener.protocol,
              port: listener.port,
            },
          },
        ],
        fix: {
          summary:
            "customDomainName can only be set at creation: create the service again with a custom domain name, " +
            "recreate this listener (and the target group, which serves one service only) on it, associate it with " +
            "the service network and point the domain's DNS record at its dnsEntry — or serve the traffic from an " +
            "HTTPS listener instead.",
          commands,
        },
        affects: [listener.id, service.id],
      };
    });
  },
});
