/**
 * The report's `auth` block (only with `--as`): the request as evaluated, the answer of each
 * auth-policy layer and of the caller's identity policies. Built from the same pure functions the
 * checks use (src/policy), so the block and the principal-denied / caller-lacks-invoke
 * findings cannot disagree.
 */
import type { Topology } from "../topology/types.js";
import { evaluateLatticeAuth, type AuthRequest } from "../policy/lattice.js";
import { identityResult } from "../policy/identity.js";
import type { AuthReport } from "./types.js";

export function buildAuthReport(topology: Topology, auth: AuthRequest): AuthReport {
  const { request, layers } = evaluateLatticeAuth(topology, auth);
  const identity = identityResult(topology, auth);
  return {
    principal: auth.principal,
    request: {
      action: request.action,
      resource: request.resource,
      ...(request.method !== undefined ? { method: request.method } : {}),
      ...(request.path !== undefined ? { path: request.path } : {}),
      port: request.port,
      ...(request.protocol !== undefined ? { protocol: request.protocol } : {}),
      ...(request.listenerId !== undefined ? { listenerId: request.listenerId } : {}),
      headers: request.headers,
      query: request.query,
      serviceArn: request.serviceArn,
      serviceNetworkArn: request.serviceNetworkArn ?? null,
      sourceVpc: request.sourceVpc ?? null,
      sourceVpcOwnerAccount: null,
      ...(request.evaluatedAs.type !== request.caller.type ? { evaluatedAs: request.evaluatedAs.type } : {}),
      context: {
        ...request.context,
        ...(request.serviceNetworkArn
          ? { "vpc-lattice-svcs:ServiceNetworkArn": request.serviceNetworkArn }
          : {}),
      },
      unknown: request.unknownKeys,
      notes: request.notes,
    },
    layers: layers.map((l) => ({
      layer: l.layer,
      id: l.id,
      name: l.name,
      authType: l.authType,
      decision: l.decision,
      ...(l.statement ? { statement: l.statement } : {}),
      reason: l.reason,
    })),
    identity: {
      decision: identity.decision,
      ...(identity.principalArn ? { principalArn: identity.principalArn } : {}),
      ...(identity.evalDecision ? { evalDecision: identity.evalDecision } : {}),
      reason: identity.reason,
    },
  };
}
