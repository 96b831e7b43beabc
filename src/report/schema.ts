/**
 * The JSON Schema (draft-07) of the `--output json` document, exactly as ../shared/spec/cli.md
 * specifies it (schemaVersion 1); `lattice doctor --json-schema` prints it.
 *
 * Deliberately strict, so that tests catch drift between the renderer and the contract: every object
 * forbids keys the contract does not list (a finding may add lint's `location`; a check may carry
 * `durationMs`, shown with -v), enums come from the same constants the code uses (SEVERITIES, HOPS),
 * and counts are non-negative integers. A document exists only when a diagnosis ran, so `exitCode` is
 * 0, 1 or 3 (usage errors, not-found, credentials and interrupts print no document).
 *
 * Draft-07 because ajv 8 (`new Ajv()`) validates it without extra packages.
 */
import { HOPS, SEVERITIES } from "../core/finding.js";
import type { Verdict } from "./types.js";

const VERDICTS: readonly Verdict[] = ["blocked", "degraded", "at-risk", "healthy", "incomplete"];
const CHECK_STATUSES = ["pass", "fail", "skip", "not-applicable"] as const;

/** `healthy` only for a complete run, `incomplete` only for one that is not (cli.md). */
const verdictMatchesComplete = [
  {
    if: { properties: { verdict: { const: "healthy" } } },
    then: { properties: { complete: { const: true } } },
  },
  {
    if: { properties: { verdict: { const: "incomplete" } } },
    then: { properties: { complete: { const: false } } },
  },
];
const CODE_PATTERN = "^LAT-[0-9]{3}$";

/** Schema pieces shared with the `lattice lint` document (src/lint/report.ts). */
export const CODE = { type: "string", pattern: CODE_PATTERN } as const;
export const nonEmpty = { type: "string", minLength: 1 } as const;
export const count = { type: "integer", minimum: 0 } as const;
/** One count per severity, most severe first: how both documents' `summary` starts. */
export const severityCounts: Record<string, typeof count> = Object.fromEntries(
  SEVERITIES.map((severity) => [severity, count]),
);

/** A closed object: these properties, these required. */
export function object(
  properties: Record<string, unknown>,
  required: readonly string[],
): Record<string, unknown> {
  return { type: "object", additionalProperties: false, required: [...required], properties };
}

/**
 * A closed object whose properties are all required but `optional`: the properties' order is the
 * contract's key order (render/json.ts orders the document by it), written once.
 */
export function closed(properties: Record<string, unknown>, ...optional: string[]): Record<string, unknown> {
  return object(
    properties,
    Object.keys(properties).filter((k) => !optional.includes(k)),
  );
}

const finding = closed(
  {
    rank: { type: "integer", minimum: 1 },
    code: { type: "string", pattern: CODE_PATTERN },
    name: { type: "string", pattern: "^[a-z0-9]+(-[a-z0-9]+)*$" },
    severity: { enum: [...SEVERITIES] },
    hop: { enum: [...HOPS] },
    title: nonEmpty,
    detail: { type: "string" },
    resource: object({ type: nonEmpty, id: nonEmpty, arn: nonEmpty }, ["type", "id"]),
    evidence: {
      type: "array",
      items: closed({ call: nonEmpty, observed: { type: "object" } }),
    },
    fix: closed({ summary: { type: "string" }, commands: { type: "array", items: nonEmpty } }),
    docs: nonEmpty,
    causedBy: { type: "string", pattern: CODE_PATTERN },
    suppressed: closed({ by: nonEmpty, reason: { type: "string" } }),
    location: object({ file: nonEmpty, address: nonEmpty, line: { type: "integer", minimum: 1 } }, [
      "file",
      "address",
    ]),
  },
  "causedBy",
  "suppressed",
  "location",
);

const dimension = object({ name: nonEmpty, value: { type: "string" } }, ["name", "value"]);
// A pattern rather than `format: date-time`: ajv validates formats only with an extra package.
const isoTime = {
  type: "string",
  pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$",
} as const;

