/**
 * Credentials problems named precisely (exit 253), all that apply in one message: a profile that is
 * not in the config files (naming the files looked at, honouring AWS_CONFIG_FILE /
 * AWS_SHARED_CREDENTIALS_FILE), no credentials at all, no region, an expired SSO session. In
 * process, with process.env set for the run (the SDK reads it), nothing reaches the network.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../support/cli.js";

const SERVICE = "svc-0e5b4c6a2d1f83a97";
const AWS_VARS = /^AWS_(?!EC2_METADATA_DISABLED|SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED)/;

/**
 * `lattice …` with exactly these AWS settings (every other AWS_* variable removed), restored after.
 * `--profile x` is passed as AWS_PROFILE too: the binary sets it in its (shared) environment for the
 * SDK, which in process reads process.env, not the CLI's copy.
 */
async function runWith(args: string[], env: Record<string, string>): Promise<CliRun> {
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) if (AWS_VARS.test(key)) delete process.env[key];
  Object.assign(process.env, env);
  const profile = args.indexOf("--profile");
  if (profile >= 0) process.env.AWS_PROFILE = args[profile + 1];
  try {
    return await runCli(args, { ...process.env });
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

async function home(config?: string, credentials?: string): Promise<Record<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), "lattice-config-"));
  const env: Record<string, string> = {
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"),
  };
  if (config !== undefined) await writeFile(env.AWS_CONFIG_FILE!, config);
  if (credentials !== undefined) await writeFile(env.AWS_SHARED_CREDENTIALS_FILE!, credentials);
  return env;
}

const CONFIG = "[default]\nregion = eu-west-1\n\n[profile dev]\nregion = us-east-1\n";
const CREDENTIALS = "[default]\naws_access_key_id = AKIAEXAMPLEDEFAULT00\naws_secret_access_key = x\n";

describe(
  "credentials and region problems: exit 253, named precisely, all at once",
  { timeout: 40_000 },
  () => {
    it("a profile missing from the config files: the files looked at are named, no SSO advice", async () => {
      const env = await home(CONFIG, CREDENTIALS);
      const r = await runWith(["doctor", SERVICE, "--profile", "prod-readonly"], env);
      expect(r.code).toBe(253);
      expect(r.stderr).toContain('profile "prod-readonly" does not exist');
      expect(r.stderr).toContain(env.AWS_CONFIG_FILE);
      expect(r.stderr).toContain(env.AWS_SHARED_CREDENTIALS_FILE);
      expect(r.stderr).toContain("profiles there: default, dev");
      expect(r.stderr).not.toContain("aws sso login");
      // Its region came from nowhere either: both in one message.
      expect(r.stderr).toContain("no AWS region");
      expect(r.stdout).toBe("");
    });

    it("a missing profile is named even when --region is given (before any call)", async () => {
      const env = await home(CONFIG, CREDENTIALS);
      const r = await runWith(
        ["doctor", SERVICE, "--profile", "prod-readonly", "--region", "us-east-1"],
        env,
      );
      expect(r.code).toBe(253);
      expect(r.stderr).toContain('profile "prod-readonly" does not exist');
      expect(r.stderr).not.toContain("no AWS region");
    });

    it("neither credentials nor region: both are named in one message", async () => {
      const env = await home();
      const r = await runWith(["doctor", SERVICE], env);
      expect(r.code).toBe(253);
      expect(r.stderr).toContain("no AWS credentials");
      expect(r.stderr).toContain("no AWS region");
      expect(r.stderr).toContain("--region");
    });

    it("credentials but no region: only the region is named", async () => {
      const env = await home("", CREDENTIALS);
      const r = await runWith(["doctor", SERVICE], env);
      expect(r.code).toBe(253);
      expect(r.stderr).toContain("no AWS region");
      expect(r.stderr).not.toContain("no AWS credentials");
    });

    it("an SSO profile whose session has expired (no cached token): aws sso login --profile …", async () => {
      const env = await home(
        "[profile oncall]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\nregion = us-east-1\n\n" +
          "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n",
      );
      const r = await runWith(["doctor", SERVICE, "--profile", "oncall"], env);
      expect(r.code).toBe(253);
      expect(r.stderr).toContain("aws sso login --profile oncall");
      expect(r.stderr).not.toContain("does not exist");
    });
  },
);
