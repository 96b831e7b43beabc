/**
 * Who is calling: the caller as lattice doctor is told it (`--as`), and how a policy's Principal /
 * NotPrincipal element names callers.
 *
 * A caller carries several identities at once, and a Principal element matches when it names any of
 * them (IAM User Guide, "AWS JSON policy elements: Principal",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html):
 * - a role session `arn:aws:sts::A:assumed-role/R/S` is the session ARN, the role `arn:aws:iam::A:role/…/R`
 *   (the session ARN has no role path, so a role named with any path matches by name) and account A;
 * - a role given as `arn:aws:iam::A:role/path/R` stands for a session of it: the role ARN and account A;
 * - a user `arn:aws:iam::A:user/path/U`: the user ARN and account A;
 * - an account (`A` or `arn:aws:iam::A:root`): account A;
 * - a service principal (`lambda.amazonaws.com`): that service name;
 * - the anonymous caller (an unsigned request) has no identity: only `"*"` / `{"AWS": "*"}` name it.
 * NotPrincipal excludes a caller only when it names every one of its identities: the documentation
 * asks for the account and the role and session ARNs together for exactly this reason
 * (".../reference_policies_elements_notprincipal.html").
 */

export type Caller =
  | { type: "anonymous" }
  | { type: "account"; partition: string; account: string }
  | { type: "user"; partition: string; account: string; arn: string; name: string }
  | { type: "role"; partition: string; account: string; arn: string; name: string }
  | {
      type: "assumed-role";
      partition: string;
      account: string;
      arn: string;
      roleName: string;
      sessionName: string;
    }
  | { type: "service"; service: string };

export class PrincipalFormatError extends Error {
  override name = "PrincipalFormatError";
}

const EXPECTED =
  "expected anonymous, a 12-digit account id, arn:aws:iam::<account>:root, arn:aws:iam::<account>:role/<name>, " +
  "arn:aws:iam::<account>:user/<name>, arn:aws:sts::<account>:assumed-role/<role>/<session>, or a service " +
  "principal such as lambda.amazonaws.com";

const ACCOUNT = /^\d{12}$/;
const NAME = /^[\w+=,.@-]+$/;

/** Parses a caller as written on the command line; throws PrincipalFormatError saying what was expected. */
export function parseCaller(text: string): Caller {
  const value = text.trim();
  if (value.toLowerCase() === "anonymous") return { type: "anonymous" };
  if (ACCOUNT.test(value)) return { type: "account", partition: "aws", account: value };
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/.test(value))
    return { type: "service", service: value };
  const m = /^arn:(aws|aws-cn|aws-us-gov|aws-iso[a-z-]*):(iam|sts)::(\d{12}):(.+)$/.exec(value);
  if (!m) throw new PrincipalFormatError(`--as ${text}: ${EXPECTED}`);
  const [, partition, service, account, resource] = m as unknown as [string, string, string, string, string];
  if (service === "iam" && resource === "root") return { type: "account", partition, account };
  const path = /^(role|user)\/((?:[\w+=,.@-]+\/)*)([\w+=,.@-]+)$/.exec(resource);
  if (service === "iam" && path) {
    const kind = path[1] as "role" | "user";
    return { type: kind, partition, account, arn: value, name: path[3]! };
  }
  const session = /^assumed-role\/([\w+=,.@-]+)\/([\w+=,.@-]+)$/.exec(resource);
  if (service === "sts" && session && NAME.test(session[1]!)) {
    return {
      type: "assumed-role",
      partition,
      account,
      arn: value,
      roleName: session[1]!,
      sessionName: session[2]!,
    };
  }
  throw new PrincipalFormatError(`--as ${text}: ${EXPECTED}`);
}

/** `aws:PrincipalType` as IAM sets it for this caller. */
export function principalType(caller: Caller): string | undefined {
  switch (caller.type) {
    case "anonymous":
      return "Anonymous";
    case "account":
      return "Account";
    case "user":
      return "User";
    case "role":
    case "assumed-role":
      return "AssumedRole";
    default:
      return undefined;
  }
}