/** `signals`: live signals (CloudWatch, access logs, target health). Optional: old recordings lack it. */
const signals = object(
  {
    window: object({ start: isoTime, end: isoTime, periodSeconds: { type: "integer", minimum: 1 } }, [
      "start",
      "end",
      "periodSeconds",
    ]),
    series: {
      type: "array",
      items: object(
        {
          id: nonEmpty,
          resource: object({ type: { enum: ["service", "target-group"] }, id: nonEmpty }, ["type", "id"]),
          metric: nonEmpty,
          dimensions: { type: "array", items: dimension },
          stat: nonEmpty,
          timestamps: { type: "array", items: isoTime },
          // null: CloudWatch returned no datapoint for that minute (a gap, not a zero).
          values: { type: "array", items: { anyOf: [{ type: "number" }, { type: "null" }] } },
          statusCode: nonEmpty,
        },
        ["id", "resource", "metric", "dimensions", "stat", "timestamps", "values"],
      ),
    },
    alarms: {
      type: "array",
      items: object(
        {
          name: nonEmpty,
          arn: nonEmpty,
          state: nonEmpty,
          stateReason: { type: "string" },
          stateUpdatedTimestamp: isoTime,
          metrics: {
            type: "array",
            items: object(
              {
                namespace: { type: "string" },
                metricName: { type: "string" },
                dimensions: { type: "array", items: dimension },
              },
              ["dimensions"],
            ),
          },
        },
        ["name", "state", "metrics"],
      ),
    },
    accessLogs: {
      type: "array",
      items: object(
        { resourceId: nonEmpty, id: nonEmpty, destinationArn: nonEmpty, serviceNetworkLogType: nonEmpty },
        ["resourceId", "id"],
      ),
    },
    targetHealth: {
      type: "array",
      items: object(
        {
          targetGroupId: nonEmpty,
          name: { type: "string" },
          total: count,
          byStatus: { type: "object", additionalProperties: count },
          byReason: {
            type: "array",
            items: object({ status: nonEmpty, reasonCode: nonEmpty, count }, [
              "status",
              "reasonCode",
              "count",
            ]),
          },
        },
        ["targetGroupId", "name", "total", "byStatus", "byReason"],
      ),
    },
    inferredSymptom: object({ symptom: { enum: ["403", "404", "timeout", "5xx"] }, reason: nonEmpty }, [
      "symptom",
      "reason",
    ]),
  },
  ["window", "targetHealth"],
);

const decision = { enum: ["allowed", "denied", "not-evaluated", "unknown"] } as const;
const stringMap = { type: "object", additionalProperties: { type: "string" } } as const;

/** `auth`: present only with `--as` (the request evaluated, each auth layer, the identity layer). */
const auth = object(
  {
    principal: nonEmpty,
    request: object(
      {
        action: nonEmpty,
        resource: { type: "string" },
        method: nonEmpty,
        path: nonEmpty,
        port: { type: "integer", minimum: 1, maximum: 65535 },
        protocol: nonEmpty,
        listenerId: nonEmpty,
        headers: stringMap,
        query: { type: "object", additionalProperties: { type: "array", items: { type: "string" } } },
        serviceArn: { type: "string" },
        serviceNetworkArn: { type: ["string", "null"] },
        sourceVpc: { type: ["string", "null"] },
        sourceVpcOwnerAccount: { type: "null" },
        evaluatedAs: nonEmpty,
        context: {
          type: "object",
          additionalProperties: {
            anyOf: [
              { type: "string" },
              { type: "number" },
              { type: "boolean" },
              { type: "array", items: { type: "string" } },
            ],
          },
        },
        unknown: { type: "array", items: nonEmpty },
        notes: { type: "array", items: nonEmpty },
      },
      [
        "action",
        "resource",
        "port",
        "headers",
        "query",
        "serviceArn",
        "serviceNetworkArn",
        "sourceVpc",
        "sourceVpcOwnerAccount",
        "context",
        "unknown",
        "notes",
      ],
    ),
    layers: {
      type: "array",
      items: object(
        {
          layer: { enum: ["network", "service"] },
          id: nonEmpty,
          name: { type: "string" },
          authType: { type: "string" },
          decision,
          statement: object({ index: count, sid: nonEmpty }, ["index"]),
          reason: nonEmpty,
        },
        ["layer", "id", "name", "authType", "decision", "reason"],
      ),
    },
    identity: object({ decision, principalArn: nonEmpty, evalDecision: nonEmpty, reason: nonEmpty }, [
      "decision",
      "reason",
    ]),
    inferredFrom: object({ source: { const: "access-log" }, deniedRequests: count }, [
      "source",
      "deniedRequests",
    ]),
  },
  ["principal", "request", "layers", "identity"],
);
/** One finding, shared with the `lattice lint` document (src/lint/report.ts). */
export const findingSchema = finding;

