import type { TargetGroup, Topology } from "../src/topology/types.js";
import { defineCheck, type CheckContext, type Evidence, type FindingDraft } from "./define.js";
import { awsCli } from "./lib/commands.js";
import {
  routeSites,
  siteEvidence,
  targetGroupEvidence,
  updateSiteCommand,
  wiredElsewhere,
  findTargetGroup,
} from "./lib/service-routes.js";
import {
  describeReference,
  everyRequestReaches,
  inUseTargetGroups,
  type InUseTargetGroup,
} from "./lib/traffic.js";

const KNOWN_NOT_ACTIVE = (status: string): boolean =>
  status !== "ACTIVE" && status !== "UNKNOWN" && status !== "";

interface NotWired {
  use: InUseTargetGroup;
  tg: TargetGroup;
  emptyServiceArns: boolean;
  allUnused: boolean;
}

function judge(topology: Topology, use: InUseTargetGroup): NotWired | undefined {
  const tg = use.targetGroup;
  if (!tg) return undefined; // missing or unreadable: LAT-103 / LAT-901
  if (KNOWN_NOT_ACTIVE(tg.status)) return undefined; // LAT-306 explains it
  if (wiredElsewhere(tg, topology.service)) return undefined; // LAT-103's fact: another service's group
  const emptyServiceArns = tg.serviceArns.length === 0;
  const targets = tg.targets ?? [];
  const allUnused = targets.length > 0 && targets.every((t) => t.status === "UNUSED");
  if (!emptyServiceArns && !allUnused) return undefined;
  return { use, tg, emptyServiceArns, allUnused };
}

function findingFor(topology: Topology, context: CheckContext, n: NotWired, critical: boolean): FindingDraft {
  const { tg, use } = n;
  const usedBy = [...new Set(use.references.map((r) => describeReference(topology, r)))];
  const targets = tg.targets ?? [];
  const reasons = [...new Set(targets.map((t) => t.reasonCode).filter((r): r is string => !!r))];
  const what = [
    n.emptyServiceArns ? "its serviceArns is empty" : undefined,
    n.allUnused
      ? `${targets.length === 1 ? "its target reports" : `all ${targets.length} targets report`} UNUSED` +
        (reasons.length > 0 ? ` (${reasons.join(", ")})` : "")
      : undefined,
  ].filter((s): s is string => s !== undefined);

  const sites = routeSites(topology).filter(
    (s) =>
      s.action?.type === "forward" &&
      s.action.targetGroups.some((t) => findTargetGroup(topology, t.targetGroupIdentifier).id === tg.id),
  );
  const evidence: Evidence[] = [targetGroupEvidence(tg)];
  if (targets.length > 0) {
    evidence.push({
      call: "vpc-lattice:ListTargets",
      observed: {
        targetGroupIdentifier: tg.id,
        items: targets.map((t) => {
          const item: Record<string, unknown> = { id: t.id };
          if (t.port !== undefined) item.port = t.port;
          item.status = t.status;
          if (t.reasonCode !== undefined) item.reasonCode = t.reasonCode;
          return item;
        }),
      },
    });
  }
  evidence.push(...sites.map(siteEvidence));

  const commands = sites
    .filter((s) => s.action !== undefined)
    .map((s) => updateSiteCommand(topology, s, s.action!, context));
  commands.push(awsCli(`aws vpc-lattice get-target-group --target-group-identifier ${tg.id}`, context));
  commands.push(awsCli(`aws vpc-lattice list-targets --target-group-identifier ${tg.id}`, context));

  return {
    severity: critical ? "critical" : "error",
    title:
      `Target group ${tg.name} (${tg.id}) is not wired to service ${topology.service.name}: ${what.join(" and ")}` +
      (critical ? " — every request goes to it" : ""),
    detail:
      `${usedBy.join("; ").replace(/^./, (c) => c.toUpperCase())} forward${usedBy.length === 1 ? "s" : ""} to ${tg.id}, but ${what.join(" and ")}: ` +
      "VPC Lattice does not treat the target group as used by any service, so it sends it no traffic and does " +
      "not health-check its targets; requests routed there fail. " +
      (critical
        ? "No request on the service's path goes anywhere else."
        : "Other routes of the service go to other target groups."),
    resource: { type: "target-group", id: tg.id, arn: tg.arn },
    evidence,
    fix: {
      summary:
        "Save the actions that forward to the target group again so that Lattice wires it to the service, then " +
        "check that serviceArns names the service and the targets leave UNUSED. If it stays unwired, point the " +
        "actions at a new target group of this service.",
      commands,
    },
    affects: [tg.id],
  };
}

export default defineCheck({
  code: "LAT-304",
  name: "target-group-not-wired",
  severity: "error",
  hop: "target-group",
  symptoms: ["5xx"],
  lint: { judged: "live", reason: "target status is live state" },
  needs: ["targetGroups", "targets"],
  run(topology, context) {
    const notWired = inUseTargetGroups(topology)
      .map((use) => judge(topology, use))
      .filter((n): n is NotWired => n !== undefined);
    if (notWired.length === 0) return [];
    const ids = new Set(notWired.map((n) => n.tg.id));
    const everyRequest = everyRequestReaches(topology, (id) => ids.has(id));
    return notWired.map((n) => findingFor(topology, context, n, everyRequest && n.use.receivesTraffic));
  },
});
