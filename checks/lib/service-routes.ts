/**
 * The service's routes seen per action site (a listener's default action or one of its rules):
 * which target groups each forward names, whether a target group is missing, unreadable or wired
 * to another service, whether every request on the traced path fails for a reason judged per site,
 * and the commands that rewrite an action or recreate a target group.
 */
import type { Listener, Rule, RuleAction, Service, TargetGroup, Topology } from "../../src/topology/types.js";
import type { CheckContext, Evidence } from "../define.js";
import { awsCli, shellQuote } from "./commands.js";
import { targetGroupIdOf } from "./traffic.js";

/** A listener's default action (no `rule`) or one of its rules. */
export interface RouteSite {
  listener: Listener;
  rule?: Rule;
  action?: RuleAction;
}

export type ForwardAction = Extract<RuleAction, { type: "forward" }>;

export function routeSites(topology: Topology): RouteSite[] {
  const sites: RouteSite[] = [];
  for (const listener of topology.listeners) {
    sites.push({ listener, action: listener.defaultAction });
    for (const rule of listener.rules) sites.push({ listener, rule, action: rule.action });
  }
  return sites;
}

/** A forward entry carries requests when its weight is absent (API default) or above 0. */
export function carries(weight: number | undefined): boolean {
  return weight === undefined || weight > 0;
}

/** The target group an action names (id or ARN), resolved against the topology. */
export function findTargetGroup(
  topology: Topology,
  identifier: string,
): { id: string; targetGroup?: TargetGroup } {
  const id = targetGroupIdOf(identifier);
  const targetGroup =
    topology.targetGroups[id] ?? Object.values(topology.targetGroups).find((tg) => tg.arn === identifier);
  return { id: targetGroup?.id ?? id, targetGroup };
}

/**
 * A target group whose read failed (GetTargetGroup, or a target-group failure about no resource in
 * particular): we do not know what it is, so it is neither "missing" nor "wired elsewhere".
 */
export function targetGroupUnreadable(topology: Topology, id: string): boolean {
  return topology.failures.some(
    (f) =>
      (f.part === "targetGroups" || f.call === "vpc-lattice:GetTargetGroup") &&
      (f.resource === undefined || f.resource === id || targetGroupIdOf(f.resource) === id),
  );
}

/** True when `serviceArns` names this service (by ARN, or by id at the end of the ARN). */
export function namesService(serviceArns: readonly string[], service: Service): boolean {
  return serviceArns.some(
    (arn) => (service.arn !== "" && arn === service.arn) || arn.endsWith(`/${service.id}`),
  );
}

/** The target group is wired to other services only (`serviceArns` non-empty, without this one). */
export function wiredElsewhere(tg: TargetGroup, service: Service): boolean {
  return tg.serviceArns.length > 0 && !namesService(tg.serviceArns, service);
}

export type RouteOutcome = "fails" | "works" | "neutral";

/**
 * Whether every request on the traced path fails: every site's outcome is `fails` or `neutral`
 * (a fixed response, say) and at least one is `fails`. A site whose action could not be read (or is
 * of an unknown type) might serve requests, so it makes the answer false.
 */
export function everyRouteFails(
  topology: Topology,
  outcome: (site: RouteSite & { action: RuleAction }) => RouteOutcome,
): boolean {
  let fails = 0;
  for (const site of routeSites(topology)) {
    const action = site.action;
    if (!action || action.type === "unknown") return false;
    const result = outcome({ ...site, action });
    if (result === "works") return false;
    if (result === "fails") fails++;
  }
  return fails > 0;
}

export function describeListener(listener: Listener): string {
  return `listener ${listener.name} (${listener.protocol}:${listener.port})`;
}

/** `the default action of listener https-443 (HTTPS:443)` / `rule canary (rule-…) of listener …`. */
export function describeSite(site: RouteSite): string {
  if (!site.rule) return `the default action of ${describeListener(site.listener)}`;
  return `rule ${site.rule.name} (${site.rule.id}) of ${describeListener(site.listener)}`;
}

