import { describe, expect, it } from "vitest";
import {
  controlPlaneActions,
  describeStatement,
  isWildcardPrincipal,
  parsePolicy,
  resourceFit,
  rewritePolicy,
  statementAdmitsAnonymous,
  statementMatchesAction,
  statementMatchesDataPlane,
  statementResourceFit,
  wildcardMatch,
  wildcardMatchesSomeWithPrefix,
  type Statement,
} from "../../checks/lib/auth-policy.js";
import {
  ACCOUNT,
  IDS,
  MORE_IDS,
  anyoneStatement,
  authenticatedOnlyStatement,
  orgStatement,
  policyDocument,
} from "../support/topology.js";

const SERVICE_ARN = `arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:service/${IDS.service}`;

function statement(raw: Record<string, unknown>): Statement {
  const parsed = parsePolicy(JSON.stringify({ Version: "2012-10-17", Statement: raw }));
  expect(parsed).toBeDefined();
  return parsed!.statements[0]!;
}

describe("parsePolicy", () => {
  it("reads a Statement object and a Statement array alike", () => {
    const one = parsePolicy(JSON.stringify({ Version: "2012-10-17", Statement: orgStatement() }));
    const many = parsePolicy(policyDocument(orgStatement(), anyoneStatement({ Sid: "Anyone" })));
    expect(one?.statements).toHaveLength(1);
    expect(one?.statements[0]).toMatchObject({
      index: 0,
      effect: "Allow",
      actions: ["vpc-lattice-svcs:Invoke"],
      resources: [`${SERVICE_ARN}/*`],
    });
    expect(many?.statements.map((s) => [s.index, s.sid])).toEqual([
      [0, undefined],
      [1, "Anyone"],
    ]);
    expect(describeStatement(many!.statements[1]!)).toBe('statement 2 (Sid "Anyone")');
  });

  it("normalises Action, NotAction, Resource and NotResource to lists", () => {
    const st = statement({
      Effect: "Allow",
      Principal: "*",
      NotAction: "vpc-lattice-svcs:Connect",
      NotResource: ["arn:aws:vpc-lattice:*:*:service/svc-x/*"],
    });
    expect(st.notActions).toEqual(["vpc-lattice-svcs:Connect"]);
    expect(st.notResources).toEqual(["arn:aws:vpc-lattice:*:*:service/svc-x/*"]);
    expect(st.actions).toBeUndefined();
  });

  it("gives up on what is not a policy", () => {
    for (const text of [undefined, "", "  ", "{not json", "[]", '"x"', '{"Version":"2012-10-17"}'])
      expect(parsePolicy(text), String(text)).toBeUndefined();
  });
});

describe("wildcards", () => {
  it("matches * and ? over the whole value", () => {
    expect(wildcardMatch("vpc-lattice-svcs:*", "vpc-lattice-svcs:Invoke")).toBe(true);
    expect(wildcardMatch("vpc-lattice-svcs:Inv?ke", "vpc-lattice-svcs:Invoke")).toBe(true);
    expect(wildcardMatch("vpc-lattice:*", "vpc-lattice-svcs:Invoke")).toBe(false);
    expect(wildcardMatch("VPC-LATTICE-SVCS:invoke", "vpc-lattice-svcs:Invoke")).toBe(false);
    expect(wildcardMatch("VPC-LATTICE-SVCS:invoke", "vpc-lattice-svcs:Invoke", { ignoreCase: true })).toBe(
      true,
    );
    expect(wildcardMatch("a.b(c)", "a.b(c)")).toBe(true);
    expect(wildcardMatch("a.b", "axb")).toBe(false);
  });

  it("tells whether a pattern matches some value with a given prefix", () => {
    expect(wildcardMatchesSomeWithPrefix("*", "anything/")).toBe(true);
    expect(wildcardMatchesSomeWithPrefix(`${SERVICE_ARN}/orders`, `${SERVICE_ARN}/`)).toBe(true);
    expect(wildcardMatchesSomeWithPrefix(`${SERVICE_ARN}`, `${SERVICE_ARN}/`)).toBe(false);
    expect(wildcardMatchesSomeWithPrefix("arn:aws:vpc-lattice:*:*:service/*/orders", `${SERVICE_ARN}/`)).toBe(
      true,
    );
    expect(wildcardMatchesSomeWithPrefix("arn:aws:vpc-lattice:eu-west-1:*", `${SERVICE_ARN}/`)).toBe(false);
  });
});

