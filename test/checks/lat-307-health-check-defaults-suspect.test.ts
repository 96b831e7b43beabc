import check from "../../checks/lat-307-health-check-defaults-suspect.js";
import type { HealthCheck } from "../../src/topology/types.js";
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

const defaults: HealthCheck = {
  enabled: true,
  protocol: "HTTP",
  protocolVersion: "HTTP1",
  port: 8080,
  path: "/",
  matcher: { httpCode: "200" },
};
const unhealthy = target({ status: "UNHEALTHY", reasonCode: "HealthCheckFailed" });
const tg = (healthCheck: HealthCheck | undefined, targets = [unhealthy]) =>
  topology({ targetGroups: targetGroups(targetGroup({ healthCheck, targets })) });

checkTester(check, {
  pass: [
    { name: "healthy targets, custom path", topology: topology() },
    { name: "defaults but every target HEALTHY", topology: tg(defaults, [target()]) },
    { name: "UNHEALTHY but a custom path (/healthz)", topology: tg({ ...defaults, path: "/healthz" }) },
    {
      name: "UNHEALTHY but a widened matcher",
      topology: tg({ ...defaults, matcher: { httpCode: "200-399" } }),
    },
    { name: "INITIAL targets with defaults", topology: tg(defaults, [target({ status: "INITIAL" })]) },
    {
      name: "LAMBDA: UNAVAILABLE + HealthCheckNotSupported",
      topology: topology({
        listeners: [listener({ defaultAction: forward(IDS.targetGroup2) })],
        targetGroups: targetGroups(lambdaTargetGroup()),
      }),
    },
  ],
  fail: [
    {
      name: "UNHEALTHY with path / and matcher 200: a suspicion",
      topology: tg(defaults),
      expect: {
        resource: IDS.targetGroup,
        severity: "warning",
        count: 1,
        titleIncludes: "Suspicion:",
        detailIncludes: "This is a suspicion, not a proof",
        affects: [IDS.targetGroup],
      },
    },
    {
      name: "UNHEALTHY with path and matcher absent",
      topology: tg({ enabled: true }),
      expect: { resource: IDS.targetGroup, detailIncludes: "with no path set" },
    },
  ],
});
