/**
 * Evidence as short `key=value` lines (text report and terminal).
 *
 *   default   `call k=v k=v`, then one line per nested object (`key: k=v k.sub=v …`), one per item of a
 *             list of objects (at most MAX_ITEMS, then `… n more`): every field stays readable and
 *             copyable, nothing is a JSON blob to be cut by the terminal.
 *   -v        `call k=v k=<JSON>`: the evidence objects exactly as observed.
 *
 * Strings are bare when they can be, JSON-quoted otherwise; everything is escaped (sanitize.ts)
 * once, here, after quoting: the caller passes the evidence as observed.
 */
import type { Evidence } from "../core/finding.js";
import { escapeControl } from "./sanitize.js";

const BARE = /^[^\s"'=\\]+$/;
/** Items of a list of objects shown without -v. */
export const MAX_ITEMS = 5;

type Pair = string;

function scalar(value: unknown): string {
  if (typeof value === "string") return BARE.test(value) ? value : JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  return JSON.stringify(value) ?? String(value);
}

/** An item of a comma-joined list: quoted when it holds a comma itself. */
function listItem(value: unknown): string {
  return typeof value === "string" && value.includes(",") ? JSON.stringify(value) : scalar(value);
}

function key(k: string): string {
  return /^[^\s"'=\\]+$/.test(k) ? k : JSON.stringify(k);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isScalarList(value: unknown[]): boolean {
  return value.every((v) => !isRecord(v) && !Array.isArray(v));
}

/** `k=v` pairs of a value, nested keys dotted (`healthCheck.path=/health`), lists of scalars comma-joined. */
function flatten(prefix: string, value: unknown): Pair[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${prefix}=[]`];
    if (isScalarList(value)) return [`${prefix}=${value.map(listItem).join(",")}`];
    return value.flatMap((v, i) => flatten(`${prefix}[${i}]`, v));
  }
  if (isRecord(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return [`${prefix}={}`];
    return entries.flatMap(([k, v]) => flatten(prefix ? `${prefix}.${key(k)}` : key(k), v));
  }
  return [`${prefix}=${scalar(value)}`];
}

export interface EvidenceLine {
  /** `key:` for the lines of a nested value; "" for the call's own line. */
  label: string;
  pairs: string[];
}

/** The evidence of one call as lines of pairs (default) or one line with JSON values (verbose). */
export function evidenceLines(evidence: Evidence, verbose: boolean): EvidenceLine[] {
  const entries = Object.entries(evidence.observed).filter(([, v]) => v !== undefined);
  const esc = (pairs: string[]): string[] => pairs.map((p) => escapeControl(p));
  if (verbose) {
    return [{ label: "", pairs: esc(entries.map(([k, v]) => `${key(k)}=${scalar(v)}`)) }];
  }
  const head: string[] = [];
  const nested: EvidenceLine[] = [];
  for (const [k, v] of entries) {
    if (isRecord(v) && Object.keys(v).length > 0) {
      nested.push({ label: `${key(k)}:`, pairs: esc(flatten("", v)) });
    } else if (Array.isArray(v) && v.length > 0 && !isScalarList(v)) {
      v.slice(0, MAX_ITEMS).forEach((item) =>
        nested.push({ label: `${key(k)}:`, pairs: esc(isRecord(item) ? flatten("", item) : [scalar(item)]) }),
      );
      if (v.length > MAX_ITEMS)
        nested.push({ label: `${key(k)}:`, pairs: [`… ${v.length - MAX_ITEMS} more (-v shows all)`] });
    } else {
      head.push(...esc(flatten(key(k), v)));
    }
  }
  return [{ label: "", pairs: head }, ...nested];
}

/** `call k=v k=v` on one line, values that are objects as JSON: the -v form, and the form of old callers. */
export function formatEvidence(evidence: Evidence): string {
  const [line] = evidenceLines(evidence, true);
  return [escapeControl(evidence.call), ...(line?.pairs ?? [])].join(" ");
}
