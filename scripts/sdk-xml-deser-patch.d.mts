export declare const XML_DESER_FILE: RegExp;
export declare const XML_DESER_REPLACEMENTS: readonly {
  name: string;
  marker: string;
  from: string;
  to: string;
}[];
export declare function patchXmlDeserializer(source: string): { contents: string; missing: string[] };
