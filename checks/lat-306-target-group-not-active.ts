import type { TargetGroup, Topology } from "../src/topology/types.js";
import { defineCheck, type CheckContext, type FindingDraft } from "./define.js";
import { awsCli } from "./lib/commands.js";
import {
  createTargetGroupCommand,
  findTargetGroup,
  routeSites,
  targetGroupEvidence,
  updateSiteCommand,
  type ForwardAction,
} from "./lib/service-routes.js";
import {
  describeReference,
  everyRequestReaches,
  inUseTargetGroups,
  type InUseTargetGroup,
} from "./lib/traffic.js";

const STATE: Record<string, string> = {
  CREATE_IN_PROGRESS: "is still being created",
  CREATE_FAILED: "failed to be created",
  DELETE_IN_PROGRESS: "is being deleted",
  DELETE_FAILED: "failed to be deleted",
};

/** The API left the field out: no evidence either way. */
const notActive = (tg: TargetGroup | undefined): tg is TargetGroup =>
  !!tg && tg.status !== "ACTIVE" && tg.status !== "UNKNOWN" && tg.status !== "";

function fixFor(topology: Topology, context: CheckContext, tg: TargetGroup): FindingDraft["fix"] {
  const get = awsCli(`aws vpc-lattice get-target-group --target-group-identifier ${tg.id}`, context);
  if (tg.status === "CREATE_IN_PROGRESS") {
    return {
      summary: "Wait for the creation to finish and check that the status becomes ACTIVE.",
      commands: [get],
    };
  }
  const sites = routeSites(topology).filter(
    (s) =>
      s.action?.type === "forward" &&
      s.action.targetGroups.some((t) => findTargetGroup(topology, t.targetGroupIdentifier).id === tg.id),
  );
  const commands = [get, createTargetGroupCommand(tg, context, { name: `${tg.name}-2` })];
  const targets = tg.type.toUpperCase() === "LAMBDA" ? (tg.targets ?? []).slice(0, 1) : (tg.targets ?? []);
  if (targets.length > 0) {
    const list = targets.map((t) => `id=${t.id}${t.port !== undefined ? `,port=${t.port}` : ""}`).join(" ");
    commands.push(
      awsCli(
        `aws vpc-lattice register-targets --target-group-identifier <new-tg-id> --targets ${list}`,
        context,
      ),
    );
  }
  for (const site of sites) {
    if (site.action?.type !== "forward") continue;
    const replaced: ForwardAction = {
      type: "forward",
      targetGroups: site.action.targetGroups.map((t) =>
        findTargetGroup(topology, t.targetGroupIdentifier).id === tg.id
          ? { ...t, targetGroupIdentifier: "<new-tg-id>" }
          : t,
      ),
    };
    commands.push(updateSiteCommand(topology, site, replaced, context));
  }
  return {
    summary:
      (tg.status === "CREATE_FAILED"
        ? "A failed creation is not retried: fix what failureMessage names and create the target group again"
        : "The target group is being (or failed to be) deleted while the service still forwards to it: create a replacement") +
      `, register its targets, and point ${sites.length === 1 ? "the action" : `the ${sites.length} actions`} that ` +
      "forward to it at the new one (update-listener --default-action / update-rule --action).",
    commands,
  };
}

function findingFor(
  topology: Topology,
  context: CheckContext,
  use: InUseTargetGroup,
  tg: TargetGroup,
  critical: boolean,
): FindingDraft {
  const reason = [tg.failureCode, tg.failureMessage].filter((s): s is string => !!s).join(": ");
  const usedBy = [...new Set(use.references.map((r) => describeReference(topology, r)))];
  const extra: Record<string, unknown> = {};
  if (tg.failureCode !== undefined) extra.failureCode = tg.failureCode;
  if (tg.failureMessage !== undefined) extra.failureMessage = tg.failureMessage;
  return {
    severity: critical ? "critical" : "error",
    title:
      `Target group ${tg.name} (${tg.id}) is ${tg.status}, not ACTIVE${reason ? ` (${reason})` : ""}: ` +
      (critical ? "every request fails" : "requests routed there fail"),
    detail:
      `${tg.id} ${STATE[tg.status] ?? `is ${tg.status}`}. Lattice routes only to ACTIVE target groups, so the ` +
      `requests of ${usedBy.join("; ")} fail` +
      (critical
        ? ", and no request on the service's path goes anywhere else."
        : "; other routes of the service go to other target groups.") +
      (reason ? ` GetTargetGroup gives the reason: ${reason}.` : ""),
    resource: { type: "target-group", id: tg.id, arn: tg.arn },
    evidence: [targetGroupEvidence(tg, extra)],
    fix: fixFor(topology, context, tg),
    affects: [tg.id],
  };
}

export default defineCheck({
  code: "LAT-306",
  name: "target-group-not-active",
  severity: "critical",
  hop: "target-group",
  causes: ["LAT-303", "LAT-606"],
  symptoms: ["5xx"],
  lint: { judged: "live", reason: "target-group status is live state" },
  needs: ["targetGroups"],
  run(topology, context) {
    const uses = inUseTargetGroups(topology).filter((u) => notActive(u.targetGroup));
    if (uses.length === 0) return [];
    const ids = new Set(uses.map((u) => u.id));
    const everyRequest = everyRequestReaches(topology, (id) => ids.has(id));
    return uses.map((use) =>
      findingFor(topology, context, use, use.targetGroup!, everyRequest && use.receivesTraffic),
    );
  },
});
