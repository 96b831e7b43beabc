/**
 * IAM policy evaluation for VPC Lattice auth policies (see evaluate.ts for why it is written here),
 * and the Lattice request context built from a topology (lattice.ts). Pure: no I/O, no clock.
 */
export {
  compilePolicy,
  evaluate,
  evaluatePolicy,
  describeStatementRef,
  PolicyFormatError,
  type CompiledPolicy,
  type ContextValue,
  type Decision,
  type Evaluation,
  type EvaluateOptions,
  type Request,
  type StatementRef,
} from "./evaluate.js";
export {
  parseCaller,
  principalAccount,
  principalArn,
  principalType,
  PrincipalFormatError,
  type Caller,
} from "./principal.js";
