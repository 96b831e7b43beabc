/**
 * What a check is: its metadata (everything the rest of the program needs to know about it — ranking,
 * lint, incompleteness and the docs derive from these fields) and its one pure function. Check
 * modules (checks/lat-*.ts) implement it through `defineCheck`; the engine, ranking, lint and the
 * renderers read it through the registry (checks/index.ts).
 */
import type { Topology, TopologyPart } from "../topology/types.js";
import type { AuthRequest } from "../policy/lattice.js";
import type { ErrorTextMatch } from "../policy/error-text.js";
import type { Finding, FindingDraft, Hop, Severity } from "./finding.js";

/** What a check may know about the run besides the topology: used to fill in fix commands. */
export interface CheckContext {
  region: string;
  profile?: string;
  /**
   * Code → the parts each registered check needs, with every part those hang off (filled by the
   * engine, src/topology/unread.ts). The could-not-check finding uses it to name the checks a failed read skipped.
   */
  checkNeeds?: Record<string, TopologyPart[]>;
  /** `--from` as given (the client may still not have been resolved: see topology.client). */
  from?: string;
  /** With `--as`: the caller and the request whose authorization is evaluated (principal-denied, caller-lacks-invoke). */
  auth?: AuthRequest;
  /**
   * `--error "<text>"`: what the client saw, and its cause when the text is one the mapping knows
   * (src/policy/error-text.ts). denial-explained reads it; absent without --error.
   */
  pastedError?: { text: string; match?: ErrorTextMatch };
}

/** What the caller saw (`--symptom`, or inferred from recent errors). */
export type Symptom = "403" | "404" | "timeout" | "5xx";

/** Failed requests a finding counted, of one symptom: what `--symptom` is inferred from. */
export interface ObservedSymptom {
  symptom: Symptom;
  count: number;
  /** What counted them, for the report's one-line reason (e.g. the metric `ConnectionErrorCount`). */
  source: string;
}

/**
 * A finding's part in a denied request, for `--error` (which names the layer that said no):
 * `layer` — an auth-policy finding that can deny at the layer it sits on (network or service);
 * `identity` — the caller's own IAM policies; `explains-error` — the pasted error's explanation itself.
 */
export type DenialRole = "layer" | "identity" | "explains-error";

/**
 * What `lattice lint` reads from a Terraform plan or CloudFormation template, by model field. A value
 * of one of them unknown until apply (a plan's "known after apply") leaves every check that reads it
 * inconclusive on that resource: src/lint/topology.ts records the input, the checks' `reads` say whom
 * it concerns.
 */
export type LintInput =
  /** A service's auth_type / AuthType. */
  | "service.authType"
  /** A service network's auth_type / AuthType. */
  | "network.authType"
  | "service.customDomainName"
  | "service.certificateArn"
  | "listener.protocol"
  | "listener.port"
  /** A listener's default action or a rule's action, as a whole. */
  | "listener.action"
  /** The target groups (and weights) an action forwards to. */
  | "listener.forward"
  /** A target group's type, port, protocol, protocol version and IP address type. */
  | "targetGroup.config"
  | "targetGroup.healthCheck"
  /** Its registered targets: id, port, and an instance target's security groups. */
  | "targetGroup.targets"
  /** A security group's ingress and egress rules. */
  | "securityGroup.rules"
  /** Whether an ingress rule's prefix list is com.amazonaws.<region>.vpc-lattice. */
  | "securityGroup.latticePrefixList"
  /** The group a standalone rule (aws_vpc_security_group_ingress_rule …) belongs to: no check reads it yet. */
  | "securityGroupRule.group"
  | "vpcAssociation.vpc"
  | "vpcAssociation.securityGroups"
  /** The service or network an auth policy is attached to. */
  | "authPolicy.resource"
  | "authPolicy.document"
  /** A vpc-lattice ARN the policy names literally, compared with one known only after apply. */
  | "authPolicy.literalArn";

/**
 * Whether `lattice lint` can judge the check from a Terraform plan or CloudFormation template alone.
 * `file`: yes — `scope` says whether it needs a service of the file (`service`) or also judges what no
 * service reaches (`any`: networks, target groups alone); `reads`, the inputs whose unknown values
 * leave it inconclusive. `live`: no, and why (shown as not applicable).
 */
export type LintScope =
  | {
      judged: "file";
      scope: "service" | "any";
      reads: readonly LintInput[];
      /** Findings about what a policy says: located at the policy resource, where the fix goes. */
      locateAt?: "policy";
      /** Its fix commands are alternatives (attach a policy, or turn IAM auth off …). */
      alternativeFixes?: boolean;
    }
  | { judged: "live"; reason: string };

/** `--logs`: the access log's failed requests were read (not with `--no-logs`, issue 17). */
export type CheckRequirement = "--as" | "--from" | "--error" | "--logs";

export interface CheckMeta {
  code: string;
  name: string;
  severity: Severity;
  hop: Hop;
  /**
   * Parts of the topology the check reads: the engine skips it when one could not be read, or one
   * upstream of it (no listeners read → no target groups known: src/topology/unread.ts).
   */
  needs: TopologyPart[];
  /**
   * Parts the check also reads when they were read, for findings that do not rest on them:
   * iam-auth-without-policy judges the service's own auth policy whatever became of the networks'. When one of these is
   * unread the check still runs and what it finds stands, but it cannot pass: with no finding it is
   * skipped. A check may list a part here only if an unread one (an empty list or record, a missing
   * entry) makes it find nothing rather than something.
   */
  partlyNeeds?: TopologyPart[];
  /**
   * The flag without which the check has nothing to judge (`--as` caller, `--from` client, `--error`
   * text). Without it the engine does not run the check and reports it `not-applicable` (neither
   * passed nor skipped): a run without `--as` is not incomplete, nor did it judge the caller.
   */
  requires?: CheckRequirement;
  /**
   * Codes whose findings this check's findings explain when both name a common affected resource
   * (`affects`): ranking places each such effect right after its cause and marks it `causedBy`.
   */
  causes?: readonly string[];
  /**
   * For a check whose findings are effects: whether a finding of a code whose `causes` lists this
   * check explains this particular finding (default: any that shares an affected resource does).
   */
  explainedBy?: (
    cause: Finding,
    causeMeta: Pick<CheckMeta, "denial"> | undefined,
    effect: Finding,
  ) => boolean;
  /** The symptoms this check's findings can explain: `--symptom` (or an inferred one) brings them first. */
  symptoms?: readonly Symptom[];
  /**
   * For a check whose findings count failures seen live (error metrics): the failed requests each
   * of its findings counted, by symptom. Without `--symptom`, ranking infers one from these.
   */
  observedSymptoms?(finding: Finding): ObservedSymptom[];
  /** Its part in a denied request, for `--error`. */
  denial?: DenialRole;
  /**
   * Only a setup spanning accounts can produce it (RAM shares, another account's resources):
   * README's table marks it "(cross-account)".
   */
  crossAccount?: boolean;
  /** Its presence makes the run incomplete (the diagnosis could not judge something). */
  incomplete?: boolean;
  /** Whether and how `lattice lint` judges it. */
  lint: LintScope;
}

export interface Check extends CheckMeta {
  run(topology: Topology, context: CheckContext): FindingDraft[];
}
