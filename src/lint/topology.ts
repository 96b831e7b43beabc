/**
 * The lint model → the topology `lattice doctor` builds live (one per service of the file, plus one
 * for what no service of the file reaches: networks, target groups and security groups defined on
 * their own), and the record of every value that is unknown until apply, with the lint input it is
 * (the checks that read that input are left inconclusive on the resource: src/lint/applicable.ts).
 *
 * An unknown value is never guessed: the topology gets a value no check fires on (a part left out, as
 * when doctor could not read it) and an UnknownRecord names the input, so the findings on that
 * resource of every check that reads it are dropped as inconclusive. Identifiers: src/lint/ids.ts.
 */
import type { Check, LintInput } from "../core/check.js";
import type {
  AuthPolicy,
  HealthCheck,
  Listener,
  PrefixList,
  Rule,
  RuleAction,
  SecurityGroup,
  SecurityGroupRule,
  Service,
  ServiceAssociation,
  ServiceNetwork,
  Target,
  TargetGroup,
  Topology,
  VpcAssociation,
} from "../topology/types.js";
import { reads } from "./applicable.js";
import { FileIds } from "./ids.js";
import {
  isUnknown,
  type LAction,
  type IdVal,
  type LAttachment,
  type LAuthPolicy,
  type LForward,
  type LHealthCheck,
  type LInstance,
  type LintModel,
  type LListener,
  type LNetwork,
  type LPrefixList,
  type LResource,
  type LRule,
  type LSecurityGroup,
  type LService,
  type LServiceAssociation,
  type LSgRule,
  type LStandaloneRule,
  type LTargetGroup,
  type LVpcAssociation,
  type Source,
  type Val,
} from "./model.js";

/** A value unknown until apply, and the lint input it is (the checks reading it are inconclusive on the resource). */
export interface UnknownRecord {
  /** Topology id of the resource the checks would report on. */
  id: string;
  address: string;
  file: string;
  attribute: string;
  why: string;
  input: LintInput;
}

export interface BuiltTopology {
  topology: Topology;
  /** False for the topology of what no service of the file reaches (its service is a placeholder). */
  hasService: boolean;
}

export interface LintBuild {
  topologies: BuiltTopology[];
  unknowns: UnknownRecord[];
  /** Topology id (and ARN) → where the resource is written. */
  sources: Map<string, Source>;
  /** Ids and ARNs that exist only in this run (addresses, placeholders): never put in a command. */
  synthetic: Set<string>;
  /** Service / network id → where its auth policy is written (auth findings are fixed there). */
  policySources: Map<string, Source>;
}

export interface BuildContext {
  region: string;
  accountId: string;
  /** `--prefix-list pl-…`: the id of com.amazonaws.<region>.vpc-lattice, for files that cannot look it up. */
  prefixListId?: string;
}

const UNKNOWN_PORT = -1;
const AFTER_APPLY = "(known after apply)";

/** The documented VPC Lattice ranges (lattice-facts §4.1), for files that do not read the prefix lists. */
export const DOCUMENTED_RANGES = { ipv4: ["169.254.171.0/24"], ipv6: ["fd00:ec2:80::/64"] };

export const NO_SERVICE_ID = "(no service in this file)";

type Family = "ipv4" | "ipv6";
type Kind = LResource["kind"];
type Forward = { targetGroupIdentifier: string; weight?: number };

const known = <T>(v: Val<T>): T | undefined => (isUnknown(v) ? undefined : v);

export function buildTopologies(model: LintModel, context: BuildContext): LintBuild {
  return new TopologyBuild(model, context).build();
}

const LATTICE_LIST: Record<Family, RegExp> = {
  ipv4: /^com\.amazonaws\.[a-z0-9-]+\.vpc-lattice$/,
  ipv6: /^com\.amazonaws\.[a-z0-9-]+\.ipv6\.vpc-lattice$/,
};

/** The file's com.amazonaws.<region>.[ipv6.]vpc-lattice prefix list, when it reads one. */
function latticeList(model: LintModel, family: Family): LPrefixList | undefined {
  return model.resources.find((p): p is LPrefixList => {
    if (p.kind !== "prefix-list") return false;
    const name = known(p.name);
    return typeof name === "string" && LATTICE_LIST[family].test(name);
  });
}

