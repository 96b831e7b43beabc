import { expect } from "vitest";
import check from "../../checks/lat-501-target-sg-blocks-lattice.js";
import type { SecurityGroupRule, Topology } from "../../src/topology/types.js";
import { checkTester } from "../support/check-tester.js";
import {
  CONSUMER_CIDR,
  IDS,
  egressAllRule,
  forward,
  lambdaTargetGroup,
  listener,
  prefixLists,
  rule,
  securityGroup,
  securityGroups,
  sgRule,
  target,
  targetGroup,
  targetGroups,
  topology,
} from "../support/topology.js";

/** The default service, with the targets' security group holding exactly `rules` (+ allow-all egress). */
function targetsAllow(...rules: Partial<SecurityGroupRule>[]): Topology {
  return topology({
    securityGroups: securityGroups(
      securityGroup({ rules: [...rules.map((r) => sgRule(r)), egressAllRule()] }),
    ),
  });
}

const clientGroup = {
  referencedGroupInfo: { groupId: IDS.clientSecurityGroup, userId: "111122223333", vpcId: IDS.consumerVpc },
};

/** orders-v1 (default action, sg-0282… open to Lattice) + orders-v2 on a canary rule with `sg2Rules`. */
function canary(...sg2Rules: Partial<SecurityGroupRule>[]): Topology {
  const sg2 = IDS.securityGroup2;
  return topology({
    listeners: [listener({ rules: [rule({ action: forward(IDS.targetGroup2) })] })],
    targetGroups: targetGroups(
      targetGroup(),
      targetGroup({
        id: IDS.targetGroup2,
        name: "orders-v2",
        targets: [target({ id: "10.0.3.41", securityGroupIds: [sg2] })],
      }),
    ),
    securityGroups: securityGroups(
      securityGroup(),
      securityGroup({
        groupId: sg2,
        groupName: "orders-v2",
        rules: sg2Rules.map((r) => sgRule({ groupId: sg2, ...r })),
      }),
    ),
  });
}

