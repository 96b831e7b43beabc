/**
 * Generated cases: for every condition operator (with and without …IfExists, with ForAnyValue: /
 * ForAllValues:), every wildcard form of Action and Resource, and every principal form, the same
 * test in three policies — an Allow (allow vs implicit deny) and a Deny next to an allow-all
 * statement (explicit deny vs allow) — so each expectation is checked as both outcomes.
 */
import { describe, expect, it } from "vitest";
import { evaluatePolicy, parseCaller, type ContextValue, type Request } from "../../src/policy/index.js";

const ACCT = "111122223333";
const SVC = `arn:aws:vpc-lattice:us-east-1:${ACCT}:service/svc-0e5b4c6a2d1f83a97`;
const SESSION = `arn:aws:sts::${ACCT}:assumed-role/orders-client/task-1`;

function req(context: Record<string, ContextValue>, overrides: Partial<Request> = {}): Request {
  return {
    caller: parseCaller(SESSION),
    action: "vpc-lattice-svcs:Invoke",
    resource: `${SVC}/orders`,
    context,
    ...overrides,
  };
}

/** Runs `holds` (does the element match this request?) through an Allow policy and a Deny policy. */
function bothWays(label: string, element: Record<string, unknown>, request: Request, holds: boolean): void {
  const allow = {
    Version: "2012-10-17",
    Statement: [{ Sid: "Under", Effect: "Allow", Principal: "*", Action: "*", Resource: "*", ...element }],
  };
  const deny = {
    Version: "2012-10-17",
    Statement: [
      { Sid: "Everyone", Effect: "Allow", Principal: "*", Action: "*", Resource: "*" },
      { Sid: "Under", Effect: "Deny", Principal: "*", Action: "*", Resource: "*", ...element },
    ],
  };
  it(`${label} → Allow: ${holds ? "allow" : "implicit deny"}`, () => {
    const r = evaluatePolicy(JSON.stringify(allow), request);
    expect(r.decision, r.reason).toBe(holds ? "allow" : "implicit-deny");
    if (holds) expect(r.statement).toEqual({ index: 0, sid: "Under" });
  });
  it(`${label} → Deny: ${holds ? "explicit deny" : "allow"}`, () => {
    const r = evaluatePolicy(JSON.stringify(deny), request);
    expect(r.decision, r.reason).toBe(holds ? "explicit-deny" : "allow");
    expect(r.statement).toEqual(holds ? { index: 1, sid: "Under" } : { index: 0, sid: "Everyone" });
  });
}

interface OperatorCase {
  operator: string;
  key: string;
  policy: unknown;
  match: ContextValue;
  miss: ContextValue;
  /** Whether the operator holds when the key is absent (negated operators do). */
  absent: boolean;
}