describe("actions", () => {
  it("matches Action strings and arrays case-insensitively, with wildcards", () => {
    expect(statementMatchesAction(statement(orgStatement()), "vpc-lattice-svcs:Invoke")).toBe(true);
    expect(
      statementMatchesAction(
        statement(orgStatement({ Action: ["VPC-Lattice-Svcs:invoke"] })),
        "vpc-lattice-svcs:Invoke",
      ),
    ).toBe(true);
    expect(statementMatchesDataPlane(statement(anyoneStatement({ Action: "*" })))).toBe(true);
    expect(
      statementMatchesDataPlane(statement(anyoneStatement({ Action: "vpc-lattice-svcs:Connect" }))),
    ).toBe(true);
    expect(
      statementMatchesDataPlane(statement(anyoneStatement({ Action: ["vpc-lattice:*", "s3:GetObject"] }))),
    ).toBe(false);
    expect(statementMatchesDataPlane(statement(anyoneStatement({ Action: "vpc-lattice*" })))).toBe(true);
  });

  it("NotAction matches Invoke unless it excludes it", () => {
    const notS3 = statement({ Effect: "Allow", Principal: "*", NotAction: "s3:*", Resource: "*" });
    const notInvoke = statement({
      Effect: "Allow",
      Principal: "*",
      NotAction: "vpc-lattice-svcs:Invoke",
      Resource: "*",
    });
    const notAny = statement({
      Effect: "Allow",
      Principal: "*",
      NotAction: "vpc-lattice-svcs:*",
      Resource: "*",
    });
    expect(statementMatchesAction(notS3, "vpc-lattice-svcs:Invoke")).toBe(true);
    expect(statementMatchesAction(notInvoke, "vpc-lattice-svcs:Invoke")).toBe(false);
    expect(statementMatchesDataPlane(notInvoke)).toBe(true); // Connect is still allowed
    expect(statementMatchesDataPlane(notAny)).toBe(false);
  });

  it("lists the control-plane actions", () => {
    expect(
      controlPlaneActions(
        statement(
          anyoneStatement({ Action: ["vpc-lattice:Get*", "vpc-lattice-svcs:Invoke", "VPC-LATTICE:Invoke"] }),
        ),
      ),
    ).toEqual(["vpc-lattice:Get*", "VPC-LATTICE:Invoke"]);
  });
});

describe("resources", () => {
  it.each([
    ["*", "matches"],
    ["arn:aws:vpc-lattice:*", "matches"],
    [`${SERVICE_ARN}/*`, "matches"],
    [`${SERVICE_ARN}/orders`, "matches"],
    [`arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:service/*/orders`, "matches"],
    [`arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:service/svc-*`, "matches"],
    [SERVICE_ARN, "bare"],
    [`arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:service/${MORE_IDS.otherService}/*`, "never"],
    [`arn:aws:vpc-lattice:eu-west-1:${ACCOUNT}:service/${IDS.service}/*`, "never"],
    [`arn:aws:vpc-lattice:us-east-1:444455556666:service/${IDS.service}/*`, "never"],
    [`arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:servicenetwork/${IDS.serviceNetwork}/*`, "never"],
    [`arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:service/${IDS.service.toUpperCase()}/*`, "never"],
  ])("%s → %s", (pattern, fit) => {
    expect(resourceFit(pattern, SERVICE_ARN)).toBe(fit);
  });

  it("takes the best fit of a statement's resources; no Resource or a NotResource is not judged", () => {
    const other = `arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:service/${MORE_IDS.otherService}/*`;
    expect(
      statementResourceFit(statement(orgStatement({ Resource: [other, SERVICE_ARN] })), SERVICE_ARN),
    ).toBe("bare");
    expect(
      statementResourceFit(statement(orgStatement({ Resource: [other, `${SERVICE_ARN}/*`] })), SERVICE_ARN),
    ).toBe("matches");
    expect(statementResourceFit(statement(orgStatement({ Resource: other })), SERVICE_ARN)).toBe("never");
    const notResource = statement({ Effect: "Allow", Principal: "*", Action: "*", NotResource: other });
    expect(statementResourceFit(notResource, SERVICE_ARN)).toBe("matches");
  });
});

