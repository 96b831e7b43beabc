/**
 * `lattice why` as text (a table of the groups, then each group explained) and as Markdown (the
 * same, for a ticket). Every string that came from AWS or from the log is printed with control
 * characters escaped (sanitizeDeep first).
 */
import type { AccessLogEntry } from "../topology/access-log.js";
import type { WhyGroup, WhyReport } from "../report/why-types.js";
import { paint, type Painter } from "./color.js";
import { sanitizeDeep } from "./sanitize.js";
import { visibleLength } from "./layout.js";

/** `arn:aws:sts::111122223333:assumed-role/x/y` → `assumed-role/x/y` (the account is the run's or in the JSON). */
export function shortPrincipal(principal: string | undefined): string {
  if (!principal) return "-";
  const m = /^arn:[^:]+:(?:iam|sts)::[^:]*:(.+)$/.exec(principal);
  return m ? m[1]! : principal;
}

function reasonOf(g: WhyGroup): string {
  return g.authDeniedReason ?? g.failureReason ?? "-";
}

function explainedByText(g: WhyGroup): string {
  return g.explainedBy.length ? g.explainedBy.map((f) => f.code).join(", ") : "none";
}

function table(rows: string[][], p: Painter): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => visibleLength(r[i]!))));
  return rows.map((r, n) => {
    const line = r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  ");
    return `  ${n === 0 ? p.bold(line) : line}`;
  });
}

const HEADER = ["count", "status", "reason", "principal", "source VPC", "path", "explained by"];

function row(g: WhyGroup): string[] {
  return [
    String(g.count),
    String(g.responseCode),
    reasonOf(g),
    shortPrincipal(g.callerPrincipal),
    g.sourceVpcId ?? "-",
    g.requestMethod && g.requestPath ? `${g.requestMethod} ${g.requestPath}` : (g.requestPath ?? "-"),
    explainedByText(g),
  ];
}

function layerName(layer: "network" | "service"): string {
  return layer === "service" ? "service auth policy" : "network auth policy";
}

function groupLines(g: WhyGroup, index: number): string[] {
  const out: string[] = [];
  out.push(`${index}. ${g.count} × ${g.responseCode} ${reasonOf(g)} — ${g.failedAt} (hop: ${g.hop})`);
  const who = g.callerPrincipal ? `principal ${g.callerPrincipal}` : "no principal logged";
  out.push(
    `   ${who}${g.sourceVpcId ? `, from ${g.sourceVpcId}` : ""}${g.requestMethod ? `, ${g.requestMethod} ${g.requestPath ?? ""}` : ""}`,
  );
  out.push(`   seen ${g.firstSeen} – ${g.lastSeen}; request ids: ${g.sampleRequestIds.join(", ") || "-"}`);
  if (g.auth) {
    for (const l of g.auth.layers)
      out.push(
        `   ${layerName(l.layer)} ${l.id}${l.name ? ` (${l.name})` : ""}: ${l.decision} — ${l.reason}`,
      );
    const d = g.auth.deciding;
    if (d)
      out.push(
        d.agrees
          ? `   the log says the ${layerName(d.layer)} denied it, and the policy as read agrees`
          : `   the log says the ${layerName(d.layer)} denied it, but the policy as read does not deny this request: it changed since, or it depends on what the log does not show (headers, tags, org)`,
      );
    if (g.auth.fix) {
      out.push(`   fix: ${g.auth.fix.summary}`);
      for (const c of g.auth.fix.commands) out.push(`     ${c}`);
    }
  }
  if (g.target) {
    const t = g.target;
    const health = t.health
      ? `${t.health.status}${t.health.reasonCode ? ` (${t.health.reasonCode})` : ""}`
      : "no registered target has this address (instance targets are registered by id)";
    out.push(
      `   target ${t.targetIpPort ?? "-"}${t.targetId ? ` (${t.targetId})` : ""} in ${t.targetGroupId}${t.targetGroupName ? ` (${t.targetGroupName})` : ""}: ${health}`,
    );
    if (t.securityGroupIds?.length)
      out.push(
        `   security groups${t.targetId ? "" : " of the group's targets"}: ${t.securityGroupIds.join(", ")}`,
      );
  }
  if (g.explainedBy.length)
    for (const f of g.explainedBy)
      out.push(`   explained by ${f.code} (#${f.rank}, ${f.severity}): ${f.title}`);
  else out.push("   explained by: none — no finding of the static diagnosis accounts for these requests");
  return out;
}

function entryLines(e: AccessLogEntry): string[] {
  return Object.entries(e).map(([k, v]) => `  ${k}: ${String(v)}`);
}