const K = "vpc-lattice-svcs:RequestHeader/x-probe";
const OPERATORS: OperatorCase[] = [
  { operator: "StringEquals", key: K, policy: "Blue", match: "Blue", miss: "blue", absent: false },
  { operator: "StringNotEquals", key: K, policy: "Blue", match: "Red", miss: "Blue", absent: true },
  { operator: "StringEqualsIgnoreCase", key: K, policy: "Blue", match: "bLUE", miss: "Bleu", absent: false },
  { operator: "StringNotEqualsIgnoreCase", key: K, policy: "Blue", match: "Red", miss: "BLUE", absent: true },
  { operator: "StringLike", key: K, policy: "B*e?", match: "Bluex", miss: "Blue", absent: false },
  { operator: "StringNotLike", key: K, policy: "B*e?", match: "Blue", miss: "Blues", absent: true },
  {
    operator: "NumericEquals",
    key: "vpc-lattice-svcs:Port",
    policy: "443",
    match: 443,
    miss: 8443,
    absent: false,
  },
  {
    operator: "NumericNotEquals",
    key: "vpc-lattice-svcs:Port",
    policy: "443",
    match: 80,
    miss: "443",
    absent: true,
  },
  {
    operator: "NumericLessThan",
    key: "vpc-lattice-svcs:Port",
    policy: "1024",
    match: 443,
    miss: 1024,
    absent: false,
  },
  {
    operator: "NumericLessThanEquals",
    key: "vpc-lattice-svcs:Port",
    policy: "1024",
    match: 1024,
    miss: 1025,
    absent: false,
  },
  {
    operator: "NumericGreaterThan",
    key: "vpc-lattice-svcs:Port",
    policy: "1024",
    match: 8443,
    miss: 1024,
    absent: false,
  },
  {
    operator: "NumericGreaterThanEquals",
    key: "vpc-lattice-svcs:Port",
    policy: "1024",
    match: 1024,
    miss: 1023,
    absent: false,
  },
  {
    operator: "DateEquals",
    key: "aws:CurrentTime",
    policy: "2026-01-01T00:00:00Z",
    match: "2026-01-01T00:00:00.000Z",
    miss: "2026-01-01T00:00:01Z",
    absent: false,
  },
  {
    operator: "DateNotEquals",
    key: "aws:CurrentTime",
    policy: "2026-01-01T00:00:00Z",
    match: "2025-12-31T23:59:59Z",
    miss: "1767225600",
    absent: true,
  },
  {
    operator: "DateLessThan",
    key: "aws:CurrentTime",
    policy: "2026-01-01T00:00:00Z",
    match: "2025-06-01T00:00:00Z",
    miss: "2026-01-01T00:00:00Z",
    absent: false,
  },
  {
    operator: "DateLessThanEquals",
    key: "aws:CurrentTime",
    policy: "2026-01-01T00:00:00Z",
    match: "2026-01-01T00:00:00Z",
    miss: "2026-01-02T00:00:00Z",
    absent: false,
  },
  {
    operator: "DateGreaterThan",
    key: "aws:EpochTime",
    policy: "1700000000",
    match: "1700000001",
    miss: "2023-11-14T22:13:20Z",
    absent: false,
  },
  {
    operator: "DateGreaterThanEquals",
    key: "aws:CurrentTime",
    policy: "2026-01-01T00:00:00Z",
    match: "2026-01-01T00:00:00Z",
    miss: "2025-12-31T00:00:00Z",
    absent: false,
  },
  { operator: "Bool", key: "aws:SecureTransport", policy: "true", match: true, miss: false, absent: false },
  {
    operator: "BinaryEquals",
    key: "aws:RequestTag/blob",
    policy: "AAECAw==",
    match: "AAECAw==",
    miss: "AAECBA==",
    absent: false,
  },
  {
    operator: "IpAddress",
    key: "aws:SourceIp",
    policy: ["10.0.0.0/8", "fd00:ec2:80::/64"],
    match: "fd00:ec2:80::a9fe:ab41",
    miss: "192.168.0.1",
    absent: false,
  },
  {
    operator: "NotIpAddress",
    key: "aws:SourceIp",
    policy: "10.1.2.3",
    match: "10.1.2.4",
    miss: "10.1.2.3",
    absent: true,
  },
  {
    operator: "ArnEquals",
    key: "vpc-lattice-svcs:ServiceArn",
    policy: SVC,
    match: SVC,
    miss: `${SVC}x`,
    absent: false,
  },
  {
    operator: "ArnLike",
    key: "vpc-lattice-svcs:ServiceArn",
    policy: `arn:aws:vpc-lattice:*:${ACCT}:service/svc-*`,
    match: SVC,
    miss: `arn:aws:vpc-lattice:us-east-1:444455556666:service/svc-0e5b4c6a2d1f83a97`,
    absent: false,
  },
  {
    operator: "ArnNotEquals",
    key: "vpc-lattice-svcs:ServiceArn",
    policy: SVC,
    match: `arn:aws:vpc-lattice:eu-west-1:${ACCT}:service/svc-0e5b4c6a2d1f83a97`,
    miss: SVC,
    absent: true,
  },
  {
    operator: "ArnNotLike",
    key: "vpc-lattice-svcs:ServiceArn",
    policy: "arn:aws:vpc-lattice:us-*:*:*",
    match: `arn:aws:vpc-lattice:eu-west-1:${ACCT}:service/svc-1`,
    miss: SVC,
    absent: true,
  },
];

