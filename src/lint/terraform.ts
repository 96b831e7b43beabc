/**
 * A Terraform plan in JSON (`terraform show -json plan.out`) → the lint model.
 *
 * Values come from `planned_values` (root module and `child_modules`, recursively), what is unknown
 * from `resource_changes[].change.after_unknown`, and the links between resources that do not exist
 * yet from `configuration` (`expressions.*.references`, resolved within the module instance, through
 * module outputs and variables, and by `count.index` / `each.key` to the instance with the same key).
 * Data sources read at plan time come from `prior_state` too. Hand-written: there is no maintained
 * JavaScript reader of the plan format, and the format is documented as plain JSON.
 */
import { DEFAULT_SG } from "./defaults.js";
import { ignoresFromTags } from "./suppress.js";
import {
  KNOWN_AFTER_APPLY,
  LintInputError,
  unknown,
  type IdVal,
  type LAction,
  type LForward,
  type LHealthCheck,
  type LPrefixList,
  type LintModel,
  type ResourceFields,
  type LResource,
  type LSgRule,
  type LStandaloneRule,
  type Source,
  type Unknown,
  type Val,
} from "./model.js";

type Json = Record<string, unknown>;
type Path = (string | number)[];

interface Instance {
  address: string;
  mode: string;
  type: string;
  name: string;
  index?: string | number;
  /** `module.a["x"].module.b` or "" for the root module. */
  modulePrefix: string;
  values: Json;
  afterUnknown: Json;
  config?: Json;
}

const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function dig(value: unknown, path: Path): unknown {
  let cur = value;
  for (const key of path) {
    if (cur === null || cur === undefined) return undefined;
    if (typeof key === "number") cur = Array.isArray(cur) ? cur[key] : undefined;
    else cur = typeof cur === "object" && !Array.isArray(cur) ? (cur as Json)[key] : undefined;
  }
  return cur;
}

