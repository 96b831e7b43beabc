/**
 * The wire server's access-log destinations (issue 17), from the SDKs' own models
 * (node_modules/@aws-sdk/client-{cloudwatch-logs,s3}/dist-cjs/index.js):
 *
 * - CloudWatch Logs, AWS JSON 1.1 (AwsJson1_1Protocol, serviceTarget `Logs_20140328`): a POST to
 *   `/` with `x-amz-target: Logs_20140328.FilterLogEvents`, `content-type:
 *   application/x-amz-json-1.1`, signed for `logs`; timestamps are epoch milliseconds (longs);
 *   paging by `nextToken`. Errors: status + `{"__type": "<Code>", "message": …}`.
 * - S3, REST-XML, path-style (`/<bucket>` and `/<bucket>/<key>` under the endpoint override,
 *   which the client factory sets `forcePathStyle` for): ListObjectsV2 is `GET /<bucket>?list-type=2`
 *   with `prefix`, `continuation-token`, `max-keys`, `start-after` query parameters and answers
 *   `<ListBucketResult>` (flattened `<Contents>`, `IsTruncated`, `NextContinuationToken`);
 *   GetObject is `GET /<bucket>/<key>` and answers the object's bytes with `Last-Modified`.
 *   Errors: `<Error><Code/><Message/><RequestId/></Error>` with the error's status. Signed for `s3`.
 */

type Input = Record<string, unknown>;

export class LogsWireProblem extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const LOGS_TARGET = "Logs_20140328";

const LOGS_MEMBERS: Record<string, string[]> = {
  FilterLogEvents: [
    "logGroupName",
    "logGroupIdentifier",
    "logStreamNames",
    "logStreamNamePrefix",
    "startTime",
    "endTime",
    "filterPattern",
    "nextToken",
    "limit",
    "interleaved",
    "unmask",
  ],
};

export function decodeLogs(
  method: string,
  contentType: string | undefined,
  target: string | undefined,
  body: string,
): { operation: string; input: Input } {
  if (method !== "POST" || contentType !== "application/x-amz-json-1.1")
    throw new LogsWireProblem(
      "InvalidRequest",
      `logs expects an AWS JSON 1.1 POST, got ${method} ${contentType}`,
    );
  const operation = target?.startsWith(`${LOGS_TARGET}.`) ? target.slice(LOGS_TARGET.length + 1) : "";
  const members = LOGS_MEMBERS[operation];
  if (!members)
    throw new LogsWireProblem(
      "UnknownOperationException",
      `no logs operation for x-amz-target ${target ?? "(none)"}`,
    );
  const input = (body ? JSON.parse(body) : {}) as Input;
  for (const key of Object.keys(input))
    if (!members.includes(key))
      throw new LogsWireProblem("InvalidParameterException", `unexpected member ${key}`);
  return { operation, input };
}

export function logsJson(output: Input): string {
  const { $metadata: _ignored, ...rest } = output;
  return JSON.stringify(rest);
}

export function logsErrorJson(code: string, message: string): string {
  return JSON.stringify({ __type: code, message });
}

const S3_LIST_QUERY: Record<string, { member: string; type: "string" | "integer" | "boolean" }> = {
  prefix: { member: "Prefix", type: "string" },
  "continuation-token": { member: "ContinuationToken", type: "string" },
  "max-keys": { member: "MaxKeys", type: "integer" },
  "start-after": { member: "StartAfter", type: "string" },
  delimiter: { member: "Delimiter", type: "string" },
  "encoding-type": { member: "EncodingType", type: "string" },
  "fetch-owner": { member: "FetchOwner", type: "boolean" },
};

