import { expect } from "vitest";
import check from "../../checks/lat-410-denial-explained.js";
import type { CheckContext } from "../../src/core/check.js";
import { explainErrorText } from "../../src/policy/error-text.js";
import { checkTester } from "../support/check-tester.js";
import {
  ACCOUNT,
  IDS,
  allowAccountPolicy,
  authPolicies,
  authPolicy,
  failure,
  service,
  serviceArnOf,
  serviceAssociation,
  serviceNetwork,
  serviceNetworks,
  topology,
} from "../support/topology.js";

const ROLE_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/orders-client/i-0a1b2c3d4e5f60718`;
const denial = (layer: string, user = ROLE_SESSION, svc: string = IDS.service): string =>
  `AccessDeniedException: User: ${user} is not authorized to perform: vpc-lattice-svcs:Invoke on resource: ` +
  `arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:service/${svc}/orders because no ${layer}-based policy allows the vpc-lattice-svcs:Invoke action`;

/** The context doctor builds for `--error "<text>"`. */
function pasted(text: string): Partial<CheckContext> {
  const match = explainErrorText(text);
  return { pastedError: match ? { text, match } : { text } };
}

const iamNetwork = serviceNetwork({ authType: "AWS_IAM" });
const iamService = service({ authType: "AWS_IAM" });
const withPolicies = authPolicies(
  authPolicy(IDS.service, { policy: allowAccountPolicy(), state: "Active" }),
  authPolicy(IDS.serviceNetwork, { policy: allowAccountPolicy("*"), state: "Active" }),
);

checkTester(check, {
  pass: [
    { name: "no --error", topology: topology({ service: iamService }) },
    {
      name: "--error with a text the mapping does not know",
      topology: topology({ service: iamService }),
      context: pasted("upstream connect error or disconnect/reset before headers"),
    },
    {
      name: "--error with an API Gateway denial (near miss)",
      topology: topology(),
      context: pasted(
        '{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:111122223333:a1b2c3d4e5/prod/GET/"}',
      ),
    },
  ],
  fail: [
    {
      name: "network-based, the network has AWS_IAM and no policy",
      topology: topology({ serviceNetworks: serviceNetworks(iamNetwork) }),
      context: pasted(denial("network", "anonymous")),
      expect: {
        resource: IDS.serviceNetwork,
        severity: "critical",
        hop: "service-network",
        count: 1,
        titleIncludes: [
          `The 403 comes from the auth policy of service network prod-mesh (${IDS.serviceNetwork})`,
          "an unsigned (anonymous) request",
        ],
        detailIncludes: ["no auth policy, so it denies every request (LAT-401)", "anonymous principal"],
        affects: [IDS.serviceNetwork],
      },
      assert([f]) {
        expect(f!.evidence[0]).toEqual({
          call: "vpc-lattice-svcs:Invoke",
          observed: {
            errorText: denial("network", "anonymous"),
            principal: "anonymous",
            resource: `${serviceArnOf()}/orders`,
          },
        });
        expect(f!.evidence.slice(1)).toEqual([
          {
            call: "vpc-lattice:GetServiceNetwork",
            observed: { id: IDS.serviceNetwork, name: "prod-mesh", authType: "AWS_IAM" },
          },
          {
            call: "vpc-lattice:GetAuthPolicy",
            observed: { resourceIdentifier: IDS.serviceNetwork, hasPolicy: false },
          },
        ]);
        expect(f!.fix.commands).toEqual([
          `aws vpc-lattice get-auth-policy --resource-identifier ${IDS.serviceNetwork} --region us-east-1 --profile oncall`,
        ]);
        expect(f!.fix.summary).toContain("sign the request");
      },
    },
    {
      name: "service-based, signed caller, the service has a policy",
      topology: topology({ service: iamService, authPolicies: withPolicies }),
      context: pasted(denial("service")),
      expect: {
        resource: IDS.service,
        hop: "service",
        titleIncludes: `auth policy of service orders-api (${IDS.service}): it does not allow ${ROLE_SESSION}`,
        detailIncludes: "has authType AWS_IAM and an auth policy (state Active)",
      },
      assert([f]) {
        expect(f!.fix.commands).toEqual([
          `aws vpc-lattice get-auth-policy --resource-identifier ${IDS.service} --region us-east-1 --profile oncall`,
          `lattice doctor ${IDS.service} --as ${ROLE_SESSION} --region us-east-1 --profile oncall`,
        ]);
        expect(f!.evidence[2]).toEqual({
          call: "vpc-lattice:GetAuthPolicy",
          observed: { resourceIdentifier: IDS.service, hasPolicy: true, state: "Active" },
        });
      },
    },
    {
      name: "service-based, but the service's authType is NONE: the error is older than the configuration",
      topology: topology(),
      context: pasted(denial("service")),
      expect: {
        resource: IDS.service,
        severity: "info",
        titleIncludes: `names the service-based policy, but ${IDS.service} does not check identity now`,
        detailIncludes: [
          "authType NONE: it does not check identity now",
          "cannot have produced this denial today",
        ],
      },
      assert([f]) {
        expect(f!.fix.summary).toMatch(/^Check when the client saw this error/);
        expect(f!.fix.commands[1]).toMatch(
          /^lattice probe https:\/\/orders-api-.*\.on\.aws\/ --region us-east-1 --profile oncall$/,
        );
      },
    },
    {
      name: "network-based with two networks enforcing IAM: the service is the resource, both are named",
      topology: topology({
        serviceAssociations: [
          serviceAssociation(),
          serviceAssociation({ id: "snsa-0b2c4d6e8f0a13579", serviceNetworkId: IDS.serviceNetwork2 }),
        ],
        serviceNetworks: serviceNetworks(
          iamNetwork,
          serviceNetwork({ id: IDS.serviceNetwork2, name: "shared-mesh", authType: "AWS_IAM" }),
        ),
        authPolicies: authPolicies(
          authPolicy(IDS.service),
          authPolicy(IDS.serviceNetwork),
          authPolicy(IDS.serviceNetwork2),
        ),
      }),
      context: pasted(denial("network")),
      expect: {
        resource: IDS.service,
        titleIncludes: `one of the service networks ${IDS.serviceNetwork} and ${IDS.serviceNetwork2}`,
      },
      assert([f]) {
        expect(f!.fix.commands.filter((c) => c.includes("get-auth-policy"))).toHaveLength(2);
      },
    },
    {
      name: "explicit deny in a network-based policy",
      topology: topology({ serviceNetworks: serviceNetworks(iamNetwork), authPolicies: withPolicies }),
      context: pasted(
        `User: ${ROLE_SESSION} is not authorized to perform: vpc-lattice-svcs:Invoke on resource: ${serviceArnOf()}/admin with an explicit deny in a network-based policy`,
      ),
      expect: { resource: IDS.serviceNetwork, titleIncludes: "explicitly denies" },
      assert([f]) {
        expect(f!.fix.summary).toMatch(/^Find the Deny statement/);
      },
    },
    {
      name: "identity-based: the caller's role, with the statement to add",
      topology: topology({ service: iamService, authPolicies: withPolicies }),
      context: pasted(denial("identity")),
      expect: {
        resource: `arn:aws:iam::${ACCOUNT}:role/orders-client`,
        hop: "client",
        titleIncludes: "the caller's own permissions (identity-based)",
      },
      assert([f]) {
        const [simulate, put, as] = f!.fix.commands;
        expect(simulate).toBe(
          `aws iam simulate-principal-policy --policy-source-arn arn:aws:iam::${ACCOUNT}:role/orders-client --action-names vpc-lattice-svcs:Invoke --resource-arns '${serviceArnOf()}/*' --profile oncall`,
        );
        expect(put).toContain("aws iam put-role-policy --role-name orders-client");
        expect(put).toContain(`"Resource":"${serviceArnOf()}/*"`);
        expect(as).toContain(`lattice doctor ${IDS.service} --as`);
      },
    },
    {
      name: "signing fault: wrong signing name, with a probe to compare",
      topology: topology({ service: iamService }),
      context: pasted(
        "authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250319/us-east-1/vpc-lattice/aws4_request, SignedHeaders=host;x-amz-date, Signature=5d67",
      ),
      expect: {
        resource: IDS.service,
        hop: "client",
        severity: "critical",
        titleIncludes: "fail at the client's signing, before any policy",
        detailIncludes: `service orders-api (${IDS.service}) has authType AWS_IAM`,
      },
      assert([f]) {
        expect(f!.fix.summary).toContain("vpc-lattice-svcs");
        expect(f!.fix.commands).toEqual([
          `lattice probe https://orders-api-${IDS.service.slice(4)}.7d67968.vpc-lattice-svcs.us-east-1.on.aws/ --region us-east-1 --profile oncall`,
        ]);
      },
    },
    {
      name: "signing fault: signed payload",
      topology: topology(),
      context: pasted("InvalidSignatureException: Signed payloads are not supported"),
      expect: { resource: IDS.service, detailIncludes: "No layer of this service has authType AWS_IAM" },
      assert([f]) {
        expect(f!.fix.summary).toContain("UNSIGNED-PAYLOAD");
        expect(f!.evidence[0]!.observed).toEqual({
          errorText: "Signed payloads are not supported",
        });
      },
    },
    {
      name: "unsigned request with no layer phrase",
      topology: topology({ service: iamService }),
      context: pasted(
        `AccessDeniedException: User: anonymous is not authorized to perform: vpc-lattice-svcs:Invoke on resource: ${serviceArnOf()}/`,
      ),
      expect: { resource: IDS.service, titleIncludes: "unsigned" },
    },
    {
      name: "unsigned, but no layer checks identity: info, the error is not from this configuration",
      topology: topology(),
      context: pasted(
        `AccessDeniedException: User: anonymous is not authorized to perform: vpc-lattice-svcs:Invoke on resource: ${serviceArnOf()}/`,
      ),
      expect: { resource: IDS.service, severity: "info" },
    },
    {
      name: "the error is about another service: info, and how to diagnose that one",
      topology: topology({ service: iamService }),
      context: pasted(denial("service", ROLE_SESSION, "svc-0b1f56d26672bf677")),
      expect: { resource: IDS.service, severity: "info", titleIncludes: "svc-0b1f56d26672bf677, not" },
      assert([f]) {
        expect(f!.fix.commands[0]).toMatch(/^lattice doctor svc-0b1f56d26672bf677 --error '/);
      },
    },
    {
      name: "the service's networks could not be read: the network layer is still named, critical",
      topology: topology({
        serviceAssociations: [],
        serviceNetworks: {},
        failures: [
          failure({
            part: "serviceAssociations",
            call: "vpc-lattice:ListServiceNetworkServiceAssociations",
            action: "vpc-lattice:ListServiceNetworkServiceAssociations",
            resource: IDS.service,
          }),
        ],
      }),
      context: pasted(denial("network")),
      expect: {
        resource: IDS.service,
        severity: "critical",
        titleIncludes: "the service's networks could not be read: see LAT-901",
      },
    },
    {
      name: "the auth policies could not be read: still explained, without the policy evidence",
      topology: topology({ serviceNetworks: serviceNetworks(iamNetwork), authPolicies: {} }),
      context: pasted(denial("network")),
      expect: { resource: IDS.serviceNetwork, detailIncludes: "its auth policy could not be read" },
      assert([f]) {
        expect(f!.evidence.map((e) => e.call)).toEqual([
          "vpc-lattice-svcs:Invoke",
          "vpc-lattice:GetServiceNetwork",
        ]);
      },
    },
  ],
});
