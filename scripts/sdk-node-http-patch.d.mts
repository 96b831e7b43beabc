export declare const NODE_HTTP_FILES: RegExp;
export declare const NODE_HTTP_REPLACEMENTS: readonly {
  name: string;
  file: string;
  marker: string;
  from: string;
  to: string;
}[];
export declare function patchNodeHttp(source: string, path: string): { contents: string; missing: string[] };
