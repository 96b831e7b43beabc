import { expect } from "vitest";
import check from "../../checks/lat-101-service-not-active.js";
import { checkTester } from "../support/check-tester.js";
import { IDS, service, topology } from "../support/topology.js";

checkTester(check, {
  pass: [
    { name: "ACTIVE service", topology: topology() },
    {
      name: "status not returned (UNKNOWN): no evidence either way",
      topology: topology({ service: service({ status: "UNKNOWN" }) }),
    },
  ],
  fail: [
    {
      name: "CREATE_FAILED with failureCode/failureMessage: critical, reason shown",
      topology: topology({
        service: service({
          status: "CREATE_FAILED",
          failureCode: "CERTIFICATE_NOT_FOUND",
          failureMessage: "The certificate could not be found in us-east-1",
        }),
      }),
      expect: {
        resource: IDS.service,
        severity: "critical",
        hop: "service",
        count: 1,
        titleIncludes: [
          "orders-api (svc-0e5b4c6a2d1f83a97) is CREATE_FAILED, not ACTIVE",
          "CERTIFICATE_NOT_FOUND: The certificate could not be found in us-east-1",
        ],
        detailIncludes: "failed to be created",
        affects: [IDS.service],
      },
      assert([f]) {
        expect(f!.evidence).toEqual([
          {
            call: "vpc-lattice:GetService",
            observed: {
              id: IDS.service,
              name: "orders-api",
              status: "CREATE_FAILED",
              failureCode: "CERTIFICATE_NOT_FOUND",
              failureMessage: "The certificate could not be found in us-east-1",
            },
          },
        ]);
        expect(f!.fix.commands).toContain(
          `aws vpc-lattice delete-service --service-identifier ${IDS.service} --region us-east-1 --profile oncall`,
        );
        expect(f!.fix.commands).toContain(
          "aws vpc-lattice create-service --name orders-api --region us-east-1 --profile oncall",
        );
      },
    },
    {
      name: "DELETE_IN_PROGRESS without failure fields",
      topology: topology({ service: service({ status: "DELETE_IN_PROGRESS", authType: "AWS_IAM" }) }),
      expect: {
        severity: "critical",
        detailIncludes: ["is being deleted", "no failureCode or failureMessage"],
      },
      assert([f]) {
        expect(
          f!.fix.commands.some((c) => c.includes("create-service --name orders-api --auth-type AWS_IAM")),
        ).toBe(true);
      },
    },
    {
      name: "CREATE_IN_PROGRESS, no profile: wait and watch",
      topology: topology({ service: service({ status: "CREATE_IN_PROGRESS" }) }),
      context: { profile: undefined },
      expect: { severity: "critical", titleIncludes: "is CREATE_IN_PROGRESS" },
      assert([f]) {
        expect(f!.fix.commands).toEqual([
          `aws vpc-lattice get-service --service-identifier ${IDS.service} --region us-east-1`,
        ]);
      },
    },
  ],
});
