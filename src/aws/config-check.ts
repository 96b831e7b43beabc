/**
 * Before any call: is the named profile in the AWS config files, and are there credentials at all?
 * So that a missing profile, missing credentials and a missing region are each named as such, all
 * in one message (exit 253), instead of one per try — and no `aws sso login` advice for a profile
 * that does not exist.
 *
 * The files are read as the AWS CLI and SDK find them (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE,
 * else ~/.aws/config and ~/.aws/credentials). Only section names and keys are needed, so the INI
 * reading is hand-written (a few lines): the SDK's own loader lives in a package that is not a
 * direct dependency (@smithy/core/config).
 */
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";

export interface ProfileFiles {
  configFile: string;
  credentialsFile: string;
}

export function profileFiles(env: NodeJS.ProcessEnv): ProfileFiles {
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  return {
    configFile: env.AWS_CONFIG_FILE ?? join(home, ".aws", "config"),
    credentialsFile: env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, ".aws", "credentials"),
  };
}

type Sections = Map<string, Record<string, string>>;

/** `[name]` / `[profile name]` sections (config: `profile` prefix; `sso-session …` kept apart). */
function parseIni(text: string, config: boolean): Sections {
  const sections: Sections = new Map();
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      const name = header[1]!;
      const profile = config ? /^profile\s+(.+)$/.exec(name)?.[1] : name;
      // In the config file only `[default]` may omit the `profile` prefix.
      const key = profile ?? (name === "default" ? "default" : `section ${name}`);
      current = sections.get(key) ?? {};
      sections.set(key, current);
      continue;
    }
    const pair = /^([^=\s]+)\s*=\s*(.*)$/.exec(line);
    if (pair && current) current[pair[1]!.toLowerCase()] = pair[2]!;
  }
  return sections;
}

async function readSections(path: string, config: boolean): Promise<Sections> {
  try {
    return parseIni(await readFile(path, "utf8"), config);
  } catch {
    return new Map(); // no file: no profiles there
  }
}

export interface ProfileLookup {
  exists: boolean;
  /** Profiles the two files do define (for the message). */
  known: string[];
  /** The profile signs in through IAM Identity Center (sso_session / sso_start_url). */
  sso: boolean;
  files: ProfileFiles;
}

export async function lookUpProfile(profile: string, env: NodeJS.ProcessEnv): Promise<ProfileLookup> {
  const files = profileFiles(env);
  const [config, credentials] = await Promise.all([
    readSections(files.configFile, true),
    readSections(files.credentialsFile, false),
  ]);
  const known = [...new Set([...config.keys(), ...credentials.keys()])].filter(
    (k) => !k.startsWith("section "),
  );
  const settings = config.get(profile) ?? {};
  return {
    exists: config.has(profile) || credentials.has(profile),
    known: known.sort(),
    sso: "sso_session" in settings || "sso_start_url" in settings,
    files,
  };
}

/** The credential chain gives nothing (checked only when the run already cannot go on). */
export async function credentialsMissing(): Promise<string | undefined> {
  const { fromNodeProviderChain } = await import("@aws-sdk/credential-providers");
  try {
    await fromNodeProviderChain()();
    return undefined;
  } catch (error) {
    return (error as Error)?.message ?? String(error);
  }
}
