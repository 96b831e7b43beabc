/**
 * The short per-layer block of `--as` (text and the terminal UI; Markdown has its own table):
 *
 *   auth as arn:aws:iam::111122223333:role/orders-client — GET /orders, port 443
 *     ✔ identity  allowed — the identity policies allow vpc-lattice-svcs:Invoke (…)
 *     × network   prod-mesh (sn-…) denied — no statement allows
 *     ✔ service   orders-api (svc-…) allowed — statement 1 (Sid "AllowOrders") allows
 *     unknown to lattice doctor: vpc-lattice-svcs:SourceVpcOwnerAccount, aws:SourceIp
 */
import type { AuthReport } from "../report/types.js";
import type { Painter } from "./color.js";

type Decision = AuthReport["identity"]["decision"];

function glyph(decision: Decision, p: Painter): string {
  switch (decision) {
    case "allowed":
      return p.green("✔");
    case "denied":
      return p.red("×");
    case "not-evaluated":
      return p.gray("-");
    default:
      return p.yellow("?");
  }
}

function requestText(auth: AuthReport): string {
  const r = auth.request;
  const what = r.method ? `${r.method} ${r.path ?? "/"}` : `${r.action.split(":")[1]} (TLS)`;
  return `${what}, port ${r.port}${r.sourceVpc ? `, from ${r.sourceVpc}` : ""}`;
}

/** Without --as: whose evaluation this is, and why that principal. */
export function inferredLine(inferred: NonNullable<AuthReport["inferredFrom"]>): string {
  return (
    `(no --as: evaluated as the access log's most denied principal, ${inferred.deniedRequests} ` +
    `403${inferred.deniedRequests === 1 ? "" : "s"} in the window; --as names another)`
  );
}

/** The block's lines (already sanitized input expected). */
export function renderAuthLines(auth: AuthReport, p: Painter): string[] {
  const width = "identity".length;
  const lines = [p.bold(`auth as ${auth.principal}`) + p.gray(` — ${requestText(auth)}`)];
  if (auth.inferredFrom) lines.push(`  ${inferredLine(auth.inferredFrom)}`);
  lines.push(
    `  ${glyph(auth.identity.decision, p)} ${"identity".padEnd(width)}  ${auth.identity.decision} — ${auth.identity.reason}`,
  );
  for (const l of auth.layers) {
    lines.push(
      `  ${glyph(l.decision, p)} ${l.layer.padEnd(width)}  ${l.name ? `${l.name} ` : ""}(${l.id}) ${l.decision} — ${l.reason}`,
    );
  }
  if (auth.request.unknown.length > 0)
    lines.push(p.gray(`  unknown to lattice doctor: ${auth.request.unknown.join(", ")}`));
  for (const note of auth.request.notes.filter((n) => !n.includes("is unknown")))
    lines.push(p.gray(`  note: ${note}`));
  return lines;
}