/** The action as the API writes it (`{"forward":{"targetGroups":[…]}}`), for evidence and commands. */
export function apiAction(action: RuleAction): Record<string, unknown> {
  if (action.type === "forward") {
    return {
      forward: {
        targetGroups: action.targetGroups.map((t) =>
          t.weight === undefined
            ? { targetGroupIdentifier: t.targetGroupIdentifier }
            : { targetGroupIdentifier: t.targetGroupIdentifier, weight: t.weight },
        ),
      },
    };
  }
  if (action.type === "fixedResponse") return { fixedResponse: { statusCode: action.statusCode } };
  return {};
}

/** GetListener (default action) or GetRule evidence for a site. */
export function siteEvidence(site: RouteSite): Evidence {
  const { listener, rule } = site;
  if (!rule) {
    const observed: Record<string, unknown> = {
      id: listener.id,
      name: listener.name,
      protocol: listener.protocol,
      port: listener.port,
    };
    if (site.action) observed.defaultAction = apiAction(site.action);
    return { call: "vpc-lattice:GetListener", observed };
  }
  const observed: Record<string, unknown> = {
    listenerIdentifier: listener.id,
    id: rule.id,
    name: rule.name,
  };
  if (rule.priority !== undefined) observed.priority = rule.priority;
  if (rule.match !== undefined) observed.match = rule.match;
  if (site.action) observed.action = apiAction(site.action);
  return { call: "vpc-lattice:GetRule", observed };
}

/** `update-listener --default-action …` or `update-rule --action …` setting `action` on the site. */
export function updateSiteCommand(
  topology: Topology,
  site: RouteSite,
  action: RuleAction,
  context: CheckContext,
): string {
  const json = shellQuote(JSON.stringify(apiAction(action)));
  const base =
    `--service-identifier ${topology.service.id} --listener-identifier ${site.listener.id}` +
    (site.rule ? ` --rule-identifier ${site.rule.id}` : "");
  return site.rule
    ? awsCli(`aws vpc-lattice update-rule ${base} --action ${json}`, context)
    : awsCli(`aws vpc-lattice update-listener ${base} --default-action ${json}`, context);
}

/** A forward to one target group (`<tg-id>` when none is known). */
export function forwardTo(targetGroupId: string | undefined): ForwardAction {
  return { type: "forward", targetGroups: [{ targetGroupIdentifier: targetGroupId ?? "<tg-id>" }] };
}

/** `create-target-group` with the target group's own type and config (LAMBDA: no config). */
export function createTargetGroupCommand(
  tg: TargetGroup,
  context: CheckContext,
  overrides: { name?: string; config?: Record<string, unknown> } = {},
): string {
  const config: Record<string, unknown> = {};
  if (tg.port !== undefined) config.port = tg.port;
  if (tg.protocol !== undefined) config.protocol = tg.protocol;
  if (tg.protocolVersion !== undefined) config.protocolVersion = tg.protocolVersion;
  if (tg.ipAddressType !== undefined) config.ipAddressType = tg.ipAddressType;
  if (tg.vpcIdentifier !== undefined) config.vpcIdentifier = tg.vpcIdentifier;
  if (tg.lambdaEventStructureVersion !== undefined)
    config.lambdaEventStructureVersion = tg.lambdaEventStructureVersion;
  Object.assign(config, overrides.config ?? {});
  for (const [key, value] of Object.entries(config)) if (value === undefined) delete config[key];
  const name = overrides.name ?? tg.name;
  let command = `aws vpc-lattice create-target-group --name ${shellQuote(name)} --type ${shellQuote(tg.type)}`;
  if (Object.keys(config).length > 0) command += ` --config ${shellQuote(JSON.stringify(config))}`;
  return awsCli(command, context);
}

/** GetTargetGroup evidence: the fields a route check reads. */
export function targetGroupEvidence(tg: TargetGroup, extra: Record<string, unknown> = {}): Evidence {
  const observed: Record<string, unknown> = { id: tg.id, name: tg.name, type: tg.type, status: tg.status };
  const config: Record<string, unknown> = {};
  if (tg.port !== undefined) config.port = tg.port;
  if (tg.protocol !== undefined) config.protocol = tg.protocol;
  if (tg.protocolVersion !== undefined) config.protocolVersion = tg.protocolVersion;
  if (Object.keys(config).length > 0) observed.config = config;
  observed.serviceArns = tg.serviceArns;
  Object.assign(observed, extra);
  return { call: "vpc-lattice:GetTargetGroup", observed };
}
