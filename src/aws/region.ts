/**
 * The configured region the way the AWS CLI finds it: --region, AWS_REGION, AWS_DEFAULT_REGION (which
 * the SDK alone ignores), then the profile's config file through the SDK's own loader.
 */
export async function configuredRegion(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  const explicit = flag ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (explicit) return explicit;
  const { STSClient } = await import("@aws-sdk/client-sts");
  try {
    return await new STSClient({}).config.region();
  } catch {
    return undefined;
  }
}
