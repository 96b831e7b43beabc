import { expect } from "vitest";
import check from "../../checks/lat-405-policy-resource-never-matches.js";
import { checkTester } from "../support/check-tester.js";
import {
  ACCOUNT,
  IDS,
  MORE_IDS,
  SERVICE_RESOURCE,
  authPolicies,
  authPolicy,
  orgStatement,
  policyDocument,
  service,
  serviceAssociation,
  serviceNetwork,
  serviceNetworks,
  tlsListener,
  topology,
} from "../support/topology.js";

const SERVICE_ARN = `arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:service/${IDS.service}`;
const OTHER = `arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:service/${MORE_IDS.otherService}/*`;

const onService = (policy: string, authType = "AWS_IAM") =>
  topology({
    service: service({ authType }),
    authPolicies: authPolicies(authPolicy(IDS.service, { policy }), authPolicy(IDS.serviceNetwork)),
  });
const onNetwork = (policy: string, extra: Parameters<typeof topology>[0] = {}) =>
  topology({
    serviceNetworks: serviceNetworks(serviceNetwork({ authType: "AWS_IAM" })),
    authPolicies: authPolicies(authPolicy(IDS.service), authPolicy(IDS.serviceNetwork, { policy })),
    ...extra,
  });

checkTester(check, {
  pass: [
    { name: "no policies", topology: topology() },
    { name: "the docs' example: service ARN/*", topology: onService(policyDocument(orgStatement())) },
    {
      name: "Resource * (statement object)",
      topology: onService(JSON.stringify({ Statement: orgStatement({ Resource: "*" }) })),
    },
    {
      name: "wildcard region and account, path pattern",
      topology: onService(
        policyDocument(orgStatement({ Resource: "arn:aws:vpc-lattice:*:*:service/*/orders" })),
      ),
    },
    {
      name: "a network policy naming other services as well as this one",
      topology: onNetwork(
        policyDocument(orgStatement({ Resource: OTHER }), orgStatement({ Resource: SERVICE_RESOURCE })),
      ),
    },
    {
      name: "a bare service ARN for Connect on a TLS passthrough service",
      topology: topology({
        service: service({ authType: "AWS_IAM" }),
        listeners: [tlsListener()],
        authPolicies: authPolicies(
          authPolicy(IDS.service, {
            policy: policyDocument(
              orgStatement({ Action: "vpc-lattice-svcs:Connect", Resource: SERVICE_ARN }),
            ),
          }),
          authPolicy(IDS.serviceNetwork),
        ),
      }),
    },
    {
      name: "control-plane actions only: LAT-404's",
      topology: onService(policyDocument(orgStatement({ Action: "vpc-lattice:*", Resource: OTHER }))),
    },
  ],
  fail: [
    {
      name: "the only statement names another service: every request denied",
      topology: onService(policyDocument(orgStatement({ Resource: OTHER }))),
      expect: {
        resource: IDS.service,
        severity: "critical",
        hop: "service",
        count: 1,
        titleIncludes: `The auth policy of service orders-api (${IDS.service}) allows resources that are not this service: every request is denied (403)`,
        detailIncludes: `(another service, ${MORE_IDS.otherService})`,
      },
      assert([f]) {
        expect(f!.fix.commands).toEqual([
          `aws vpc-lattice put-auth-policy --resource-identifier ${IDS.service} --policy '${policyDocument(orgStatement())}' --region us-east-1 --profile oncall`,
        ]);
      },
    },
    {
      name: "another region and another account, Resource array",
      topology: onService(
        policyDocument(
          orgStatement({
            Resource: [
              `arn:aws:vpc-lattice:eu-west-1:${ACCOUNT}:service/${IDS.service}/*`,
              `arn:aws:vpc-lattice:us-east-1:444455556666:service/${IDS.service}/*`,
            ],
          }),
        ),
      ),
      expect: {
        severity: "critical",
        detailIncludes: ["region eu-west-1, not us-east-1", "account 444455556666, not 111122223333"],
      },
    },
    {
      name: "one statement of two misses: warning",
      topology: onService(policyDocument(orgStatement(), orgStatement({ Sid: "Billing", Resource: OTHER }))),
      expect: { severity: "warning", count: 1, detailIncludes: 'statement 2 (Sid "Billing")' },
    },
    {
      name: "bare service ARN without /*: inferred, warning only even when it is the only statement",
      topology: onService(policyDocument(orgStatement({ Resource: SERVICE_ARN }))),
      expect: {
        severity: "warning",
        count: 1,
        detailIncludes: "inferred",
        titleIncludes: "bare service ARN",
      },
      assert([f]) {
        expect(f!.fix.commands[0]).toContain(`"Resource":["${SERVICE_ARN}/*"]`);
      },
    },
    {
      name: "network policy with a servicenetwork ARN as Resource: nothing matches the service",
      topology: onNetwork(
        policyDocument(
          orgStatement({
            Resource: `arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:servicenetwork/${IDS.serviceNetwork}/*`,
          }),
        ),
      ),
      expect: {
        resource: IDS.serviceNetwork,
        severity: "critical",
        hop: "service-network",
        count: 1,
        detailIncludes: "a servicenetwork ARN",
      },
      assert([f]) {
        expect(f!.fix.commands[0]).toContain(`"Resource":"${SERVICE_RESOURCE}"`);
      },
    },
    {
      name: "one network of two misses: error, clients of the other get through",
      topology: onNetwork(policyDocument(orgStatement({ Resource: OTHER })), {
        serviceAssociations: [
          serviceAssociation(),
          serviceAssociation({ id: "snsa-0b2c4d6e8f0a13579", serviceNetworkId: IDS.serviceNetwork2 }),
        ],
        serviceNetworks: serviceNetworks(
          serviceNetwork({ authType: "AWS_IAM" }),
          serviceNetwork({ id: IDS.serviceNetwork2, name: "shared-mesh" }),
        ),
      }),
      expect: { resource: IDS.serviceNetwork, severity: "error", count: 1 },
    },
    {
      name: "authType NONE: not evaluated, warning",
      topology: onService(policyDocument(orgStatement({ Resource: OTHER })), "NONE"),
      expect: { severity: "warning", count: 1 },
    },
  ],
});
