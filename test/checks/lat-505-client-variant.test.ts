/** LAT-505's --from variant: the client's association must admit the client itself. */
import { expect } from "vitest";
import lat505 from "../../checks/lat-505-association-sg-blocks-listener.js";
import { checkTester } from "../support/check-tester.js";
import {
  IDS,
  associationSecurityGroup,
  egressAllRule,
  securityGroup,
  securityGroups,
  sgRule,
  vpcEndpointAssociation,
} from "../support/topology.js";
import { CLIENT_IDS, clientGroup, clientTopology } from "../support/xacct.js";

const ASG = IDS.clientSecurityGroup; // the association's group
const inbound = (overrides: Parameters<typeof sgRule>[0]) =>
  sgRule({ groupId: ASG, fromPort: 443, toPort: 443, ...overrides });

function admitting(rule: ReturnType<typeof sgRule>, clientOverrides = {}) {
  return clientTopology(clientOverrides, {
    securityGroups: securityGroups(
      securityGroup(),
      associationSecurityGroup({ rules: [rule, egressAllRule(ASG)] }),
      clientGroup(),
    ),
  });
}

checkTester(lat505, {
  pass: [
    {
      name: "the association admits the consumer VPC's CIDR, which holds the client",
      topology: clientTopology(),
    },
    {
      name: "the association admits the client's security group",
      topology: admitting(
        inbound({ referencedGroupInfo: { groupId: CLIENT_IDS.securityGroup, userId: "111122223333" } }),
      ),
    },
    {
      name: "the association admits the client's subnet",
      topology: admitting(inbound({ cidrIpv4: "10.20.1.0/24" })),
    },
    {
      name: "a customer prefix list: its entries are unknown, no certain finding",
      topology: admitting(inbound({ prefixListId: "pl-0a9b8c7d6e5f43210" })),
    },
    {
      name: "a VPC as the client: a group reference might admit some of its workloads",
      topology: admitting(inbound({ referencedGroupInfo: { groupId: "sg-0aa1bb2cc3dd4ee5f" } }), {
        kind: "vpc",
        input: IDS.consumerVpc,
        securityGroupIds: [],
        privateIpAddress: undefined,
      }),
    },
  ],
  fail: [
    {
      name: "443 is open only to another subnet of the VPC",
      topology: admitting(inbound({ cidrIpv4: "10.20.2.0/24" })),
      expect: {
        resource: CLIENT_IDS.vpcAssociation,
        severity: "critical",
        hop: "vpc-association",
        titleIncludes: [CLIENT_IDS.instance, "tcp 443 from 10.20.2.0/24"],
      },
      assert: (findings) => {
        const client = findings.find((f) => f.resource.id === CLIENT_IDS.vpcAssociation)!;
        expect(client.fix.commands[0]).toContain(
          `aws ec2 authorize-security-group-ingress --group-id ${ASG} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId=${CLIENT_IDS.securityGroup}}]'`,
        );
      },
    },
    {
      name: "443 is open only to another security group",
      topology: admitting(inbound({ referencedGroupInfo: { groupId: "sg-0aa1bb2cc3dd4ee5f" } })),
      expect: { resource: CLIENT_IDS.vpcAssociation, titleIncludes: "security group sg-0aa1bb2cc3dd4ee5f" },
    },
    {
      name: "a VPC as the client: the rule covers another VPC's range only",
      topology: admitting(inbound({ cidrIpv4: "10.30.0.0/16" }), {
        kind: "vpc",
        input: IDS.consumerVpc,
        securityGroupIds: [],
        privateIpAddress: undefined,
      }),
      expect: { resource: CLIENT_IDS.vpcAssociation },
    },
    {
      name: "an available endpoint leaves the client another way in: error, not critical",
      topology: {
        ...admitting(inbound({ cidrIpv4: "10.20.2.0/24" })),
        vpcEndpointAssociations: [vpcEndpointAssociation({ state: "available" })],
        client: {
          ...admitting(inbound({ cidrIpv4: "10.20.2.0/24" })).client!,
          vpcEndpoints: [
            {
              vpcEndpointId: CLIENT_IDS.endpoint,
              serviceNetworkArn: `arn:aws:vpc-lattice:us-east-1:111122223333:servicenetwork/${IDS.serviceNetwork}`,
              state: "available",
              securityGroupIds: [],
            },
          ],
        },
      },
      expect: { resource: CLIENT_IDS.vpcAssociation, severity: "error" },
    },
  ],
});
