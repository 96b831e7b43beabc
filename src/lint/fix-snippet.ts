/**
 * A lint finding's fix in the file's own language: the checks write their fix as AWS CLI commands
 * (what doctor prints), and lint turns each command that changes configuration into the Terraform
 * block or CloudFormation resource to add or change, with the file's own names (a resource of the
 * file is referenced, not named by an id it does not have yet). Read-only commands (get-…,
 * describe-…) and those with no configuration counterpart are left out.
 *
 * Hand-written: the commands are the checks' own narrow, known shapes, not arbitrary shell.
 */
import { stringify } from "yaml";

export type Language = "terraform" | "cloudformation";

export interface SnippetContext {
  language: Language;
  /** Where a topology id is written: its address (Terraform) or logical id, when the file has it. */
  addressOf(id: string): string | undefined;
  /** Terraform: the prefix-list data source of the file, if any (`data.aws_ec2_managed_prefix_list.x`). */
  prefixListData?: string;
  /** Placeholder ARNs of resources of the file (arn:…:service/<key>) with their id, longest first. */
  arns: [arn: string, id: string][];
  /** Where the auth policy of a service or network is written, when the file has one. */
  policyAddressOf(id: string): string | undefined;
  /** The fix's commands are alternatives (do one or the other), not steps. */
  alternatives?: boolean;
}

const NEW_SG = "<sg-id>";

/** Splits a command line into words, honouring single quotes (the checks' shellQuote). */
export function words(command: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  let started = false;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quoted) {
      if (c === "'") quoted = false;
      else cur += c;
    } else if (c === "'") {
      quoted = true;
      started = true;
    } else if (c === "\\" && command[i + 1] === "'") {
      cur += "'";
      i++;
    } else if (c === " ") {
      if (started || cur) out.push(cur);
      cur = "";
      started = false;
    } else cur += c;
  }
  if (started || cur) out.push(cur);
  return out;
}

function flags(args: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith("--")) continue;
    const next = args[i + 1];
    out.set(a.slice(2), next !== undefined && !next.startsWith("--") ? next : "true");
  }
  return out;
}

/** `module.x["a"].aws_security_group.targets` → `aws_security_group.targets` (references are module-relative). */
function localAddress(address: string): string {
  const parts = address.split(/\.(?![^[]*\])/);
  return parts.slice(parts.at(-3) === "data" ? -3 : -2).join(".");
}

const nameOf = (address: string): string =>
  localAddress(address)
    .split(".")
    .pop()!
    .replace(/\[.*\]$/, "")
    .replace(/[^A-Za-z0-9_]/g, "_");

const hclString = (s: string) => JSON.stringify(s);

interface Rule {
  group: string;
  protocol: string;
  from?: string;
  to?: string;
  prefixList?: string;
  cidr?: string;
  cidr6?: string;
  sourceGroup?: string;
  description?: string;
}

function ingressRules(f: Map<string, string>): Rule[] {
  const group = f.get("group-id") ?? "<sg-id>";
  const perms = f.get("ip-permissions");
  if (!perms) {
    return [
      {
        group,
        protocol: f.get("protocol") ?? "tcp",
        ...(f.get("port") ? { from: f.get("port")!, to: f.get("port")! } : {}),
        ...(f.get("cidr") ? { cidr: f.get("cidr")! } : {}),
        ...(f.get("source-group") ? { sourceGroup: f.get("source-group")! } : {}),
      },
    ];
  }
  const get = (key: string) => new RegExp(`${key}=([^,\\]}]+)`).exec(perms)?.[1];
  return [
    {
      group,
      protocol: get("IpProtocol") ?? "tcp",
      ...(get("FromPort") ? { from: get("FromPort")! } : {}),
      ...(get("ToPort") ? { to: get("ToPort")! } : {}),
      ...(get("PrefixListId") ? { prefixList: get("PrefixListId")! } : {}),
      ...(get("CidrIp") ? { cidr: get("CidrIp")! } : {}),
      ...(get("CidrIpv6") ? { cidr6: get("CidrIpv6")! } : {}),
      ...(get("GroupId") ? { sourceGroup: get("GroupId")! } : {}),
      ...(get("Description") ? { description: get("Description")!.replace(/^"|"$/g, "") } : {}),
    },
  ];
}

class Writer {
  constructor(private readonly ctx: SnippetContext) {}

  /** A Terraform expression / CloudFormation value for a topology id, preferring the file's own resource. */
  ref(id: string, attribute: "id" | "arn"): string {
    if (id === NEW_SG)
      return this.ctx.language === "terraform"
        ? "aws_security_group.lattice_clients.id"
        : "!Ref LatticeClientsSg";
    const address = this.ctx.addressOf(id);
    if (this.ctx.language === "terraform") {
      if (address && !address.includes(":")) return `${localAddress(address)}.${attribute}`;
      return hclString(id);
    }
    if (address) return attribute === "arn" ? `!GetAtt ${address}.Arn` : `!Ref ${address}`;
    return id;
  }

