/**
 * Target health as ListTargets and GetTargetGroup report it: which target groups Lattice health-checks,
 * whether a check is on, which statuses are failures, and the evidence to quote.
 *
 * - LAMBDA and ALB target groups have no Lattice health checks; their targets report UNAVAILABLE with
 *   `HealthCheckNotSupported`, which is not a failure.
 * - UNAVAILABLE on an INSTANCE/IP target group means health checks are off: not a failure either.
 * - INITIAL is transient (the first check is in progress).
 * - Only UNHEALTHY is a health failure.
 */
import type { HealthCheck, Target, TargetGroup } from "../../src/topology/types.js";
import type { CheckContext } from "../define.js";
import { awsCli } from "./commands.js";

/** INSTANCE and IP target groups: the only types Lattice health-checks. */
export function isHealthCheckable(tg: Pick<TargetGroup, "type">): boolean {
  const type = tg.type.toUpperCase();
  return type === "INSTANCE" || type === "IP";
}

/** LAMBDA and ALB target groups: Lattice never runs a health check on them. */
export function isHealthCheckUnsupported(tg: Pick<TargetGroup, "type">): boolean {
  const type = tg.type.toUpperCase();
  return type === "LAMBDA" || type === "ALB";
}

/**
 * Health checks off on an INSTANCE/IP target group: no `healthCheck` configuration, or
 * `healthCheck.enabled` false. An absent `enabled` inside a configuration is not judged off (the API
 * always returns it; we do not guess the per-protocol default). False for LAMBDA/ALB (not applicable).
 */
export function healthChecksOff(tg: Pick<TargetGroup, "type" | "healthCheck">): boolean {
  if (!isHealthCheckable(tg)) return false;
  return tg.healthCheck === undefined || tg.healthCheck.enabled === false;
}

/** Health checks on (the opposite of `healthChecksOff`) on an INSTANCE/IP target group. */
export function healthChecksOn(tg: Pick<TargetGroup, "type" | "healthCheck">): boolean {
  return isHealthCheckable(tg) && !healthChecksOff(tg);
}

/** A target that failed its health check. UNAVAILABLE, INITIAL, DRAINING, UNUSED are not failures. */
export function isUnhealthy(target: Pick<Target, "status">): boolean {
  return target.status.toUpperCase() === "UNHEALTHY";
}

export function isDraining(target: Pick<Target, "status">): boolean {
  return target.status.toUpperCase() === "DRAINING";
}

/**
 * The port the health check probes when it is set explicitly (`healthCheck.port` > 0), else undefined
 * (the check then probes each target's traffic port).
 */
export function explicitHealthCheckPort(hc: HealthCheck | undefined): number | undefined {
  return hc?.port !== undefined && hc.port > 0 ? hc.port : undefined;
}

/** The port a target receives traffic on: its registered port, else the target group's port. */
export function trafficPort(tg: Pick<TargetGroup, "port">, target: Pick<Target, "port">): number | undefined {
  return target.port ?? tg.port;
}

/**
 * The health check still uses the defaults a person would likely have changed: path `/` (or absent)
 * and matcher `200` (or absent). A heuristic: many applications do not serve 200 on `/`.
 */
export function usesDefaultPathAndMatcher(hc: HealthCheck | undefined): boolean {
  const path = hc?.path?.trim();
  const code = hc?.matcher?.httpCode?.replace(/\s+/g, "");
  return (path === undefined || path === "" || path === "/") && (code === undefined || code === "200");
}

/** `HTTP port 8081, path /, expecting 200`: how a person reads a health check. */
export function describeHealthCheck(tg: Pick<TargetGroup, "healthCheck" | "port" | "protocol">): string {
  const hc = tg.healthCheck;
  if (!hc) return "no health-check configuration";
  if (hc.enabled === false) return "health checks disabled";
  const port = explicitHealthCheckPort(hc) ?? tg.port;
  const parts = [
    `${hc.protocol ?? tg.protocol ?? "HTTP"}${port !== undefined ? ` port ${port}` : ""}`,
    `path ${hc.path ?? "/"}`,
    `expecting ${hc.matcher?.httpCode ?? "200"}`,
  ];
  return parts.join(", ");
}

/** A ListTargets item as evidence: only the fields the API returned, under their API names. */
export function targetItem(target: Target): Record<string, unknown> {
  const item: Record<string, unknown> = { id: target.id };
  if (target.port !== undefined) item.port = target.port;
  item.status = target.status;
  if (target.reasonCode !== undefined) item.reasonCode = target.reasonCode;
  return item;
}

/** `vpc-lattice:ListTargets` evidence for `targets` (default: all of the target group's). */
export function listTargetsEvidence(
  tg: TargetGroup,
  targets: readonly Target[] = tg.targets ?? [],
): { call: string; observed: Record<string, unknown> } {
  return {
    call: "vpc-lattice:ListTargets",
    observed: { targetGroupIdentifier: tg.id, items: targets.map(targetItem) },
  };
}

/** `vpc-lattice:GetTargetGroup` evidence: type, status and the config fields that matter for health. */
export function getTargetGroupEvidence(tg: TargetGroup): { call: string; observed: Record<string, unknown> } {
  const config: Record<string, unknown> = {};
  if (tg.port !== undefined) config.port = tg.port;
  if (tg.protocol !== undefined) config.protocol = tg.protocol;
  if (tg.protocolVersion !== undefined) config.protocolVersion = tg.protocolVersion;
  if (tg.ipAddressType !== undefined) config.ipAddressType = tg.ipAddressType;
  config.healthCheck = tg.healthCheck ?? null;
  return {
    call: "vpc-lattice:GetTargetGroup",
    observed: { id: tg.id, name: tg.name, type: tg.type, status: tg.status, config },
  };
}

/**
 * The `--health-check` JSON that turns health checks on for `tg`, keeping what is already set:
 * protocol (HTTPS stays HTTPS), protocol version (HTTP2/GRPC target groups are checked over HTTP2),
 * port, path and matcher.
 */
export function enableHealthCheckJson(tg: TargetGroup): string {
  const hc = tg.healthCheck ?? {};
  const version = (tg.protocolVersion ?? "HTTP1").toUpperCase();
  const config = {
    enabled: true,
    protocol: hc.protocol ?? (tg.protocol?.toUpperCase() === "HTTPS" ? "HTTPS" : "HTTP"),
    protocolVersion: hc.protocolVersion ?? (version === "HTTP1" ? "HTTP1" : "HTTP2"),
    port: explicitHealthCheckPort(hc) ?? tg.port,
    path: hc.path ?? "/",
    matcher: { httpCode: hc.matcher?.httpCode ?? "200" },
  };
  return JSON.stringify(config);
}

/** The reads that show why targets fail: their health, the check, and their security groups' rules. */
export function investigateTargetsCommands(
  tg: TargetGroup,
  targets: readonly Target[],
  context: CheckContext,
): string[] {
  const securityGroups = [...new Set(targets.flatMap((t) => t.securityGroupIds ?? []))];
  const commands = [
    awsCli(`aws vpc-lattice list-targets --target-group-identifier ${tg.id}`, context),
    awsCli(`aws vpc-lattice get-target-group --target-group-identifier ${tg.id}`, context),
  ];
  if (securityGroups.length > 0) {
    commands.push(
      awsCli(
        `aws ec2 describe-security-group-rules --filters Name=group-id,Values=${securityGroups.join(",")}`,
        context,
      ),
    );
  }
  return commands;
}