describe("condition operators", () => {
  for (const c of OPERATORS) {
    describe(c.operator, () => {
      const block = (op: string) => ({ Condition: { [op]: { [c.key]: c.policy } } });
      bothWays(`${c.operator} value matches`, block(c.operator), req({ [c.key]: c.match }), true);
      bothWays(`${c.operator} value does not match`, block(c.operator), req({ [c.key]: c.miss }), false);
      bothWays(`${c.operator} key absent`, block(c.operator), req({}), c.absent);
      bothWays(
        `${c.operator} key name in another case`,
        { Condition: { [c.operator]: { [c.key.toUpperCase()]: c.policy } } },
        req({ [c.key]: c.match }),
        true,
      );
      bothWays(`${c.operator}IfExists key absent`, block(`${c.operator}IfExists`), req({}), true);
      bothWays(
        `${c.operator}IfExists value does not match`,
        block(`${c.operator}IfExists`),
        req({ [c.key]: c.miss }),
        false,
      );
      bothWays(
        `ForAnyValue:${c.operator} one of two values matches`,
        block(`ForAnyValue:${c.operator}`),
        req({ [c.key]: [c.miss, c.match] as never }),
        true,
      );
      bothWays(
        `ForAnyValue:${c.operator} empty set`,
        block(`ForAnyValue:${c.operator}`),
        req({ [c.key]: [] }),
        false,
      );
      bothWays(
        `ForAllValues:${c.operator} one of two values misses`,
        block(`ForAllValues:${c.operator}`),
        req({ [c.key]: [c.match, c.miss] as never }),
        false,
      );
      bothWays(
        `ForAllValues:${c.operator} every value matches`,
        block(`ForAllValues:${c.operator}`),
        req({ [c.key]: [c.match, c.match] as never }),
        true,
      );
      bothWays(
        `ForAllValues:${c.operator} empty set`,
        block(`ForAllValues:${c.operator}`),
        req({ [c.key]: [] }),
        true,
      );
    });
  }

  describe("Null", () => {
    const nul = (v: string) => ({ Condition: { Null: { "aws:PrincipalOrgID": v } } });
    bothWays("Null true, key absent", nul("true"), req({}), true);
    bothWays("Null true, key present", nul("true"), req({ "aws:PrincipalOrgID": "o-a1b2c3d4e5" }), false);
    bothWays("Null false, key present", nul("false"), req({ "aws:PrincipalOrgID": "o-a1b2c3d4e5" }), true);
    bothWays("Null false, key absent", nul("false"), req({}), false);
  });

  describe("combinations", () => {
    const two = {
      Condition: {
        StringEquals: {
          "vpc-lattice-svcs:RequestMethod": ["GET", "HEAD"],
          "vpc-lattice-svcs:SourceVpc": "vpc-0f9e8d7c6b5a43210",
        },
        NumericEquals: { "vpc-lattice-svcs:Port": 443 },
      },
    };
    bothWays(
      "two keys and two operators all hold (values ORed)",
      two,
      req({
        "vpc-lattice-svcs:RequestMethod": "HEAD",
        "vpc-lattice-svcs:SourceVpc": "vpc-0f9e8d7c6b5a43210",
        "vpc-lattice-svcs:Port": 443,
      }),
      true,
    );
    bothWays(
      "one key of two fails (keys ANDed)",
      two,
      req({
        "vpc-lattice-svcs:RequestMethod": "HEAD",
        "vpc-lattice-svcs:SourceVpc": "vpc-0a1b2c3d4e5f60718",
        "vpc-lattice-svcs:Port": 443,
      }),
      false,
    );
    bothWays(
      "one operator of two fails (operators ANDed)",
      two,
      req({
        "vpc-lattice-svcs:RequestMethod": "GET",
        "vpc-lattice-svcs:SourceVpc": "vpc-0f9e8d7c6b5a43210",
        "vpc-lattice-svcs:Port": 80,
      }),
      false,
    );
    bothWays(
      "a multivalued key with a single-valued operator matches any value",
      { Condition: { StringEquals: { "vpc-lattice-svcs:RequestQueryString/tag": "a" } } },
      req({ "vpc-lattice-svcs:RequestQueryString/tag": ["b", "a"] }),
      true,
    );
    bothWays(
      "a multivalued key with a negated operator: none may match",
      { Condition: { StringNotEquals: { "vpc-lattice-svcs:RequestQueryString/tag": "a" } } },
      req({ "vpc-lattice-svcs:RequestQueryString/tag": ["b", "a"] }),
      false,
    );
    bothWays(
      "ForAllValues with a negated operator: every value matches none",
      { Condition: { "ForAllValues:StringNotLike": { "vpc-lattice-svcs:RequestQueryString/tag": ["x*"] } } },
      req({ "vpc-lattice-svcs:RequestQueryString/tag": ["a", "b"] }),
      true,
    );
    bothWays(
      "ForAnyValue with a negated operator: some value matches none",
      { Condition: { "ForAnyValue:StringNotEquals": { "vpc-lattice-svcs:RequestQueryString/tag": ["a"] } } },
      req({ "vpc-lattice-svcs:RequestQueryString/tag": ["a"] }),
      false,
    );
    bothWays(
      "a non-number never satisfies a numeric operator",
      { Condition: { NumericLessThan: { "vpc-lattice-svcs:Port": "1000" } } },
      req({ "vpc-lattice-svcs:Port": "eighty" }),
      false,
    );
    bothWays(
      "an invalid address never satisfies IpAddress",
      { Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } },
      req({ "aws:SourceIp": "10.0.0" }),
      false,
    );
    bothWays(
      "ArnLike compares each part: * does not reach into the account",
      {
        Condition: { ArnLike: { "vpc-lattice-svcs:ServiceArn": "arn:aws:vpc-lattice:us-east-1*:service/*" } },
      },
      req({ "vpc-lattice-svcs:ServiceArn": SVC }),
      false,
    );
    bothWays(
      "a value that is not an ARN never satisfies ArnLike",
      { Condition: { ArnLike: { "vpc-lattice-svcs:ServiceArn": "*" } } },
      req({ "vpc-lattice-svcs:ServiceArn": "svc-0e5b4c6a2d1f83a97" }),
      false,
    );
  });
});

