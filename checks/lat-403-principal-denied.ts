/**
 * LAT-403: with `--as`, the given caller and request are denied by an auth policy — the network's or
 * the service's — and which statement (or that none allows). The evaluation is src/policy's; this
 * module only turns a denied layer into a finding with the statement to add (or the deny to review).
 * A layer with no policy at all is LAT-401's; a layer whose policy could not be read or whose answer
 * depends on values lattice doctor does not know is not judged here (the report's auth block says so).
 */
import type { Topology } from "../src/topology/types.js";
import {
  evaluateLatticeAuth,
  statementText,
  type LatticeRequest,
  type LayerEvaluation,
} from "../src/policy/lattice.js";
import { principalArn, type Caller } from "../src/policy/principal.js";
import { defineCheck, type CheckContext, type Evidence, type FindingDraft } from "./define.js";
import {
  authLayers,
  getAuthPolicyCommand,
  layerAffects,
  layerEvidence,
  layerLabel,
  ownerNote,
  putAuthPolicyCommand,
  type AuthLayer,
} from "./lib/auth-layers.js";

/** How the caller is named in a message. */
export function callerLabel(caller: Caller): string {
  switch (caller.type) {
    case "anonymous":
      return "An unsigned (anonymous) caller";
    case "account":
      return `Account ${caller.account}`;
    case "service":
      return caller.service;
    default:
      return caller.arn;
  }
}

/** What the request is, in a few words: `GET /orders` or `a TLS connection on port 443`. */
export function requestLabel(request: LatticeRequest): string {
  return request.method ? `${request.method} ${request.path}` : `a TLS connection on port ${request.port}`;
}

/** The Principal element that names this caller in a new statement. */
function principalElement(caller: Caller): unknown {
  switch (caller.type) {
    case "anonymous":
      return "*";
    case "service":
      return { Service: caller.service };
    default:
      return { AWS: principalArn(caller) };
  }
}

/** The statement that allows this request (narrow: this caller, this service). */
export function allowStatement(request: LatticeRequest): Record<string, unknown> {
  const statement: Record<string, unknown> = {
    Sid: "AllowLatticeDoctorCaller",
    Effect: "Allow",
    Principal: principalElement(request.evaluatedAs),
    Action: request.action,
    Resource: request.method ? `${request.serviceArn}/*` : request.serviceArn,
  };
  if (request.evaluatedAs.type === "anonymous" && request.sourceVpc) {
    statement.Condition = { StringEquals: { "vpc-lattice-svcs:SourceVpc": request.sourceVpc } };
  }
  return statement;
}

function statementsOf(policyText: string): unknown[] {
  const doc = JSON.parse(policyText) as { Statement?: unknown };
  return Array.isArray(doc.Statement) ? doc.Statement : doc.Statement === undefined ? [] : [doc.Statement];
}

function withStatements(policyText: string, statements: unknown[]): Record<string, unknown> {
  const doc = JSON.parse(policyText) as Record<string, unknown>;
  return { ...doc, Version: doc.Version ?? "2012-10-17", Statement: statements };
}

export function requestEvidence(request: LatticeRequest): Evidence {
  const observed: Record<string, unknown> = {
    principal: principalText(request.caller),
    action: request.action,
    resource: request.resource,
  };
  if (request.evaluatedAs.type !== request.caller.type) observed.evaluatedAs = "anonymous";
  Object.assign(observed, request.context);
  return { call: "vpc-lattice-svcs:Invoke", observed };
}

export function principalText(caller: Caller): string {
  switch (caller.type) {
    case "anonymous":
      return "anonymous";
    case "account":
      return caller.account;
    case "service":
      return caller.service;
    default:
      return caller.arn;
  }
}

