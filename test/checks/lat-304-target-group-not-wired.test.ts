import { expect } from "vitest";
import check from "../../checks/lat-304-target-group-not-wired.js";
import type { Target, TargetGroup, Topology } from "../../src/topology/types.js";
import { checkTester } from "../support/check-tester.js";
import {
  IDS,
  ROUTE_IDS,
  listener,
  rule,
  serviceArnOf,
  target,
  targetGroup,
  targetGroups,
  topology,
} from "../support/topology.js";

const unused = (overrides: Partial<Target> = {}): Target =>
  target({ status: "UNUSED", reasonCode: "TargetGroupNotInUse", ...overrides });
const second = { id: "10.0.2.27", networkInterfaceId: "eni-0f9e8d7c6b5a4f3e2" };

function only(overrides: Partial<TargetGroup>): Topology {
  return topology({ targetGroups: targetGroups(targetGroup(overrides)) });
}

/** orders-v1 on the default action, orders-v2 on the canary rule. */
function canary(v2: Partial<TargetGroup>): Topology {
  return topology({
    listeners: [listener({ rules: [rule()] })],
    targetGroups: targetGroups(
      targetGroup(),
      targetGroup({ id: IDS.targetGroup2, name: "orders-v2", ...v2 }),
    ),
  });
}

checkTester(check, {
  pass: [
    { name: "healthy service", topology: topology() },
    {
      name: "serviceArns names another service (LAT-103's)",
      topology: only({ serviceArns: [serviceArnOf(ROUTE_IDS.otherService)], targets: [unused()] }),
    },
    {
      name: "target group not ACTIVE (LAT-306's)",
      topology: only({ status: "DELETE_IN_PROGRESS", serviceArns: [], targets: [unused()] }),
    },
    {
      name: "unwired target group that no listener forwards to",
      topology: topology({
        targetGroups: targetGroups(targetGroup(), targetGroup({ id: IDS.targetGroup2, serviceArns: [] })),
      }),
    },
    {
      name: "one target UNUSED, one HEALTHY: the group is wired",
      topology: only({ targets: [unused(), target(second)] }),
    },
    { name: "no targets, serviceArns set", topology: only({ targets: [] }) },
  ],
  fail: [
    {
      name: "the only target group has empty serviceArns and UNUSED targets: critical",
      topology: only({ serviceArns: [], targets: [unused(), unused(second)] }),
      expect: {
        resource: IDS.targetGroup,
        severity: "critical",
        hop: "target-group",
        count: 1,
        titleIncludes: [
          "Target group orders-v1 (tg-0a9f1e2d3c4b5a697) is not wired to service orders-api",
          "its serviceArns is empty and all 2 targets report UNUSED (TargetGroupNotInUse)",
        ],
        detailIncludes: "The default action of listener https-443 (HTTPS:443) forwards to",
        affects: [IDS.targetGroup],
      },
      assert([f]) {
        expect(f!.evidence[0]).toMatchObject({
          call: "vpc-lattice:GetTargetGroup",
          observed: { id: IDS.targetGroup, serviceArns: [] },
        });
        expect(f!.evidence[1]).toMatchObject({
          call: "vpc-lattice:ListTargets",
          observed: {
            items: [{ status: "UNUSED", reasonCode: "TargetGroupNotInUse" }, { status: "UNUSED" }],
          },
        });
        expect(f!.fix.commands[0]).toBe(
          `aws vpc-lattice update-listener --service-identifier ${IDS.service} --listener-identifier ${IDS.listener} ` +
            `--default-action '{"forward":{"targetGroups":[{"targetGroupIdentifier":"${IDS.targetGroup}"}]}}' ` +
            "--region us-east-1 --profile oncall",
        );
      },
    },
    {
      name: "empty serviceArns only (targets not yet UNUSED)",
      topology: only({ serviceArns: [] }),
      expect: { resource: IDS.targetGroup, severity: "critical", titleIncludes: "its serviceArns is empty" },
    },
    {
      name: "canary target group's targets UNUSED: error",
      topology: canary({ targets: [unused({ id: "10.0.3.41" })] }),
      expect: {
        resource: IDS.targetGroup2,
        severity: "error",
        count: 1,
        titleIncludes: "its target reports UNUSED (TargetGroupNotInUse)",
        detailIncludes: "Rule canary (rule-0a1b2c3d4e5f6a7b8) of listener https-443",
      },
    },
    {
      name: "canary target group with empty serviceArns: error",
      topology: canary({ serviceArns: [] }),
      expect: { count: 1, resource: IDS.targetGroup2, severity: "error" },
    },
    {
      name: "both target groups unwired: every request goes to one of them, both critical",
      topology: topology({
        listeners: [listener({ rules: [rule()] })],
        targetGroups: targetGroups(
          targetGroup({ serviceArns: [] }),
          targetGroup({ id: IDS.targetGroup2, name: "orders-v2", targets: [unused({ id: "10.0.3.41" })] }),
        ),
      }),
      expect: { count: 2, severity: "critical" },
    },
  ],
});
