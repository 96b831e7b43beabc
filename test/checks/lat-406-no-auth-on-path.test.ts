import { expect } from "vitest";
import check from "../../checks/lat-406-no-auth-on-path.js";
import { checkTester } from "../support/check-tester.js";
import {
  IDS,
  authPolicies,
  authPolicy,
  orgStatement,
  policyDocument,
  service,
  serviceAssociation,
  serviceNetwork,
  serviceNetworks,
  topology,
} from "../support/topology.js";

const secondNetwork = serviceNetwork({ id: IDS.serviceNetwork2, name: "shared-mesh" });
const twoAssociations = [
  serviceAssociation(),
  serviceAssociation({ id: "snsa-0b2c4d6e8f0a13579", serviceNetworkId: IDS.serviceNetwork2 }),
];

checkTester(check, {
  pass: [
    {
      name: "the service checks identity",
      topology: topology({
        service: service({ authType: "AWS_IAM" }),
        authPolicies: authPolicies(
          authPolicy(IDS.service, { policy: policyDocument(orgStatement()) }),
          authPolicy(IDS.serviceNetwork),
        ),
      }),
    },
    {
      name: "the network checks identity",
      topology: topology({ serviceNetworks: serviceNetworks(serviceNetwork({ authType: "AWS_IAM" })) }),
    },
    {
      name: "one of two networks checks identity",
      topology: topology({
        serviceAssociations: twoAssociations,
        serviceNetworks: serviceNetworks(serviceNetwork(), { ...secondNetwork, authType: "AWS_IAM" }),
      }),
    },
    { name: "not in any network", topology: topology({ serviceAssociations: [], serviceNetworks: {} }) },
    { name: "the network was not read", topology: topology({ serviceNetworks: {} }) },
  ],
  fail: [
    {
      name: "NONE on the service and its network (the builders' default)",
      topology: topology(),
      expect: {
        resource: IDS.service,
        severity: "info",
        hop: "service",
        count: 1,
        titleIncludes: `Anyone in a connected VPC can call orders-api (${IDS.service}): authType is NONE on the service and on its network prod-mesh`,
        detailIncludes: `from any workload in ${IDS.consumerVpc}`,
      },
      assert([f]) {
        expect(f!.evidence).toEqual([
          {
            call: "vpc-lattice:GetService",
            observed: { id: IDS.service, name: "orders-api", authType: "NONE" },
          },
          {
            call: "vpc-lattice:GetServiceNetwork",
            observed: { id: IDS.serviceNetwork, name: "prod-mesh", authType: "NONE" },
          },
        ]);
        expect(f!.fix.commands[1]).toBe(
          `aws vpc-lattice update-service --service-identifier ${IDS.service} --auth-type AWS_IAM --region us-east-1 --profile oncall`,
        );
      },
    },
    {
      name: "NONE on both networks",
      topology: topology({
        serviceAssociations: twoAssociations,
        serviceNetworks: serviceNetworks(serviceNetwork(), secondNetwork),
      }),
      expect: { resource: IDS.service, count: 1, titleIncludes: "on all 2 of its networks" },
    },
  ],
});
