/**
 * Classifying AWS SDK errors: which `ReadFailure` a failed call becomes, which IAM action to
 * grant for it, and which errors are not per-call failures at all (credentials / region: the run
 * cannot work, the CLI exits 253; a ReadOnlyViolation: a programming error).
 */
import type { FailureKind, ReadFailure, TopologyPart } from "../topology/types.js";
import { ReadOnlyViolation } from "./read-only.js";

/** No usable credentials or region (exit 253). `ssoExpired`: the message names `aws sso login`. */
export class AwsConfigError extends Error {
  override name = "AwsConfigError";
  readonly ssoExpired: boolean;
  /** The error name the SDK raised, e.g. `CredentialsProviderError`. */
  readonly errorCode: string;
  constructor(message: string, options: { ssoExpired?: boolean; errorCode?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.ssoExpired = options.ssoExpired ?? false;
    this.errorCode = options.errorCode ?? "AwsConfigError";
  }
}

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  message?: unknown;
  cause?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  statusCode?: unknown;
  $callFacts?: CallFacts;
}

/**
 * What the client middleware (clients.ts) learnt about a failed call besides the error: where it
 * went and what answered. Attached to the error (non-enumerable) so the classification below can
 * tell an HTML page from an AWS answer and name the endpoint.
 */
export interface CallFacts {
  endpoint?: string;
  endpointSource?: string;
  /** `content-type` of the raw answer, when there was one. */
  contentType?: string;
}

export function attachCallFacts(error: unknown, facts: CallFacts): void {
  if (!error || typeof error !== "object" || Object.isFrozen(error)) return;
  Object.defineProperty(error, "$callFacts", { value: facts, enumerable: false, configurable: true });
}

export function callFactsOf(error: unknown): CallFacts {
  return asErrorLike(error).$callFacts ?? {};
}

