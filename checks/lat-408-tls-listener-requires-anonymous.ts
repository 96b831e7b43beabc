import type { Topology } from "../src/topology/types.js";
import { defineCheck, type FindingDraft } from "./define.js";
import {
  authLayers,
  isIam,
  layerAffects,
  layerEvidence,
  layerLabel,
  layerResource,
  ownerNote,
  putAuthPolicyCommand,
  setAuthTypeCommand,
  type AuthLayer,
} from "./lib/auth-layers.js";
import {
  CONNECT,
  isAllow,
  parsePolicy,
  rewritePolicy,
  statementAdmitsAnonymous,
  statementMatchesDataPlane,
  type ParsedPolicy,
} from "./lib/auth-policy.js";

/**
 * The layer's policy allows someone, but no allowing statement admits an anonymous caller. Undefined
 * when the layer does not check identity, has no (readable) policy (LAT-401), or allows nobody.
 */
function authenticatedOnly(layer: AuthLayer): ParsedPolicy | undefined {
  if (!isIam(layer)) return undefined;
  const policy = parsePolicy(layer.policyText);
  if (!policy) return undefined;
  const allows = policy.statements.filter((st) => isAllow(st) && statementMatchesDataPlane(st));
  if (allows.length === 0) return undefined;
  return allows.some(statementAdmitsAnonymous) ? undefined : policy;
}

/** The layer denies every TLS connection: authenticated-only policy, or AWS_IAM with no policy. */
function deniesTls(layer: AuthLayer): boolean {
  if (!isIam(layer)) return false;
  if (layer.policy !== undefined && layer.policyText === undefined) return true;
  return authenticatedOnly(layer) !== undefined;
}

function consumerVpcs(topology: Topology, layer: AuthLayer): string[] {
  const networks = layer.kind === "service-network" ? [layer.id] : Object.keys(topology.serviceNetworks);
  return [
    ...new Set(
      topology.vpcAssociations
        .filter((v) => v.status === "ACTIVE" && networks.includes(v.serviceNetworkId))
        .map((v) => v.vpcId),
    ),
  ].sort();
}

export default defineCheck({
  code: "LAT-408",
  name: "tls-listener-requires-anonymous",
  severity: "critical",
  hop: "listener",
  causes: ["LAT-606"],
  symptoms: ["403"],
  denial: "layer",
  lint: {
    judged: "file",
    scope: "service",
    reads: [
      "service.authType",
      "network.authType",
      "authPolicy.document",
      "listener.protocol",
      "listener.port",
    ],
    locateAt: "policy",
  },
  needs: ["listeners", "service", "serviceNetworks", "authPolicies"],
  run(topology, context) {
    const tls = topology.listeners.filter((l) => l.protocol === "TLS_PASSTHROUGH");
    if (tls.length === 0) return [];
    const onlyTls = tls.length === topology.listeners.length;
    const layers = authLayers(topology);
    const networks = layers.filter((l) => l.kind === "service-network");
    const everyNetworkDenies = networks.length > 0 && networks.every(deniesTls);
    const service = topology.service;
    const listeners = tls.map((l) => `${l.name} (${l.id}, port ${l.port})`).join(", ");
    const findings: FindingDraft[] = [];
    for (const layer of layers) {
      const policy = authenticatedOnly(layer);
      if (!policy) continue;
      const everyPath = layer.kind === "service" || everyNetworkDenies;
      const critical = onlyTls && everyPath;
      const vpcs = consumerVpcs(topology, layer);
      const added: Record<string, unknown> = {
        Sid: "AllowAnonymousTls",
        Effect: "Allow",
        Principal: "*",
        Action: CONNECT,
        Resource: [service.arn, `${service.arn}/*`],
      };
      if (vpcs.length > 0)
        added.Condition = {
          StringEquals: { "vpc-lattice-svcs:SourceVpc": vpcs.length === 1 ? vpcs[0] : vpcs },
        };
      const base = rewritePolicy(policy, () => undefined);
      const merged = { ...base, Statement: [...(base.Statement as unknown[]), added] };
      const scope = critical
        ? "every connection is denied"
        : onlyTls
          ? "connections through this network are denied"
          : "every connection to the TLS listener is denied";
      findings.push({
        severity: critical ? "critical" : "error",
        title:
          `TLS passthrough listener ${tls[0]!.name} of ${service.name} (${service.id}) can never be used: ` +
          (layer.kind === "service"
            ? "the service's auth policy"
            : `the auth policy of ${layerLabel(layer)}`) +
          ` allows only authenticated principals (${scope})`,
        detail:
          `${listeners} ${tls.length === 1 ? "is a TLS_PASSTHROUGH listener" : "are TLS_PASSTHROUGH listeners"}: Lattice ` +
          "does not terminate TLS there, sees no SigV4 signature, and treats every connection as anonymous. The auth " +
          `policy of ${layer.id} (authType AWS_IAM) has no allowing statement that admits an anonymous caller: each ` +
          "names specific principals or has a condition an anonymous caller fails (aws:PrincipalType, " +
          `aws:PrincipalOrgID …). So ${scope}` +
          (onlyTls ? "." : `; requests to the service's other listeners are not affected.`) +
          (!everyPath ? " Clients of the service's other networks are not affected." : ""),
        resource: layerResource(layer),
        evidence: [
          ...tls.map((l) => ({
            call: "vpc-lattice:GetListener",
            observed: { id: l.id, name: l.name, protocol: l.protocol, port: l.port },
          })),
          ...layerEvidence(layer),
        ],
        fix: {
          summary:
            `Add a statement allowing anonymous callers to connect${ownerNote(layer)}` +
            (vpcs.length > 0 ? `, limited to the connected VPCs (${vpcs.join(", ")})` : "") +
            "; the first command puts the current policy plus that statement. Or set the layer's authType to NONE " +
            "and rely on the VPC associations' security groups. Changes take a few minutes.",
          commands: [
            putAuthPolicyCommand(layer, merged, context),
            setAuthTypeCommand(layer, "NONE", context),
          ],
        },
        affects: [...tls.map((l) => l.id), ...layerAffects(layer, service.id)],
      });
    }
    return findings;
  },
});
