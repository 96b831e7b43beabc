import { expect } from "vitest";
import check from "../../checks/lat-202-service-association-not-active.js";
import { checkTester } from "../support/check-tester.js";
import { IDS, serviceAssociation, topology } from "../support/topology.js";

const SECOND = "snsa-0b2c4d6e8f0a13579";
const failed = serviceAssociation({
  status: "CREATE_FAILED",
  failureCode: "ServiceNetworkNotFound",
  failureMessage: "The service network sn-0c4f1a2b3d5e6f789 was not found.",
});

checkTester(check, {
  pass: [
    { name: "one ACTIVE association", topology: topology() },
    { name: "no association at all is LAT-201's", topology: topology({ serviceAssociations: [] }) },
    {
      name: "two ACTIVE associations",
      topology: topology({
        serviceAssociations: [
          serviceAssociation(),
          serviceAssociation({ id: SECOND, serviceNetworkId: IDS.serviceNetwork2 }),
        ],
      }),
    },
  ],
  fail: [
    {
      name: "the only association failed to create: critical, with failureCode/failureMessage",
      topology: topology({ serviceAssociations: [failed] }),
      expect: {
        resource: IDS.serviceAssociation,
        severity: "critical",
        hop: "service-association",
        count: 1,
        titleIncludes: `association ${IDS.serviceAssociation} is CREATE_FAILED`,
        detailIncludes: ["ServiceNetworkNotFound", "every client fails"],
      },
      assert([f]) {
        expect(f!.evidence).toEqual([
          {
            call: "vpc-lattice:GetServiceNetworkServiceAssociation",
            observed: {
              id: IDS.serviceAssociation,
              serviceId: IDS.service,
              serviceNetworkId: IDS.serviceNetwork,
              status: "CREATE_FAILED",
              failureCode: "ServiceNetworkNotFound",
              failureMessage: "The service network sn-0c4f1a2b3d5e6f789 was not found.",
            },
          },
        ]);
        expect(f!.fix.commands[0]).toBe(
          "aws vpc-lattice delete-service-network-service-association " +
            `--service-network-service-association-identifier ${IDS.serviceAssociation} --region us-east-1 --profile oncall`,
        );
        expect(f!.fix.commands[1]).toContain(
          `--service-identifier ${IDS.service} --service-network-identifier ${IDS.serviceNetwork}`,
        );
      },
    },
    {
      name: "still being created, no failure fields: critical, says so",
      topology: topology({ serviceAssociations: [serviceAssociation({ status: "CREATE_IN_PROGRESS" })] }),
      expect: {
        severity: "critical",
        count: 1,
        detailIncludes: ["is still being created", "no failureCode or failureMessage"],
      },
      assert([f]) {
        expect(f!.evidence[0]!.observed).not.toHaveProperty("failureCode");
      },
    },
    {
      name: "one of two failed: error, clients of the other network get through",
      topology: topology({
        serviceAssociations: [
          serviceAssociation(),
          serviceAssociation({ id: SECOND, serviceNetworkId: IDS.serviceNetwork2, status: "DELETE_FAILED" }),
        ],
      }),
      expect: { resource: SECOND, severity: "error", count: 1, detailIncludes: "another ACTIVE association" },
    },
  ],
});
