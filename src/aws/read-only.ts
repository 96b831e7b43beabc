/**
 * The read-only guard's rule and its error, apart from clients.ts so that code classifying errors
 * (failures.ts, and through it `probe`) does not load every SDK client to recognise one.
 */
export const READ_ONLY_OPERATION = /^(Get|List|Describe|Simulate)[A-Z]/;

export class ReadOnlyViolation extends Error {
  override name = "ReadOnlyViolation";
  constructor(readonly operation: string) {
    super(`refused to send ${operation}: lattice-doctor only reads (Get*, List*, Describe*, Simulate*)`);
  }
}
