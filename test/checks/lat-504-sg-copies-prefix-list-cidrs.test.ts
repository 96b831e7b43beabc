import { expect } from "vitest";
import check from "../../checks/lat-504-sg-copies-prefix-list-cidrs.js";
import type { SecurityGroupRule } from "../../src/topology/types.js";
import { checkTester } from "../support/check-tester.js";
import {
  IDS,
  LATTICE_IPV4_CIDR,
  LATTICE_IPV6_CIDR,
  egressAllRule,
  securityGroup,
  securityGroups,
  sgRule,
  topology,
} from "../support/topology.js";

const targetsAllow = (...rules: Partial<SecurityGroupRule>[]) =>
  topology({
    securityGroups: securityGroups(
      securityGroup({ rules: [...rules.map((r) => sgRule(r)), egressAllRule()] }),
    ),
  });

checkTester(check, {
  pass: [
    { name: "the prefix list id", topology: topology() },
    {
      name: "a wider CIDR (169.254.0.0/16) is not a copy",
      topology: targetsAllow({ cidrIpv4: "169.254.0.0/16" }),
    },
    { name: "0.0.0.0/0", topology: targetsAllow({ cidrIpv4: "0.0.0.0/0" }) },
    {
      name: "the copied CIDR on egress only",
      topology: targetsAllow({}, { isEgress: true, cidrIpv4: LATTICE_IPV4_CIDR }),
    },
    {
      name: "a copy in a group no target uses",
      topology: topology({
        securityGroups: securityGroups(
          securityGroup(),
          securityGroup({
            groupId: IDS.securityGroup2,
            rules: [sgRule({ groupId: IDS.securityGroup2, cidrIpv4: LATTICE_IPV4_CIDR })],
          }),
        ),
      }),
    },
  ],
  fail: [
    {
      name: "literal 169.254.171.0/24",
      topology: targetsAllow({ securityGroupRuleId: "sgr-0aa11bb22cc33dd44", cidrIpv4: LATTICE_IPV4_CIDR }),
      expect: {
        resource: IDS.securityGroup,
        severity: "warning",
        hop: "targets",
        count: 1,
        titleIncludes: `allows 169.254.171.0/24 literally instead of the prefix list ${IDS.prefixListIpv4}`,
        affects: [IDS.targetGroup],
      },
      assert([f]) {
        expect(f!.fix.commands).toEqual([
          `aws ec2 authorize-security-group-ingress --group-id ${IDS.securityGroup} --ip-permissions ` +
            `'IpProtocol=tcp,FromPort=8080,ToPort=8080,PrefixListIds=[{PrefixListId=${IDS.prefixListIpv4},Description="VPC Lattice"}]' --region us-east-1 --profile oncall`,
          `aws ec2 revoke-security-group-ingress --group-id ${IDS.securityGroup} --security-group-rule-ids sgr-0aa11bb22cc33dd44 --region us-east-1 --profile oncall`,
        ]);
      },
    },
    {
      name: "literal ipv6 entry, protocol -1",
      topology: targetsAllow({ ipProtocol: "-1", fromPort: -1, toPort: -1, cidrIpv6: LATTICE_IPV6_CIDR }),
      expect: { resource: IDS.securityGroup, titleIncludes: IDS.prefixListIpv6 },
      assert([f]) {
        expect(f!.fix.commands[0]).toContain(
          `'IpProtocol=-1,PrefixListIds=[{PrefixListId=${IDS.prefixListIpv6}`,
        );
      },
    },
  ],
});
