import { expect } from "vitest";
import check from "../../checks/lat-401-iam-auth-without-policy.js";
import { checkTester } from "../support/check-tester.js";
import {
  ACCOUNT,
  IDS,
  allowAccountPolicy,
  authPolicies,
  authPolicy,
  service,
  serviceAssociation,
  serviceNetwork,
  serviceNetworks,
  topology,
} from "../support/topology.js";

const iamService = service({ authType: "AWS_IAM" });
const iamNetwork = serviceNetwork({ authType: "AWS_IAM" });
const otherNetwork = serviceNetwork({ id: IDS.serviceNetwork2, name: "shared-mesh", authType: "NONE" });

checkTester(check, {
  pass: [
    { name: "authType NONE on both layers", topology: topology() },
    {
      name: "AWS_IAM on the service with a policy",
      topology: topology({
        service: iamService,
        authPolicies: authPolicies(
          authPolicy(IDS.service, { policy: allowAccountPolicy(), state: "Active" }),
          authPolicy(IDS.serviceNetwork),
        ),
      }),
    },
    {
      name: "AWS_IAM on the network with a policy",
      topology: topology({
        serviceNetworks: serviceNetworks(iamNetwork),
        authPolicies: authPolicies(
          authPolicy(IDS.service),
          authPolicy(IDS.serviceNetwork, { policy: allowAccountPolicy("*"), state: "Active" }),
        ),
      }),
    },
    {
      name: "authType NONE with no policy is LAT-406's business",
      topology: topology({
        authPolicies: authPolicies(authPolicy(IDS.service, { policy: "" }), authPolicy(IDS.serviceNetwork)),
      }),
    },
    {
      name: "AWS_IAM but the policy was not read: the engine reports it",
      topology: topology({
        service: iamService,
        serviceNetworks: serviceNetworks(iamNetwork),
        authPolicies: {},
      }),
    },
  ],
  fail: [
    {
      name: "service AWS_IAM without a policy",
      topology: topology({ service: iamService }),
      expect: {
        resource: IDS.service,
        severity: "critical",
        hop: "service",
        count: 1,
        titleIncludes: `Service orders-api (${IDS.service}) requires AWS_IAM but has no auth policy: every request is denied (403)`,
      },
      assert([f]) {
        const policy = JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
              Action: "vpc-lattice-svcs:Invoke",
              Resource: `arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:service/${IDS.service}/*`,
            },
          ],
        });
        expect(f!.fix.commands).toEqual([
          `aws vpc-lattice put-auth-policy --resource-identifier ${IDS.service} --policy '${policy}' --region us-east-1 --profile oncall`,
          `aws vpc-lattice update-service --service-identifier ${IDS.service} --auth-type NONE --region us-east-1 --profile oncall`,
        ]);
        expect(f!.evidence).toEqual([
          {
            call: "vpc-lattice:GetService",
            observed: { id: IDS.service, name: "orders-api", authType: "AWS_IAM" },
          },
          { call: "vpc-lattice:GetAuthPolicy", observed: { resourceIdentifier: IDS.service, policy: null } },
        ]);
      },
    },
    {
      name: "service AWS_IAM with an empty policy document",
      topology: topology({
        service: iamService,
        authPolicies: authPolicies(authPolicy(IDS.service, { policy: "  " }), authPolicy(IDS.serviceNetwork)),
      }),
      expect: { resource: IDS.service, severity: "critical" },
    },
    {
      name: "network AWS_IAM without a policy",
      topology: topology({ serviceNetworks: serviceNetworks(iamNetwork) }),
      expect: {
        resource: IDS.serviceNetwork,
        severity: "critical",
        hop: "service-network",
        count: 1,
        titleIncludes: `Service network prod-mesh (${IDS.serviceNetwork}) requires AWS_IAM but has no auth policy`,
      },
      assert([f]) {
        expect(f!.fix.commands[0]).toContain(
          `put-auth-policy --resource-identifier ${IDS.serviceNetwork} --policy '{`,
        );
        expect(f!.fix.commands[0]).toContain(`"Resource":"*"`);
        expect(f!.fix.commands[1]).toBe(
          `aws vpc-lattice update-service-network --service-network-identifier ${IDS.serviceNetwork} --auth-type NONE --region us-east-1 --profile oncall`,
        );
      },
    },
    {
      name: "both layers: one finding each",
      topology: topology({ service: iamService, serviceNetworks: serviceNetworks(iamNetwork) }),
      expect: { count: 2, severity: "critical" },
      assert(findings) {
        expect(findings.map((f) => [f.hop, f.resource.id])).toEqual([
          ["service", IDS.service],
          ["service-network", IDS.serviceNetwork],
        ]);
      },
    },
    {
      name: "one of two networks denies: error, clients of the other get through",
      topology: topology({
        serviceAssociations: [
          serviceAssociation(),
          serviceAssociation({ id: "snsa-0b2c4d6e8f0a13579", serviceNetworkId: IDS.serviceNetwork2 }),
        ],
        serviceNetworks: serviceNetworks(iamNetwork, otherNetwork),
        authPolicies: authPolicies(
          authPolicy(IDS.service),
          authPolicy(IDS.serviceNetwork),
          authPolicy(IDS.serviceNetwork2),
        ),
      }),
      expect: { resource: IDS.serviceNetwork, severity: "error", count: 1 },
    },
    {
      name: "network owned by another account: the fix says where to run it",
      topology: topology({
        serviceNetworks: serviceNetworks(
          serviceNetwork({
            authType: "AWS_IAM",
            ownerAccountId: "444455556666",
            arn: `arn:aws:vpc-lattice:us-east-1:444455556666:servicenetwork/${IDS.serviceNetwork}`,
          }),
        ),
      }),
      expect: { resource: IDS.serviceNetwork },
      assert([f]) {
        expect(f!.fix.summary).toContain("run in account 444455556666");
      },
    },
  ],
});