/** One build: the model's resources, kind by kind, into topologies and the record of unknowns. */
class TopologyBuild {
  private readonly ids: FileIds;
  private readonly unknowns: UnknownRecord[] = [];
  private readonly policySources = new Map<string, Source>();
  private readonly securityGroups: Record<string, SecurityGroup> = {};
  private readonly prefixLists: Record<Family, PrefixList>;
  /** The prefix lists' ids, and whether the file (or --prefix-list) says which is VPC Lattice's IPv4 one. */
  private readonly latticeIds: Set<string>;
  private readonly latticeKnown: boolean;
  private readonly policies: LAuthPolicy[];
  /** A policy whose resource is unknown may belong to any service or network: none lacks one for sure. */
  private readonly strayPolicy: LAuthPolicy | undefined;
  private readonly usedTargetGroups = new Set<string>();
  private readonly usedNetworks = new Set<string>();

  constructor(
    private readonly model: LintModel,
    private readonly context: BuildContext,
  ) {
    this.ids = new FileIds(model, context);
    this.prefixLists = { ipv4: this.prefixList("ipv4"), ipv6: this.prefixList("ipv6") };
    this.latticeIds = new Set([this.prefixLists.ipv4.prefixListId, this.prefixLists.ipv6.prefixListId]);
    this.latticeKnown = latticeList(model, "ipv4") !== undefined || context.prefixListId !== undefined;
    this.policies = this.of("auth-policy");
    this.strayPolicy = this.policies.find((p) => isUnknown(p.resource));
  }

  build(): LintBuild {
    this.readSecurityGroups();
    const topologies: BuiltTopology[] = this.of("service").map((s) => ({
      topology: this.serviceTopology(s),
      hasService: true,
    }));
    const rest = this.restTopology(topologies.length === 0);
    if (rest) topologies.push({ topology: rest, hasService: false });
    return {
      topologies,
      unknowns: uniqueUnknowns(this.unknowns),
      sources: this.ids.sources,
      synthetic: this.ids.synthetic,
      policySources: this.policySources,
    };
  }

  // --- the record of unknowns ----------------------------------------------------------------------
  private record(r: LResource, id: string, attribute: string, value: unknown, input: LintInput): void {
    if (isUnknown(value)) this.note(r, id, attribute, value.why, input);
  }

  /** A value the file leaves open, written at `r`, about the topology resource `id`. */
  private note(r: LResource, id: string, attribute: string, why: string, input: LintInput): void {
    this.unknowns.push({ id, address: r.source.address, file: r.source.file, attribute, why, input });
  }

  private of<K extends Kind>(kind: K): Extract<LResource, { kind: K }>[] {
    return this.model.resources.filter((r): r is Extract<LResource, { kind: K }> => r.kind === kind);
  }

  /** Security-group ids as the topology holds them; undefined (recorded) when one is unknown. */
  private groupIds(
    owner: LResource,
    id: string,
    attribute: string,
    value: Val<IdVal[]>,
    input: LintInput,
  ): string[] | undefined {
    if (isUnknown(value)) {
      this.record(owner, id, attribute, value, input);
      return undefined;
    }
    const ids = value.map((g) => this.ids.idOf(g));
    if (ids.every((g): g is string => g !== undefined)) return ids;
    this.record(owner, id, attribute, value.find(isUnknown), input);
    return undefined;
  }

  // --- services and networks ---------------------------------------------------------------------
  private service(r: LService): Service {
    const id = this.ids.idOfKey(r.key);
    this.record(r, id, "auth_type / AuthType", r.authType, "service.authType");
    this.record(
      r,
      id,
      "custom_domain_name / CustomDomainName",
      r.customDomainName,
      "service.customDomainName",
    );
    this.record(r, id, "certificate_arn / CertificateArn", r.certificateArn, "service.certificateArn");
    const service: Service = {
      id,
      arn: this.ids.arnOf(r),
      name: known(r.name) ?? r.key,
      status: "ACTIVE",
      authType: known(r.authType) ?? AFTER_APPLY,
    };
    if (r.customDomainName !== undefined) service.customDomainName = known(r.customDomainName) ?? AFTER_APPLY;
    if (r.certificateArn !== undefined) service.certificateArn = known(r.certificateArn) ?? AFTER_APPLY;
    return service;
  }

