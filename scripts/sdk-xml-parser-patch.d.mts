export declare const XML_PARSER_FILE: RegExp;
export declare const XML_PARSER_REPLACEMENTS: readonly {
  name: string;
  marker: string;
  from: string;
  to: string;
}[];
export declare function patchXmlParser(source: string): { contents: string; missing: string[] };
