/**
 * What every simulated service shares: the handler shape, reading request members, identifiers
 * given as an id or an ARN, and errors shaped like the SDK's ServiceException.
 */
import { ReplayedServiceError } from "../../../src/aws/recording.js";

export type Input = Record<string, unknown>;
export type Output = Record<string, unknown>;
export type Handler = (input: Input) => Output;
/** Handlers of one service, by operation name. */
export type Handlers = Record<string, Handler>;

/** Throws the error AWS answers with (a ReplayedServiceError, as a replayed recording would). */
export function fail(name: string, httpStatusCode: number, message: string): never {
  throw new ReplayedServiceError({
    name,
    message,
    httpStatusCode,
    fault: httpStatusCode >= 500 ? "server" : "client",
  });
}

export interface AwsErrorShape extends Error {
  $fault: "client" | "server";
  $metadata: { httpStatusCode?: number };
}

/** An error shaped like the SDK's ServiceException, for stubs that reject (aws-sdk-client-mock). */
export function awsError(
  name: string,
  httpStatusCode: number,
  message = `${name}: simulated`,
): AwsErrorShape {
  const error = new Error(message) as AwsErrorShape;
  error.name = name;
  error.$fault = httpStatusCode >= 500 ? "server" : "client";
  error.$metadata = { httpStatusCode };
  return error;
}

/** JSON-plain copy: Dates → ISO strings, undefined dropped, nothing shared with the scenario. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** JSON with object keys sorted: the same request gives the same page token however it was serialised. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v as object)
              .sort()
              .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sort(value));
}

/** The named members of a Get answer: a List item is the summary of what Get returns. */
export function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, value[k]])) as Pick<T, K>;
}

export function str(input: Input, key: string): string | undefined {
  const v = input[key];
  return typeof v === "string" ? v : undefined;
}

export function strings(input: Input, key: string): string[] | undefined {
  const v = input[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : undefined;
}

/** The last path segment of an ARN (`…/listener/listener-…` → `listener-…`), or the value itself. */
export function lastSegment(identifier: string): string {
  if (!identifier.startsWith("arn:")) return identifier;
  const resource = identifier.split(":").slice(5).join(":");
  return resource.split("/").pop() ?? identifier;
}

export function sameIdentifier(a: string, b: string): boolean {
  return a === b || lastSegment(a) === lastSegment(b);
}