  private network(r: LNetwork): ServiceNetwork {
    const id = this.ids.idOfKey(r.key);
    this.record(r, id, "auth_type / AuthType", r.authType, "network.authType");
    return {
      id,
      arn: this.ids.arnOf(r),
      name: known(r.name) ?? r.key,
      authType: known(r.authType) ?? AFTER_APPLY,
    };
  }

  private vpcAssociation(v: LVpcAssociation, networkId: string): VpcAssociation {
    const id = this.ids.idOfKey(v.key);
    const assoc: VpcAssociation = {
      id,
      arn: this.ids.arnOf(v),
      status: "ACTIVE",
      serviceNetworkId: networkId,
      vpcId: this.ids.idOf(v.vpcId) ?? AFTER_APPLY,
    };
    this.record(v, id, "vpc_identifier / VpcIdentifier", v.vpcId, "vpcAssociation.vpc");
    const groups = this.groupIds(
      v,
      id,
      "security_group_ids",
      v.securityGroups,
      "vpcAssociation.securityGroups",
    );
    if (groups) assoc.securityGroupIds = groups;
    return assoc;
  }

  // --- prefix lists and security groups ----------------------------------------------------------
  private prefixList(family: Family): PrefixList {
    const found = latticeList(this.model, family);
    const name = `com.amazonaws.${this.context.region}.${family === "ipv6" ? "ipv6." : ""}vpc-lattice`;
    // Entries the file does not read are the documented ranges: a rule copying them is a finding.
    const documented = { cidrs: DOCUMENTED_RANGES[family], entriesExcludePrivateIpv4: true };
    if (!found && family === "ipv4" && this.context.prefixListId)
      return { prefixListId: this.context.prefixListId, prefixListName: name, ...documented };
    if (!found) {
      // The checks' own placeholder for an id to look up, so a fix command stays usable.
      const placeholder = family === "ipv4" ? "<pl-id>" : "<ipv6-pl-id>";
      return { prefixListId: placeholder, prefixListName: name, ...documented };
    }
    const list: PrefixList = {
      prefixListId: this.ids.idOfKey(found.key),
      prefixListName: known(found.name) ?? name,
    };
    const entries = known(found.entries);
    if (entries && entries.length > 0) list.cidrs = entries;
    else Object.assign(list, documented);
    return list;
  }

  /**
   * Security groups with their inline rules, then the rules written as resources of their own. Groups
   * whose rules are unknown in part are judged only on what is known: their findings are dropped.
   */
  private readSecurityGroups(): void {
    const unread = new Set<string>();
    for (const sg of this.of("security-group")) {
      if (!this.securityGroup(sg)) unread.add(this.ids.idOfKey(sg.key));
    }
    for (const rule of this.of("sg-rule")) this.standaloneRule(rule, unread);
  }

  /** False when its rules are unknown: the group is left out, and a target behind it not judged. */
  private securityGroup(sg: LSecurityGroup): boolean {
    const id = this.ids.idOfKey(sg.key);
    const group: SecurityGroup = { groupId: id, rules: [] };
    const name = known(sg.name);
    if (name) group.groupName = name;
    const vpc = this.ids.idOf(sg.vpcId);
    if (vpc) group.vpcId = vpc;
    if (isUnknown(sg.rules)) {
      this.record(sg, id, "ingress / egress", sg.rules, "securityGroup.rules");
      return false;
    }
    this.securityGroups[id] = group;
    this.addRules(group, sg, sg.rules);
    return true;
  }

  private standaloneRule(standalone: LStandaloneRule, unread: ReadonlySet<string>): void {
    const groupKey = this.ids.keyOf(standalone.group);
    const groupId = this.ids.idOf(standalone.group);
    if (!groupId) {
      const id = this.ids.idOfKey(standalone.key);
      this.record(standalone, id, "security_group_id / GroupId", standalone.group, "securityGroupRule.group");
      return;
    }
    if (unread.has(groupId)) return;
    const group = (this.securityGroups[groupId] ??= { groupId, rules: [] });
    if (!groupKey && !this.ids.sources.has(groupId)) this.ids.sources.set(groupId, standalone.source);
    this.addRules(group, standalone, standalone.rules);
  }

  private addRules(group: SecurityGroup, owner: LResource, rules: LSgRule[]): void {
    for (const rule of rules) {
      const r = this.sgRule(owner, group.groupId, rule);
      if (r) group.rules.push(r);
    }
  }

