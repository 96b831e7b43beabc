// Node's module compile cache (Node >= 22.1): V8 code for every module the CLI loads is kept
// between runs, which cuts start-up by a third. The cache lives in the user's cache directory,
// never in the package folder (which may be read-only or shared). Plain JS, not TypeScript: it
// runs before anything else is loaded. Node 20 has no compile cache and runs as before.
import module from "node:module";
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";

/** `$XDG_CACHE_HOME/lattice-doctor`, else `~/.cache/lattice-doctor`; undefined with no home. */
export function compileCacheDir(env) {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, "lattice-doctor");
  let home = env.HOME;
  if (!home) {
    try {
      home = homedir();
    } catch {
      return undefined;
    }
  }
  return home && isAbsolute(home) ? join(home, ".cache", "lattice-doctor") : undefined;
}

/** Turns the cache on where Node has it; any failure (unwritable directory…) is silently a run without it. */
export function enableCompileCache(env) {
  if (typeof module.enableCompileCache !== "function") return undefined;
  const dir = compileCacheDir(env);
  if (!dir) return undefined;
  try {
    return module.enableCompileCache(dir);
  } catch {
    return undefined;
  }
}

/** Writes the cache now (Node >= 22.10): process.exit() would leave before Node's own write at exit. */
export function flushCompileCache() {
  try {
    module.flushCompileCache?.();
  } catch {
    // A cache that cannot be written is a run without it.
  }
}
