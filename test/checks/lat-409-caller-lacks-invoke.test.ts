import { describe, expect, it } from "vitest";
import { identityResult } from "../../src/policy/identity.js";
import check from "../../checks/lat-409-caller-lacks-invoke.js";
import type { AuthRequest } from "../../src/policy/lattice.js";
import type { IdentitySimulation } from "../../src/topology/types.js";
import { checkTester } from "../support/check-tester.js";
import { ACCOUNT, IDS, SERVICE_RESOURCE, failure, service, topology } from "../support/topology.js";

const ROLE = `arn:aws:iam::${ACCOUNT}:role/orders-client`;
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/orders-client/task-7f3a`;
const RESOURCE = `arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:service/${IDS.service}/orders`;

const iamTopology = (overrides: Parameters<typeof topology>[0] = {}) =>
  topology({ service: service({ authType: "AWS_IAM" }), ...overrides });

function as(principal: string): { auth: AuthRequest } {
  return { auth: { principal, method: "GET", path: "/orders", headers: {}, query: {} } };
}

function simulation(overrides: Partial<IdentitySimulation> = {}): IdentitySimulation {
  return {
    policySourceArn: ROLE,
    action: "vpc-lattice-svcs:Invoke",
    resource: RESOURCE,
    evalDecision: "allowed",
    matchedStatements: [
      {
        sourcePolicyId: "lattice-invoke",
        sourcePolicyType: "role",
        startPosition: { line: 1, column: 38 },
        endPosition: { line: 1, column: 160 },
      },
    ],
    missingContextValues: [],
    ...overrides,
  };
}

checkTester(check, {
  pass: [
    { name: "no --as", topology: topology({ identity: simulation({ evalDecision: "implicitDeny" }) }) },
    {
      name: "the identity policies allow Invoke",
      topology: iamTopology({ identity: simulation() }),
      context: as(ROLE),
    },
    { name: "anonymous: no identity layer", topology: topology(), context: as("anonymous") },
    {
      name: "a caller of another account is not simulated (no answer, no finding)",
      topology: topology(),
      context: as("arn:aws:iam::444455556666:role/orders-client"),
    },
    {
      name: "the simulation failed: unknown, not a deny (the engine skips LAT-409 anyway)",
      topology: topology({
        failures: [
          failure({
            part: "identity",
            call: "iam:SimulatePrincipalPolicy",
            action: "iam:SimulatePrincipalPolicy",
            resource: ROLE,
          }),
        ],
      }),
      context: as(ROLE),
    },
  ],
  fail: [
    {
      name: "implicit deny: the statement to add, as put-role-policy",
      topology: iamTopology({
        identity: simulation({ evalDecision: "implicitDeny", matchedStatements: [] }),
      }),
      context: as(SESSION),
      expect: {
        resource: ROLE,
        severity: "critical",
        hop: "client",
        count: 1,
        titleIncludes: `${SESSION} (role ${ROLE}) gets 403: no identity-based policy of the caller allows vpc-lattice-svcs:Invoke on orders-api`,
      },
      assert([f]) {
        expect(f!.fix.commands).toEqual([
          `aws iam put-role-policy --role-name orders-client --policy-name lattice-invoke-${IDS.service} --policy-document '${JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "vpc-lattice-svcs:Invoke", Resource: SERVICE_RESOURCE }] })}' --profile oncall`,
        ]);
        expect(f!.evidence[0]!.call).toBe("iam:SimulatePrincipalPolicy");
        expect(f!.evidence[0]!.observed).toMatchObject({
          EvalDecision: "implicitDeny",
          ResourceArns: [RESOURCE],
        });
      },
    },
    {
      name: "explicit deny names the denying policy and where",
      topology: iamTopology({
        identity: simulation({
          evalDecision: "explicitDeny",
          matchedStatements: [
            {
              sourcePolicyId: "deny-prod",
              sourcePolicyType: "user-managed",
              startPosition: { line: 3, column: 5 },
            },
          ],
        }),
      }),
      context: as(ROLE),
      expect: {
        resource: ROLE,
        severity: "critical",
        titleIncludes: "explicitly denies vpc-lattice-svcs:Invoke",
        detailIncludes: "deny-prod (user-managed), line 3",
      },
      assert([f]) {
        expect(f!.fix.summary).toContain("deny-prod (user-managed), line 3");
        expect(f!.fix.commands[0]).toBe(
          "aws iam list-role-policies --role-name orders-client --profile oncall",
        );
      },
    },
    {
      name: "a user: put-user-policy; the permissions boundary is named",
      topology: iamTopology({
        identity: simulation({
          policySourceArn: `arn:aws:iam::${ACCOUNT}:user/ops/alice`,
          evalDecision: "implicitDeny",
          allowedByPermissionsBoundary: false,
        }),
      }),
      context: as(`arn:aws:iam::${ACCOUNT}:user/ops/alice`),
      expect: {
        resource: `arn:aws:iam::${ACCOUNT}:user/ops/alice`,
        detailIncludes: "the permissions boundary does not allow it",
      },
      assert([f]) {
        expect(f!.fix.summary).toContain("permissions boundary");
        expect(f!.fix.commands[0]).toContain("aws iam put-user-policy --user-name alice");
      },
    },
  ],
});

describe("identity layer", () => {
  it("is not consulted when no layer checks identity (authType NONE everywhere)", () => {
    const t = topology({ identity: simulation({ evalDecision: "implicitDeny" }) });
    expect(identityResult(t, as(ROLE).auth)).toMatchObject({ decision: "not-evaluated" });
    expect(check.run(t, { region: "us-east-1", ...as(ROLE) })).toEqual([]);
    const iam = topology({
      service: service({ authType: "AWS_IAM" }),
      identity: simulation({ evalDecision: "implicitDeny" }),
    });
    expect(identityResult(iam, as(ROLE).auth)).toMatchObject({ decision: "denied", denial: "implicit" });
  });
});