  /** A rule as the topology holds it; undefined (recorded) when a part of it is unknown. */
  private sgRule(owner: LResource, groupId: string, rule: LSgRule): SecurityGroupRule | undefined {
    const parts: [string, unknown][] = [
      ["protocol", rule.ipProtocol],
      ["from_port", rule.fromPort],
      ["to_port", rule.toPort],
      ["cidr", rule.cidrIpv4],
      ["ipv6 cidr", rule.cidrIpv6],
      ["prefix list", rule.prefixList],
      ["source security group", rule.group],
    ];
    const unknownPart = parts.find(([, v]) => isUnknown(v));
    if (unknownPart) {
      const attribute = `${rule.isEgress ? "egress" : "ingress"} rule ${unknownPart[0]}`;
      this.record(owner, groupId, attribute, unknownPart[1], "securityGroup.rules");
      return undefined;
    }
    const out: SecurityGroupRule = { groupId, isEgress: rule.isEgress, ipProtocol: String(rule.ipProtocol) };
    const from = known(rule.fromPort);
    const to = known(rule.toPort);
    if (from !== undefined) out.fromPort = from;
    if (to !== undefined) out.toPort = to;
    if (typeof rule.cidrIpv4 === "string") out.cidrIpv4 = rule.cidrIpv4;
    if (typeof rule.cidrIpv6 === "string") out.cidrIpv6 = rule.cidrIpv6;
    if (rule.prefixList !== undefined) {
      out.prefixListId = this.ids.idOf(rule.prefixList)!;
      if (!rule.isEgress) this.ingressPrefixList(owner, groupId, rule.prefixList, out.prefixListId);
    }
    if (rule.group !== undefined) out.referencedGroupInfo = { groupId: this.ids.idOf(rule.group)! };
    if (rule.description) out.description = rule.description;
    return out;
  }

  /** An ingress rule's prefix list that may or may not be VPC Lattice's: whether it opens the range is open. */
  private ingressPrefixList(owner: LResource, groupId: string, value: IdVal, id: string): void {
    const key = this.ids.keyOf(value);
    const target = key ? this.ids.resource(key) : undefined;
    const unnamed = target?.kind === "prefix-list" && isUnknown(target.name);
    if (this.latticeIds.has(id) || !((!this.latticeKnown && !target) || unnamed)) return;
    const region = this.context.region;
    const why =
      target?.kind === "prefix-list"
        ? `the prefix list ${target.source.address} is not known to be com.amazonaws.${region}.vpc-lattice (its name is known after apply)`
        : `${id} is a literal prefix-list id whose name is not in the file: is it com.amazonaws.${region}.vpc-lattice?`;
    this.note(owner, groupId, "ingress rule prefix list", why, "securityGroup.latticePrefixList");
  }

  // --- target groups and targets ------------------------------------------------------------------
  private targetGroup(tg: LTargetGroup, serviceArns: string[]): TargetGroup {
    const id = this.ids.idOfKey(tg.key);
    for (const [attribute, value] of [
      ["type", tg.type],
      ["config.port", tg.port],
      ["config.protocol", tg.protocol],
      ["config.protocol_version", tg.protocolVersion],
      ["config.ip_address_type", tg.ipAddressType],
    ] as const)
      this.record(tg, id, attribute, value, "targetGroup.config");
    const out: TargetGroup = {
      id,
      arn: this.ids.arnOf(tg),
      name: known(tg.name) ?? tg.key,
      type: known(tg.type) ?? AFTER_APPLY,
      status: "ACTIVE",
      serviceArns,
      targets: this.targets(tg, id),
    };
    const port = known(tg.port);
    if (port !== undefined) out.port = port;
    const protocol = known(tg.protocol);
    if (protocol !== undefined) out.protocol = protocol;
    const version = known(tg.protocolVersion);
    if (version !== undefined) out.protocolVersion = version;
    const family = known(tg.ipAddressType);
    if (family !== undefined) out.ipAddressType = family;
    const vpc = this.ids.idOf(tg.vpc);
    if (vpc) out.vpcIdentifier = vpc;
    const hc = this.healthCheck(tg, id);
    if (hc) out.healthCheck = hc;
    return out;
  }

