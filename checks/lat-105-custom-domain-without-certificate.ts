import { defineCheck } from "./define.js";
import { awsCli, shellQuote } from "./lib/commands.js";
import { describeListener } from "./lib/service-routes.js";
import { listText } from "./lib/text.js";

export default defineCheck({
  code: "LAT-105",
  name: "custom-domain-without-certificate",
  severity: "critical",
  hop: "service",
  symptoms: ["404"],
  lint: {
    judged: "file",
    scope: "service",
    reads: ["service.customDomainName", "service.certificateArn", "listener.protocol", "listener.port"],
  },
  needs: ["service", "listeners"],
  run(topology, context) {
    const service = topology.service;
    if (!service.customDomainName || service.certificateArn) return [];
    const https = topology.listeners.filter((l) => l.protocol.toUpperCase() === "HTTPS");
    if (https.length === 0) return [];
    const critical = https.length === topology.listeners.length;
    const domain = service.customDomainName;
    const others = topology.listeners.filter((l) => !https.includes(l));
    return [
      {
        severity: critical ? "critical" : "error",
        title:
          `Service ${service.name} (${service.id}) has custom domain ${domain} but no certificate: ` +
          `HTTPS connections to ${domain} fail`,
        detail:
          `${listText(https.map(describeListener))} ${https.length === 1 ? "is" : "are"} HTTPS and the service's ` +
          `customDomainName is ${domain}, but certificateArn is not set. Lattice has no certificate for ` +
          `${domain} and no fallback, so the TLS handshake of every HTTPS connection to ${domain} fails. ` +
          (service.dnsEntry?.domainName
            ? `Clients calling the generated name ${service.dnsEntry.domainName} still work. `
            : "") +
          (critical
            ? "Every listener of the service is HTTPS."
            : `${listText(others.map(describeListener))} still answer${others.length === 1 ? "s" : ""} on ${domain}.`),
        resource: { type: "service", id: service.id, arn: service.arn },
        evidence: [
          {
            call: "vpc-lattice:GetService",
            observed: {
              id: service.id,
              name: service.name,
              customDomainName: domain,
              certificateArn: null,
              dnsEntry: service.dnsEntry ?? null,
            },
          },
          {
            call: "vpc-lattice:ListListeners",
            observed: {
              serviceIdentifier: service.id,
              items: topology.listeners.map((l) => ({
                id: l.id,
                name: l.name,
                protocol: l.protocol,
                port: l.port,
              })),
            },
          },
        ],
        fix: {
          summary:
            `Attach an ACM certificate for ${domain}, issued or imported in ${context.region} (the service's region); ` +
            "validate it (DNS) before attaching.",
          commands: [
            awsCli(
              `aws acm request-certificate --domain-name ${shellQuote(domain)} --validation-method DNS`,
              context,
            ),
            awsCli(
              `aws vpc-lattice update-service --service-identifier ${service.id} --certificate-arn <certificate-arn>`,
              context,
            ),
          ],
        },
        affects: [service.id, ...https.map((l) => l.id)],
      },
    ];
  },
});
