/**
 * Commands ready to paste: POSIX-shell quoting and the `--region` / `--profile` the run used
 * (fix commands in checks, the probe's curl line).
 */

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes `value` for a POSIX shell when it needs it (single quotes; embedded `'` escaped). */
export function shellQuote(value: string): string {
  if (value !== "" && SAFE.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export interface AwsCliOptions {
  /** Add `--region` (default true; false for global services such as IAM). */
  region?: boolean;
}

/**
 * Appends `--region R` and, when the run used a profile, `--profile P` to an `aws …` command,
 * unless the command already names them.
 */
export function awsCli(
  command: string,
  context: { region?: string; profile?: string },
  options: AwsCliOptions = {},
): string {
  let out = command.trim();
  if ((options.region ?? true) && context.region && !/\s--region\s/.test(`${out} `)) {
    out += ` --region ${shellQuote(context.region)}`;
  }
  if (context.profile && !/\s--profile\s/.test(`${out} `)) out += ` --profile ${shellQuote(context.profile)}`;
  return out;
}
