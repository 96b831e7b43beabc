import { defineCheck, type FindingDraft } from "./define.js";
import { awsCli } from "./lib/commands.js";
import { getTargetGroupEvidence, healthChecksOff, isDraining, listTargetsEvidence } from "./lib/health.js";

export default defineCheck({
  code: "LAT-308",
  name: "targets-draining",
  severity: "warning",
  hop: "targets",
  symptoms: ["5xx"],
  lint: { judged: "live", reason: "draining is live state" },
  needs: ["targetGroups", "targets"],
  explain: {
    summary: "Targets are DRAINING: they are being deregistered and take no new connections.",
    why:
      "A DRAINING target is being deregistered: VPC Lattice lets its open connections finish (5 minutes by " +
      "default) and opens no new ones. During a deployment that is expected; a target stuck in DRAINING, or most " +
      "of a target group draining, means capacity is leaving. With health checks off (LAT-305) Lattice has no " +
      "health signal to route around targets that go away, so requests fail: then it is an error.",
    fix:
      "If a deployment is in progress, wait for it. Otherwise find what deregisters the targets (ECS service, " +
      "Auto Scaling group, the Gateway API controller, a script) and register healthy replacements; turn health " +
      "checks on if they are off.",
    bad:
      "CLI:\n" +
      "  aws vpc-lattice deregister-targets --target-group-identifier tg-0a9f1e2d3c4b5a697 --targets id=10.0.1.15,port=8080\n" +
      '  aws vpc-lattice list-targets … → {"id": "10.0.1.15", "status": "DRAINING"}   (no replacement registered)\n' +
      "Terraform: the attachment removed while its replacement is not yet in place:\n" +
      '  resource "aws_vpclattice_target_group_attachment" "a" {\n' +
      "    target_group_identifier = aws_vpclattice_target_group.orders.id\n" +
      "    target {\n" +
      '      id   = "10.0.1.15"   # being deleted, no create_before_destroy\n' +
      "      port = 8080\n" +
      "    }\n" +
      "  }",
    good:
      "CLI: register the replacement first, then deregister:\n" +
      "  aws vpc-lattice register-targets --target-group-identifier tg-0a9f1e2d3c4b5a697 --targets id=10.0.3.41,port=8080\n" +
      "  aws vpc-lattice deregister-targets --target-group-identifier tg-0a9f1e2d3c4b5a697 --targets id=10.0.1.15,port=8080\n" +
      "Terraform:\n" +
      '  resource "aws_vpclattice_target_group_attachment" "a" {\n' +
      "    target_group_identifier = aws_vpclattice_target_group.orders.id\n" +
      "    target {\n" +
      '      id   = "10.0.3.41"\n' +
      "      port = 8080\n" +
      "    }\n" +
      "    lifecycle {\n" +
      "      create_before_destroy = true\n" +
      "    }\n" +
      "  }",
  },
  run(topology, context) {
    const findings: FindingDraft[] = [];
    for (const tg of Object.values(topology.targetGroups)) {
      const draining = tg.targets?.filter(isDraining) ?? [];
      if (!tg.targets || draining.length === 0) continue;
      const off = healthChecksOff(tg);
      const n = tg.targets.length;
      const all = draining.length === n;
      const commands = [awsCli(`aws vpc-lattice list-targets --target-group-identifier ${tg.id}`, context)];
      if (off) {
        commands.push(
          awsCli(
            `aws vpc-lattice get-target-group --target-group-identifier ${tg.id} --query config.healthCheck`,
            context,
          ),
        );
      }
      findings.push({
        severity: off ? "error" : "warning",
        title:
          `${all ? (n === 1 ? "The only target" : `All ${n} targets`) : `${draining.length} of ${n} targets`} of ` +
          `target group ${tg.name} (${tg.id}) ${draining.length === 1 ? "is" : "are"} DRAINING` +
          (off ? " and health checks are off" : ""),
        detail:
          `ListTargets reports ${draining.map((t) => t.id).join(", ")} DRAINING: ${draining.length === 1 ? "it is" : "they are"} ` +
          "being deregistered; VPC Lattice lets open connections finish and opens no new ones. " +
          (all
            ? "No target of the target group is left to take new connections unless replacements are registered. "
            : "The other targets carry the load meanwhile. ") +
          (off
            ? "Health checks are off on this target group, so Lattice has no health signal to route around targets " +
              "that go away: requests sent to them fail."
            : "During a deployment this is expected; a target that stays DRAINING, or capacity that is not replaced, is not."),
        resource: { type: "target-group", id: tg.id, arn: tg.arn },
        evidence: [listTargetsEvidence(tg), ...(off ? [getTargetGroupEvidence(tg)] : [])],
        fix: {
          summary:
            "If a deployment is in progress, let it finish. Otherwise find what deregistered the targets and register " +
            `healthy replacements${off ? "; turn health checks on (LAT-305)" : ""}.`,
          commands,
        },
        affects: [tg.id],
      });
    }
    return findings;
  },
});