  private targets(tg: LTargetGroup, tgId: string): Target[] {
    return this.of("attachment")
      .filter((a) => this.ids.keyOf(a.targetGroup) === tg.key)
      .flatMap((a) => this.target(tg, tgId, a) ?? []);
  }

  private target(tg: LTargetGroup, tgId: string, a: LAttachment): Target | undefined {
    this.record(tg, tgId, `target ${a.source.address}`, a.target, "targetGroup.targets");
    this.record(tg, tgId, `target port ${a.source.address}`, a.port, "targetGroup.targets");
    if (isUnknown(a.target)) return undefined;
    const targetKey = this.ids.keyOf(a.target);
    const instances = this.of("instance");
    const instance =
      (targetKey ? instances.find((i) => i.key === targetKey) : undefined) ??
      instances.find((i) => typeof a.target === "string" && known(i.privateIp) === a.target);
    const target: Target = { id: this.ids.idOf(a.target)!, status: "(not deployed)" };
    const port = known(a.port);
    if (port !== undefined) target.port = port;
    if (instance) this.instanceTarget(tg, tgId, instance, target);
    return target;
  }

  /** What an instance target adds: its security groups and subnet. */
  private instanceTarget(tg: LTargetGroup, tgId: string, instance: LInstance, target: Target): void {
    const attribute = `vpc_security_group_ids of ${instance.source.address}`;
    const groups = this.groupIds(tg, tgId, attribute, instance.securityGroups, "targetGroup.targets");
    if (groups) target.securityGroupIds = groups;
    const subnet = this.ids.idOf(instance.subnetId);
    if (subnet) target.subnetId = subnet;
  }

  private healthCheck(tg: LTargetGroup, id: string): HealthCheck | undefined {
    const hc = tg.healthCheck; // defaults applied (src/lint/defaults.ts)
    if (isUnknown(hc)) {
      this.record(tg, id, "health_check / HealthCheck", hc, "targetGroup.healthCheck");
      return undefined;
    }
    if (hc === undefined) return undefined;
    const out: HealthCheck = {};
    for (const [key, value] of Object.entries(hc) as [keyof LHealthCheck, unknown][]) {
      if (isUnknown(value)) {
        this.record(tg, id, `health_check.${key}`, value, "targetGroup.healthCheck");
        continue;
      }
      if (key === "matcher") out.matcher = { httpCode: String(value) };
      else (out as Record<string, unknown>)[key] = value;
    }
    return out;
  }

  // --- listeners, rules, actions -------------------------------------------------------------------
  private listeners(serviceKey: string): Listener[] {
    return this.of("listener")
      .filter((l) => this.ids.keyOf(l.service) === serviceKey)
      .map((l) => this.listener(l));
  }

  private listener(l: LListener): Listener {
    const id = this.ids.idOfKey(l.key);
    this.record(l, id, "protocol", l.protocol, "listener.protocol");
    this.record(l, id, "port", l.port, "listener.port");
    const listener: Listener = {
      id,
      arn: this.ids.arnOf(l),
      name: known(l.name) ?? l.key,
      protocol: known(l.protocol) ?? AFTER_APPLY,
      // Unknown: the listener is left out of every check that reads it (see viewFor); the
      // placeholder never reaches a finding.
      port: known(l.port) ?? UNKNOWN_PORT,
      rules: this.of("rule")
        .filter((r) => this.ids.keyOf(r.listener) === l.key)
        .map((r) => this.rule(r)),
    };
    const action = this.action(l, id, l.defaultAction);
    if (action) listener.defaultAction = action;
    return listener;
  }

  private rule(r: LRule): Rule {
    const id = this.ids.idOfKey(r.key);
    const rule: Rule = { id, arn: this.ids.arnOf(r), name: known(r.name) ?? r.key, isDefault: false };
    const priority = known(r.priority);
    if (priority !== undefined) rule.priority = priority;
    if (r.match !== undefined) rule.match = r.match;
    const action = this.action(r, id, r.action);
    if (action) rule.action = action;
    return rule;
  }

  private action(owner: LResource, ownerId: string, a: Val<LAction | undefined>): RuleAction | undefined {
    if (isUnknown(a)) {
      this.record(owner, ownerId, "action", a, "listener.action");
      return undefined;
    }
    if (!a) return { type: "unknown" };
    if (a.type === "fixedResponse") {
      const code = known(a.statusCode);
      return code === undefined ? { type: "unknown" } : { type: "fixedResponse", statusCode: code };
    }
    const targetGroups: Forward[] = [];
    for (const f of a.targetGroups) {
      const entry = this.forward(owner, ownerId, f);
      if (!entry) return undefined;
      targetGroups.push(entry);
    }
    return { type: "forward", targetGroups };
  }

