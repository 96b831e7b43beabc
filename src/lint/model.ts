/**
 * The neutral model `lattice lint` reads a Terraform plan or a CloudFormation template into, before
 * it becomes the same topology (src/topology/types.ts) that `lattice doctor` gathers live.
 *
 * Two things a file has that a live account does not, and that the model keeps explicit:
 * - references: a listener names its service as "the resource at this address" before either has an
 *   id (`Ref`), and
 * - unknown values: `(known after apply)`, a parameter without a default, an intrinsic we cannot
 *   evaluate (`Unknown`, with the reason). A check must never fire on an unknown value.
 */

/** A value that is not known until apply (or until the stack is deployed), and why. */
export interface Unknown {
  unknown: true;
  why: string;
}

/** "The resource at this key" (a Terraform resource address or a CloudFormation logical id). */
export interface Ref {
  ref: string;
}

export type Val<T> = T | Unknown;
/** An identifier as a file states it: a literal id/ARN, a reference to a resource of the file, or unknown. */
export type IdVal = string | Ref | Unknown;

export const unknown = (why: string): Unknown => ({ unknown: true, why });
export const KNOWN_AFTER_APPLY = "known after apply";

export function isUnknown(value: unknown): value is Unknown {
  return typeof value === "object" && value !== null && (value as Unknown).unknown === true;
}

export function isRef(value: unknown): value is Ref {
  return typeof value === "object" && value !== null && typeof (value as Ref).ref === "string";
}

/** `lattice-doctor:ignore LAT-### reason` found on a resource (tag, comment or Metadata). */
export interface Ignore {
  code: string;
  reason: string;
  /** Where it was written, e.g. `tag lattice-doctor:ignore on aws_security_group.orders`. */
  by: string;
}

/** Where a resource is written. */
export interface Source {
  file: string;
  /** Terraform resource address (with module path and index) or CloudFormation logical id. */
  address: string;
  /** 1-based line of the resource in the file, when found. */
  line?: number;
  ignores: Ignore[];
}

interface Base {
  key: string;
  source: Source;
  /** The real id/ARN when the file already knows it (a resource that exists and is updated in place). */
  knownId?: string;
  knownArn?: string;
}

export interface LService extends Base {
  kind: "service";
  name: Val<string>;
  /** undefined: not set (the documented default applies, src/lint/defaults.ts). */
  authType: Val<string | undefined>;
  customDomainName: Val<string | undefined>;
  certificateArn: Val<string | undefined>;
}

export interface LNetwork extends Base {
  kind: "network";
  name: Val<string>;
  authType: Val<string | undefined>;
}

export interface LServiceAssociation extends Base {
  kind: "service-association";
  service: IdVal;
  network: IdVal;
}

export interface LVpcAssociation extends Base {
  kind: "vpc-association";
  network: IdVal;
  vpcId: IdVal;
  securityGroups: Val<IdVal[]>;
}

export interface LForward {
  targetGroup: IdVal;
  weight?: Val<number>;
}

export type LAction =
  { type: "forward"; targetGroups: LForward[] } | { type: "fixedResponse"; statusCode: Val<number> };

export interface LListener extends Base {
  kind: "listener";
  service: IdVal;
  name: Val<string>;
  protocol: Val<string>;
  port: Val<number | undefined>;
  defaultAction: Val<LAction | undefined>;
}

export interface LRule extends Base {
  kind: "rule";
  listener: IdVal;
  name: Val<string>;
  priority: Val<number | undefined>;
  action: Val<LAction | undefined>;
  match?: unknown;
}

export interface LHealthCheck {
  enabled?: Val<boolean>;
  protocol?: Val<string>;
  protocolVersion?: Val<string>;
  port?: Val<number>;
  path?: Val<string>;
  healthCheckIntervalSeconds?: Val<number>;
  healthCheckTimeoutSeconds?: Val<number>;
  healthyThresholdCount?: Val<number>;
  unhealthyThresholdCount?: Val<number>;
  matcher?: Val<string>;
}

export interface LTargetGroup extends Base {
  kind: "target-group";
  name: Val<string>;
  type: Val<string>;
  port: Val<number | undefined>;
  protocol: Val<string | undefined>;
  protocolVersion: Val<string | undefined>;
  ipAddressType: Val<string | undefined>;
  vpc: IdVal | undefined;
  /** undefined: no health-check block written (the API's per-protocol default applies). */
  healthCheck: Val<LHealthCheck | undefined>;
}

export interface LAttachment extends Base {
  kind: "attachment";
  targetGroup: IdVal;
  target: IdVal;
  port: Val<number | undefined>;
}

export interface LAuthPolicy extends Base {
  kind: "auth-policy";
  resource: IdVal;
  /** The policy document as JSON text. */
  policy: Val<string>;
}

export interface LSgRule {
  isEgress: boolean;
  ipProtocol: Val<string>;
  fromPort: Val<number | undefined>;
  toPort: Val<number | undefined>;
  cidrIpv4?: Val<string>;
  cidrIpv6?: Val<string>;
  prefixList?: IdVal;
  group?: IdVal;
  description?: string;
}

export interface LSecurityGroup extends Base {
  kind: "security-group";
  name: Val<string | undefined>;
  vpcId: IdVal | undefined;
  /** Rules written inline; unknown when the whole list is (known after apply). */
  rules: Val<LSgRule[]>;
}

/** Rules written as resources of their own (aws_vpc_security_group_ingress_rule, AWS::EC2::SecurityGroupIngress …). */
export interface LStandaloneRule extends Base {
  kind: "sg-rule";
  group: IdVal;
  rules: LSgRule[];
}

export interface LInstance extends Base {
  kind: "instance";
  securityGroups: Val<IdVal[]>;
  privateIp: Val<string | undefined>;
  subnetId: IdVal | undefined;
}

export interface LPrefixList extends Base {
  kind: "prefix-list";
  name: Val<string>;
  entries: Val<string[] | undefined>;
}

export type LResource =
  | LService
  | LNetwork
  | LServiceAssociation
  | LVpcAssociation
  | LListener
  | LRule
  | LTargetGroup
  | LAttachment
  | LAuthPolicy
  | LSecurityGroup
  | LStandaloneRule
  | LInstance
  | LPrefixList;

/** A model resource without what every one has (key, source, known id and ARN): what a reader fills in. */
export type ResourceFields<R = LResource> = R extends LResource ? Omit<R, keyof Base> : never;

export interface LintModel {
  file: string;
  format: "terraform-plan" | "cloudformation";
  /** Region the file targets, when it says (Terraform provider configuration, prefix-list name). */
  region?: string;
  resources: LResource[];
  /** Resources of types lint reads but judges nothing about (access-log subscriptions …): counted only. */
  ignoredTypes: string[];
  /** CloudFormation `Outputs.*.Export`: what another file's `Fn::ImportValue` resolves to. */
  exports?: { name: string; value: IdVal }[];
}

/** The file is not something lint can read (exit 2). */
export class LintInputError extends Error {
  override name = "LintInputError";
}
