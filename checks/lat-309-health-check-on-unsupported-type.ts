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
