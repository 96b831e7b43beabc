import { expect } from "vitest";
import check from "../../checks/lat-402-auth-policy-inactive.js";
import { checkTester } from "../support/check-tester.js";
import {
  IDS,
  authPolicies,
  authPolicy,
  orgStatement,
  policyDocument,
  service,
  serviceNetwork,
  serviceNetworks,
  topology,
} from "../support/topology.js";

const POLICY = policyDocument(orgStatement());

checkTester(check, {
  pass: [
    { name: "NONE and no policy", topology: topology() },
    {
      name: "AWS_IAM with an Active policy",
      topology: topology({
        service: service({ authType: "AWS_IAM" }),
        authPolicies: authPolicies(
          authPolicy(IDS.service, { policy: POLICY, state: "Active" }),
          authPolicy(IDS.serviceNetwork),
        ),
      }),
    },
    {
      name: "NONE with an empty policy body",
      topology: topology({
        authPolicies: authPolicies(authPolicy(IDS.service, { policy: "" }), authPolicy(IDS.serviceNetwork)),
      }),
    },
  ],
  fail: [
    {
      name: "a policy stored on a service whose authType is NONE",
      topology: topology({
        authPolicies: authPolicies(
          authPolicy(IDS.service, { policy: POLICY, state: "Inactive" }),
          authPolicy(IDS.serviceNetwork),
        ),
      }),
      expect: {
        resource: IDS.service,
        severity: "warning",
        hop: "service",
        count: 1,
        titleIncludes: `Service orders-api (${IDS.service}) has an auth policy that is not enforced`,
        detailIncludes: "state Inactive",
        affects: [IDS.service],
      },
      assert([f]) {
        expect(f!.evidence).toEqual([
          {
            call: "vpc-lattice:GetService",
            observed: { id: IDS.service, name: "orders-api", authType: "NONE" },
          },
          {
            call: "vpc-lattice:GetAuthPolicy",
            observed: { resourceIdentifier: IDS.service, policy: POLICY, state: "Inactive" },
          },
        ]);
        expect(f!.fix.commands).toEqual([
          `aws vpc-lattice update-service --service-identifier ${IDS.service} --auth-type AWS_IAM --region us-east-1 --profile oncall`,
          `aws vpc-lattice delete-auth-policy --resource-identifier ${IDS.service} --region us-east-1 --profile oncall`,
        ]);
      },
    },
    {
      name: "a policy stored on the network (NONE), the service checks identity",
      topology: topology({
        service: service({ authType: "AWS_IAM" }),
        authPolicies: authPolicies(
          authPolicy(IDS.service, { policy: POLICY, state: "Active" }),
          authPolicy(IDS.serviceNetwork, {
            policy: policyDocument(orgStatement({ Resource: "*" })),
            state: "Inactive",
          }),
        ),
      }),
      expect: {
        resource: IDS.serviceNetwork,
        hop: "service-network",
        count: 1,
        titleIncludes: "Service network prod-mesh",
      },
      assert([f]) {
        expect(f!.fix.commands[0]).toContain(
          `update-service-network --service-network-identifier ${IDS.serviceNetwork} --auth-type AWS_IAM`,
        );
      },
    },
    {
      name: "another account's network: the fix says where to run it",
      topology: topology({
        serviceNetworks: serviceNetworks(serviceNetwork({ ownerAccountId: "444455556666" })),
        authPolicies: authPolicies(
          authPolicy(IDS.service),
          authPolicy(IDS.serviceNetwork, { policy: POLICY }),
        ),
      }),
      expect: { resource: IDS.serviceNetwork },
      assert([f]) {
        expect(f!.fix.summary).toContain("run in account 444455556666");
      },
    },
  ],
});
