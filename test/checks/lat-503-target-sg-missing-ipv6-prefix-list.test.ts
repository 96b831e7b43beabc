import { expect } from "vitest";
import check from "../../checks/lat-503-target-sg-missing-ipv6-prefix-list.js";
import type { SecurityGroupRule } from "../../src/topology/types.js";
import { checkTester } from "../support/check-tester.js";
import {
  IDS,
  LATTICE_IPV6_CIDR,
  egressAllRule,
  prefixLists,
  securityGroup,
  securityGroups,
  sgRule,
  target,
  targetGroup,
  targetGroups,
  topology,
} from "../support/topology.js";

/** An IPV6 IP target group whose targets' group holds exactly `rules`. */
function ipv6(...rules: Partial<SecurityGroupRule>[]) {
  return topology({
    targetGroups: targetGroups(
      targetGroup({
        ipAddressType: "IPV6",
        targets: [target({ id: "2600:1f18:4a3:6f00::17" }), target({ id: "2600:1f18:4a3:6f01::2a" })],
      }),
    ),
    securityGroups: securityGroups(
      securityGroup({ rules: [...rules.map((r) => sgRule(r)), egressAllRule()] }),
    ),
  });
}

checkTester(check, {
  pass: [
    { name: "IPV4 target group (LAT-501's)", topology: topology() },
    { name: "the ipv6 prefix list id", topology: ipv6({ prefixListId: IDS.prefixListIpv6 }) },
    { name: "::/0 on the port", topology: ipv6({ cidrIpv6: "::/0" }) },
    { name: "a CIDR covering the ipv6 entries", topology: ipv6({ cidrIpv6: "fd00:ec2::/32" }) },
    {
      name: "protocol -1 from the ipv6 prefix list",
      topology: ipv6({ ipProtocol: "-1", fromPort: -1, toPort: -1, prefixListId: IDS.prefixListIpv6 }),
    },
    {
      name: "ipv6 prefix list entries unknown, a cidrIpv6 rule: not certain",
      topology: {
        ...ipv6({ cidrIpv6: "2600:1f18::/32" }),
        prefixLists: prefixLists({ ipv6: { cidrs: undefined } }),
      },
    },
  ],
  fail: [
    {
      name: "only the IPv4 prefix list allowed: critical",
      topology: ipv6({}),
      expect: {
        resource: IDS.securityGroup,
        severity: "critical",
        count: 1,
        titleIncludes: "does not allow the ipv6 VPC Lattice prefix list on 8080",
        detailIncludes: ["IPv4 prefix list", LATTICE_IPV6_CIDR],
        affects: [IDS.targetGroup, `${IDS.targetGroup}#connection`, `${IDS.targetGroup}#5xx`],
      },
      assert([f]) {
        expect(f!.fix.commands[0]).toContain(`PrefixListId=${IDS.prefixListIpv6}`);
      },
    },
    {
      name: "the VPC's IPv6 CIDR only",
      topology: ipv6({ cidrIpv6: "2600:1f18:4a3:6f00::/56" }),
      expect: { resource: IDS.securityGroup, titleIncludes: "ipv6 VPC Lattice prefix list" },
    },
    {
      name: "::/0 but on another port",
      topology: ipv6({ cidrIpv6: "::/0", fromPort: 443, toPort: 443 }),
      expect: { resource: IDS.securityGroup, severity: "critical" },
    },
  ],
});
