import { expect } from "vitest";
import check from "../../checks/lat-204-vpc-association-not-active.js";
import { checkTester } from "../support/check-tester.js";
import { IDS, topology, vpcAssociation } from "../support/topology.js";

const SECOND = "snva-0c4d6e8f0a2b46813";

checkTester(check, {
  pass: [
    { name: "one ACTIVE VPC association", topology: topology() },
    { name: "no VPC association (LAT-203's business)", topology: topology({ vpcAssociations: [] }) },
    {
      name: "two ACTIVE VPC associations",
      topology: topology({
        vpcAssociations: [vpcAssociation(), vpcAssociation({ id: SECOND, vpcId: "vpc-0b1c2d3e4f5a60718" })],
      }),
    },
  ],
  fail: [
    {
      name: "CREATE_FAILED with failureCode/failureMessage: the VPC is in another network",
      topology: topology({
        vpcAssociations: [
          vpcAssociation({
            status: "CREATE_FAILED",
            failureCode: "ConflictException",
            failureMessage: `VPC ${IDS.consumerVpc} is already associated with a service network`,
          }),
        ],
      }),
      expect: {
        resource: IDS.vpcAssociation,
        severity: "error",
        hop: "vpc-association",
        count: 1,
        titleIncludes: `Clients in ${IDS.consumerVpc} cannot use network prod-mesh (${IDS.serviceNetwork})`,
        detailIncludes: "already associated with a service network",
      },
      assert([f]) {
        expect(f!.evidence[0]).toEqual({
          call: "vpc-lattice:GetServiceNetworkVpcAssociation",
          observed: {
            id: IDS.vpcAssociation,
            serviceNetworkId: IDS.serviceNetwork,
            vpcId: IDS.consumerVpc,
            status: "CREATE_FAILED",
            failureCode: "ConflictException",
            failureMessage: `VPC ${IDS.consumerVpc} is already associated with a service network`,
          },
        });
        expect(f!.fix.commands[1]).toBe(
          `aws vpc-lattice create-service-network-vpc-association --service-network-identifier ${IDS.serviceNetwork} ` +
            `--vpc-identifier ${IDS.consumerVpc} --security-group-ids ${IDS.clientSecurityGroup} --region us-east-1 --profile oncall`,
        );
      },
    },
    {
      name: "one of two is UPDATE_FAILED, no failure fields",
      topology: topology({
        vpcAssociations: [
          vpcAssociation(),
          vpcAssociation({ id: SECOND, vpcId: "vpc-0b1c2d3e4f5a60718", status: "UPDATE_FAILED" }),
        ],
      }),
      expect: {
        resource: SECOND,
        severity: "error",
        count: 1,
        detailIncludes: "no failureCode or failureMessage",
      },
      assert([f]) {
        expect(f!.fix.commands[1]).toContain(
          `update-service-network-vpc-association --service-network-vpc-association-identifier ${SECOND}`,
        );
      },
    },
    {
      name: "being deleted",
      topology: topology({ vpcAssociations: [vpcAssociation({ status: "DELETE_IN_PROGRESS" })] }),
      expect: { resource: IDS.vpcAssociation, detailIncludes: "is being deleted" },
    },
  ],
});