describe("Action and NotAction", () => {
  const cases: [string, unknown, string, boolean][] = [
    ["exact", "vpc-lattice-svcs:Invoke", "vpc-lattice-svcs:Invoke", true],
    ["case-insensitive", "VPC-LATTICE-SVCS:invoke", "vpc-lattice-svcs:Invoke", true],
    ["service wildcard", "vpc-lattice-svcs:*", "vpc-lattice-svcs:Connect", true],
    ["prefix wildcard", "vpc-lattice-svcs:Inv*", "vpc-lattice-svcs:Invoke", true],
    ["? wildcard", "vpc-lattice-svcs:Invok?", "vpc-lattice-svcs:Invoke", true],
    ["everything", "*", "vpc-lattice-svcs:Invoke", true],
    ["a list", ["s3:GetObject", "vpc-lattice-svcs:Invoke"], "vpc-lattice-svcs:Invoke", true],
    ["control-plane action", "vpc-lattice:*", "vpc-lattice-svcs:Invoke", false],
    ["another action", "vpc-lattice-svcs:Connect", "vpc-lattice-svcs:Invoke", false],
    ["? needs one character", "vpc-lattice-svcs:Invoke?", "vpc-lattice-svcs:Invoke", false],
  ];
  for (const [label, action, requested, holds] of cases) {
    describe(label, () => {
      bothWays(`Action ${JSON.stringify(action)}`, { Action: action }, req({}, { action: requested }), holds);
      bothWays(
        `NotAction ${JSON.stringify(action)}`,
        { Action: undefined, NotAction: action },
        req({}, { action: requested }),
        !holds,
      );
    });
  }
});

