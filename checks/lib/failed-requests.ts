/**
 * What a group of failed requests says about the request path, and which findings can explain it
 * (LAT-606's `explainedBy`). The reading itself lives in src/topology/failed-request-reading.ts:
 * `lattice why` reads groups the same way.
 */
import type { CheckMeta } from "../define.js";
import type { Finding } from "../define.js";
import { kindOf, type FailureKind } from "../../src/topology/failed-request-reading.js";

export * from "../../src/topology/failed-request-reading.js";

const NOT_FOUND_CODES = /^LAT-(101|102|201|202|205|206)$/;
const TARGET_CODES = /^LAT-(30[1236]|50[1237])$/;

function onNetwork(f: Pick<Finding, "hop" | "resource">): boolean {
  return f.hop === "service-network" || f.resource.type === "service-network";
}

/** Whether a finding (with its check's denial role) can explain a group that failed this way. */
export function explainsKind(
  cause: Pick<Finding, "code" | "hop" | "resource">,
  causeMeta: Pick<CheckMeta, "denial"> | undefined,
  kind: FailureKind,
): boolean {
  const layer = causeMeta?.denial === "layer";
  const identity = causeMeta?.denial === "identity";
  switch (kind) {
    case "denied-service":
      return layer && !onNetwork(cause);
    case "denied-network":
      return layer && onNetwork(cause);
    case "denied-identity":
      return identity;
    case "denied":
      return layer || identity;
    case "not-found":
      return NOT_FOUND_CODES.test(cause.code);
    case "target":
      return TARGET_CODES.test(cause.code);
    default:
      return false;
  }
}

/** LAT-606's `explainedBy`: the cause explains the group only when it can explain how it failed. */
export function explainsGroup(
  cause: Pick<Finding, "code" | "hop" | "resource">,
  causeMeta: Pick<CheckMeta, "denial"> | undefined,
  effect: Pick<Finding, "affects">,
): boolean {
  const kind = kindOf(effect.affects);
  return kind !== undefined && explainsKind(cause, causeMeta, kind);
}
