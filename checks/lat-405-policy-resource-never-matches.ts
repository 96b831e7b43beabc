import type { Topology } from "../src/topology/types.js";
import { defineCheck, type CheckContext, type FindingDraft, type Severity } from "./define.js";
import { parseArn } from "./lib/arn.js";
import {
  authLayers,
  isIam,
  layerAffects,
  layerEvidence,
  layerHop,
  layerLabel,
  layerResource,
  ownerNote,
  putAuthPolicyCommand,
  type AuthLayer,
} from "./lib/auth-layers.js";
import {
  CONNECT,
  describeStatement,
  isAllow,
  parsePolicy,
  resourceFit,
  rewritePolicy,
  statementMatchesAction,
  statementMatchesDataPlane,
  statementResourceFit,
  wildcardMatch,
  type ParsedPolicy,
  type Statement,
} from "./lib/auth-policy.js";

/** Why a resource pattern misses the service, in a few words. */
function whyMisses(pattern: string, serviceArn: string): string {
  const want = parseArn(serviceArn);
  const got = parseArn(pattern);
  if (!want || !got) return "not an ARN of this service";
  if (!wildcardMatch(got.service, want.service)) return `a ${got.service} ARN`;
  if (!wildcardMatch(got.region, want.region)) return `region ${got.region}, not ${want.region}`;
  if (!wildcardMatch(got.accountId, want.accountId)) return `account ${got.accountId}, not ${want.accountId}`;
  const type = got.resource.split("/")[0] ?? "";
  if (!wildcardMatch(type, "service")) return `a ${type} ARN, not the service's`;
  const id = got.resource.split("/")[1] ?? "";
  return `another service, ${id}`;
}

interface LayerAnalysis {
  layer: AuthLayer;
  policy: ParsedPolicy;
  /** Allow statements for data-plane actions whose Resource matches no request of this service. */
  never: Statement[];
  /** … whose Resource is the bare service ARN (no `/…`), for Invoke. */
  bare: Statement[];
  /** … that can match this service's requests. */
  matching: Statement[];
}

function analyse(topology: Topology, layer: AuthLayer): LayerAnalysis | undefined {
  const policy = parsePolicy(layer.policyText);
  if (!policy) return undefined;
  const arn = topology.service.arn;
  const tls = topology.listeners.some((l) => l.protocol === "TLS_PASSTHROUGH");
  const result: LayerAnalysis = { layer, policy, never: [], bare: [], matching: [] };
  // Statements that allow no data-plane action are LAT-404's.
  for (const st of policy.statements.filter((s) => isAllow(s) && statementMatchesDataPlane(s))) {
    const fit = statementResourceFit(st, arn);
    if (fit === "matches" || (fit === "bare" && tls && statementMatchesAction(st, CONNECT)))
      result.matching.push(st);
    else if (fit === "bare") result.bare.push(st);
    else result.never.push(st);
  }
  return result;
}

/** Every data-plane Allow of an AWS_IAM layer misses this service (certainly, not by inference). */
const blocks = (a: LayerAnalysis): boolean =>
  isIam(a.layer) && a.matching.length === 0 && a.bare.length === 0 && a.never.length > 0;

function resourcesOf(st: Statement, arn: string): string {
  return (st.resources ?? [])
    .map((r) => (resourceFit(r, arn) === "never" ? `${r} (${whyMisses(r, arn)})` : r))
    .join(", ");
}

