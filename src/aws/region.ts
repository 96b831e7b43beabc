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
  // The module the STS client is loaded from anyway (clients.ts): not the SDK package's every command.
  const { STSClient } = await import("./sdk/sts.js");
  try {
    return await new STSClient({}).config.region();
  } catch {
    return undefined;
  }
}
