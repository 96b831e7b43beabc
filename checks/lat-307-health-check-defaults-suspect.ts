import { defineCheck, type FindingDraft } from "./define.js";
import { awsCli, shellQuote } from "./lib/commands.js";
import {
  describeHealthCheck,
  explicitHealthCheckPort,
  getTargetGroupEvidence,
  healthChecksOn,
  isUnhealthy,
  listTargetsEvidence,
  usesDefaultPathAndMatcher,
} from "./lib/health.js";

export default defineCheck({
  code: "LAT-307",
  name: "health-check-defaults-suspect",
  severity: "warning",
  hop: "target-group",
  symptoms: ["5xx"],
  lint: { judged: "live", reason: "needs unhealthy targets (live state)" },
  needs: ["targetGroups", "targets"],
  explain: {
    summary:
      "Targets are UNHEALTHY and the health check still uses the defaults (path /, matcher 200): a suspicion.",
    why:
      "A target group's health check defaults to GET / expecting 200. Many applications answer / with a redirect " +
      "(301/302), a 404 or a login page, so every target fails the check although the application is fine. This " +
      "is a suspicion, not a proof: the evidence shows UNHEALTHY targets and an untouched default check, nothing " +
      "more. Rule out the network first (LAT-501, LAT-502, LAT-507).",
    fix:
      "Ask the application what it answers on / (curl -i from a host in the VPC). If it is not 200, point the " +
      "health check at a path that is (/healthz, /ping), or widen the matcher (200-399).",
    bad:
      "CLI:\n" +
      "  aws vpc-lattice get-target-group --target-group-identifier tg-0a9f1e2d3c4b5a697\n" +
      '  → "healthCheck": {"enabled": true, "path": "/", "matcher": {"httpCode": "200"}, …}\n' +
      "Terraform: health_check left at its defaults while / answers 302:\n" +
      '  resource "aws_vpclattice_target_group" "orders" {\n' +
      '    name = "orders-v1"\n' +
      '    type = "IP"\n' +
      "    config {\n" +
      "      port           = 8080\n" +
      '      protocol       = "HTTP"\n' +
      '      vpc_identifier = "vpc-0a1b2c3d4e5f60718"\n' +
      "    }\n" +
      "  }",
    good:
      "CLI:\n" +
      "  aws vpc-lattice update-target-group --target-group-identifier tg-0a9f1e2d3c4b5a697 \\\n" +
      '    --health-check \'{"enabled":true,"path":"/healthz","matcher":{"httpCode":"200"}}\'\n' +
      "Terraform:\n" +
      '  resource "aws_vpclattice_target_group" "orders" {\n' +
      '    name = "orders-v1"\n' +
      '    type = "IP"\n' +
      "    config {\n" +
      "      port           = 8080\n" +
      '      protocol       = "HTTP"\n' +
      '      vpc_identifier = "vpc-0a1b2c3d4e5f60718"\n' +
      "      health_check {\n" +
      '        path = "/healthz"\n' +
      "        matcher {\n" +
      '          value = "200"\n' +
      "        }\n" +
      "      }\n" +
      "    }\n" +
      "  }",
  },
  run(topology, context) {
    const findings: FindingDraft[] = [];
    for (const tg of Object.values(topology.targetGroups)) {
      if (!tg.targets || !healthChecksOn(tg)) continue;
      const hc = tg.healthCheck;
      if (!usesDefaultPathAndMatcher(hc)) continue;
      const unhealthy = tg.targets.filter(isUnhealthy);
      if (unhealthy.length === 0) continue;
      const port = explicitHealthCheckPort(hc) ?? unhealthy[0]?.port ?? tg.port;
      const scheme = (hc?.protocol ?? tg.protocol ?? "HTTP").toUpperCase() === "HTTPS" ? "https" : "http";
      const suggested = JSON.stringify({
        ...hc,
        enabled: true,
        path: "/healthz",
        matcher: { httpCode: "200" },
      });
      findings.push({
        title:
          `Suspicion: ${unhealthy.length} of ${tg.targets.length} targets of ${tg.name} (${tg.id}) are UNHEALTHY and ` +
          "the health check still uses the defaults (path /, matcher 200)",
        detail:
          `The health check of ${tg.id} is ${describeHealthCheck(tg)} — the values a new target group gets, ` +
          `${hc?.path === undefined ? "with no path set" : "never changed"}. ` +
          `${unhealthy.map((t) => `${t.id} (${t.reasonCode ?? "no reasonCode"})`).join(", ")} ` +
          `${unhealthy.length === 1 ? "fails" : "fail"} it. This is a suspicion, not a proof: many applications ` +
          "answer / with a redirect, a 404 or a login page rather than 200, which fails every target while the " +
          "application is fine. If the targets' security groups and network ACLs admit the VPC Lattice prefix list " +
          "on the health-check port, check what / returns.",
        resource: { type: "target-group", id: tg.id, arn: tg.arn },
        evidence: [getTargetGroupEvidence(tg), listTargetsEvidence(tg, unhealthy)],
        fix: {
          summary:
            `From a host in the targets' VPC, request ${scheme}://<target>${port !== undefined ? `:${port}` : ""}/ ` +
            "and look at the status code. If it is not 200, set the health-check path to an endpoint that answers 200 " +
            "(the command uses /healthz: replace it with yours) or widen the matcher (e.g. 200-399).",
          commands: [
            awsCli(
              `aws vpc-lattice update-target-group --target-group-identifier ${tg.id} --health-check ${shellQuote(suggested)}`,
              context,
            ),
          ],
        },
        affects: [tg.id],
      });
    }
    return findings;
  },
});
