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
  symptoms: ["timeout", "5xx"],
  lint: { judged: "live", reason: "targets are often registered outside the file (ECS, Auto Scaling)" },
  needs: ["targetGroups", "targets"],
  explain: {
    summary: "An in-use target group has no targets: requests forwarded there fail.",
    why:
      "A listener or rule forwards to the target group, but ListTargets returns nothing, so VPC Lattice has no " +
      "target to open a connection to and answers with a 5xx. Critical when every request on the service's path " +
      "goes to such target groups; an error when only some routes do (a canary rule's target group, say). A " +
      "target group that is not ACTIVE (LAT-306) is reported first, as the likely cause.",
    fix:
      "Register the targets (aws vpc-lattice register-targets), or fix whatever registers them (ECS service, Auto " +
      "Scaling group, the AWS Gateway API controller), or forward to the target group that has the targets.",
    bad:
      "CLI:\n" +
      "  aws vpc-lattice list-targets --target-group-identifier tg-0a9f1e2d3c4b5a697\n" +
      '  → {"items": []}\n' +
      "Terraform: a target group with no attachment:\n" +
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
      "  aws vpc-lattice register-targets --target-group-identifier tg-0a9f1e2d3c4b5a697 \\\n" +
      "    --targets id=10.0.1.15,port=8080 id=10.0.2.27,port=8080\n" +
      "Terraform:\n" +
      '  resource "aws_vpclattice_target_group_attachment" "a" {\n' +
      "    target_group_identifier = aws_vpclattice_target_group.orders.id\n" +
      "    target {\n" +
      '      id   = "10.0.1.15"\n' +
      "      port = 8080\n" +
      "    }\n" +
      "  }",
  },
  run(topology, context) {
    return perFailingTargetGroup(topology, isEmpty, (tg, critical, usedBy) =>
      findingFor(tg, critical, usedBy, context),
    );
  },
});
