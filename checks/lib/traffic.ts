/**
 * Where the service's traffic goes: the target groups reachable from listener default actions and
 * rules ("in use", findings.md), and whether every request on the traced path lands on a given set
 * of target groups — the condition for `critical` ("every request on the traced path fails").
 */
import type { Listener, RuleAction, TargetGroup, Topology } from "../../src/topology/types.js";
import { targetGroupIdOf } from "../../src/core/util/arn.js";

/** One place that forwards to a target group. */
export interface ForwardReference {
  listenerId: string;
  /** Absent for the listener's default action. */
  ruleId?: string;
  /** As the action states it; absent means the API default (a single target group takes all). */
  weight?: number;
}

export interface InUseTargetGroup {
  /** The target group id (an ARN in the action is resolved to its id). */
  id: string;
  /** Undefined when the action names a target group the topology does not hold (LAT-103's concern). */
  targetGroup?: TargetGroup;
  references: ForwardReference[];
  /** Reached by at least one listener's default action. */
  byDefaultAction: boolean;
  /** Gets requests: named with a weight above 0 (or no weight) in at least one forward. */
  receivesTraffic: boolean;
  /** Every request on the traced path is forwarded to this target group alone. */
  onlyTarget: boolean;
}

export { targetGroupIdOf };

function lookup(topology: Topology, identifier: string): { id: string; targetGroup?: TargetGroup } {
  const id = targetGroupIdOf(identifier);
  const targetGroup =
    topology.targetGroups[id] ?? Object.values(topology.targetGroups).find((tg) => tg.arn === identifier);
  return { id: targetGroup?.id ?? id, targetGroup };
}

interface ActionSite {
  listener: Listener;
  ruleId?: string;
  action?: RuleAction;
}

function actionSites(topology: Topology): ActionSite[] {
  const sites: ActionSite[] = [];
  for (const listener of topology.listeners) {
    sites.push({ listener, action: listener.defaultAction });
    for (const rule of listener.rules) sites.push({ listener, ruleId: rule.id, action: rule.action });
  }
  return sites;
}

function carries(weight: number | undefined): boolean {
  return weight === undefined || weight > 0;
}

/**
 * Whether every request on the traced path is forwarded only to target groups that satisfy
 * `predicate` (by id). Fixed responses and forwards whose weights are all 0 carry no request to a
 * target and are neutral; an action that could not be read (or of an unknown type) might send
 * requests elsewhere, so it makes the answer false. False when no action forwards at all.
 */
export function everyRequestReaches(
  topology: Topology,
  predicate: (targetGroupId: string) => boolean,
): boolean {
  let forwards = 0;
  for (const site of actionSites(topology)) {
    const action = site.action;
    if (!action || action.type === "unknown") return false;
    if (action.type === "fixedResponse") continue;
    const carrying = action.targetGroups.filter((t) => carries(t.weight));
    if (carrying.length === 0) continue;
    forwards++;
    if (!carrying.every((t) => predicate(lookup(topology, t.targetGroupIdentifier).id))) return false;
  }
  return forwards > 0;
}

/** The target groups reachable from listener default actions and rules, in order of first mention. */
export function inUseTargetGroups(topology: Topology): InUseTargetGroup[] {
  const byId = new Map<string, InUseTargetGroup>();
  for (const site of actionSites(topology)) {
    if (site.action?.type !== "forward") continue;
    for (const forward of site.action.targetGroups) {
      const { id, targetGroup } = lookup(topology, forward.targetGroupIdentifier);
      let entry = byId.get(id);
      if (!entry) {
        entry = {
          id,
          targetGroup,
          references: [],
          byDefaultAction: false,
          receivesTraffic: false,
          onlyTarget: false,
        };
        byId.set(id, entry);
      }
      const reference: ForwardReference = { listenerId: site.listener.id };
      if (site.ruleId !== undefined) reference.ruleId = site.ruleId;
      if (forward.weight !== undefined) reference.weight = forward.weight;
      entry.references.push(reference);
      if (site.ruleId === undefined) entry.byDefaultAction = true;
      if (carries(forward.weight)) entry.receivesTraffic = true;
    }
  }
  const entries = [...byId.values()];
  for (const entry of entries) entry.onlyTarget = everyRequestReaches(topology, (id) => id === entry.id);
  return entries;
}

/** `the default action of listener https-443 (listener-…)`, `rule canary (rule-…) of listener …`. */
export function describeReference(topology: Topology, reference: ForwardReference): string {
  const listener = topology.listeners.find((l) => l.id === reference.listenerId);
  const listenerText = listener
    ? `listener ${listener.name} (${listener.protocol}:${listener.port})`
    : `listener ${reference.listenerId}`;
  if (reference.ruleId === undefined) return `the default action of ${listenerText}`;
  const rule = listener?.rules.find((r) => r.id === reference.ruleId);
  return `rule ${rule?.name ?? reference.ruleId} (${reference.ruleId}) of ${listenerText}`;
}

/**
 * One result per in-use target group that `fails`, built with whether every request on the traced
 * path ends on a failing group (and this one gets requests), and the forwards that reach it.
 */
export function perFailingTargetGroup<T extends TargetGroup, R>(
  topology: Topology,
  fails: (tg: TargetGroup | undefined) => tg is T,
  build: (tg: T, critical: boolean, usedBy: string[]) => R,
): R[] {
  const inUse = inUseTargetGroups(topology);
  const failing = new Set(inUse.filter((u) => fails(u.targetGroup)).map((u) => u.id));
  if (failing.size === 0) return [];
  const everyRequest = everyRequestReaches(topology, (id) => failing.has(id));
  const results: R[] = [];
  for (const use of inUse) {
    const tg = use.targetGroup;
    if (!fails(tg)) continue;
    const usedBy = [...new Set(use.references.map((r) => describeReference(topology, r)))];
    results.push(build(tg, everyRequest && use.receivesTraffic, usedBy));
  }
  return results;
}
