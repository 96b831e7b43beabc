/**
 * A monotonic clock in milliseconds, for durations (the call log, checks, the run). Not
 * `performance.now()`: the `performance` global is built on first use, which loads node:perf_hooks
 * (~1.6 ms of a run's start on Node 20 and 22, for a replay the only thing that would).
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
