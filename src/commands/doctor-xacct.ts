/**
 * `doctor`'s cross-account options: `--from` (the failing client), `--consumer-profile` and
 * `--role-arn` (the other side's credentials, read in the same run). Kept apart from doctor.ts so
 * that file only gains hook lines.
 *
 * The other side's credentials come from the SDK's own providers: `fromIni` for a profile (SSO,
 * credential_process and role_arn profiles included) and `fromTemporaryCredentials` for a role,
 * which calls sts:AssumeRole through its own STS client. That call is the one request of a run
 * that is not a Get/List/Describe: it changes nothing in either account, and it is not in the call
 * log or a recording (a replay needs no credentials at all).
 */
import { createClients, type AwsClients, type CallRecord, type RunDeadline } from "../aws/clients.js";
import { gatherCrossAccount, parseFrom, type CrossAccountOptions } from "../aws/gather-xacct.js";
import type { CallAnswerer, Recording } from "../aws/recording.js";
import type { Topology } from "../topology/types.js";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

export interface CrossAccountArgs {
  from?: string;
  consumerProfile?: string;
  roleArn?: string;
}

/** A usage problem with the cross-account options (exit 2), or undefined. */
export function crossAccountWanted(args: CrossAccountArgs): string | undefined {
  if (args.from !== undefined) {
    const parsed = parseFrom(args.from);
    if (typeof parsed === "string") return parsed;
  }
  if (args.roleArn !== undefined && !ROLE_ARN.test(args.roleArn))
    return `--role-arn ${args.roleArn}: expected an IAM role ARN, e.g. arn:aws:iam::222233334444:role/LatticeDoctorRead`;
  if (args.consumerProfile !== undefined && args.consumerProfile.trim() === "")
    return "--consumer-profile needs a profile name from the AWS config files";
  return undefined;
}

/** `--from` on a replay must be the recorded one: a replay answers only the calls recorded. */
export function replayFromMismatch(path: string, given: string, recorded: string | undefined): string {
  return recorded
    ? `--from ${given}: ${path} was recorded with --from ${recorded}; a replay answers only the calls recorded (omit --from to use it)`
    : `--from ${given}: ${path} was recorded without --from, so it holds no answers about a client; record a run with --from first`;
}

/** How the report names the other side's credentials (trace `readBy`, `context.readers`). */
export function otherSideLabel(args: CrossAccountArgs): string | undefined {
  if (args.roleArn)
    return `role ${args.roleArn}${args.consumerProfile ? ` via ${args.consumerProfile}` : ""}`;
  if (args.consumerProfile) return `consumer-profile ${args.consumerProfile}`;
  return undefined;
}

export interface OtherSideOptions extends CrossAccountArgs {
  label: string;
  region: string;
  callLog: CallRecord[];
  replayer?: CallAnswerer;
  recording?: Recording;
  /** The run's deadline and per-attempt timeout, as the primary clients have them. */
  deadline?: RunDeadline;
  requestTimeoutMs?: number;
}

/** Clients for the other side, labelled so recordings keep the two sides apart. */
export function otherSideClients(options: OtherSideOptions): AwsClients {
  let credentials: AwsCredentialIdentityProvider | undefined;
  if (!options.replayer && (options.consumerProfile || options.roleArn)) {
    // The providers package is loaded only when the other side is really read (not on replay).
    let inner: AwsCredentialIdentityProvider | undefined;
    credentials = async (): Promise<AwsCredentialIdentity> => {
      if (!inner) {
        const { fromIni, fromTemporaryCredentials } = await import("@aws-sdk/credential-providers");
        const master = options.consumerProfile ? fromIni({ profile: options.consumerProfile }) : undefined;
        inner = options.roleArn
          ? fromTemporaryCredentials({
              params: { RoleArn: options.roleArn, RoleSessionName: "lattice-doctor" },
              ...(master ? { masterCredentials: master } : {}),
              clientConfig: { region: options.region },
            })
          : master!;
      }
      return inner();
    };
  }
  return createClients({
    region: options.region,
    callLog: options.callLog,
    label: options.label,
    ...(credentials ? { credentials } : {}),
    ...(options.replayer ? { replayer: options.replayer } : {}),
    ...(options.recording ? { recording: options.recording } : {}),
    ...(options.deadline ? { deadline: options.deadline } : {}),
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
  });
}

/**
 * The client's side and RAM, when asked for (`--from`, or a second set of credentials); without
 * either the topology is returned as gather read it: the default path makes no extra call.
 */
export async function runCrossAccount(options: CrossAccountOptions): Promise<Topology> {
  if (!options.from && !options.other) return options.topology;
  return gatherCrossAccount(options);
}
