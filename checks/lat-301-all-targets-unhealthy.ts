import type { Target, TargetGroup } from "../src/topology/types.js";
import { defineCheck, type CheckContext, type FindingDraft } from "./define.js";
import { investigateTargetsCommands, listTargetsEvidence } from "./lib/health.js";
import { perFailingTargetGroup } from "./lib/traffic.js";

function allUnhealthy(tg: TargetGroup | undefined): tg is TargetGroup & { targets: Target[] } {
  return !!tg?.targets && tg.targets.length > 0 && tg.targets.every((t) => t.status === "UNHEALTHY");
}

function healthCheckText(tg: TargetGroup): string {
  const hc = tg.healthCheck;
  if (!hc) return "no health-check configuration";
  const port = hc.port ?? tg.port;
  const parts = [
    `${hc.protocol ?? tg.protocol ?? "HTTP"}${port !== undefined ? ` port ${port}` : ""}`,
    hc.path !== undefined ? `path ${hc.path}` : undefined,
    hc.matcher?.httpCode !== undefined ? `expecting ${hc.matcher.httpCode}` : undefined,
  ].filter((p): p is string => p !== undefined);
  return parts.join(", ");
}

function findingFor(
  tg: TargetGroup & { targets: Target[] },
  critical: boolean,
  usedBy: string[],
  context: CheckContext,
): FindingDraft {
  const n = tg.targets.length;
  const reasons = [...new Set(tg.targets.map((t) => t.reasonCode).filter((r): r is string => !!r))];
  const commands = investigateTargetsCommands(tg, tg.targets, context);
  const hcPort = tg.healthCheck?.port ?? tg.port;
  return {
    severity: critical ? "critical" : "error",
    title:
      `${n === 1 ? "The only target" : `All ${n} targets`} of target group ${tg.name} (${tg.id}) ` +
      `${n === 1 ? "is" : "are"} UNHEALTHY${reasons.length > 0 ? ` (${reasons.join(", ")})` : ""}: ` +
      (critical ? "every request goes to a failing target" : "requests routed there go to failing targets"),
    detail:
      `Every target of ${tg.id} reports UNHEALTHY. Lattice fails open: when no target is healthy it ` +
      `round-robins requests to all of them anyway, so requests are not held back — they reach targets that just ` +
      `failed their health check (${healthCheckText(tg)}). ${tg.id} receives traffic from ${usedBy.join("; ")}` +
      (critical
        ? ", and no request on the service's path goes anywhere else."
        : "; other routes of the service go to other target groups.") +
      " When the application itself is up, the usual cause is that the targets' security groups do not admit the " +
      "VPC Lattice prefix list on the health-check port, or that the health-check path does not return the " +
      "matcher code.",
    resource: { type: "target-group", id: tg.id, arn: tg.arn },
    evidence: [
      listTargetsEvidence(tg),
      {
        call: "vpc-lattice:GetTargetGroup",
        observed: {
          id: tg.id,
          type: tg.type,
          config: { port: tg.port, protocol: tg.protocol, healthCheck: tg.healthCheck ?? null },
        },
      },
    ],
    fix: {
      summary:
        `Find why the health check fails: read the targets' reasonCode, make sure the targets' security groups ` +
        `admit the VPC Lattice prefix list on port ${hcPort ?? "of the health check"}, and that ` +
        `${tg.healthCheck?.path ?? "the health-check path"} answers ${tg.healthCheck?.matcher?.httpCode ?? "200"} ` +
        "on the targets; if the path is wrong, set the right one with update-target-group --health-check.",
      commands,
    },
    affects: [tg.id],
  };
}

export default defineCheck({
  code: "LAT-301",
  name: "all-targets-unhealthy",
  severity: "critical",
  hop: "targets",
  symptoms: ["timeout", "5xx"],
  lint: { judged: "live", reason: "target health is live state" },
  needs: ["targetGroups", "targets"],
  explain: {
    summary:
      "Every target of an in-use target group is UNHEALTHY: Lattice fails open and sends requests to all of them.",
    why:
      "When a target group has no healthy target, VPC Lattice fails open: it round-robins requests across all " +
      "registered targets regardless of health. Requests are not rejected up front, they reach targets that are " +
      "failing their health check and usually fail there too (timeouts, connection errors, 5xx). Critical when " +
      "every request on the service's path goes to such target groups; an error when only some routes do (a " +
      "canary rule's target group, say).",
    fix:
      "Read each target's reasonCode (aws vpc-lattice list-targets). Most often the targets' security groups do " +
      "not allow the VPC Lattice managed prefix list on the health-check port, or the health-check path/matcher " +
      "does not match what the application answers. Fix that, then wait for the targets to turn HEALTHY.",
    bad:
      "CLI: the health check probes a path the application does not serve:\n" +
      '  aws vpc-lattice create-target-group --name orders-v1 --type IP --config \'{"port":8080,"protocol":"HTTP",' +
      '"vpcIdentifier":"vpc-0a1b2c3d4e5f60718","healthCheck":{"path":"/","matcher":{"httpCode":"200"}}}\'\n' +
      "  aws vpc-lattice list-targets --target-group-identifier tg-0a9f1e2d3c4b5a697\n" +
      '  → "status": "UNHEALTHY", "reasonCode": "HealthCheckFailed" for every target\n' +
      "Terraform:\n" +
      '  resource "aws_vpclattice_target_group" "orders" {\n' +
      '    name = "orders-v1"\n' +
      '    type = "IP"\n' +
      "    config {\n" +
      "      port           = 8080\n" +
      '      protocol       = "HTTP"\n' +
      '      vpc_identifier = "vpc-0a1b2c3d4e5f60718"\n' +
      "      health_check {\n" +
      '        path = "/"   # the application answers 404 on /\n' +
      "      }\n" +
      "    }\n" +
      "  }",
    good:
      "CLI: point the health check at an endpoint that answers, and allow the prefix list on that port:\n" +
      "  aws vpc-lattice update-target-group --target-group-identifier tg-0a9f1e2d3c4b5a697 \\\n" +
      '    --health-check \'{"enabled":true,"path":"/healthz","port":8080,"matcher":{"httpCode":"200"}}\'\n' +
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
    return perFailingTargetGroup(topology, allUnhealthy, (tg, critical, usedBy) =>
      findingFor(tg, critical, usedBy, context),
    );
  },
});
