/**
 * `--window`: how far back the live signals look. `90s`, `5m`, `15m`, `1h`, `2h30m`; a bare number
 * is seconds. From one minute (one CloudWatch period) to one day (GetMetricData's 1-minute data is
 * kept 15 days, but a day of 60 s points is already 1,440 per series).
 */
const MIN_WINDOW_SECONDS = 60;
const MAX_WINDOW_SECONDS = 86_400;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

export class InvalidWindowError extends Error {
  override name = "InvalidWindowError";
}

export function parseWindow(text: string): number {
  const trimmed = text.trim().toLowerCase();
  let seconds: number;
  if (/^\d+$/.test(trimmed)) seconds = Number(trimmed);
  else if (/^(\d+[smhd])+$/.test(trimmed)) {
    seconds = 0;
    for (const [, n, unit] of trimmed.matchAll(/(\d+)([smhd])/g)) seconds += Number(n) * UNIT_SECONDS[unit!]!;
  } else {
    throw new InvalidWindowError(
      `--window ${text}: expected a duration such as 90s, 5m, 15m or 1h (from 1m to 24h)`,
    );
  }
  if (seconds < MIN_WINDOW_SECONDS || seconds > MAX_WINDOW_SECONDS) {
    throw new InvalidWindowError(
      `--window ${text}: must be between 1m (one CloudWatch period) and 24h, e.g. --window 15m`,
    );
  }
  return seconds;
}

/** `900` → `15m`, `5400` → `1h30m`, `90` → `1m30s`. */
export function formatWindow(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return [h ? `${h}h` : "", m ? `${m}m` : "", s ? `${s}s` : ""].join("") || "0s";
}
