import { expect } from "vitest";
import check from "../../checks/lat-408-tls-listener-requires-anonymous.js";
import { checkTester } from "../support/check-tester.js";
import {
  ACCOUNT,
  IDS,
  MORE_IDS,
  anyoneStatement,
  authPolicies,
  authPolicy,
  authenticatedOnlyStatement,
  listener,
  orgStatement,
  policyDocument,
  service,
  serviceAssociation,
  serviceNetwork,
  serviceNetworks,
  tlsListener,
  topology,
} from "../support/topology.js";

const tlsService = (policy: string | undefined, extra: Parameters<typeof topology>[0] = {}) =>
  topology({
    service: service({ authType: "AWS_IAM", customDomainName: "orders.example.com" }),
    listeners: [tlsListener()],
    authPolicies: authPolicies(
      authPolicy(IDS.service, policy === undefined ? {} : { policy }),
      authPolicy(IDS.serviceNetwork),
    ),
    ...extra,
  });

checkTester(check, {
  pass: [
    { name: "no TLS listener", topology: topology() },
    {
      name: "HTTPS only, authenticated-only policy",
      topology: tlsService(policyDocument(authenticatedOnlyStatement()), { listeners: [listener()] }),
    },
    {
      name: "TLS, anonymous allowed (console template)",
      topology: tlsService(policyDocument(anyoneStatement())),
    },
    {
      name: "TLS, anonymous allowed from the clients' VPC (statement object)",
      topology: tlsService(
        JSON.stringify({
          Version: "2012-10-17",
          Statement: anyoneStatement({
            Action: "vpc-lattice-svcs:Connect",
            Condition: { StringEquals: { "vpc-lattice-svcs:SourceVpc": IDS.consumerVpc } },
          }),
        }),
      ),
    },
    { name: "TLS, AWS_IAM without a policy is LAT-401's", topology: tlsService(undefined) },
    {
      name: "TLS, authenticated-only policy but authType NONE (inactive)",
      topology: tlsService(policyDocument(authenticatedOnlyStatement()), {
        service: service({ authType: "NONE" }),
      }),
    },
  ],
  fail: [
    {
      name: "TLS only, console template 'authenticated only' on the service",
      topology: tlsService(policyDocument(authenticatedOnlyStatement())),
      expect: {
        resource: IDS.service,
        severity: "critical",
        hop: "listener",
        count: 1,
        titleIncludes: `TLS passthrough listener tls-443 of orders-api (${IDS.service}) can never be used`,
        affects: [MORE_IDS.tlsListener, IDS.service],
      },
      assert([f]) {
        expect(f!.evidence[0]).toEqual({
          call: "vpc-lattice:GetListener",
          observed: { id: MORE_IDS.tlsListener, name: "tls-443", protocol: "TLS_PASSTHROUGH", port: 443 },
        });
        const merged = policyDocument(authenticatedOnlyStatement(), {
          Sid: "AllowAnonymousTls",
          Effect: "Allow",
          Principal: "*",
          Action: "vpc-lattice-svcs:Connect",
          Resource: [
            `arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:service/${IDS.service}`,
            `arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:service/${IDS.service}/*`,
          ],
          Condition: { StringEquals: { "vpc-lattice-svcs:SourceVpc": IDS.consumerVpc } },
        });
        expect(f!.fix.commands[0]).toBe(
          `aws vpc-lattice put-auth-policy --resource-identifier ${IDS.service} --policy '${merged}' --region us-east-1 --profile oncall`,
        );
      },
    },
    {
      name: "docs' org policy (Principal * + aws:PrincipalOrgID) on the network",
      topology: tlsService(undefined, {
        service: service({ authType: "NONE" }),
        serviceNetworks: serviceNetworks(serviceNetwork({ authType: "AWS_IAM" })),
        authPolicies: authPolicies(
          authPolicy(IDS.service),
          authPolicy(IDS.serviceNetwork, { policy: policyDocument(orgStatement({ Resource: "*" })) }),
        ),
      }),
      expect: { resource: IDS.serviceNetwork, severity: "critical", count: 1 },
    },
    {
      name: "specific principal only",
      topology: tlsService(
        policyDocument(anyoneStatement({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } })),
      ),
      expect: { severity: "critical", count: 1 },
    },
    {
      name: "TLS and HTTPS listeners: only TLS connections fail, error",
      topology: tlsService(policyDocument(authenticatedOnlyStatement()), {
        listeners: [listener(), tlsListener()],
      }),
      expect: { severity: "error", count: 1, detailIncludes: "other listeners are not affected" },
    },
    {
      name: "one of two networks requires authentication: error",
      topology: tlsService(undefined, {
        service: service({ authType: "NONE" }),
        serviceAssociations: [
          serviceAssociation(),
          serviceAssociation({ id: "snsa-0b2c4d6e8f0a13579", serviceNetworkId: IDS.serviceNetwork2 }),
        ],
        serviceNetworks: serviceNetworks(
          serviceNetwork({ authType: "AWS_IAM" }),
          serviceNetwork({ id: IDS.serviceNetwork2, name: "shared-mesh" }),
        ),
        authPolicies: authPolicies(
          authPolicy(IDS.service),
          authPolicy(IDS.serviceNetwork, { policy: policyDocument(authenticatedOnlyStatement()) }),
          authPolicy(IDS.serviceNetwork2),
        ),
      }),
      expect: { resource: IDS.serviceNetwork, severity: "error", count: 1 },
    },
  ],
});
