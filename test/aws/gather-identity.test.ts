/**
 * gatherIdentity with the IAM client mocked (aws-sdk-client-mock): what it asks, every page, and
 * how a failure becomes a ReadFailure instead of a crash.
 */
import { mockClient } from "aws-sdk-client-mock";
import { IAMClient, SimulatePrincipalPolicyCommand } from "@aws-sdk/client-iam";
import { afterEach, describe, expect, it } from "vitest";
import { createClients } from "../../src/aws/clients.js";
import { gatherIdentity } from "../../src/aws/gather-identity.js";
import { AwsConfigError } from "../../src/aws/failures.js";
import type { AuthRequest } from "../../src/policy/lattice.js";
import { ACCOUNT, IDS, service, tlsListener, topology as baseTopology } from "../support/topology.js";

/** The default fixture with AWS_IAM on the service: a layer that checks identity. */
const topology = (overrides: Parameters<typeof baseTopology>[0] = {}) =>
  baseTopology({ service: service({ authType: "AWS_IAM" }), ...overrides });

const ROLE = `arn:aws:iam::${ACCOUNT}:role/orders-client`;
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/orders-client/task-7f3a`;
const RESOURCE = `arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:service/${IDS.service}/orders`;

function request(principal: string, extra: Partial<AuthRequest> = {}): AuthRequest {
  return {
    principal,
    method: "POST",
    path: "/orders",
    headers: { "x-tenant": "acme" },
    query: { v: ["1", "2"] },
    principalOrgId: "o-a1b2c3d4e5",
    ...extra,
  };
}

const iam = mockClient(IAMClient);
afterEach(() => iam.reset());

describe("gatherIdentity", () => {
  it("simulates a session as its role, with the request's Lattice keys, and follows every page", async () => {
    iam
      .on(SimulatePrincipalPolicyCommand, { Marker: undefined })
      .resolves({ EvaluationResults: [], IsTruncated: true, Marker: "page-2" })
      .on(SimulatePrincipalPolicyCommand, { Marker: "page-2" })
      .resolves({
        IsTruncated: false,
        EvaluationResults: [
          {
            EvalActionName: "vpc-lattice-svcs:Invoke",
            EvalResourceName: RESOURCE,
            EvalDecision: "implicitDeny",
            MatchedStatements: [],
            MissingContextValues: ["aws:SourceVpc"],
            PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: false },
          },
        ],
      });
    const clients = createClients({ region: "us-east-1" });
    const t = topology();
    await gatherIdentity(clients, t, request(SESSION));
    const calls = iam.commandCalls(SimulatePrincipalPolicyCommand);
    expect(calls).toHaveLength(2);
    const input = calls[0]!.args[0].input;
    expect(input.PolicySourceArn).toBe(ROLE);
    expect(input.ActionNames).toEqual(["vpc-lattice-svcs:Invoke"]);
    expect(input.ResourceArns).toEqual([RESOURCE]);
    expect(input.ContextEntries).toEqual(
      expect.arrayContaining([
        { ContextKeyName: "vpc-lattice-svcs:Port", ContextKeyValues: ["443"], ContextKeyType: "numeric" },
        {
          ContextKeyName: "vpc-lattice-svcs:RequestMethod",
          ContextKeyValues: ["POST"],
          ContextKeyType: "string",
        },
        {
          ContextKeyName: "vpc-lattice-svcs:RequestPath",
          ContextKeyValues: ["/orders"],
          ContextKeyType: "string",
        },
        {
          ContextKeyName: "vpc-lattice-svcs:RequestHeader/x-tenant",
          ContextKeyValues: ["acme"],
          ContextKeyType: "string",
        },
        {
          ContextKeyName: "vpc-lattice-svcs:RequestQueryString/v",
          ContextKeyValues: ["1", "2"],
          ContextKeyType: "stringList",
        },
        {
          ContextKeyName: "vpc-lattice-svcs:ServiceArn",
          ContextKeyValues: [`arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:service/${IDS.service}`],
          ContextKeyType: "string",
        },
        {
          ContextKeyName: "aws:PrincipalOrgID",
          ContextKeyValues: ["o-a1b2c3d4e5"],
          ContextKeyType: "string",
        },
      ]),
    );
    expect(calls[1]!.args[0].input.Marker).toBe("page-2");
    expect(t.identity).toEqual({
      policySourceArn: ROLE,
      action: "vpc-lattice-svcs:Invoke",
      resource: RESOURCE,
      evalDecision: "implicitDeny",
      matchedStatements: [],
      missingContextValues: ["aws:SourceVpc"],
      allowedByPermissionsBoundary: false,
    });
    expect(t.failures).toEqual([]);
  });

  it("AccessDenied becomes a ReadFailure of part identity naming iam:SimulatePrincipalPolicy", async () => {
    iam.on(SimulatePrincipalPolicyCommand).rejects(
      Object.assign(
        new Error(
          `User: arn:aws:sts::${ACCOUNT}:assumed-role/OnCall/jdoe is not authorized to perform: iam:SimulatePrincipalPolicy`,
        ),
        {
          name: "AccessDenied",
          $fault: "client",
          $metadata: { httpStatusCode: 403 },
        },
      ),
    );
    const t = topology();
    await gatherIdentity(createClients({ region: "us-east-1", maxAttempts: 1 }), t, request(ROLE));
    expect(t.identity).toBeUndefined();
    expect(t.failures).toEqual([
      expect.objectContaining({
        part: "identity",
        call: "iam:SimulatePrincipalPolicy",
        action: "iam:SimulatePrincipalPolicy",
        resource: ROLE,
        kind: "access-denied",
        errorCode: "AccessDenied",
      }),
    ]);
  });

  it("a credentials error ends the run (exit 253), it is not a failed read", async () => {
    iam.on(SimulatePrincipalPolicyCommand).rejects(
      Object.assign(new Error("Could not load credentials from any providers"), {
        name: "CredentialsProviderError",
      }),
    );
    await expect(
      gatherIdentity(createClients({ region: "us-east-1" }), topology(), request(ROLE)),
    ).rejects.toBeInstanceOf(AwsConfigError);
  });

  it.each([
    ["anonymous", request("anonymous"), topology()],
    ["an account", request(ACCOUNT), topology()],
    ["a role of another account", request("arn:aws:iam::444455556666:role/orders-client"), topology()],
    [
      "a TLS_PASSTHROUGH listener (no identity)",
      request(ROLE, { method: "GET" }),
      topology({ listeners: [tlsListener()] }),
    ],
  ])("does not call IAM for %s", async (_label, req, t) => {
    await gatherIdentity(createClients({ region: "us-east-1" }), t, req);
    expect(iam.commandCalls(SimulatePrincipalPolicyCommand)).toHaveLength(0);
    expect(t.failures).toEqual([]);
  });
});

describe("the IAM client", () => {
  // AWS_ENDPOINT_URL_IAM over the real wire protocol: test/e2e/wire.test.ts.
  it("is configured with the partition's region (IAM has one global endpoint per partition)", async () => {
    const clients = createClients({ region: "eu-west-1" });
    expect(await (await clients.iam()).config.region()).toBe("us-east-1");
    expect(await (await createClients({ region: "cn-north-1" }).iam()).config.region()).toBe("cn-north-1");
  });
});