  private forward(owner: LResource, ownerId: string, f: LForward): Forward | undefined {
    const tg = this.ids.idOf(f.targetGroup);
    if (!tg) {
      this.record(owner, ownerId, "forward target_group_identifier", f.targetGroup, "listener.forward");
      return undefined;
    }
    const entry: Forward = { targetGroupIdentifier: tg };
    if (f.weight === undefined) return entry;
    const weight = known(f.weight);
    if (weight === undefined) {
      this.record(owner, ownerId, "forward weight", f.weight, "listener.forward");
      return undefined;
    }
    entry.weight = weight;
    return entry;
  }

  // --- auth policies ----------------------------------------------------------------------------------
  private authPolicy(key: string, id: string, arn: string, authType: string): AuthPolicy {
    const policy = this.policies.find((p) => this.ids.keyOf(p.resource) === key);
    if (!policy) {
      this.strayPolicyMayBe(this.ids.resource(key)!, id);
      return { resourceId: id };
    }
    this.policySources.set(id, policy.source);
    const out: AuthPolicy = { resourceId: id, state: authType === "AWS_IAM" ? "Active" : "Inactive" };
    if (isUnknown(policy.policy)) {
      this.record(policy, id, "policy", policy.policy, "authPolicy.document");
      out.policy = AFTER_APPLY;
      return out;
    }
    out.policy = policy.policy;
    // Literal ARNs in the policy cannot be compared with an ARN that does not exist yet.
    const literal = literalArns(policy.policy, this.ids.synthetic)[0];
    if (this.ids.synthetic.has(arn) && literal !== undefined) {
      const why = `the policy names ${literal} literally, and the ARN of ${key} is known only after apply`;
      this.note(policy, id, "policy Resource", why, "authPolicy.literalArn");
    }
    return out;
  }

  /** `r` has no policy of its own, but the stray one (resource unknown) may be its. */
  private strayPolicyMayBe(r: LResource, id: string): void {
    const stray = this.strayPolicy;
    if (!stray || !isUnknown(stray.resource)) return;
    const why = `${stray.resource.why}: the policy may be ${r.source.address}'s`;
    this.note(stray, id, "resource_identifier / ResourceIdentifier", why, "authPolicy.resource");
  }

  // --- one topology per service, and one for the rest --------------------------------------------------
  private base(service: Service): Topology {
    return {
      topologyVersion: 1,
      region: this.context.region,
      service,
      listeners: [],
      targetGroups: {},
      serviceAssociations: [],
      serviceNetworks: {},
      vpcAssociations: [],
      authPolicies: {},
      securityGroups: this.securityGroups,
      prefixLists: { ...this.prefixLists },
      failures: [],
    };
  }

  private serviceTopology(s: LService): Topology {
    const service = this.service(s);
    const topology = this.base(service);
    topology.listeners = this.listeners(s.key);
    topology.authPolicies[service.id] = this.authPolicy(s.key, service.id, service.arn, service.authType);
    this.forwardedTargetGroups(topology);
    const networkKeys = this.serviceAssociations(topology, s);
    networkKeys.forEach((k) => this.usedNetworks.add(k));
    this.networks(topology, networkKeys);
    return topology;
  }

  /** The target groups the service's listeners and rules forward to. */
  private forwardedTargetGroups(topology: Topology): void {
    const forwarded = new Set<string>();
    for (const l of topology.listeners) {
      for (const a of [l.defaultAction, ...l.rules.map((r) => r.action)]) {
        if (a?.type === "forward") for (const t of a.targetGroups) forwarded.add(t.targetGroupIdentifier);
      }
    }
    for (const tg of this.of("target-group")) {
      const id = this.ids.idOfKey(tg.key);
      if (!forwarded.has(id) && !(tg.knownArn && forwarded.has(tg.knownArn))) continue;
      this.usedTargetGroups.add(tg.key);
      topology.targetGroups[id] = this.targetGroup(tg, [topology.service.arn]);
    }
  }

