/**
 * `--redact`: masks AWS account ids — and so the account part of every ARN — in the report and in
 * recordings, so either can be pasted into a ticket. An account id is a run of exactly 12 digits
 * standing alone (ARNs, `accountId`, `OwnerId`, IAM principals); resource ids such as
 * `sg-0282b1d9c4e5f6a70` are left alone because their digit runs sit inside a longer token.
 */
const ACCOUNT_ID = /(?<![0-9A-Za-z_-])\d{12}(?![0-9A-Za-z_])/g;
export const ACCOUNT_MASK = "************";

export function redactText(text: string): string {
  return text.replace(ACCOUNT_ID, ACCOUNT_MASK);
}

/** A copy of any JSON-like value with every string (and key) redacted. */
export function redactDeep<T>(value: T): T {
  if (typeof value === "string") return redactText(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [redactText(k), redactDeep(v)]),
    ) as T;
  }
  return value;
}

/** An IAM or STS principal ARN: the part after the type names a person, a role or a session. */
const PRINCIPAL_ARN =
  /(arn:aws[a-z-]*:(?:iam|sts)::[0-9*]{12}:(?:role|user|assumed-role|federated-user))\/[A-Za-z0-9+=,.@_/-]+/g;
const IPV4 = /(?<![0-9A-Za-z.])(?:\d{1,3}\.){3}\d{1,3}(?![0-9A-Za-z]|\.\d)/g;
const IPV6_WITH_PORT = /\[[0-9A-Fa-f:.]+\](?=:\d+)/g;

/**
 * `--redact` for access-log evidence (`lattice why`, the failed-requests findings): besides account ids, the caller's
 * name (role, user, session) and IP addresses. Each distinct value becomes a numbered placeholder
 * (`role/principal-1`, `ip-2`) so groups stay told apart; one redactor numbers one document.
 */
export function logRedactor(): { deep<T>(value: T, options?: { ips?: boolean }): T } {
  const names = new Map<string, string>();
  const ips = new Map<string, string>();
  const token = (map: Map<string, string>, key: string, prefix: string) => {
    if (!map.has(key)) map.set(key, `${prefix}-${map.size + 1}`);
    return map.get(key)!;
  };
  const text = (s: string, withIps: boolean): string => {
    const out = redactText(s).replace(
      PRINCIPAL_ARN,
      // Already a placeholder (a second pass over the same document) stays as it is.
      (m: string, head: string) =>
        /^\/principal-\d+$/.test(m.slice(head.length))
          ? m
          : `${head}/${token(names, m.slice(head.length), "principal")}`,
    );
    return withIps
      ? out
          .replace(IPV6_WITH_PORT, (m) => `[${token(ips, m, "ip")}]`)
          .replace(IPV4, (m) => token(ips, m, "ip"))
      : out;
  };
  const walk = (v: unknown, withIps: boolean): unknown => {
    if (typeof v === "string") return text(v, withIps);
    if (Array.isArray(v)) return v.map((x) => walk(x, withIps));
    if (v && typeof v === "object")
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x, withIps)]),
      );
    return v;
  };
  return { deep: <T>(value: T, options: { ips?: boolean } = {}) => walk(value, options.ips ?? true) as T };
}

/** One value's log evidence redacted (callers, addresses, accounts). */
export function redactLogEvidence<T>(value: T): T {
  return logRedactor().deep(value);
}
