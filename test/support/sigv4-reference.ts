/**
 * An independent SigV4 verifier for the probe tests, written from the AWS documentation's
 * algorithm ("Create a signed AWS API request", IAM User Guide) with node:crypto — deliberately not
 * @smithy/signature-v4, so a test compares the probe's signature with a second implementation. It
 * works from what a server receives (method, raw path and query, headers), the way Lattice does.
 *
 *   canonical request = method \n canonical URI \n canonical query \n canonical headers \n
 *                       signed headers \n payload hash
 *   string to sign    = AWS4-HMAC-SHA256 \n x-amz-date \n scope \n hex(sha256(canonical request))
 *   signing key       = HMAC chain "AWS4"+secret → date → region → service → "aws4_request"
 */
import { createHash, createHmac } from "node:crypto";

const sha256Hex = (data: string): string => createHash("sha256").update(data, "utf8").digest("hex");
const hmac = (key: Buffer | string, data: string): Buffer =>
  createHmac("sha256", key).update(data, "utf8").digest();

/** RFC 3986 unreserved characters stay; everything else is %XX (upper-case hex), UTF-8 bytes. */
export function uriEncode(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/**
 * Non-S3 services: each segment of the (already URI-encoded) path is encoded again; "." and ".."
 * segments and empty segments are normalised away.
 */
export function canonicalUri(rawPath: string): string {
  const segments: string[] = [];
  for (const s of rawPath.split("/")) {
    if (s === "" || s === ".") continue;
    if (s === "..") segments.pop();
    else segments.push(s);
  }
  if (segments.length === 0) return "/";
  const trailing = rawPath.endsWith("/") ? "/" : "";
  return `/${segments.map(uriEncode).join("/")}${trailing}`;
}

/** Decoded name/value pairs, each encoded, sorted by name then value, joined with &. */
export function canonicalQuery(rawQuery: string): string {
  if (rawQuery === "") return "";
  const pairs = rawQuery.split("&").map((p) => {
    const [k, v = ""] = p.split("=");
    const decode = (s: string): string => decodeURIComponent(s.replace(/\+/g, " "));
    return [uriEncode(decode(k!)), uriEncode(decode(v))] as const;
  });
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

export interface ReceivedRequest {
  method: string;
  /** Path and query as on the request line, e.g. `/orders?b=2&a=1`. */
  target: string;
  /** Header names lower-case. */
  headers: Record<string, string>;
}

export interface Verification {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

/** The signature a server computes for `request`, given the signed-header list and payload hash. */
export function computeSignature(
  request: ReceivedRequest,
  options: {
    secretAccessKey: string;
    amzDate: string;
    region: string;
    service: string;
    signedHeaders: string[];
    payloadHash: string;
  },
): Verification {
  const [path, query = ""] = request.target.split(/\?(.*)/s, 2) as [string, string?];
  const headerLines = options.signedHeaders
    .map((name) => `${name}:${(request.headers[name] ?? "").trim().replace(/\s+/g, " ")}\n`)
    .join("");
  const canonicalRequest = [
    request.method,
    canonicalUri(path),
    canonicalQuery(query),
    headerLines,
    options.signedHeaders.join(";"),
    options.payloadHash,
  ].join("\n");
  const date = options.amzDate.slice(0, 8);
  const scope = `${date}/${options.region}/${options.service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", options.amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const key = hmac(
    hmac(hmac(hmac(`AWS4${options.secretAccessKey}`, date), options.region), options.service),
    "aws4_request",
  );
  return {
    canonicalRequest,
    stringToSign,
    signature: createHmac("sha256", key).update(stringToSign, "utf8").digest("hex"),
  };
}

export const EMPTY_SHA256 = sha256Hex("");

export interface ParsedAuthorization {
  algorithm: string;
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
}

export function parseAuthorization(value: string): ParsedAuthorization | undefined {
  const m =
    /^(AWS4-HMAC-SHA256) Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      value,
    );
  if (!m) return undefined;
  return {
    algorithm: m[1]!,
    accessKeyId: m[2]!,
    date: m[3]!,
    region: m[4]!,
    service: m[5]!,
    terminator: m[6]!,
    signedHeaders: m[7]!.split(";"),
    signature: m[8]!,
  };
}