export const reportSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "lattice-doctor report",
  description: "The document of `lattice doctor --output json` (schemaVersion 1).",
  ...closed(
    {
      schemaVersion: { const: 1 },
      tool: closed({ name: { const: "lattice-doctor" }, version: nonEmpty }),
      context: object(
        {
          region: nonEmpty,
          accountId: nonEmpty,
          callerArn: nonEmpty,
          profile: nonEmpty,
          endpoints: { type: "object", additionalProperties: { type: "string" } },
          readers: {
            type: "array",
            items: object({ label: nonEmpty, accountId: nonEmpty, callerArn: nonEmpty }, ["label"]),
          },
          client: object(
            {
              input: nonEmpty,
              kind: { enum: ["vpc", "instance", "network-interface", "security-group"] },
              vpcId: nonEmpty,
              ownerAccountId: nonEmpty,
              subnetId: nonEmpty,
              securityGroupIds: { type: "array", items: nonEmpty },
              privateIpAddress: nonEmpty,
              readBy: nonEmpty,
            },
            ["input", "kind", "securityGroupIds"],
          ),
          replay: object({ file: nonEmpty, recordedAt: nonEmpty }, ["file"]),
        },
        ["region", "endpoints"],
      ),
      // `id` is absent only when a service name could not be looked up (its endpoint was not reached).
      target: object({ input: nonEmpty, id: nonEmpty, arn: nonEmpty, name: nonEmpty }, ["input"]),
      verdict: { enum: [...VERDICTS] },
      complete: { type: "boolean" },
      exitCode: { enum: [0, 1, 3] },
      summary: closed({
        ...severityCounts,
        passed: count,
        skipped: count,
      }),
      findings: { type: "array", items: finding },
      checks: {
        type: "array",
        items: object(
          {
            code: { type: "string", pattern: CODE_PATTERN },
            status: { enum: [...CHECK_STATUSES] },
            reason: { type: "string" },
            durationMs: { type: "number", minimum: 0 },
          },
          ["code", "status"],
        ),
      },
      trace: {
        type: "array",
        items: object(
          {
            hop: { enum: [...HOPS] },
            status: { enum: ["ok", "fail", "warn", "unknown"] },
            resource: { type: "string" },
            codes: { type: "array", items: { type: "string", pattern: CODE_PATTERN } },
            ownerAccountIds: { type: "array", items: nonEmpty },
            readBy: { type: "array", items: nonEmpty },
          },
          ["hop", "status", "resource"],
        ),
      },
      calls: closed({ total: count, failed: count, durationMs: count }),
      signals,
      auth,
    },
    "signals",
    "auth",
  ),
  allOf: verdictMatchesComplete,
} as const;

/** The schema as `lattice doctor --json-schema` prints it: 2-space JSON and a trailing newline. */
export function renderJsonSchema(): string {
  return JSON.stringify(reportSchema, null, 2) + "\n";
}
