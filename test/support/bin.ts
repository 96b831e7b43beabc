/**
 * The real binary, spawned against the loopback wire server: the SDK reads its endpoints, region and
 * credentials from the environment and config files, which only a child process gets whole.
 * The loopback-only guard refuses any connection that would leave 127.0.0.1.
 */
import { spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { WireServer } from "./wire-server.js";

export const BIN = resolve("bin/lattice.js");
const GUARD = pathToFileURL(resolve("test/support/loopback-only.mjs")).href;

export interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runBin(
  args: string[],
  env: Record<string, string>,
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<Spawned> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--import", GUARD, BIN, ...args], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(new Error(`timed out after ${timeoutMs} ms: lattice ${args.join(" ")}\n${stderr}`));
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      fail(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/**
 * The child's whole environment: the server's endpoints, dummy keys, no IMDS, and AWS config files
 * of its own that define `profiles` (each with the same dummy keys), so `--profile x` resolves.
 */
export async function wireEnv(
  server: WireServer,
  options: { region?: string; profiles?: string[] } = {},
): Promise<Record<string, string>> {
  const home = await mkdtemp(join(tmpdir(), "lattice-wire-home-"));
  const profiles = options.profiles ?? [];
  const keys = "aws_access_key_id = AKIAWIRETEST00000000\naws_secret_access_key = wire-test-secret\n";
  await writeFile(join(home, "credentials"), profiles.map((p) => `[${p}]\n${keys}`).join("\n"));
  await writeFile(
    join(home, "config"),
    profiles.map((p) => `[profile ${p}]\nregion = ${options.region ?? "us-east-1"}\n`).join("\n"),
  );
  return {
    PATH: process.env.PATH ?? "",
    HOME: home,
    AWS_CONFIG_FILE: join(home, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
    AWS_ACCESS_KEY_ID: "AKIAWIRETEST00000000",
    AWS_SECRET_ACCESS_KEY: "wire-test-secret",
    AWS_REGION: options.region ?? "us-east-1",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...server.env,
  };
}
