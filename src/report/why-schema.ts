/**
 * The JSON Schema (draft-07) of the `lattice why --output json` document (src/report/why-types.ts);
 * `lattice why --json-schema` prints it. Closed objects like the doctor's schema, whose `tool`,
 * `context`, `target` and `calls` it shares, so the two documents cannot drift apart there.
 */
import { HOPS, SEVERITIES } from "../core/finding.js";
import { CODE, count, nonEmpty, object, reportSchema } from "./schema.js";

const isoTime = {
  type: "string",
  pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$",
} as const;
const shared = (
  reportSchema as unknown as { properties: Record<"tool" | "context" | "target" | "calls", unknown> }
).properties;
const decision = { enum: ["allowed", "denied", "not-evaluated", "unknown"] } as const;
const statement = object({ index: { type: "integer", minimum: 0 }, sid: { type: "string" } }, ["index"]);
const layerKind = { enum: ["network", "service"] } as const;
const fix = object({ summary: { type: "string" }, commands: { type: "array", items: nonEmpty } }, [
  "summary",
  "commands",
]);

const findingRef = object(
  {
    rank: { type: "integer", minimum: 1 },
    code: CODE,
    severity: { enum: [...SEVERITIES] },
    title: nonEmpty,
    resource: object({ type: nonEmpty, id: nonEmpty }, ["type", "id"]),
    causedBy: CODE,
  },
  ["rank", "code", "severity", "title", "resource"],
);

const auth = object(
  {
    principal: nonEmpty,
    method: nonEmpty,
    path: nonEmpty,
    sourceVpc: nonEmpty,
    layers: {
      type: "array",
      items: object(
        {
          layer: layerKind,
          id: nonEmpty,
          name: { type: "string" },
          decision,
          statement,
          reason: { type: "string" },
        },
        ["layer", "id", "name", "decision", "reason"],
      ),
    },
    deciding: object({ layer: layerKind, id: nonEmpty, agrees: { type: "boolean" }, statement }, [
      "layer",
      "id",
      "agrees",
    ]),
    fix,
  },
  ["principal", "layers"],
);

const target = object(
  {
    targetGroupId: nonEmpty,
    targetGroupName: nonEmpty,
    targetIpPort: nonEmpty,
    targetId: nonEmpty,
    health: object({ status: nonEmpty, reasonCode: nonEmpty }, ["status"]),
    securityGroupIds: { type: "array", items: nonEmpty },
  },
  ["targetGroupId"],
);

const group = object(
  {
    count: { type: "integer", minimum: 1 },
    responseCode: { type: "integer", minimum: 0 },
    authDeniedReason: nonEmpty,
    failureReason: nonEmpty,
    callerPrincipal: nonEmpty,
    sourceVpcId: nonEmpty,
    targetIpPort: nonEmpty,
    targetGroupArn: nonEmpty,
    requestMethod: nonEmpty,
    requestPath: nonEmpty,
    firstSeen: isoTime,
    lastSeen: isoTime,
    sampleRequestIds: { type: "array", items: nonEmpty },
    hop: { enum: [...HOPS] },
    failedAt: nonEmpty,
    explainedBy: { type: "array", items: findingRef },
    auth,
    target,
  },
  ["count", "responseCode", "firstSeen", "lastSeen", "sampleRequestIds", "hop", "failedAt", "explainedBy"],
);

const source = object(
  {
    subscriptionId: nonEmpty,
    resourceId: nonEmpty,
    destinationArn: nonEmpty,
    kind: { enum: ["cloudwatch-logs", "s3", "firehose"] },
    status: { enum: ["read", "failed", "not-readable"] },
    scanned: count,
    matched: count,
    truncated: { type: "boolean" },
  },
  ["subscriptionId", "resourceId", "destinationArn", "kind", "status", "scanned", "matched", "truncated"],
);

/** An access-log entry: the log's own field names; the log's "-" is absent. */
const entry = {
  type: "object",
  properties: {
    responseCode: { type: "integer" },
    duration: { type: "number" },
    requestToTargetDuration: { type: "number" },
    responseFromTargetDuration: { type: "number" },
  },
  additionalProperties: { anyOf: [{ type: "string" }, { type: "number" }] },
} as const;

export const whySchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "lattice why report",
  description: "The document of `lattice why --output json` (schemaVersion 1).",
  ...object(
    {
      schemaVersion: { const: 1 },
      tool: shared.tool,
      command: { const: "why" },
      context: shared.context,
      target: shared.target,
      window: object({ start: isoTime, end: isoTime }, ["start", "end"]),
      filter: object(
        {
          status: { enum: ["403", "404", "5xx", "timeout"] },
          requestId: nonEmpty,
          limit: { type: "integer", minimum: 1 },
        },
        ["limit"],
      ),
      logs: object(
        {
          status: { enum: ["read", "partial", "not-read"] },
          sources: { type: "array", items: source },
          total: count,
          note: nonEmpty,
        },
        ["status", "sources", "total"],
      ),
      groups: { type: "array", items: group },
      entry: { anyOf: [entry, { type: "null" }] },
      diagnosis: object(
        {
          verdict: { enum: ["blocked", "degraded", "at-risk", "healthy", "incomplete"] },
          complete: { type: "boolean" },
          findings: { type: "array", items: findingRef },
        },
        ["verdict", "complete", "findings"],
      ),
      exitCode: { enum: [0, 1, 3] },
      calls: shared.calls,
    },
    [
      "schemaVersion",
      "tool",
      "command",
      "context",
      "target",
      "window",
      "filter",
      "logs",
      "groups",
      "diagnosis",
      "exitCode",
      "calls",
    ],
  ),
} as const;

export function renderWhySchema(): string {
  return JSON.stringify(whySchema, null, 2) + "\n";
}
