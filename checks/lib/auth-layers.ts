/**
 * The auth layers a request to the traced service passes: each service network it is in, and the
 * service itself. Shared by the LAT-4xx checks: naming, evidence and put-auth-policy commands.
 */
import type { AuthPolicy, Topology } from "../../src/topology/types.js";
import type { CheckContext, Evidence, FindingResource, Hop } from "../define.js";
import { parseArn } from "./arn.js";
import { CONNECT, INVOKE } from "./auth-policy.js";
import { awsCli, shellQuote } from "./commands.js";

export interface AuthLayer {
  kind: "service" | "service-network";
  id: string;
  arn: string;
  name: string;
  authType: string;
  /** The GetAuthPolicy result; undefined when it was not read. */
  policy?: AuthPolicy;
  /** The stored policy document, when there is a non-blank one. */
  policyText?: string;
  /** The owning account, when known. */
  ownerAccountId?: string;
  /** Owned by another account than the one the diagnosis ran in. */
  foreign: boolean;
}

/** The service's networks (in the topology's order), then the service. */
export function authLayers(topology: Topology): AuthLayer[] {
  const layer = (
    kind: AuthLayer["kind"],
    item: { id: string; arn: string; name: string; authType: string },
    owner: string | undefined,
  ): AuthLayer => {
    const policy = topology.authPolicies[item.id];
    const text = policy?.policy;
    const ownerAccountId = owner ?? parseArn(item.arn)?.accountId;
    const out: AuthLayer = {
      kind,
      id: item.id,
      arn: item.arn,
      name: item.name,
      authType: item.authType,
      foreign:
        ownerAccountId !== undefined &&
        topology.accountId !== undefined &&
        ownerAccountId !== topology.accountId,
    };
    if (policy) out.policy = policy;
    if (text !== undefined && text.trim() !== "") out.policyText = text;
    if (ownerAccountId !== undefined) out.ownerAccountId = ownerAccountId;
    return out;
  };
  return [
    ...Object.values(topology.serviceNetworks).map((n) => layer("service-network", n, n.ownerAccountId)),
    layer("service", topology.service, undefined),
  ];
}

export const isIam = (layer: AuthLayer): boolean => layer.authType === "AWS_IAM";

/** `service orders-api (svc-…)` / `service network prod-mesh (sn-…)`. */
export function layerLabel(layer: AuthLayer): string {
  return `${layer.kind === "service" ? "service" : "service network"} ${layer.name} (${layer.id})`;
}

export function layerHop(layer: AuthLayer): Hop {
  return layer.kind === "service" ? "service" : "service-network";
}

/** The layer's id and the service's (once when they are the same). */
export function layerAffects(layer: AuthLayer, serviceId: string): string[] {
  return layer.id === serviceId ? [serviceId] : [layer.id, serviceId];
}

export function layerResource(layer: AuthLayer): FindingResource {
  return { type: layer.kind, id: layer.id, arn: layer.arn };
}

/** GetService / GetServiceNetwork (authType), then GetAuthPolicy (policy, state). */
export function layerEvidence(layer: AuthLayer): Evidence[] {
  const evidence: Evidence[] = [
    {
      call: layer.kind === "service" ? "vpc-lattice:GetService" : "vpc-lattice:GetServiceNetwork",
      observed: { id: layer.id, name: layer.name, authType: layer.authType },
    },
  ];
  if (layer.policy) {
    const observed: Record<string, unknown> = {
      resourceIdentifier: layer.id,
      policy: layer.policy.policy ?? null,
    };
    if (layer.policy.state !== undefined) observed.state = layer.policy.state;
    evidence.push({ call: "vpc-lattice:GetAuthPolicy", observed });
  }
  return evidence;
}

/** " (run in account 444455556666, which owns it)" for another account's network, else "". */
export function ownerNote(layer: AuthLayer): string {
  return layer.foreign ? ` (run in account ${layer.ownerAccountId}, which owns it)` : "";
}

export function putAuthPolicyCommand(layer: AuthLayer, document: unknown, context: CheckContext): string {
  return awsCli(
    `aws vpc-lattice put-auth-policy --resource-identifier ${layer.id} --policy ${shellQuote(JSON.stringify(document))}`,
    context,
  );
}

export function getAuthPolicyCommand(layer: AuthLayer, context: CheckContext): string {
  return awsCli(`aws vpc-lattice get-auth-policy --resource-identifier ${layer.id}`, context);
}

export function setAuthTypeCommand(layer: AuthLayer, authType: string, context: CheckContext): string {
  return layer.kind === "service"
    ? awsCli(
        `aws vpc-lattice update-service --service-identifier ${layer.id} --auth-type ${authType}`,
        context,
      )
    : awsCli(
        `aws vpc-lattice update-service-network --service-network-identifier ${layer.id} --auth-type ${authType}`,
        context,
      );
}

/**
 * The data-plane action(s) the service's listeners take: Invoke for HTTP/HTTPS, Connect for
 * TLS_PASSTHROUGH (Invoke when there is no listener). A string when one, for a policy's Action.
 */
export function serviceActions(topology: Topology): string | string[] {
  const actions = new Set<string>();
  for (const l of topology.listeners) actions.add(l.protocol === "TLS_PASSTHROUGH" ? CONNECT : INVOKE);
  if (actions.size === 0) actions.add(INVOKE);
  const list = [...actions].sort();
  return list.length === 1 ? list[0]! : list;
}
