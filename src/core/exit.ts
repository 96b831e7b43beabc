import type { FailOn } from "../report/types.js";

/** The exit codes of every command (cli.md, "Exit codes"): a contract for runbooks and CI. */
export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  incomplete: 3,
  notFound: 4,
  /** A fault of lattice itself (sysexits' EX_SOFTWARE): the message asks for a report. */
  internal: 70,
  noCredentials: 253,
} as const;

/** `--fail-on`, the exit-code threshold, when not given (cli.md). */
export const DEFAULT_FAIL_ON: FailOn = "error";
