/**
 * The environment a run against the loopback wire server gets: the server's endpoints, dummy keys,
 * no IMDS, and AWS config files of its own defining the profiles asked for.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { WireServer } from "./wire-server.js";

/**
 * The whole environment: the server's endpoints, dummy keys, no IMDS, and AWS config files
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
