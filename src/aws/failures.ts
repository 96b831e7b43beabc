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
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  statusCode?: unknown;
}

function asErrorLike(error: unknown): ErrorLike {
  return error && typeof error === "object" ? (error as ErrorLike) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/**
 * An answer that is not an AWS API response: the SDK could not parse its body (`SyntaxError`: an
 * HTML error page from a proxy or an emulator) or found no error code in it (`Unknown`). Named by
 * its HTTP status, which is all that is known.
 */
function unparsedStatus(error: unknown): number | undefined {
  const name = str(asErrorLike(error).name);
  const status = httpStatusOf(error);
  return status !== undefined && (name === "SyntaxError" || name === "Unknown") ? status : undefined;
}

/** The error's name as the API returned it (`AccessDeniedException`, `UnauthorizedOperation`, `ETIMEDOUT` …). */
export function errorCodeOf(error: unknown): string {
  const e = asErrorLike(error);
  const status = unparsedStatus(error);
  if (status !== undefined) return `HTTP ${status}`;
  const name = str(e.name);
  if (name && name !== "Error") return name;
  return str(e.code) ?? str(e.Code) ?? name ?? "Error";
}

export function errorMessageOf(error: unknown): string {
  const e = asErrorLike(error);
  const message = str(e.message) ?? (error instanceof Error ? error.message : String(error));
  const status = unparsedStatus(error);
  if (status === undefined) return message;
  // The parser's own words (first line only: the rest is the SDK's note about `$response`).
  const said = str(e.name) === "SyntaxError" ? `: ${message.split("\n")[0]}` : ": it names no error code";
  return `not an AWS API answer${said}`;
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
]);

export function failureKindOf(error: unknown): FailureKind {
  const e = asErrorLike(error);
  const names = [e.name, e.code, e.Code].filter((n): n is string => typeof n === "string");
  if (names.some((n) => ACCESS_DENIED.has(n))) return "access-denied";
  if (names.some((n) => THROTTLED.has(n))) return "throttled";
  if (names.some((n) => TIMEOUT.has(n))) return "timeout";
  if (names.some((n) => n === "ResourceNotFoundException" || /NotFound/.test(n))) return "not-found";
  switch (httpStatusOf(error)) {
    case 403:
      return "access-denied";
    case 429:
      return "throttled";
    case 404:
      return "not-found";
    default:
      return "error";
  }
}

/** IAM action for a call. For VPC Lattice, EC2 and STS the action is named after the operation. */
export function iamActionFor(service: string, operation: string): string {
  return `${service}:${operation}`;
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
  return {
    part: call.part,
    call: name,
    action: iamActionFor(call.service, call.operation),
    ...(call.resource !== undefined ? { resource: call.resource } : {}),
    kind: failureKindOf(error),
    errorCode: errorCodeOf(error),
    message: errorMessageOf(error),
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
