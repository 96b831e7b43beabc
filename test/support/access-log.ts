/**
 * Failed requests as gather reads them back from the access log (src/topology/access-log.ts), for
 * check and `lattice why` tests: principals, VPCs, request ids and target ARNs shaped like the real
 * log's (VPC Lattice user guide, "Access log contents").
 */
import type { FailedRequestGroup, FailedRequests, AccessLogSource } from "../../src/topology/access-log.js";
import type { Topology } from "../../src/topology/types.js";
import { ACCOUNT, IDS, REGION } from "./topology.js";
import { signals, TG_ARN, withSignals, WINDOW } from "./signals.js";

export const REPORTING_ROLE = `arn:aws:sts::${ACCOUNT}:assumed-role/reporting-job/i-0b7e2c4d6f8a01357`;
export const BILLING_ROLE = `arn:aws:sts::${ACCOUNT}:assumed-role/billing-sync/1764321612345678901`;
export const LOG_GROUP_ARN = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/vendedlogs/vpclattice/orders-api`;

export function logSource(overrides: Partial<AccessLogSource> = {}): AccessLogSource {
  return {
    subscriptionId: "als-0c4e1a7b3d9f25e60",
    resourceId: IDS.service,
    destinationArn: LOG_GROUP_ARN,
    kind: "cloudwatch-logs",
    status: "read",
    scanned: 1840,
    matched: 260,
    truncated: false,
    ...overrides,
  };
}

/** A group keyed as gather keys it: status|reason|principal|sourceVpc|target. */
export function group(overrides: Partial<FailedRequestGroup> = {}): FailedRequestGroup {
  const g: FailedRequestGroup = {
    key: "",
    responseCode: 403,
    authDeniedReason: "Service",
    failureReason: "ClientAccessDenied",
    callerPrincipal: REPORTING_ROLE,
    sourceVpcId: IDS.consumerVpc,
    requestMethod: "GET",
    requestPath: "/orders",
    count: 212,
    firstSeen: "2025-11-28T09:20:03.114Z",
    lastSeen: "2025-11-28T09:29:57.902Z",
    sampleRequestIds: ["3f6c1a9e-8b2d-4e57-a0c4-9d1e7f25b6a8", "b1d04e7a-52c9-4f3e-8a61-0e9c7d2f4b13"],
    ...overrides,
  };
  for (const k of Object.keys(g) as (keyof FailedRequestGroup)[]) if (g[k] === undefined) delete g[k];
  const reason = g.authDeniedReason ?? g.failureReason ?? "-";
  g.key ||= [
    g.responseCode,
    reason,
    g.callerPrincipal ?? "-",
    g.sourceVpcId ?? "-",
    g.targetIpPort ?? "-",
  ].join("|");
  return g;
}

/** A connection failure to one target of the default target group. */
export function targetGroupFailure(overrides: Partial<FailedRequestGroup> = {}): FailedRequestGroup {
  return group({
    authDeniedReason: undefined,
    responseCode: 502,
    failureReason: "TargetConnectionError",
    callerPrincipal: BILLING_ROLE,
    targetIpPort: "10.0.1.23:8080",
    targetGroupArn: TG_ARN,
    requestMethod: "POST",
    requestPath: "/orders/checkout",
    count: 48,
    sampleRequestIds: ["7a2e9c41-d3b8-4f06-9e15-c8a4b2d07f93"],
    ...overrides,
  });
}

export function failedRequests(
  groups: FailedRequestGroup[],
  overrides: Partial<FailedRequests> = {},
): FailedRequests {
  return {
    window: { start: WINDOW.start, end: WINDOW.end },
    sources: [logSource()],
    groups,
    total: groups.reduce((n, g) => n + g.count, 0),
    ...overrides,
  };
}

/** The default topology whose access log read these failed requests. */
export function withFailedRequests(failed: FailedRequests, rest: Partial<Topology> = {}): Topology {
  return withSignals({ failedRequests: failed }, rest);
}

export { signals, TG_ARN };
