/** Small object and list helpers shared by gather, report and checks. */

/** Drops keys whose value is undefined (so the topology has no `"x": undefined` noise). */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The distinct items, in first-seen order. */
export function unique<T>(items: Iterable<T>): T[] {
  return [...new Set(items)];
}
