import { expect } from "vitest";
import check from "../../checks/lat-303-no-targets-registered.js";
import { checkTester } from "../support/check-tester.js";
import {
  IDS,
  forward,
  lambdaTargetGroup,
  listener,
  rule,
  targetGroup,
  targetGroups,
  topology,
} from "../support/topology.js";

checkTester(check, {
  pass: [
    { name: "targets registered", topology: topology() },
    {
      name: "ListTargets failed: not judged",
      topology: topology({ targetGroups: targetGroups(targetGroup({ targets: undefined })) }),
    },
    {
      name: "an empty target group no listener forwards to is not in use",
      topology: topology({
        targetGroups: targetGroups(targetGroup(), targetGroup({ id: IDS.targetGroup2, targets: [] })),
      }),
    },
    {
      name: "LAMBDA target group with its function (UNAVAILABLE, HealthCheckNotSupported)",
      topology: topology({
        listeners: [listener({ defaultAction: forward(IDS.targetGroup2) })],
        targetGroups: targetGroups(lambdaTargetGroup()),
      }),
    },
  ],
  fail: [
    {
      name: "the only target group is empty: critical",
      topology: topology({ targetGroups: targetGroups(targetGroup({ targets: [] })) }),
      expect: {
        resource: IDS.targetGroup,
        severity: "critical",
        hop: "target-group",
        count: 1,
        titleIncludes: "has no targets registered: every request fails",
        affects: [IDS.targetGroup],
      },
      assert([f]) {
        expect(f!.fix.commands[0]).toBe(
          `aws vpc-lattice register-targets --target-group-identifier ${IDS.targetGroup} --targets 'id=<private-ip>,port=8080' --region us-east-1 --profile oncall`,
        );
      },
    },
    {
      name: "an empty canary target group: error",
      topology: topology({
        listeners: [listener({ rules: [rule()] })],
        targetGroups: targetGroups(
          targetGroup(),
          targetGroup({ id: IDS.targetGroup2, name: "orders-v2", targets: [] }),
        ),
      }),
      expect: { resource: IDS.targetGroup2, severity: "error", count: 1, detailIncludes: "rule canary" },
    },
    {
      name: "an empty LAMBDA target group behind the default action",
      topology: topology({
        listeners: [listener({ defaultAction: forward(IDS.targetGroup2) })],
        targetGroups: targetGroups(lambdaTargetGroup({ targets: [] })),
      }),
      expect: { resource: IDS.targetGroup2, severity: "critical" },
      assert([f]) {
        expect(f!.fix.commands[0]).toContain("id=<lambda-function-arn>");
      },
    },
  ],
});