describe("Resource and NotResource", () => {
  const cases: [string, unknown, string, boolean][] = [
    ["every path", `${SVC}/*`, `${SVC}/orders`, true],
    ["the root path", `${SVC}/*`, `${SVC}/`, true],
    ["exact path", `${SVC}/orders`, `${SVC}/orders`, true],
    ["case-sensitive", `${SVC}/Orders`, `${SVC}/orders`, false],
    ["? wildcard", `${SVC}/order?`, `${SVC}/orders`, true],
    ["bare service ARN does not match a path", SVC, `${SVC}/orders`, false],
    ["bare service ARN matches Connect's resource", SVC, SVC, true],
    ["any service of the account", `arn:aws:vpc-lattice:us-east-1:${ACCT}:service/*`, `${SVC}/orders`, true],
    ["another region", `arn:aws:vpc-lattice:eu-west-1:${ACCT}:service/*`, `${SVC}/orders`, false],
    [
      "another service",
      `arn:aws:vpc-lattice:us-east-1:${ACCT}:service/svc-07a1c3e5b7d9f2468/*`,
      `${SVC}/orders`,
      false,
    ],
    [
      "*/path across services",
      `arn:aws:vpc-lattice:us-east-1:${ACCT}:service/*/orders`,
      `${SVC}/orders`,
      true,
    ],
    ["a list, second matches", [`${SVC}/admin/*`, `${SVC}/orders`], `${SVC}/orders`, true],
    ["everything", "*", `${SVC}/orders`, true],
  ];
  for (const [label, resource, requested, holds] of cases) {
    describe(label, () => {
      bothWays(
        `Resource ${JSON.stringify(resource)}`,
        { Resource: resource },
        req({}, { resource: requested }),
        holds,
      );
      bothWays(
        `NotResource ${JSON.stringify(resource)}`,
        { Resource: undefined, NotResource: resource },
        req({}, { resource: requested }),
        !holds,
      );
    });
  }
});

