/**
 * The identity layer of `--as`: what IAM's simulation of the caller's identity policies
 * (topology.identity, read by src/aws/gather-identity.ts) means for this request, in the same
 * allowed / denied / not-evaluated / unknown terms as the auth-policy layers. Pure.
 */
import { COULD_NOT_CHECK } from "../core/codes.js";
import type { IdentitySimulation, MatchedStatement, Topology } from "../topology/types.js";
import { latticeRequest, type AuthRequest } from "./lattice.js";
import { parseCaller, principalArn, type Caller } from "./principal.js";

export interface IdentityResult {
  decision: "allowed" | "denied" | "not-evaluated" | "unknown";
  denial?: "explicit" | "implicit";
  /** The user or role simulated. */
  principalArn?: string;
  /** `allowed` | `implicitDeny` | `explicitDeny` as IAM returned it. */
  evalDecision?: string;
  reason: string;
  matchedStatements?: MatchedStatement[];
  simulation?: IdentitySimulation;
}

/** The user or role IAM can simulate for this caller (a session's role), or undefined. */
export function simulatedArn(caller: Caller): string | undefined {
  if (caller.type === "user" || caller.type === "role" || caller.type === "assumed-role")
    return principalArn(caller);
  return undefined;
}

/** Why the identity layer is not simulated for this request, or undefined when it is. */
export function identitySkipReason(topology: Topology, auth: AuthRequest): string | undefined {
  const caller = parseCaller(auth.principal);
  switch (caller.type) {
    case "anonymous":
      return "an unsigned request has no identity policy: only the auth policies decide";
    case "account":
      return "an account is not a caller IAM can simulate: name the role or user that calls";
    case "service":
      return "a service principal has no identity policy in this account";
    default:
      if (topology.accountId && caller.account !== topology.accountId) {
        return (
          `the caller belongs to account ${caller.account} and lattice doctor ran in ${topology.accountId}: IAM simulates ` +
          `only its own account's principals (run lattice doctor with --as in account ${caller.account})`
        );
      }
      if (!topology.service.arn) return "the service ARN is unknown (GetService failed)";
      // Lattice consults the caller's identity policies only when a layer authenticates requests.
      if (
        topology.service.authType === "NONE" &&
        Object.values(topology.serviceNetworks).every((n) => n.authType === "NONE") &&
        topology.serviceAssociations.every((a) => a.serviceNetworkId in topology.serviceNetworks)
      ) {
        return "authType is NONE on the service and its networks: no layer checks identity, so no identity policy is consulted";
      }
      if (latticeRequest(topology, auth).evaluatedAs.type === "anonymous") {
        return "the listener is TLS_PASSTHROUGH: Lattice sees no identity, so no identity policy is checked";
      }
      return undefined;
  }
}

/** `inline policy orders-invoke (role), line 4` for a matched statement. */
export function matchedStatementText(s: MatchedStatement): string {
  const where = s.startPosition?.line !== undefined ? `, line ${s.startPosition.line}` : "";
  return `${s.sourcePolicyId ?? "a policy"}${s.sourcePolicyType ? ` (${s.sourcePolicyType})` : ""}${where}`;
}

export function identityResult(topology: Topology, auth: AuthRequest): IdentityResult {
  const skip = identitySkipReason(topology, auth);
  if (skip) return { decision: "not-evaluated", reason: skip };
  const arn = simulatedArn(parseCaller(auth.principal));
  const base = arn ? { principalArn: arn } : {};
  const failure = topology.failures.find((f) => f.part === "identity");
  if (failure) {
    return {
      ...base,
      decision: "unknown",
      reason: `${failure.call} ${failure.errorCode}: not judged (see ${COULD_NOT_CHECK})`,
    };
  }
  const sim = topology.identity;
  if (!sim) return { ...base, decision: "unknown", reason: "the identity policies were not simulated" };
  const out = {
    ...base,
    evalDecision: sim.evalDecision,
    matchedStatements: sim.matchedStatements,
    simulation: sim,
  };
  const matched = sim.matchedStatements.map(matchedStatementText);
  if (sim.evalDecision === "allowed") {
    return {
      ...out,
      decision: "allowed",
      reason: `the identity policies allow ${sim.action}${matched.length ? ` (${matched.join("; ")})` : ""}`,
    };
  }
  if (sim.evalDecision === "explicitDeny") {
    return {
      ...out,
      decision: "denied",
      denial: "explicit",
      reason: `an identity-based policy explicitly denies ${sim.action}${matched.length ? `: ${matched.join("; ")}` : ""}`,
    };
  }
  const why: string[] = [];
  if (sim.allowedByPermissionsBoundary === false) why.push("the permissions boundary does not allow it");
  if (sim.allowedByOrganizations === false) why.push("a service control policy does not allow it");
  return {
    ...out,
    decision: "denied",
    denial: "implicit",
    reason: `no identity-based policy allows ${sim.action}${why.length ? ` (${why.join("; ")})` : ""}`,
  };
}
