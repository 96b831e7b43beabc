/** Small object and list helpers shared by gather, report and checks. */

/**
 * Drops keys whose value is undefined (so the topology has no `"x": undefined` noise): a new object
 * with the other own enumerable keys, in their order. A plain loop: gather calls it for every target,
 * alarm and rule it reads (over a thousand times on a large service), and the entries arrays of
 * `Object.fromEntries(Object.entries(…))` cost several times as much.
 */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    // An own "__proto__" key stays a key (as Object.fromEntries defines it), never the prototype.
    if (key === "__proto__")
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  }
  return out as T;
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
