import type { Target, TargetGroup } from "../src/topology/types.js";
import { defineCheck, type CheckContext, type FindingDraft } from "./define.js";
import {
  describeHealthCheck,
  getTargetGroupEvidence,
  investigateTargetsCommands,
  isUnhealthy,
  listTargetsEvidence,
} from "./lib/health.js";
import { describeReference, inUseTargetGroups } from "./lib/traffic.js";

/** At least one target UNHEALTHY, not all (all is LAT-301's). */
function someUnhealthy(tg: TargetGroup | undefined): tg is TargetGroup & { targets: Target[] } {
  if (!tg?.targets || tg.targets.length === 0) return false;
  const bad = tg.targets.filter(isUnhealthy).length;
  return bad > 0 && bad < tg.targets.length;
}

function findingFor(
  tg: TargetGroup & { targets: Target[] },
  usedBy: string[],
  context: CheckContext,
): FindingDraft {
  const unhealthy = tg.targets.filter(isUnhealthy);
  const healthy = tg.targets.filter((t) => t.status.toUpperCase() === "HEALTHY");
  const reasons = [...new Set(unhealthy.map((t) => t.reasonCode ?? "no reasonCode"))];
  const each = unhealthy
    .map((t) => `${t.id}${t.port !== undefined ? `:${t.port}` : ""} (${t.reasonCode ?? "no reasonCode"})`)
    .join(", ");
  const commands = investigateTargetsCommands(tg, unhealthy, context);
  const rest =
    healthy.length > 0
      ? `Lattice sends new requests only to the ${healthy.length} HEALTHY target${healthy.length === 1 ? "" : "s"}, so ` +
        "the target group runs with less capacity than it was given, and a request already on a failing target can fail."
      : "No other target is HEALTHY yet (the others are " +
        `${[...new Set(tg.targets.filter((t) => !isUnhealthy(t)).map((t) => t.status))].join(", ")}), so requests ` +
        "routed here have few or no good targets.";
  return {
    title:
      `${unhealthy.length} of ${tg.targets.length} targets of target group ${tg.name} (${tg.id}) ` +
      `${unhealthy.length === 1 ? "is" : "are"} UNHEALTHY (${reasons.join(", ")})`,
    detail:
      `ListTargets reports ${each} UNHEALTHY: ${unhealthy.length === 1 ? "it fails" : "they fail"} the health check ` +
      `(${describeHealthCheck(tg)}). ${rest} ${tg.id} receives traffic from ${usedBy.join("; ")}. ` +
      "When only some targets fail the same check, look at what differs between them: a security group, a " +
      "subnet's network ACL, the application's state on that host.",
    resource: { type: "target-group", id: tg.id, arn: tg.arn },
    evidence: [listTargetsEvidence(tg), getTargetGroupEvidence(tg)],
    fix: {
      summary:
        `Read each UNHEALTHY target's reasonCode and compare it with the HEALTHY ones: check the application on ` +
        `${unhealthy.map((t) => t.id).join(", ")}, and that their security groups and subnet network ACLs admit the ` +
        "VPC Lattice prefix list on the health-check port. Replace targets that stay UNHEALTHY.",
      commands,
    },
    affects: [tg.id],
  };
}

export default defineCheck({
  code: "LAT-302",
  name: "some-targets-unhealthy",
  severity: "error",
  hop: "targets",
  causes: ["LAT-606"],
  symptoms: ["timeout", "5xx"],
  lint: { judged: "live", reason: "target health is live state" },
  needs: ["targetGroups", "targets"],
  run(topology, context) {
    const findings: FindingDraft[] = [];
    for (const use of inUseTargetGroups(topology)) {
      const tg = use.targetGroup;
      if (!someUnhealthy(tg)) continue;
      const usedBy = [...new Set(use.references.map((r) => describeReference(topology, r)))];
      findings.push(findingFor(tg, usedBy, context));
    }
    return findings;
  },
});
