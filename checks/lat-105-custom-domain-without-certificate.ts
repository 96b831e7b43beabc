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
  explain: {
    summary:
      "The service has a custom domain name and an HTTPS listener but no certificate: HTTPS connections to the custom domain fail.",
    why:
      "For its generated DNS name VPC Lattice presents a certificate it manages. For a custom domain name it needs " +
      "your ACM certificate (certificateArn): there is no fallback, so every TLS handshake for the custom domain on " +
      "an HTTPS listener fails. Clients that call the generated name (dnsEntry.domainName) are not affected. " +
      "Critical when every listener is HTTPS; an error when another listener still answers on the custom domain.",
    fix:
      "Request or import an ACM certificate for the custom domain in the service's region and attach it: " +
      "aws vpc-lattice update-service --service-identifier svc-… --certificate-arn arn:aws:acm:…",
    bad:
      "CLI:\n" +
      "  aws vpc-lattice create-service --name orders-api --custom-domain-name orders.example.com\n" +
      "Terraform:\n" +
      '  resource "aws_vpclattice_service" "orders" {\n' +
      '    name               = "orders-api"\n' +
      '    custom_domain_name = "orders.example.com"\n' +
      "    # no certificate_arn, and an HTTPS listener\n" +
      "  }",
    good:
      "CLI:\n" +
      "  aws acm request-certificate --domain-name orders.example.com --validation-method DNS\n" +
      "  aws vpc-lattice update-service --service-identifier svc-0e5b4c6a2d1f83a97 \\\n" +
      "    --certificate-arn arn:aws:acm:us-east-1:111122223333:certificate/5e6f7a8b-1c2d-4e3f-9a0b-1c2d3e4f5a6b\n" +
      "Terraform:\n" +
      '  resource "aws_vpclattice_service" "orders" {\n' +
      '    name               = "orders-api"\n' +
      '    custom_domain_name = "orders.example.com"\n' +
      "    certificate_arn    = aws_acm_certificate.orders.arn\n" +
      "  }",
  },
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
