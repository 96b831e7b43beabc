import { expect } from "vitest";
import check from "../../checks/lat-103-listener-routes-nowhere.js";
import type { Topology } from "../../src/topology/types.js";
import { checkTester } from "../support/check-tester.js";
import {
  IDS,
  ROUTE_IDS,
  failure,
  fixedResponse,
  forward,
  httpListener,
  listener,
  rule,
  serviceArnOf,
  targetGroup,
  targetGroups,
  topology,
} from "../support/topology.js";

const v2 = (overrides: Parameters<typeof targetGroup>[0] = {}) =>
  targetGroup({ id: IDS.targetGroup2, name: "orders-v2", ...overrides });

/** orders-v1 on the default action, orders-v2 on the canary rule. */
function canary(v2Overrides: Parameters<typeof targetGroup>[0] | undefined): Topology {
  return topology({
    listeners: [listener({ rules: [rule()] })],
    targetGroups: v2Overrides ? targetGroups(targetGroup(), v2(v2Overrides)) : targetGroups(targetGroup()),
  });
}

const unreadable = failure({
  part: "targetGroups",
  call: "vpc-lattice:GetTargetGroup",
  action: "vpc-lattice:GetTargetGroup",
  resource: IDS.targetGroup2,
  message: "User is not authorized to perform: vpc-lattice:GetTargetGroup",
});