  prefixList(id: string): string {
    if (this.ctx.language === "terraform") {
      const address = this.ctx.addressOf(id);
      if (address) return `${localAddress(address)}.id`;
      if (id.startsWith("<") && this.ctx.prefixListData) return `${this.ctx.prefixListData}.id`;
      if (id.startsWith("<")) return "data.aws_ec2_managed_prefix_list.vpc_lattice.id";
      return hclString(id);
    }
    return id.startsWith("<") ? "pl-xxxxxxxx  # id of com.amazonaws.<region>.vpc-lattice" : id;
  }

  ingress(rule: Rule): string {
    const group = this.ctx.addressOf(rule.group);
    const base = rule.group === NEW_SG ? "lattice_clients" : group ? nameOf(group) : "target";
    const port = rule.from ?? "all";
    if (this.ctx.language === "terraform") {
      const lines = [
        `resource "aws_vpc_security_group_ingress_rule" "${base}_${rule.prefixList ? "vpc_lattice" : "ingress"}_${port}" {`,
        `  security_group_id = ${this.ref(rule.group, "id")}`,
        `  ip_protocol       = ${hclString(rule.protocol)}`,
        ...(rule.from
          ? [`  from_port         = ${rule.from}`, `  to_port           = ${rule.to ?? rule.from}`]
          : []),
        ...(rule.prefixList ? [`  prefix_list_id    = ${this.prefixList(rule.prefixList)}`] : []),
        ...(rule.cidr ? [`  cidr_ipv4         = ${hclString(rule.cidr)}`] : []),
        ...(rule.cidr6 ? [`  cidr_ipv6         = ${hclString(rule.cidr6)}`] : []),
        ...(rule.sourceGroup ? [`  referenced_security_group_id = ${this.ref(rule.sourceGroup, "id")}`] : []),
        ...(rule.description ? [`  description       = ${hclString(rule.description)}`] : []),
        "}",
      ];
      const data =
        rule.prefixList?.startsWith("<") && !this.ctx.prefixListData
          ? [
              "",
              'data "aws_ec2_managed_prefix_list" "vpc_lattice" {',
              '  name = "com.amazonaws.${data.aws_region.current.name}.vpc-lattice"',
              "}",
            ]
          : [];
      return [...lines, ...data].join("\n");
    }
    const logical = `${base.replace(/_/g, "")}${rule.prefixList ? "VpcLattice" : ""}Ingress${port === "all" ? "" : port}`;
    return [
      `${logical}:`,
      "  Type: AWS::EC2::SecurityGroupIngress",
      "  Properties:",
      `    GroupId: ${this.ref(rule.group, "id")}`,
      `    IpProtocol: ${rule.protocol}`,
      ...(rule.from ? [`    FromPort: ${rule.from}`, `    ToPort: ${rule.to ?? rule.from}`] : []),
      ...(rule.prefixList ? [`    SourcePrefixListId: ${this.prefixList(rule.prefixList)}`] : []),
      ...(rule.cidr ? [`    CidrIp: ${rule.cidr}`] : []),
      ...(rule.cidr6 ? [`    CidrIpv6: ${rule.cidr6}`] : []),
      ...(rule.sourceGroup ? [`    SourceSecurityGroupId: ${this.ref(rule.sourceGroup, "id")}`] : []),
      ...(rule.description ? [`    Description: ${rule.description}`] : []),
    ].join("\n");
  }

  /** `in resource "type" "name" { … }` for a change to a resource of the file. */
  change(id: string, tfType: string, tfBody: string[], cfnBody: Record<string, unknown>): string {
    const address = this.ctx.addressOf(id);
    if (this.ctx.language === "terraform") {
      const name = address ? nameOf(address) : "this";
      return [
        `resource "${tfType}" "${name}" {`,
        "  # … what is there, and:",
        ...tfBody.map((l) => `  ${l}`),
        "}",
      ].join("\n");
    }
    return yamlTags(stringify({ [address ?? id]: { Properties: cfnBody } }).trimEnd());
  }

