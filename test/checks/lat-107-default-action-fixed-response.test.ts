import { expect } from "vitest";
import check from "../../checks/lat-107-default-action-fixed-response.js";
import { checkTester } from "../support/check-tester.js";
import {
  IDS,
  ROUTE_IDS,
  fixedResponse,
  forward,
  httpListener,
  listener,
  rule,
  topology,
} from "../support/topology.js";

checkTester(check, {
  pass: [
    { name: "default action forwards", topology: topology() },
    {
      name: "a rule answers with a fixed response, the default action forwards",
      topology: topology({ listeners: [listener({ rules: [rule({ action: fixedResponse(500) })] })] }),
    },
  ],
  fail: [
    {
      name: "404 default with a forwarding rule: info",
      topology: topology({
        listeners: [
          listener({
            defaultAction: fixedResponse(404),
            rules: [rule({ action: forward(IDS.targetGroup) })],
          }),
        ],
      }),
      expect: {
        resource: IDS.listener,
        severity: "info",
        hop: "listener",
        count: 1,
        titleIncludes:
          "Listener https-443 (HTTPS:443) answers 404 to every request that does not match its only rule",
        affects: [IDS.listener],
      },
      assert([f]) {
        expect(f!.evidence[0]).toMatchObject({
          call: "vpc-lattice:GetListener",
          observed: { defaultAction: { fixedResponse: { statusCode: 404 } } },
        });
        expect(f!.fix.commands[1]).toBe(
          `aws vpc-lattice update-listener --service-identifier ${IDS.service} --listener-identifier ${IDS.listener} ` +
            `--default-action '{"forward":{"targetGroups":[{"targetGroupIdentifier":"${IDS.targetGroup}"}]}}' ` +
            "--region us-east-1 --profile oncall",
        );
      },
    },
    {
      name: "500 default and no rule on the only listener: every request gets 500, critical",
      topology: topology({ listeners: [listener({ defaultAction: fixedResponse(500) })] }),
      expect: { resource: IDS.listener, severity: "critical", titleIncludes: "answers 500 to every request" },
    },
    {
      name: "fixed-response HTTP listener without rules beside a forwarding HTTPS listener: error",
      topology: topology({ listeners: [listener(), httpListener({ defaultAction: fixedResponse(404) })] }),
      expect: { resource: ROUTE_IDS.listener2, severity: "error", count: 1 },
    },
  ],
});