function asErrorLike(error: unknown): ErrorLike {
  return error && typeof error === "object" ? (error as ErrorLike) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/**
 * An answer that is not an AWS API response, named by its HTTP status (all that is known): an HTML
 * page (content type), a body the SDK could not parse (`SyntaxError`, an XML parse error), or one
 * without an error code (`Unknown`; EC2 makes up `NotFound` / `Unknown` with the message `Unknown`).
 */
function unparsedStatus(error: unknown): number | undefined {
  const e = asErrorLike(error);
  const status = httpStatusOf(error);
  if (status === undefined) return undefined;
  const name = str(e.name);
  const message = str(e.message) ?? "";
  if (/^text\/html\b/i.test(callFactsOf(error).contentType ?? "")) return status;
  if (name === "SyntaxError" || name === "Unknown") return status;
  if (message === "Unknown") return status;
  if (name === "Error" && /parse error|Deserialization error/i.test(message)) return status;
  return undefined;
}

/** Node's network error codes: the endpoint could not be reached (DNS, refused, reset, TLS). */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EPIPE",
  "EPROTO",
  "ECONNABORTED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);
const isNetworkCode = (code: string) => NETWORK_CODES.has(code) || /^(ERR_TLS_|ERR_SSL_|CERT_)/.test(code);

/** Names and codes of the error and of its cause (an AbortError carries the deadline as cause). */
function namesOf(error: unknown): string[] {
  const e = asErrorLike(error);
  const c = asErrorLike(e.cause);
  return [e.name, e.code, e.Code, c.name, c.code].filter((n): n is string => typeof n === "string");
}

/** The error's name as the API returned it (`AccessDeniedException`, `UnauthorizedOperation`, `ECONNREFUSED` …). */
export function errorCodeOf(error: unknown): string {
  const e = asErrorLike(error);
  const status = unparsedStatus(error);
  if (status !== undefined) return `HTTP ${status}`;
  const code = str(e.code) ?? str(e.Code);
  if (code && isNetworkCode(code)) return code;
  const name = str(e.name);
  if (name === "AbortError" && str(asErrorLike(e.cause).name)) return str(asErrorLike(e.cause).name)!;
  if (name && name !== "Error" && name !== "AggregateError") return name;
  return code ?? name ?? "Error";
}

export function errorMessageOf(error: unknown): string {
  const e = asErrorLike(error);
  const message = str(e.message) ?? (error instanceof Error ? error.message : String(error));
  const status = unparsedStatus(error);
  if (status === undefined) {
    const cause = asErrorLike(e.cause);
    return str(e.name) === "AbortError" && str(cause.message) ? str(cause.message)! : message;
  }
  const type = callFactsOf(error).contentType?.split(";")[0];
  const what = type ? `a ${type} page` : "a body";
  // The parser's own words (first line only: the rest is the SDK's note about `$response`).
  const said =
    str(e.name) === "SyntaxError" || /parse error/i.test(message) ? ` (${message.split("\n")[0]})` : "";
  return `not an AWS API answer: HTTP ${status} with ${what} that names no AWS error code${said}`;
}

function httpStatusOf(error: unknown): number | undefined {
  const e = asErrorLike(error);
  const status = e.$metadata?.httpStatusCode ?? e.statusCode;
  return typeof status === "number" ? status : undefined;
}

const ACCESS_DENIED = new Set(["AccessDeniedException", "AccessDenied", "UnauthorizedOperation"]);
const THROTTLED = new Set([
  "ThrottlingException",
  "Throttling",
  "RequestLimitExceeded",
  "TooManyRequestsException",
  "RequestThrottled",
  "RequestThrottledException",
]);
const TIMEOUT = new Set([
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
  "ETIMEDOUT",
  "AbortError",
  "DeadlineExceeded",
]);

export function failureKindOf(error: unknown): FailureKind {
  // Before any name: an HTML 403 or 404 from a proxy is neither a denial nor a not-found.
  if (unparsedStatus(error) !== undefined) return "not-aws-answer";
  const names = namesOf(error);
  if (names.some((n) => ACCESS_DENIED.has(n))) return "access-denied";
  if (names.some((n) => THROTTLED.has(n))) return "throttled";
  if (names.some((n) => TIMEOUT.has(n))) return "timeout";
  if (names.some(isNetworkCode)) return "unreachable";
  // Only AWS's own error code says a resource does not exist (never a bare 404).
  if (names.some((n) => n === "ResourceNotFoundException" || /NotFound/.test(n))) return "not-found";
  const status = httpStatusOf(error);
  if (status === 429) return "throttled";
  if (status === 403 && names.some((n) => /AccessDenied|Unauthori[sz]ed|Forbidden/i.test(n)))
    return "access-denied";
  if ((status !== undefined && status >= 500) || asErrorLike(error).$fault === "server")
    return "service-error";
  return "error";
}

/** The kinds that are about the endpoint itself, not about one call's permissions or input. */
export function isEndpointFailure(kind: FailureKind): boolean {
  return kind === "unreachable" || kind === "not-aws-answer" || kind === "timeout";
}

/** Operations whose IAM action is not named like the operation (S3's ListObjectsV2 needs s3:ListBucket). */
const ACTION_OF: Readonly<Record<string, string>> = { "s3:ListObjectsV2": "s3:ListBucket" };

/** IAM action for a call: for most operations the action is named after the operation. */
export function iamActionFor(service: string, operation: string): string {
  const call = `${service}:${operation}`;
  return ACTION_OF[call] ?? call;
}

export interface FailedCall {
  part: TopologyPart;
  /** `vpc-lattice`, `ec2`, `sts`. */
  service: string;
  /** `ListTargets`, `DescribeInstances` … */
  operation: string;
  resource?: string;
}

export function toReadFailure(error: unknown, call: FailedCall): ReadFailure {
  const name = `${call.service}:${call.operation}`;
  const facts = callFactsOf(error);
  return {
    part: call.part,
    call: name,
    action: iamActionFor(call.service, call.operation),
    ...(call.resource !== undefined ? { resource: call.resource } : {}),
    kind: failureKindOf(error),
    errorCode: errorCodeOf(error),
    message: errorMessageOf(error),
    ...(facts.endpoint ? { endpoint: facts.endpoint } : {}),
    ...(facts.endpointSource ? { endpointSource: facts.endpointSource } : {}),
  };
}

const CONFIG_ERROR_NAMES = new Set([
  "CredentialsProviderError",
  "TokenProviderError",
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidClientTokenId",
  "UnrecognizedClientException",
]);

/** A service's answer (it has an HTTP status or a fault side) — its text may mention SSO role names. */
function isServiceAnswer(error: unknown): boolean {
  const e = asErrorLike(error);
  return typeof e.$fault === "string" || typeof e.$metadata?.httpStatusCode === "number";
}

const CONFIG_MESSAGE =
  /Region is missing|Could not load credentials|\bSSO\b|token is expired|token has expired/i;
const SSO_MESSAGE = /\bSSO\b|sso login|token is expired|token has expired/i;

/** Credentials or region unusable: not a per-call failure, the whole run cannot work. */
export function isAwsConfigError(error: unknown): boolean {
  if (error instanceof AwsConfigError) return true;
  const e = asErrorLike(error);
  const name = str(e.name);
  if (name && CONFIG_ERROR_NAMES.has(name)) return true;
  if (isServiceAnswer(error)) return false;
  return CONFIG_MESSAGE.test(errorMessageOf(error));
}

/** Wraps a credential / region error as AwsConfigError (returns it unchanged when it already is one). */
export function toAwsConfigError(error: unknown): AwsConfigError {
  if (error instanceof AwsConfigError) return error;
  const code = errorCodeOf(error);
  const message = errorMessageOf(error);
  const ssoExpired = code === "TokenProviderError" || SSO_MESSAGE.test(message);
  return new AwsConfigError(message, { ssoExpired, errorCode: code, cause: error });
}

/**
 * Errors that must end the run instead of becoming a ReadFailure: a ReadOnlyViolation (programming
 * error) as is, credential / region errors as AwsConfigError. Returns undefined for per-call failures.
 */
export function fatalErrorOf(error: unknown): Error | undefined {
  if (error instanceof ReadOnlyViolation) return error;
  if (isAwsConfigError(error)) return toAwsConfigError(error);
  return undefined;
}