describe("Principal and NotPrincipal", () => {
  const ROLE = `arn:aws:iam::${ACCT}:role/orders-client`;
  const cases: [string, unknown, string, boolean][] = [
    ['"*" names the anonymous caller', "*", "anonymous", true],
    ['{"AWS": "*"} names the anonymous caller', { AWS: "*" }, "anonymous", true],
    ["an account id does not name the anonymous caller", { AWS: ACCT }, "anonymous", false],
    ["account id names a session of the account", { AWS: ACCT }, SESSION, true],
    ["root ARN names a session of the account", { AWS: `arn:aws:iam::${ACCT}:root` }, SESSION, true],
    ["root ARN of another account", { AWS: "arn:aws:iam::444455556666:root" }, SESSION, false],
    ["role ARN names its session", { AWS: ROLE }, SESSION, true],
    ["role ARN names the role", { AWS: ROLE }, ROLE, true],
    [
      "role ARN with a path names its session",
      { AWS: `arn:aws:iam::${ACCT}:role/app/orders-client` },
      SESSION,
      true,
    ],
    [
      "role ARN with a path does not name the role without it",
      { AWS: `arn:aws:iam::${ACCT}:role/app/orders-client` },
      ROLE,
      false,
    ],
    ["another role", { AWS: `arn:aws:iam::${ACCT}:role/billing` }, SESSION, false],
    [
      "same role name, other account",
      { AWS: `arn:aws:iam::444455556666:role/orders-client` },
      SESSION,
      false,
    ],
    ["session ARN names the session", { AWS: SESSION }, SESSION, true],
    [
      "user ARN with a path",
      { AWS: `arn:aws:iam::${ACCT}:user/ops/alice` },
      `arn:aws:iam::${ACCT}:user/ops/alice`,
      true,
    ],
    [
      "user ARN does not name another user",
      { AWS: `arn:aws:iam::${ACCT}:user/ops/alice` },
      `arn:aws:iam::${ACCT}:user/ops/bob`,
      false,
    ],
    ["account id names the account's root", { AWS: ACCT }, `arn:aws:iam::${ACCT}:root`, true],
    ["service principal", { Service: "lambda.amazonaws.com" }, "lambda.amazonaws.com", true],
    ["service principal does not name a role", { Service: "lambda.amazonaws.com" }, SESSION, false],
    [
      "a list of principal types",
      { AWS: ["444455556666"], Service: ["ecs-tasks.amazonaws.com"] },
      "ecs-tasks.amazonaws.com",
      true,
    ],
  ];
  for (const [label, principal, as, holds] of cases) {
    bothWays(`Principal: ${label}`, { Principal: principal }, req({}, { caller: parseCaller(as) }), holds);
  }
  const notCases: [string, unknown, string, boolean][] = [
    [
      "NotPrincipal listing account, role and session excludes the session",
      { AWS: [ACCT, ROLE, SESSION] },
      SESSION,
      false,
    ],
    ["NotPrincipal listing only the role does not exclude its session", { AWS: [ROLE] }, SESSION, true],
    [
      "NotPrincipal listing a user and its account excludes the user",
      { AWS: [`arn:aws:iam::${ACCT}:root`, `arn:aws:iam::${ACCT}:user/alice`] },
      `arn:aws:iam::${ACCT}:user/alice`,
      false,
    ],
    ["NotPrincipal applies to the anonymous caller", { AWS: [ACCT] }, "anonymous", true],
    ['NotPrincipal "*" applies to no one', "*", SESSION, false],
  ];
  for (const [label, notPrincipal, as, applies] of notCases) {
    bothWays(
      label,
      { Principal: undefined, NotPrincipal: notPrincipal },
      req({}, { caller: parseCaller(as) }),
      applies,
    );
  }
});

describe("unknown keys: never a guessed allow or deny", () => {
  const unknownOrg = (key: string) => key === "aws:principalorgid";
  it("an allow that depends on an unknown key is unknown", () => {
    const policy = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "Org",
          Effect: "Allow",
          Principal: "*",
          Action: "*",
          Resource: "*",
          Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
        },
      ],
    };
    const r = evaluatePolicy(policy, req({}, { isUnknown: unknownOrg }));
    expect(r.decision).toBe("unknown");
    expect(r.unknownKeys).toEqual(["aws:PrincipalOrgID"]);
    expect(r.statement).toEqual({ index: 0, sid: "Org" });
    expect(
      evaluatePolicy(policy, req({ "aws:PrincipalOrgID": "o-a1b2c3d4e5" }, { isUnknown: unknownOrg }))
        .decision,
    ).toBe("allow");
    expect(evaluatePolicy(policy, req({}, {})).decision).toBe("implicit-deny");
  });
  it("a deny that depends on an unknown key makes an allow unknown", () => {
    const policy = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: "*", Action: "*", Resource: "*" },
        {
          Effect: "Deny",
          Principal: "*",
          Action: "*",
          Resource: "*",
          Condition: { StringNotEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
        },
      ],
    };
    const r = evaluatePolicy(policy, req({}, { isUnknown: unknownOrg }));
    expect(r.decision).toBe("unknown");
    expect(r.statement?.index).toBe(1);
  });
  it("a statement that fails on a known key decides regardless of an unknown one", () => {
    const policy = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "*",
          Resource: "*",
          Condition: {
            StringEquals: {
              "aws:PrincipalOrgID": "o-a1b2c3d4e5",
              "vpc-lattice-svcs:SourceVpc": "vpc-0f9e8d7c6b5a43210",
            },
          },
        },
      ],
    };
    const r = evaluatePolicy(
      policy,
      req({ "vpc-lattice-svcs:SourceVpc": "vpc-0a1b2c3d4e5f60718" }, { isUnknown: unknownOrg }),
    );
    expect(r.decision).toBe("implicit-deny");
    expect(r.unknownKeys).toEqual([]);
  });
  it("a variable whose key is unknown makes the resource unknown", () => {
    const policy = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: "*", Action: "*", Resource: `${SVC}/\${aws:PrincipalTag/team}/*` },
      ],
    };
    const r = evaluatePolicy(
      policy,
      req({}, { resource: `${SVC}/blue/x`, isUnknown: (k) => k.startsWith("aws:principaltag/") }),
    );
    expect(r.decision).toBe("unknown");
    expect(
      evaluatePolicy(policy, req({ "aws:PrincipalTag/team": "blue" }, { resource: `${SVC}/blue/x` }))
        .decision,
    ).toBe("allow");
  });
});

