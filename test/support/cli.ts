/**
 * Runs the CLI's `main` in process with captured, non-TTY streams, for the end-to-end tests.
 * The environment is only what the test gives plus IMDS off, so no run reaches for real credentials.
 */
import { main, type Io } from "../../src/cli.js";
import type { Report } from "../../src/report/types.js";
import { expectValidReport } from "./validate-report.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: { AWS_EC2_METADATA_DISABLED: "true", ...env },
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** `args --output json`: the run and its document, validated against the report schema. */
export async function runJson(args: string[]): Promise<{ run: CliRun; report: Report }> {
  const run = await runCli([...args, "--output", "json"]);
  const report: unknown = JSON.parse(run.stdout);
  expectValidReport(report);
  return { run, report };
}
