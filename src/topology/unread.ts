/**
 * Which parts of the topology hang off which: gather finds a part only through the parts it
 * depends on (rules through listeners, target groups through listeners and rules, …), so when a
 * part could not be read, every part downstream of it is unread too — an empty list there means
 * "never looked", not "none". The engine skips a check whose needs include an unread part and the
 * trace draws an unread hop as unknown; both ask this module, so the graph lives in one place.
 */
import type { ReadFailure, TopologyPart } from "./types.js";

/**
 * Part → the parts gather must have read to know what to read for it (data flow in src/aws/).
 * The security groups of the targets are found through `targetNetwork` (instances / ENIs), which
 * every target-side check declares itself; `securityGroups` hangs off the VPC associations only,
 * so a failed DescribeInstances does not hide what the associations' groups show
 * (association-sg-blocks-listener).
 */
export const UPSTREAM: Readonly<Record<TopologyPart, readonly TopologyPart[]>> = {
  service: [],
  caller: [],
  prefixLists: [],
  identity: [],
  client: [],
  listeners: [],
  rules: ["listeners"],
  targetGroups: ["listeners", "rules"],
  targets: ["targetGroups"],
  targetNetwork: ["targets"],
  networkAcls: ["targetNetwork"],
  serviceAssociations: [],
  serviceAssociationDetails: ["serviceAssociations"],
  serviceNetworks: ["serviceAssociations"],
  vpcAssociations: ["serviceAssociations"],
  securityGroups: ["vpcAssociations"],
  authPolicies: ["serviceAssociations"],
  resourceAssociations: ["serviceAssociations"],
  vpcEndpointAssociations: ["serviceAssociations"],
  accessLogs: ["serviceAssociations"],
  accessLogEntries: ["accessLogs"],
  metrics: ["targetGroups"],
  alarms: ["targetGroups"],
  metricData: ["metrics"],
  clientVpcAssociations: ["client"],
  clientNetwork: ["client"],
  sharing: ["serviceAssociations", "clientVpcAssociations"],
};

/** `part` and every part it depends on, directly or through others. */
export function withUpstream(part: TopologyPart): TopologyPart[] {
  const seen = new Set<TopologyPart>();
  const visit = (p: TopologyPart): void => {
    if (seen.has(p)) return;
    seen.add(p);
    for (const up of UPSTREAM[p]) visit(up);
  };
  visit(part);
  return [...seen];
}

/** Every part in `parts` with everything upstream of them, without repeats, in the order found. */
export function expandNeeds(parts: readonly TopologyPart[]): TopologyPart[] {
  return [...new Set(parts.flatMap(withUpstream))];
}

/**
 * The parts left unknown by the run's failed reads: each failed part and every part downstream of
 * it, with the failures that left it unknown (the part's own, else those of the parts upstream).
 */
export function unreadParts(failures: readonly ReadFailure[]): Map<TopologyPart, ReadFailure[]> {
  const byPart = new Map<TopologyPart, ReadFailure[]>();
  for (const f of failures) byPart.set(f.part, [...(byPart.get(f.part) ?? []), f]);
  const unread = new Map<TopologyPart, ReadFailure[]>();
  for (const part of Object.keys(UPSTREAM) as TopologyPart[]) {
    const causes = withUpstream(part).flatMap((p) => byPart.get(p) ?? []);
    if (causes.length > 0) unread.set(part, causes);
  }
  return unread;
}
