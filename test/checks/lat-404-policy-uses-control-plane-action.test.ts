import { expect } from "vitest";
import check from "../../checks/lat-404-policy-uses-control-plane-action.js";
import { checkTester } from "../support/check-tester.js";
import {
  ACCOUNT,
  IDS,
  authPolicies,
  authPolicy,
  authenticatedOnlyStatement,
  orgStatement,
  policyDocument,
  service,
  serviceNetwork,
  serviceNetworks,
  tlsListener,
  topology,
} from "../support/topology.js";

const iam = service({ authType: "AWS_IAM" });
const onService = (policy: string, authType = "AWS_IAM") =>
  topology({
    service: service({ authType }),
    authPolicies: authPolicies(authPolicy(IDS.service, { policy }), authPolicy(IDS.serviceNetwork)),
  });
const controlPlane = orgStatement({ Action: "vpc-lattice:*" });

checkTester(check, {
  pass: [
    { name: "no policies", topology: topology() },
    {
      name: "vpc-lattice-svcs:Invoke (statement object)",
      topology: onService(JSON.stringify({ Version: "2012-10-17", Statement: orgStatement() })),
    },
    {
      name: "vpc-lattice-svcs:* on the network",
      topology: topology({
        serviceNetworks: serviceNetworks(serviceNetwork({ authType: "AWS_IAM" })),
        authPolicies: authPolicies(
          authPolicy(IDS.service),
          authPolicy(IDS.serviceNetwork, { policy: policyDocument(authenticatedOnlyStatement()) }),
        ),
      }),
    },
    {
      name: "control-plane and data-plane actions in one statement",
      topology: onService(
        policyDocument(orgStatement({ Action: ["vpc-lattice:*", "vpc-lattice-svcs:Invoke"] })),
      ),
    },
    {
      name: "NotAction that does not exclude Invoke",
      topology: onService(
        policyDocument({
          Effect: "Allow",
          Principal: "*",
          NotAction: ["vpc-lattice:*", "s3:*"],
          Resource: "*",
        }),
      ),
    },
    {
      name: "a Deny of control-plane actions",
      topology: onService(policyDocument(orgStatement(), { ...controlPlane, Effect: "Deny" })),
    },
    {
      name: "an unparseable policy is not this code's business",
      topology: onService('{"Version":"2012-10-17","Statement":['),
    },
  ],
  fail: [
    {
      name: "vpc-lattice:* only, AWS_IAM: every request denied",
      topology: onService(policyDocument(controlPlane)),
      expect: {
        resource: IDS.service,
        severity: "critical",
        hop: "service",
        count: 1,
        titleIncludes: `The auth policy of service orders-api (${IDS.service}) allows control-plane actions`,
        detailIncludes: ["statement 1 allows vpc-lattice:*", "every request is denied (403)"],
      },
      assert([f]) {
        const corrected = policyDocument(orgStatement());
        expect(f!.fix.commands).toEqual([
          `aws vpc-lattice put-auth-policy --resource-identifier ${IDS.service} --policy '${corrected}' --region us-east-1 --profile oncall`,
        ]);
        expect(f!.evidence[1]).toEqual({
          call: "vpc-lattice:GetAuthPolicy",
          observed: { resourceIdentifier: IDS.service, policy: policyDocument(controlPlane) },
        });
      },
    },
    {
      name: "a statement object with an Action array of control-plane actions (vpc-lattice:Invoke typo)",
      topology: onService(
        JSON.stringify({
          Version: "2012-10-17",
          Statement: orgStatement({ Action: ["vpc-lattice:Invoke", "vpc-lattice:Get*"] }),
        }),
      ),
      expect: {
        severity: "critical",
        count: 1,
        detailIncludes: "allows vpc-lattice:Invoke, vpc-lattice:Get*",
      },
    },
    {
      name: "one statement of two: its callers are denied, error",
      topology: onService(
        policyDocument(
          orgStatement({ Sid: "Org" }),
          orgStatement({
            Sid: "Ops",
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/ops` },
            Action: "vpc-lattice:*",
            Condition: undefined,
          }),
        ),
      ),
      expect: { severity: "error", count: 1, detailIncludes: 'statement 2 (Sid "Ops") allows vpc-lattice:*' },
    },
    {
      name: "authType NONE: not enforced yet, warning",
      topology: onService(policyDocument(controlPlane), "NONE"),
      expect: { severity: "warning", count: 1, detailIncludes: "authType is NONE" },
    },
    {
      name: "network layer, TLS passthrough service: the fix uses Connect",
      topology: topology({
        service: iam,
        listeners: [tlsListener()],
        serviceNetworks: serviceNetworks(serviceNetwork({ authType: "AWS_IAM" })),
        authPolicies: authPolicies(
          authPolicy(IDS.service, { policy: policyDocument(orgStatement()) }),
          authPolicy(IDS.serviceNetwork, {
            policy: policyDocument({
              Effect: "Allow",
              Principal: "*",
              Action: "vpc-lattice:*",
              Resource: "*",
            }),
          }),
        ),
      }),
      expect: { resource: IDS.serviceNetwork, hop: "service-network", severity: "critical", count: 1 },
      assert([f]) {
        expect(f!.fix.commands[0]).toContain('"Action":"vpc-lattice-svcs:Connect"');
      },
    },
  ],
});
