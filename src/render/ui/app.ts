/**
 * The live terminal UI (ink): what `lattice doctor` shows when stdout is a terminal.
 *
 *   what is being read: the service as named, region and where it came from, profile     <Static>
 *   one line per finished hop: ✔ / ‼ / × and how much was read                            <Static>
 *   the hops still in flight, each with a spinner                                         live
 *   the result: header (service name and id, region, account, caller ARN, profile,
 *   endpoint overrides), findings in rank order, checks, (--trace) path, verdict            <Static>
 *
 * The full header is the result's first block because half of it (the service's name when it was
 * named by id, the caller ARN) is only known once the reads are done; the first line says what is
 * being read meanwhile.
 *
 * Everything that is done goes to <Static>: it is written once and scrolls like plain output, so
 * a long result never makes ink redraw (or clear) the screen, and only the few in-flight lines are
 * ever rewritten. The live part is kept to one line per hop so ink's line count stays right.
 *
 * Colour comes from our own painter (color.ts) rather than ink's props, so NO_COLOR, FORCE_COLOR and
 * --no-color mean exactly what they mean for the text renderer. Strings from AWS are escaped
 * (sanitize.ts) before colour is added; ink would pass SGR sequences through.
 *
 * No JSX: the project has no JSX build step, so elements are made with React.createElement (`h`).
 */
