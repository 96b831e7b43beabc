/**
 * Every SDK client pointed at a loopback wire fake (test/support/wire-server.ts), or at anything that
 * serves its paths (`<base>/<service>`), each instrumented as the CLI's are (guard, call log,
 * recorder) and built now: the clients tests hand to gather to go through the real SDK and wire.
 */
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { EC2Client } from "@aws-sdk/client-ec2";
import { IAMClient } from "@aws-sdk/client-iam";
import { RAMClient } from "@aws-sdk/client-ram";
import { S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";
import { VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import { instrument, sdkModules, type AwsClients, type CallRecord } from "../../src/aws/clients.js";
import type { Recording } from "../../src/aws/recording.js";

export function wireClients(baseUrl: string, region: string, recording?: Recording): AwsClients {
  const callLog: CallRecord[] = [];
  const shared = {
    region,
    credentials: { accessKeyId: "AKIAWIRETEST00000000", secretAccessKey: "wire-test-secret" },
    maxAttempts: 1,
  };
  const at = (service: string) => ({ ...shared, endpoint: `${baseUrl}/${service}` });
  const options = { region, callLog, ...(recording ? { recording } : {}) };
  const built = <C extends object>(client: C, service: Parameters<typeof instrument>[1]) => {
    instrument(client as Parameters<typeof instrument>[0], service, options);
    return () => Promise.resolve(client);
  };
  return {
    lattice: built(new VPCLatticeClient(at("vpc-lattice")), "vpc-lattice"),
    ec2: built(new EC2Client(at("ec2")), "ec2"),
    sts: built(new STSClient(at("sts")), "sts"),
    cloudwatch: built(new CloudWatchClient(at("cloudwatch")), "cloudwatch"),
    iam: built(new IAMClient(at("iam")), "iam"),
    // RAM: the owner's side of the run's own networks, read in every run (over its restJson1 route).
    ram: built(new RAMClient(at("ram")), "ram"),
    // The access logs' destinations: CloudWatch Logs (JSON 1.1) and S3 (REST-XML, path-style).
    logs: built(new CloudWatchLogsClient(at("logs")), "logs"),
    s3: built(new S3Client({ ...at("s3"), forcePathStyle: true }), "s3"),
    sdk: sdkModules(),
    callLog,
  };
}
