import { defineCheck, type FindingDraft } from "./define.js";
import { awsCli } from "./lib/commands.js";
import { getTargetGroupEvidence, isHealthCheckUnsupported } from "./lib/health.js";

export default defineCheck({
  code: "LAT-309",
  name: "health-check-on-unsupported-type",
  severity: "warning",
  hop: "target-group",
  symptoms: ["5xx"],
  lint: { judged: "file", scope: "any", reads: ["targetGroup.config", "targetGroup.healthCheck"] },
  needs: ["targetGroups"],
  explain: {
    summary: "A health-check configuration on a LAMBDA or ALB target group: Lattice never runs it.",
    why:
      "VPC Lattice health-checks only INSTANCE and IP targets. LAMBDA target groups take no config at all, ALB " +
      "target groups no healthCheck (the ALB's own target groups do the health checking). Depending on the client " +
      "the API rejects such a configuration at deploy time (a failed apply) or keeps it, and it never runs: its " +
      "targets report UNAVAILABLE with HealthCheckNotSupported, which is normal. Anyone reading the configuration " +
      "believes the targets are checked when they are not.",
    fix:
      "Remove the health_check block (Terraform) or the healthCheck field (CLI/CloudFormation) from LAMBDA and ALB " +
      "target groups. For an ALB, configure health checks on the ALB's own target groups.",
    bad:
      "CLI:\n" +
      "  aws vpc-lattice create-target-group --name orders-alb --type ALB --config \\\n" +
      '    \'{"port":80,"protocol":"HTTP","vpcIdentifier":"vpc-0a1b2c3d4e5f60718","healthCheck":{"enabled":true,"path":"/healthz"}}\'\n' +
      "Terraform:\n" +
      '  resource "aws_vpclattice_target_group" "orders_alb" {\n' +
      '    name = "orders-alb"\n' +
      '    type = "ALB"\n' +
      "    config {\n" +
      "      port           = 80\n" +
      '      protocol       = "HTTP"\n' +
      '      vpc_identifier = "vpc-0a1b2c3d4e5f60718"\n' +
      "      health_check {\n" +
      '        path = "/healthz"   # never run by Lattice\n' +
      "      }\n" +
      "    }\n" +
      "  }",
    good:
      "CLI:\n" +
      "  aws vpc-lattice create-target-group --name orders-alb --type ALB --config \\\n" +
      '    \'{"port":80,"protocol":"HTTP","vpcIdentifier":"vpc-0a1b2c3d4e5f60718"}\'\n' +
      "  aws elbv2 modify-target-group --target-group-arn <alb-target-group-arn> --health-check-path /healthz\n" +
      "Terraform:\n" +
      '  resource "aws_vpclattice_target_group" "orders_alb" {\n' +
      '    name = "orders-alb"\n' +
      '    type = "ALB"\n' +
      "    config {\n" +
      "      port           = 80\n" +
      '      protocol       = "HTTP"\n' +
      '      vpc_identifier = "vpc-0a1b2c3d4e5f60718"\n' +
      "    }\n" +
      "  }",
  },
  run(topology, context) {
    const findings: FindingDraft[] = [];
    for (const tg of Object.values(topology.targetGroups)) {
      if (!isHealthCheckUnsupported(tg) || tg.healthCheck === undefined) continue;
      const type = tg.type.toUpperCase();
      findings.push({
        title: `Target group ${tg.name} (${tg.id}) is ${type} but carries a health-check configuration Lattice never runs`,
        detail:
          `GetTargetGroup returns a healthCheck for ${tg.id} although VPC Lattice does not health-check ${type} ` +
          "targets: the configuration is ignored and the targets report UNAVAILABLE (HealthCheckNotSupported), which " +
          "is normal. Some clients reject such a configuration when it is deployed, so the next apply may fail. " +
          (type === "ALB"
            ? "The ALB's own target groups are where the health checks belong."
            : "A Lambda function is invoked on every request; its errors show in the function's metrics."),
        resource: { type: "target-group", id: tg.id, arn: tg.arn },
        evidence: [getTargetGroupEvidence(tg)],
        fix: {
          summary:
            "Remove the healthCheck / health_check block from this target group's definition (Terraform, " +
            `CloudFormation, CDK)${type === "ALB" ? "; configure health checks on the ALB's target groups instead" : ""}.`,
          commands: [awsCli(`aws vpc-lattice get-target-group --target-group-identifier ${tg.id}`, context)],
        },
        affects: [tg.id],
      });
    }
    return findings;
  },
});
