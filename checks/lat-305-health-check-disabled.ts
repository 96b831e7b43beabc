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
