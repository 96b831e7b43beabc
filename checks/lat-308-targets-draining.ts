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
