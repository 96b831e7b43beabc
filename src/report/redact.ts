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
