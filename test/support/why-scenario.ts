/**
 * The demo's broken account (bench/scenarios.ts brokenOrdersScenario) with a CloudWatch Logs access
 * log on orders-api holding the last minutes' requests as VPC Lattice writes them (user guide,
 * "Access log contents"): 403s the service layer denied for one role, connection failures to one
 * target for another, and successes. For `lattice why` over the wire server (e2e and README lines).
 */
import type { Scenario } from "./fake-account.js";
import { brokenOrdersScenario } from "../../bench/scenarios.js";
import type { FakeLogEvent } from "./fake/logs.js";

export const ACCOUNT = "111122223333";
export const SVC = "svc-0e5b4c6a2d1f83a97";
const SVC_ARN = `arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:service/${SVC}`;
const TG_ARN = `arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:targetgroup/tg-0a9f1e2d3c4b5a697`;
const GROUP = "/aws/vendedlogs/vpclattice/orders-api";
export const REPORTING = `arn:aws:sts::${ACCOUNT}:assumed-role/reporting-job/i-0b7e2c4d6f8a01357`;
export const BILLING = `arn:aws:sts::${ACCOUNT}:assumed-role/billing-sync/1764321612345678901`;
export const VPC = "vpc-0a7b6c5d4e3f21098";

export const README_REQUEST_ID = "3f6c1a9e-8b2d-4e57-a0c4-9d1e7f25b6a8";

function entry(i: number, at: number, fields: Record<string, unknown>): FakeLogEvent {
  const message = {
    startTime: new Date(at).toISOString(),
    // The README's example request id is the first denial's.
    requestId: i === 0 ? README_REQUEST_ID : `5e0c${String(i).padStart(4, "0")}-8b2d-4e57-a0c4-9d1e7f25b6a8`,
    serviceArn: SVC_ARN,
    serviceNetworkArn: `arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:servicenetwork/sn-0d6a9e81f2c4b7a35`,
    sourceVpcId: VPC,
    sourceIpPort: `10.20.4.${(i % 200) + 10}:5${String(i).padStart(4, "0")}`,
    protocol: "HTTP/1.1",
    hostHeader: "orders-api-0e5b4c6a2d1f83a97.7d67968.vpc-lattice-svcs.us-east-1.on.aws",
    targetIpPort: "-",
    targetGroupArn: "-",
    authDeniedReason: "-",
    failureReason: "-",
    duration: 4,
    ...fields,
  };
  return { timestamp: at, message: JSON.stringify(message) };
}

/**
 * For the auth-layers account (bench/scenarios.ts authLayersScenario): 403s the network layer denied
 * for a partner role of another account (the network admits the account's principals only), and 403s
 * the service layer denied for batch-reporter POSTing (the service lets it GET only).
 */
export function layerDenials(now: number, partner: string, batch: string): FakeLogEvent[] {
  const at = (k: number) => now - 8 * 60_000 + k * 1000;
  const denied = (i: number, k: number, layer: string, principal: string, method: string) =>
    entry(i, at(k), {
      responseCode: 403,
      authDeniedReason: layer,
      failureReason: "ClientAccessDenied",
      callerPrincipal: principal,
      requestMethod: method,
      requestPath: "/orders",
    });
  const out: FakeLogEvent[] = [];
  for (let k = 0; k < 6; k++) out.push(denied(100 + k, k, "Network", partner, "GET"));
  for (let k = 0; k < 4; k++) out.push(denied(200 + k, 10 + k, "Service", batch, "POST"));
  return out.sort((a, b) => a.timestamp - b.timestamp);
}

export function events(now: number): FakeLogEvent[] {
  const out: FakeLogEvent[] = [];
  let i = 0;
  const at = (k: number) => now - 10 * 60_000 + k * 1000;
  for (let k = 0; k < 12; k++)
    out.push(
      entry(i++, at(k), {
        responseCode: 403,
        authDeniedReason: "Service",
        failureReason: "ClientAccessDenied",
        callerPrincipal: REPORTING,
        requestMethod: "GET",
        requestPath: "/orders",
      }),
    );
  for (let k = 0; k < 5; k++)
    out.push(
      entry(i++, at(20 + k), {
        responseCode: 502,
        failureReason: "TargetConnectionError",
        callerPrincipal: BILLING,
        requestMethod: "POST",
        requestPath: "/orders/checkout",
        targetIpPort: "10.0.1.17:8080",
        targetGroupArn: TG_ARN,
        duration: 3001,
      }),
    );
  for (let k = 0; k < 7; k++)
    out.push(
      entry(i++, at(40 + k), {
        responseCode: 200,
        callerPrincipal: BILLING,
        requestMethod: "GET",
        requestPath: "/orders/7",
        targetIpPort: "10.0.1.17:8080",
        targetGroupArn: TG_ARN,
      }),
    );
  return out.sort((a, b) => a.timestamp - b.timestamp);
}

export function loggedScenario(
  logged: FakeLogEvent[],
  deny: string[] = [],
  base: Scenario = brokenOrdersScenario(),
): Scenario {
  return {
    ...base,
    accessLogSubscriptions: {
      [SVC]: [
        {
          id: "als-0c4e1a7b3d9f25e60",
          arn: `arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:accesslogsubscription/als-0c4e1a7b3d9f25e60`,
          resourceId: SVC,
          resourceArn: SVC_ARN,
          destinationArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${GROUP}`,
          createdAt: new Date("2025-10-02T08:00:00Z"),
          lastUpdatedAt: new Date("2025-10-02T08:00:00Z"),
        },
      ],
    },
    accessLogData: { logGroups: { [GROUP]: logged }, deny },
  };
}