checkTester(check, {
  pass: [
    { name: "healthy service", topology: topology() },
    { name: "canary rule to an existing target group of the service", topology: canary({}) },
    {
      name: "weight-0 canary beside a weighted primary",
      topology: topology({
        listeners: [
          listener({
            defaultAction: forward({ id: IDS.targetGroup, weight: 100 }, { id: IDS.targetGroup2, weight: 0 }),
          }),
        ],
        targetGroups: targetGroups(targetGroup(), v2()),
      }),
    },
    {
      name: "target group not in the topology because GetTargetGroup failed: unreadable, not missing",
      topology: topology({
        listeners: [listener({ rules: [rule()] })],
        failures: [unreadable],
      }),
    },
    {
      name: "one missing target group beside an existing one: the action still routes",
      topology: topology({
        listeners: [listener({ defaultAction: forward(IDS.targetGroup, IDS.targetGroup2) })],
      }),
    },
    {
      name: "fixed-response default action (LAT-107's)",
      topology: topology({
        listeners: [
          listener({
            defaultAction: fixedResponse(404),
            rules: [rule({ action: forward(IDS.targetGroup) })],
          }),
        ],
      }),
    },
    {
      name: "empty serviceArns is LAT-304's, not another service's target group",
      topology: canary({ serviceArns: [] }),
    },
    {
      name: "rule whose action could not be read",
      topology: topology({ listeners: [listener({ rules: [rule({ action: undefined })] })] }),
    },
  ],
  fail: [
    {
      name: "the only listener's default action forwards to a missing target group: critical",
      topology: topology({ targetGroups: {} }),
      expect: {
        resource: IDS.listener,
        severity: "critical",
        hop: "listener",
        count: 1,
        titleIncludes: [
          "The default action of listener https-443 (HTTPS:443)",
          "tg-0a9f1e2d3c4b5a697, which does not exist",
          "every request fails",
        ],
        affects: [IDS.targetGroup],
      },
      assert([f]) {
        expect(f!.evidence[0]).toEqual({
          call: "vpc-lattice:GetListener",
          observed: {
            id: IDS.listener,
            name: "https-443",
            protocol: "HTTPS",
            port: 443,
            defaultAction: { forward: { targetGroups: [{ targetGroupIdentifier: IDS.targetGroup }] } },
          },
        });
        expect(f!.evidence[1]).toEqual({
          call: "vpc-lattice:GetTargetGroup",
          observed: { targetGroupIdentifier: IDS.targetGroup, targetGroup: null },
        });
      },
    },
    {
      name: "canary rule forwards to another service's target group: error, on the rule",
      topology: canary({ serviceArns: [serviceArnOf(ROUTE_IDS.otherService)] }),
      expect: {
        resource: IDS.rule,
        severity: "error",
        hop: "rule",
        count: 1,
        titleIncludes: [
          "Rule canary (rule-0a1b2c3d4e5f6a7b8)",
          "wired to another service",
          "its requests fail",
        ],
        detailIncludes: [`service/${ROUTE_IDS.otherService}`, "other routes of the service still work"],
        affects: [IDS.targetGroup2],
      },
      assert([f]) {
        expect(f!.evidence.map((e) => e.call)).toEqual([
          "vpc-lattice:GetRule",
          "vpc-lattice:GetTargetGroup",
          "vpc-lattice:GetService",
        ]);
        expect(f!.evidence[1]!.observed.serviceArns).toEqual([serviceArnOf(ROUTE_IDS.otherService)]);
        expect(f!.fix.commands[1]).toBe(
          `aws vpc-lattice update-rule --service-identifier ${IDS.service} --listener-identifier ${IDS.listener} ` +
            `--rule-identifier ${IDS.rule} --action '{"forward":{"targetGroups":[{"targetGroupIdentifier":"${IDS.targetGroup}"}]}}' ` +
            "--region us-east-1 --profile oncall",
        );
      },
    },
    {
      name: "default action gives every target group weight 0, the canary rule still works: error",
      topology: topology({
        listeners: [
          listener({
            defaultAction: forward({ id: IDS.targetGroup, weight: 0 }, { id: IDS.targetGroup2, weight: 0 }),
            rules: [rule()],
          }),
        ],
        targetGroups: targetGroups(targetGroup(), v2()),
      }),
      expect: {
        resource: IDS.listener,
        severity: "error",
        count: 1,
        titleIncludes: "gives every target group weight 0",
        detailIncludes: "Requests that match no rule of this listener fail",
        affects: [IDS.targetGroup, IDS.targetGroup2],
      },
      assert([f]) {
        expect(f!.fix.commands[1]).toContain(
          `'{"forward":{"targetGroups":[{"targetGroupIdentifier":"${IDS.targetGroup}","weight":100},` +
            `{"targetGroupIdentifier":"${IDS.targetGroup2}","weight":0}]}}'`,
        );
      },
    },
    {
      name: "weight 0 on the only listener's only target group: critical",
      topology: topology({
        listeners: [listener({ defaultAction: forward({ id: IDS.targetGroup, weight: 0 }) })],
      }),
      expect: { resource: IDS.listener, severity: "critical" },
    },
    {
      name: "HTTP listener routes nowhere, HTTPS listener works: error",
      topology: topology({
        listeners: [listener(), httpListener({ defaultAction: forward(ROUTE_IDS.targetGroup3) })],
      }),
      expect: { resource: ROUTE_IDS.listener2, severity: "error", count: 1 },
    },
    {
      name: "both listeners route nowhere: both critical",
      topology: topology({
        listeners: [listener(), httpListener({ defaultAction: forward(ROUTE_IDS.targetGroup3) })],
        targetGroups: {},
      }),
      expect: { count: 2, severity: "critical" },
    },
    {
      name: "fixed-response default, the only rule forwards to a missing target group: critical",
      topology: topology({
        listeners: [listener({ defaultAction: fixedResponse(404), rules: [rule()] })],
      }),
      expect: { resource: IDS.rule, severity: "critical", hop: "rule" },
    },
    {
      name: "missing + weight-0 mix; a failure about another target group does not excuse it",
      topology: topology({
        listeners: [
          listener({
            rules: [
              rule({
                action: forward(
                  { id: ROUTE_IDS.targetGroup3, weight: 100 },
                  { id: IDS.targetGroup, weight: 0 },
                ),
              }),
            ],
          }),
        ],
        failures: [unreadable],
      }),
      expect: {
        resource: IDS.rule,
        severity: "error",
        titleIncludes: "forwards only to target group tg-0e1f3a5b7c9d1e3f5, which does not exist",
        detailIncludes: [
          "tg-0e1f3a5b7c9d1e3f5 does not exist",
          "orders-v1 (tg-0a9f1e2d3c4b5a697) has weight 0",
        ],
        affects: [ROUTE_IDS.targetGroup3, IDS.targetGroup],
      },
    },
  ],
});
