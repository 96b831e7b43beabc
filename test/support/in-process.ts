/**
 * The CLI's `main` in process with a whole environment of its own: the AWS SDK reads endpoints,
 * region, profiles and config files from process.env, so it is swapped in for the run (test files
 * run in their own worker processes) and restored after. Faster than spawning the binary; what
 * only a child process shows (exit status, EPIPE, signals) stays in test/e2e/bin.test.ts.
 */
import { main } from "../../src/cli.js";
import type { CliRun } from "./cli.js";

export async function runWithEnv(
  argv: string[],
  env: Record<string, string>,
  options: { cwd?: string } = {},
): Promise<CliRun> {
  const savedEnv = { ...process.env };
  const savedCwd = process.cwd();
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, env);
  if (options.cwd) process.chdir(options.cwd);
  let stdout = "";
  let stderr = "";
  try {
    const code = await main(argv, {
      stdout: { write: (s: string) => (stdout += s), isTTY: false },
      stderr: { write: (s: string) => (stderr += s), isTTY: false },
      env: process.env,
    });
    return { code, stdout, stderr };
  } finally {
    process.chdir(savedCwd);
    for (const key of Object.keys(process.env)) delete process.env[key];
    Object.assign(process.env, savedEnv);
  }
}