describe("decision and explanation", () => {
  it("explicit deny wins whatever the order", () => {
    const policy = {
      Version: "2012-10-17",
      Statement: [
        { Sid: "Deny", Effect: "Deny", Principal: "*", Action: "*", Resource: "*" },
        { Sid: "Allow", Effect: "Allow", Principal: "*", Action: "*", Resource: "*" },
      ],
    };
    const r = evaluatePolicy(policy, req({}));
    expect(r).toMatchObject({
      decision: "explicit-deny",
      statement: { index: 0, sid: "Deny" },
      reason: 'statement 1 (Sid "Deny") denies',
    });
  });
  it("the first allowing statement decides; a statement without Sid is named by its position", () => {
    const policy = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { AWS: "444455556666" }, Action: "*", Resource: "*" },
        { Effect: "Allow", Principal: "*", Action: "*", Resource: "*" },
        { Sid: "Later", Effect: "Allow", Principal: "*", Action: "*", Resource: "*" },
      ],
    };
    expect(evaluatePolicy(policy, req({}))).toMatchObject({
      decision: "allow",
      statement: { index: 1 },
      reason: "statement 2 allows",
    });
  });
  it("an implicit deny says why each Allow missed", () => {
    const policy = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "Billing",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${ACCT}:role/billing` },
          Action: "*",
          Resource: "*",
        },
        {
          Sid: "Get",
          Effect: "Allow",
          Principal: "*",
          Action: "*",
          Resource: "*",
          Condition: { StringEquals: { "vpc-lattice-svcs:RequestMethod": "GET" } },
        },
      ],
    };
    const r = evaluatePolicy(policy, req({ "vpc-lattice-svcs:RequestMethod": "POST" }));
    expect(r.decision).toBe("implicit-deny");
    expect(r.reason).toBe("no statement allows");
    expect(r.misses).toEqual([
      { statement: { index: 0, sid: "Billing" }, element: "Principal", detail: `does not name ${SESSION}` },
      {
        statement: { index: 1, sid: "Get" },
        element: "Condition",
        detail: "StringEquals on vpc-lattice-svcs:RequestMethod does not hold",
      },
    ]);
  });
  it("a Statement given as one object works like a list of one", () => {
    const policy = {
      Version: "2012-10-17",
      Statement: { Effect: "Allow", Principal: "*", Action: "vpc-lattice-svcs:Invoke", Resource: "*" },
    };
    expect(evaluatePolicy(policy, req({})).decision).toBe("allow");
    expect(
      evaluatePolicy(JSON.stringify(policy), req({}, { action: "vpc-lattice-svcs:Connect" })).decision,
    ).toBe("implicit-deny");
  });
});

describe("malformed policies: a clear error, never a crash", () => {
  const cases: [string, unknown, RegExp][] = [
    ["not JSON", "{not json", /not valid JSON/],
    ["not an object", "[1,2]", /JSON object with a Statement/],
    ["no Statement", { Version: "2012-10-17" }, /no Statement/],
    ["a statement that is not an object", { Statement: ["x"] }, /Statement\[0\]: expected an object/],
    [
      "a bad Effect",
      { Statement: [{ Effect: "allow", Principal: "*", Action: "*", Resource: "*" }] },
      /Effect: expected "Allow" or "Deny"/,
    ],
    [
      "no Principal",
      { Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
      /exactly one of Principal and NotPrincipal/,
    ],
    [
      "Action and NotAction",
      { Statement: [{ Effect: "Allow", Principal: "*", Action: "*", NotAction: "x", Resource: "*" }] },
      /exactly one of Action and NotAction/,
    ],
    [
      "no Resource",
      { Statement: [{ Effect: "Allow", Principal: "*", Action: "*" }] },
      /exactly one of Resource and NotResource/,
    ],
    [
      "a number as Action",
      { Statement: [{ Effect: "Allow", Principal: "*", Action: 3, Resource: "*" }] },
      /Action: expected a string/,
    ],
    [
      "an empty Resource list",
      { Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: [] }] },
      /Resource: must not be empty/,
    ],
    [
      "an unknown operator",
      {
        Statement: [
          {
            Effect: "Allow",
            Principal: "*",
            Action: "*",
            Resource: "*",
            Condition: { StringSortOf: { a: "b" } },
          },
        ],
      },
      /unknown condition operator StringSortOf/,
    ],
    [
      "NullIfExists",
      {
        Statement: [
          {
            Effect: "Allow",
            Principal: "*",
            Action: "*",
            Resource: "*",
            Condition: { NullIfExists: { a: "true" } },
          },
        ],
      },
      /unknown condition operator NullIfExists/,
    ],
    [
      "an object as a condition value",
      {
        Statement: [
          {
            Effect: "Allow",
            Principal: "*",
            Action: "*",
            Resource: "*",
            Condition: { StringEquals: { a: { b: 1 } } },
          },
        ],
      },
      /condition value must be a string/,
    ],
    [
      "a principal that is a number",
      { Statement: [{ Effect: "Allow", Principal: 5, Action: "*", Resource: "*" }] },
      /Principal: expected "\*" or an object/,
    ],
    ["an unknown Version", { Version: "2024-01-01", Statement: [] }, /Version must be/],
    [
      "an unknown element",
      { Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*", Conditions: {} }] },
      /unknown element Conditions/,
    ],
  ];
  for (const [label, policy, message] of cases) {
    it(label, () => {
      expect(() => evaluatePolicy(policy, req({}))).toThrow(message);
      try {
        evaluatePolicy(policy, req({}));
      } catch (error) {
        expect((error as Error).name).toBe("PolicyFormatError");
      }
    });
  }
});

describe("parseCaller", () => {
  it.each([
    ["anonymous", "anonymous"],
    ["111122223333", "account"],
    [`arn:aws:iam::${ACCT}:root`, "account"],
    [`arn:aws:iam::${ACCT}:role/app/orders-client`, "role"],
    [`arn:aws:iam::${ACCT}:user/alice`, "user"],
    [SESSION, "assumed-role"],
    ["lambda.amazonaws.com", "service"],
    [`arn:aws-cn:iam::${ACCT}:role/x`, "role"],
  ])("%s is a %s", (text, type) => {
    expect(parseCaller(text).type).toBe(type);
  });
  it.each([
    "arn:aws:iam::1234:role/x",
    "arn:aws:s3:::bucket",
    "role/orders",
    `arn:aws:sts::${ACCT}:assumed-role/only-role`,
    "",
  ])("%s is rejected with what was expected", (text) => {
    expect(() => parseCaller(text)).toThrow(/expected anonymous, a 12-digit account id/);
  });
});
