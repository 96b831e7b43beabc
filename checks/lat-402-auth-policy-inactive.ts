import { defineCheck, type FindingDraft } from "./define.js";
import {
  authLayers,
  layerAffects,
  layerEvidence,
  layerHop,
  layerLabel,
  layerResource,
  ownerNote,
  setAuthTypeCommand,
} from "./lib/auth-layers.js";
import { awsCli } from "./lib/commands.js";

export default defineCheck({
  code: "LAT-402",
  name: "auth-policy-inactive",
  severity: "warning",
  hop: "service",
  causes: ["LAT-606"],
  symptoms: ["403"],
  denial: "layer",
  lint: {
    judged: "file",
    scope: "any",
    reads: ["service.authType", "network.authType", "authPolicy.document"],
    locateAt: "policy",
    alternativeFixes: true,
  },
  needs: ["service"],
  // The service's own policy is judged even when its networks were not read (src/engine/run-checks.ts).
  partlyNeeds: ["serviceNetworks", "authPolicies"],
  run(topology, context) {
    return authLayers(topology)
      .filter((layer) => layer.authType === "NONE" && layer.policyText !== undefined)
      .map((layer): FindingDraft => {
        const label = layerLabel(layer);
        const capital = label.charAt(0).toUpperCase() + label.slice(1);
        return {
          hop: layerHop(layer),
          title: `${capital} has an auth policy that is not enforced: its authType is NONE`,
          detail:
            `An auth policy is stored on ${layer.id}` +
            (layer.policy?.state ? ` (state ${layer.policy.state})` : "") +
            `, but its authType is NONE, so Lattice does not evaluate it: every caller that can reach ` +
            `${layer.kind === "service" ? "the service" : "the network's services"} gets through, whatever the ` +
            "policy allows or denies.",
          resource: layerResource(layer),
          evidence: layerEvidence(layer),
          fix: {
            summary:
              `If the policy should apply, switch ${layer.id} to AWS_IAM${ownerNote(layer)}: requests must then be ` +
              "SigV4-signed unless the policy allows anonymous callers, so check first that it allows every caller " +
              "you expect (a policy that allows none denies everything). If it should not apply, delete it. " +
              "Changes take a few minutes.",
            commands: [
              setAuthTypeCommand(layer, "AWS_IAM", context),
              awsCli(`aws vpc-lattice delete-auth-policy --resource-identifier ${layer.id}`, context),
            ],
          },
          affects: layerAffects(layer, topology.service.id),
        };
      });
  },
});