  /** Strings of `doc` with the placeholder ARNs of the file's resources replaced by `make(address)`. */
  private withArns(doc: unknown, make: (address: string, rest: string) => string): unknown {
    if (typeof doc === "string") {
      for (const [arn, id] of this.ctx.arns) {
        const address = this.ctx.addressOf(id);
        if (address && doc.startsWith(arn)) return make(address, doc.slice(arn.length));
      }
      return doc;
    }
    if (Array.isArray(doc)) return doc.map((d) => this.withArns(d, make));
    if (doc && typeof doc === "object")
      return Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, this.withArns(v, make)]));
    return doc;
  }

  /** The policy with placeholder ARNs of the file's resources made references. */
  policy(resource: string, json: string): string {
    const doc = JSON.parse(json) as unknown;
    const address = this.ctx.addressOf(resource);
    const existing = this.ctx.policyAddressOf(resource);
    if (this.ctx.language === "terraform") {
      const body = JSON.stringify(
        this.withArns(doc, (a, rest) => `\${${localAddress(a)}.arn}${rest}`),
        null,
        2,
      );
      const name = existing ? nameOf(existing) : address ? nameOf(address) : "this";
      return [
        `resource "aws_vpclattice_auth_policy" "${name}" {`,
        `  resource_identifier = ${this.ref(resource, "arn")}`,
        `  policy = jsonencode(${body.replace(/\n/g, "\n  ")})`,
        "}",
      ].join("\n");
    }
    const yaml = stringify({
      Type: "AWS::VpcLattice::AuthPolicy",
      Properties: {
        ResourceIdentifier: this.ref(resource, "arn"),
        Policy: this.withArns(doc, (a, rest) => `!Sub "\${${a}.Arn}${rest}"`),
      },
    });
    const logical = existing ?? `${address ?? "Service"}Policy`;
    return `${logical}:\n${yamlTags(yaml.trimEnd()).replace(/^/gm, "  ")}`;
  }
}

/** Unquotes the short-form intrinsics the YAML writer quoted, and quotes a policy Version (YAML 1.1 dates). */
function yamlTags(text: string): string {
  return text
    .replace(/'(!(?:Ref|GetAtt|Sub) [^']*)'$/gm, "$1")
    .replace(/"(!(?:Ref|GetAtt) [^"]*)"$/gm, "$1")
    .replace(/^(\s*Version: )(\d{4}-\d{2}-\d{2})$/gm, '$1"$2"');
}

function healthCheck(w: Writer, ctx: SnippetContext, tg: string, json: string): string {
  const hc = JSON.parse(json) as Record<string, unknown>;
  if (ctx.language === "terraform") {
    const keys: Record<string, string> = {
      enabled: "enabled",
      protocol: "protocol",
      protocolVersion: "protocol_version",
      port: "port",
      path: "path",
    };
    const lines = Object.entries(keys)
      .filter(([k]) => hc[k] !== undefined)
      .map(([k, t]) => `    ${t} = ${JSON.stringify(hc[k])}`);
    const matcher = (hc.matcher as { httpCode?: string } | undefined)?.httpCode;
    if (matcher) lines.push(`    matcher {`, `      value = ${JSON.stringify(matcher)}`, `    }`);
    return w.change(
      tg,
      "aws_vpclattice_target_group",
      ["config {", "  health_check {", ...lines, "  }", "}"],
      {},
    );
  }
  const cap = (k: string) => k[0]!.toUpperCase() + k.slice(1);
  const body = Object.fromEntries(
    Object.entries(hc).map(([k, v]) =>
      k === "matcher" ? ["Matcher", { HttpCode: (v as { httpCode: string }).httpCode }] : [cap(k), v],
    ),
  );
  return w.change(tg, "", [], { Config: { HealthCheck: body } });
}

