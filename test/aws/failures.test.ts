import { describe, expect, it } from "vitest";
import {
  AccessDeniedException,
  ResourceNotFoundException,
  ThrottlingException,
} from "@aws-sdk/client-vpc-lattice";
import { EC2ServiceException } from "@aws-sdk/client-ec2";
import { ReadOnlyViolation } from "../../src/aws/clients.js";
import {
  attachCallFacts,
  AwsConfigError,
  errorCodeOf,
  errorMessageOf,
  failureKindOf,
  fatalErrorOf,
  iamActionFor,
  isAwsConfigError,
  toAwsConfigError,
  toReadFailure,
} from "../../src/aws/failures.js";
import { ReplayMiss, ReplayedServiceError } from "../../src/aws/recording.js";

const named = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${name} happened`), { name }, extra);
const ec2 = (name: string, status: number) =>
  new EC2ServiceException({ name, $fault: "client", $metadata: { httpStatusCode: status }, message: name });

describe("failureKindOf", () => {
  it.each([
    [new AccessDeniedException({ message: "x", $metadata: {} }), "access-denied"],
    [named("AccessDenied"), "access-denied"],
    [ec2("UnauthorizedOperation", 403), "access-denied"],
    // A 403 is a denial only when AWS's code says so (SignatureDoesNotMatch is not a missing permission).
    [named("SignatureDoesNotMatch", { $metadata: { httpStatusCode: 403 } }), "error"],
    [named("Forbidden", { $metadata: { httpStatusCode: 403 } }), "access-denied"],
    [new ThrottlingException({ message: "x", $metadata: {} }), "throttled"],
    [named("Throttling"), "throttled"],
    [ec2("RequestLimitExceeded", 503), "throttled"],
    [named("TooManyRequestsException"), "throttled"],
    [named("Whatever", { $metadata: { httpStatusCode: 429 } }), "throttled"],
    [named("TimeoutError"), "timeout"],
    [named("RequestTimeout"), "timeout"],
    [Object.assign(new Error("connect ETIMEDOUT"), { code: "ETIMEDOUT" }), "timeout"],
    [named("AbortError"), "timeout"],
    [
      new ResourceNotFoundException({
        message: "x",
        resourceId: "svc-1",
        resourceType: "SERVICE",
        $metadata: {},
      }),
      "not-found",
    ],
    [ec2("InvalidGroup.NotFound", 400), "not-found"],
    [ec2("InvalidInstanceID.NotFound", 400), "not-found"],
    // A 404 is a not-found only when AWS's code says so.
    [named("UnknownOperationException", { $metadata: { httpStatusCode: 404 } }), "error"],
    // The endpoint could not be reached: DNS, refused, reset, TLS.
    [Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }), "unreachable"],
    [Object.assign(new Error("getaddrinfo ENOTFOUND x.invalid"), { code: "ENOTFOUND" }), "unreachable"],
    [
      Object.assign(new Error("self-signed certificate"), { code: "DEPTH_ZERO_SELF_SIGNED_CERT" }),
      "unreachable",
    ],
    [Object.assign(new AggregateError([], "x"), { code: "ECONNREFUSED" }), "unreachable"],
    // Not an AWS answer: an HTML 404 / 403 / 500 page, as each protocol's parser reports it.
    [
      Object.assign(new SyntaxError("Unexpected token '<'"), { $metadata: { httpStatusCode: 404 } }),
      "not-aws-answer",
    ],
    [
      Object.assign(new SyntaxError("Unexpected token '<'"), { $metadata: { httpStatusCode: 403 } }),
      "not-aws-answer",
    ],
    [
      new EC2ServiceException({
        name: "NotFound",
        $fault: "client",
        $metadata: { httpStatusCode: 404 },
        message: "Unknown",
      }),
      "not-aws-answer",
    ],
    [
      new EC2ServiceException({
        name: "Unknown",
        $fault: "server",
        $metadata: { httpStatusCode: 500 },
        message: "Unknown",
      }),
      "not-aws-answer",
    ],
    [
      Object.assign(new Error("@aws-sdk XML parse error: unexpected content."), {
        $metadata: { httpStatusCode: 500 },
      }),
      "not-aws-answer",
    ],
    // The run's deadline passed.
    [named("DeadlineExceeded"), "timeout"],
    [named("AbortError", { cause: named("DeadlineExceeded") }), "timeout"],
    [
      new ReplayedServiceError({ name: "AccessDeniedException", message: "m", httpStatusCode: 403 }),
      "access-denied",
    ],
    [new ReplayMiss("no answer"), "error"],
    [named("InternalServerException", { $metadata: { httpStatusCode: 500 } }), "service-error"],
    [ec2("InternalError", 500), "service-error"],
    [new Error("boom"), "error"],
    ["a string", "error"],
    [undefined, "error"],
  ])("%s → %s", (error, kind) => {
    expect(failureKindOf(error)).toBe(kind);
  });
});

describe("errorCodeOf / iamActionFor / toReadFailure", () => {
  it("names the deadline (not AbortError) and a network code (not AggregateError)", () => {
    const aborted = named("AbortError", {
      cause: new Error("no answer before the run's deadline (--timeout 45s)"),
    });
    (aborted.cause as Error).name = "DeadlineExceeded";
    expect(errorCodeOf(aborted)).toBe("DeadlineExceeded");
    expect(errorMessageOf(aborted)).toBe("no answer before the run's deadline (--timeout 45s)");
    expect(errorCodeOf(Object.assign(new AggregateError([], ""), { code: "ECONNREFUSED" }))).toBe(
      "ECONNREFUSED",
    );
  });

  it("uses the error name, or the Node code for generic errors", () => {
    expect(errorCodeOf(ec2("UnauthorizedOperation", 403))).toBe("UnauthorizedOperation");
    expect(errorCodeOf(Object.assign(new Error("x"), { code: "ECONNRESET" }))).toBe("ECONNRESET");
    expect(errorCodeOf(new Error("x"))).toBe("Error");
  });

  it("names an answer that is not an AWS API response by its HTTP status (an HTML error page, a proxy)", () => {
    // What the SDK throws when the body does not parse (restJson / awsQuery) …
    const unparsed = Object.assign(
      new SyntaxError(
        `Unexpected token '<', "<html><bod"... is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.`,
      ),
      { $metadata: { httpStatusCode: 502 } },
    );
    expect(errorCodeOf(unparsed)).toBe("HTTP 502");
    expect(errorMessageOf(unparsed)).toBe(
      `not an AWS API answer: HTTP 502 with a body that names no AWS error code (Unexpected token '<', "<html><bod"... is not valid JSON)`,
    );
    // … and when it parses but names no error code (EC2 XML without <Code>).
    const unknown = ec2("Unknown", 500);
    expect(errorCodeOf(unknown)).toBe("HTTP 500");
    expect(errorMessageOf(unknown)).toBe(
      "not an AWS API answer: HTTP 500 with a body that names no AWS error code",
    );
    expect(failureKindOf(unknown)).toBe("not-aws-answer");
    // The content type the client middleware saw names what came back.
    const page = ec2("Unknown", 404);
    attachCallFacts(page, { contentType: "text/html; charset=utf-8", endpoint: "http://127.0.0.1:9/ec2" });
    expect(errorMessageOf(page)).toBe(
      "not an AWS API answer: HTTP 404 with a text/html page that names no AWS error code",
    );
    expect(
      toReadFailure(page, { part: "targetNetwork", service: "ec2", operation: "DescribeInstances" }),
    ).toMatchObject({
      kind: "not-aws-answer",
      errorCode: "HTTP 404",
      endpoint: "http://127.0.0.1:9/ec2",
    });
    // A real AWS error keeps its own name and message.
    expect(errorCodeOf(ec2("InternalError", 500))).toBe("InternalError");
    expect(errorMessageOf(ec2("InternalError", 500))).toBe("InternalError");
  });

  it("names the IAM action after the operation", () => {
    expect(iamActionFor("vpc-lattice", "GetService")).toBe("vpc-lattice:GetService");
    expect(iamActionFor("ec2", "DescribeInstances")).toBe("ec2:DescribeInstances");
    expect(iamActionFor("sts", "GetCallerIdentity")).toBe("sts:GetCallerIdentity");
  });

  it("builds a ReadFailure", () => {
    const error = new AccessDeniedException({
      message: "User x is not authorized",
      $metadata: { httpStatusCode: 403 },
    });
    expect(
      toReadFailure(error, {
        part: "targets",
        service: "vpc-lattice",
        operation: "ListTargets",
        resource: "tg-0aaaaaaaaaaaaaaa1",
      }),
    ).toEqual({
      part: "targets",
      call: "vpc-lattice:ListTargets",
      action: "vpc-lattice:ListTargets",
      resource: "tg-0aaaaaaaaaaaaaaa1",
      kind: "access-denied",
      errorCode: "AccessDeniedException",
      message: "User x is not authorized",
    });
    expect(
      toReadFailure(new Error("x"), { part: "caller", service: "sts", operation: "GetCallerIdentity" }),
    ).not.toHaveProperty("resource");
  });
});

describe("credential and region errors", () => {
  it.each([
    [named("CredentialsProviderError"), false],
    [new Error("Could not load credentials from any providers"), false],
    [new Error("Region is missing"), false],
    [named("ExpiredToken", { $metadata: { httpStatusCode: 403 }, $fault: "client" }), false],
    [named("InvalidClientTokenId", { $metadata: { httpStatusCode: 403 }, $fault: "client" }), false],
    [named("TokenProviderError"), true],
    [new Error("The SSO session associated with this profile has expired or is otherwise invalid"), true],
    [
      new Error(
        "Token is expired. To refresh this SSO session run 'aws sso login' with the corresponding profile.",
      ),
      true,
    ],
  ])("%s is an AwsConfigError (ssoExpired %s)", (error, sso) => {
    expect(isAwsConfigError(error)).toBe(true);
    const wrapped = toAwsConfigError(error);
    expect(wrapped).toBeInstanceOf(AwsConfigError);
    expect(wrapped.ssoExpired).toBe(sso);
    expect(wrapped.message).toBe((error as Error).message);
    expect(fatalErrorOf(error)).toBeInstanceOf(AwsConfigError);
  });

  it.each([
    new AccessDeniedException({
      message:
        "User: arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123/alice is not authorized (SSO)",
      $metadata: { httpStatusCode: 403 },
    }),
    ec2("UnauthorizedOperation", 403),
    new ReplayMiss("the recording has no answer for sts:GetCallerIdentity"),
    new Error("socket hang up"),
  ])("%s is a per-call failure", (error) => {
    expect(isAwsConfigError(error)).toBe(false);
    expect(fatalErrorOf(error)).toBeUndefined();
  });

  it("keeps a ReadOnlyViolation as it is", () => {
    const v = new ReadOnlyViolation("ec2:AuthorizeSecurityGroupIngress");
    expect(fatalErrorOf(v)).toBe(v);
  });
});
