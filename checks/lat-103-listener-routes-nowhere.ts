import type { TargetGroup, Topology } from "../src/topology/types.js";
import { defineCheck, type CheckContext, type Evidence, type FindingDraft } from "./define.js";
import { awsCli } from "./lib/commands.js";
import {
  carries,
  describeSite,
  everyRouteFails,
  findTargetGroup,
  forwardTo,
  routeSites,
  siteEvidence,
  targetGroupEvidence,
  targetGroupUnreadable,
  updateSiteCommand,
  wiredElsewhere,
  type ForwardAction,
  type RouteSite,
} from "./lib/service-routes.js";
import { listText } from "./lib/text.js";

type EntryState = "ok" | "unreadable" | "missing" | "elsewhere";

interface Entry {
  id: string;
  weight?: number;
  targetGroup?: TargetGroup;
  state: EntryState;
}

function entriesOf(topology: Topology, action: ForwardAction): Entry[] {
  return action.targetGroups.map((t) => {
    const { id, targetGroup } = findTargetGroup(topology, t.targetGroupIdentifier);
    let state: EntryState = "ok";
    if (!targetGroup) state = targetGroupUnreadable(topology, id) ? "unreadable" : "missing";
    else if (wiredElsewhere(targetGroup, topology.service)) state = "elsewhere";
    const entry: Entry = { id, state };
    if (t.weight !== undefined) entry.weight = t.weight;
    if (targetGroup) entry.targetGroup = targetGroup;
    return entry;
  });
}

const dead = (e: Entry): boolean => e.state === "missing" || e.state === "elsewhere";

/** The forward sends no request anywhere it can be served: every carrying entry is dead (or none carries). */
function routesNowhere(entries: Entry[]): boolean {
  return entries.filter((e) => carries(e.weight)).every(dead);
}

function name(e: Entry): string {
  return e.targetGroup ? `${e.targetGroup.name} (${e.id})` : e.id;
}

function reasonOf(e: Entry): string {
  const parts: string[] = [];
  if (e.state === "missing") parts.push(`${e.id} does not exist`);
  if (e.state === "elsewhere") {
    parts.push(`${name(e)} is wired to ${listText(e.targetGroup!.serviceArns)}, not to this service`);
  }
  if (!carries(e.weight)) parts.push(`${parts.length > 0 ? "and has" : `${name(e)} has`} weight 0`);
  return parts.join(" ");
}

function titleFor(site: RouteSite, entries: Entry[], critical: boolean): string {
  const where = describeSite(site);
  const subject = where.charAt(0).toUpperCase() + where.slice(1);
  const effect = critical ? "every request fails" : "its requests fail";
  if (entries.length === 0) return `${subject} forwards to no target group: ${effect}`;
  if (entries.every((e) => !carries(e.weight))) {
    return `${subject} gives every target group weight 0: ${effect}`;
  }
  const states = new Set(entries.filter((e) => carries(e.weight)).map((e) => e.state));
  if (states.size === 1 && states.has("missing")) {
    const ids = entries.filter((e) => e.state === "missing").map((e) => e.id);
    return `${subject} forwards only to ${ids.length === 1 ? "target group" : "target groups"} ${listText(ids)}, which ${ids.length === 1 ? "does" : "do"} not exist: ${effect}`;
  }
  if (states.size === 1 && states.has("elsewhere")) {
    const named = entries.filter((e) => e.state === "elsewhere").map(name);
    return `${subject} forwards only to ${listText(named)}, wired to another service: ${effect}`;
  }
  return `${subject} forwards only to target groups that cannot take its requests: ${effect}`;
}

