/**
 * What a group of failed requests read back from the access log says about the request path (issue
 * 17): the hop that failed it, in the on-call engineer's words, and the `affects` keys that tie it to
 * the findings that can cause it (the failed-requests check's `explainedBy` reads them back).
 *
 * Field meanings are the access log's, from the VPC Lattice user guide, "Access logs for Amazon VPC
 * Lattice" → "Access log contents" and "Troubleshoot access logs": `authDeniedReason` names the auth
 * layer that denied (Service / Network / Identity); `failureReason` says what failed
 * (TargetConnectionError, TargetDataTimeout, ClientAccessDenied …); a 404 means the service does not
 * exist or is not registered to the service network of the client's VPC.
 */
import type { Hop } from "../core/finding.js";
import { symptomKey } from "../core/affects.js";
import { targetGroupIdOf as tgIdOf } from "../core/util/arn.js";
import type { FailedRequestGroup } from "./access-log.js";
import type { Topology } from "./types.js";

/** How a group failed, coarsely: which findings can explain it. */
export type FailureKind =
  | "denied-service"
  | "denied-network"
  | "denied-identity"
  | "denied"
  | "not-found"
  | "target"
  | "client"
  | "lattice";

/** The `affects` marker of a failed-requests finding: `failed-requests:<kind>`. Not part of the JSON contract. */
export const KIND_MARKER = "failed-requests:";

export interface GroupReading {
  kind: FailureKind;
  hop: Hop;
  /** What failed, for a title: `the service's auth policy denied them`. */
  failedAt: string;
  /** The target group id, when the log names one. */
  targetGroupId?: string;
}

/** `arn:…:targetgroup/tg-…` → `tg-…`; undefined when the log names none. */
export function targetGroupIdOf(arn: string | undefined): string | undefined {
  return arn ? tgIdOf(arn) : undefined;
}

const TARGET_REASONS = new Set([
  "TargetConnectionError",
  "TargetDataTimeout",
  "TargetConnectionClosed",
  "TargetProtocolError",
]);

/** The target failure reasons that are connection failures (the `connection` alarm/metric symptom). */
const CONNECTION_REASONS = new Set(["TargetConnectionError", "TargetDataTimeout"]);

export function readGroup(group: FailedRequestGroup): GroupReading {
  const tg = targetGroupIdOf(group.targetGroupArn);
  const withTg = tg ? { targetGroupId: tg } : {};
  switch (group.authDeniedReason) {
    case "Service":
      return { kind: "denied-service", hop: "service", failedAt: "the service's auth policy denied them" };
    case "Network":
      return {
        kind: "denied-network",
        hop: "service-network",
        failedAt: "the service network's auth policy denied them",
      };
    case "Identity":
      return {
        kind: "denied-identity",
        hop: "client",
        failedAt: "the caller's own IAM policies do not allow vpc-lattice-svcs:Invoke",
      };
  }
  const reason = group.failureReason;
  if (reason && TARGET_REASONS.has(reason))
    return { kind: "target", hop: "targets", failedAt: targetFailure(reason), ...withTg };
  if (group.responseCode === 403 || reason === "ClientAccessDenied")
    return {
      kind: "denied",
      hop: "service",
      failedAt: "an auth policy denied them (the log names no layer)",
    };
  if (reason === "ClientConnectionClosed" || reason === "ClientProtocolError")
    return { kind: "client", hop: "client", failedAt: clientFailure(reason) };
  if (group.responseCode === 404)
    return {
      kind: "not-found",
      hop: "service-association",
      failedAt: "no service answers this name on the client's service network",
    };
  if (group.responseCode >= 500 && tg)
    return { kind: "target", hop: "targets", failedAt: "the target answered with an error", ...withTg };
  if (group.responseCode >= 400 && group.responseCode < 500 && !reason)
    return { kind: "client", hop: "client", failedAt: "Lattice rejected the request as malformed" };
  return {
    kind: "lattice",
    hop: "service",
    failedAt: reason ? `VPC Lattice failed them (${reason})` : "VPC Lattice failed them",
  };
}

function targetFailure(reason: string): string {
  switch (reason) {
    case "TargetConnectionError":
      return "Lattice could not connect to the target";
    case "TargetDataTimeout":
      return "the target did not answer in time";
    case "TargetConnectionClosed":
      return "the target closed the connection";
    default:
      return "the target broke the protocol";
  }
}

function clientFailure(reason: string): string {
  return reason === "ClientConnectionClosed"
    ? "the client closed the connection first"
    : "the client broke the protocol";
}

/**
 * The ids a failed-requests finding affects: the ones the findings that can cause the group name (a layer's
 * network or the service; the target group and its connection / 5xx symptom keys) and its kind marker.
 */
export function groupAffects(group: FailedRequestGroup, reading: GroupReading, topology: Topology): string[] {
  const service = topology.service.id;
  const marker = `${KIND_MARKER}${reading.kind}`;
  switch (reading.kind) {
    case "denied-network":
      return [marker, service, symptomKey(service, "403"), ...Object.keys(topology.serviceNetworks)];
    case "denied-service":
    case "denied-identity":
    case "denied":
      return [marker, service, symptomKey(service, "403")];
    case "not-found":
      return [marker, service, ...(group.sourceVpcId ? [group.sourceVpcId] : [])];
    case "target": {
      const tg = reading.targetGroupId;
      if (!tg) return [marker, service];
      const symptoms = [
        ...(CONNECTION_REASONS.has(group.failureReason ?? "") ? [symptomKey(tg, "connection")] : []),
        symptomKey(tg, "5xx"),
      ];
      return [marker, tg, ...symptoms];
    }
    default:
      return [marker, service];
  }
}

/** The kind a failed-requests finding's affects carry, if any. */
export function kindOf(affects: readonly string[] | undefined): FailureKind | undefined {
  const marker = affects?.find((a) => a.startsWith(KIND_MARKER));
  return marker ? (marker.slice(KIND_MARKER.length) as FailureKind) : undefined;
}

/** What the group is, in a few words: `403 (authDeniedReason Service)`, `502 TargetConnectionError`. */
export function statusLabel(group: FailedRequestGroup): string {
  const reason = group.authDeniedReason
    ? `authDeniedReason ${group.authDeniedReason}`
    : (group.failureReason ?? "");
  return reason ? `${group.responseCode} ${reason}` : String(group.responseCode);
}