checkTester(check, {
  pass: [
    { name: "rule references the Lattice prefix list id", topology: topology() },
    { name: "0.0.0.0/0 on the port", topology: targetsAllow({ cidrIpv4: "0.0.0.0/0" }) },
    {
      name: "a CIDR covering every prefix-list entry (169.254.0.0/16)",
      topology: targetsAllow({ cidrIpv4: "169.254.0.0/16" }),
    },
    {
      name: "the exact prefix-list CIDR copied (LAT-504's concern, not this one)",
      topology: targetsAllow({ cidrIpv4: "169.254.171.0/24" }),
    },
    {
      name: "protocol -1: all ports from the prefix list",
      topology: targetsAllow({ ipProtocol: "-1", fromPort: -1, toPort: -1 }),
    },
    {
      name: "port range 8000-8999 covers 8080",
      topology: targetsAllow({ ipProtocol: "6", fromPort: 8000, toPort: 8999 }),
    },
    {
      name: "the second of the target's security groups allows the prefix list",
      topology: topology({
        targetGroups: targetGroups(
          targetGroup({ targets: [target({ securityGroupIds: [IDS.securityGroup, IDS.securityGroup2] })] }),
        ),
        securityGroups: securityGroups(
          securityGroup({ rules: [sgRule({ cidrIpv4: CONSUMER_CIDR })] }),
          securityGroup({ groupId: IDS.securityGroup2, rules: [sgRule({ groupId: IDS.securityGroup2 })] }),
        ),
      }),
    },
    {
      name: "the target's own port (9090) is the one allowed, not the target group's",
      topology: topology({
        targetGroups: targetGroups(targetGroup({ targets: [target({ port: 9090 })] })),
        securityGroups: securityGroups(securityGroup({ rules: [sgRule({ fromPort: 9090, toPort: 9090 })] })),
      }),
    },
    {
      name: "LAMBDA target group ignored",
      topology: topology({
        listeners: [listener({ defaultAction: forward(IDS.targetGroup2) })],
        targetGroups: targetGroups(lambdaTargetGroup()),
      }),
    },
    {
      name: "IPV6 target group ignored (LAT-503)",
      topology: topology({
        targetGroups: targetGroups(
          targetGroup({ ipAddressType: "IPV6", targets: [target({ id: "2600:1f18:4a3:6f00::17" })] }),
        ),
        securityGroups: securityGroups(securityGroup({ rules: [sgRule({ cidrIpv4: CONSUMER_CIDR })] })),
      }),
    },
    {
      name: "ALB target group ignored",
      topology: topology({
        targetGroups: targetGroups(
          targetGroup({
            type: "ALB",
            healthCheck: undefined,
            targets: [
              target({
                id: "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/orders/50dc6c495c0c9188",
                securityGroupIds: [IDS.securityGroup],
              }),
            ],
          }),
        ),
        securityGroups: securityGroups(securityGroup({ rules: [sgRule({ cidrIpv4: CONSUMER_CIDR })] })),
      }),
    },
    {
      name: "target group no listener forwards to is not in use",
      topology: topology({
        targetGroups: targetGroups(
          targetGroup(),
          targetGroup({
            id: IDS.targetGroup2,
            targets: [target({ securityGroupIds: [IDS.securityGroup2] })],
          }),
        ),
        securityGroups: securityGroups(
          securityGroup(),
          securityGroup({ groupId: IDS.securityGroup2, rules: [] }),
        ),
      }),
    },
    {
      name: "security groups of the targets unknown: nothing to judge",
      topology: topology({
        targetGroups: targetGroups(targetGroup({ targets: [target({ securityGroupIds: undefined })] })),
        securityGroups: {},
      }),
    },
    {
      name: "a target's security group was not read: it might allow",
      topology: topology({ securityGroups: {} }),
    },
    {
      name: "prefix list unknown and a CIDR rule on the port: not certain, stay silent",
      topology: { ...targetsAllow({ cidrIpv4: CONSUMER_CIDR }), prefixLists: {} },
    },
    {
      name: "prefix list entries unknown and a CIDR rule on the port: not certain, stay silent",
      topology: {
        ...targetsAllow({ cidrIpv4: CONSUMER_CIDR }),
        prefixLists: prefixLists({ ipv4: { cidrs: undefined } }),
      },
    },
  ],
  fail: [
    {
      name: "consumer VPC CIDR only: critical",
      topology: targetsAllow({ cidrIpv4: CONSUMER_CIDR }),
      expect: {
        resource: IDS.securityGroup,
        severity: "critical",
        count: 1,
        titleIncludes: `Targets never see Lattice traffic: ${IDS.securityGroup} allows 8080 only from 10.20.0.0/16`,
        detailIncludes: ["169.254.171.0/24", IDS.prefixListIpv4],
        affects: [IDS.targetGroup, `${IDS.targetGroup}#connection`, `${IDS.targetGroup}#5xx`],
      },
      assert([f]) {
        expect(f!.fix.commands).toEqual([
          `aws ec2 authorize-security-group-ingress --group-id ${IDS.securityGroup} --ip-permissions ` +
            `'IpProtocol=tcp,FromPort=8080,ToPort=8080,PrefixListIds=[{PrefixListId=${IDS.prefixListIpv4},Description="VPC Lattice"}]' ` +
            "--region us-east-1 --profile oncall",
        ]);
        const sg = f!.evidence.find((e) => e.call === "ec2:DescribeSecurityGroupRules");
        expect(sg?.observed).toMatchObject({
          groupId: IDS.securityGroup,
          port: 8080,
          inboundRulesOnPort: [{ cidrIpv4: CONSUMER_CIDR, fromPort: 8080 }],
        });
        expect(f!.evidence.find((e) => e.call === "ec2:GetManagedPrefixListEntries")?.observed).toEqual({
          prefixListId: IDS.prefixListIpv4,
          prefixListName: "com.amazonaws.us-east-1.vpc-lattice",
          entries: ["169.254.171.0/24"],
        });
        const targets = f!.evidence.find((e) => e.call === "vpc-lattice:ListTargets")?.observed as {
          items: { id: string }[];
        };
        expect(targets.items.map((t) => t.id)).toEqual(["10.0.1.15", "10.0.2.27"]);
      },
    },
    {
      name: "only the client's security group is referenced",
      topology: targetsAllow(clientGroup),
      expect: {
        resource: IDS.securityGroup,
        severity: "critical",
        titleIncludes: IDS.clientSecurityGroup,
        detailIncludes: "does not carry the client's security group",
      },
    },
    {
      name: "prefix list allowed on the wrong port",
      topology: targetsAllow({ fromPort: 443, toPort: 443 }),
      expect: {
        resource: IDS.securityGroup,
        titleIncludes: "allows the VPC Lattice prefix list only on tcp 443, not on 8080",
      },
      assert([f]) {
        expect(f!.evidence[0]!.observed).toMatchObject({
          inboundRulesOnPort: [],
          latticePrefixListRulesOnOtherPorts: [{ fromPort: 443 }],
        });
      },
    },
    {
      name: "prefix list only on an egress rule",
      topology: targetsAllow({ isEgress: true }),
      expect: {
        resource: IDS.securityGroup,
        severity: "critical",
        titleIncludes: "no inbound traffic on 8080",
      },
    },
    {
      name: "prefix list allowed for udp only",
      topology: targetsAllow({ ipProtocol: "udp" }),
      expect: { resource: IDS.securityGroup, severity: "critical" },
    },
    {
      name: "a port range that stops short of the port",
      topology: targetsAllow({ fromPort: 8000, toPort: 8079 }),
      expect: { resource: IDS.securityGroup, count: 1 },
    },
    {
      name: "canary target group blocked while the default action's is open: error, not critical",
      topology: canary({ cidrIpv4: CONSUMER_CIDR }),
      expect: {
        resource: IDS.securityGroup2,
        severity: "error",
        count: 1,
        affects: [IDS.targetGroup2, `${IDS.targetGroup2}#connection`, `${IDS.targetGroup2}#5xx`],
        detailIncludes: "only the requests routed to these targets fail",
      },
    },
    {
      name: "instance targets, one finding per security-group set across two target groups",
      topology: topology({
        listeners: [
          listener({
            defaultAction: forward({ id: IDS.targetGroup, weight: 50 }, { id: IDS.targetGroup2, weight: 50 }),
          }),
        ],
        targetGroups: targetGroups(
          targetGroup({
            type: "INSTANCE",
            ipAddressType: undefined,
            targets: [
              target({ id: IDS.instance, securityGroupIds: [IDS.securityGroup, IDS.securityGroup2] }),
            ],
          }),
          targetGroup({
            id: IDS.targetGroup2,
            name: "orders-v2",
            port: 9090,
            targets: [
              target({
                id: "10.0.3.41",
                port: 9090,
                securityGroupIds: [IDS.securityGroup2, IDS.securityGroup],
              }),
            ],
          }),
        ),
        securityGroups: securityGroups(
          securityGroup({ rules: [sgRule({ cidrIpv4: CONSUMER_CIDR })] }),
          securityGroup({
            groupId: IDS.securityGroup2,
            rules: [sgRule({ groupId: IDS.securityGroup2, ...clientGroup })],
          }),
        ),
      }),
      expect: {
        resource: IDS.securityGroup,
        severity: "critical",
        count: 1,
        affects: [
          IDS.targetGroup,
          `${IDS.targetGroup}#connection`,
          `${IDS.targetGroup}#5xx`,
          IDS.targetGroup2,
          `${IDS.targetGroup2}#connection`,
          `${IDS.targetGroup2}#5xx`,
        ],
      },
      assert([f]) {
        expect(f!.title).toContain(
          `${IDS.securityGroup} and ${IDS.securityGroup2} allow 8080 only from 10.20.0.0/16, security group ${IDS.clientSecurityGroup}; no inbound traffic on 9090`,
        );
        expect(f!.fix.commands).toHaveLength(2);
        expect(f!.fix.commands[1]).toContain("FromPort=9090,ToPort=9090");
        expect(f!.evidence.map((e) => e.call)).toContain("ec2:DescribeInstances");
      },
    },
    {
      name: "two target groups with different security groups: two findings",
      topology: (() => {
        const t = canary({ cidrIpv4: CONSUMER_CIDR });
        return {
          ...t,
          securityGroups: { ...t.securityGroups, [IDS.securityGroup]: securityGroup({ rules: [] }) },
        };
      })(),
      expect: { count: 2, severity: "critical" },
      assert(findings) {
        expect(findings.map((f) => f.resource.id)).toEqual([IDS.securityGroup, IDS.securityGroup2]);
      },
    },
    {
      name: "prefix list not found in the region and nothing on the port could admit it",
      topology: { ...targetsAllow(clientGroup), prefixLists: {} },
      context: { profile: undefined },
      expect: {
        resource: IDS.securityGroup,
        severity: "critical",
        detailIncludes: "was not found in us-east-1",
      },
      assert([f]) {
        expect(f!.fix.commands[0]).toBe(
          "aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.us-east-1.vpc-lattice --region us-east-1",
        );
        expect(f!.fix.commands[1]).toContain("PrefixListId=<pl-id>");
      },
    },
  ],
});
