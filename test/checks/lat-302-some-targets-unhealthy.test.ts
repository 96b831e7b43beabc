import check from "../../checks/lat-302-some-targets-unhealthy.js";
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

const second = { id: "10.0.2.27", subnetId: "subnet-0c3e5a7b9d1f24680" };
const unhealthy = (o = {}) => target({ status: "UNHEALTHY", reasonCode: "HealthCheckFailed", ...o });
const withTargets = (...targets: ReturnType<typeof target>[]) =>
  topology({ targetGroups: targetGroups(targetGroup({ targets })) });

checkTester(check, {
  pass: [
    { name: "all targets HEALTHY", topology: topology() },
    { name: "every target UNHEALTHY is LAT-301's", topology: withTargets(unhealthy(), unhealthy(second)) },
    {
      name: "INITIAL is transient",
      topology: withTargets(target(), target({ ...second, status: "INITIAL" })),
    },
    {
      name: "UNAVAILABLE + HealthCheckNotSupported on LAMBDA",
      topology: topology({
        listeners: [listener({ defaultAction: forward(IDS.targetGroup2) })],
        targetGroups: targetGroups(lambdaTargetGroup()),
      }),
    },
    {
      name: "UNAVAILABLE with health checks disabled",
      topology: topology({
        targetGroups: targetGroups(
          targetGroup({
            healthCheck: { enabled: false },
            targets: [target({ status: "UNAVAILABLE" }), target({ ...second, status: "UNAVAILABLE" })],
          }),
        ),
      }),
    },
    {
      name: "targets not read",
      topology: topology({ targetGroups: targetGroups(targetGroup({ targets: undefined })) }),
    },
  ],
  fail: [
    {
      name: "one of two UNHEALTHY, reasonCode shown",
      topology: withTargets(target(), unhealthy(second)),
      expect: {
        resource: IDS.targetGroup,
        severity: "error",
        count: 1,
        titleIncludes: ["1 of 2 targets", "HealthCheckFailed"],
        detailIncludes: "10.0.2.27:8080 (HealthCheckFailed)",
        affects: [IDS.targetGroup],
      },
    },
    {
      name: "different reasonCodes each shown, the other target still INITIAL",
      topology: withTargets(
        unhealthy({ reasonCode: "HealthCheckFailed" }),
        unhealthy({ id: "10.0.3.41", reasonCode: "ConnectionTimeout" }),
        target({ ...second, status: "INITIAL" }),
      ),
      expect: {
        resource: IDS.targetGroup,
        titleIncludes: ["2 of 3 targets", "HealthCheckFailed, ConnectionTimeout"],
        detailIncludes: ["10.0.3.41:8080 (ConnectionTimeout)", "INITIAL"],
      },
    },
  ],
});
