/**
 * The --error / probe mapping, table-driven: each text is one a client really prints (AWS
 * workshop transcripts, SDK and curl issue threads, access logs), in the forms it reaches an
 * on-call engineer — raw, inside a JSON body, with escaped quotes, broken over lines, re-cased.
 * Near-misses (other services' denials, other actions, prose that merely mentions a header) must
 * not match.
 */
import { describe, expect, it } from "vitest";
import {
  explainErrorText,
  normaliseErrorText,
  RULES,
  type DeniedBy,
  type ErrorCause,
} from "../../src/policy/error-text.js";

const SVC = "svc-0b1f56d26672bf677";
const SVC_ARN = `arn:aws:vpc-lattice:us-east-1:111122223333:service/${SVC}`;
const ROLE_SESSION = "arn:aws:sts::111122223333:assumed-role/orders-client/i-0a1b2c3d4e5f60718";

interface Case {
  name: string;
  text: string;
  cause: ErrorCause;
  deniedBy: DeniedBy;
  /** Expected parts of the match. */
  has?: Record<string, unknown>;
  /** The phrase must include this. */
  phrase?: string;
}

const network = `AccessDeniedException: User: anonymous is not authorized to perform: vpc-lattice-svcs:Invoke on resource: ${SVC_ARN}/parking because no network-based policy allows the vpc-lattice-svcs:Invoke action`;
const service = `AccessDeniedException: User: ${ROLE_SESSION} is not authorized to perform: vpc-lattice-svcs:Invoke on resource: ${SVC_ARN}/ because no service-based policy allows the vpc-lattice-svcs:Invoke action`;
const identity = `AccessDeniedException: User: ${ROLE_SESSION} is not authorized to perform: vpc-lattice-svcs:Invoke on resource: ${SVC_ARN}/orders because no identity-based policy allows the vpc-lattice-svcs:Invoke action`;

