/**
 * `lattice probe --dry-run`: the signed request as a curl command that sends the same bytes —
 * method, URL, every signed header, the body — quoted for a POSIX shell.
 */
import { shellQuote } from "../core/util/shell.js";
import type { OutgoingRequest } from "./sign.js";

export interface CurlOptions {
  /** The body came from `--data @file`: refer to the file rather than inline its bytes. */
  dataFile?: string;
}

/** Headers curl sets itself from the command (host from the URL, content-length from the body). */
const CURL_SETS = new Set(["host", "content-length"]);

export function toCurl(request: OutgoingRequest, options: CurlOptions = {}): string {
  const parts: string[] = ["curl", "--silent", "--show-error", "--include"];
  if (request.method === "HEAD") parts.push("--head");
  else if (request.method !== "GET" || request.body !== undefined)
    parts.push("--request", shellQuote(request.method));
  for (const [name, value] of Object.entries(request.headers)) {
    if (CURL_SETS.has(name)) continue;
    parts.push("--header", shellQuote(`${name}: ${value}`));
  }
  if (request.body !== undefined) {
    // curl would add content-type: application/x-www-form-urlencoded; it is not signed, so harmless,
    // but the request should be the one probe sends.
    if (!("content-type" in request.headers)) parts.push("--header", shellQuote("content-type:"));
    parts.push(
      "--data-binary",
      options.dataFile !== undefined
        ? shellQuote(`@${options.dataFile}`)
        : shellQuote(request.body.toString("utf8")),
    );
  }
  parts.push(shellQuote(request.url.toString()));
  return parts.join(" ");
}
