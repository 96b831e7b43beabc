import check from "../../checks/lat-309-health-check-on-unsupported-type.js";
import { checkTester } from "../support/check-tester.js";
import {
  IDS,
  forward,
  lambdaTargetGroup,
  listener,
  targetGroup,
  targetGroups,
  topology,
} from "../support/topology.js";

const lambda = (o: Parameters<typeof lambdaTargetGroup>[0] = {}) =>
  topology({
    listeners: [listener({ defaultAction: forward(IDS.targetGroup2) })],
    targetGroups: targetGroups(lambdaTargetGroup(o)),
  });

checkTester(check, {
  pass: [
    { name: "IP target group with a health check", topology: topology() },
    { name: "LAMBDA target group as the API returns it (no config)", topology: lambda() },
    {
      name: "ALB target group without healthCheck",
      topology: topology({
        targetGroups: targetGroups(targetGroup({ type: "ALB", healthCheck: undefined })),
      }),
    },
  ],
  fail: [
    {
      name: "ALB target group with a health check",
      topology: topology({ targetGroups: targetGroups(targetGroup({ type: "ALB" })) }),
      expect: {
        resource: IDS.targetGroup,
        severity: "warning",
        hop: "target-group",
        titleIncludes: "is ALB",
        detailIncludes: "ALB's own target groups",
      },
    },
    {
      name: "LAMBDA target group with a health check",
      topology: lambda({ healthCheck: { enabled: true, path: "/healthz" } }),
      expect: {
        resource: IDS.targetGroup2,
        count: 1,
        titleIncludes: "is LAMBDA",
        affects: [IDS.targetGroup2],
      },
    },
  ],
});
