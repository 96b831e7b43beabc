/**
 * The evaluator against the example policies of the AWS documentation that fit a VPC Lattice request
 * (each case names its page). Every example is checked both ways: a request it allows and one it
 * denies (implicitly or explicitly), so no case can pass by always answering the same.
 */
import { describe, expect, it } from "vitest";
import { evaluatePolicy, parseCaller, type Request } from "../../src/policy/index.js";

const ACCT = "123456789012";
const SVC = `arn:aws:vpc-lattice:us-west-2:${ACCT}:service/svc-0123456789abcdef0`;
const ROLE = `arn:aws:iam::${ACCT}:role/rates-client`;
const SESSION = `arn:aws:sts::${ACCT}:assumed-role/rates-client/i-0abc1234`;

const LATTICE_UG = "https://docs.aws.amazon.com/vpc-lattice/latest/ug/auth-policies.html";
const IAM_OPS =
  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html";
const IAM_PRINCIPAL =
  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html";
const IAM_NOTPRINCIPAL =
  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html";
const IAM_VARIABLES = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html";
const IAM_MULTI =
  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html";
const IAM_LOGIC = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html";
const IAM_CONDITION =
  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html";
const CONSOLE_TEMPLATES = "https://docs.aws.amazon.com/vpc-lattice/latest/ug/service-networks.html";

function request(overrides: Partial<Request> & { as?: string } = {}): Request {
  const { as, ...rest } = overrides;
  return {
    caller: parseCaller(as ?? SESSION),
    action: "vpc-lattice-svcs:Invoke",
    resource: `${SVC}/rates`,
    context: {
      "aws:PrincipalType": "AssumedRole",
      "aws:PrincipalAccount": ACCT,
      "vpc-lattice-svcs:SourceVpc": "vpc-1a2b3c4d",
      "vpc-lattice-svcs:RequestMethod": "GET",
      "vpc-lattice-svcs:RequestPath": "/rates",
      "vpc-lattice-svcs:Port": 443,
      "vpc-lattice-svcs:ServiceArn": SVC,
    },
    ...rest,
  };
}

const anonymous = (context: Request["context"] = {}): Request =>
  request({ as: "anonymous", context: { "aws:PrincipalType": "Anonymous", ...context } });

interface Example {
  page: string;
  name: string;
  policy: unknown;
  allows: Request[];
  denies: { request: Request; decision: "implicit-deny" | "explicit-deny"; statement?: number }[];
}

