import { expect } from "vitest";
import check from "../../checks/lat-203-network-has-no-consumers.js";
import { checkTester } from "../support/check-tester.js";
import {
  IDS,
  MORE_IDS,
  serviceAssociation,
  serviceNetwork,
  serviceNetworks,
  topology,
  vpcAssociation,
  vpcEndpointAssociation,
} from "../support/topology.js";

const failedVpc = vpcAssociation({ status: "CREATE_FAILED" });

checkTester(check, {
  pass: [
    { name: "an ACTIVE VPC association", topology: topology({ vpcEndpointAssociations: [] }) },
    {
      name: "no VPC association, an endpoint in state 'Available' (any case)",
      topology: topology({ vpcAssociations: [], vpcEndpointAssociations: [vpcEndpointAssociation()] }),
    },
    {
      name: "no VPC association, endpoints not read: say nothing",
      topology: topology({ vpcAssociations: [] }),
    },
    {
      name: "not in any network: LAT-201's",
      topology: topology({ serviceAssociations: [], vpcAssociations: [], vpcEndpointAssociations: [] }),
    },
    {
      name: "the network belongs to another account: its consumers are not all visible here",
      topology: topology({
        serviceNetworks: serviceNetworks(serviceNetwork({ ownerAccountId: "444455556666" })),
        vpcAssociations: [],
        vpcEndpointAssociations: [],
      }),
    },
  ],
  fail: [
    {
      name: "no VPC association and no endpoint",
      topology: topology({ vpcAssociations: [], vpcEndpointAssociations: [] }),
      expect: {
        resource: IDS.serviceNetwork,
        severity: "critical",
        hop: "vpc-association",
        count: 1,
        titleIncludes: `No VPC can reach orders-api (${IDS.service}): its network prod-mesh (${IDS.serviceNetwork}) has no ACTIVE VPC association and no available service-network endpoint`,
      },
      assert([f]) {
        expect(f!.evidence).toEqual([
          {
            call: "vpc-lattice:ListServiceNetworkVpcAssociations",
            observed: { serviceNetworkIdentifier: IDS.serviceNetwork, items: [] },
          },
          {
            call: "vpc-lattice:ListServiceNetworkVpcEndpointAssociations",
            observed: { serviceNetworkIdentifier: IDS.serviceNetwork, items: [] },
          },
        ]);
        expect(f!.fix.commands[0]).toBe(
          `aws vpc-lattice create-service-network-vpc-association --service-network-identifier ${IDS.serviceNetwork} ` +
            "--vpc-identifier <client-vpc-id> --security-group-ids <sg-id> --region us-east-1 --profile oncall",
        );
      },
    },
    {
      name: "the VPC association failed and the endpoint is pending",
      topology: topology({
        vpcAssociations: [failedVpc],
        vpcEndpointAssociations: [vpcEndpointAssociation({ state: "pending" })],
      }),
      expect: {
        severity: "critical",
        detailIncludes: [
          `VPC association ${IDS.vpcAssociation} (${IDS.consumerVpc}) is CREATE_FAILED`,
          "pending",
        ],
      },
    },
    {
      name: "two networks, neither has consumers: the finding is about the service",
      topology: topology({
        serviceAssociations: [
          serviceAssociation(),
          serviceAssociation({ id: "snsa-0b2c4d6e8f0a13579", serviceNetworkId: IDS.serviceNetwork2 }),
        ],
        serviceNetworks: serviceNetworks(
          serviceNetwork(),
          serviceNetwork({ id: IDS.serviceNetwork2, name: "shared-mesh" }),
        ),
        vpcAssociations: [],
        vpcEndpointAssociations: [],
      }),
      expect: {
        resource: IDS.service,
        count: 1,
        titleIncludes: `none of its networks (prod-mesh (${IDS.serviceNetwork}), shared-mesh (${IDS.serviceNetwork2}))`,
        affects: [IDS.serviceNetwork, IDS.serviceNetwork2, IDS.service],
      },
      assert([f]) {
        expect(f!.evidence).toHaveLength(4);
        expect(f!.fix.commands[0]).toContain("--service-network-identifier <sn-id>");
      },
    },
    {
      name: "the consumers are on a network whose service association is not ACTIVE",
      topology: topology({
        serviceAssociations: [
          serviceAssociation(),
          serviceAssociation({
            id: "snsa-0b2c4d6e8f0a13579",
            serviceNetworkId: IDS.serviceNetwork2,
            status: "CREATE_FAILED",
          }),
        ],
        serviceNetworks: serviceNetworks(
          serviceNetwork(),
          serviceNetwork({ id: IDS.serviceNetwork2, name: "shared-mesh" }),
        ),
        vpcAssociations: [vpcAssociation({ serviceNetworkId: IDS.serviceNetwork2 })],
        vpcEndpointAssociations: [
          vpcEndpointAssociation({
            serviceNetworkId: IDS.serviceNetwork2,
            vpcEndpointId: MORE_IDS.vpcEndpoint,
          }),
        ],
      }),
      expect: { resource: IDS.serviceNetwork, count: 1 },
    },
  ],
});