function neverFinding(
  topology: Topology,
  a: LayerAnalysis,
  severity: Severity,
  context: CheckContext,
): FindingDraft {
  const { layer, policy } = a;
  const arn = topology.service.arn;
  const label = layerLabel(layer);
  const wanted = `${arn}/*`;
  const network = layer.kind === "service-network";
  const first = a.never[0]!;
  const ids = new Set(a.never.map((st) => st.index));
  const base = rewritePolicy(policy, () => undefined);
  const added = {
    ...withoutSid(first.raw),
    Sid: `Allow${topology.service.id.replace(/[^A-Za-z0-9]/g, "")}`,
    Resource: wanted,
  };
  const corrected = network
    ? { ...base, Statement: [...(base.Statement as unknown[]), added] }
    : rewritePolicy(policy, (st) => (ids.has(st.index) ? { ...st.raw, Resource: wanted } : undefined));
  const effect =
    severity === "critical"
      ? `No allowing statement of the policy matches ${topology.service.id}, and the layer's authType is AWS_IAM: ` +
        `every request${network ? " through this network" : ""} is denied (403).`
      : network
        ? isIam(layer)
          ? `No allowing statement of the network's policy matches ${topology.service.id}: requests through this ` +
            "network are denied (403); clients of its other networks are not affected."
          : "The network's authType is NONE, so the policy is not evaluated yet; switched to AWS_IAM, it would deny " +
            `every request to ${topology.service.id}.`
        : isIam(layer)
          ? "Callers that only those statements allow are denied (403)."
          : "The service's authType is NONE, so the policy is not evaluated yet.";
  return {
    severity,
    hop: layerHop(layer),
    title:
      (network
        ? `The auth policy of ${label} matches no request to ${topology.service.name} (${topology.service.id})`
        : `The auth policy of ${label} allows resources that are not this service`) +
      (severity === "critical" ? ": every request is denied (403)" : ""),
    detail:
      a.never.map((st) => `${describeStatement(st)} allows only ${resourcesOf(st, arn)}`).join("; ") +
      `. Requests to this service are authorised on ${arn}/<path>. ${effect}`,
    resource: layerResource(layer),
    evidence: network
      ? [
          ...layerEvidence(layer),
          { call: "vpc-lattice:GetService", observed: { id: topology.service.id, arn } },
        ]
      : layerEvidence(layer),
    fix: {
      summary:
        (network
          ? `Add a statement for ${wanted} to the network's policy (below: a copy of ${describeStatement(first)} ` +
            "with that Resource; adjust its principals)"
          : `Set the Resource of ${a.never.map(describeStatement).join(", ")} to ${wanted}`) +
        `${ownerNote(layer)}; put-auth-policy replaces the whole policy, and the command keeps every other part. ` +
        "Changes take a few minutes.",
      commands: [putAuthPolicyCommand(layer, corrected, context)],
    },
    affects: layerAffects(layer, topology.service.id),
  };
}

function withoutSid(raw: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...raw };
  delete copy.Sid;
  return copy;
}

function bareFinding(topology: Topology, a: LayerAnalysis, context: CheckContext): FindingDraft {
  const { layer, policy } = a;
  const arn = topology.service.arn;
  const ids = new Set(a.bare.map((st) => st.index));
  const corrected = rewritePolicy(policy, (st) =>
    ids.has(st.index)
      ? {
          ...st.raw,
          Resource: (st.resources ?? []).map((r) => (resourceFit(r, arn) === "bare" ? `${r}/*` : r)),
        }
      : undefined,
  );
  return {
    severity: "warning",
    hop: layerHop(layer),
    title: `The auth policy of ${layerLabel(layer)} names the bare service ARN without /*: it probably matches no request`,
    detail:
      `${a.bare.map((st) => `${describeStatement(st)} allows Resource ${(st.resources ?? []).join(", ")}`).join("; ")}. ` +
      `Requests are authorised on ${arn}/<path> (e.g. ${arn}/ for /), so a Resource without /… is expected not to ` +
      "match them. This is inferred from the VPC Lattice documentation's examples, which always append /* (the " +
      "CLI reference's get-auth-policy example uses a bare ARN): check the access logs' authDeniedReason before " +
      "relying on it.",
    resource: layerResource(layer),
    evidence: layerEvidence(layer),
    fix: {
      summary: `Append /* to the service ARN in ${a.bare.map(describeStatement).join(", ")}${ownerNote(layer)}. Changes take a few minutes.`,
      commands: [putAuthPolicyCommand(layer, corrected, context)],
    },
    affects: layerAffects(layer, topology.service.id),
  };
}

export default defineCheck({
  code: "LAT-405",
  name: "policy-resource-never-matches",
  severity: "warning",
  hop: "service",
  causes: ["LAT-606"],
  symptoms: ["403"],
  denial: "layer",
  lint: {
    judged: "file",
    scope: "service",
    reads: ["service.authType", "network.authType", "authPolicy.document", "authPolicy.literalArn"],
    locateAt: "policy",
  },
  needs: ["service", "serviceNetworks", "authPolicies"],
  run(topology, context) {
    const analyses = authLayers(topology)
      .map((layer) => analyse(topology, layer))
      .filter((a): a is LayerAnalysis => a !== undefined);
    const networks = Object.keys(topology.serviceNetworks).length;
    const blockingNetworks = analyses.filter((a) => a.layer.kind === "service-network" && blocks(a)).length;
    const findings: FindingDraft[] = [];
    for (const a of analyses) {
      if (a.layer.kind === "service") {
        if (a.never.length > 0)
          findings.push(neverFinding(topology, a, blocks(a) ? "critical" : "warning", context));
      } else if (a.matching.length === 0 && a.bare.length === 0 && a.never.length > 0) {
        // A network policy may name other services: only a policy that matches none of this service's requests counts.
        const severity: Severity = !isIam(a.layer)
          ? "warning"
          : blockingNetworks === networks
            ? "critical"
            : "error";
        findings.push(neverFinding(topology, a, severity, context));
      }
      if (a.bare.length > 0) findings.push(bareFinding(topology, a, context));
    }
    return findings;
  },
});
