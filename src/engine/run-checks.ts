/**
 * Runs every registered check over a topology. A check whose `needs` include a part that could not
 * be read, or a part hanging off one that could not (src/topology/unread.ts), is skipped with the
 * failed read as its reason (and the could-not-check finding says what would let it run); a check that throws is
 * skipped with the error, never a crash and never a silent pass. A check whose flag was not given
 * is `not-applicable`, never `pass`.
 */
import type { Finding } from "../core/finding.js";
import type { Check, CheckContext, CheckRequirement } from "../core/check.js";
import type { FailureKind, ReadFailure, Topology, TopologyPart } from "../topology/types.js";
import type { CheckResult } from "../report/types.js";
import { expandNeeds } from "../topology/unread.js";
import { monotonicMs } from "../core/util/clock.js";

export interface CheckRun {
  findings: Finding[];
  checks: CheckResult[];
  /** Codes whose findings make the run incomplete (metadata `incomplete`): the report is never `healthy` with one. */
  incompleteCodes: string[];
}

/** Whether the run gave what the check needs to have anything to judge (see CheckMeta.requires). */
function requirementMet(requires: CheckRequirement, topology: Topology, context: CheckContext): boolean {
  switch (requires) {
    case "--as":
      return context.auth !== undefined;
    case "--from":
      return context.from !== undefined || topology.client !== undefined;
    case "--error":
      return context.pastedError !== undefined;
    case "--logs":
      // Read, or a read that failed (then the check is skipped as unread, never passed).
      return (
        topology.signals?.failedRequests !== undefined ||
        topology.failures.some((f) => f.part === "accessLogEntries" || f.part === "accessLogs")
      );
  }
}

const FAILED: Record<FailureKind, string> = {
  "access-denied": "denied",
  throttled: "throttled",
  timeout: "timed out",
  unreachable: "could not reach its endpoint",
  "not-aws-answer": "got an answer that is not AWS's",
  "service-error": "failed on the service's side",
  "not-found": "found nothing",
  error: "failed",
};

/** Why a part is unknown: the action to grant for a denial, what happened otherwise (never "grant" for a 5xx). */
function failureText(failures: readonly ReadFailure[]): string {
  const denied = [...new Set(failures.filter((f) => f.kind === "access-denied").map((f) => f.action))];
  const other = [
    ...new Set(
      failures
        .filter((f) => f.kind !== "access-denied")
        .map((f) => `${f.call} ${FAILED[f.kind]} (${f.errorCode})`),
    ),
  ];
  return [...(denied.length > 0 ? [`grant ${denied.join(", ")}`] : []), ...other].join("; ");
}

/** Why a check cannot run: the failed reads it depends on, and the parts of its own left unknown by them. */
function skipReason(
  needs: readonly TopologyPart[],
  failedParts: ReadonlyMap<TopologyPart, ReadFailure[]>,
): string | undefined {
  const failed = expandNeeds(needs).filter((part) => failedParts.has(part));
  if (failed.length === 0) return undefined;
  const failures = failed.flatMap((part) => failedParts.get(part) ?? []);
  const behind = needs.filter(
    (part) => !failedParts.has(part) && expandNeeds([part]).some((p) => failed.includes(p)),
  );
  const unknown =
    behind.length > 0 ? `, so ${behind.join(", ")} ${behind.length === 1 ? "is" : "are"} unknown` : "";
  return `could not read ${failed.join(", ")} (${failureText(failures)})${unknown}`;
}

export function runChecks(topology: Topology, checks: readonly Check[], context: CheckContext): CheckRun {
  const failedParts = new Map<TopologyPart, ReadFailure[]>();
  for (const failure of topology.failures) {
    failedParts.set(failure.part, [...(failedParts.get(failure.part) ?? []), failure]);
  }
  const applies = (c: Check): boolean => !c.requires || requirementMet(c.requires, topology, context);
  // Only the checks that apply can be skipped by a failed read (the could-not-check
  // finding names them), by a failure
  // of a part they need or of one upstream of it.
  const checkNeeds = Object.fromEntries(
    checks.filter(applies).map((c) => [c.code, expandNeeds([...c.needs, ...(c.partlyNeeds ?? [])])]),
  );
  const fullContext: CheckContext = { ...context, checkNeeds };

  const findings: Finding[] = [];
  const results: CheckResult[] = [];
  for (const check of checks) {
    if (!applies(check)) {
      results.push({
        code: check.code,
        status: "not-applicable",
        reason:
          check.requires === "--logs"
            ? "not applicable: no access log was read (none that can be read back, or --no-logs)"
            : `not applicable without ${check.requires}`,
      });
      continue;
    }
    const reason = skipReason(check.needs, failedParts);
    if (reason) {
      results.push({ code: check.code, status: "skip", reason });
      continue;
    }
    const started = monotonicMs();
    try {
      const drafts = check.run(topology, fullContext);
      for (const draft of drafts) {
        const { severity, hop, ...rest } = draft;
        findings.push({
          rank: 0,
          code: check.code,
          name: check.name,
          severity: severity ?? check.severity,
          hop: hop ?? check.hop,
          ...rest,
          docs: `lattice explain ${check.code}`,
        });
      }
      const partly = drafts.length === 0 ? skipReason(check.partlyNeeds ?? [], failedParts) : undefined;
      results.push(
        partly
          ? { code: check.code, status: "skip", reason: partly }
          : {
              code: check.code,
              status: drafts.length > 0 ? "fail" : "pass",
              durationMs: Math.round((monotonicMs() - started) * 1000) / 1000,
            },
      );
    } catch (error) {
      results.push({
        code: check.code,
        status: "skip",
        reason: `the check failed: ${(error as Error).message}`,
      });
    }
  }
  return {
    findings,
    checks: results,
    incompleteCodes: checks.filter((c) => c.incomplete).map((c) => c.code),
  };
}
