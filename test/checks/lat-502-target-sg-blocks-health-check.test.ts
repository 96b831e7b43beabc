import { expect } from "vitest";
import check from "../../checks/lat-502-target-sg-blocks-health-check.js";
import type { HealthCheck, SecurityGroupRule, Target } from "../../src/topology/types.js";
import { checkTester } from "../support/check-tester.js";
import {
  IDS,
  egressAllRule,
  forward,
  lambdaTargetGroup,
  listener,
  rule,
  securityGroup,
  securityGroups,
  sgRule,
  target,
  targetGroup,
  targetGroups,
  topology,
} from "../support/topology.js";

const hc8081: HealthCheck = {
  enabled: true,
  protocol: "HTTP",
  protocolVersion: "HTTP1",
  port: 8081,
  path: "/actuator/health",
  matcher: { httpCode: "200" },
};
const unhealthy = (o: Partial<Target> = {}) =>
  target({ status: "UNHEALTHY", reasonCode: "HealthCheckFailed", ...o });

/** HC on `hc`, targets' group = traffic rule from the prefix list + `extra` rules. */
function hcTopology(hc: HealthCheck | undefined, ...extra: Partial<SecurityGroupRule>[]) {
  return topology({
    targetGroups: targetGroups(targetGroup({ healthCheck: hc })),
    securityGroups: securityGroups(
      securityGroup({ rules: [sgRule(), ...extra.map((r) => sgRule(r)), egressAllRule()] }),
    ),
  });
}

checkTester(check, {
  pass: [
    { name: "health check on the traffic port", topology: topology() },
    { name: "HC port = traffic port set explicitly", topology: hcTopology({ ...hc8081, port: 8080 }) },
    {
      name: "HC port 8081 allowed by the prefix list",
      topology: hcTopology(hc8081, { fromPort: 8081, toPort: 8081 }),
    },
    {
      name: "HC port 8081 allowed by protocol -1 from the prefix list",
      topology: hcTopology(hc8081, { ipProtocol: "-1", fromPort: -1, toPort: -1 }),
    },
    { name: "health checks disabled", topology: hcTopology({ ...hc8081, enabled: false }) },
    {
      name: "LAMBDA target group",
      topology: topology({
        listeners: [listener({ defaultAction: forward(IDS.targetGroup2) })],
        targetGroups: targetGroups(lambdaTargetGroup()),
      }),
    },
    { name: "security group not read", topology: { ...hcTopology(hc8081), securityGroups: {} } },
  ],
  fail: [
    {
      name: "HC port 8081 allowed only from the VPC CIDR: critical",
      topology: topology({
        targetGroups: targetGroups(
          targetGroup({ healthCheck: hc8081, targets: [unhealthy(), unhealthy({ id: "10.0.2.27" })] }),
        ),
        securityGroups: securityGroups(
          securityGroup({
            rules: [
              sgRule(),
              sgRule({ fromPort: 8081, toPort: 8081, cidrIpv4: "10.0.0.0/16" }),
              egressAllRule(),
            ],
          }),
        ),
      }),
      expect: {
        resource: IDS.securityGroup,
        severity: "critical",
        count: 1,
        titleIncludes: `Health checks on port 8081 never reach the targets: ${IDS.securityGroup} allows 8081 only from 10.0.0.0/16`,
        detailIncludes: ["ListTargets shows 2 of 2 UNHEALTHY", "not the traffic port 8080"],
        affects: [IDS.targetGroup, `${IDS.targetGroup}#connection`, `${IDS.targetGroup}#5xx`],
      },
      assert([f]) {
        expect(f!.fix.commands).toEqual([
          `aws ec2 authorize-security-group-ingress --group-id ${IDS.securityGroup} --ip-permissions ` +
            `'IpProtocol=tcp,FromPort=8081,ToPort=8081,PrefixListIds=[{PrefixListId=${IDS.prefixListIpv4},Description="VPC Lattice health checks"}]' ` +
            "--region us-east-1 --profile oncall",
        ]);
      },
    },
    {
      name: "nothing on the HC port at all",
      topology: hcTopology(hc8081),
      expect: { resource: IDS.securityGroup, titleIncludes: "no inbound traffic on 8081" },
    },
    {
      name: "canary target group's HC port blocked: error",
      topology: topology({
        listeners: [listener({ rules: [rule()] })],
        targetGroups: targetGroups(
          targetGroup(),
          targetGroup({
            id: IDS.targetGroup2,
            name: "orders-v2",
            healthCheck: hc8081,
            targets: [target({ id: "10.0.3.41", securityGroupIds: [IDS.securityGroup2] })],
          }),
        ),
        securityGroups: securityGroups(
          securityGroup(),
          securityGroup({ groupId: IDS.securityGroup2, rules: [sgRule({ groupId: IDS.securityGroup2 })] }),
        ),
      }),
      expect: {
        resource: IDS.securityGroup2,
        severity: "error",
        affects: [IDS.targetGroup2, `${IDS.targetGroup2}#connection`, `${IDS.targetGroup2}#5xx`],
      },
    },
  ],
});