  /** The service's associations; returns the keys of the networks of the file they name. */
  private serviceAssociations(topology: Topology, s: LService): string[] {
    const networkKeys: string[] = [];
    for (const a of this.of("service-association")) {
      if (this.ids.keyOf(a.service) !== s.key) continue;
      const nKey = this.ids.keyOf(a.network);
      topology.serviceAssociations.push(this.serviceAssociation(a, nKey));
      if (nKey && this.ids.resource(nKey)?.kind === "network" && !networkKeys.includes(nKey))
        networkKeys.push(nKey);
    }
    return networkKeys;
  }

  private serviceAssociation(a: LServiceAssociation, networkKey: string | undefined): ServiceAssociation {
    return {
      id: this.ids.idOfKey(a.key),
      arn: this.ids.arnOf(a),
      status: "ACTIVE",
      serviceNetworkId: networkKey ? this.ids.idOfKey(networkKey) : (this.ids.idOf(a.network) ?? AFTER_APPLY),
    };
  }

  private networks(topology: Topology, networkKeys: string[]): void {
    for (const key of networkKeys) {
      const network = this.network(this.ids.resource(key) as LNetwork);
      topology.serviceNetworks[network.id] = network;
      topology.authPolicies[network.id] = this.authPolicy(key, network.id, network.arn, network.authType);
      for (const v of this.of("vpc-association")) {
        if (this.ids.keyOf(v.network) === key)
          topology.vpcAssociations.push(this.vpcAssociation(v, network.id));
      }
    }
  }

  /** What no service of the file reaches (networks, target groups, groups alone), if anything. */
  private restTopology(noServices: boolean): Topology | undefined {
    const targetGroups = this.of("target-group").filter((tg) => !this.usedTargetGroups.has(tg.key));
    const networks = this.of("network")
      .filter((n) => !this.usedNetworks.has(n.key))
      .map((n) => n.key);
    const groups = Object.keys(this.securityGroups).length > 0 && noServices;
    if (targetGroups.length === 0 && networks.length === 0 && !groups) return undefined;
    const topology = this.base({
      id: NO_SERVICE_ID,
      arn: "",
      name: NO_SERVICE_ID,
      status: "ACTIVE",
      authType: "NONE",
    });
    for (const tg of targetGroups) {
      const t = this.targetGroup(tg, []);
      topology.targetGroups[t.id] = t;
    }
    this.networks(topology, networks);
    return topology;
  }
}

/** A resource can be visited by several topologies: keep each unknown once. */
function uniqueUnknowns(unknowns: UnknownRecord[]): UnknownRecord[] {
  const seen = new Set<string>();
  return unknowns.filter((u) => {
    const key = `${u.id}|${u.attribute}|${u.why}|${u.input}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** vpc-lattice ARNs written literally in a policy (not the placeholders of resources of the file). */
function literalArns(policy: string, synthetic: Set<string>): string[] {
  const found = policy.match(/arn:[a-z-]+:vpc-lattice:[^"*\s,]*/g) ?? [];
  return found.filter((arn) => ![...synthetic].some((s) => s.startsWith("arn:") && arn.startsWith(s)));
}

/**
 * The topology as `check` may see it: every part with a value unknown to that check left out, as
 * doctor leaves out what it could not read, so none of its findings rests on an unknown value and
 * the rest of the topology is still judged. Undefined when the subject itself (the service) is
 * unknown to the check: then it does not run on this topology.
 */
export function viewFor(
  topology: Topology,
  check: Check,
  unknowns: readonly UnknownRecord[],
): Topology | undefined {
  const ids = new Set(unknowns.filter((u) => reads(check, u.input)).map((u) => u.id));
  if (ids.size === 0) return topology;
  if (ids.has(topology.service.id)) return undefined;
  const keep = <T>(record: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(record).filter(([id]) => !ids.has(id)));
  return {
    ...topology,
    listeners: topology.listeners
      .filter((l) => !ids.has(l.id))
      .map((l) => ({ ...l, rules: l.rules.filter((r) => !ids.has(r.id)) })),
    targetGroups: keep(topology.targetGroups),
    securityGroups: keep(topology.securityGroups),
    serviceNetworks: keep(topology.serviceNetworks),
    authPolicies: keep(topology.authPolicies),
    vpcAssociations: topology.vpcAssociations.filter((a) => !ids.has(a.id)),
  };
}
