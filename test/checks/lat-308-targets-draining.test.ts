import check from "../../checks/lat-308-targets-draining.js";
import { checkTester } from "../support/check-tester.js";
import { IDS, target, targetGroup, targetGroups, topology } from "../support/topology.js";

const second = { id: "10.0.2.27", subnetId: "subnet-0c3e5a7b9d1f24680" };

checkTester(check, {
  pass: [
    { name: "no target draining", topology: topology() },
    {
      name: "INITIAL and UNAVAILABLE are not draining",
      topology: topology({
        targetGroups: targetGroups(
          targetGroup({
            targets: [target({ status: "INITIAL" }), target({ ...second, status: "UNAVAILABLE" })],
          }),
        ),
      }),
    },
  ],
  fail: [
    {
      name: "one target draining, health checks on: warning",
      topology: topology({
        targetGroups: targetGroups(
          targetGroup({ targets: [target(), target({ ...second, status: "DRAINING" })] }),
        ),
      }),
      expect: {
        resource: IDS.targetGroup,
        severity: "warning",
        hop: "targets",
        titleIncludes: "1 of 2 targets",
        affects: [IDS.targetGroup],
      },
    },
    {
      name: "draining with health checks off: error",
      topology: topology({
        targetGroups: targetGroups(
          targetGroup({
            healthCheck: { enabled: false },
            targets: [target({ status: "DRAINING" }), target({ ...second, status: "UNAVAILABLE" })],
          }),
        ),
      }),
      expect: { resource: IDS.targetGroup, severity: "error", titleIncludes: "health checks are off" },
    },
    {
      name: "every target draining",
      topology: topology({
        targetGroups: targetGroups(
          targetGroup({
            targets: [target({ status: "DRAINING" }), target({ ...second, status: "DRAINING" })],
          }),
        ),
      }),
      expect: { titleIncludes: "All 2 targets", detailIncludes: "No target of the target group is left" },
    },
  ],
});
