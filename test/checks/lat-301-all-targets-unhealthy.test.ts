import { expect } from "vitest";
import check from "../../checks/lat-301-all-targets-unhealthy.js";
import type { Target, Topology } from "../../src/topology/types.js";
import { checkTester } from "../support/check-tester.js";
import {
  IDS,
  fixedResponse,
  forward,
  lambdaTargetGroup,
  listener,
  rule,
  target,
  targetGroup,
  targetGroups,
  topology,
} from "../support/topology.js";

const unhealthy = (overrides: Partial<Target> = {}): Target =>
  target({ status: "UNHEALTHY", reasonCode: "HealthCheckFailed", ...overrides });
const second = { id: "10.0.2.27", networkInterfaceId: "eni-0f9e8d7c6b5a4f3e2" };

function withTargets(...targets: Target[]): Topology {
  return topology({ targetGroups: targetGroups(targetGroup({ targets })) });
}

/** orders-v1 on the default action, orders-v2 on a canary rule. */
function canary(v1: Target[], v2: Target[]): Topology {
  return topology({
    listeners: [listener({ rules: [rule()] })],
    targetGroups: targetGroups(
      targetGroup({ targets: v1 }),
      targetGroup({ id: IDS.targetGroup2, name: "orders-v2", targets: v2 }),
    ),
  });
}

checkTester(check, {
  pass: [
    { name: "all targets healthy", topology: topology() },
    { name: "some targets unhealthy (LAT-302)", topology: withTargets(unhealthy(), target(second)) },
    {
      name: "health checks disabled: UNAVAILABLE",
      topology: withTargets(target({ status: "UNAVAILABLE" }), target({ ...second, status: "UNAVAILABLE" })),
    },
    {
      name: "targets still INITIAL",
      topology: withTargets(target({ status: "INITIAL" }), unhealthy(second)),
    },
    { name: "no targets registered (LAT-303)", topology: withTargets() },
    {
      name: "targets not read: nothing to judge",
      topology: topology({ targetGroups: targetGroups(targetGroup({ targets: undefined })) }),
    },
    {
      name: "LAMBDA target reports UNAVAILABLE/HealthCheckNotSupported",
      topology: topology({
        listeners: [listener({ defaultAction: forward(IDS.targetGroup2) })],
        targetGroups: targetGroups(lambdaTargetGroup()),
      }),
    },
    {
      name: "an unhealthy target group no listener forwards to",
      topology: topology({
        targetGroups: targetGroups(
          targetGroup(),
          targetGroup({ id: IDS.targetGroup2, targets: [unhealthy()] }),
        ),
      }),
    },
  ],
  fail: [
    {
      name: "every target of the only target group UNHEALTHY: critical",
      topology: withTargets(unhealthy(), unhealthy(second)),
      expect: {
        resource: IDS.targetGroup,
        severity: "critical",
        count: 1,
        titleIncludes: [
          "All 2 targets of target group orders-v1 (tg-0a9f1e2d3c4b5a697) are UNHEALTHY (HealthCheckFailed)",
          "every request",
        ],
        detailIncludes: ["fails open", "round-robins", "path /healthz"],
        affects: [IDS.targetGroup],
      },
      assert([f]) {
        expect(f!.evidence[0]).toEqual({
          call: "vpc-lattice:ListTargets",
          observed: {
            targetGroupIdentifier: IDS.targetGroup,
            items: [
              { id: "10.0.1.15", port: 8080, status: "UNHEALTHY", reasonCode: "HealthCheckFailed" },
              { id: "10.0.2.27", port: 8080, status: "UNHEALTHY", reasonCode: "HealthCheckFailed" },
            ],
          },
        });
        expect(f!.evidence[1]!.observed).toMatchObject({
          config: { healthCheck: { path: "/healthz", port: 8080 } },
        });
        expect(f!.fix.commands[0]).toBe(
          `aws vpc-lattice list-targets --target-group-identifier ${IDS.targetGroup} --region us-east-1 --profile oncall`,
        );
        expect(f!.fix.commands).toContain(
          `aws ec2 describe-security-group-rules --filters Name=group-id,Values=${IDS.securityGroup} --region us-east-1 --profile oncall`,
        );
      },
    },
    {
      name: "a single unhealthy target",
      topology: withTargets(unhealthy({ reasonCode: undefined })),
      context: { profile: undefined },
      expect: {
        resource: IDS.targetGroup,
        severity: "critical",
        titleIncludes: "The only target of target group orders-v1",
      },
    },
    {
      name: "target group only on a canary rule: error, not critical",
      topology: canary([target()], [unhealthy()]),
      expect: { resource: IDS.targetGroup2, severity: "error", count: 1, detailIncludes: "rule canary" },
    },
    {
      name: "default action's target group down, canary healthy: error",
      topology: canary([unhealthy(), unhealthy(second)], [target()]),
      expect: { resource: IDS.targetGroup, severity: "error", count: 1 },
    },
    {
      name: "both target groups of the service down: both critical",
      topology: canary([unhealthy()], [unhealthy({ id: "10.0.3.41" })]),
      expect: { count: 2, severity: "critical" },
    },
    {
      name: "fixed-response default action, the only forward rule's target group down: critical",
      topology: topology({
        listeners: [
          listener({
            defaultAction: fixedResponse(404),
            rules: [rule({ action: forward(IDS.targetGroup) })],
          }),
        ],
        targetGroups: targetGroups(targetGroup({ targets: [unhealthy()] })),
      }),
      expect: { resource: IDS.targetGroup, severity: "critical" },
    },
    {
      name: "a weight-0 target group receives nothing: error",
      topology: topology({
        listeners: [
          listener({
            defaultAction: forward({ id: IDS.targetGroup, weight: 100 }, { id: IDS.targetGroup2, weight: 0 }),
          }),
        ],
        targetGroups: targetGroups(
          targetGroup(),
          targetGroup({ id: IDS.targetGroup2, name: "orders-v2", targets: [unhealthy()] }),
        ),
      }),
      expect: { resource: IDS.targetGroup2, severity: "error" },
    },
  ],
});
