import { expect } from "vitest";
import check from "../../checks/lat-505-association-sg-blocks-listener.js";
import type { SecurityGroupRule } from "../../src/topology/types.js";
import { checkTester } from "../support/check-tester.js";
import {
  IDS,
  associationSecurityGroup,
  egressAllRule,
  listener,
  securityGroup,
  securityGroups,
  sgRule,
  topology,
  vpcAssociation,
} from "../support/topology.js";

const g = IDS.clientSecurityGroup;
/** The default topology, the association's group holding `rules` (+ egress). */
const associationAllows = (...rules: Partial<SecurityGroupRule>[]) =>
  topology({
    securityGroups: securityGroups(
      securityGroup(),
      associationSecurityGroup({
        rules: [...rules.map((r) => sgRule({ groupId: g, ...r })), egressAllRule(g)],
      }),
    ),
  });

checkTester(check, {
  pass: [
    { name: "association group not read (default fixture)", topology: topology() },
    {
      name: "443 from the consumer CIDR",
      topology: topology({ securityGroups: securityGroups(securityGroup(), associationSecurityGroup()) }),
    },
    {
      name: "443 from 10.0.0.0/8",
      topology: associationAllows({ fromPort: 443, toPort: 443, cidrIpv4: "10.0.0.0/8" }),
    },
    {
      name: "protocol -1 from the client's group",
      topology: associationAllows({
        ipProtocol: "-1",
        fromPort: -1,
        toPort: -1,
        referencedGroupInfo: { groupId: "sg-0aa1bb2cc3dd4ee5f" },
      }),
    },
    {
      name: "association without security groups (LAT-207's)",
      topology: topology({ vpcAssociations: [vpcAssociation({ securityGroupIds: [] })] }),
    },
    {
      name: "association not ACTIVE",
      topology: {
        ...associationAllows({ fromPort: 80, toPort: 80, cidrIpv4: "10.0.0.0/8" }),
        vpcAssociations: [vpcAssociation({ status: "CREATE_IN_PROGRESS" })],
      },
    },
  ],
  fail: [
    {
      name: "only 80 allowed, HTTPS:443 listener: critical",
      topology: associationAllows({ fromPort: 80, toPort: 80, cidrIpv4: "10.0.0.0/8" }),
      expect: {
        resource: IDS.vpcAssociation,
        severity: "critical",
        hop: "vpc-association",
        count: 1,
        titleIncludes: `Clients in ${IDS.consumerVpc} cannot reach port 443: the association's security group ${g} allows no inbound TCP 443 (only tcp 80 from 10.0.0.0/8)`,
      },
      assert([f]) {
        expect(f!.fix.commands).toEqual([
          `aws ec2 authorize-security-group-ingress --group-id ${g} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=10.0.0.0/8}]' --region us-east-1 --profile oncall`,
        ]);
      },
    },
    {
      name: "two listeners, only 80 open: error on 443",
      topology: {
        ...associationAllows({ fromPort: 80, toPort: 80, cidrIpv4: "10.0.0.0/8" }),
        listeners: [
          listener(),
          listener({ id: "listener-0d2e4f6a8b0c1d3e5", name: "http-80", protocol: "HTTP", port: 80 }),
        ],
      },
      expect: { resource: IDS.vpcAssociation, severity: "error", count: 1, titleIncludes: "port 443" },
    },
    {
      name: "no inbound rule at all; a second, open association keeps it an error",
      topology: {
        ...associationAllows(),
        vpcAssociations: [
          vpcAssociation(),
          vpcAssociation({
            id: "snva-0b3c5d7e9f1a2b4c6",
            vpcId: "vpc-0aa1bb2cc3dd4ee5f",
            securityGroupIds: [],
          }),
        ],
      },
      expect: { resource: IDS.vpcAssociation, severity: "error" },
      assert([f]) {
        expect(f!.fix.commands[0]).toContain(`aws ec2 describe-vpcs --vpc-ids ${IDS.consumerVpc}`);
      },
    },
  ],
});
