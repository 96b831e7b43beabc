/**
 * ARNs and the ids inside them, for gather, report, render and checks alike (one parser; checks/lib
 * re-exports it). `arn:partition:service:region:account:resource`.
 */

export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

export function parseArn(arn: string | undefined): ArnParts | undefined {
  if (!arn?.startsWith("arn:")) return undefined;
  const parts = arn.split(":");
  if (parts.length < 6) return undefined;
  const [, partition, service, region, accountId] = parts as [string, string, string, string, string];
  return { partition, service, region, accountId, resource: parts.slice(5).join(":") };
}

/** Account id from an ARN (5th `:` field), or undefined when it has none (S3 buckets, "*"). */
export function accountOfArn(arn: string | undefined): string | undefined {
  const account = arn?.split(":")[4];
  return account ? account : undefined;
}

/** `tg-…` id from an id or a target-group ARN (`…:targetgroup/tg-…`). */
export function targetGroupIdOf(identifier: string): string {
  const m = /targetgroup\/(tg-[0-9a-z]+)/.exec(identifier);
  return m ? m[1]! : identifier;
}
