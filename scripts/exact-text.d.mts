import type { Plugin } from "esbuild";

export declare function replaceExactly(
  source: string,
  replacements: readonly { name: string; from: string; to: string }[],
): { contents: string; missing: string[] };
export declare function patchPlugin(
  name: string,
  filter: RegExp,
  patch: (source: string, path: string) => { contents: string; missing: string[] },
): Plugin;
