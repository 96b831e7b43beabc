/**
 * `lattice probe` output. The answer is untrusted (a target's body can hold anything): every
 * string from it is printed with control characters escaped, and a long body is cut with a note.
 */
import type { ProbeResult } from "../probe/result.js";
import { paint } from "./color.js";
import { escapeControl } from "./sanitize.js";

/** Body characters printed in text mode; the JSON document carries everything read. */
export const TEXT_BODY_LIMIT = 64 * 1024;

export function renderProbeJson(result: ProbeResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

export function renderProbeText(result: ProbeResult, options: { color: boolean }): string {
  const p = paint(options.color);
  const lines: string[] = [];
  const { request, response } = result;
  lines.push(`${p.dim(">")} ${p.bold(request.method)} ${escapeControl(request.url)}`);
  lines.push(
    `${p.dim(">")} ${
      request.signed
        ? `signed: SigV4, signing name ${request.signingName}, region ${request.region}, payload UNSIGNED-PAYLOAD, signed headers ${request.signedHeaders?.join(";") ?? ""}`
        : "unsigned (--anonymous): Lattice sees the anonymous principal"
    }`,
  );
  if (response) {
    const ok = response.status < 400;
    const status = `HTTP ${response.status} ${escapeControl(response.statusText)}`;
    lines.push(
      `${p.dim("<")} ${ok ? p.green(status) : p.red(status)} ${p.dim(`(${response.durationMs} ms)`)}`,
    );
    for (const h of response.headers)
      lines.push(`${p.dim("<")} ${escapeControl(h.name)}: ${escapeControl(h.value)}`);
    if (response.body.length > 0) {
      const shown =
        response.body.length > TEXT_BODY_LIMIT ? response.body.slice(0, TEXT_BODY_LIMIT) : response.body;
      lines.push("", escapeControl(shown.replace(/\r\n/g, "\n"), { multiline: true }));
    }
    if (response.truncated || response.body.length > TEXT_BODY_LIMIT) {
      const total = response.truncated ? `more than ${response.bodyBytes}` : `${response.bodyBytes}`;
      lines.push(
        p.yellow(
          `[body cut: ${total} bytes, ${Math.min(response.body.length, TEXT_BODY_LIMIT)} characters shown${response.truncated ? "; the rest was not read" : ""} — --output json carries what was read]`,
        ),
      );
    }
  }
  // A timeout or connection failure is said on stderr; stdout keeps the request and what to run next.
  if (result.error) lines.push(p.red(`✖ no answer (${result.error.kind})`));
  const e = result.explanation;
  if (e) {
    lines.push(
      "",
      p.bold(
        `${e.deniedBy === "signing" ? "signing fault" : `denied by the ${e.deniedBy} layer`}: ${escapeControl(e.summary)}`,
      ),
      `  seen: ${escapeControl(e.phrase)}`,
      `  fix: ${escapeControl(e.fix)}`,
    );
  }
  if (result.next.length > 0) {
    lines.push("", "next:");
    for (const command of result.next) lines.push(`  ${escapeControl(command)}`);
  }
  return `${lines.join("\n")}\n`;
}
