import { expect } from "vitest";
import check from "../../checks/lat-305-health-check-disabled.js";
import { checkTester } from "../support/check-tester.js";
import {
  IDS,
  forward,
  lambdaTargetGroup,
  listener,
  target,
  targetGroup,
  targetGroups,
  topology,
} from "../support/topology.js";

const tg = (o: Parameters<typeof targetGroup>[0]) => topology({ targetGroups: targetGroups(targetGroup(o)) });

checkTester(check, {
  pass: [
    { name: "HTTP1 target group, health checks on", topology: topology() },
    {
      name: "LAMBDA target group: no Lattice health checks to turn on",
      topology: topology({
        listeners: [listener({ defaultAction: forward(IDS.targetGroup2) })],
        targetGroups: targetGroups(lambdaTargetGroup()),
      }),
    },
    {
      name: "ALB target group without healthCheck",
      topology: tg({ type: "ALB", healthCheck: undefined }),
    },
    {
      name: "HTTP2 target group with health checks turned on",
      topology: tg({
        protocolVersion: "HTTP2",
        protocol: "HTTPS",
        healthCheck: { enabled: true, protocolVersion: "HTTP2" },
      }),
    },
  ],
  fail: [
    {
      name: "HTTP2 target group with health checks off (the default): warning",
      topology: tg({
        protocol: "HTTPS",
        protocolVersion: "HTTP2",
        healthCheck: { enabled: false },
        targets: [target({ status: "UNAVAILABLE" })],
      }),
      expect: {
        resource: IDS.targetGroup,
        severity: "warning",
        hop: "target-group",
        count: 1,
        titleIncludes: "Health checks are off on target group orders-v1",
        detailIncludes: "HTTP2 target groups are created with health checks off",
        affects: [IDS.targetGroup],
      },
      assert([f]) {
        expect(f!.fix.commands[0]).toContain('"protocolVersion":"HTTP2"');
        expect(f!.fix.commands[0]).toContain('"protocol":"HTTPS"');
      },
    },
    {
      name: "INSTANCE target group with no healthCheck configuration",
      topology: tg({ type: "INSTANCE", healthCheck: undefined, targets: [target({ id: IDS.instance })] }),
      expect: {
        resource: IDS.targetGroup,
        severity: "warning",
        detailIncludes: "no healthCheck configuration",
      },
    },
    {
      name: "TCP target group, health checks off, even with some targets DRAINING (still a warning)",
      topology: tg({
        protocol: "TCP",
        protocolVersion: undefined,
        healthCheck: { enabled: false },
        targets: [target({ status: "DRAINING" })],
      }),
      expect: { severity: "warning", detailIncludes: "TCP target groups" },
    },
  ],
});
