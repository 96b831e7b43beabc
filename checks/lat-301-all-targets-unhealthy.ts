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
  causes: ["LAT-606"],
  symptoms: ["timeout", "5xx"],
  lint: { judged: "live", reason: "target health is live state" },
  needs: ["targetGroups", "targets"],
  run(topology, context) {
    return perFailingTargetGroup(topology, allUnhealthy, (tg, critical, usedBy) =>
      findingFor(tg, critical, usedBy, context),
    );
  },
});
