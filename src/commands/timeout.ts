/**
 * `--timeout`: the deadline of a whole `doctor` run. `45s`, `2.5s`, `1m`, `1m30s`, `500ms`; a bare
 * number is seconds. Calls still unanswered when it passes are aborted and reported as not read
 * (a could-not-check finding, timeout), and the rest of the diagnosis is printed.
 */
export const DEFAULT_RUN_TIMEOUT = "45s";
const MIN_MS = 100;
const MAX_MS = 3_600_000;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export class InvalidTimeoutError extends Error {
  override name = "InvalidTimeoutError";
}

export function parseRunTimeout(text: string): number {
  const trimmed = text.trim().toLowerCase();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else if (/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(trimmed)) {
    ms = 0;
    for (const [, n, unit] of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g))
      ms += Number(n) * UNIT_MS[unit!]!;
  } else {
    throw new InvalidTimeoutError(`--timeout ${text}: expected a duration such as 45s, 2m or 1m30s`);
  }
  if (ms < MIN_MS || ms > MAX_MS)
    throw new InvalidTimeoutError(`--timeout ${text}: must be between 100ms and 1h, e.g. --timeout 45s`);
  return Math.round(ms);
}
