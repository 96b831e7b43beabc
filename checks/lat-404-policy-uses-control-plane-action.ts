import { defineCheck, type FindingDraft } from "./define.js";
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
  serviceActions,
} from "./lib/auth-layers.js";
import {
  controlPlaneActions,
  describeStatement,
  isAllow,
  isControlPlaneAction,
  parsePolicy,
  rewritePolicy,
  statementMatchesDataPlane,
} from "./lib/auth-policy.js";

export default defineCheck({
  code: "LAT-404",
  name: "policy-uses-control-plane-action",
  severity: "error",
  hop: "service",
  causes: ["LAT-606"],
  symptoms: ["403"],
  denial: "layer",
  lint: {
    judged: "file",
    scope: "any",
    reads: ["service.authType", "network.authType", "authPolicy.document"],
    locateAt: "policy",
  },
  needs: ["service", "serviceNetworks", "authPolicies"],
  run(topology, context) {
    const replacement = serviceActions(topology);
    const findings: FindingDraft[] = [];
    for (const layer of authLayers(topology)) {
      const policy = parsePolicy(layer.policyText);
      if (!policy) continue; // none, or unreadable: not this code's business
      const allows = policy.statements.filter(isAllow);
      const offending = allows.filter(
        (st) => controlPlaneActions(st).length > 0 && !statementMatchesDataPlane(st),
      );
      if (offending.length === 0) continue;
      const anyMatches = allows.some(statementMatchesDataPlane);
      // A network's policy blocks only the clients of that network when the service is in others too.
      const onlyPath = layer.kind === "service" || Object.keys(topology.serviceNetworks).length === 1;
      const severity = !isIam(layer) ? "warning" : anyMatches || !onlyPath ? "error" : "critical";
      const label = layerLabel(layer);
      const which = offending.map(
        (st) => `${describeStatement(st)} allows ${controlPlaneActions(st).join(", ")}`,
      );
      const effect = !isIam(layer)
        ? `The layer's authType is NONE, so the policy is not evaluated yet; switched to AWS_IAM, it would deny ` +
          (anyMatches ? "those statements' callers." : "every request.")
        : anyMatches
          ? "Callers that only those statements allow are denied (403); other statements still allow theirs."
          : "No statement of the policy allows vpc-lattice-svcs:Invoke or Connect, and the layer's authType is " +
            (onlyPath
              ? "AWS_IAM, so every request is denied (403)."
              : "AWS_IAM, so every request through this network is denied (403); clients of the service's other networks are not affected.");
      const offendingIndexes = new Set(offending.map((st) => st.index));
      const corrected = rewritePolicy(policy, (st) => {
        if (!offendingIndexes.has(st.index)) return undefined;
        const kept = (st.actions ?? []).filter((a) => !isControlPlaneAction(a));
        const actions = [...(Array.isArray(replacement) ? replacement : [replacement]), ...kept];
        return { ...st.raw, Action: actions.length === 1 ? actions[0] : actions };
      });
      findings.push({
        severity,
        hop: layerHop(layer),
        title:
          `The auth policy of ${label} allows control-plane actions (vpc-lattice:…) instead of ` +
          `vpc-lattice-svcs:Invoke: ${severity === "critical" ? "every request is denied (403)" : "it matches no request"}`,
        detail:
          `${which.join("; ")}. Requests to a Lattice service are authorised as vpc-lattice-svcs:Invoke (or Connect ` +
          `for TLS passthrough); vpc-lattice:… are control-plane API actions that no request performs. ${effect}`,
        resource: layerResource(layer),
        evidence: layerEvidence(layer),
        fix: {
          summary:
            `Put the policy again with ${Array.isArray(replacement) ? replacement.join(" and ") : replacement} ` +
            `instead of the vpc-lattice:… actions${ownerNote(layer)}; the command below keeps every other part of ` +
            "the current policy. Changes take a few minutes.",
          commands: [putAuthPolicyCommand(layer, corrected, context)],
        },
        affects: layerAffects(layer, topology.service.id),
      });
    }
    return findings;
  },
});