const CASES: Case[] = [
  // --- layers
  {
    name: "network layer, anonymous caller (workshop curl output)",
    text: network,
    cause: "network-policy",
    deniedBy: "network",
    has: { principal: "anonymous", serviceId: SVC, resource: `${SVC_ARN}/parking`, explicitDeny: false },
    phrase: "because no network-based policy allows the vpc-lattice-svcs:Invoke action",
  },
  {
    name: "service layer, signed caller",
    text: service,
    cause: "service-policy",
    deniedBy: "service",
    has: { principal: ROLE_SESSION, serviceId: SVC, policyType: "service-based" },
    phrase: `User: ${ROLE_SESSION}`,
  },
  {
    name: "identity layer",
    text: identity,
    cause: "identity-policy",
    deniedBy: "identity",
    has: { principal: ROLE_SESSION, policyType: "identity-based" },
  },
  {
    name: "service layer inside a JSON body",
    text: JSON.stringify({ Message: service }),
    cause: "service-policy",
    deniedBy: "service",
    has: { serviceId: SVC },
  },
  {
    name: "network layer as an SDK message with escaped quotes and \\n",
    text: `Error: request failed: \\"${network.replace(" because", "\\nbecause")}\\"`,
    cause: "network-policy",
    deniedBy: "network",
    has: { principal: "anonymous" },
  },
  {
    name: "service layer pasted over several lines (a terminal wraps it)",
    text: `403\nAccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/lattice-allowed-role/i-0123456789abcdef0\nis not authorized to perform: vpc-lattice-svcs:Invoke on resource:\narn:aws:vpc-lattice:ap-northeast-1:111122223333:service/svc-0172f5b22a68d46bc/\nbecause no service-based policy allows the vpc-lattice-svcs:Invoke action\n`,
    cause: "service-policy",
    deniedBy: "service",
    has: { serviceId: "svc-0172f5b22a68d46bc" },
  },
  {
    name: "network layer in capitals (a ticket that shouted)",
    text: network.toUpperCase(),
    cause: "network-policy",
    deniedBy: "network",
  },
  {
    name: "explicit deny in a service-based policy",
    text: `User: ${ROLE_SESSION} is not authorized to perform: vpc-lattice-svcs:Invoke on resource: ${SVC_ARN}/admin with an explicit deny in a service-based policy`,
    cause: "service-policy",
    deniedBy: "service",
    has: { explicitDeny: true },
  },
  {
    name: "explicit deny in a network-based policy",
    text: `AccessDeniedException: User: ${ROLE_SESSION} is not authorized to perform: vpc-lattice-svcs:Invoke on resource: ${SVC_ARN}/ with an explicit deny in a network-based policy`,
    cause: "network-policy",
    deniedBy: "network",
    has: { explicitDeny: true },
  },
  {
    name: "explicit deny in a service control policy",
    text: `User: ${ROLE_SESSION} is not authorized to perform: vpc-lattice-svcs:Invoke on resource: ${SVC_ARN}/ with an explicit deny in a service control policy`,
    cause: "identity-policy",
    deniedBy: "identity",
    has: { policyType: "service control policy", explicitDeny: true },
  },
  {
    name: "no permissions boundary allows",
    text: `User: ${ROLE_SESSION} is not authorized to perform: vpc-lattice-svcs:Invoke on resource: ${SVC_ARN}/ because no permissions boundary allows the vpc-lattice-svcs:Invoke action`,
    cause: "identity-policy",
    deniedBy: "identity",
    has: { policyType: "permissions boundary" },
  },
  {
    name: "an access-log entry (authDeniedReason)",
    text: `{"serviceArn": "${SVC_ARN}", "resolvedUser": "Anonymous", "authDeniedReason": "Service", "failureReason": "ClientAccessDenied", "responseCode": 403}`,
    cause: "service-policy",
    deniedBy: "service",
    has: { principal: "anonymous", serviceId: SVC },
  },
  {
    name: "an access-log entry, network",
    text: `"authDeniedReason": "Network",\n"resolvedUser": "${ROLE_SESSION}"`,
    cause: "network-policy",
    deniedBy: "network",
    has: { principal: ROLE_SESSION },
  },
  // --- unsigned
  {
    name: "anonymous with no layer phrase (a cut paste)",
    text: `AccessDeniedException: User: anonymous is not authorized to perform: vpc-lattice-svcs:Invoke on resource: ${SVC_ARN}/`,
    cause: "unsigned",
    deniedBy: "signing",
    has: { principal: "anonymous", serviceId: SVC },
  },
  // --- signing faults
  {
    name: "IncompleteSignatureException naming x-amz-content-sha256 (aws-sigv4-proxy)",
    text: "IncompleteSignatureException: Missing the 'x-amz-content-sha256' in canonical headers.",
    cause: "missing-content-sha256",
    deniedBy: "signing",
    has: { header: "x-amz-content-sha256" },
  },
  {
    name: "x-amz-content-sha256 in a JSON error body with escaped quotes",
    text: `{"__type":"IncompleteSignatureException","message":"Missing the \\u0027x-amz-content-sha256\\u0027 in canonical headers."}`,
    cause: "missing-content-sha256",
    deniedBy: "signing",
  },
  {
    name: "x-amz-content-sha256 named as signed but absent",
    text: "IncompleteSignatureException: 'x-amz-content-sha256' is named as a SignedHeader, but it does not exist in the HTTP request.",
    cause: "missing-content-sha256",
    deniedBy: "signing",
  },
  {
    name: "empty session token (curl issue 11007)",
    text: "IncompleteSignatureException: 'x-amz-security-token' is named as a SignedHeader, but it does not exist in the HTTP request.sh-5.2$",
    cause: "empty-session-token",
    deniedBy: "signing",
    has: { header: "x-amz-security-token" },
  },
  {
    name: "empty session token, Go SDK error with escaped quotes",
    text: `operation error: https response error StatusCode: 403, api error IncompleteSignatureException: \\"'x-amz-security-token' is named as a SignedHeader, but it does not exist in the HTTP request.\\"`,
    cause: "empty-session-token",
    deniedBy: "signing",
  },
  {
    name: "connection header signed (aws-sdk-go-v2 issue 2593)",
    text: `"IncompleteSignatureException: 'connection' is named as a SignedHeader, but it does not exist in the HTTP request."`,
    cause: "hop-by-hop-signed",
    deniedBy: "signing",
    has: { header: "connection" },
  },
  {
    name: "connection in a pasted SignedHeaders list with InvalidSignatureException",
    text: "InvalidSignatureException\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20240402/us-west-2/vpc-lattice-svcs/aws4_request, SignedHeaders=accept;connection;host;x-amz-content-sha256;x-amz-date, Signature=0f1e",
    cause: "hop-by-hop-signed",
    deniedBy: "signing",
  },
  {
    name: "another signed header dropped in transit",
    text: "IncompleteSignatureException: 'x-request-id' is named as a SignedHeader, but it does not exist in the HTTP request.",
    cause: "signed-header-stripped",
    deniedBy: "signing",
    has: { header: "x-request-id" },
  },
  {
    name: "signed payloads are not supported",
    text: "HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\n\r\nInvalidSignatureException: Signed payloads are not supported",
    cause: "payload-signed",
    deniedBy: "signing",
  },
  {
    name: "a body hash in the pasted headers of an InvalidSignatureException",
    text: "InvalidSignatureException\nx-amz-content-sha256: 44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
    cause: "payload-signed",
    deniedBy: "signing",
  },
  {
    name: "streaming payload signature (Java signer over plain HTTP)",
    text: "403 InvalidSignatureException -H 'x-amz-content-sha256: STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD'",
    cause: "payload-signed",
    deniedBy: "signing",
  },
  {
    name: "credential scoped to the wrong service",
    text: "InvalidSignatureException: Credential should be scoped to correct service: 'vpc-lattice-svcs'. ",
    cause: "wrong-signing-name",
    deniedBy: "signing",
  },
  {
    name: "a credential scope naming vpc-lattice in a pasted Authorization header",
    text: "authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250319/us-east-1/vpc-lattice/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=5d67",
    cause: "wrong-signing-name",
    deniedBy: "signing",
  },
  {
    name: "curl --aws-sigv4 with the control-plane name",
    text: `curl --aws-sigv4 "aws:amz:us-east-1:vpc-lattice" --user "$AK:$SK" https://orders-api-0e5b4c6a2d1f83a97.7d67968.vpc-lattice-svcs.us-east-1.on.aws/ → 403`,
    cause: "wrong-signing-name",
    deniedBy: "signing",
  },
  {
    name: "credential scoped to another region",
    text: "InvalidSignatureException: Credential should be scoped to a valid Region, not 'eu-west-1'.",
    cause: "wrong-region",
    deniedBy: "signing",
  },
  {
    name: "signature expired (clock skew)",
    text: "InvalidSignatureException: Signature expired: 20250319T101500Z is now earlier than 20250319T102001Z (20250319T103501Z - 15 min.)",
    cause: "clock-skew",
    deniedBy: "signing",
  },
  {
    name: "expired session token",
    text: '{"message":"The security token included in the request is expired"}',
    cause: "expired-token",
    deniedBy: "signing",
  },
  {
    name: "unrecognised token",
    text: "UnrecognizedClientException: The security token included in the request is invalid.",
    cause: "invalid-token",
    deniedBy: "signing",
  },
  {
    name: "signature mismatch",
    text: "InvalidSignatureException: The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
    cause: "signature-mismatch",
    deniedBy: "signing",
  },
  {
    name: "bare InvalidSignatureException (Envoy SigV4A issue)",
    text: "upstream answered 403: InvalidSignatureException",
    cause: "signature-mismatch",
    deniedBy: "signing",
  },
  {
    name: "x-amz-security-token named in another phrasing of IncompleteSignatureException",
    text: "IncompleteSignatureException: The request must contain the header x-amz-security-token when signed with temporary credentials",
    cause: "empty-session-token",
    deniedBy: "signing",
  },
  {
    name: "an incomplete signature pasted with the request's headers (curl -v): not blamed on the headers shown",
    text: "< HTTP/1.1 403 Forbidden\n> x-amz-content-sha256: UNSIGNED-PAYLOAD\n> x-amz-security-token: IQoJb3JpZ2luX2Vj\nIncompleteSignatureException: Authorization header requires 'Credential' parameter. Authorization=AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token",
    cause: "incomplete-signature",
    deniedBy: "signing",
  },
  {
    name: "malformed Authorization header",
    text: "IncompleteSignatureException: '/20210706/us-east-2/vpc-lattice-svcs/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header",
    cause: "incomplete-signature",
    deniedBy: "signing",
  },
];