/** `aws:PrincipalArn`: the role ARN for a role session (path unknown from a session ARN), user ARN, root ARN. */
export function principalArn(caller: Caller): string | undefined {
  switch (caller.type) {
    case "account":
      return `arn:${caller.partition}:iam::${caller.account}:root`;
    case "user":
    case "role":
      return caller.arn;
    case "assumed-role":
      return `arn:${caller.partition}:iam::${caller.account}:role/${caller.roleName}`;
    default:
      return undefined;
  }
}

export function principalAccount(caller: Caller): string | undefined {
  return "account" in caller ? caller.account : undefined;
}

/** A principal value from a policy, normalised for matching. */
type Named =
  | { kind: "everyone" }
  | { kind: "account"; account: string }
  | { kind: "arn"; arn: string; roleName?: string }
  | { kind: "service"; service: string }
  | { kind: "other" };

function nameOf(type: string, value: string): Named {
  if (type === "AWS") {
    if (value === "*") return { kind: "everyone" };
    if (ACCOUNT.test(value)) return { kind: "account", account: value };
    const root = /^arn:[\w-]+:iam::(\d{12}):root$/.exec(value);
    if (root) return { kind: "account", account: root[1]! };
    const role = /^arn:[\w-]+:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(value);
    return role ? { kind: "arn", arn: value, roleName: role[1]! } : { kind: "arn", arn: value };
  }
  if (type === "Service") return { kind: "service", service: value.toLowerCase() };
  return { kind: "other" }; // Federated, CanonicalUser: not callers of a Lattice service
}

/** The principal element, compiled: `"*"` or `{type: value | [values]}`. */
export interface PrincipalSet {
  everyone: boolean;
  names: Named[];
}

export function compilePrincipal(element: unknown, where: string): PrincipalSet {
  if (element === "*") return { everyone: true, names: [] };
  if (typeof element !== "object" || element === null || Array.isArray(element)) {
    throw new Error(`${where}: expected "*" or an object such as {"AWS": "arn:aws:iam::111122223333:root"}`);
  }
  const names: Named[] = [];
  for (const [type, raw] of Object.entries(element)) {
    const values = Array.isArray(raw) ? raw : [raw];
    for (const v of values) {
      if (typeof v !== "string") throw new Error(`${where}.${type}: expected a string or a list of strings`);
      names.push(nameOf(type, v.trim()));
    }
  }
  return { everyone: names.some((n) => n.kind === "everyone"), names };
}

/** The identities a caller carries, in the forms a Principal element can name them. */
function identities(caller: Caller): ((n: Named) => boolean)[] {
  switch (caller.type) {
    case "anonymous":
      return [];
    case "service":
      return [(n) => n.kind === "service" && n.service === caller.service.toLowerCase()];
    case "account":
      return [(n) => n.kind === "account" && n.account === caller.account];
    case "user":
    case "role":
      return [
        (n) => n.kind === "arn" && n.arn === caller.arn,
        (n) => n.kind === "account" && n.account === caller.account,
      ];
    case "assumed-role":
      return [
        (n) => n.kind === "arn" && n.arn === caller.arn,
        (n) =>
          n.kind === "arn" &&
          n.roleName === caller.roleName &&
          n.arn.startsWith(`arn:${caller.partition}:iam::${caller.account}:role/`),
        (n) => n.kind === "account" && n.account === caller.account,
      ];
  }
}

/** Principal: the element names the caller (any of its identities). */
export function principalMatches(set: PrincipalSet, caller: Caller): boolean {
  if (set.everyone) return true;
  return identities(caller).some((identity) => set.names.some(identity));
}

/** NotPrincipal: the statement applies unless the element names every identity of the caller. */
export function notPrincipalApplies(set: PrincipalSet, caller: Caller): boolean {
  if (set.everyone) return false;
  const ids = identities(caller);
  if (ids.length === 0) return true;
  return !ids.every((identity) => set.names.some(identity));
}