function sourcesLine(r: WhyReport): string {
  if (r.logs.sources.length === 0) return "access log: none read";
  return (
    "access log: " +
    r.logs.sources
      .map(
        (s) =>
          `${s.destinationArn} (${s.status}${s.status === "read" ? `, ${s.scanned} entries, ${s.matched} failed${s.truncated ? ", stopped at --limit" : ""}` : ""})`,
      )
      .join("; ")
  );
}

export function renderWhyText(input: WhyReport, options: { color: boolean }): string {
  const r = sanitizeDeep(input);
  const p = paint(options.color);
  const out: string[] = [];
  const name = r.target.name ? ` (${r.target.name})` : "";
  out.push(p.bold(`lattice why ${r.target.id ?? r.target.input}${name} — ${r.context.region}`));
  out.push(
    `window ${r.window.start} – ${r.window.end}${r.filter.status ? `, --status ${r.filter.status}` : ""}`,
  );
  out.push(sourcesLine(r));
  if (r.logs.note) out.push(p.yellow(`note: ${r.logs.note}`));
  out.push("");
  if (r.filter.requestId !== undefined) {
    if (r.entry) {
      out.push(p.bold(`request ${r.filter.requestId}:`));
      out.push(...entryLines(r.entry));
    } else
      out.push(
        r.logs.status === "read"
          ? `No entry with request id ${r.filter.requestId} in the window.`
          : `No entry with request id ${r.filter.requestId} found, but the log was not fully read.`,
      );
    out.push("");
  }
  if (r.groups.length === 0) {
    if (r.filter.requestId === undefined)
      out.push(
        r.logs.status === "read"
          ? "No failed requests in the window."
          : "Unknown: no access log was read, so the window's failed requests are not known (see the note above).",
      );
  } else {
    out.push(
      p.bold(
        `${r.logs.total} failed request${r.logs.total === 1 ? "" : "s"} in ${r.groups.length} group${r.groups.length === 1 ? "" : "s"}:`,
      ),
    );
    out.push(...table([HEADER, ...r.groups.map(row)], p));
    out.push("");
    r.groups.forEach((g, i) => out.push(...groupLines(g, i + 1), ""));
  }
  const unexplained = r.groups.filter((g) => g.explainedBy.length === 0).length;
  out.push(
    `diagnosis: ${r.diagnosis.verdict}, ${r.diagnosis.findings.length} finding${r.diagnosis.findings.length === 1 ? "" : "s"}` +
      (r.groups.length ? `; ${r.groups.length - unexplained} of ${r.groups.length} groups explained` : "") +
      ` (lattice doctor ${r.target.id ?? r.target.input} for the full report)`,
  );
  return out.join("\n").replace(/\n{3,}/g, "\n\n") + "\n";
}

function md(text: string): string {
  return text.replace(/\|/g, "\\|");
}

export function renderWhyMarkdown(input: WhyReport): string {
  const r = sanitizeDeep(input);
  const out: string[] = [];
  out.push(`## lattice why: ${r.target.name ?? r.target.id ?? r.target.input}`, "");
  out.push(`- service: \`${r.target.id ?? r.target.input}\` (${r.context.region})`);
  out.push(
    `- window: ${r.window.start} – ${r.window.end}${r.filter.status ? ` (status ${r.filter.status})` : ""}`,
  );
  out.push(`- ${sourcesLine(r)}`);
  if (r.logs.note) out.push(`- note: ${r.logs.note}`);
  out.push(`- diagnosis: ${r.diagnosis.verdict}`, "");
  if (r.filter.requestId !== undefined) {
    out.push(`### Request \`${r.filter.requestId}\``, "");
    if (r.entry) out.push("```json", JSON.stringify(r.entry, null, 2), "```", "");
    else out.push("No entry with this request id in the window.", "");
  }
  if (r.groups.length === 0) {
    if (r.filter.requestId === undefined)
      out.push(
        r.logs.status === "read"
          ? "No failed requests in the window."
          : "Unknown: the access log could not be read.",
        "",
      );
    return out.join("\n");
  }
  out.push(`| ${HEADER.join(" | ")} |`, `|${HEADER.map(() => "---").join("|")}|`);
  for (const g of r.groups)
    out.push(
      `| ${row(g)
        .map((c) => md(c))
        .join(" | ")} |`,
    );
  out.push("");
  r.groups.forEach((g, i) => {
    out.push(`### ${i + 1}. ${g.count} × ${g.responseCode} ${md(reasonOf(g))}: ${md(g.failedAt)}`, "");
    out.push(
      "```",
      ...groupLines(g, i + 1)
        .slice(1)
        .map((l) => l.slice(3)),
      "```",
      "",
    );
  });
  return out.join("\n");
}