function findingFor(
  topology: Topology,
  context: CheckContext,
  site: RouteSite,
  entries: Entry[],
  critical: boolean,
): FindingDraft {
  const service = topology.service;
  const evidence: Evidence[] = [siteEvidence(site)];
  for (const e of entries) {
    if (e.state === "missing") {
      evidence.push({
        call: "vpc-lattice:GetTargetGroup",
        observed: { targetGroupIdentifier: e.id, targetGroup: null },
      });
    } else if (e.state === "elsewhere" && e.targetGroup) {
      evidence.push(targetGroupEvidence(e.targetGroup));
    }
  }
  evidence.push({
    call: "vpc-lattice:GetService",
    observed: { id: service.id, arn: service.arn },
  });

  // A target group of this service that other routes already use is the likeliest replacement.
  const alive = routeSites(topology)
    .flatMap((s) => (s.action?.type === "forward" ? entriesOf(topology, s.action) : []))
    .find((e) => e.state === "ok" && carries(e.weight));
  const reasons = entries.map(reasonOf).filter((r) => r !== "");
  const zeroOnly = entries.length > 0 && entries.every((e) => !carries(e.weight));
  const ok = zeroOnly ? entries.find((e) => e.state === "ok") : undefined;
  const replacement: ForwardAction = ok
    ? {
        type: "forward",
        targetGroups: entries.map((e) => ({ targetGroupIdentifier: e.id, weight: e === ok ? 100 : 0 })),
      }
    : forwardTo(alive?.id);

  const commands = [
    awsCli(`aws vpc-lattice list-target-groups`, context),
    updateSiteCommand(topology, site, replacement, context),
  ];
  return {
    severity: critical ? "critical" : "error",
    hop: site.rule ? "rule" : "listener",
    title: titleFor(site, entries, critical),
    detail:
      `${describeSite(site).replace(/^./, (c) => c.toUpperCase())} forwards ` +
      (entries.length === 0 ? "to no target group" : `to ${listText(entries.map(name))}`) +
      `${reasons.length > 0 ? ` — ${reasons.join("; ")}` : ""}. ` +
      "A target group that does not exist or belongs to another service cannot take this service's requests, " +
      "and a weight of 0 sends it none, so Lattice has no target for the requests this action handles. " +
      (critical
        ? "No other route of the service serves requests, so every request fails."
        : site.rule
          ? "Requests that match this rule fail; other routes of the service still work."
          : "Requests that match no rule of this listener fail; other routes of the service still work."),
    resource: site.rule
      ? { type: "rule", id: site.rule.id, arn: site.rule.arn }
      : { type: "listener", id: site.listener.id, arn: site.listener.arn },
    evidence,
    fix: {
      summary: ok
        ? `Give ${ok.id} (or another target group of the action) a weight above 0.`
        : `Point the action at a target group of this service${alive ? ` (${alive.id} already serves other routes)` : ""} ` +
          "that exists and is wired to it; create one if needed. A target group belongs to one service only.",
      commands,
    },
    affects: [...new Set(entries.map((e) => e.id))],
  };
}

export default defineCheck({
  code: "LAT-103",
  name: "listener-routes-nowhere",
  severity: "critical",
  hop: "listener",
  symptoms: ["404", "5xx"],
  lint: { judged: "live", reason: "target groups may be defined in another stack" },
  // Target groups are judged one by one: an unreadable one is not "missing", so a failed
  // GetTargetGroup must not skip the whole check.
  needs: ["listeners"],
  run(topology, context) {
    const nowhere = new Map<RouteSite, Entry[]>();
    for (const site of routeSites(topology)) {
      if (site.action?.type !== "forward") continue;
      const entries = entriesOf(topology, site.action);
      if (routesNowhere(entries)) nowhere.set(site, entries);
    }
    if (nowhere.size === 0) return [];
    const critical = everyRouteFails(topology, (site) => {
      if (site.action.type === "fixedResponse") return "neutral";
      if (site.action.type !== "forward") return "works";
      return routesNowhere(entriesOf(topology, site.action)) ? "fails" : "works";
    });
    return [...nowhere].map(([site, entries]) => findingFor(topology, context, site, entries, critical));
  },
});
