/**
 * The early stage's prefetched calls (src/early.ts), waiting to be adopted by the real run.
 *
 * `lattice doctor svc-…` sends its first Lattice reads before the rest of the program is loaded;
 * when gather later sends the same command (same service, operation, canonical input and client
 * configuration), clients.ts `instrument` takes the prefetched answer instead of sending again.
 * Each prefetch is adopted at most once; whatever is left when `main` returns is aborted, so the
 * process never waits on it, and every prefetch's rejection is handled here (never unhandled).
 *
 * Hand-written: this is a cache of in-flight SDK promises keyed by the SDK command, not an HTTP
 * cache (nothing to revalidate, nothing kept after the run), and no library adopts an in-flight
 * request across two SDK clients; it is a map and an AbortController per entry.
 */
import { canonicalKey } from "./recording.js";

interface Prefetch {
  /** The SDK's `send`: the command's output, or its error after the SDK's retries. */
  answer: Promise<unknown>;
  controller: AbortController;
  settled: boolean;
}

/** One module-level registry: the early entry and cli.js share this module (code splitting). */
const pending = new Map<string, Prefetch>();

/** What must match for a call to be adopted: service, operation, input (keys sorted, undefined dropped), client configuration. */
export function prefetchKey(service: string, operation: string, input: unknown, fingerprint: string): string {
  return `${fingerprint}\n${canonicalKey(service, operation, input)}`;
}

/** Registers a prefetch (a second one with the same key is not registered: it is aborted at once). */
export function addPrefetch(key: string, answer: Promise<unknown>, controller: AbortController): void {
  const entry: Prefetch = { answer, controller, settled: false };
  // Never an unhandled rejection, whether the prefetch is adopted, abandoned or aborted.
  answer.then(
    () => (entry.settled = true),
    () => (entry.settled = true),
  );
  if (pending.has(key)) {
    controller.abort();
    return;
  }
  pending.set(key, entry);
}

/** The early stage's hints in flight (never adopted): aborted with the prefetches. */
const hints = new Set<AbortController>();

/** Registers a hint until it settles (its rejection handled here too). */
export function addHint(answer: Promise<unknown>, controller: AbortController): void {
  hints.add(controller);
  const done = () => void hints.delete(controller);
  answer.then(done, done);
}

/** The prefetch for `key`, removed from the registry (adopted at most once). */
export function takePrefetch(key: string): Prefetch | undefined {
  const found = pending.get(key);
  if (found) pending.delete(key);
  return found;
}

/** Aborts every prefetch not adopted (the run is over, or went another way). */
export function abandonPrefetches(): void {
  for (const { controller } of pending.values()) controller.abort();
  pending.clear();
  for (const controller of hints) controller.abort();
  hints.clear();
}

/** Once main has returned: nothing more is prefetched (a chained read would be sent for nobody). */
let closed = false;

/**
 * The early stage's credential chain (clients.ts `sharedCredentialChain`), for the run's clients to
 * resolve through the same look-up, under the AWS_* environment both were built in (`envKey`).
 */
let earlyCredentials: { envKey: string; chain: unknown } | undefined;

export function shareCredentialChain<C>(envKey: string, chain: C): C {
  if (!closed) earlyCredentials = { envKey, chain };
  return chain;
}

/** The early stage's chain, if it was built under the same environment (and the run is not over). */
export function sharedCredentialChainFor<C>(envKey: string): C | undefined {
  return earlyCredentials?.envKey === envKey ? (earlyCredentials.chain as C) : undefined;
}

/** Aborts every prefetch not adopted, and refuses any later one. */
export function closePrefetches(): void {
  closed = true;
  earlyCredentials = undefined;
  abandonPrefetches();
}

export function prefetchesClosed(): boolean {
  return closed;
}

/** How many prefetches wait to be adopted (none: a call need not work out its key). */
export function pendingPrefetches(): number {
  return pending.size;
}

/** How many prefetches not adopted are still unanswered. */
export function unsettledPrefetches(): number {
  return [...pending.values()].filter((p) => !p.settled).length;
}
