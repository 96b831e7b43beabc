/**
 * Which findings explain a LAT-606 group of failed requests (issue 17). CAUSES (rank.ts) says which
 * codes can, `affects` which resources they share; this narrows by how the group failed, read from
 * the kind marker the check put in its `affects` (checks/lib/failed-requests.ts): a 403 the log says
 * the network denied is explained by the network's auth-policy findings only, an identity denial by
 * LAT-409 only, a 404 by the association findings, a target failure by the target-group findings.
 */
import type { Finding } from "../../checks/define.js";
import { kindOf, type FailureKind } from "../../checks/lib/failed-requests.js";

/** Auth-policy findings that can deny a request at a layer (LAT-401–405, LAT-408). */
const LAYER_CODES = /^LAT-40[1-58]$/;
const NOT_FOUND_CODES = /^LAT-(101|102|201|202|205|206)$/;
const TARGET_CODES = /^LAT-(30[1236]|50[1237])$/;

function onNetwork(f: Pick<Finding, "hop" | "resource">): boolean {
  return f.hop === "service-network" || f.resource.type === "service-network";
}

export function explainsKind(cause: Pick<Finding, "code" | "hop" | "resource">, kind: FailureKind): boolean {
  switch (kind) {
    case "denied-service":
      return LAYER_CODES.test(cause.code) && !onNetwork(cause);
    case "denied-network":
      return LAYER_CODES.test(cause.code) && onNetwork(cause);
    case "denied-identity":
      return cause.code === "LAT-409";
    case "denied":
      return LAYER_CODES.test(cause.code) || cause.code === "LAT-409";
    case "not-found":
      return NOT_FOUND_CODES.test(cause.code);
    case "target":
      return TARGET_CODES.test(cause.code);
    default:
      return false;
  }
}

/** True unless `effect` is a LAT-606 group that `cause` cannot explain. */
export function explainsGroup(
  cause: Pick<Finding, "code" | "hop" | "resource">,
  effect: Pick<Finding, "code" | "affects">,
): boolean {
  if (effect.code !== "LAT-606") return true;
  const kind = kindOf(effect.affects);
  return kind !== undefined && explainsKind(cause, kind);
}

/** The codes whose findings can explain a LAT-606 group (merged into rank.ts CAUSES). */
export const GROUP_CAUSES = [
  "LAT-101",
  "LAT-102",
  "LAT-201",
  "LAT-202",
  "LAT-205",
  "LAT-206",
  "LAT-301",
  "LAT-302",
  "LAT-303",
  "LAT-306",
  "LAT-401",
  "LAT-402",
  "LAT-403",
  "LAT-404",
  "LAT-405",
  "LAT-408",
  "LAT-409",
  "LAT-501",
  "LAT-502",
  "LAT-503",
  "LAT-507",
] as const;
