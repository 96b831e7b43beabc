import { defineCheck, type FindingDraft } from "./define.js";
import { awsCli, shellQuote } from "./lib/commands.js";
import {
  describeHealthCheck,
  explicitHealthCheckPort,
  getTargetGroupEvidence,
  healthChecksOn,
  isUnhealthy,
  listTargetsEvidence,
  usesDefaultPathAndMatcher,
} from "./lib/health.js";

export default defineCheck({
  code: "LAT-307",
  name: "health-check-defaults-suspect",
  severity: "warning",
  hop: "target-group",
  symptoms: ["5xx"],
  lint: { judged: "live", reason: "needs unhealthy targets (live state)" },
  needs: ["targetGroups", "targets"],
  run(topology, context) {
    const findings: FindingDraft[] = [];
    for (const tg of Object.values(topology.targetGroups)) {
      if (!tg.targets || !healthChecksOn(tg)) continue;
      const hc = tg.healthCheck;
      if (!usesDefaultPathAndMatcher(hc)) continue;
      const unhealthy = tg.targets.filter(isUnhealthy);
      if (unhealthy.length === 0) continue;
      const port = explicitHealthCheckPort(hc) ?? unhealthy[0]?.port ?? tg.port;
      const scheme = (hc?.protocol ?? tg.protocol ?? "HTTP").toUpperCase() === "HTTPS" ? "https" : "http";
      const suggested = JSON.stringify({
        ...hc,
        enabled: true,
        path: "/healthz",
        matcher: { httpCode: "200" },
      });
      findings.push({
        title:
          `Suspicion: ${unhealthy.length} of ${tg.targets.length} targets of ${tg.name} (${tg.id}) are UNHEALTHY and ` +
          "the health check still uses the defaults (path /, matcher 200)",
        detail:
          `The health check of ${tg.id} is ${describeHealthCheck(tg)} — the values a new target group gets, ` +
          `${hc?.path === undefined ? "with no path set" : "never changed"}. ` +
          `${unhealthy.map((t) => `${t.id} (${t.reasonCode ?? "no reasonCode"})`).join(", ")} ` +
          `${unhealthy.length === 1 ? "fails" : "fail"} it. This is a suspicion, not a proof: many applications ` +
          "answer / with a redirect, a 404 or a login page rather than 200, which fails every target while the " +
          "application is fine. If the targets' security groups and network ACLs admit the VPC Lattice prefix list " +
          "on the health-check port, check what / returns.",
        resource: { type: "target-group", id: tg.id, arn: tg.arn },
        evidence: [getTargetGroupEvidence(tg), listTargetsEvidence(tg, unhealthy)],
        fix: {
          summary:
            `From a host in the targets' VPC, request ${scheme}://<target>${port !== undefined ? `:${port}` : ""}/ ` +
            "and look at the status code. If it is not 200, set the health-check path to an endpoint that answers 200 " +
            "(the command uses /healthz: replace it with yours) or widen the matcher (e.g. 200-399).",
          commands: [
            awsCli(
              `aws vpc-lattice update-target-group --target-group-identifier ${tg.id} --health-check ${shellQuote(suggested)}`,
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