describe("anonymous principals", () => {
  it("recognises wildcard principals", () => {
    expect(isWildcardPrincipal("*")).toBe(true);
    expect(isWildcardPrincipal({ AWS: "*" })).toBe(true);
    expect(isWildcardPrincipal({ AWS: [`arn:aws:iam::${ACCOUNT}:root`, "*"] })).toBe(true);
    expect(isWildcardPrincipal({ AWS: `arn:aws:iam::${ACCOUNT}:root` })).toBe(false);
    expect(isWildcardPrincipal(undefined)).toBe(false);
  });

  it.each<[string, Record<string, unknown>, boolean]>([
    ["Principal * without condition", anyoneStatement(), true],
    ['{"AWS":"*"} without condition', anyoneStatement({ Principal: { AWS: "*" } }), true],
    ["console template: authenticated only", authenticatedOnlyStatement(), false],
    [
      "StringNotEquals aws:PrincipalType Anonymous",
      anyoneStatement({ Condition: { StringNotEquals: { "aws:PrincipalType": "Anonymous" } } }),
      false,
    ],
    [
      "StringNotEquals with the wrong case does not exclude Anonymous",
      anyoneStatement({ Condition: { StringNotEquals: { "aws:PrincipalType": "anonymous" } } }),
      true,
    ],
    [
      "StringEquals aws:PrincipalType Anonymous admits only anonymous",
      anyoneStatement({ Condition: { StringEquals: { "aws:PrincipalType": "Anonymous" } } }),
      true,
    ],
    [
      "StringEquals aws:PrincipalType AssumedRole",
      anyoneStatement({ Condition: { StringEquals: { "aws:PrincipalType": "AssumedRole" } } }),
      false,
    ],
    ["docs example: aws:PrincipalOrgID", orgStatement(), false],
    [
      "aws:PrincipalOrgID with IfExists",
      orgStatement({ Condition: { StringEqualsIfExists: { "aws:PrincipalOrgID": MORE_IDS.orgId } } }),
      true,
    ],
    [
      "Null aws:PrincipalOrgID false (must be present)",
      orgStatement({ Condition: { Null: { "aws:PrincipalOrgID": "false" } } }),
      false,
    ],
    [
      "a source-VPC condition anonymous callers can meet",
      anyoneStatement({ Condition: { StringEquals: { "vpc-lattice-svcs:SourceVpc": IDS.consumerVpc } } }),
      true,
    ],
    [
      "ArnLike aws:PrincipalArn",
      anyoneStatement({ Condition: { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/*` } } }),
      false,
    ],
    ["a specific account", anyoneStatement({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }), false],
    ["a Deny", anyoneStatement({ Effect: "Deny" }), false],
  ])("%s → %s", (_name, raw, admits) => {
    expect(statementAdmitsAnonymous(statement(raw))).toBe(admits);
  });
});

describe("rewritePolicy", () => {
  it("replaces the chosen statements, keeps the rest, writes Statement as an array", () => {
    const parsed = parsePolicy(
      JSON.stringify({ Version: "2012-10-17", Statement: orgStatement({ Sid: "Org" }) }),
    )!;
    expect(rewritePolicy(parsed, (st) => ({ ...st.raw, Resource: "*" }))).toEqual({
      Version: "2012-10-17",
      Statement: [{ ...orgStatement({ Sid: "Org" }), Resource: "*" }],
    });
    const two = parsePolicy(policyDocument(orgStatement(), anyoneStatement()))!;
    expect(rewritePolicy(two, () => undefined)).toEqual(
      JSON.parse(policyDocument(orgStatement(), anyoneStatement())),
    );
  });
});
