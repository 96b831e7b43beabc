/**
 * In-file suppressions: `lattice-doctor:ignore` = `LAT-### reason` as a resource tag (Terraform
 * `tags`, CloudFormation `Tags`), as a YAML comment on the resource, or (JSON templates, which have
 * no comments) `Metadata: { "lattice-doctor": { "ignore": ["LAT-### reason"] } }`. Several codes may
 * be given separated by `;` or `,` before a new code.
 */
import type { Ignore } from "./model.js";

export const IGNORE_KEY = "lattice-doctor:ignore";

const ENTRY = /(LAT-\d{3})\b\s*[:\-–]?\s*([^;]*?)\s*(?=[;,]\s*LAT-\d{3}\b|;|$)/gi;

/** Every `LAT-### reason` in `text`. */
export function parseIgnores(text: string, by: string): Ignore[] {
  const out: Ignore[] = [];
  for (const m of text.matchAll(ENTRY)) {
    out.push({ code: m[1]!.toUpperCase(), reason: m[2]!.trim(), by });
  }
  return out;
}

/** Ignores in a `key → value` tag map. */
export function ignoresFromTags(tags: unknown, address: string): Ignore[] {
  if (!tags || typeof tags !== "object") return [];
  const value = (tags as Record<string, unknown>)[IGNORE_KEY];
  return typeof value === "string" ? parseIgnores(value, `tag ${IGNORE_KEY} on ${address}`) : [];
}

/** Ignores in comment text (`# lattice-doctor:ignore <code> reason`). */
export function ignoresFromComment(comment: string, address: string): Ignore[] {
  const at = comment.indexOf(IGNORE_KEY);
  if (at < 0) return [];
  return parseIgnores(comment.slice(at + IGNORE_KEY.length), `comment ${IGNORE_KEY} on ${address}`);
}
