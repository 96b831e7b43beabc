import { expect } from "vitest";
import check from "../../checks/lat-407-resource-configurations-unprotected.js";
import { checkTester } from "../support/check-tester.js";
import {
  IDS,
  MORE_IDS,
  resourceAssociation,
  serviceNetwork,
  serviceNetworks,
  topology,
} from "../support/topology.js";

checkTester(check, {
  pass: [
    { name: "resource associations not read", topology: topology() },
    { name: "no resource configuration in the network", topology: topology({ resourceAssociations: [] }) },
    {
      name: "only a failed association",
      topology: topology({ resourceAssociations: [resourceAssociation({ status: "CREATE_FAILED" })] }),
    },
    {
      name: "a resource configuration in another network",
      topology: topology({
        resourceAssociations: [resourceAssociation({ serviceNetworkId: IDS.serviceNetwork2 })],
      }),
    },
  ],
  fail: [
    {
      name: "a database in an AWS_IAM network",
      topology: topology({
        serviceNetworks: serviceNetworks(serviceNetwork({ authType: "AWS_IAM" })),
        resourceAssociations: [resourceAssociation()],
      }),
      expect: {
        resource: IDS.serviceNetwork,
        severity: "warning",
        hop: "service-network",
        count: 1,
        titleIncludes: `1 resource configuration in network prod-mesh (${IDS.serviceNetwork}) is not covered by its auth policy`,
        detailIncludes: [`orders-db (${MORE_IDS.resourceConfiguration})`, "AWS_IAM auth policy"],
      },
      assert([f]) {
        expect(f!.evidence[1]).toEqual({
          call: "vpc-lattice:ListServiceNetworkResourceAssociations",
          observed: {
            serviceNetworkIdentifier: IDS.serviceNetwork,
            items: [
              {
                id: MORE_IDS.resourceAssociation,
                status: "ACTIVE",
                resourceConfigurationId: MORE_IDS.resourceConfiguration,
                resourceConfigurationName: "orders-db",
              },
            ],
          },
        });
        expect(f!.fix.commands[0]).toBe(
          `aws vpc-lattice get-resource-configuration --resource-configuration-identifier ${MORE_IDS.resourceConfiguration} --region us-east-1 --profile oncall`,
        );
      },
    },
    {
      name: "two resource configurations in a NONE network",
      topology: topology({
        resourceAssociations: [
          resourceAssociation(),
          resourceAssociation({
            id: "snra-0f1e2d3c4b5a69788",
            resourceConfigurationId: "rcfg-0c1d2e3f4a5b6c7d8",
            resourceConfigurationName: "ledger-db",
            status: "PARTIAL",
          }),
        ],
      }),
      expect: {
        resource: IDS.serviceNetwork,
        count: 1,
        titleIncludes: "2 resource configurations",
        detailIncludes: "ledger-db",
      },
    },
  ],
});
