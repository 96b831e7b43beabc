/**
 * The live-signal block shared by the text report and the terminal UI: one sparkline per series
 * (▁▂▃▄▅▆▇█, `·` where CloudWatch had no datapoint), then alarms, access logs, target health and
 * the inferred symptom. A zero is `▁` and any non-zero count at least `▂`, so a quiet minute and a
 * minute with one error never look alike; a gap is never drawn as a zero.
 *
 * The report given is already sanitised (sanitize.ts): alarm names and reasons come from AWS.
 */
import { COULD_NOT_CHECK } from "../core/codes.js";
import type { Report } from "../report/types.js";
import type { ReportSeries } from "../report/signals.js";
import type { Painter } from "./color.js";

const BLOCKS = "▁▂▃▄▅▆▇█";
export const GAP = "·";
/** Wider series are summed into this many columns. */
export const MAX_COLUMNS = 60;

/** Sums consecutive values into at most `columns` buckets (a bucket of gaps stays a gap). */
export function downsample(values: readonly (number | null)[], columns = MAX_COLUMNS): (number | null)[] {
  if (values.length <= columns) return [...values];
  const out: (number | null)[] = [];
  const size = values.length / columns;
  for (let c = 0; c < columns; c++) {
    const bucket = values.slice(Math.floor(c * size), Math.floor((c + 1) * size));
    const present = bucket.filter((v): v is number => v !== null);
    out.push(present.length ? present.reduce((a, b) => a + b, 0) : null);
  }
  return out;
}

export function sparkline(values: readonly (number | null)[]): string {
  const shown = downsample(values);
  const max = Math.max(0, ...shown.filter((v): v is number => v !== null));
  return shown
    .map((v) => {
      if (v === null) return GAP;
      if (v <= 0 || max <= 0) return BLOCKS[0]!;
      return BLOCKS[Math.min(7, Math.max(1, Math.ceil((v / max) * 7)))]!;
    })
    .join("");
}

export function seriesTotal(series: Pick<ReportSeries, "values">): number {
  return series.values.reduce<number>((sum, v) => sum + (v ?? 0), 0);
}

/** `12` or `12.5`: counts are whole numbers, a Sum over math may not be. */
export function formatCount(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** `15 min, 09:15–09:30 UTC`. */
export function windowText(window: { start: string; end: string }): string {
  const minutes = Math.round((Date.parse(window.end) - Date.parse(window.start)) / 60_000);
  return `last ${minutes} min, ${window.start.slice(11, 16)}–${window.end.slice(11, 16)} UTC ${window.end.slice(0, 10)}`;
}

export function resourceLabel(report: Report, series: ReportSeries): string {
  if (series.resource.type === "service") return report.target.name ?? series.resource.id;
  const tg = report.signals?.targetHealth.find((t) => t.targetGroupId === series.resource.id);
  return tg?.name ? `${tg.name} (${series.resource.id})` : series.resource.id;
}

/** Columns of a row after the resource column: `  metric  sparkline  total n (status)`. */
function rowWidth(metricWidth: number, series: ReportSeries): number {
  const status = series.statusCode && series.statusCode !== "Complete" ? series.statusCode.length + 3 : 0;
  return (
    2 +
    metricWidth +
    2 +
    sparkline(series.values).length +
    2 +
    6 +
    formatCount(seriesTotal(series)).length +
    status
  );
}

function isError(metric: string): boolean {
  return metric !== "TotalRequestCount";
}

/**
 * Lines of the block (no trailing blank); empty when the report has no signals. Given a width the
 * rows would not fit in, each resource gets a line of its own above its metrics, so a sparkline
 * never wraps.
 */
export function renderSignalLines(report: Report, p: Painter, width?: number): string[] {
  const s = report.signals;
  if (!s) return [];
  const lines = [`${p.bold("live signals")}  ${p.dim(windowText(s.window))}`];
  if (s.series === undefined) lines.push(`  ${p.gray(`metrics: not read (see ${COULD_NOT_CHECK})`)}`);
  else if (s.series.length === 0)
    lines.push(`  ${p.gray("metrics: none published yet for the service or its target groups")}`);
  else {
    const rows = s.series.map((x) => [resourceLabel(report, x), x.metric, x] as const);
    const w1 = Math.max(...rows.map(([r]) => r.length));
    const w2 = Math.max(...rows.map(([, m]) => m.length));
    const longest = Math.max(...rows.map(([, , x]) => rowWidth(w2, x) + w1 + 2));
    const grouped = width !== undefined && longest > width;
    let previous: string | undefined;
    for (const [resource, metric, series] of rows) {
      const total = seriesTotal(series);
      const line = sparkline(series.values);
      const spark = isError(metric) && total > 0 ? p.red(line) : line;
      // PartialData / InternalError / Forbidden: the counts may be short, say so.
      const status =
        series.statusCode && series.statusCode !== "Complete" ? p.yellow(` (${series.statusCode})`) : "";
      const tail = `${metric.padEnd(w2)}  ${spark}  ${p.dim("total")} ${formatCount(total)}${status}`;
      if (!grouped) lines.push(`  ${resource.padEnd(w1)}  ${tail}`);
      else {
        if (resource !== previous) lines.push(`  ${resource}`);
        lines.push(`    ${tail}`);
      }
      previous = resource;
    }
  }
  if (s.alarms !== undefined) {
    if (s.alarms.length === 0)
      lines.push(`  alarms: ${p.yellow("none on the service or its target groups")}`);
    for (const a of s.alarms) {
      const state =
        a.state === "ALARM" ? p.red(a.state) : a.state === "OK" ? p.green(a.state) : p.yellow(a.state);
      lines.push(
        `  alarm ${a.name}  ${state}${a.stateUpdatedTimestamp ? p.dim(` since ${a.stateUpdatedTimestamp}`) : ""}`,
      );
    }
  }
  if (s.accessLogs !== undefined) {
    lines.push(
      s.accessLogs.length
        ? `  access logs: ${s.accessLogs.map((a) => `${a.resourceId} → ${a.destinationArn ?? a.id}`).join(", ")}`
        : `  access logs: ${p.yellow("none on the service or its networks")}`,
    );
  }
  for (const tg of s.targetHealth) {
    const statuses = Object.entries(tg.byStatus)
      .map(([status, n]) => `${n} ${status}`)
      .join(", ");
    const reasons = tg.byReason.map((r) => `${r.reasonCode} ×${r.count}`).join(", ");
    lines.push(
      `  targets ${tg.name ? `${tg.name} (${tg.targetGroupId})` : tg.targetGroupId}: ${statuses || "none registered"}${reasons ? p.dim(` — ${reasons}`) : ""}`,
    );
  }
  if (s.inferredSymptom) {
    lines.push(
      `  symptom ${p.bold(s.inferredSymptom.symptom)} ${p.dim(`(${s.inferredSymptom.reason}; findings ranked for it)`)}`,
    );
  }
  return lines;
}