/** Splits an address on the dots that are not inside `[...]`. */
export function splitAddress(address: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = "";
  for (let i = 0; i < address.length; i++) {
    const c = address[i]!;
    if (quoted) {
      if (c === "\\") {
        current += c + (address[i + 1] ?? "");
        i++;
        continue;
      }
      if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === "[") depth++;
    else if (c === "]") depth--;
    else if (c === "." && depth === 0) {
      parts.push(current);
      current = "";
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts;
}

/** `module.a["x"].module.b.aws_x.y[0]` → prefix `module.a["x"].module.b`, config path [a, b]. */
function modulePath(prefix: string): string[] {
  const parts = splitAddress(prefix).filter((p) => p !== "");
  const names: string[] = [];
  for (let i = 0; i < parts.length; i += 2) if (parts[i] === "module") names.push(stripIndex(parts[i + 1]!));
  return names;
}

const stripIndex = (segment: string): string => segment.replace(/\[.*\]$/, "");

function indexOf(segment: string): string | number | undefined {
  const m = /\[(.*)\]$/.exec(segment);
  if (!m) return undefined;
  const inner = m[1]!;
  if (/^\d+$/.test(inner)) return Number(inner);
  try {
    return JSON.parse(inner) as string;
  } catch {
    return inner;
  }
}

function moduleConfig(configuration: Json, names: string[]): Json | undefined {
  let mod = obj(configuration.root_module);
  for (const name of names) {
    const call = obj(obj(mod.module_calls)[name]);
    if (!call.module) return undefined;
    mod = obj(call.module);
  }
  return mod;
}

export class PlanReader {
  readonly instances: Instance[] = [];
  private readonly byAddress = new Map<string, Instance>();
  /** Known id / ARN → the address of the resource that has it. */
  private readonly byKnownId = new Map<string, string>();

  constructor(
    readonly plan: Json,
    readonly file: string,
    private readonly lineOf: (address: string) => number | undefined,
  ) {
    const changes = new Map<string, Json>();
    for (const rc of arr(plan.resource_changes)) {
      const c = obj(rc);
      if (typeof c.address === "string") changes.set(c.address, c);
    }
    const add = (r: Json, modulePrefix: string) => {
      const address = String(r.address ?? "");
      if (!address || this.byAddress.has(address)) return;
      const change = changes.get(address);
      const actions = arr(obj(change?.change).actions);
      if (actions.length === 1 && actions[0] === "delete") return;
      const instance: Instance = {
        address,
        mode: String(r.mode ?? "managed"),
        type: String(r.type ?? ""),
        name: String(r.name ?? ""),
        modulePrefix,
        values: obj(r.values),
        afterUnknown: obj(obj(change?.change).after_unknown),
      };
      if (r.index !== undefined) instance.index = r.index as string | number;
      this.instances.push(instance);
      this.byAddress.set(address, instance);
    };
    const walk = (mod: Json) => {
      const prefix = typeof mod.address === "string" ? mod.address : "";
      for (const r of arr(mod.resources)) add(obj(r), prefix);
      for (const child of arr(mod.child_modules)) walk(obj(child));
    };
    walk(obj(obj(plan.planned_values).root_module));
    // Resources planned_values leaves out (older formats) and data sources read at apply time.
    for (const c of changes.values()) {
      const after = obj(c.change).after;
      if (after === null || after === undefined) continue;
      add({ ...c, values: after }, typeof c.module_address === "string" ? c.module_address : "");
    }
    const priorWalk = (mod: Json) => {
      const prefix = typeof mod.address === "string" ? mod.address : "";
      for (const r of arr(mod.resources)) if (obj(r).mode === "data") add(obj(r), prefix);
      for (const child of arr(mod.child_modules)) priorWalk(obj(child));
    };
    priorWalk(obj(obj(obj(plan.prior_state).values).root_module));

    const configuration = obj(plan.configuration);
    for (const instance of this.instances) {
      const mod = moduleConfig(configuration, modulePath(instance.modulePrefix));
      const local = `${instance.mode === "data" ? "data." : ""}${instance.type}.${instance.name}`;
      const config = arr(mod?.resources)
        .map(obj)
        .find((r) => r.address === local);
      if (config) instance.config = config;
      // aws_vpclattice_listener's id is `svc-…/listener-…`; rules name it by listener_id.
      for (const key of ["id", "arn", "listener_id"]) {
        const v = instance.values[key];
        if (typeof v === "string" && v) this.byKnownId.set(v, instance.address);
      }
    }
  }

  source(instance: Instance): Source {
    const line = this.lineOf(instance.address);
    const tags = ignoresFromTags(instance.values.tags, instance.address);
    // tags_all adds the provider's default_tags.
    const inherited = ignoresFromTags(instance.values.tags_all, instance.address).filter(
      (i) => !tags.some((t) => t.code === i.code),
    );
    return {
      file: this.file,
      address: instance.address,
      ...(line !== undefined ? { line } : {}),
      ignores: [...tags, ...inherited],
    };
  }

  isUnknown(instance: Instance, path: Path): boolean {
    let cur: unknown = instance.afterUnknown;
    for (const key of path) {
      if (cur === true) return true;
      cur = dig(cur, [key]);
    }
    return cur === true;
  }

  /**
   * Whether the configuration writes the attribute at `path`. Only what is written can be unknown
   * until apply; an attribute the provider computes because the author left it out takes the
   * documented default (src/lint/defaults.ts). When the configuration does not show the enclosing
   * block (no configuration, a `dynamic` block), the attribute counts as written: never a guess.
   */
  written(instance: Instance, path: Path): boolean {
    if (!instance.config) return true;
    const expressions = obj(instance.config.expressions);
    if (dig(expressions, path) !== undefined) return true;
    // The deepest enclosing block the configuration shows: a name missing from it is not written;
    // a block instance missing from a shown list (a `dynamic` block) may be, so counts as written.
    for (let n = path.length - 1; n >= 0; n--) {
      const parent = n === 0 ? expressions : dig(expressions, path.slice(0, n));
      if (parent === undefined || parent === null) continue;
      return typeof parent !== "object" || typeof path[n] === "number";
    }
    return true;
  }

  /** A scalar attribute: its value, Unknown when it is written but known only after apply, else undefined (not set). */
  value<T extends string | number | boolean>(instance: Instance, path: Path): Val<T | undefined> {
    const v = dig(instance.values, path);
    if ((v === undefined || v === null) && this.isUnknown(instance, path))
      return this.written(instance, path) ? unknown(KNOWN_AFTER_APPLY) : undefined;
    if (v === null || v === undefined || v === "") return undefined;
    return v as T;
  }

  /** The configuration's references at `path` (blocks are arrays in both values and expressions). */
  references(instance: Instance, path: Path): string[] {
    const expression = dig(obj(instance.config?.expressions), path);
    return arr(obj(expression).references).filter((r): r is string => typeof r === "string");
  }

  /**
   * A single id attribute: literal, a reference to a resource of the plan, or Unknown. `types` keeps
   * the references to resources of those types (`module.x[each.key]` names a whole module instance).
   */
  id(instance: Instance, path: Path, types?: readonly string[]): IdVal | undefined {
    const v = dig(instance.values, path);
    if (typeof v === "string" && v !== "") return this.literal(v);
    if (!this.isUnknown(instance, path) || !this.written(instance, path)) return undefined;
    const targets = this.ofTypes(this.resolve(instance, this.references(instance, path)), types);
    if (targets.length === 1) return { ref: targets[0]! };
    return unknown(
      targets.length > 1
        ? `${KNOWN_AFTER_APPLY}; it refers to one of ${targets.join(", ")}`
        : `${KNOWN_AFTER_APPLY}${this.references(instance, path).length ? ` (from ${this.references(instance, path)[0]})` : ""}`,
    );
  }

  /** A list of ids (security groups …): literal items, references for the unknown ones, or Unknown. */
  ids(instance: Instance, path: Path, types?: readonly string[]): Val<IdVal[]> | undefined {
    const v = dig(instance.values, path);
    const u = dig(instance.afterUnknown, path);
    const someUnknown = u === true || (Array.isArray(u) && u.some((x) => x === true));
    const known = Array.isArray(v)
      ? v.filter((x, i): x is string => typeof x === "string" && !(Array.isArray(u) && u[i] === true))
      : [];
    if (!someUnknown) return Array.isArray(v) ? known.map((x) => this.literal(x)) : undefined;
    if (u === true && !this.written(instance, path)) return undefined;
    const targets = this.ofTypes(this.resolve(instance, this.references(instance, path)), types);
    if (targets.length === 0) return unknown(KNOWN_AFTER_APPLY);
    const items: IdVal[] = known.map((x) => this.literal(x));
    for (const ref of targets)
      if (!items.some((i) => typeof i === "object" && "ref" in i && i.ref === ref)) items.push({ ref });
    return items;
  }

  private ofTypes(addresses: string[], types: readonly string[] | undefined): string[] {
    if (!types) return addresses;
    return addresses.filter((a) => {
      const i = this.byAddress.get(a);
      return !!i && types.includes(i.type);
    });
  }

  private literal(v: string): IdVal {
    const address = this.byKnownId.get(v);
    return address ? { ref: address } : v;
  }

  /**
   * The resource instances `refs` name, seen from `from`: a reference is relative to the module
   * instance; `module.X.out` follows the output, `var.Y` the module call's argument.
   */
  resolve(from: Instance, refs: string[]): string[] {
    return [...new Set(this.resolveIn(from.modulePrefix, from.index, refs, 0))];
  }

  private resolveIn(
    prefix: string,
    index: string | number | undefined,
    refs: string[],
    depth: number,
  ): string[] {
    if (depth > 8) return [];
    const dynamic = refs.some((r) => /^(count\.index|each\.(key|value))/.test(r));
    const out: string[] = [];
    const seen = new Set<string>();
    for (const ref of refs) {
      const parts = splitAddress(ref);
      const head = parts[0];
      if (head === "module" && parts.length >= 2) {
        const call = stripIndex(parts[1]!);
        const key = `module.${call}.${parts[2] ?? ""}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const names = [...modulePath(prefix), call];
        const mod = moduleConfig(obj(this.plan.configuration), names);
        const output = obj(obj(mod?.outputs)[parts[2] ?? ""]);
        const outRefs = arr(obj(output.expression).references).filter(
          (r): r is string => typeof r === "string",
        );
        let instances = this.moduleInstances(prefix, call, parts[1]!);
        if (instances.length > 1 && dynamic && index !== undefined)
          instances = instances.filter((p) => indexOf(splitAddress(p).at(-1)!) === index);
        if (instances.length !== 1) continue;
        if (outRefs.length > 0) out.push(...this.resolveIn(instances[0]!, undefined, outRefs, depth + 1));
        else if (parts.length === 2 || !output.expression) {
          // `module.x[each.key].out` is listed as `module.x`: every resource of that instance (the caller filters by type).
          out.push(
            ...this.instances
              .filter((i) => i.modulePrefix === instances[0] || i.modulePrefix.startsWith(`${instances[0]}.`))
              .map((i) => i.address),
          );
        }
      } else if (head === "var" && parts.length >= 2 && prefix) {
        const key = `var.${parts[1]}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const segments = splitAddress(prefix);
        const parentPrefix = segments.slice(0, -2).join(".");
        const callName = stripIndex(segments[segments.length - 1]!);
        const parent = moduleConfig(obj(this.plan.configuration), modulePath(parentPrefix));
        const argument = obj(obj(obj(obj(parent?.module_calls)[callName]).expressions)[parts[1]!]);
        const argRefs = arr(argument.references).filter((r): r is string => typeof r === "string");
        out.push(
          ...this.resolveIn(parentPrefix, indexOf(segments[segments.length - 1]!), argRefs, depth + 1),
        );
      } else {
        const isData = head === "data";
        if (["var", "local", "count", "each", "path", "self", "terraform"].includes(head ?? "")) continue;
        const typeName = isData ? parts.slice(0, 3) : parts.slice(0, 2);
        if (typeName.length < (isData ? 3 : 2)) continue;
        const last = typeName[typeName.length - 1]!;
        const local = [...typeName.slice(0, -1), stripIndex(last)].join(".");
        const explicit = indexOf(last);
        const key = `${local}${explicit !== undefined ? `[${JSON.stringify(explicit)}]` : ""}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const candidates = this.instances.filter(
          (i) =>
            i.modulePrefix === prefix && `${i.mode === "data" ? "data." : ""}${i.type}.${i.name}` === local,
        );
        if (explicit !== undefined) {
          const hit = candidates.find((c) => c.index === explicit);
          if (hit) out.push(hit.address);
        } else if (candidates.length === 1) out.push(candidates[0]!.address);
        else if (dynamic && index !== undefined) {
          const hit = candidates.find((c) => c.index === index);
          if (hit) out.push(hit.address);
        } else if (!refs.some((r) => r.startsWith(`${local}[`))) {
          // A splat or a whole collection (`aws_security_group.this[*].id`, `values(...)`): every instance.
          out.push(...candidates.map((c) => c.address));
        }
      }
    }
    return out;
  }

  private moduleInstances(prefix: string, call: string, segment: string): string[] {
    const base = `${prefix ? `${prefix}.` : ""}module.${call}`;
    const explicit = indexOf(segment);
    const prefixes = new Set(
      this.instances
        .map((i) => i.modulePrefix)
        .filter((p) => p === base || p.startsWith(`${base}[`) || p.startsWith(`${base}.`))
        .map((p) => {
          const rest = p.slice(base.length);
          const m = /^(\[[^\]]*\])?/.exec(rest);
          return base + (m?.[1] ?? "");
        }),
    );
    const list = [...prefixes];
    if (explicit !== undefined) return list.filter((p) => indexOf(splitAddress(p).at(-1)!) === explicit);
    return list;
  }

  instance(address: string): Instance | undefined {
    return this.byAddress.get(address);
  }
}

// ---------------------------------------------------------------------------------------------------

const SERVICE = ["aws_vpclattice_service"];
const NETWORK = ["aws_vpclattice_service_network"];
const TG = ["aws_vpclattice_target_group"];
const SG = ["aws_security_group"];
const PREFIX_LIST = ["aws_ec2_managed_prefix_list"];

function num(v: Val<string | number | boolean | undefined>): Val<number | undefined> {
  if (typeof v === "object" && v !== null) return v as Unknown;
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function str(v: Val<string | number | boolean | undefined>): Val<string | undefined> {
  if (typeof v === "object" && v !== null) return v as Unknown;
  return v === undefined ? undefined : String(v);
}

function action(reader: PlanReader, r: Instance, path: Path): Val<LAction | undefined> {
  if (reader.isUnknown(r, path)) return unknown(KNOWN_AFTER_APPLY);
  const block = obj(dig(r.values, [...path, 0]));
  const fixed = arr(block.fixed_response);
  if (fixed.length > 0) {
    const code = num(reader.value(r, [...path, 0, "fixed_response", 0, "status_code"]));
    return { type: "fixedResponse", statusCode: code === undefined ? unknown("not set") : code };
  }
  const forward = arr(block.forward);
  if (forward.length === 0) return undefined;
  const groups = arr(obj(forward[0]).target_groups);
  const targetGroups: LForward[] = groups.map((_, i) => {
    const p = [...path, 0, "forward", 0, "target_groups", i];
    const weight = num(reader.value(r, [...p, "weight"]));
    const fwd: LForward = {
      targetGroup: reader.id(r, [...p, "target_group_identifier"], TG) ?? unknown("not set"),
    };
    if (weight !== undefined) fwd.weight = weight;
    return fwd;
  });
  return { type: "forward", targetGroups };
}

function healthCheck(reader: PlanReader, r: Instance): Val<LHealthCheck | undefined> {
  const path: Path = ["config", 0, "health_check"];
  const written = arr(dig(obj(r.config?.expressions), path)).length > 0;
  const values = arr(dig(r.values, path));
  if (values.length === 0) {
    // Computed when not written: then the API's default for the protocol applies (not unknown).
    if (!written) return undefined;
    return reader.isUnknown(r, path) ? unknown(KNOWN_AFTER_APPLY) : undefined;
  }
  const p = (k: string) => reader.value<string | number | boolean>(r, [...path, 0, k]);
  const hc: LHealthCheck = {};
  const enabled = p("enabled");
  if (enabled !== undefined) hc.enabled = enabled as Val<boolean>;
  const set = <K extends keyof LHealthCheck>(key: K, v: LHealthCheck[K] | undefined) => {
    if (v !== undefined) hc[key] = v;
  };
  set("protocol", str(p("protocol")) as Val<string> | undefined);
  set("protocolVersion", str(p("protocol_version")) as Val<string> | undefined);
  set("port", num(p("port")) as Val<number> | undefined);
  set("path", str(p("path")) as Val<string> | undefined);
  set("healthCheckIntervalSeconds", num(p("health_check_interval_seconds")) as Val<number> | undefined);
  set("healthCheckTimeoutSeconds", num(p("health_check_timeout_seconds")) as Val<number> | undefined);
  set("healthyThresholdCount", num(p("healthy_threshold_count")) as Val<number> | undefined);
  set("unhealthyThresholdCount", num(p("unhealthy_threshold_count")) as Val<number> | undefined);
  set("matcher", str(reader.value(r, [...path, 0, "matcher", 0, "value"])) as Val<string> | undefined);
  return hc;
}

/** Inline `ingress` / `egress` blocks of aws_security_group. */
function inlineRules(reader: PlanReader, r: Instance): Val<LSgRule[]> {
  const rules: LSgRule[] = [];
  for (const direction of ["ingress", "egress"] as const) {
    if (reader.isUnknown(r, [direction]) && !Array.isArray(r.values[direction])) {
      // Rules managed by separate resources leave these computed; only a written block is unknown.
      if (arr(obj(r.config?.expressions)[direction]).length > 0) return unknown(KNOWN_AFTER_APPLY);
      continue;
    }
    arr(r.values[direction]).forEach((_, i) => {
      rules.push(...blockRules(reader, r, [direction, i], direction === "egress"));
    });
  }
  return rules;
}

/** One Terraform rule block (cidr_blocks lists …) → one topology rule per source, as EC2 lists them. */
function blockRules(reader: PlanReader, r: Instance, path: Path, isEgress: boolean): LSgRule[] {
  const p = (k: string) => reader.value<string | number>(r, [...path, k]);
  const protocol = str(p("protocol")) ?? "-1";
  const base = {
    isEgress,
    ipProtocol: protocol as Val<string>,
    fromPort: num(p("from_port")),
    toPort: num(p("to_port")),
  };
  const description = dig(r.values, [...path, "description"]);
  const withDescription = (rule: LSgRule): LSgRule =>
    typeof description === "string" && description ? { ...rule, description } : rule;
  const out: LSgRule[] = [];
  const list = (key: string): Val<IdVal[]> | undefined =>
    reader.ids(
      r,
      [...path, key],
      key === "prefix_list_ids" ? PREFIX_LIST : key === "security_groups" ? SG : undefined,
    );
  const cidrs = list("cidr_blocks");
  const cidrs6 = list("ipv6_cidr_blocks");
  const prefixLists = list("prefix_list_ids");
  const groups = list("security_groups");
  const single = (key: string) => reader.id(r, [...path, key], key === "prefix_list_id" ? PREFIX_LIST : SG);
  const each = (v: Val<IdVal[]> | undefined, make: (x: IdVal) => LSgRule) => {
    if (v === undefined) return;
    if (!Array.isArray(v)) out.push(make(v));
    else for (const x of v) out.push(make(x));
  };
  const asCidr = (x: IdVal): Val<string> => (typeof x === "string" ? x : unknown(KNOWN_AFTER_APPLY));
  each(cidrs, (x) => withDescription({ ...base, cidrIpv4: asCidr(x) }));
  each(cidrs6, (x) => withDescription({ ...base, cidrIpv6: asCidr(x) }));
  each(prefixLists, (x) => withDescription({ ...base, prefixList: x }));
  each(groups, (x) => withDescription({ ...base, group: x }));
  for (const [key, field] of [
    ["source_security_group_id", "group"],
    ["prefix_list_id", "prefixList"],
    ["referenced_security_group_id", "group"],
  ] as const) {
    const v = single(key);
    if (v !== undefined) out.push(withDescription({ ...base, [field]: v }));
  }
  for (const [key, field] of [
    ["cidr_ipv4", "cidrIpv4"],
    ["cidr_ipv6", "cidrIpv6"],
  ] as const) {
    const v = p(key);
    if (v !== undefined) out.push(withDescription({ ...base, [field]: str(v) as Val<string> }));
  }
  if (dig(r.values, [...path, "self"]) === true)
    out.push(withDescription({ ...base, group: { ref: r.address } }));
  return out;
}

/** Reads a plan. Throws LintInputError when `plan` is not one. */
type ReadResource = (reader: PlanReader, r: Instance) => ResourceFields;

const text = (reader: PlanReader, r: Instance, path: Path): Val<string | undefined> =>
  str(reader.value(r, path));
const need = (v: IdVal | undefined): IdVal => v ?? unknown("not set");
/** The resource's name, else its Terraform name. */
const named = (reader: PlanReader, r: Instance): Val<string> => text(reader, r, ["name"]) ?? r.name;

/** The readers of the managed resource types lint judges, by type. */
const RESOURCE_READERS = new Map<string, ReadResource>([
  [
    "aws_vpclattice_service",
    (reader, r) => ({
      kind: "service",
      name: named(reader, r),
      authType: text(reader, r, ["auth_type"]),
      customDomainName: text(reader, r, ["custom_domain_name"]),
      certificateArn: text(reader, r, ["certificate_arn"]),
    }),
  ],
  [
    "aws_vpclattice_service_network",
    (reader, r) => ({ kind: "network", name: named(reader, r), authType: text(reader, r, ["auth_type"]) }),
  ],
  [
    "aws_vpclattice_service_network_service_association",
    (reader, r) => ({
      kind: "service-association",
      service: need(reader.id(r, ["service_identifier"], SERVICE)),
      network: need(reader.id(r, ["service_network_identifier"], NETWORK)),
    }),
  ],
  [
    "aws_vpclattice_service_network_vpc_association",
    (reader, r) => ({
      kind: "vpc-association",
      network: need(reader.id(r, ["service_network_identifier"], NETWORK)),
      vpcId: need(reader.id(r, ["vpc_identifier"])),
      // Not written: no security group (DEFAULTS.vpcAssociationSecurityGroups).
      securityGroups: reader.ids(r, ["security_group_ids"], SG) ?? [],
    }),
  ],
  [
    "aws_vpclattice_listener",
    (reader, r) => ({
      kind: "listener",
      service: need(reader.id(r, ["service_identifier"], SERVICE) ?? reader.id(r, ["service_arn"], SERVICE)),
      name: named(reader, r),
      protocol: text(reader, r, ["protocol"]) ?? unknown("not set"),
      port: num(reader.value(r, ["port"])),
      defaultAction: action(reader, r, ["default_action"]),
    }),
  ],
  [
    "aws_vpclattice_listener_rule",
    (reader, r) => ({
      kind: "rule",
      listener: need(reader.id(r, ["listener_identifier"], ["aws_vpclattice_listener"])),
      name: named(reader, r),
      priority: num(reader.value(r, ["priority"])),
      action: action(reader, r, ["action"]),
      match: r.values.match,
    }),
  ],
  [
    "aws_vpclattice_target_group",
    (reader, r) => ({
      kind: "target-group",
      name: named(reader, r),
      type: text(reader, r, ["type"]) ?? unknown("not set"),
      port: num(reader.value(r, ["config", 0, "port"])),
      protocol: text(reader, r, ["config", 0, "protocol"]),
      protocolVersion: text(reader, r, ["config", 0, "protocol_version"]),
      ipAddressType: text(reader, r, ["config", 0, "ip_address_type"]),
      vpc: reader.id(r, ["config", 0, "vpc_identifier"]),
      healthCheck: healthCheck(reader, r),
    }),
  ],
  [
    "aws_vpclattice_target_group_attachment",
    (reader, r) => ({
      kind: "attachment",
      targetGroup: need(reader.id(r, ["target_group_identifier"], TG)),
      target: need(reader.id(r, ["target", 0, "id"])),
      port: num(reader.value(r, ["target", 0, "port"])),
    }),
  ],
  [
    "aws_vpclattice_auth_policy",
    (reader, r) => ({
      kind: "auth-policy",
      resource: need(reader.id(r, ["resource_identifier"], [...SERVICE, ...NETWORK])),
      policy: reader.value<string>(r, ["policy"]) ?? unknown("not set"),
    }),
  ],
  [
    "aws_security_group",
    (reader, r) => ({
      kind: "security-group",
      name: text(reader, r, ["name"]),
      vpcId: reader.id(r, ["vpc_id"]),
      rules: inlineRules(reader, r),
    }),
  ],
  ["aws_vpc_security_group_ingress_rule", standaloneRule],
  ["aws_vpc_security_group_egress_rule", standaloneRule],
  [
    "aws_security_group_rule",
    (reader, r) => ({
      kind: "sg-rule",
      group: need(reader.id(r, ["security_group_id"], SG)),
      rules: blockRules(reader, r, [], r.values.type === "egress"),
    }),
  ],
  [
    "aws_instance",
    (reader, r) => ({
      kind: "instance",
      securityGroups:
        reader.ids(r, ["vpc_security_group_ids"], SG) ??
        reader.ids(r, ["security_groups"], SG) ??
        unknown(DEFAULT_SG),
      privateIp: text(reader, r, ["private_ip"]),
      subnetId: reader.id(r, ["subnet_id"]),
    }),
  ],
]);

/** aws_vpc_security_group_ingress_rule / _egress_rule: one rule per resource. */
function standaloneRule(reader: PlanReader, r: Instance): ResourceFields<LStandaloneRule> {
  return {
    kind: "sg-rule",
    group: need(reader.id(r, ["security_group_id"], SG)),
    rules: blockRules(reader, r, [], r.type.endsWith("egress_rule")).map((rule) => ({
      ...rule,
      ipProtocol: str(reader.value(r, ["ip_protocol"])) ?? "-1",
    })),
  };
}

/** data "aws_ec2_managed_prefix_list": its name (or the name its filter asks for) and entries. */
function prefixList(reader: PlanReader, r: Instance): ResourceFields<LPrefixList> {
  let name = text(reader, r, ["name"]);
  if (name === undefined) {
    const filter = arr(r.values.filter)
      .map(obj)
      .find((f) => f.name === "prefix-list-name");
    const values = arr(filter?.values);
    if (typeof values[0] === "string") name = values[0];
  }
  const entries = reader.isUnknown(r, ["entries"])
    ? unknown(KNOWN_AFTER_APPLY)
    : Array.isArray(r.values.entries)
      ? arr(r.values.entries)
          .map((e) => obj(e).cidr)
          .filter((c): c is string => typeof c === "string")
      : undefined;
  return { kind: "prefix-list", name: name ?? unknown("not set"), entries };
}

/** The region a data source names: the VPC Lattice prefix list's, or data "aws_region". */
function regionOfData(r: Instance, list: ResourceFields<LPrefixList> | undefined): string | undefined {
  if (list) {
    const name = list.name;
    return typeof name === "string"
      ? /^com\.amazonaws\.([a-z0-9-]+)\.(ipv6\.)?vpc-lattice$/.exec(name)?.[1]
      : undefined;
  }
  return r.type === "aws_region" && typeof r.values.name === "string" ? r.values.name : undefined;
}

function baseOf(reader: PlanReader, r: Instance): Pick<LResource, "key" | "source" | "knownId" | "knownArn"> {
  return {
    key: r.address,
    source: reader.source(r),
    ...(typeof r.values.id === "string" && r.values.id ? { knownId: r.values.id } : {}),
    ...(typeof r.values.arn === "string" && r.values.arn ? { knownArn: r.values.arn } : {}),
  };
}

export function readTerraformPlan(
  plan: Json,
  file: string,
  lineOf: (address: string) => number | undefined,
): LintModel {
  if (!plan.format_version || (!plan.planned_values && !plan.resource_changes))
    throw new LintInputError(
      `${file}: not a Terraform plan (expected the output of terraform show -json <planfile>)`,
    );
  const reader = new PlanReader(plan, file, lineOf);
  const resources: LResource[] = [];
  const ignoredTypes: string[] = [];
  const path = ["configuration", "provider_config", "aws", "expressions", "region", "constant_value"];
  const providerRegion = dig(plan, path);
  let region = typeof providerRegion === "string" ? providerRegion : undefined;
  for (const r of reader.instances) {
    if (r.mode === "data") {
      const list = r.type === "aws_ec2_managed_prefix_list" ? prefixList(reader, r) : undefined;
      if (list) resources.push({ ...baseOf(reader, r), ...list });
      region ||= regionOfData(r, list);
      continue;
    }
    const read = RESOURCE_READERS.get(r.type);
    if (read) resources.push({ ...baseOf(reader, r), ...read(reader, r) });
    else if (r.type.startsWith("aws_vpclattice_")) ignoredTypes.push(r.type);
  }
  return { file, format: "terraform-plan", ...(region ? { region } : {}), resources, ignoredTypes };
}
