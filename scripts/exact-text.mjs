import { readFile } from "node:fs/promises";

/**
 * The bundle's patches of the SDK (sdk-*-patch.mjs) are exact-text replacements: each `from` is
 * replaced by its `to` only where it is found verbatim; one not found (an SDK update changed the
 * file) is left as it was and named in `missing`, for the build to warn about.
 */
export function replaceExactly(source, replacements) {
  let contents = source;
  const missing = [];
  for (const { name, from, to } of replacements) {
    if (contents.includes(from)) contents = contents.replace(from, () => to);
    else missing.push(name);
  }
  return { contents, missing };
}

/**
 * An esbuild plugin running `patch(source, path)` on the files `filter` names; each snippet it did
 * not find is a build warning (the build still runs the file as published).
 */
export function patchPlugin(name, filter, patch) {
  return {
    name,
    setup(b) {
      b.onLoad({ filter }, async ({ path }) => {
        const { contents, missing } = patch(await readFile(path, "utf8"), path);
        const warnings = missing.map((what) => ({ text: `${what} not found: left as it was` }));
        return { contents, loader: "js", warnings };
      });
    },
  };
}
