/**
 * What `lattice probe` found: the JSON document of `--output json` (schemaVersion 1, documented in
 * the README) and the input of the text renderer.
 */
import type { ErrorTextMatch } from "../policy/error-text.js";

export interface ProbeResult {
  schemaVersion: 1;
  tool: { name: "lattice-doctor"; version: string };
  request: {
    method: string;
    url: string;
    signed: boolean;
    /** Signed requests: `vpc-lattice-svcs`. */
    signingName?: string;
    region?: string;
    /** `20250319/us-east-1/vpc-lattice-svcs/aws4_request`. */
    credentialScope?: string;
    signedHeaders?: string[];
    /** The headers sent; the signature and the session token are not repeated here. */
    headers: { name: string; value: string }[];
    bodyBytes: number;
  };
  response?: {
    status: number;
    statusText: string;
    durationMs: number;
    headers: { name: string; value: string }[];
    /** The body as UTF-8 text, up to the bytes read. */
    body: string;
    bodyBytes: number;
    /** The body was longer than what was read. */
    truncated: boolean;
  };
  /** No answer: the request timed out or the connection failed. */
  error?: { kind: "timeout" | "network"; code?: string; message: string };
  /** What a 403 or SigV4 error in the answer means (the same mapping as `doctor --error`). */
  explanation?: Pick<
    ErrorTextMatch,
    "cause" | "deniedBy" | "phrase" | "summary" | "fix" | "principal" | "resource" | "serviceId"
  >;
  /** `--dry-run`: nothing was sent; the signed request as a curl command (it carries the signature). */
  dryRun?: { curl: string };
  /** Commands to run next (`lattice doctor svc-… --error …`). */
  next: string[];
  exitCode: number;
}

/** The JSON Schema of the document (tests validate every document they produce against it). */
export const PROBE_RESULT_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "lattice probe --output json",
  type: "object",
  additionalProperties: false,
  required: ["schemaVersion", "tool", "request", "next", "exitCode"],
  definitions: {
    headers: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "value"],
        properties: { name: { type: "string" }, value: { type: "string" } },
      },
    },
  },
  properties: {
    schemaVersion: { const: 1 },
    tool: {
      type: "object",
      additionalProperties: false,
      required: ["name", "version"],
      properties: { name: { const: "lattice-doctor" }, version: { type: "string" } },
    },
    request: {
      type: "object",
      additionalProperties: false,
      required: ["method", "url", "signed", "headers", "bodyBytes"],
      properties: {
        method: { type: "string" },
        url: { type: "string" },
        signed: { type: "boolean" },
        signingName: { type: "string" },
        region: { type: "string" },
        credentialScope: { type: "string" },
        signedHeaders: { type: "array", items: { type: "string" } },
        headers: { $ref: "#/definitions/headers" },
        bodyBytes: { type: "integer", minimum: 0 },
      },
    },
    response: {
      type: "object",
      additionalProperties: false,
      required: ["status", "statusText", "durationMs", "headers", "body", "bodyBytes", "truncated"],
      properties: {
        status: { type: "integer" },
        statusText: { type: "string" },
        durationMs: { type: "number", minimum: 0 },
        headers: { $ref: "#/definitions/headers" },
        body: { type: "string" },
        bodyBytes: { type: "integer", minimum: 0 },
        truncated: { type: "boolean" },
      },
    },
    error: {
      type: "object",
      additionalProperties: false,
      required: ["kind", "message"],
      properties: {
        kind: { enum: ["timeout", "network"] },
        code: { type: "string" },
        message: { type: "string" },
      },
    },
    explanation: {
      type: "object",
      additionalProperties: false,
      required: ["cause", "deniedBy", "phrase", "summary", "fix"],
      properties: {
        cause: { type: "string" },
        deniedBy: { enum: ["network", "service", "identity", "signing"] },
        phrase: { type: "string" },
        summary: { type: "string" },
        fix: { type: "string" },
        principal: { type: "string" },
        resource: { type: "string" },
        serviceId: { type: "string" },
      },
    },
    dryRun: {
      type: "object",
      additionalProperties: false,
      required: ["curl"],
      properties: { curl: { type: "string" } },
    },
    next: { type: "array", items: { type: "string" } },
    exitCode: { type: "integer" },
  },
} as const;