const NEAR_MISSES: { name: string; text: string }[] = [
  { name: "empty", text: "" },
  { name: "white space only", text: " \n\t " },
  { name: "a bare 403", text: "HTTP/1.1 403 Forbidden" },
  {
    name: "API Gateway's anonymous denial",
    text: '{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:ap-southeast-2:111122223333:abcdef1234/prod/GET/"}',
  },
  {
    name: "a control-plane denial (the doctor's own read)",
    text: `User: ${ROLE_SESSION} is not authorized to perform: vpc-lattice:GetAuthPolicy on resource: ${SVC_ARN} because no identity-based policy allows the vpc-lattice:GetAuthPolicy action`,
  },
  {
    name: "an EC2 denial",
    text: "You are not authorized to perform this operation. User: arn:aws:sts::111122223333:assumed-role/OnCall/jane is not authorized to perform: ec2:DescribeSecurityGroups on resource: * because no identity-based policy allows the ec2:DescribeSecurityGroups action",
  },
  { name: "prose that mentions the header", text: "remember to set x-amz-content-sha256 on uploads" },
  { name: "prose about anonymous users", text: "User: anonymous sessions are logged out after 5 minutes" },
  {
    name: "a network timeout",
    text: "curl: (28) Failed to connect to orders-api port 443 after 10001 ms: Timeout was reached",
  },
  { name: "a 404 from Lattice", text: "Non Existent Service" },
  {
    name: "a correctly scoped credential",
    text: "Credential=AKIDEXAMPLE/20250319/us-east-1/vpc-lattice-svcs/aws4_request",
  },
  {
    name: "a resource-based policy (not a Lattice layer)",
    text: `User: ${ROLE_SESSION} is not authorized to perform: vpc-lattice-svcs:Invoke on resource: ${SVC_ARN}/ because no resource-based policy allows the vpc-lattice-svcs:Invoke action`,
  },
];

