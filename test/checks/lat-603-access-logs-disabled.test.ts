import { expect } from "vitest";
import check from "../../checks/lat-603-access-logs-disabled.js";
import { checkTester } from "../support/check-tester.js";
import { IDS, topology } from "../support/topology.js";
import { accessLog, withSignals } from "../support/signals.js";

checkTester(check, {
  pass: [
    { name: "access logs not read (older recording)", topology: topology() },
    { name: "a subscription on the service", topology: withSignals() },
    {
      name: "a SERVICE-type subscription on its network",
      topology: withSignals({
        accessLogSubscriptions: [
          accessLog({ resourceId: IDS.serviceNetwork, serviceNetworkLogType: "SERVICE" }),
        ],
      }),
    },
    {
      name: "a network subscription without a log type (older API answers)",
      topology: withSignals({ accessLogSubscriptions: [accessLog({ resourceId: IDS.serviceNetwork })] }),
    },
  ],
  fail: [
    {
      name: "no subscription anywhere",
      topology: withSignals({ accessLogSubscriptions: [] }),
      expect: {
        resource: IDS.service,
        severity: "warning",
        count: 1,
        titleIncludes: "No access logs for orders-api",
        detailIncludes: ["authDeniedReason", IDS.serviceNetwork],
      },
      assert([f]) {
        expect(f!.fix.commands).toEqual([
          "aws logs create-log-group --log-group-name /aws/vendedlogs/vpclattice/orders-api --region us-east-1 --profile oncall",
          `aws vpc-lattice create-access-log-subscription --resource-identifier ${IDS.service} --destination-arn arn:aws:logs:us-east-1:111122223333:log-group:/aws/vendedlogs/vpclattice/orders-api --region us-east-1 --profile oncall`,
        ]);
      },
    },
    {
      name: "only a RESOURCE-type subscription on the network (resource configurations, not services)",
      topology: withSignals({
        accessLogSubscriptions: [
          accessLog({ resourceId: IDS.serviceNetwork, serviceNetworkLogType: "RESOURCE" }),
        ],
      }),
      expect: { resource: IDS.service },
      assert([f]) {
        expect(f!.evidence[1]!.observed).toEqual({
          resourceIdentifier: IDS.serviceNetwork,
          items: [{ id: "als-0c4e1a7b3d9f25e60", serviceNetworkLogType: "RESOURCE" }],
        });
      },
    },
    {
      name: "a subscription on another service does not count",
      topology: withSignals({ accessLogSubscriptions: [accessLog({ resourceId: "svc-07d3a1c9e5b2f4068" })] }),
      expect: { resource: IDS.service },
    },
  ],
});
