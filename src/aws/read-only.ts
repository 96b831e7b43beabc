/**
 * The read-only guard's rule and its error, apart from clients.ts so that code classifying errors
 * (failures.ts, and through it `probe`) does not load every SDK client to recognise one.
 *
 * The control-plane clients (VPC Lattice, EC2, STS, CloudWatch, IAM, RAM) pass Get*, List*,
 * Describe* and Simulate*. CloudWatch Logs and S3 hold the access logs' *data*, so they pass only
 * the few reads that fetch it (issue 17), named one by one: `logs:FilterLogEvents`,
 * `s3:ListObjectsV2`, `s3:GetObject`. Logs Insights (StartQuery / GetQueryResults, billed by data
 * scanned) is not implemented and so not admitted.
 */
export const READ_ONLY_OPERATION = /^(Get|List|Describe|Simulate)[A-Z]/;

/** Services whose admitted operations are listed exactly instead of matched by the rule above. */
export const ADMITTED_OPERATIONS: Readonly<Record<string, readonly string[]>> = {
  logs: ["FilterLogEvents"],
  s3: ["ListObjectsV2", "GetObject"],
};

/** Whether the guard lets `service:operation` through. */
export function isAdmitted(service: string, operation: string): boolean {
  const listed = ADMITTED_OPERATIONS[service];
  return listed ? listed.includes(operation) : READ_ONLY_OPERATION.test(operation);
}

export class ReadOnlyViolation extends Error {
  override name = "ReadOnlyViolation";
  constructor(readonly operation: string) {
    const service = operation.split(":")[0] ?? "";
    const listed = ADMITTED_OPERATIONS[service];
    super(
      listed
        ? `refused to send ${operation}: lattice-doctor only reads (${service}: ${listed.join(", ")})`
        : `refused to send ${operation}: lattice-doctor only reads (Get*, List*, Describe*, Simulate*)`,
    );
  }
}