const EXAMPLES: Example[] = [
  {
    page: LATTICE_UG,
    name: "allow authenticated principals of an organization (aws:PrincipalOrgID)",
    policy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
          Condition: { StringEquals: { "aws:PrincipalOrgID": ["o-123456example"] } },
        },
      ],
    },
    allows: [request({ context: { ...request().context, "aws:PrincipalOrgID": "o-123456example" } })],
    denies: [
      {
        request: request({ context: { ...request().context, "aws:PrincipalOrgID": "o-999999other" } }),
        decision: "implicit-deny",
      },
      { request: anonymous(), decision: "implicit-deny" },
    ],
  },
  {
    page: LATTICE_UG,
    name: "restrict access to a VPC (vpc-lattice-svcs:SourceVpc)",
    policy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
          Condition: { StringEquals: { "vpc-lattice-svcs:SourceVpc": "vpc-1a2b3c4d" } },
        },
      ],
    },
    allows: [request(), anonymous({ "vpc-lattice-svcs:SourceVpc": "vpc-1a2b3c4d" })],
    denies: [
      { request: anonymous({ "vpc-lattice-svcs:SourceVpc": "vpc-9f8e7d6c" }), decision: "implicit-deny" },
    ],
  },
  {
    page: LATTICE_UG,
    name: "service policy: a role may GET the rates paths of one service",
    policy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: [ROLE] },
          Action: "vpc-lattice-svcs:Invoke",
          Resource: [`${SVC}/rates`, `${SVC}/rates/*`],
          Condition: { StringEquals: { "vpc-lattice-svcs:RequestMethod": "GET" } },
        },
      ],
    },
    allows: [request(), request({ as: ROLE }), request({ resource: `${SVC}/rates/eu` })],
    denies: [
      {
        request: request({ context: { ...request().context, "vpc-lattice-svcs:RequestMethod": "POST" } }),
        decision: "implicit-deny",
      },
      { request: request({ resource: `${SVC}/parking` }), decision: "implicit-deny" },
      { request: request({ as: `arn:aws:iam::${ACCT}:role/other-client` }), decision: "implicit-deny" },
    ],
  },
  {
    page: LATTICE_UG,
    name: "resource forms: */rates across services of the account, gRPC method paths",
    policy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: ACCT },
          Action: "vpc-lattice-svcs:Invoke",
          Resource: [`arn:aws:vpc-lattice:us-west-2:${ACCT}:service/*/rates`, `${SVC}/api.parking/GetRates`],
        },
      ],
    },
    allows: [request(), request({ resource: `${SVC}/api.parking/GetRates` })],
    denies: [
      { request: request({ resource: `${SVC}/api.parking/PayRates` }), decision: "implicit-deny" },
      { request: request({ as: `arn:aws:iam::210987654321:role/rates-client` }), decision: "implicit-deny" },
    ],
  },
  {
    page: CONSOLE_TEMPLATES,
    name: 'console template "allow only authenticated access" (StringNotEqualsIgnoreCase aws:PrincipalType anonymous)',
    policy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "vpc-lattice-svcs:*",
          Resource: "*",
          Condition: { StringNotEqualsIgnoreCase: { "aws:PrincipalType": "anonymous" } },
        },
      ],
    },
    allows: [request(), request({ as: `arn:aws:iam::${ACCT}:user/division_abc/subdivision_xyz/Bob` })],
    denies: [{ request: anonymous(), decision: "implicit-deny" }],
  },
  {
    page: CONSOLE_TEMPLATES,
    name: 'console template "allow authenticated and unauthenticated access"',
    policy: {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: "*", Action: "vpc-lattice-svcs:*", Resource: "*" }],
    },
    allows: [request(), anonymous()],
    denies: [{ request: request({ action: "vpc-lattice:GetService" }), decision: "implicit-deny" }],
  },
  {
    page: LATTICE_UG,
    name: "anonymous callers from one VPC only, on one port (Numeric Port)",
    policy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          Resource: `${SVC}/*`,
          Condition: {
            StringEquals: { "aws:PrincipalType": "Anonymous", "vpc-lattice-svcs:SourceVpc": "vpc-1a2b3c4d" },
            NumericEquals: { "vpc-lattice-svcs:Port": "443" },
          },
        },
      ],
    },
    allows: [anonymous({ "vpc-lattice-svcs:SourceVpc": "vpc-1a2b3c4d", "vpc-lattice-svcs:Port": 443 })],
    denies: [
      {
        request: anonymous({ "vpc-lattice-svcs:SourceVpc": "vpc-1a2b3c4d", "vpc-lattice-svcs:Port": 8443 }),
        decision: "implicit-deny",
      },
      { request: request(), decision: "implicit-deny" },
    ],
  },
  {
    page: LATTICE_UG,
    name: "request header condition (vpc-lattice-svcs:RequestHeader/<name>)",
    policy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
          Condition: { StringEquals: { "vpc-lattice-svcs:RequestHeader/x-tenant": "acme" } },
        },
      ],
    },
    allows: [
      request({ context: { ...request().context, "vpc-lattice-svcs:RequestHeader/x-tenant": "acme" } }),
    ],
    denies: [
      { request: request(), decision: "implicit-deny" },
      {
        request: request({
          context: { ...request().context, "vpc-lattice-svcs:RequestHeader/x-tenant": "globex" },
        }),
        decision: "implicit-deny",
      },
    ],
  },
  {
    page: IAM_LOGIC,
    name: "explicit deny overrides an allow (deny a role, allow the account)",
    policy: {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AllowAccount",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${ACCT}:root` },
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
        },
        {
          Sid: "DenyBatch",
          Effect: "Deny",
          Principal: { AWS: `arn:aws:iam::${ACCT}:role/batch` },
          Action: "*",
          Resource: "*",
        },
      ],
    },
    allows: [request()],
    denies: [
      {
        request: request({ as: `arn:aws:sts::${ACCT}:assumed-role/batch/nightly` }),
        decision: "explicit-deny",
        statement: 1,
      },
    ],
  },
  {
    page: IAM_PRINCIPAL,
    name: 'Principal {"AWS": "*"} is everyone, anonymous included',
    policy: {
      Version: "2012-10-17",
      Statement: {
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: "vpc-lattice-svcs:Invoke",
        Resource: `${SVC}/*`,
      },
    },
    allows: [anonymous(), request()],
    denies: [
      {
        request: request({
          resource: `arn:aws:vpc-lattice:us-west-2:${ACCT}:service/svc-0fedcba9876543210/rates`,
        }),
        decision: "implicit-deny",
      },
    ],
  },
  {
    page: IAM_PRINCIPAL,
    name: "role session principal: named by the session ARN itself",
    policy: {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { AWS: SESSION }, Action: "vpc-lattice-svcs:Invoke", Resource: "*" },
      ],
    },
    allows: [request()],
    denies: [
      {
        request: request({ as: `arn:aws:sts::${ACCT}:assumed-role/rates-client/other-session` }),
        decision: "implicit-deny",
      },
    ],
  },
  {
    page: IAM_PRINCIPAL,
    name: "role with a path: its sessions match by role name",
    policy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${ACCT}:role/teams/payments/rates-client` },
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
        },
      ],
    },
    allows: [request(), request({ as: `arn:aws:iam::${ACCT}:role/teams/payments/rates-client` })],
    denies: [
      { request: request({ as: ROLE }), decision: "implicit-deny" },
      {
        request: request({ as: `arn:aws:sts::210987654321:assumed-role/rates-client/x` }),
        decision: "implicit-deny",
      },
    ],
  },
  {
    page: IAM_PRINCIPAL,
    name: "service principal",
    policy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: ["lambda.amazonaws.com"] },
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
        },
      ],
    },
    allows: [request({ as: "lambda.amazonaws.com" })],
    denies: [
      { request: request({ as: "ecs-tasks.amazonaws.com" }), decision: "implicit-deny" },
      { request: request(), decision: "implicit-deny" },
    ],
  },
  {
    page: IAM_NOTPRINCIPAL,
    name: "Deny with NotPrincipal: everyone except the listed account, role and session",
    policy: {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: "*", Action: "vpc-lattice-svcs:Invoke", Resource: "*" },
        {
          Effect: "Deny",
          NotPrincipal: { AWS: [`arn:aws:iam::${ACCT}:root`, ROLE, SESSION] },
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
        },
      ],
    },
    allows: [request()],
    denies: [
      { request: anonymous(), decision: "explicit-deny", statement: 1 },
      // The documentation's caveat: a session not listed is denied even though its role is.
      {
        request: request({ as: `arn:aws:sts::${ACCT}:assumed-role/rates-client/other` }),
        decision: "explicit-deny",
        statement: 1,
      },
    ],
  },
  {
    page: IAM_OPS,
    name: "NotAction in a Deny: deny everything except Invoke",
    policy: {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: "*", Action: "vpc-lattice-svcs:*", Resource: "*" },
        { Effect: "Deny", Principal: "*", NotAction: "vpc-lattice-svcs:Invoke", Resource: "*" },
      ],
    },
    allows: [request()],
    denies: [
      {
        request: request({ action: "vpc-lattice-svcs:Connect", resource: SVC }),
        decision: "explicit-deny",
        statement: 1,
      },
    ],
  },
  {
    page: IAM_CONDITION,
    name: "NotResource: deny everything but the public path",
    policy: {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: "*", Action: "vpc-lattice-svcs:Invoke", Resource: "*" },
        {
          Effect: "Deny",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          NotResource: `${SVC}/public/*`,
          Condition: { StringEquals: { "aws:PrincipalType": "Anonymous" } },
        },
      ],
    },
    allows: [anonymous(), request()].map((r, i) =>
      i === 0 ? { ...r, resource: `${SVC}/public/index.html` } : r,
    ),
    denies: [{ request: anonymous(), decision: "explicit-deny", statement: 1 }],
  },
  {
    page: IAM_OPS,
    name: "StringLike with wildcards on the request path",
    policy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
          Condition: { StringLike: { "vpc-lattice-svcs:RequestPath": ["/rates*", "/v?/health"] } },
        },
      ],
    },
    allows: [
      request(),
      request({ context: { ...request().context, "vpc-lattice-svcs:RequestPath": "/v2/health" } }),
    ],
    denies: [
      {
        request: request({
          context: { ...request().context, "vpc-lattice-svcs:RequestPath": "/v10/health" },
        }),
        decision: "implicit-deny",
      },
    ],
  },
  {
    page: IAM_OPS,
    name: "multiple values of a negated operator: NOR (StringNotEquals on two departments)",
    policy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
          Condition: { StringNotEquals: { "aws:PrincipalTag/department": ["finance", "hr"] } },
        },
      ],
    },
    allows: [request({ context: { ...request().context, "aws:PrincipalTag/department": "engineering" } })],
    denies: [
      {
        request: request({ context: { ...request().context, "aws:PrincipalTag/department": "hr" } }),
        decision: "implicit-deny",
      },
      {
        request: request({ context: { ...request().context, "aws:PrincipalTag/department": "finance" } }),
        decision: "implicit-deny",
      },
    ],
  },
  {
    page: IAM_CONDITION,
    name: "several keys ANDed, values ORed (PrincipalTag department and role)",
    policy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
          Condition: {
            StringEquals: {
              "aws:PrincipalTag/department": ["finance", "hr", "legal"],
              "aws:PrincipalTag/role": ["audit", "security"],
            },
          },
        },
      ],
    },
    allows: [
      request({
        context: {
          ...request().context,
          "aws:PrincipalTag/department": "legal",
          "aws:PrincipalTag/role": "audit",
        },
      }),
    ],
    denies: [
      {
        request: request({
          context: {
            ...request().context,
            "aws:PrincipalTag/department": "legal",
            "aws:PrincipalTag/role": "dev",
          },
        }),
        decision: "implicit-deny",
      },
    ],
  },
  {
    page: IAM_OPS,
    name: "IpAddress with an IPv4 and an IPv6 range (aws:SourceIp)",
    policy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
          Condition: { IpAddress: { "aws:SourceIp": ["203.0.113.0/24", "2001:DB8:1234:5678::/64"] } },
        },
      ],
    },
    allows: [
      request({ context: { ...request().context, "aws:SourceIp": "203.0.113.77" } }),
      request({ context: { ...request().context, "aws:SourceIp": "2001:db8:1234:5678::abcd" } }),
    ],
    denies: [
      {
        request: request({ context: { ...request().context, "aws:SourceIp": "198.51.100.1" } }),
        decision: "implicit-deny",
      },
      {
        request: request({ context: { ...request().context, "aws:SourceIp": "2001:db8:1234:5679::1" } }),
        decision: "implicit-deny",
      },
    ],
  },
  {
    page: IAM_OPS,
    name: "DateGreaterThan / DateLessThan on aws:CurrentTime (a time window)",
    policy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
          Condition: {
            DateGreaterThan: { "aws:CurrentTime": "2020-04-01T00:00:00Z" },
            DateLessThan: { "aws:CurrentTime": "2020-06-30T23:59:59Z" },
          },
        },
      ],
    },
    allows: [request({ context: { ...request().context, "aws:CurrentTime": "2020-05-15T12:00:00Z" } })],
    denies: [
      {
        request: request({ context: { ...request().context, "aws:CurrentTime": "2021-01-01T00:00:00Z" } }),
        decision: "implicit-deny",
      },
    ],
  },
  {
    page: IAM_OPS,
    name: "Bool aws:SecureTransport",
    policy: {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: "*", Action: "vpc-lattice-svcs:Invoke", Resource: "*" },
        {
          Effect: "Deny",
          Principal: "*",
          Action: "*",
          Resource: "*",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ],
    },
    allows: [request({ context: { ...request().context, "aws:SecureTransport": true } })],
    denies: [
      {
        request: request({ context: { ...request().context, "aws:SecureTransport": false } }),
        decision: "explicit-deny",
        statement: 1,
      },
    ],
  },
  {
    page: IAM_OPS,
    name: "BinaryEquals on a base64 value",
    policy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
          Condition: { BinaryEquals: { key: "QmluYXJ5VmFsdWVJbkJhc2U2NA==" } },
        },
      ],
    },
    allows: [request({ context: { ...request().context, key: "QmluYXJ5VmFsdWVJbkJhc2U2NA==" } })],
    denies: [
      {
        request: request({ context: { ...request().context, key: "QmluYXJ5VmFsdWU=" } }),
        decision: "implicit-deny",
      },
    ],
  },
  {
    page: IAM_OPS,
    name: "ArnLike on vpc-lattice-svcs:ServiceNetworkArn",
    policy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
          Condition: {
            ArnLike: {
              "vpc-lattice-svcs:ServiceNetworkArn": `arn:aws:vpc-lattice:*:${ACCT}:servicenetwork/sn-*`,
            },
          },
        },
      ],
    },
    allows: [
      request({
        context: {
          ...request().context,
          "vpc-lattice-svcs:ServiceNetworkArn": `arn:aws:vpc-lattice:us-west-2:${ACCT}:servicenetwork/sn-0a1b2c3d4e5f60718`,
        },
      }),
    ],
    denies: [
      {
        request: request({
          context: {
            ...request().context,
            "vpc-lattice-svcs:ServiceNetworkArn": `arn:aws:vpc-lattice:us-west-2:210987654321:servicenetwork/sn-0a1b2c3d4e5f60718`,
          },
        }),
        decision: "implicit-deny",
      },
    ],
  },
  {
    page: IAM_OPS,
    name: "Null: deny requests without the tenant header",
    policy: {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: "*", Action: "vpc-lattice-svcs:Invoke", Resource: "*" },
        {
          Effect: "Deny",
          Principal: "*",
          Action: "*",
          Resource: "*",
          Condition: { Null: { "vpc-lattice-svcs:RequestHeader/x-tenant": "true" } },
        },
      ],
    },
    allows: [
      request({ context: { ...request().context, "vpc-lattice-svcs:RequestHeader/x-tenant": "acme" } }),
    ],
    denies: [{ request: request(), decision: "explicit-deny", statement: 1 }],
  },
  {
    page: IAM_OPS,
    name: "…IfExists: a header condition that holds when the header is absent",
    policy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
          Condition: { StringEqualsIfExists: { "vpc-lattice-svcs:RequestHeader/x-env": "prod" } },
        },
      ],
    },
    allows: [
      request(),
      request({ context: { ...request().context, "vpc-lattice-svcs:RequestHeader/x-env": "prod" } }),
    ],
    denies: [
      {
        request: request({
          context: { ...request().context, "vpc-lattice-svcs:RequestHeader/x-env": "dev" },
        }),
        decision: "implicit-deny",
      },
    ],
  },
  {
    page: IAM_MULTI,
    name: "ForAnyValue:StringEquals on a query-string key (multivalued)",
    policy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
          Condition: {
            "ForAnyValue:StringEquals": { "vpc-lattice-svcs:RequestQueryString/region": ["eu", "us"] },
          },
        },
      ],
    },
    allows: [
      request({
        context: { ...request().context, "vpc-lattice-svcs:RequestQueryString/region": ["ap", "eu"] },
      }),
    ],
    denies: [
      {
        request: request({
          context: { ...request().context, "vpc-lattice-svcs:RequestQueryString/region": ["ap"] },
        }),
        decision: "implicit-deny",
      },
      { request: request(), decision: "implicit-deny" },
    ],
  },
  {
    page: IAM_MULTI,
    name: "ForAllValues:StringEquals holds for the empty set (the documented pitfall)",
    policy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
          Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["environment", "cost-center"] } },
        },
      ],
    },
    allows: [request(), request({ context: { ...request().context, "aws:TagKeys": ["environment"] } })],
    denies: [
      {
        request: request({ context: { ...request().context, "aws:TagKeys": ["environment", "owner"] } }),
        decision: "implicit-deny",
      },
    ],
  },
  {
    page: IAM_VARIABLES,
    name: "policy variable ${aws:PrincipalAccount} in Resource",
    policy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "arn:aws:vpc-lattice:us-west-2:${aws:PrincipalAccount}:service/*",
        },
      ],
    },
    allows: [request()],
    denies: [
      {
        request: request({
          as: "arn:aws:sts::210987654321:assumed-role/x/y",
          context: { "aws:PrincipalAccount": "210987654321" },
        }),
        decision: "implicit-deny",
      },
      { request: anonymous(), decision: "implicit-deny" },
    ],
  },
  {
    page: IAM_VARIABLES,
    name: "policy variable ${aws:username} in a condition, with the ${*} escape",
    policy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
          Condition: {
            StringLike: {
              "vpc-lattice-svcs:RequestPath": "/home/${aws:username}/*",
              "vpc-lattice-svcs:RequestHeader/x-mark": "${*}${?}${$}",
            },
          },
        },
      ],
    },
    allows: [
      request({
        as: `arn:aws:iam::${ACCT}:user/Bob`,
        context: {
          "aws:username": "Bob",
          "vpc-lattice-svcs:RequestPath": "/home/Bob/notes",
          "vpc-lattice-svcs:RequestHeader/x-mark": "*?$",
        },
      }),
    ],
    denies: [
      {
        request: request({
          as: `arn:aws:iam::${ACCT}:user/Bob`,
          context: {
            "aws:username": "Bob",
            "vpc-lattice-svcs:RequestPath": "/home/Alice/notes",
            "vpc-lattice-svcs:RequestHeader/x-mark": "*?$",
          },
        }),
        decision: "implicit-deny",
      },
      {
        request: request({
          as: `arn:aws:iam::${ACCT}:user/Bob`,
          context: {
            "aws:username": "Bob",
            "vpc-lattice-svcs:RequestPath": "/home/Bob/notes",
            "vpc-lattice-svcs:RequestHeader/x-mark": "ab$",
          },
        }),
        decision: "implicit-deny",
      },
    ],
  },
  {
    page: IAM_VARIABLES,
    name: "a variable with a default value, ${aws:PrincipalTag/team, 'none'}",
    policy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
          Condition: {
            StringEquals: { "vpc-lattice-svcs:RequestHeader/x-team": "${aws:PrincipalTag/team, 'none'}" },
          },
        },
      ],
    },
    allows: [
      request({ context: { "vpc-lattice-svcs:RequestHeader/x-team": "none" } }),
      request({
        context: { "aws:PrincipalTag/team": "blue", "vpc-lattice-svcs:RequestHeader/x-team": "blue" },
      }),
    ],
    denies: [
      {
        request: request({
          context: { "aws:PrincipalTag/team": "blue", "vpc-lattice-svcs:RequestHeader/x-team": "none" },
        }),
        decision: "implicit-deny",
      },
    ],
  },
  {
    page: IAM_VARIABLES,
    name: "Version 2008-10-17: ${aws:username} is literal text",
    policy: {
      Version: "2008-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
          Condition: { StringEquals: { "vpc-lattice-svcs:RequestHeader/x-user": "${aws:username}" } },
        },
      ],
    },
    allows: [
      request({
        context: { "aws:username": "Bob", "vpc-lattice-svcs:RequestHeader/x-user": "${aws:username}" },
      }),
    ],
    denies: [
      {
        request: request({
          context: { "aws:username": "Bob", "vpc-lattice-svcs:RequestHeader/x-user": "Bob" },
        }),
        decision: "implicit-deny",
      },
    ],
  },
];

describe("documentation examples", () => {
  for (const example of EXAMPLES) {
    describe(`${example.name} — ${example.page}`, () => {
      example.allows.forEach((req, i) => {
        it(`allows request ${i + 1}`, () => {
          const result = evaluatePolicy(example.policy, req);
          expect(result.decision, result.reason).toBe("allow");
        });
      });
      example.denies.forEach((d, i) => {
        it(`denies request ${i + 1} (${d.decision})`, () => {
          const result = evaluatePolicy(example.policy, d.request);
          expect(result.decision, result.reason).toBe(d.decision);
          if (d.statement !== undefined) expect(result.statement?.index).toBe(d.statement);
          if (d.decision === "implicit-deny") expect(result.reason).toBe("no statement allows");
        });
      });
    });
  }
});

export const DOC_EXAMPLE_COUNT = EXAMPLES.length;
