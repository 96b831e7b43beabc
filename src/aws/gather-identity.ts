/**
 * The identity layer of `--as` (the caller-lacks-invoke check): asks IAM, through iam:SimulatePrincipalPolicy, whether the
 * caller's own identity policies (with permissions boundaries and SCPs, as IAM simulates them) allow
 * `vpc-lattice-svcs:Invoke` (or `Connect`) on the request's resource, with the request's Lattice
 * condition keys as context entries. A role session is simulated as its role.
 *
 * Runs after gather, only with `--as` a role, user or assumed-role ARN of the account lattice doctor
 * runs in (IAM can only simulate its own account's principals): it needs the service ARN and the
 * listener gather read. Every page is followed (Marker / IsTruncated, through the SDK paginator). A
 * failed call becomes a ReadFailure of part `identity` (the could-not-check finding names
 * iam:SimulatePrincipalPolicy and the identity check is skipped); credential errors end the run like any other call's.
 */
import type { ContextEntry, EvaluationResult } from "@aws-sdk/client-iam";
import type { IdentitySimulation, Topology } from "../topology/types.js";
import { latticeRequest, type AuthRequest } from "../policy/lattice.js";
import { parseCaller } from "../policy/principal.js";
import { identitySkipReason, simulatedArn } from "../policy/identity.js";
import type { AwsClients } from "./clients.js";
import { fatalErrorOf, toReadFailure } from "./failures.js";

export const SIMULATE_CALL = {
  part: "identity",
  service: "iam",
  operation: "SimulatePrincipalPolicy",
} as const;

function contextEntries(context: Record<string, string | number | boolean | string[]>): ContextEntry[] {
  const entries: ContextEntry[] = [];
  for (const [key, value] of Object.entries(context)) {
    // The Lattice keys and the principal keys the user gave; time keys are IAM's own.
    if (
      !key.startsWith("vpc-lattice-svcs:") &&
      !/^aws:(PrincipalOrgID|PrincipalTag\/|SecureTransport)/.test(key)
    )
      continue;
    if (Array.isArray(value))
      entries.push({ ContextKeyName: key, ContextKeyValues: value, ContextKeyType: "stringList" });
    else if (typeof value === "number")
      entries.push({ ContextKeyName: key, ContextKeyValues: [String(value)], ContextKeyType: "numeric" });
    else if (typeof value === "boolean")
      entries.push({ ContextKeyName: key, ContextKeyValues: [String(value)], ContextKeyType: "boolean" });
    else entries.push({ ContextKeyName: key, ContextKeyValues: [value], ContextKeyType: "string" });
  }
  return entries;
}

const RANK: Record<string, number> = { explicitDeny: 0, implicitDeny: 1, allowed: 2 };

function toSimulation(
  arn: string,
  action: string,
  resource: string,
  results: EvaluationResult[],
): IdentitySimulation {
  // One action on one resource: one result; should IAM split it, the strictest decision stands.
  const sorted = [...results].sort(
    (a, b) => (RANK[a.EvalDecision ?? ""] ?? 1) - (RANK[b.EvalDecision ?? ""] ?? 1),
  );
  const first = sorted[0];
  const simulation: IdentitySimulation = {
    policySourceArn: arn,
    action,
    resource,
    evalDecision: first?.EvalDecision ?? "implicitDeny",
    matchedStatements: results.flatMap((r) =>
      (r.MatchedStatements ?? []).map((s) => ({
        ...(s.SourcePolicyId ? { sourcePolicyId: s.SourcePolicyId } : {}),
        ...(s.SourcePolicyType ? { sourcePolicyType: s.SourcePolicyType } : {}),
        ...(s.StartPosition
          ? { startPosition: { line: s.StartPosition.Line, column: s.StartPosition.Column } }
          : {}),
        ...(s.EndPosition ? { endPosition: { line: s.EndPosition.Line, column: s.EndPosition.Column } } : {}),
      })),
    ),
    missingContextValues: [...new Set(results.flatMap((r) => r.MissingContextValues ?? []))].sort(),
  };
  const boundary = first?.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary;
  if (boundary !== undefined) simulation.allowedByPermissionsBoundary = boundary;
  const organizations = first?.OrganizationsDecisionDetail?.AllowedByOrganizations;
  if (organizations !== undefined) simulation.allowedByOrganizations = organizations;
  return simulation;
}

/** Simulates the caller's identity policies; fills `topology.identity` or records a failure. */
export async function gatherIdentity(
  clients: AwsClients,
  topology: Topology,
  auth: AuthRequest,
): Promise<void> {
  const arn = simulatedArn(parseCaller(auth.principal));
  if (!arn || identitySkipReason(topology, auth)) return;
  const request = latticeRequest(topology, auth);
  const results: EvaluationResult[] = [];
  try {
    const { paginateSimulatePrincipalPolicy } = await clients.sdk.iam();
    const pages = paginateSimulatePrincipalPolicy(
      { client: await clients.iam() },
      {
        PolicySourceArn: arn,
        ActionNames: [request.action],
        ResourceArns: [request.resource],
        ContextEntries: contextEntries(request.context),
      },
    );
    for await (const page of pages) results.push(...(page.EvaluationResults ?? []));
  } catch (error) {
    const fatal = fatalErrorOf(error);
    if (fatal) throw fatal;
    topology.failures.push(toReadFailure(error, { ...SIMULATE_CALL, resource: arn }));
    return;
  }
  topology.identity = toSimulation(arn, request.action, request.resource, results);
}