import React, { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { Box, Static, Text, useApp, useStdout } from "ink";
import type { Evidence, Finding } from "../../../checks/define.js";
import type { Report } from "../../report/types.js";
import { paint, type Painter } from "../color.js";
import { escapeControl, sanitizeReport } from "../sanitize.js";
import { renderSignalLines } from "../signals.js";
import { renderAuthLines } from "../auth.js";
import type { GatherHop } from "../../aws/gather-api.js";
import {
  callStats,
  formatDuration,
  formatEvidence,
  GLYPH,
  renderChecks,
  renderTrace,
  severityGlyph,
  severityStyle,
  verdictLine,
} from "../text.js";
import {
  HOP_LABELS,
  type FinishedHop,
  type RunningHop,
  type UiHeader,
  type UiState,
  type UiStore,
} from "./store.js";

const h = React.createElement;

export interface AppProps {
  store: UiStore;
  color: boolean;
  verbose: boolean;
  trace: boolean;
}

export const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"] as const;
const SPINNER_MS = 80;
const HOP_WIDTH = Math.max(...Object.values(HOP_LABELS).map((l) => l.length));
/** Column of a finding's labels (evidence, fix, explain) and the width of the label. */
const FINDING_INDENT = 4;
const LABEL_WIDTH = 10;

type Item =
  | { key: string; kind: "title"; header: UiHeader }
  | { key: string; kind: "hop"; hop: FinishedHop; behindFailed: boolean }
  | { key: string; kind: "result"; report: Report; header: UiHeader };

/** The append-only list <Static> writes: what is read, finished hops, then the result. */
function staticItems(state: UiState): Item[] {
  const items: Item[] = [{ key: "title", kind: "title", header: state.header }];
  const failed = new Set(state.finished.filter((f) => f.failed > 0).map((f) => f.hop));
  for (const hop of state.finished) {
    const behindFailed = upstreamOf(hop.hop).some((up) => failed.has(up));
    items.push({ key: `hop:${hop.hop}`, kind: "hop", hop, behindFailed });
  }
  if (state.report) items.push({ key: "result", kind: "result", report: state.report, header: state.header });
  return items;
}

function line(text: string, key?: string | number): React.ReactElement {
  return h(Text, { key }, text);
}

/** A line ink must not wrap (a command to copy): the terminal soft-wraps it, copy keeps it whole. */
function rawLine(text: string, key?: string | number): React.ReactElement {
  return h(Text, { key, wrap: "end" }, text);
}

/** `label  value…` with the value's wrapped lines hanging under the value. */
function labelled(
  p: Painter,
  label: string,
  lines: readonly React.ReactElement[],
  key?: string,
): React.ReactElement {
  return h(
    Box,
    { key, flexDirection: "row" },
    h(Box, { width: LABEL_WIDTH, flexShrink: 0 }, h(Text, null, p.dim(label))),
    h(Box, { flexDirection: "column", flexGrow: 1, flexShrink: 1 }, ...lines),
  );
}

function keyValues(p: Painter, rows: readonly (readonly [string, string])[]): React.ReactElement[] {
  const width = Math.max(0, ...rows.map(([k]) => k.length));
  return rows.map(([k, v], i) => line(`  ${p.dim(k.padEnd(width))}  ${v}`, i));
}

function regionText(header: UiHeader, region: string, p: Painter): string {
  return `${region} ${p.dim(`(from ${escapeControl(header.regionSource)})`)}`;
}

/** The first line, while reading: `reading svc-… in us-east-1 (from AWS_REGION) · profile prod`. */
function Title({ header, p }: { header: UiHeader; p: Painter }): React.ReactElement {
  const parts = [
    `${p.bold("reading")} ${p.bold(escapeControl(header.input))} in ${regionText(header, escapeControl(header.region), p)}`,
  ];
  if (header.profile) parts.push(`profile ${escapeControl(header.profile)}`);
  if (header.replay) parts.push(`replaying ${escapeControl(header.replay)}`);
  return h(Box, { marginBottom: 1 }, line(parts.join(p.dim(" · "))));
}

/** The result's header; `report` is already sanitised. */
function Header({ report, header, p }: { report: Report; header: UiHeader; p: Painter }): React.ReactElement {
  const { target, context } = report;
  const title = target.name ? `${target.name} (${target.id})` : target.id;
  const rows: [string, string][] = [["region", regionText(header, context.region, p)]];
  if (context.accountId) rows.push(["account", context.accountId]);
  if (context.callerArn) rows.push(["caller", context.callerArn]);
  if (context.profile) rows.push(["profile", context.profile]);
  for (const [name, url] of Object.entries(context.endpoints)) rows.push(["endpoint", `${name}=${url}`]);
  if (header.replay) rows.push(["replay", escapeControl(header.replay)]);
  return h(Box, { flexDirection: "column", marginBottom: 1 }, line(p.bold(title)), ...keyValues(p, rows));
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

function hopGlyph(hop: FinishedHop, p: Painter, behindFailed: boolean): string {
  if (hop.failed === 0) return behindFailed ? p.gray(GLYPH.unknown) : p.green(GLYPH.ok);
  return hop.read > 0 ? p.yellow(GLYPH.warn) : p.red(GLYPH.fail);
}

function HopLine({
  hop,
  p,
  verbose,
  behindFailed,
}: {
  hop: FinishedHop;
  p: Painter;
  verbose: boolean;
  behindFailed: boolean;
}): React.ReactElement {
  const behind = behindFailed && hop.failed === 0 ? p.dim(" (behind a failed read)") : "";
  const counts = `${hop.read} read${hop.failed ? `, ${p.red(`${hop.failed} failed`)}` : ""}${behind}`;
  const time = verbose ? `  ${p.gray(formatDuration(hop.durationMs))}` : "";
  return line(`${hopGlyph(hop, p, behindFailed)} ${HOP_LABELS[hop.hop].padEnd(HOP_WIDTH)}  ${counts}${time}`);
}

function FindingView({
  finding: f,
  evidence,
  p,
  verbose,
}: {
  finding: Finding;
  evidence: readonly Evidence[];
  p: Painter;
  verbose: boolean;
}): React.ReactElement {
  const severity = `${severityGlyph(f.severity)} ${f.severity}`;
  const pad = " ".repeat(Math.max(0, 8 - f.severity.length));
  const head = f.suppressed
    ? h(Text, null, p.dim(`${severity}${pad} ${f.code}`))
    : h(Text, null, `${severityStyle(f.severity, p)(severity)}${pad} ${p.bold(f.code)}`);
  const title = h(Text, null, f.suppressed ? p.dim(f.title) : f.title);
  const body: React.ReactElement[] = [];
  if (f.suppressed)
    body.push(line(p.gray(`[suppressed by ${f.suppressed.by} — ${f.suppressed.reason}]`), "suppressed"));
  if (f.causedBy) body.push(labelled(p, "caused by", [line(p.bold(f.causedBy))], "caused-by"));
  const brief = f.suppressed && !verbose;
  if (!brief) {
    if (verbose) {
      body.push(labelled(p, "resource", [line(`${f.resource.type} ${f.resource.id}`)], "resource"));
      body.push(labelled(p, "why", [line(f.detail)], "why"));
    }
    if (evidence.length > 0)
      body.push(
        labelled(
          p,
          "evidence",
          evidence.map((e, i) => line(formatEvidence(e), i)),
          "evidence",
        ),
      );
    body.push(
      labelled(
        p,
        "fix",
        [line(f.fix.summary, "summary"), ...f.fix.commands.map((c, i) => rawLine(p.cyan(c), i))],
        "fix",
      ),
    );
  }
  body.push(labelled(p, "explain", [line(`lattice explain ${f.code}`)], "explain"));
  return h(
    Box,
    { flexDirection: "column", marginBottom: 1 },
    h(Box, { flexDirection: "row", gap: 1 }, h(Box, { flexShrink: 0 }, head), title),
    h(Box, { flexDirection: "column", paddingLeft: FINDING_INDENT }, ...body),
  );
}

function Result({
  report,
  header,
  p,
  verbose,
  trace,
}: {
  report: Report;
  header: UiHeader;
  p: Painter;
  verbose: boolean;
  trace: boolean;
}): React.ReactElement {
  const safe = sanitizeReport(report);
  const blocks: React.ReactElement[] = [h(Header, { key: "header", report: safe, header, p })];
  safe.findings.forEach((f, i) => {
    blocks.push(
      h(FindingView, {
        key: `finding:${i}`,
        finding: f,
        // formatEvidence escapes (and quotes) the evidence as observed itself.
        evidence: report.findings[i]?.evidence ?? [],
        p,
        verbose,
      }),
    );
  });
  // One line per series: a sparkline of the window (▁▂▃▄▅▆▇█, · where no datapoint came).
  const signals = renderSignalLines(safe, p);
  if (signals.length > 0)
    blocks.push(
      h(
        Box,
        { key: "signals", flexDirection: "column", marginBottom: 1 },
        ...signals.map((c, i) => rawLine(c, i)),
      ),
    );
  const checks = renderChecks(safe.checks, p, verbose);
  if (checks.length > 0)
    blocks.push(
      h(
        Box,
        { key: "checks", flexDirection: "column", marginBottom: 1 },
        ...checks.map((c, i) => line(c, i)),
      ),
    );
  if (safe.auth) {
    const authLines = renderAuthLines(safe.auth, p);
    blocks.push(
      h(
        Box,
        { key: "auth", flexDirection: "column", marginBottom: 1 },
        ...authLines.map((c, i) => line(c, i)),
      ),
    );
  }
  if (trace) {
    const path = renderTrace(safe.trace, p);
    if (path.length > 0)
      blocks.push(
        h(Box, { key: "trace", flexDirection: "column", marginBottom: 1 }, ...path.map((c, i) => line(c, i))),
      );
  }
  blocks.push(
    h(
      Box,
      { key: "verdict", flexDirection: "column" },
      line(verdictLine(safe, p)),
      line(p.gray(callStats(safe.calls))),
    ),
  );
  return h(Box, { flexDirection: "column", marginTop: 1 }, ...blocks);
}

/** The only part ink redraws: one spinner line per hop in flight. */
function Live({ state, p }: { state: UiState; p: Painter }): React.ReactElement {
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setFrame((n) => (n + 1) % SPINNER.length), SPINNER_MS);
    return () => clearInterval(timer);
  }, []);
  const spin = p.cyan(SPINNER[frame] ?? SPINNER[0]);
  const rows: React.ReactElement[] = [];
  if (!state.service) {
    rows.push(line(`${spin} finding the service…`, "resolve"));
  } else if (state.running.length === 0) {
    rows.push(line(`${spin} ${state.finished.length > 0 ? "checking…" : "reading…"}`, "idle"));
  }
  for (const hop of state.running) rows.push(h(RunningLine, { key: hop.hop, hop, spin, p }));
  return h(Box, { flexDirection: "column" }, ...rows);
}