describe("explainErrorText: what a client saw → its cause", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const m = explainErrorText(c.text);
      expect(m, `no match for: ${c.text}`).toBeDefined();
      expect(m!.cause).toBe(c.cause);
      expect(m!.deniedBy).toBe(c.deniedBy);
      if (c.has) expect(m).toMatchObject(c.has);
      if (c.phrase) expect(m!.phrase).toContain(c.phrase);
      expect(m!.phrase.length).toBeGreaterThan(0);
      expect(m!.phrase.length).toBeLessThanOrEqual(400);
      expect(m!.summary).not.toMatch(/\n/);
      expect(m!.fix.length).toBeGreaterThan(20);
    });
  }

  it("every rule of the table is reached by some text above", () => {
    const reached = new Set(CASES.map((c) => c.cause));
    for (const rule of RULES) expect(reached, rule.cause).toContain(rule.cause);
  });

  for (const n of NEAR_MISSES) {
    it(`near miss: ${n.name}`, () => {
      expect(explainErrorText(n.text)).toBeUndefined();
    });
  }

  it("signing fixes name the concrete setting", () => {
    expect(explainErrorText(CASES.find((c) => c.cause === "payload-signed")!.text)!.fix).toContain(
      "x-amz-content-sha256: UNSIGNED-PAYLOAD",
    );
    expect(
      explainErrorText("Credential should be scoped to correct service: 'vpc-lattice-svcs'")!.fix,
    ).toContain("aws:amz:<region>:vpc-lattice-svcs");
    expect(explainErrorText(network)!.fix).toContain("get-auth-policy");
  });

  it("a long paste is cut, not choked on, and the phrase stays short", () => {
    const noise = "x".repeat(200_000);
    expect(explainErrorText(`${service} ${noise}`)!.cause).toBe("service-policy");
    expect(explainErrorText(`${noise} ${service}`)).toBeUndefined();
    const m = explainErrorText(`AccessDeniedException: User: ${"a".repeat(1000)} ${service}`)!;
    expect(m.phrase.length).toBeLessThanOrEqual(400);
  });

  it("is fast on hostile input (no catastrophic backtracking)", () => {
    const started = performance.now();
    explainErrorText("User: ".repeat(5000) + "'a".repeat(5000) + " is named as a SignedHeader".repeat(100));
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("normaliseErrorText", () => {
  it("undoes JSON, HTML and shell escapes and folds white space", () => {
    expect(normaliseErrorText(`\\u0027a\\u0027 &quot;b&quot; \\"c\\"\n\n d\\n e`)).toBe(`'a' "b" "c" d e`);
  });
});
