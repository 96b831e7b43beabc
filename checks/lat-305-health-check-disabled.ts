import type { TargetGroup } from "../src/topology/types.js";
import { defineCheck, type FindingDraft } from "./define.js";
import { awsCli, shellQuote } from "./lib/commands.js";
import {
  enableHealthCheckJson,
  getTargetGroupEvidence,
  healthChecksOff,
  listTargetsEvidence,
} from "./lib/health.js";

/** Why health checks are likely off: the protocol's default, or someone turned them off. */
function whyOff(tg: TargetGroup): string {
  const version = (tg.protocolVersion ?? "").toUpperCase();
  const protocol = (tg.protocol ?? "").toUpperCase();
  if (protocol === "TCP") return "TCP target groups are created with health checks off";
  if (version === "HTTP2") return "HTTP2 target groups are created with health checks off";
  if (version === "GRPC")
    return "GRPC target groups cannot be health-checked natively and are usually left with checks off";
  return "they were turned off";
}

export default defineCheck({
  code: "LAT-305",
  name: "health-check-disabled",
  severity: "warning",
  hop: "target-group",
  symptoms: ["5xx"],
  lint: { judged: "file", scope: "any", reads: ["targetGroup.config", "targetGroup.healthCheck"] },
  needs: ["targetGroups"],
  explain: {
    summary:
      "Health checks are off on an INSTANCE/IP target group: failed and draining targets keep receiving traffic.",
    why:
      "Without health checks VPC Lattice cannot tell a dead target from a live one: every registered target " +
      "reports UNAVAILABLE and keeps getting its share of requests, so a crashed task or a stopped instance turns " +
      "into failed requests instead of being routed around. Health checks are off by default on HTTP2 and TCP " +
      "target groups, and GRPC target groups need an HTTP1/HTTP2 check to be set up. Nothing fails yet, so this " +
      "stays a warning; draining targets are LAT-308's.",
    fix:
      "Turn health checks on with a path the application answers (HTTP2/GRPC target groups: protocolVersion " +
      "HTTP2 or HTTP1, protocol HTTP or HTTPS), and allow the VPC Lattice prefix list on the health-check port.",
    bad:
      "CLI:\n" +
      "  aws vpc-lattice create-target-group --name orders-grpc --type IP --config \\\n" +
      '    \'{"port":50051,"protocol":"HTTPS","protocolVersion":"GRPC","vpcIdentifier":"vpc-0a1b2c3d4e5f60718"}\'\n' +
      '  → "healthCheck": {"enabled": false, …}\n' +
      "Terraform:\n" +
      '  resource "aws_vpclattice_target_group" "orders" {\n' +
      '    name = "orders-grpc"\n' +
      '    type = "IP"\n' +
      "    config {\n" +
      "      port             = 50051\n" +
      '      protocol         = "HTTPS"\n' +
      '      protocol_version = "GRPC"\n' +
      '      vpc_identifier   = "vpc-0a1b2c3d4e5f60718"\n' +
      "      health_check {\n" +
      "        enabled = false\n" +
      "      }\n" +
      "    }\n" +
      "  }",
    good:
      "CLI:\n" +
      "  aws vpc-lattice update-target-group --target-group-identifier tg-0a9f1e2d3c4b5a697 --health-check \\\n" +
      '    \'{"enabled":true,"protocol":"HTTPS","protocolVersion":"HTTP2","port":50051,"path":"/healthz","matcher":{"httpCode":"200"}}\'\n' +
      "Terraform:\n" +
      '  resource "aws_vpclattice_target_group" "orders" {\n' +
      '    name = "orders-grpc"\n' +
      '    type = "IP"\n' +
      "    config {\n" +
      "      port             = 50051\n" +
      '      protocol         = "HTTPS"\n' +
      '      protocol_version = "GRPC"\n' +
      '      vpc_identifier   = "vpc-0a1b2c3d4e5f60718"\n' +
      "      health_check {\n" +
      "        enabled          = true\n" +
      '        protocol         = "HTTPS"\n' +
      '        protocol_version = "HTTP2"\n' +
      '        path             = "/healthz"\n' +
      "      }\n" +
      "    }\n" +
      "  }",
  },
  run(topology, context) {
    const findings: FindingDraft[] = [];
    for (const tg of Object.values(topology.targetGroups)) {
      if (!healthChecksOff(tg)) continue;
      const evidence = [getTargetGroupEvidence(tg)];
      if (tg.targets && tg.targets.length > 0) evidence.push(listTargetsEvidence(tg));
      const kind = [tg.protocol, tg.protocolVersion].filter((p) => p !== undefined).join("/");
      findings.push({
        title:
          `Health checks are off on target group ${tg.name} (${tg.id}${kind ? `, ${kind}` : ""}): ` +
          "a failed target keeps receiving requests",
        detail:
          `GetTargetGroup shows ${tg.healthCheck ? "healthCheck.enabled false" : "no healthCheck configuration"} on ` +
          `${tg.id} (${tg.type}); ${whyOff(tg)}. Without health checks VPC Lattice sends requests to every ` +
          "registered target (they report UNAVAILABLE), so when one crashes or hangs, the requests it gets fail " +
          "instead of going to the others, and no health status warns you. Nothing fails because of this yet.",
        resource: { type: "target-group", id: tg.id, arn: tg.arn },
        evidence,
        fix: {
          summary:
            "Turn health checks on with a path the application answers with the matcher code (set path and matcher " +
            "to what your application serves), and allow the VPC Lattice prefix list on the health-check port.",
          commands: [
            awsCli(
              `aws vpc-lattice update-target-group --target-group-identifier ${tg.id} --health-check ${shellQuote(enableHealthCheckJson(tg))}`,
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
