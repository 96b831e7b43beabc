/** Small object and list helpers shared by gather, report and checks. */

/** Drops keys whose value is undefined (so the topology has no `"x": undefined` noise). */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The distinct items, in first-seen order. */
export function unique<T>(items: Iterable<T>): T[] {
  return [...new Set(items)];
}

/**
 * Orders strings by code point. Not `localeCompare`: its first call builds ICU's collator (~13 ms
 * of every run's start), and its order depends on the runtime's locale data; ids and codes want a
 * fixed order.
 */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
