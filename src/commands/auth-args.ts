/**
 * `--as` and the request flags that go with it (`--method`, `--path`, `--header k=v`, `--query k=v`,
 * `--port`, `--principal-org-id`, `--principal-type`, `--principal-tag k=v`, and `--from vpc-…` for
 * vpc-lattice-svcs:SourceVpc) → the AuthRequest the checks and the report evaluate. Every mistake is
 * a usage error (exit 2) that says what was expected.
 */
import type { AuthRequest } from "../policy/lattice.js";

export interface AuthArgs {
  as?: string;
  method?: string;
  path?: string;
  header?: string[];
  query?: string[];
  port?: number;
  from?: string;
  principalOrgId?: string;
  principalType?: string;
  principalTag?: string[];
}

const PRINCIPAL_TYPES = ["Account", "User", "FederatedUser", "AssumedRole", "Anonymous"];
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export class AuthArgsError extends Error {
  override name = "AuthArgsError";
}

function pairs(values: string[] | undefined, flag: string, example: string): [string, string][] {
  return (values ?? []).map((text) => {
    const at = text.indexOf("=");
    if (at <= 0) throw new AuthArgsError(`${flag} ${text}: expected key=value, e.g. ${flag} ${example}`);
    return [text.slice(0, at), text.slice(at + 1)];
  });
}

// --- --from (another branch resolves i-/eni-/sg- clients; this only takes a VPC id for SourceVpc) ---
const VPC_ID = /^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/;
const OTHER_CLIENT = /^(i|eni|sg)-[0-9a-f]{8}([0-9a-f]{9})?$/;
// ---------------------------------------------------------------------------------------------------

/**
 * The AuthRequest for `--as`, undefined without it; throws AuthArgsError for bad input. The
 * principal parser (src/policy) is loaded only when there is a principal to parse.
 */
export async function authRequestFrom(args: AuthArgs, currentTime: string): Promise<AuthRequest | undefined> {
  if (args.as === undefined) {
    const stray = (
      [
        ["--method", args.method],
        ["--path", args.path],
        ["--header", args.header?.length ? args.header : undefined],
        ["--query", args.query?.length ? args.query : undefined],
        ["--port", args.port],
        ["--principal-org-id", args.principalOrgId],
        ["--principal-type", args.principalType],
        ["--principal-tag", args.principalTag?.length ? args.principalTag : undefined],
      ] as const
    ).find(([, v]) => v !== undefined);
    if (stray)
      throw new AuthArgsError(
        `${stray[0]} describes the request of --as: name the caller too, e.g. --as arn:aws:iam::111122223333:role/orders-client`,
      );
    return undefined;
  }
  const { parseCaller, PrincipalFormatError } = await import("../policy/principal.js");
  try {
    parseCaller(args.as);
  } catch (error) {
    if (error instanceof PrincipalFormatError) throw new AuthArgsError(error.message);
    throw error;
  }
  const method = (args.method ?? "GET").trim();
  if (!/^[A-Za-z]{1,16}$/.test(method))
    throw new AuthArgsError(`--method ${args.method}: expected an HTTP method such as GET or POST`);
  const path = args.path ?? "/";
  if (!path.startsWith("/"))
    throw new AuthArgsError(`--path ${path}: expected a path starting with /, e.g. --path /orders`);
  if (args.port !== undefined && (!Number.isInteger(args.port) || args.port < 1 || args.port > 65535)) {
    throw new AuthArgsError(`--port ${args.port}: expected a port number from 1 to 65535`);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of pairs(args.header, "--header", "x-tenant=acme")) {
    if (!HEADER_NAME.test(name))
      throw new AuthArgsError(`--header ${name}=…: "${name}" is not a valid header name`);
    headers[name.toLowerCase()] = value;
  }
  const query: Record<string, string[]> = {};
  for (const [key, value] of pairs(args.query, "--query", "region=eu")) (query[key] ??= []).push(value);
  const tags = pairs(args.principalTag, "--principal-tag", "team=payments");
  if (args.principalType !== undefined && !PRINCIPAL_TYPES.includes(args.principalType)) {
    throw new AuthArgsError(
      `--principal-type ${args.principalType}: expected one of ${PRINCIPAL_TYPES.join(", ")}`,
    );
  }
  if (args.principalOrgId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(args.principalOrgId)) {
    throw new AuthArgsError(
      `--principal-org-id ${args.principalOrgId}: expected an organization id such as o-a1b2c3d4e5`,
    );
  }
  const request: AuthRequest = {
    principal: args.as.trim(),
    method: method.toUpperCase(),
    path,
    headers,
    query,
    currentTime,
  };
  if (args.port !== undefined) request.port = args.port;
  if (args.from !== undefined) {
    if (VPC_ID.test(args.from)) request.sourceVpc = args.from;
    else if (!OTHER_CLIENT.test(args.from)) {
      throw new AuthArgsError(
        `--from ${args.from}: expected a VPC, instance, network interface or security group id (vpc-…, i-…, eni-…, sg-…)`,
      );
    }
    request.from = args.from;
  }
  if (args.principalOrgId !== undefined) request.principalOrgId = args.principalOrgId;
  if (args.principalType !== undefined) request.principalType = args.principalType;
  if (tags.length > 0) request.principalTags = Object.fromEntries(tags);
  return request;
}