/** `path` is after the `/s3` prefix, still percent-encoded. */
export function decodeS3(
  method: string,
  path: string,
  query: URLSearchParams,
): { operation: string; input: Input } {
  if (method !== "GET") throw new LogsWireProblem("MethodNotAllowed", `s3: ${method} is not a read`);
  const [, bucketPart = "", ...keyParts] = path.split("/");
  const bucket = decodeURIComponent(bucketPart);
  if (!bucket) throw new LogsWireProblem("InvalidRequest", "s3: no bucket in the path (path-style expected)");
  const xId = query.get("x-id");
  if (keyParts.length === 0 || (keyParts.length === 1 && keyParts[0] === "")) {
    if (query.get("list-type") !== "2")
      throw new LogsWireProblem("InvalidRequest", `s3: GET /${bucket} without list-type=2`);
    const input: Input = { Bucket: bucket };
    for (const [name, value] of query) {
      if (name === "list-type" || (name === "x-id" && value === "ListObjectsV2")) continue;
      const spec = S3_LIST_QUERY[name];
      if (!spec)
        throw new LogsWireProblem("InvalidArgument", `s3 ListObjectsV2: unexpected parameter ${name}`);
      input[spec.member] =
        spec.type === "integer" ? Number(value) : spec.type === "boolean" ? value === "true" : value;
    }
    return { operation: "ListObjectsV2", input };
  }
  for (const name of query.keys())
    if (!(name === "x-id" && xId === "GetObject"))
      throw new LogsWireProblem("InvalidArgument", `s3 GetObject: unexpected parameter ${name}`);
  const key = keyParts.map(decodeURIComponent).join("/");
  return { operation: "GetObject", input: { Bucket: bucket, Key: key } };
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function text(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string") return escapeXml(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new LogsWireProblem("InternalError", `cannot write ${JSON.stringify(value)} as XML text`);
}

const S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/";
const LIST_MEMBERS = [
  "Name",
  "Prefix",
  "KeyCount",
  "MaxKeys",
  "IsTruncated",
  "ContinuationToken",
  "NextContinuationToken",
  "StartAfter",
];
const OBJECT_MEMBERS = ["Key", "LastModified", "ETag", "Size", "StorageClass"];

export function s3ListXml(output: Input): string {
  let body = "";
  for (const [key, value] of Object.entries(output)) {
    if (key === "$metadata" || key === "Contents" || value === undefined) continue;
    if (!LIST_MEMBERS.includes(key))
      throw new LogsWireProblem("InternalError", `no element for ListObjectsV2.${key}`);
    body += `<${key}>${text(value)}</${key}>`;
  }
  for (const object of (output.Contents as Input[] | undefined) ?? []) {
    let inner = "";
    for (const [key, value] of Object.entries(object)) {
      if (value === undefined) continue;
      if (!OBJECT_MEMBERS.includes(key))
        throw new LogsWireProblem("InternalError", `no element for Object.${key}`);
      inner += `<${key}>${text(value)}</${key}>`;
    }
    body += `<Contents>${inner}</Contents>`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="${S3_NS}">${body}</ListBucketResult>`;
}

/** GetObject's answer: the bytes and the headers S3 sends with them. */
export function s3ObjectResponse(output: Input): { body: Buffer; headers: Record<string, string> } {
  const raw = output.Body as { $base64?: string } | Uint8Array | string | undefined;
  const body =
    raw instanceof Uint8Array
      ? Buffer.from(raw)
      : typeof raw === "string"
        ? Buffer.from(raw)
        : raw?.$base64 !== undefined
          ? Buffer.from(raw.$base64, "base64")
          : undefined;
  if (!body) throw new LogsWireProblem("InternalError", "GetObject: no Body");
  const headers: Record<string, string> = {
    "content-type": (output.ContentType as string | undefined) ?? "application/octet-stream",
  };
  if (output.LastModified) headers["last-modified"] = new Date(output.LastModified as string).toUTCString();
  if (output.ETag) headers.etag = String(output.ETag);
  return { body, headers };
}

export function s3ErrorXml(code: string, message: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message><RequestId>${requestId}</RequestId><HostId>${requestId}</HostId></Error>`;
}