function finding(
  layer: LayerEvaluation,
  authLayer: AuthLayer,
  request: LatticeRequest,
  topology: Topology,
  context: CheckContext,
  critical: boolean,
): FindingDraft {
  const where = layerLabel(authLayer);
  const who = callerLabel(request.caller);
  const what = requestLabel(request);
  const policyText = authLayer.policyText!;
  const statements = statementsOf(policyText);
  const evidence = [...layerEvidence(authLayer), requestEvidence(request)];
  let title: string;
  let detail: string;
  let fix: FindingDraft["fix"];
  if (layer.denial === "explicit") {
    const index = layer.statement!.index;
    const denying = statements[index];
    title = `${who} gets 403 at the ${where}: ${statementText(layer)} of its auth policy denies ${what}`;
    detail =
      `The ${where} requires AWS_IAM, and ${statementText(layer)} of its auth policy is a Deny that matches this ` +
      `caller and request (${request.action} on ${request.resource}). An explicit Deny wins over every Allow, so ` +
      `Lattice answers 403 ("… with an explicit deny in a ${authLayer.kind === "service" ? "service" : "network"}-based policy"). ` +
      `The denying statement: ${JSON.stringify(denying)}.`;
    const rest = statements.filter((_, i) => i !== index);
    fix = {
      summary:
        `If the Deny is not meant for this caller, narrow it (its Principal, NotPrincipal or Condition) or remove it${ownerNote(authLayer)}. ` +
        "Review the current policy first; the second command writes the policy without that statement. Changes take a few minutes.",
      commands: [
        getAuthPolicyCommand(authLayer, context),
        putAuthPolicyCommand(authLayer, withStatements(policyText, rest), context),
      ],
    };
  } else {
    const statement = allowStatement(request);
    const misses = (layer.misses ?? []).map(
      (m) => `${statementText({ ...layer, statement: m.statement })}: ${m.element} ${m.detail}`,
    );
    title = `${who} gets 403 at the ${where}: no statement of its auth policy allows ${what}`;
    detail =
      `The ${where} requires AWS_IAM, and no Allow statement of its auth policy matches this caller and request ` +
      `(${request.action} on ${request.resource}), so the request is implicitly denied: 403 "… because no ` +
      `${authLayer.kind === "service" ? "service" : "network"}-based policy allows the ${request.action} action". ` +
      (misses.length > 0
        ? `Why each Allow missed: ${misses.join("; ")}.`
        : "The policy has no Allow statement.");
    const document = withStatements(policyText, [...statements, statement]);
    const size = JSON.stringify(document).length;
    fix = {
      summary:
        `Add this statement to the ${where}'s auth policy${ownerNote(authLayer)}: ${JSON.stringify(statement)}` +
        (request.caller.type === "assumed-role"
          ? ` (a role with a path needs its full ARN: aws iam get-role --role-name ${request.caller.roleName})`
          : "") +
        ". The command writes the current policy plus that statement (put-auth-policy replaces the whole policy). " +
        (size > 10_240
          ? `The result is ${size} bytes, over the 10 KB limit: fold it into an existing statement instead. `
          : "") +
        "Changes take a few minutes.",
      commands: [putAuthPolicyCommand(authLayer, document, context)],
    };
  }
  return {
    hop: authLayer.kind === "service" ? "service" : "service-network",
    severity: critical ? "critical" : "error",
    title,
    detail:
      detail +
      (critical
        ? ""
        : ` The caller's VPC is not known to reach the service through this network (pass --from vpc-…): requests through the service's other networks are not affected.`),
    resource: { type: authLayer.kind, id: authLayer.id, arn: authLayer.arn },
    evidence,
    fix,
    affects: layerAffects(authLayer, topology.service.id),
  };
}

export default defineCheck({
  code: "LAT-403",
  name: "principal-denied",
  severity: "critical",
  hop: "service",
  causes: ["LAT-606"],
  symptoms: ["403"],
  denial: "layer",
  lint: { judged: "live", reason: "needs live state" },
  needs: ["service", "serviceNetworks", "authPolicies"],
  requires: "--as",
  run(topology, context) {
    if (!context.auth) return [];
    const { request, layers } = evaluateLatticeAuth(topology, context.auth);
    const byId = new Map(authLayers(topology).map((l) => [l.id, l]));
    const networks = layers.filter((l) => l.layer === "network");
    const everyNetworkDenies = networks.length > 0 && networks.every((l) => l.decision === "denied");
    const findings: FindingDraft[] = [];
    for (const layer of layers) {
      if (layer.decision !== "denied" || layer.denial === "no-policy") continue;
      const authLayer = byId.get(layer.id);
      if (!authLayer?.policyText) continue;
      const critical = layer.layer === "service" || layer.onPath || everyNetworkDenies;
      findings.push(finding(layer, authLayer, request, topology, context, critical));
    }
    return findings;
  },
});