function RunningLine({ hop, spin, p }: { hop: RunningHop; spin: string; p: Painter }): React.ReactElement {
  const elapsed = performance.now() - hop.startedAt;
  const time = elapsed >= 1000 ? `  ${p.gray(formatDuration(elapsed))}` : "";
  return line(`${spin} ${HOP_LABELS[hop.hop].padEnd(HOP_WIDTH)}  ${p.dim("reading…")}${time}`);
}

export function App({ store, color, verbose, trace }: AppProps): React.ReactElement {
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const { exit } = useApp();
  const p = useMemo(() => paint(color), [color]);
  // <Static> output is laid out without a width of its own: give it the terminal's, so prose wraps.
  const { stdout } = useStdout();
  const width = stdout.columns || 80;
  const items = useMemo(() => staticItems(state), [state]);
  const done = state.report !== undefined || state.aborted;
  // The result is committed (and <Static> written) before effects run. End on the next turn, once
  // <Static> has let go of the items it wrote: ending now would have ink write them once more.
  useEffect(() => {
    if (!done) return;
    const timer = setTimeout(() => exit(), 0);
    return () => clearTimeout(timer);
  }, [done, exit]);

  const renderItem = (item: Item): React.ReactElement => {
    const content = (() => {
      switch (item.kind) {
        case "title":
          return h(Title, { header: item.header, p });
        case "hop":
          return h(HopLine, { hop: item.hop, p, verbose, behindFailed: item.behindFailed });
        case "result":
          return h(Result, { report: item.report, header: item.header, p, verbose, trace });
      }
    })();
    return h(Box, { key: item.key, width, flexDirection: "column" }, content);
  };
  return h(
    React.Fragment,
    null,
    h(Static<Item>, { items, children: renderItem }),
    done ? null : h(Live, { state, p }),
  );
}
