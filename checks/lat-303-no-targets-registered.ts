import type { TargetGroup } from "../src/topology/types.js";
import { defineCheck, type CheckContext, type FindingDraft } from "./define.js";
import { awsCli, shellQuote } from "./lib/commands.js";
import { getTargetGroupEvidence } from "./lib/health.js";
import { perFailingTargetGroup } from "./lib/traffic.js";

/** Read, and empty. `targets` undefined means ListTargets failed: not judged. */
function isEmpty(tg: TargetGroup | undefined): tg is TargetGroup {
  return !!tg?.targets && tg.targets.length === 0;
}

/** What `register-targets --targets` takes for this type, with placeholders for the unknown ids. */
function registerTargets(tg: TargetGroup): string {
  const type = tg.type.toUpperCase();
  const port = tg.port !== undefined ? `,port=${tg.port}` : "";
  if (type === "LAMBDA") return "id=<lambda-function-arn>";
  if (type === "ALB") return `id=<internal-alb-arn>${port}`;
  if (type === "INSTANCE") return `id=<instance-id>${port}`;
  return `id=<private-ip>${port}`;
}

function findingFor(
  tg: TargetGroup,
  critical: boolean,
  usedBy: string[],
  context: CheckContext,
): FindingDraft {
  return {
    severity: critical ? "critical" : "error",
    title:
      `Target group ${tg.name} (${tg.id}) has no targets registered: ` +
      (critical ? "every request fails" : "requests routed there fail"),
    detail:
      `ListTargets for ${tg.id} (${tg.type}) returns no items. VPC Lattice has nowhere to send the requests ` +
      `forwarded there by ${usedBy.join("; ")}, so they fail with a 5xx. ` +
      (critical
        ? "No request on the service's path goes anywhere else."
        : "Other routes of the service go to other target groups.") +
      " Targets are often never registered when the deployment that should register them (an ECS service, an " +
      "Auto Scaling group, the Gateway API controller) points at another target group, or deregistered them.",
    resource: { type: "target-group", id: tg.id, arn: tg.arn },
    evidence: [
      { call: "vpc-lattice:ListTargets", observed: { targetGroupIdentifier: tg.id, items: [] } },
      getTargetGroupEvidence(tg),
    ],
    fix: {
      summary:
        `Register the targets that should serve ${tg.name} (${tg.type}` +
        `${tg.port !== undefined ? `, port ${tg.port}` : ""}), or point the listener at a target group that has them.`,
      commands: [
        awsCli(
          `aws vpc-lattice register-targets --target-group-identifier ${tg.id} --targets ${shellQuote(registerTargets(tg))}`,
          context,
        ),
        awsCli(`aws vpc-lattice list-targets --target-group-identifier ${tg.id}`, context),
      ],
    },
    affects: [tg.id],
  };
}

export default defineCheck({
  code: "LAT-303",
  name: "no-targets-registered",
  severity: "critical",
  hop: "target-group",
  causes: ["LAT-606"],
  symptoms: ["timeout", "5xx"],
  lint: { judged: "live", reason: "targets are often registered outside the file (ECS, Auto Scaling)" },
  needs: ["targetGroups", "targets"],
  run(topology, context) {
    return perFailingTargetGroup(topology, isEmpty, (tg, critical, usedBy) =>
      findingFor(tg, critical, usedBy, context),
    );
  },
});
