/** ARN pieces: `arn:partition:service:region:account:resource`. */
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
