/**
 * The live view's lines, as plain strings: what is being read, then every hop in request-path
 * order, each pending (·), in flight (spinner) or read (✔ ‼ ×). No React and no ink here, so
 * run.ts can write the first frame before ink is loaded (loading it takes most of a second), and
 * the ink view (app.ts) draws these same lines.
 *
 * Rows never move: a hop keeps its line from the first frame to the last. Every line is cut to the
 * terminal's width, and the frame is kept shorter than the terminal: a frame as tall as the screen
 * makes ink clear the whole terminal, scrollback included, on every redraw.
 */
import { paint, type Painter } from "../color.js";
import { escapeControl } from "../sanitize.js";
import { formatDuration, GLYPH } from "../text.js";
import { truncate, visibleLength } from "../layout.js";
import { HOP_LABELS, type UiHeader, type UiState } from "./store.js";
import type { GatherHop } from "../../core/progress.js";

export const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"] as const;
export const HOPS = Object.keys(HOP_LABELS) as GatherHop[];
const HOP_WIDTH = Math.max(...Object.values(HOP_LABELS).map((l) => l.length));

export interface FrameOptions {
  color: boolean;
  verbose: boolean;
  /** Terminal columns and rows. */
  columns: number;
  rows: number;
  /** Index into SPINNER. */
  spin: number;
  now?: number;
}

function regionText(header: UiHeader, p: Painter): string {
  return `${escapeControl(header.region)} ${p.dim(`(from ${escapeControl(header.regionSource)})`)}`;
}

/** `reading svc-… in us-east-1 (from AWS_REGION) · profile prod · replaying …`. */
export function titleLine(header: UiHeader, p: Painter, done: boolean): string {
  const parts = [
    `${p.bold(done ? "read" : "reading")} ${p.bold(escapeControl(header.input))} in ${regionText(header, p)}`,
  ];
  if (header.profile) parts.push(`profile ${escapeControl(header.profile)}`);
  if (header.replay) parts.push(p.yellow(`replaying ${escapeControl(header.replay)}`));
  return parts.join(p.dim(" · "));
}

/**
 * The hops gather reads through another (what it reads for them is found there): a hop behind one
 * with failed calls may have read nothing because nothing was found, so it is never drawn ✔.
 */
const HOP_UPSTREAM: Partial<Record<GatherHop, GatherHop[]>> = {
  rules: ["listeners"],
  "target-groups": ["listeners", "rules"],
  targets: ["target-groups"],
  "security-groups": ["targets", "vpc-associations"],
  "network-acls": ["targets"],
  "vpc-associations": ["service-networks"],
  "resource-associations": ["service-networks"],
  "vpc-endpoint-associations": ["service-networks"],
  "auth-policies": ["service-networks"],
  "access-logs": ["service-networks"],
  signals: ["target-groups", "service-networks"],
};

function upstreamOf(hop: GatherHop): GatherHop[] {
  const direct = HOP_UPSTREAM[hop] ?? [];
  return [...new Set([...direct, ...direct.flatMap(upstreamOf)])];
}

function hopRow(state: UiState, hop: GatherHop, p: Painter, options: FrameOptions): string {
  const label = HOP_LABELS[hop].padEnd(HOP_WIDTH);
  const finished = state.finished.find((h) => h.hop === hop);
  if (finished) {
    const failedHops = new Set(state.finished.filter((f) => f.failed > 0).map((f) => f.hop));
    const behindFailed = finished.failed === 0 && upstreamOf(hop).some((up) => failedHops.has(up));
    const glyph =
      finished.failed === 0
        ? behindFailed
          ? p.gray(GLYPH.unknown)
          : p.green(GLYPH.ok)
        : finished.read > 0
          ? p.yellow(GLYPH.warn)
          : p.red(GLYPH.fail);
    const failed = finished.failed ? `, ${p.red(`${finished.failed} failed`)}` : "";
    const behind = behindFailed ? p.dim(" (behind a failed read)") : "";
    const time = options.verbose ? `  ${p.gray(formatDuration(finished.durationMs))}` : "";
    return `${glyph} ${label}  ${finished.read} read${failed}${behind}${time}`;
  }
  const running = state.running.find((h) => h.hop === hop);
  if (running) {
    const elapsed = (options.now ?? performance.now()) - running.startedAt;
    const time = elapsed >= 1000 ? `  ${p.gray(formatDuration(elapsed))}` : "";
    return `${p.cyan(SPINNER[options.spin % SPINNER.length]!)} ${label}  ${p.dim("reading…")}${time}`;
  }
  const settled = state.report !== undefined || state.aborted;
  return p.gray(`${settled ? "–" : "·"} ${label}  ${settled ? "not read" : ""}`.trimEnd());
}

/** One line for every hop when the terminal is too short for a line each. */
function summaryRow(state: UiState, p: Painter, options: FrameOptions): string {
  const done = state.finished.length;
  const failed = state.finished.reduce((n, h) => n + h.failed, 0);
  const running = HOPS.filter((hop) => state.running.some((h) => h.hop === hop)).map((h) => HOP_LABELS[h]);
  const spin =
    state.report || state.aborted ? p.green(GLYPH.ok) : p.cyan(SPINNER[options.spin % SPINNER.length]!);
  const tail = running.length ? ` · ${running.join(", ")}` : "";
  return `${spin} ${done} of ${HOPS.length} hops read${failed ? `, ${p.red(`${failed} calls failed`)}` : ""}${p.dim(tail)}`;
}

/** The frame: the title, a blank line, the hops. Lines fit in `columns - 1`, the frame in `rows - 1`. */
export function frameLines(state: UiState, options: FrameOptions): string[] {
  const p = paint(options.color);
  const done = state.report !== undefined || state.aborted;
  const title = titleLine(state.header, p, done);
  const full = [title, "", ...HOPS.map((hop) => hopRow(state, hop, p, options))];
  const short = options.rows > 2 ? [title, summaryRow(state, p, options)] : [summaryRow(state, p, options)];
  const lines = full.length < options.rows ? full : short;
  return lines.map((l) => fit(l, options.columns - 1));
}

/** A line cut to the width; a cut line loses its colour rather than carry half a sequence. */
function fit(line: string, width: number): string {
  if (visibleLength(line) <= width) return line;
  // eslint-disable-next-line no-control-regex
  return truncate(line.replace(/\x1b\[[0-9;]*m/g, ""), width);
}
