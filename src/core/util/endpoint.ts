/** Naming an endpoint and the setting that overrides it, for messages about an endpoint that failed. */

/** `vpc-lattice` → `AWS_ENDPOINT_URL_VPC_LATTICE` (the SDK's service id in upper snake case). */
export function endpointEnvName(service: string): string {
  return `AWS_ENDPOINT_URL_${service.toUpperCase().replace(/-/g, "_")}`;
}

/** `the VPC Lattice endpoint`, `the EC2 endpoint` … from a call's service prefix. */
export function endpointLabel(service: string): string {
  const names: Record<string, string> = {
    "vpc-lattice": "VPC Lattice",
    ec2: "EC2",
    sts: "STS",
    cloudwatch: "CloudWatch",
    iam: "IAM",
    ram: "RAM",
  };
  return `the ${names[service] ?? service} endpoint`;
}

/** What set the endpoint and how to change it. `source` as ReadFailure.endpointSource. */
export function endpointOverrideHint(service: string, source: string | undefined): string {
  const specific = endpointEnvName(service);
  if (source === specific || source === "AWS_ENDPOINT_URL") return `set by ${source}: correct or unset it`;
  if (source === "the profile's endpoint_url")
    return `set by the profile's endpoint_url (or its services section): correct it, or override it with ${specific}`;
  return `the default regional endpoint: ${specific}, AWS_ENDPOINT_URL or a profile's endpoint_url override it`;
}
