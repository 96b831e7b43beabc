/**
 * A CloudFormation template (JSON or YAML with short-form intrinsics: !Ref, !GetAtt, !Sub, !Join,
 * !If …) → the lint model.
 *
 * Parsed with the `yaml` package (JSON is YAML), keeping each node's tag and position: short forms
 * become their long forms (`!GetAtt A.B` → `Fn::GetAtt: [A, B]`), lines come from the node ranges, and
 * comments are read from the resource's lines. Intrinsics are evaluated symbolically: `Ref`/`GetAtt`
 * to a resource of the template become a reference to it (and, inside `!Sub`/`!Join`, a placeholder
 * id or ARN that names it), parameters take their `Default`, pseudo parameters the run's region and
 * account placeholders; whatever cannot be known before the stack exists (`Fn::ImportValue`, a
 * parameter without a default, a condition) is Unknown with the reason.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { DEFAULT_SG } from "./defaults.js";
import { ignoresFromComment, ignoresFromTags, IGNORE_KEY, parseIgnores } from "./suppress.js";
import {
  isRef,
  isUnknown,
  LintInputError,
  unknown,
  type Ignore,
  type IdVal,
  type LAction,
  type LHealthCheck,
  type LintModel,
  type ResourceFields,
  type Source,
  type LStandaloneRule,
  type LResource,
  type LSgRule,
  type Unknown,
  type Val,
} from "./model.js";

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The placeholders pseudo parameters and resource ARNs use until the stack exists. */
export interface CfnContext {
  region: string;
  accountId: string;
  /** What `AWS::StackName` reads as (only when reading Outputs: a placeholder matched across files). */
  stackName?: string;
}

/** Stands for the stack's name in an export name: matched against any name when importing. */
export const STACK_NAME = "\u0000stack\u0000";
/** `Fn::ImportValue X` reads as a reference to `import:X`, resolved across files (src/lint/merge.ts). */
export const IMPORT_PREFIX = "import:";

const SHORT_FORMS: Record<string, string> = {
  "!Ref": "Ref",
  "!Condition": "Condition",
};