/** The snippet for one command, or undefined when it changes nothing in a file. */
function translate(command: string, w: Writer, ctx: SnippetContext): string | undefined {
  const args = words(command);
  if (args[0] !== "aws") return undefined;
  const [service, op] = [args[1], args[2]];
  const f = flags(args.slice(3));
  const tf = ctx.language === "terraform";
  if (service === "ec2" && op === "authorize-security-group-ingress")
    return ingressRules(f)
      .map((r) => w.ingress(r))
      .join("\n\n");
  if (service === "vpc-lattice" && op === "put-auth-policy" && f.get("policy"))
    return w.policy(f.get("resource-identifier") ?? "", f.get("policy")!);
  if (service === "vpc-lattice" && op === "update-target-group" && f.get("health-check"))
    return healthCheck(w, ctx, f.get("target-group-identifier") ?? "", f.get("health-check")!);
  if (service === "vpc-lattice" && op === "update-service") {
    const id = f.get("service-identifier") ?? "";
    if (f.get("auth-type"))
      return w.change(id, "aws_vpclattice_service", [`auth_type = ${hclString(f.get("auth-type")!)}`], {
        AuthType: f.get("auth-type"),
      });
    if (f.get("certificate-arn"))
      return w.change(
        id,
        "aws_vpclattice_service",
        [`certificate_arn = ${hclString(f.get("certificate-arn")!)}`],
        {
          CertificateArn: f.get("certificate-arn"),
        },
      );
  }
  if (service === "vpc-lattice" && op === "update-service-network-vpc-association") {
    const id = f.get("service-network-vpc-association-identifier") ?? "";
    const groups = (f.get("security-group-ids") ?? "").split(/[ ,]/).filter(Boolean);
    return w.change(
      id,
      "aws_vpclattice_service_network_vpc_association",
      [
        `security_group_ids = [${groups.map((g) => (g.startsWith("<") ? "aws_security_group.lattice_clients.id" : w.ref(g, "id"))).join(", ")}]`,
      ],
      { SecurityGroupIds: groups.map((g) => (g.startsWith("<") ? "!Ref LatticeClientsSg" : w.ref(g, "id"))) },
    );
  }
  if (service === "ec2" && op === "create-security-group") {
    const vpc = f.get("vpc-id") ?? "<vpc-id>";
    return tf
      ? [
          'resource "aws_security_group" "lattice_clients" {',
          `  name        = ${hclString(f.get("group-name") ?? "lattice-clients")}`,
          `  description = ${hclString(f.get("description") ?? "Clients allowed into VPC Lattice")}`,
          `  vpc_id      = ${hclString(vpc)}`,
          "}",
        ].join("\n")
      : [
          "LatticeClientsSg:",
          "  Type: AWS::EC2::SecurityGroup",
          "  Properties:",
          `    GroupDescription: ${f.get("description") ?? "Clients allowed into VPC Lattice"}`,
          `    VpcId: ${vpc}`,
        ].join("\n");
  }
  if (service === "vpc-lattice" && op === "create-listener") {
    const action = JSON.parse(f.get("default-action") ?? "{}") as {
      forward?: { targetGroups: { targetGroupIdentifier: string }[] };
    };
    const tgs = action.forward?.targetGroups ?? [];
    const svc = f.get("service-identifier") ?? "";
    if (tf)
      return [
        `resource "aws_vpclattice_listener" "${(f.get("name") ?? "https").replace(/[^A-Za-z0-9_]/g, "_")}" {`,
        `  name               = ${hclString(f.get("name") ?? "https-443")}`,
        `  protocol           = ${hclString(f.get("protocol") ?? "HTTPS")}`,
        `  port               = ${f.get("port") ?? 443}`,
        `  service_identifier = ${w.ref(svc, "id")}`,
        "  default_action {",
        "    forward {",
        ...tgs.flatMap((t) => [
          "      target_groups {",
          `        target_group_identifier = ${w.ref(t.targetGroupIdentifier, "id")}`,
          "      }",
        ]),
        "    }",
        "  }",
        "}",
      ].join("\n");
    return [
      `${(f.get("name") ?? "https").replace(/[^A-Za-z0-9]/g, "")}Listener:`,
      "  Type: AWS::VpcLattice::Listener",
      "  Properties:",
      `    Name: ${f.get("name") ?? "https-443"}`,
      `    Protocol: ${f.get("protocol") ?? "HTTPS"}`,
      `    Port: ${f.get("port") ?? 443}`,
      `    ServiceIdentifier: ${w.ref(svc, "id")}`,
      "    DefaultAction:",
      "      Forward:",
      "        TargetGroups:",
      ...tgs.map((t) => `          - TargetGroupIdentifier: ${w.ref(t.targetGroupIdentifier, "id")}`),
    ].join("\n");
  }
  if (service === "vpc-lattice" && op === "delete-auth-policy") {
    const id = f.get("resource-identifier") ?? "";
    const policy = ctx.policyAddressOf(id);
    const of = ctx.addressOf(id) ?? id;
    return policy
      ? `# remove ${tf ? localAddress(policy) : policy} (the auth policy of ${tf ? localAddress(of) : of})`
      : `# remove the auth policy of ${of}`;
  }
  return undefined;
}

/** The fix in the file's language, or undefined when no command of the fix changes configuration. */
export function snippetFor(commands: readonly string[], ctx: SnippetContext): string | undefined {
  const w = new Writer(ctx);
  const parts: string[] = [];
  for (const c of commands) {
    let s: string | undefined;
    try {
      s = translate(c, w, ctx);
    } catch {
      s = undefined; // a command of a shape not foreseen: no snippet rather than a wrong one
    }
    if (s && !parts.includes(s)) parts.push(s);
  }
  if (parts.length === 0) return undefined;
  // Alternatives (IAM auth without a policy: attach one, or turn IAM auth off): the fix says which;
  // the snippet keeps them apart.
  return parts.join(ctx.alternatives ? "\n\n# or instead:\n" : "\n\n");
}
