import { expect } from "vitest";
import check from "../../checks/lat-306-target-group-not-active.js";
import type { TargetGroup, Topology } from "../../src/topology/types.js";
import { checkTester } from "../support/check-tester.js";
import { IDS, forward, listener, rule, targetGroup, targetGroups, topology } from "../support/topology.js";

function only(overrides: Partial<TargetGroup>): Topology {
  return topology({ targetGroups: targetGroups(targetGroup(overrides)) });
}

function canary(v1: Partial<TargetGroup>, v2: Partial<TargetGroup>): Topology {
  return topology({
    listeners: [listener({ rules: [rule()] })],
    targetGroups: targetGroups(
      targetGroup(v1),
      targetGroup({ id: IDS.targetGroup2, name: "orders-v2", ...v2 }),
    ),
  });
}

checkTester(check, {
  pass: [
    { name: "ACTIVE target group", topology: topology() },
    {
      name: "a failed target group no listener forwards to",
      topology: topology({
        targetGroups: targetGroups(
          targetGroup(),
          targetGroup({ id: IDS.targetGroup2, status: "CREATE_FAILED" }),
        ),
      }),
    },
    { name: "status not returned (UNKNOWN)", topology: only({ status: "UNKNOWN" }) },
  ],
  fail: [
    {
      name: "the only target group CREATE_FAILED: critical, reason shown",
      topology: only({
        status: "CREATE_FAILED",
        failureCode: "VPC_NOT_FOUND",
        failureMessage: "The VPC vpc-0a1b2c3d4e5f60718 does not exist",
        targets: [],
      }),
      expect: {
        resource: IDS.targetGroup,
        severity: "critical",
        hop: "target-group",
        count: 1,
        titleIncludes: [
          "Target group orders-v1 (tg-0a9f1e2d3c4b5a697) is CREATE_FAILED, not ACTIVE",
          "VPC_NOT_FOUND: The VPC vpc-0a1b2c3d4e5f60718 does not exist",
          "every request fails",
        ],
        affects: [IDS.targetGroup],
      },
      assert([f]) {
        expect(f!.evidence[0]).toMatchObject({
          call: "vpc-lattice:GetTargetGroup",
          observed: { id: IDS.targetGroup, status: "CREATE_FAILED", failureCode: "VPC_NOT_FOUND" },
        });
        expect(f!.fix.commands).toContain(
          `aws vpc-lattice create-target-group --name orders-v1-2 --type IP --config ` +
            `'{"port":8080,"protocol":"HTTP","protocolVersion":"HTTP1","ipAddressType":"IPV4","vpcIdentifier":"${IDS.vpc}"}' ` +
            "--region us-east-1 --profile oncall",
        );
        expect(f!.fix.commands.at(-1)).toBe(
          `aws vpc-lattice update-listener --service-identifier ${IDS.service} --listener-identifier ${IDS.listener} ` +
            `--default-action '{"forward":{"targetGroups":[{"targetGroupIdentifier":"<new-tg-id>"}]}}' ` +
            "--region us-east-1 --profile oncall",
        );
      },
    },
    {
      name: "canary target group DELETE_IN_PROGRESS: error",
      topology: canary({}, { status: "DELETE_IN_PROGRESS" }),
      expect: {
        resource: IDS.targetGroup2,
        severity: "error",
        count: 1,
        detailIncludes: ["is being deleted", "rule canary"],
      },
    },
    {
      name: "CREATE_IN_PROGRESS on the only target group: critical, wait",
      topology: only({ status: "CREATE_IN_PROGRESS" }),
      context: { profile: undefined },
      expect: { resource: IDS.targetGroup, severity: "critical" },
      assert([f]) {
        expect(f!.fix.commands).toEqual([
          `aws vpc-lattice get-target-group --target-group-identifier ${IDS.targetGroup} --region us-east-1`,
        ]);
      },
    },
    {
      name: "weight-0 target group not ACTIVE: error",
      topology: topology({
        listeners: [
          listener({
            defaultAction: forward({ id: IDS.targetGroup, weight: 100 }, { id: IDS.targetGroup2, weight: 0 }),
          }),
        ],
        targetGroups: targetGroups(
          targetGroup(),
          targetGroup({ id: IDS.targetGroup2, name: "orders-v2", status: "DELETE_FAILED" }),
        ),
      }),
      expect: { resource: IDS.targetGroup2, severity: "error" },
    },
  ],
});
