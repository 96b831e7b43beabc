/**
 * Which setting chose the endpoint a call went to, so a message about an endpoint that could not
 * be reached says what to change: `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, a profile's
 * `endpoint_url` (the SDK's own configuration, see cli.md), or nothing (the default endpoint).
 */

/** AWS's own endpoint domains (commercial, China, dual-stack). */
const AWS_HOST = /(\.amazonaws\.com(\.cn)?|\.api\.aws)$/;

/** `AWS_ENDPOINT_URL_EC2`, `AWS_ENDPOINT_URL`, `the profile's endpoint_url`, or `the default regional endpoint`. */
export function endpointSourceOf(service: string, url: string, env: NodeJS.ProcessEnv): string {
  // The SDK's service id for CloudWatch Logs is "CloudWatch Logs", the call log's key "logs".
  const id = service === "logs" ? "cloudwatch-logs" : service;
  const specific = `AWS_ENDPOINT_URL_${id.toUpperCase().replace(/-/g, "_")}`;
  if (env[specific]) return specific;
  if (env.AWS_ENDPOINT_URL) return "AWS_ENDPOINT_URL";
  let host = "";
  try {
    host = new URL(url).hostname;
  } catch {
    // not a URL: then it did not come from AWS's endpoint rules either
  }
  return AWS_HOST.test(host) ? "the default regional endpoint" : "the profile's endpoint_url";
}
