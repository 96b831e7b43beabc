import { expect } from "vitest";
import check from "../../checks/lat-207-vpc-association-without-security-groups.js";
import { checkTester } from "../support/check-tester.js";
import { IDS, listener, tlsListener, topology, vpcAssociation } from "../support/topology.js";

const open = vpcAssociation({ securityGroupIds: [] });

checkTester(check, {
  pass: [
    { name: "the association has a security group", topology: topology() },
    {
      name: "security groups not read (GetServiceNetworkVpcAssociation failed): say nothing",
      topology: topology({ vpcAssociations: [vpcAssociation({ securityGroupIds: undefined })] }),
    },
    {
      name: "an association that failed to create carries no traffic",
      topology: topology({
        vpcAssociations: [vpcAssociation({ securityGroupIds: [], status: "CREATE_FAILED" })],
      }),
    },
  ],
  fail: [
    {
      name: "no security groups",
      topology: topology({ vpcAssociations: [open] }),
      expect: {
        resource: IDS.vpcAssociation,
        severity: "warning",
        hop: "vpc-association",
        count: 1,
        titleIncludes: `Every workload in ${IDS.consumerVpc} can reach every service in network prod-mesh`,
      },
      assert([f]) {
        expect(f!.evidence[0]!.observed).toMatchObject({ securityGroupIds: [], vpcId: IDS.consumerVpc });
        expect(f!.fix.commands.at(-1)).toBe(
          "aws vpc-lattice update-service-network-vpc-association " +
            `--service-network-vpc-association-identifier ${IDS.vpcAssociation} --security-group-ids <sg-id> --region us-east-1 --profile oncall`,
        );
        expect(f!.fix.commands[0]).toContain(
          `aws ec2 create-security-group --group-name lattice-clients-prod-mesh`,
        );
        expect(f!.fix.commands[0]).toContain(`--vpc-id ${IDS.consumerVpc}`);
        expect(f!.fix.commands[1]).toContain(
          "authorize-security-group-ingress --group-id <sg-id> --protocol tcp --port 443",
        );
      },
    },
    {
      name: "two listeners: one ingress rule per listener port",
      topology: topology({
        listeners: [listener(), tlsListener({ port: 8443 })],
        vpcAssociations: [
          vpcAssociation(),
          vpcAssociation({ id: "snva-0c4d6e8f0a2b46813", securityGroupIds: [] }),
        ],
      }),
      expect: { resource: "snva-0c4d6e8f0a2b46813", count: 1, detailIncludes: "listener ports 443, 8443" },
      assert([f]) {
        expect(f!.fix.commands.filter((c) => c.includes("authorize-security-group-ingress"))).toHaveLength(2);
      },
    },
  ],
});
