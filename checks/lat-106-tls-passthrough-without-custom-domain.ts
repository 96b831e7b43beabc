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
