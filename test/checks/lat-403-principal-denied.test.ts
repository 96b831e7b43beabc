import { expect } from "vitest";
import check from "../../checks/lat-403-principal-denied.js";
import type { AuthRequest } from "../../src/policy/lattice.js";
import { checkTester } from "../support/check-tester.js";
import {
  ACCOUNT,
  IDS,
  MORE_IDS,
  SERVICE_RESOURCE,
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
  vpcAssociation,
} from "../support/topology.js";

const ROLE = `arn:aws:iam::${ACCOUNT}:role/orders-client`;
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/orders-client/task-7f3a`;

function as(principal: string, extra: Partial<AuthRequest> = {}): { auth: AuthRequest } {
  return { auth: { principal, method: "GET", path: "/orders", headers: {}, query: {}, ...extra } };
}

const allowRole = (principal = ROLE) =>
  policyDocument({
    Sid: "AllowOrdersClient",
    Effect: "Allow",
    Principal: { AWS: principal },
    Action: "vpc-lattice-svcs:Invoke",
    Resource: SERVICE_RESOURCE,
  });
const iam = (networkPolicy: string | undefined, servicePolicy: string | undefined) =>
  topology({
    service: service({ authType: "AWS_IAM" }),
    serviceNetworks: serviceNetworks(serviceNetwork({ authType: "AWS_IAM" })),
    authPolicies: authPolicies(
      authPolicy(IDS.service, servicePolicy === undefined ? {} : { policy: servicePolicy, state: "Active" }),
      authPolicy(
        IDS.serviceNetwork,
        networkPolicy === undefined ? {} : { policy: networkPolicy, state: "Active" },
      ),
    ),
  });
const anyoneAuthenticated = policyDocument(authenticatedOnlyStatement());

checkTester(check, {
  pass: [
    {
      name: "no --as: nothing to evaluate",
      topology: iam(
        anyoneAuthenticated,
        policyDocument({ Effect: "Deny", Principal: "*", Action: "*", Resource: "*" }),
      ),
    },
    { name: "allowed at both layers", topology: iam(anyoneAuthenticated, allowRole()), context: as(ROLE) },
    {
      name: "assumed-role session matched by the role ARN",
      topology: iam(anyoneAuthenticated, allowRole()),
      context: as(SESSION),
    },
    { name: "authType NONE on both layers: not evaluated", topology: topology(), context: as("anonymous") },
    {
      name: "AWS_IAM without a policy is LAT-401's finding, not LAT-403's",
      topology: iam(undefined, allowRole()),
      context: as(ROLE),
    },
    {
      name: "the allow depends on aws:PrincipalOrgID, which was not given: unknown, not a deny",
      topology: iam(policyDocument(orgStatement({ Resource: "*" })), allowRole()),
      context: as(ROLE),
    },
    {
      name: "the org condition holds with --principal-org-id",
      topology: iam(policyDocument(orgStatement({ Resource: "*" })), allowRole()),
      context: as(ROLE, { principalOrgId: MORE_IDS.orgId }),
    },
    {
      name: "a malformed policy is not judged",
      topology: iam(anyoneAuthenticated, '{"Statement": [{"Effect": "Permit"}]}'),
      context: as(ROLE),
    },
  ],
  fail: [
    {
      name: "denied at the network layer: no statement allows (a role of another account)",
      topology: iam(
        policyDocument({
          Effect: "Allow",
          Principal: { AWS: ACCOUNT },
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
        }),
        allowRole("arn:aws:iam::444455556666:role/orders-client"),
      ),
      context: as("arn:aws:iam::444455556666:role/orders-client"),
      expect: {
        resource: IDS.serviceNetwork,
        severity: "critical",
        hop: "service-network",
        count: 1,
        titleIncludes: [
          "arn:aws:iam::444455556666:role/orders-client gets 403 at the service network prod-mesh",
          "no statement of its auth policy allows GET /orders",
        ],
        detailIncludes: ["statement 1: Principal does not name arn:aws:iam::444455556666:role/orders-client"],
      },
      assert([f]) {
        const command = f!.fix.commands[0]!;
        expect(command).toContain(
          `aws vpc-lattice put-auth-policy --resource-identifier ${IDS.serviceNetwork} --policy '`,
        );
        const json = command.slice(command.indexOf("'") + 1, command.lastIndexOf("'"));
        const doc = JSON.parse(json) as { Statement: Record<string, unknown>[] };
        expect(doc.Statement).toHaveLength(2);
        expect(doc.Statement[1]).toEqual({
          Sid: "AllowLatticeDoctorCaller",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::444455556666:role/orders-client" },
          Action: "vpc-lattice-svcs:Invoke",
          Resource: SERVICE_RESOURCE,
        });
        expect(f!.evidence.map((e) => e.call)).toEqual([
          "vpc-lattice:GetServiceNetwork",
          "vpc-lattice:GetAuthPolicy",
          "vpc-lattice-svcs:Invoke",
        ]);
        expect(f!.evidence[2]!.observed).toMatchObject({
          resource: `arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:service/${IDS.service}/orders`,
          "vpc-lattice-svcs:RequestMethod": "GET",
        });
      },
    },
    {
      name: "explicit deny at the service layer names the Sid and writes the policy without it",
      topology: iam(
        anyoneAuthenticated,
        policyDocument(
          {
            Sid: "AllowAccount",
            Effect: "Allow",
            Principal: { AWS: ACCOUNT },
            Action: "vpc-lattice-svcs:Invoke",
            Resource: SERVICE_RESOURCE,
          },
          {
            Sid: "DenyWrites",
            Effect: "Deny",
            Principal: "*",
            Action: "vpc-lattice-svcs:Invoke",
            Resource: SERVICE_RESOURCE,
            Condition: { StringNotEquals: { "vpc-lattice-svcs:RequestMethod": ["GET", "HEAD"] } },
          },
        ),
      ),
      context: as(SESSION, { method: "POST" }),
      expect: {
        resource: IDS.service,
        severity: "critical",
        hop: "service",
        count: 1,
        titleIncludes: `${SESSION} gets 403 at the service orders-api (${IDS.service}): statement 2 (Sid "DenyWrites") of its auth policy denies POST /orders`,
      },
      assert([f]) {
        expect(f!.fix.commands[0]).toContain(
          `aws vpc-lattice get-auth-policy --resource-identifier ${IDS.service}`,
        );
        expect(f!.fix.commands[1]).not.toContain("DenyWrites");
        expect(f!.fix.commands[1]).toContain("AllowAccount");
      },
    },
    {
      name: "anonymous caller vs a policy that admits only authenticated principals",
      topology: iam(anyoneAuthenticated, undefined),
      context: as("anonymous", { sourceVpc: IDS.consumerVpc }),
      expect: {
        resource: IDS.serviceNetwork,
        severity: "critical",
        titleIncludes: "An unsigned (anonymous) caller gets 403 at the service network prod-mesh",
        detailIncludes: "Condition StringNotEqualsIgnoreCase on aws:PrincipalType does not hold",
      },
      assert([f]) {
        expect(f!.fix.summary).toContain('"Principal":"*"');
        expect(f!.fix.summary).toContain(`"vpc-lattice-svcs:SourceVpc":"${IDS.consumerVpc}"`);
      },
    },
    {
      name: "a TLS_PASSTHROUGH listener evaluates every caller as anonymous",
      topology: { ...iam(anyoneAuthenticated, allowRole()), listeners: [tlsListener()] },
      context: as(ROLE),
      expect: { resource: IDS.serviceNetwork, count: 2, titleIncludes: "a TLS connection on port 443" },
    },
    {
      name: "two networks and no --from: a network that denies is an error, not critical",
      topology: {
        ...iam(anyoneAuthenticated, allowRole()),
        serviceNetworks: serviceNetworks(
          serviceNetwork({ authType: "AWS_IAM" }),
          serviceNetwork({
            id: IDS.serviceNetwork2,
            arn: `arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:servicenetwork/${IDS.serviceNetwork2}`,
            name: "shared-mesh",
            authType: "NONE",
          }),
        ),
        authPolicies: authPolicies(
          authPolicy(IDS.service, { policy: allowRole(), state: "Active" }),
          authPolicy(IDS.serviceNetwork, {
            policy: policyDocument(orgStatement({ Resource: "*" })),
            state: "Active",
          }),
          authPolicy(IDS.serviceNetwork2, {}),
        ),
      },
      context: as(ROLE, { principalOrgId: "o-zzzzzzzzzz" }),
      expect: {
        resource: IDS.serviceNetwork,
        severity: "error",
        count: 1,
        detailIncludes: "pass --from vpc-",
      },
    },
    {
      name: "the --from VPC's network denies: critical",
      topology: {
        ...iam(policyDocument(orgStatement({ Resource: "*" })), allowRole()),
        vpcAssociations: [vpcAssociation()],
      },
      context: as(ROLE, { principalOrgId: "o-zzzzzzzzzz", sourceVpc: IDS.consumerVpc }),
      expect: { resource: IDS.serviceNetwork, severity: "critical", count: 1 },
    },
  ],
});
