/**
 * What stops a run before its first call, named all at once (exit 253): a profile that is not in
 * the config files (naming the files looked at), no credentials at all, no region. And, for a
 * credentials error met later, advice that fits the profile (`aws sso login` only for an SSO one).
 */
import { credentialsMissing, lookUpProfile, type ProfileLookup } from "../aws/config-check.js";
import type { AwsConfigError } from "../aws/failures.js";
import { escapeControl } from "../render/sanitize.js";

const NO_REGION =
  "no AWS region: pass --region us-east-1, set AWS_REGION, or set a region in your profile (aws configure set region … --profile …)";

function missingProfile(profile: string, found: ProfileLookup): string {
  const { configFile, credentialsFile } = found.files;
  const known =
    found.known.length > 0 ? `profiles there: ${found.known.join(", ")}` : "neither file defines any profile";
  return (
    `profile "${escapeControl(profile)}" does not exist: it is in neither ${configFile} nor ${credentialsFile} (${known}). ` +
    "Name an existing profile, add it (aws configure --profile …, or aws configure sso --profile …), " +
    "or point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE at the files that define it"
  );
}

function noCredentials(
  detail: string,
  profile: string | undefined,
  found: ProfileLookup | undefined,
): string {
  if (found?.sso && /SSO|token/i.test(detail))
    return `the SSO session of profile "${escapeControl(profile ?? "")}" has expired or is missing: run 'aws sso login --profile ${escapeControl(profile ?? "")}'`;
  return (
    `no AWS credentials (${escapeControl(detail.split("\n")[0] ?? "")}): set them the way the AWS CLI takes them ` +
    "(--profile / AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, an SSO profile after 'aws sso login', an instance role)"
  );
}

/**
 * The problems that stop the run before any call, or undefined when it can go on. Credentials are
 * looked for only when the run stops anyway (a missing profile or region), so all are named at once.
 */
export async function preflightProblems(options: {
  profile: string | undefined;
  region: string | undefined;
  env: NodeJS.ProcessEnv;
}): Promise<string[] | undefined> {
  const problems: string[] = [];
  const found = options.profile ? await lookUpProfile(options.profile, options.env) : undefined;
  if (found && !found.exists) problems.push(missingProfile(options.profile!, found));
  else if (!options.region) {
    const missing = await credentialsMissing();
    if (missing) problems.push(noCredentials(missing, options.profile, found));
  }
  if (!options.region) problems.push(NO_REGION);
  return problems.length > 0 ? problems : undefined;
}

export function preflightMessage(problems: string[]): string {
  if (problems.length === 1) return `${problems[0]}\n`;
  return `cannot call AWS:\n${problems.map((p) => `  - ${p}`).join("\n")}\n`;
}

/** A credentials error met on a call (the profile exists and a region is known). */
export async function configErrorMessage(
  error: AwsConfigError,
  profile: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const found = profile ? await lookUpProfile(profile, env) : undefined;
  if (found && !found.exists) return missingProfile(profile!, found);
  if (error.ssoExpired && profile)
    return `the SSO session has expired or is missing: run 'aws sso login --profile ${escapeControl(profile)}' and try again.\n(${escapeControl(error.message)})`;
  return (
    `${noCredentials(error.message, profile, found)}, ` +
    "or run 'lattice doctor --demo' to see the tool without an account."
  );
}