/** YAML node → JSON, short-form tags turned into their long forms; aliases resolved against `doc`. */
function toJson(node: Node | null | undefined, doc: Document, depth = 0): unknown {
  if (!node || depth > 100) return null;
  if (isAlias(node)) return toJson(node.resolve(doc) as Node | undefined, doc, depth + 1);
  const tag = node.tag;
  let value: unknown;
  if (isScalar(node)) value = node.value;
  else if (isSeq(node)) value = node.items.map((i) => toJson(i as Node, doc, depth + 1));
  else if (isMap(node)) {
    const out: Json = {};
    for (const pair of node.items) {
      const raw = isScalar(pair.key) ? pair.key.value : toJson(pair.key as Node, doc, depth + 1);
      // With merge keys on, the parser gives `<<` as a symbol.
      const key = typeof raw === "symbol" ? (raw.description ?? "") : String(raw);
      if (key === "<<") {
        // A merge key (`<<: *defaults`): the merged map's entries, under the ones written here.
        const merged = toJson(pair.value as Node, doc, depth + 1);
        for (const source of Array.isArray(merged) ? merged : [merged])
          for (const [k, v] of Object.entries(obj(source))) if (!(k in out)) out[k] = v;
        continue;
      }
      out[key] = toJson(pair.value as Node, doc, depth + 1);
    }
    value = out;
  } else value = null;
  if (!tag || !tag.startsWith("!")) return value;
  if (SHORT_FORMS[tag]) return { [SHORT_FORMS[tag]]: value };
  if (tag === "!GetAtt" && typeof value === "string") {
    const dot = value.indexOf(".");
    return { "Fn::GetAtt": dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${tag.slice(1)}`]: value };
}

const RESOURCE_PREFIX: Record<string, string> = {
  "AWS::VpcLattice::Service": "service",
  "AWS::VpcLattice::ServiceNetwork": "servicenetwork",
  "AWS::VpcLattice::TargetGroup": "targetgroup",
  "AWS::VpcLattice::Listener": "listener",
  "AWS::VpcLattice::Rule": "rule",
};

export class TemplateReader {
  readonly resources: Json;
  private readonly parameters: Json;
  private readonly mappings: Json;
  private readonly conditions: Json;
  /** Placeholder id/ARN string → logical id, to map a `!Sub`-built identifier back to its resource. */
  readonly placeholders = new Map<string, string>();

  constructor(
    readonly template: Json,
    readonly context: CfnContext,
  ) {
    this.resources = obj(template.Resources);
    this.parameters = obj(template.Parameters);
    this.mappings = obj(template.Mappings);
    this.conditions = obj(template.Conditions);
    for (const [id, r] of Object.entries(this.resources)) {
      this.placeholders.set(this.placeholderId(id), id);
      const arn = this.placeholderArn(id, String(obj(r).Type));
      if (arn) this.placeholders.set(arn, id);
    }
  }

  /** What `Ref` / `GetAtt …Id` of a resource reads as inside a string until it exists. */
  placeholderId(logicalId: string): string {
    return logicalId;
  }

  placeholderArn(logicalId: string, type: string): string | undefined {
    const prefix = RESOURCE_PREFIX[type];
    if (!prefix) return undefined;
    return `arn:aws:vpc-lattice:${this.context.region}:${this.context.accountId}:${prefix}/${logicalId}`;
  }

  private typeOf(logicalId: string): string {
    return String(obj(this.resources[logicalId]).Type ?? "");
  }

  /** The string a reference reads as inside `!Sub` / `!Join`. */
  private refString(logicalId: string, attribute: string | undefined): Val<string> {
    const type = this.typeOf(logicalId);
    const arn = this.placeholderArn(logicalId, type);
    // Ref of a VPC Lattice resource returns its ARN; GetAtt Arn too; GetAtt Id the id.
    if (arn && (attribute === undefined || attribute === "Arn")) return arn;
    if (attribute === undefined || /^(Id|GroupId)$/.test(attribute)) return this.placeholderId(logicalId);
    return unknown(`${logicalId}.${attribute} is known after the stack is deployed`);
  }

  /** Evaluates an intrinsic-bearing value. Resources come back as Ref; unknowns as Unknown. */
  evaluate(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.evaluate(v)).filter((v) => v !== NO_VALUE);
    if (!value || typeof value !== "object") return value;
    const o = value as Json;
    const keys = Object.keys(o);
    if (keys.length === 1) {
      const key = keys[0]!;
      const arg = o[key];
      switch (key) {
        case "Ref":
          return this.ref(String(arg));
        case "Fn::GetAtt": {
          const [id, attribute] = typeof arg === "string" ? arg.split(/\.(.*)/s) : (arg as string[]);
          if (id && this.resources[id]) return { ref: id, attribute };
          return unknown(`Fn::GetAtt ${String(id)}: no such resource in the template`);
        }
        case "Fn::Sub":
          return this.sub(arg);
        case "Fn::Join": {
          const [delimiter, list] = arg as [string, unknown];
          const items = this.evaluate(list);
          if (isUnknown(items)) return items;
          const parts = arr(items).map((i) => this.asString(i));
          const bad = parts.find(isUnknown);
          return bad ?? parts.join(String(delimiter));
        }
        case "Fn::If": {
          const [condition, yes, no] = arg as [string, unknown, unknown];
          const decided = this.condition(condition);
          if (decided === true) return this.evaluate(yes);
          if (decided === false) return this.evaluate(no);
          const a = this.evaluate(yes);
          const b = this.evaluate(no);
          if (JSON.stringify(a) === JSON.stringify(b)) return a;
          return unknown(`depends on condition ${condition}`);
        }
        case "Fn::Select": {
          const [index, list] = arg as [unknown, unknown];
          const items = this.evaluate(list);
          const i = Number(this.evaluate(index));
          if (isUnknown(items) || !Array.isArray(items) || !Number.isInteger(i))
            return unknown("Fn::Select over values known at deploy time");
          return items[i];
        }
        case "Fn::Split": {
          const [delimiter, source] = arg as [string, unknown];
          const s = this.asString(this.evaluate(source));
          return isUnknown(s) ? s : s.split(delimiter);
        }
        case "Fn::FindInMap": {
          const [map, top, second] = arr(arg).map((a) => this.evaluate(a));
          if ([map, top, second].some((x) => typeof x !== "string"))
            return unknown("Fn::FindInMap with keys known at deploy time");
          const v = obj(obj(this.mappings[map as string])[top as string])[second as string];
          return v === undefined ? unknown(`Fn::FindInMap ${String(map)}: no such entry`) : this.evaluate(v);
        }
        case "Fn::ImportValue": {
          const name = this.asString(this.evaluate(arg));
          if (isUnknown(name)) return unknown(`imported from another stack (Fn::ImportValue): ${name.why}`);
          return { ref: `${IMPORT_PREFIX}${name}` };
        }
        case "Fn::GetAZs":
        case "Fn::Cidr":
        case "Fn::Base64":
        case "Fn::Transform":
          return unknown(`${key} is evaluated at deploy time`);
        default:
          break;
      }
    }
    const out: Json = {};
    for (const [k, v] of Object.entries(o)) {
      const e = this.evaluate(v);
      if (e !== NO_VALUE) out[k] = e;
    }
    return out;
  }

  /**
   * A condition of the template, decided the way parameters are read (their Default), or Unknown
   * when it rests on something known only at deploy time.
   */
  condition(name: string, depth = 0): boolean | Unknown {
    const body = this.conditions[name];
    if (body === undefined || depth > 16) return unknown(`condition ${name} is not defined`);
    return this.decide(body, depth + 1);
  }

  private decide(body: unknown, depth: number): boolean | Unknown {
    const o = obj(body);
    const [key] = Object.keys(o);
    const args = arr(o[key ?? ""]);
    const all = (xs: unknown[]) => xs.map((x) => this.decide(x, depth + 1));
    switch (key) {
      case "Condition":
        return this.condition(String(o.Condition), depth);
      case "Fn::Equals": {
        const [a, b] = args.map((x) => this.evaluate(x));
        if (isUnknown(a)) return a;
        if (isUnknown(b)) return b;
        return JSON.stringify(a) === JSON.stringify(b) || String(a) === String(b);
      }
      case "Fn::Not": {
        const v = this.decide(args[0], depth + 1);
        return isUnknown(v) ? v : !v;
      }
      case "Fn::And": {
        const vs = all(args);
        if (vs.includes(false)) return false;
        return vs.find(isUnknown) ?? true;
      }
      case "Fn::Or": {
        const vs = all(args);
        if (vs.includes(true)) return true;
        return vs.find(isUnknown) ?? false;
      }
      default:
        return typeof body === "boolean" ? body : unknown("a condition lint cannot evaluate");
    }
  }

  private ref(name: string): unknown {
    switch (name) {
      case "AWS::Region":
        return this.context.region;
      case "AWS::AccountId":
        return this.context.accountId;
      case "AWS::Partition":
        return "aws";
      case "AWS::URLSuffix":
        return "amazonaws.com";
      case "AWS::NoValue":
        return NO_VALUE;
      case "AWS::StackName":
        if (this.context.stackName !== undefined) return this.context.stackName;
        break;
      default:
        break;
    }
    if (this.resources[name]) return { ref: name };
    const parameter = this.parameters[name];
    if (parameter !== undefined) {
      const def = obj(parameter).Default;
      if (def === undefined)
        return unknown(`parameter ${name} has no Default: its value is given at deploy time`);
      const type = String(obj(parameter).Type ?? "");
      if (type.startsWith("List<") || type === "CommaDelimitedList") return String(def).split(/\s*,\s*/);
      return def;
    }
    if (name.startsWith("AWS::")) return unknown(`${name} is known at deploy time`);
    return unknown(`Ref ${name}: no such parameter or resource in the template`);
  }

  /** A value as a string inside Sub/Join. */
  asString(value: unknown): Val<string> {
    if (isUnknown(value)) return value;
    if (isRef(value)) return this.refString(value.ref, (value as { attribute?: string }).attribute);
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
      return String(value);
    return unknown("a value that is not a string");
  }

  private sub(arg: unknown): Val<string> {
    const [text, vars] = typeof arg === "string" ? [arg, {}] : (arg as [string, Json]);
    let failed: Unknown | undefined;
    const out = String(text).replace(
      /\$\{([^}!]+)\}|\$\{!([^}]*)\}/g,
      (_m, name: string | undefined, literal) => {
        if (name === undefined) return `\${${String(literal)}}`;
        const local = obj(vars)[name];
        let value: unknown;
        if (local !== undefined) value = this.evaluate(local);
        else if (name.includes(".") && !name.startsWith("AWS::")) {
          const [id, attribute] = name.split(/\.(.*)/s) as [string, string];
          value = this.resources[id] ? { ref: id, attribute } : unknown(`\${${name}}: no such resource`);
        } else value = this.ref(name);
        const s = this.asString(value);
        if (isUnknown(s)) {
          failed ??= s;
          return "";
        }
        return s;
      },
    );
    return failed ?? out;
  }
}

const NO_VALUE = Symbol("AWS::NoValue");

// ---------------------------------------------------------------------------------------------------

function idOf(reader: TemplateReader, value: unknown): IdVal | undefined {
  const v = reader.evaluate(value);
  if (v === undefined || v === null || v === "") return undefined;
  if (isUnknown(v)) return v;
  if (isRef(v)) return { ref: v.ref };
  if (typeof v === "string") {
    const id = reader.placeholders.get(v);
    return id ? { ref: id } : v;
  }
  return unknown("not an identifier");
}

function idsOf(reader: TemplateReader, value: unknown): Val<IdVal[]> | undefined {
  if (value === undefined) return undefined;
  const v = reader.evaluate(value);
  if (isUnknown(v)) return v;
  if (!Array.isArray(v)) return unknown("not a list");
  return v.map((x) => idOf(reader, isRef(x) ? { Ref: x.ref } : x) ?? unknown("empty"));
}

function scalar<T extends string | number | boolean>(
  reader: TemplateReader,
  value: unknown,
): Val<T | undefined> {
  const v = reader.evaluate(value);
  if (v === undefined || v === null || v === "") return undefined;
  if (isUnknown(v)) return v;
  if (isRef(v)) return reader.asString(v) as Val<T>;
  return v as T;
}

function num(reader: TemplateReader, value: unknown): Val<number | undefined> {
  const v = scalar<string | number>(reader, value);
  if (v === undefined || isUnknown(v)) return v;
  const n = Number(v);
  return Number.isFinite(n) ? n : unknown(`${String(v)} is not a number`);
}

function str(reader: TemplateReader, value: unknown): Val<string | undefined> {
  const v = scalar<string | number | boolean>(reader, value);
  return v === undefined || isUnknown(v) ? v : String(v);
}

function tagsOf(reader: TemplateReader, tags: unknown): Json {
  const out: Json = {};
  for (const t of arr(reader.evaluate(tags))) {
    const { Key, Value } = obj(t);
    if (typeof Key === "string" && typeof Value === "string") out[Key] = Value;
  }
  return out;
}

function action(reader: TemplateReader, value: unknown): Val<LAction | undefined> {
  const a = reader.evaluate(value);
  if (isUnknown(a)) return a;
  const o = obj(a);
  if (o.FixedResponse) {
    const code = num(reader, obj(o.FixedResponse).StatusCode);
    return { type: "fixedResponse", statusCode: code ?? unknown("not set") };
  }
  if (o.Forward) {
    return {
      type: "forward",
      targetGroups: arr(obj(o.Forward).TargetGroups).map((t) => {
        const weight = num(reader, obj(t).Weight);
        return {
          targetGroup: idOf(reader, obj(t).TargetGroupIdentifier) ?? unknown("not set"),
          ...(weight !== undefined ? { weight } : {}),
        };
      }),
    };
  }
  return undefined;
}

function healthCheck(reader: TemplateReader, value: unknown): Val<LHealthCheck | undefined> {
  if (value === undefined) return undefined;
  const v = reader.evaluate(value);
  if (isUnknown(v)) return v;
  const o = obj(v);
  const hc: LHealthCheck = {};
  const put = <K extends keyof LHealthCheck>(key: K, x: LHealthCheck[K] | undefined) => {
    if (x !== undefined) hc[key] = x;
  };
  put("enabled", scalar<boolean>(reader, o.Enabled) as Val<boolean> | undefined);
  if (typeof hc.enabled === "string") hc.enabled = hc.enabled === "true";
  put("protocol", str(reader, o.Protocol) as Val<string> | undefined);
  put("protocolVersion", str(reader, o.ProtocolVersion) as Val<string> | undefined);
  put("port", num(reader, o.Port) as Val<number> | undefined);
  put("path", str(reader, o.Path) as Val<string> | undefined);
  put("healthCheckIntervalSeconds", num(reader, o.HealthCheckIntervalSeconds) as Val<number> | undefined);
  put("healthCheckTimeoutSeconds", num(reader, o.HealthCheckTimeoutSeconds) as Val<number> | undefined);
  put("healthyThresholdCount", num(reader, o.HealthyThresholdCount) as Val<number> | undefined);
  put("unhealthyThresholdCount", num(reader, o.UnhealthyThresholdCount) as Val<number> | undefined);
  put("matcher", str(reader, obj(o.Matcher).HttpCode) as Val<string> | undefined);
  return hc;
}

function sgRule(reader: TemplateReader, raw: unknown, isEgress: boolean): LSgRule {
  const o = obj(raw);
  const rule: LSgRule = {
    isEgress,
    ipProtocol: str(reader, o.IpProtocol) ?? "-1",
    fromPort: num(reader, o.FromPort),
    toPort: num(reader, o.ToPort),
  };
  const cidr = str(reader, o.CidrIp);
  if (cidr !== undefined) rule.cidrIpv4 = cidr;
  const cidr6 = str(reader, o.CidrIpv6);
  if (cidr6 !== undefined) rule.cidrIpv6 = cidr6;
  const pl = idOf(reader, isEgress ? o.DestinationPrefixListId : o.SourcePrefixListId);
  if (pl !== undefined) rule.prefixList = pl;
  const group = idOf(reader, isEgress ? o.DestinationSecurityGroupId : o.SourceSecurityGroupId);
  if (group !== undefined) rule.group = group;
  if (typeof o.Description === "string") rule.description = o.Description;
  if (
    rule.cidrIpv4 === undefined &&
    rule.cidrIpv6 === undefined &&
    rule.prefixList === undefined &&
    rule.group === undefined
  ) {
    // A source we cannot name (SourceSecurityGroupName, a removed AWS::NoValue …): say it is unknown.
    rule.cidrIpv4 = unknown(
      "the rule's source is not given by CidrIp, CidrIpv6, a prefix list or a group id",
    );
  }
  return rule;
}

/** Lines of the file, to find where each resource is and which comments it carries. */
function resourceSpans(doc: ReturnType<typeof parseDocument>, counter: LineCounter) {
  const spans = new Map<string, { line: number; endLine: number }>();
  const resources = doc.get("Resources", true);
  if (!isMap(resources)) return spans;
  for (const pair of resources.items) {
    const key = pair.key as Node;
    const value = pair.value as Node | null;
    if (!isScalar(key) || !key.range) continue;
    const start = counter.linePos(key.range[0]).line;
    const end = value?.range ? counter.linePos(Math.max(value.range[1] - 1, 0)).line : start;
    spans.set(String(key.value), { line: start, endLine: end });
  }
  return spans;
}

/** `# lattice-doctor:ignore LAT-### reason` on the resource's lines or in the comment block above it. */
function commentIgnores(lines: string[], span: { line: number; endLine: number }, id: string): Ignore[] {
  const out: Ignore[] = [];
  let first = span.line - 1;
  while (first - 1 >= 0 && /^\s*#/.test(lines[first - 1]!)) first--;
  for (let i = first; i < Math.min(span.endLine, lines.length); i++) {
    const line = lines[i]!;
    const hash = line.indexOf("#");
    if (hash >= 0 && line.includes(IGNORE_KEY, hash)) out.push(...ignoresFromComment(line.slice(hash), id));
  }
  return out;
}

export function parseTemplateText(
  text: string,
  file: string,
): { template: Json; spans: Map<string, { line: number; endLine: number }> } {
  const counter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: counter,
    uniqueKeys: false,
    prettyErrors: false,
    merge: true,
  });
  if (doc.errors.length > 0)
    throw new LintInputError(`${file}: not valid JSON or YAML: ${doc.errors[0]!.message.split("\n")[0]}`);
  const template = obj(toJson(doc.contents as Node, doc));
  return { template, spans: resourceSpans(doc, counter) };
}

export function isTemplate(value: Json): boolean {
  return (
    typeof value.Resources === "object" &&
    value.Resources !== null &&
    Object.values(obj(value.Resources)).every((r) => typeof obj(r).Type === "string")
  );
}

const need = (v: IdVal | undefined): IdVal => v ?? unknown("not set");

type ReadResource = (reader: TemplateReader, p: Json, id: string) => ResourceFields;

/** The readers of the resource types lint judges, by type (a target group's targets: targetAttachments). */
const RESOURCE_READERS = new Map<string, ReadResource>([
  [
    "AWS::VpcLattice::Service",
    (reader, p, id) => ({
      kind: "service",
      name: str(reader, p.Name) ?? id,
      authType: str(reader, p.AuthType),
      customDomainName: str(reader, p.CustomDomainName),
      certificateArn: str(reader, p.CertificateArn),
    }),
  ],
  [
    "AWS::VpcLattice::ServiceNetwork",
    (reader, p, id) => ({
      kind: "network",
      name: str(reader, p.Name) ?? id,
      authType: str(reader, p.AuthType),
    }),
  ],
  [
    "AWS::VpcLattice::ServiceNetworkServiceAssociation",
    (reader, p) => ({
      kind: "service-association",
      service: need(idOf(reader, p.ServiceIdentifier)),
      network: need(idOf(reader, p.ServiceNetworkIdentifier)),
    }),
  ],
  [
    "AWS::VpcLattice::ServiceNetworkVpcAssociation",
    (reader, p) => ({
      kind: "vpc-association",
      network: need(idOf(reader, p.ServiceNetworkIdentifier)),
      vpcId: need(idOf(reader, p.VpcIdentifier)),
      securityGroups: idsOf(reader, p.SecurityGroupIds) ?? [],
    }),
  ],
  [
    "AWS::VpcLattice::Listener",
    (reader, p, id) => ({
      kind: "listener",
      service: need(idOf(reader, p.ServiceIdentifier)),
      name: str(reader, p.Name) ?? id,
      protocol: str(reader, p.Protocol) ?? unknown("not set"),
      port: num(reader, p.Port),
      defaultAction: action(reader, p.DefaultAction),
    }),
  ],
  [
    "AWS::VpcLattice::Rule",
    (reader, p, id) => ({
      kind: "rule",
      listener: need(idOf(reader, p.ListenerIdentifier)),
      name: str(reader, p.Name) ?? id,
      priority: num(reader, p.Priority),
      action: action(reader, p.Action),
      match: reader.evaluate(p.Match),
    }),
  ],
  [
    "AWS::VpcLattice::TargetGroup",
    (reader, p, id) => {
      const c = obj(p.Config);
      return {
        kind: "target-group",
        name: str(reader, p.Name) ?? id,
        type: str(reader, p.Type) ?? unknown("not set"),
        port: num(reader, c.Port),
        protocol: str(reader, c.Protocol),
        protocolVersion: str(reader, c.ProtocolVersion),
        ipAddressType: str(reader, c.IpAddressType),
        vpc: idOf(reader, c.VpcIdentifier),
        healthCheck: healthCheck(reader, c.HealthCheck),
      };
    },
  ],
  [
    "AWS::VpcLattice::AuthPolicy",
    (reader, p) => ({
      kind: "auth-policy",
      resource: need(idOf(reader, p.ResourceIdentifier)),
      policy: policyText(reader, p.Policy),
    }),
  ],
  [
    "AWS::EC2::SecurityGroup",
    (reader, p) => ({
      kind: "security-group",
      name: str(reader, p.GroupName),
      vpcId: idOf(reader, p.VpcId),
      rules: [
        ...arr(reader.evaluate(p.SecurityGroupIngress)).map((x) => sgRule(reader, x, false)),
        ...arr(reader.evaluate(p.SecurityGroupEgress)).map((x) => sgRule(reader, x, true)),
      ],
    }),
  ],
  ["AWS::EC2::SecurityGroupIngress", (reader, p) => standaloneRule(reader, p, false)],
  ["AWS::EC2::SecurityGroupEgress", (reader, p) => standaloneRule(reader, p, true)],
  [
    "AWS::EC2::Instance",
    (reader, p) => ({
      kind: "instance",
      securityGroups: instanceGroups(reader, p),
      privateIp: str(reader, p.PrivateIpAddress),
      subnetId: idOf(reader, p.SubnetId),
    }),
  ],
]);

function standaloneRule(reader: TemplateReader, p: Json, isEgress: boolean): ResourceFields<LStandaloneRule> {
  return { kind: "sg-rule", group: need(idOf(reader, p.GroupId)), rules: [sgRule(reader, p, isEgress)] };
}

/** A policy document as JSON text, its references read as the ARN or id they stand for. */
function policyText(reader: TemplateReader, value: unknown): Val<string> {
  const policy = stringsForRefs(reader, reader.evaluate(value));
  if (isUnknown(policy)) return policy;
  return containsUnknown(policy) ?? (typeof policy === "string" ? policy : JSON.stringify(policy));
}

/** SecurityGroupIds, the network interfaces' GroupSet and the legacy SecurityGroups, or the VPC's default. */
function instanceGroups(reader: TemplateReader, p: Json): Val<IdVal[]> {
  const direct = idsOf(reader, p.SecurityGroupIds);
  const fromEni = arr(p.NetworkInterfaces).flatMap((n) => {
    const g = idsOf(reader, obj(n).GroupSet);
    return g === undefined ? [] : isUnknown(g) ? [g] : g;
  });
  const legacy = idsOf(reader, p.SecurityGroups);
  if (direct !== undefined && isUnknown(direct)) return direct;
  if (direct === undefined && legacy === undefined && fromEni.length === 0) return unknown(DEFAULT_SG);
  return [...(direct ?? []), ...(legacy !== undefined && !isUnknown(legacy) ? legacy : []), ...fromEni];
}

/** A target group's `Targets`: one attachment each, written at the target group. */
function targetAttachments(
  reader: TemplateReader,
  p: Json,
  base: { key: string; source: Source },
): LResource[] {
  return arr(reader.evaluate(p.Targets)).map((t, i) => ({
    key: `${base.key}.Targets[${i}]`,
    source: { ...base.source, ignores: [] },
    kind: "attachment",
    targetGroup: { ref: base.key },
    target: need(idOf(reader, obj(t).Id)),
    port: num(reader, obj(t).Port),
  }));
}

interface TemplateText {
  file: string;
  lines: string[];
  spans: Map<string, { line: number; endLine: number }>;
}

/** Where a resource is written, with its suppressions (tags, comments, Metadata). */
function sourceOf(reader: TemplateReader, id: string, r: Json, where: TemplateText): Source {
  const span = where.spans.get(id);
  const metadata = arr(obj(obj(r.Metadata)["lattice-doctor"]).ignore)
    .filter((x): x is string => typeof x === "string")
    .flatMap((x) => parseIgnores(x, `Metadata lattice-doctor.ignore on ${id}`));
  return {
    file: where.file,
    address: id,
    ...(span ? { line: span.line } : {}),
    ignores: [
      ...ignoresFromTags(tagsOf(reader, obj(r.Properties).Tags), id),
      ...(span ? commentIgnores(where.lines, span, id) : []),
      ...metadata,
    ],
  };
}

export function readCloudFormation(
  template: Json,
  text: string,
  spans: Map<string, { line: number; endLine: number }>,
  file: string,
  context: CfnContext,
): LintModel {
  const reader = new TemplateReader(template, context);
  const where: TemplateText = { file, lines: text.split(/\r?\n/), spans };
  const resources: LResource[] = [];
  const ignoredTypes: string[] = [];
  for (const [id, raw] of Object.entries(reader.resources)) {
    const r = obj(raw);
    const type = String(r.Type);
    // A resource whose condition is false (with the parameters' defaults) is not created.
    if (typeof r.Condition === "string" && reader.condition(r.Condition) === false) continue;
    const p = obj(r.Properties);
    const base = { key: id, source: sourceOf(reader, id, r, where) };
    const read = RESOURCE_READERS.get(type);
    if (read) resources.push({ ...base, ...read(reader, p, id) });
    else if (type.startsWith("AWS::VpcLattice::")) ignoredTypes.push(type);
    if (type === "AWS::VpcLattice::TargetGroup") resources.push(...targetAttachments(reader, p, base));
  }
  return { file, format: "cloudformation", resources, ignoredTypes, exports: exportsOf(template, context) };
}

/** `Outputs.*.Export`: the name (with STACK_NAME for `AWS::StackName`) and what it refers to. */
function exportsOf(template: Json, context: CfnContext): { name: string; value: IdVal }[] {
  const reader = new TemplateReader(template, { ...context, stackName: STACK_NAME });
  const out: { name: string; value: IdVal }[] = [];
  for (const output of Object.values(obj(template.Outputs))) {
    const o = obj(output);
    const name = reader.asString(reader.evaluate(obj(o.Export).Name));
    if (isUnknown(name) || o.Export === undefined) continue;
    const value = idOf(reader, o.Value);
    if (value !== undefined) out.push({ name, value });
  }
  return out;
}

/** References inside a policy document read as the ARN or id they stand for. */
function stringsForRefs(reader: TemplateReader, value: unknown): unknown {
  if (isRef(value)) return reader.asString(value);
  if (isUnknown(value)) return value;
  if (Array.isArray(value)) return value.map((v) => stringsForRefs(reader, v));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stringsForRefs(reader, v)]));
  return value;
}

/** The first Unknown inside an evaluated value (a policy document), if any. */
function containsUnknown(value: unknown): Unknown | undefined {
  if (isUnknown(value)) return value;
  if (isRef(value)) return unknown("a reference that is not a string");
  if (Array.isArray(value)) {
    for (const v of value) {
      const u = containsUnknown(v);
      if (u) return u;
    }
  } else if (value && typeof value === "object") {
    for (const v of Object.values(value)) {
      const u = containsUnknown(v);
      if (u) return u;
    }
  }
  return undefined;
}
