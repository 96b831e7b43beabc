import { expect } from "vitest";
import check from "../../checks/lat-201-service-not-in-any-network.js";
import { checkTester } from "../support/check-tester.js";
import { IDS, serviceAssociation, topology } from "../support/topology.js";

checkTester(check, {
  pass: [
    { name: "one ACTIVE association", topology: topology() },
    {
      name: "an association that is not ACTIVE is LAT-202's",
      topology: topology({ serviceAssociations: [serviceAssociation({ status: "CREATE_FAILED" })] }),
    },
    {
      name: "two associations",
      topology: topology({
        serviceAssociations: [
          serviceAssociation(),
          serviceAssociation({ id: "snsa-0b2c4d6e8f0a13579", serviceNetworkId: IDS.serviceNetwork2 }),
        ],
      }),
    },
  ],
  fail: [
    {
      name: "no association at all",
      topology: topology({ serviceAssociations: [], serviceNetworks: {}, vpcAssociations: [] }),
      expect: {
        resource: IDS.service,
        severity: "critical",
        count: 1,
        titleIncludes: `Service orders-api (${IDS.service}) is in no service network`,
      },
      assert([f]) {
        expect(f!.evidence).toEqual([
          {
            call: "vpc-lattice:ListServiceNetworkServiceAssociations",
            observed: { serviceIdentifier: IDS.service, items: [] },
          },
        ]);
        expect(f!.fix.commands[1]).toBe(
          `aws vpc-lattice create-service-network-service-association --service-identifier ${IDS.service} ` +
            "--service-network-identifier <sn-id> --region us-east-1 --profile oncall",
        );
      },
    },
    {
      name: "no association, other region and no profile",
      topology: topology({ region: "eu-west-1", serviceAssociations: [], serviceNetworks: {} }),
      context: { region: "eu-west-1", profile: undefined },
      expect: { resource: IDS.service },
      assert([f]) {
        for (const command of f!.fix.commands) expect(command).toMatch(/--region eu-west-1$/);
      },
    },
  ],
});
