/**
 * `lattice why <service|url>`: the failed requests themselves (issue 17). Runs the doctor's
 * diagnosis (same flags, same record/replay, same exit codes for usage, not-found and credentials),
 * reads the window's failed requests from the access log, groups them and explains each group with
 * the diagnosis (src/report/why.ts). Exit codes (README): 0 no failed request in a window that was
 * read (or a --request-id entry that did not fail / is not in it), 1 failed requests in the window,
 * 3 the access log could not be read (none, Firehose only, or the read failed) and nothing failed
 * in what was read; 2, 4, 253, 130 as doctor.
 */
import type { Io } from "../cli.js";
import { EXIT } from "../core/exit.js";
import { runDoctor, type Diagnosis } from "./doctor.js";
import type { DoctorArgs } from "./doctor-command.js";
import type { WhyArgs } from "./why-command.js";

export type { WhyArgs };
import { DEFAULT_LOG_LIMIT, type FailedRequestQuery } from "./why-logs.js";

/** The largest --limit: FilterLogEvents pages of 10,000 events, 100 of them. */
export const MAX_LOG_LIMIT = 1_000_000;

function usage(io: Io, message: string): number {
  io.stderr.write(`lattice: ${message}\nRun 'lattice why --help' for usage.\n`);
  return EXIT.usage;
}

export async function runWhy(args: WhyArgs, io: Io): Promise<number> {
  if (args.jsonSchema) {
    const { renderWhySchema } = await import("../report/why-schema.js");
    io.stdout.write(renderWhySchema());
    return EXIT.ok;
  }
  const limit = args.limit ?? DEFAULT_LOG_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LOG_LIMIT)
    return usage(
      io,
      `--limit ${String(args.limit)}: expected a whole number of log events from 1 to ${MAX_LOG_LIMIT}`,
    );
  if (args.since !== undefined) {
    const { parseWindow, InvalidWindowError } = await import("./window.js");
    try {
      parseWindow(args.since);
    } catch (error) {
      if (error instanceof InvalidWindowError)
        return usage(io, error.message.replaceAll("--window", "--since"));
      throw error;
    }
  }
  const requestId = args.requestId?.trim();
  if (args.requestId !== undefined && !requestId)
    return usage(
      io,
      "--request-id needs the x-amzn-RequestId of the request, e.g. --request-id 3f6c1a9e-8b2d-4e57-a0c4-9d1e7f25b6a8",
    );
  if (requestId !== undefined && args.status !== undefined)
    return usage(io, "--request-id names one request: --status cannot narrow it further");
  if (args.insights)
    io.stderr.write(
      "lattice: --insights: Logs Insights queries (StartQuery, billed by the data they scan) are not made by this version: " +
        "the read-only guard admits FilterLogEvents only, so the window is read with it (not billed by data scanned).\n",
    );
  const query: FailedRequestQuery = {
    limit,
    insights: args.insights,
    ...(args.status ? { status: args.status } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
  };
  const doctorArgs: DoctorArgs = {
    ...(args.service !== undefined ? { service: args.service } : {}),
    ...(args.region !== undefined ? { region: args.region } : {}),
    ...(args.profile !== undefined ? { profile: args.profile } : {}),
    ...(args.since !== undefined ? { window: args.since } : {}),
    ...(args.timeout !== undefined ? { timeout: args.timeout } : {}),
    ...(args.record !== undefined ? { record: args.record } : {}),
    ...(args.replay !== undefined ? { replay: args.replay } : {}),
    ...(args.color !== undefined ? { color: args.color } : {}),
    // Never the live terminal UI: why prints its own document.
    output: args.output ?? "text",
    jsonSchema: false,
    redact: args.redact,
    failOn: "error",
    trace: false,
    demo: args.demo,
    verbose: args.verbose,
    debug: args.debug,
    concurrency: args.concurrency,
    logs: true,
  };
  return runDoctor(doctorArgs, io, {
    command: "why",
    logs: query,
    present: (diagnosis) => presentWhy(diagnosis, args, query, io),
  });
}

async function presentWhy(d: Diagnosis, args: WhyArgs, query: FailedRequestQuery, io: Io): Promise<number> {
  const { buildWhyReport } = await import("../report/why.js");
  const built = buildWhyReport({
    doctor: d.report,
    findings: d.findings,
    topology: d.topology,
    // Already narrowed to the query by the doctor's run (useLogs).
    failed: d.topology.signals?.failedRequests,
    query,
    context: d.context,
    currentTime: d.now.toISOString(),
  });
  let report = built;
  if (args.redact) {
    const { redactDeep, logRedactor } = await import("../report/redact.js");
    // Callers everywhere, addresses only where the log put them, account ids everywhere.
    const r = logRedactor();
    report = redactDeep(
      r.deep(
        {
          ...built,
          groups: r.deep(built.groups),
          ...(built.entry ? { entry: r.deep(built.entry) } : {}),
        },
        { ips: false },
      ),
    );
  }
  const { renderWhyText, renderWhyMarkdown } = await import("../render/why.js");
  if (args.output === "json") io.stdout.write(JSON.stringify(report, null, 2) + "\n");
  else if (args.output === "markdown") io.stdout.write(renderWhyMarkdown(report));
  else io.stdout.write(renderWhyText(report, { color: d.color }));
  return report.exitCode;
}
