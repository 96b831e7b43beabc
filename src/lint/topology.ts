/**
 * The lint model → the topology `lattice doctor` builds live (one per service of the file, plus one
 * for what no service of the file reaches: networks, target groups and security groups defined on
 * their own), and the record of every value that is unknown until apply, with the checks it leaves
 * inconclusive.
 *
 * Identifiers: a resource that exists already keeps its real id; one still to be created is known by
 * its address (Terraform) or logical id (CloudFormation), and its ARN is built from that with the
 * run's region and account placeholders. An unknown value is never guessed: the topology gets a value
 * no check fires on (a part left out, as when doctor could not read it) and an UnknownRecord names the
 * checks whose findings on that resource are dropped as inconclusive.
 */
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
  ServiceNetwork,
  Target,
  TargetGroup,
  Topology,
  VpcAssociation,
} from "../topology/types.js";
import {
  isRef,
  isUnknown,
  type IdVal,
  type LAction,
  type LAttachment,
  type LAuthPolicy,
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
  type LSgRule,
  type LStandaloneRule,
  type LTargetGroup,
  type LVpcAssociation,
  type Source,
  type Val,
} from "./model.js";

/** A value unknown until apply, and the checks it leaves inconclusive on that resource. */
export interface UnknownRecord {
  /** Topology id of the resource the checks would report on. */
  id: string;
  address: string;
  file: string;
  attribute: string;
  why: string;
  codes: string[];
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

const AUTH = ["LAT-401", "LAT-402", "LAT-404", "LAT-405", "LAT-406", "LAT-408"];
const TARGET_SG = ["LAT-501", "LAT-502", "LAT-503", "LAT-504"];
const TG_SHAPE = ["LAT-104", "LAT-305", "LAT-309", ...TARGET_SG];
/** Checks that read a listener (its protocol and port appear in their findings). */
const LISTENER_CODES = ["LAT-104", "LAT-105", "LAT-106", "LAT-107", "LAT-207", "LAT-408", "LAT-505"];
const UNKNOWN_PORT = -1;

/** The documented VPC Lattice ranges (lattice-facts §4.1), for files that do not read the prefix lists. */
export const DOCUMENTED_RANGES = { ipv4: ["169.254.171.0/24"], ipv6: ["fd00:ec2:80::/64"] };

const ARN_TYPE: Partial<Record<LResource["kind"], string>> = {
  service: "service",
  network: "servicenetwork",
  "target-group": "targetgroup",
  listener: "listener",
  rule: "rule",
};

export const NO_SERVICE_ID = "(no service in this file)";

export function buildTopologies(model: LintModel, context: BuildContext): LintBuild {
  const byKey = new Map<string, LResource>(model.resources.map((r) => [r.key, r]));
  const unknowns: UnknownRecord[] = [];
  const sources = new Map<string, Source>();
  const synthetic = new Set<string>();
  const policySources = new Map<string, Source>();

  const idOfKey = (key: string): string => {
    const r = byKey.get(key);
    return r?.knownId ?? key;
  };
  const arnOf = (r: LResource): string => {
    if (r.knownArn) return r.knownArn;
    const type = ARN_TYPE[r.kind];
    const arn = `arn:aws:vpc-lattice:${context.region}:${context.accountId}:${type ?? r.kind}/${idOfKey(r.key)}`;
    synthetic.add(arn);
    return arn;
  };
  for (const r of model.resources) {
    const id = idOfKey(r.key);
    if (!r.knownId) synthetic.add(id);
    if (!sources.has(id)) sources.set(id, r.source);
    if (ARN_TYPE[r.kind]) sources.set(arnOf(r), r.source);
  }

  /** The key of the resource an identifier names (a reference, or a literal id/ARN of a resource of the file). */
  const keyOf = (v: IdVal | undefined): string | undefined => {
    if (v === undefined || isUnknown(v)) return undefined;
    if (isRef(v)) return byKey.has(v.ref) ? v.ref : undefined;
    return model.resources.find((r) => r.knownId === v || r.knownArn === v)?.key;
  };
  /** An identifier as the topology holds it: the id of a resource of the file, else the literal. */
  const idOf = (v: IdVal | undefined): string | undefined => {
    if (v === undefined || isUnknown(v)) return undefined;
    const key = keyOf(v);
    if (key) return idOfKey(key);
    return isRef(v) ? v.ref : v;
  };

  const record = (r: LResource, id: string, attribute: string, value: unknown, codes: string[]) => {
    if (!isUnknown(value)) return;
    unknowns.push({ id, address: r.source.address, file: r.source.file, attribute, why: value.why, codes });
  };
  const known = <T>(v: Val<T>): T | undefined => (isUnknown(v) ? undefined : v);

  const of = <K extends LResource["kind"]>(kind: K) =>
    model.resources.filter((r): r is Extract<LResource, { kind: K }> => r.kind === kind);

  // --- services and networks ---------------------------------------------------------------------
  const serviceOf = (r: LService): Service => {
    const id = idOfKey(r.key);
    record(r, id, "auth_type / AuthType", r.authType, AUTH);
    record(r, id, "custom_domain_name / CustomDomainName", r.customDomainName, ["LAT-105", "LAT-106"]);
    record(r, id, "certificate_arn / CertificateArn", r.certificateArn, ["LAT-105"]);
    const service: Service = {
      id,
      arn: arnOf(r),
      name: known(r.name) ?? r.key,
      status: "ACTIVE",
      authType: known(r.authType) ?? "(known after apply)",
    };
    const domain = r.customDomainName;
    if (domain !== undefined) service.customDomainName = known(domain) ?? "(known after apply)";
    const cert = r.certificateArn;
    if (cert !== undefined) service.certificateArn = known(cert) ?? "(known after apply)";
    return service;
  };
  const networkOf = (r: LNetwork): ServiceNetwork => {
    const id = idOfKey(r.key);
    record(r, id, "auth_type / AuthType", r.authType, AUTH);
    return {
      id,
      arn: arnOf(r),
      name: known(r.name) ?? r.key,
      authType: known(r.authType) ?? "(known after apply)",
    };
  };

  // --- security groups and prefix lists ----------------------------------------------------------
  const prefixLists = of("prefix-list");
  const latticeList = (family: "ipv4" | "ipv6"): LPrefixList | undefined =>
    prefixLists.find((p) => {
      const name = known(p.name);
      return (
        typeof name === "string" &&
        (family === "ipv4"
          ? /^com\.amazonaws\.[a-z0-9-]+\.vpc-lattice$/
          : /^com\.amazonaws\.[a-z0-9-]+\.ipv6\.vpc-lattice$/
        ).test(name)
      );
    });
  const topologyList = (family: "ipv4" | "ipv6"): PrefixList => {
    const found = latticeList(family);
    const name = `com.amazonaws.${context.region}.${family === "ipv6" ? "ipv6." : ""}vpc-lattice`;
    // Entries the file does not read are the documented ranges: a rule copying them is LAT-504.
    const documented = { cidrs: DOCUMENTED_RANGES[family], entriesExcludePrivateIpv4: true };
    if (!found && family === "ipv4" && context.prefixListId)
      return { prefixListId: context.prefixListId, prefixListName: name, ...documented };
    if (!found) {
      // The checks' own placeholder for an id to look up, so a fix command stays usable.
      const placeholder = family === "ipv4" ? "<pl-id>" : "<ipv6-pl-id>";
      return { prefixListId: placeholder, prefixListName: name, ...documented };
    }
    const id = idOfKey(found.key);
    const list: PrefixList = { prefixListId: id, prefixListName: known(found.name) ?? name };
    const entries = known(found.entries);
    if (entries && entries.length > 0) list.cidrs = entries;
    else Object.assign(list, documented);
    return list;
  };
  const ipv4 = topologyList("ipv4");
  const ipv6 = topologyList("ipv6");
  const latticeIds = new Set([ipv4.prefixListId, ipv6.prefixListId]);
  const latticeKnown = latticeList("ipv4") !== undefined || context.prefixListId !== undefined;

  const securityGroups: Record<string, SecurityGroup> = {};
  const ruleOf = (owner: LResource, groupId: string, rule: LSgRule): SecurityGroupRule | undefined => {
    const out: SecurityGroupRule = {
      groupId,
      isEgress: rule.isEgress,
      ipProtocol: "-1",
    };
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
      record(
        owner,
        groupId,
        `${rule.isEgress ? "egress" : "ingress"} rule ${unknownPart[0]}`,
        unknownPart[1],
        [...TARGET_SG, "LAT-505"],
      );
      return undefined;
    }
    out.ipProtocol = String(rule.ipProtocol);
    const from = known(rule.fromPort);
    const to = known(rule.toPort);
    if (from !== undefined) out.fromPort = from;
    if (to !== undefined) out.toPort = to;
    if (typeof rule.cidrIpv4 === "string") out.cidrIpv4 = rule.cidrIpv4;
    if (typeof rule.cidrIpv6 === "string") out.cidrIpv6 = rule.cidrIpv6;
    if (rule.prefixList !== undefined) {
      const pl = idOf(rule.prefixList)!;
      out.prefixListId = pl;
      const target = keyOf(rule.prefixList) ? byKey.get(keyOf(rule.prefixList)!) : undefined;
      const unnamed = target?.kind === "prefix-list" && isUnknown(target.name);
      if (!rule.isEgress && !latticeIds.has(pl) && ((!latticeKnown && !target) || unnamed)) {
        const why =
          target?.kind === "prefix-list"
            ? `the prefix list ${target.source.address} is not known to be com.amazonaws.${context.region}.vpc-lattice (its name is known after apply)`
            : `${pl} is a literal prefix-list id whose name is not in the file: is it com.amazonaws.${context.region}.vpc-lattice?`;
        unknowns.push({
          id: groupId,
          address: owner.source.address,
          file: owner.source.file,
          attribute: "ingress rule prefix list",
          why,
          codes: ["LAT-501", "LAT-502", "LAT-503"],
        });
      }
    }
    if (rule.group !== undefined) out.referencedGroupInfo = { groupId: idOf(rule.group)! };
    if (rule.description) out.description = rule.description;
    return out;
  };
  for (const sg of of("security-group") as LSecurityGroup[]) {
    const id = idOfKey(sg.key);
    const group: SecurityGroup = { groupId: id, rules: [] };
    const name = known(sg.name);
    if (name) group.groupName = name;
    const vpc = idOf(sg.vpcId);
    if (vpc) group.vpcId = vpc;
    if (isUnknown(sg.rules)) {
      record(sg, id, "ingress / egress", sg.rules, [...TARGET_SG, "LAT-505"]);
      continue; // left out: a target behind it is not judged
    }
    securityGroups[id] = group;
    for (const rule of sg.rules) {
      const r = ruleOf(sg, id, rule);
      if (r) group.rules.push(r);
    }
  }
  const dropped = new Set<string>(
    unknowns.filter((u) => u.attribute === "ingress / egress").map((u) => u.id),
  );
  for (const standalone of of("sg-rule") as LStandaloneRule[]) {
    const groupKey = keyOf(standalone.group);
    const groupId = idOf(standalone.group);
    if (!groupId) {
      record(standalone, idOfKey(standalone.key), "security_group_id / GroupId", standalone.group, []);
      continue;
    }
    if (dropped.has(groupId)) continue;
    const group = (securityGroups[groupId] ??= { groupId, rules: [] });
    if (!groupKey && !sources.has(groupId)) sources.set(groupId, standalone.source);
    for (const rule of standalone.rules) {
      const r = ruleOf(standalone, groupId, rule);
      if (r) group.rules.push(r);
    }
  }
  // Groups whose rules are unknown in part are judged only on what is known: their findings are dropped.

  // --- target groups and targets ------------------------------------------------------------------
  const instances = of("instance") as LInstance[];
  const targetsOf = (tgKey: string, tgId: string, tg: LTargetGroup): Target[] => {
    const out: Target[] = [];
    for (const a of of("attachment") as LAttachment[]) {
      if (keyOf(a.targetGroup) !== tgKey) continue;
      record(tg, tgId, `target ${a.source.address}`, a.target, TARGET_SG);
      record(tg, tgId, `target port ${a.source.address}`, a.port, TARGET_SG);
      if (isUnknown(a.target)) continue;
      const targetKey = keyOf(a.target);
      const instance =
        (targetKey ? instances.find((i) => i.key === targetKey) : undefined) ??
        instances.find((i) => typeof a.target === "string" && known(i.privateIp) === a.target);
      const target: Target = { id: idOf(a.target)!, status: "(not deployed)" };
      const port = known(a.port);
      if (port !== undefined) target.port = port;
      if (instance) {
        if (isUnknown(instance.securityGroups)) {
          record(
            tg,
            tgId,
            `vpc_security_group_ids of ${instance.source.address}`,
            instance.securityGroups,
            TARGET_SG,
          );
        } else {
          const ids = instance.securityGroups.map((g) => idOf(g));
          if (ids.every((g): g is string => g !== undefined)) target.securityGroupIds = ids;
          else
            record(
              tg,
              tgId,
              `vpc_security_group_ids of ${instance.source.address}`,
              instance.securityGroups.find(isUnknown),
              TARGET_SG,
            );
        }
        const subnet = idOf(instance.subnetId);
        if (subnet) target.subnetId = subnet;
      }
      out.push(target);
    }
    return out;
  };
  const healthCheckOf = (tg: LTargetGroup, id: string): HealthCheck | undefined => {
    const hc = tg.healthCheck; // defaults applied (src/lint/defaults.ts)
    if (isUnknown(hc)) {
      record(tg, id, "health_check / HealthCheck", hc, ["LAT-305", "LAT-309", "LAT-502"]);
      return undefined;
    }
    if (hc === undefined) return undefined;
    const out: HealthCheck = {};
    for (const [key, value] of Object.entries(hc) as [keyof LHealthCheck, unknown][]) {
      if (isUnknown(value)) {
        record(tg, id, `health_check.${key}`, value, ["LAT-305", "LAT-309", "LAT-502", "LAT-307"]);
        continue;
      }
      if (key === "matcher") out.matcher = { httpCode: String(value) };
      else (out as Record<string, unknown>)[key] = value;
    }
    return out;
  };
  const targetGroupOf = (tg: LTargetGroup, serviceArns: string[]): TargetGroup => {
    const id = idOfKey(tg.key);
    for (const [attribute, value] of [
      ["type", tg.type],
      ["config.port", tg.port],
      ["config.protocol", tg.protocol],
      ["config.protocol_version", tg.protocolVersion],
      ["config.ip_address_type", tg.ipAddressType],
    ] as const)
      record(tg, id, attribute, value, TG_SHAPE);
    const type = known(tg.type);
    const out: TargetGroup = {
      id,
      arn: arnOf(tg),
      name: known(tg.name) ?? tg.key,
      type: type ?? "(known after apply)",
      status: "ACTIVE",
      serviceArns,
      targets: targetsOf(tg.key, id, tg),
    };
    const port = known(tg.port);
    if (port !== undefined) out.port = port;
    const protocol = known(tg.protocol);
    if (protocol !== undefined) out.protocol = protocol;
    const version = known(tg.protocolVersion);
    if (version !== undefined) out.protocolVersion = version;
    const family = known(tg.ipAddressType);
    if (family !== undefined) out.ipAddressType = family;
    const vpc = idOf(tg.vpc);
    if (vpc) out.vpcIdentifier = vpc;
    const hc = healthCheckOf(tg, id);
    if (hc) out.healthCheck = hc;
    return out;
  };

  // --- actions, listeners, rules -------------------------------------------------------------------
  const actionOf = (
    owner: LResource,
    ownerId: string,
    a: Val<LAction | undefined>,
  ): RuleAction | undefined => {
    if (isUnknown(a)) {
      record(owner, ownerId, "action", a, ["LAT-103", "LAT-104", "LAT-107"]);
      return undefined;
    }
    if (!a) return { type: "unknown" };
    if (a.type === "fixedResponse") {
      const code = known(a.statusCode);
      return code === undefined ? { type: "unknown" } : { type: "fixedResponse", statusCode: code };
    }
    const targetGroups: { targetGroupIdentifier: string; weight?: number }[] = [];
    for (const f of a.targetGroups) {
      const tg = idOf(f.targetGroup);
      if (!tg) {
        record(owner, ownerId, "forward target_group_identifier", f.targetGroup, ["LAT-103", "LAT-104"]);
        return undefined;
      }
      const entry: { targetGroupIdentifier: string; weight?: number } = { targetGroupIdentifier: tg };
      if (f.weight !== undefined) {
        const w = known(f.weight);
        if (w === undefined) {
          record(owner, ownerId, "forward weight", f.weight, ["LAT-103", "LAT-104"]);
          return undefined;
        }
        entry.weight = w;
      }
      targetGroups.push(entry);
    }
    return { type: "forward", targetGroups };
  };

  const listenersOf = (serviceKey: string): Listener[] =>
    (of("listener") as LListener[])
      .filter((l) => keyOf(l.service) === serviceKey)
      .map((l) => {
        const id = idOfKey(l.key);
        record(l, id, "protocol", l.protocol, LISTENER_CODES);
        record(l, id, "port", l.port, LISTENER_CODES);
        const listener: Listener = {
          id,
          arn: arnOf(l),
          name: known(l.name) ?? l.key,
          protocol: known(l.protocol) ?? "(known after apply)",
          // Unknown: the listener is left out of every check that reads it (see viewFor); the
          // placeholder never reaches a finding.
          port: known(l.port) ?? UNKNOWN_PORT,
          rules: (of("rule") as LRule[])
            .filter((r) => keyOf(r.listener) === l.key)
            .map((r) => {
              const rid = idOfKey(r.key);
              const rule: Rule = { id: rid, arn: arnOf(r), name: known(r.name) ?? r.key, isDefault: false };
              const priority = known(r.priority);
              if (priority !== undefined) rule.priority = priority;
              if (r.match !== undefined) rule.match = r.match;
              const action = actionOf(r, rid, r.action);
              if (action) rule.action = action;
              return rule;
            }),
        };
        const action = actionOf(l, id, l.defaultAction);
        if (action) listener.defaultAction = action;
        return listener;
      });

  // --- auth policies ----------------------------------------------------------------------------------
  const policies = of("auth-policy") as LAuthPolicy[];
  // A policy whose resource is unknown may belong to any service or network: none lacks one for sure.
  const strayPolicy = policies.find((p) => isUnknown(p.resource));
  const strayPolicyRecord = (r: LResource, id: string) => {
    if (strayPolicy && isUnknown(strayPolicy.resource))
      unknowns.push({
        id,
        address: strayPolicy.source.address,
        file: strayPolicy.source.file,
        attribute: "resource_identifier / ResourceIdentifier",
        why: `${strayPolicy.resource.why}: the policy may be ${r.source.address}'s`,
        codes: ["LAT-401"],
      });
  };
  const authPolicyOf = (key: string, id: string, arn: string, authType: string): AuthPolicy => {
    const policy = policies.find((p) => keyOf(p.resource) === key);
    if (!policy) {
      strayPolicyRecord(byKey.get(key)!, id);
      return { resourceId: id };
    }
    policySources.set(id, policy.source);
    const out: AuthPolicy = { resourceId: id, state: authType === "AWS_IAM" ? "Active" : "Inactive" };
    if (isUnknown(policy.policy)) {
      record(policy, id, "policy", policy.policy, ["LAT-402", "LAT-404", "LAT-405", "LAT-408"]);
      out.policy = "(known after apply)";
      return out;
    }
    out.policy = policy.policy;
    // Literal ARNs in the policy cannot be compared with an ARN that does not exist yet.
    if (synthetic.has(arn) && literalArns(policy.policy, synthetic).length > 0) {
      unknowns.push({
        id,
        address: policy.source.address,
        file: policy.source.file,
        attribute: "policy Resource",
        why: `the policy names ${literalArns(policy.policy, synthetic)[0]} literally, and the ARN of ${key} is known only after apply`,
        codes: ["LAT-405"],
      });
    }
    return out;
  };

  // --- one topology per service, and one for the rest --------------------------------------------------
  const baseTopology = (service: Service): Topology => ({
    topologyVersion: 1,
    region: context.region,
    service,
    listeners: [],
    targetGroups: {},
    serviceAssociations: [],
    serviceNetworks: {},
    vpcAssociations: [],
    authPolicies: {},
    securityGroups,
    prefixLists: { ipv4, ipv6 },
    failures: [],
  });
  const usedTgs = new Set<string>();
  const usedNetworks = new Set<string>();
  const topologies: BuiltTopology[] = [];
  const tgResources = of("target-group") as LTargetGroup[];
  const networksFor = (topology: Topology, networkKeys: string[]) => {
    for (const nKey of networkKeys) {
      const n = byKey.get(nKey) as LNetwork;
      const network = networkOf(n);
      topology.serviceNetworks[network.id] = network;
      topology.authPolicies[network.id] = authPolicyOf(nKey, network.id, network.arn, network.authType);
      for (const v of of("vpc-association") as LVpcAssociation[]) {
        if (keyOf(v.network) !== nKey) continue;
        const vid = idOfKey(v.key);
        const assoc: VpcAssociation = {
          id: vid,
          arn: arnOf(v),
          status: "ACTIVE",
          serviceNetworkId: network.id,
          vpcId: idOf(v.vpcId) ?? "(known after apply)",
        };
        record(v, vid, "vpc_identifier / VpcIdentifier", v.vpcId, ["LAT-207", "LAT-505"]);
        if (isUnknown(v.securityGroups))
          record(v, vid, "security_group_ids", v.securityGroups, ["LAT-207", "LAT-505"]);
        else {
          const ids = v.securityGroups.map((g) => idOf(g));
          if (ids.every((g): g is string => g !== undefined)) assoc.securityGroupIds = ids;
          else record(v, vid, "security_group_ids", v.securityGroups.find(isUnknown), ["LAT-207", "LAT-505"]);
        }
        topology.vpcAssociations.push(assoc);
      }
    }
  };

  for (const s of of("service") as LService[]) {
    const service = serviceOf(s);
    const topology = baseTopology(service);
    topology.listeners = listenersOf(s.key);
    topology.authPolicies[service.id] = authPolicyOf(s.key, service.id, service.arn, service.authType);
    const forwarded = new Set<string>();
    for (const l of topology.listeners) {
      for (const a of [l.defaultAction, ...l.rules.map((r) => r.action)]) {
        if (a?.type === "forward") for (const t of a.targetGroups) forwarded.add(t.targetGroupIdentifier);
      }
    }
    for (const tg of tgResources) {
      const id = idOfKey(tg.key);
      if (!forwarded.has(id) && !(tg.knownArn && forwarded.has(tg.knownArn))) continue;
      usedTgs.add(tg.key);
      topology.targetGroups[id] = targetGroupOf(tg, [service.arn]);
    }
    const networkKeys: string[] = [];
    for (const a of of("service-association")) {
      if (keyOf(a.service) !== s.key) continue;
      const nKey = keyOf(a.network);
      const aid = idOfKey(a.key);
      topology.serviceAssociations.push({
        id: aid,
        arn: arnOf(a),
        status: "ACTIVE",
        serviceNetworkId: nKey ? idOfKey(nKey) : (idOf(a.network) ?? "(known after apply)"),
      });
      if (nKey && byKey.get(nKey)?.kind === "network" && !networkKeys.includes(nKey)) networkKeys.push(nKey);
    }
    networkKeys.forEach((k) => usedNetworks.add(k));
    networksFor(topology, networkKeys);
    topologies.push({ topology, hasService: true });
  }

  const restTgs = tgResources.filter((tg) => !usedTgs.has(tg.key));
  const restNetworks = (of("network") as LNetwork[])
    .filter((n) => !usedNetworks.has(n.key))
    .map((n) => n.key);
  const restGroups = Object.keys(securityGroups).length > 0 && topologies.length === 0;
  if (restTgs.length > 0 || restNetworks.length > 0 || restGroups) {
    const topology = baseTopology({
      id: NO_SERVICE_ID,
      arn: "",
      name: NO_SERVICE_ID,
      status: "ACTIVE",
      authType: "NONE",
    });
    for (const tg of restTgs) {
      const t = targetGroupOf(tg, []);
      topology.targetGroups[t.id] = t;
    }
    networksFor(topology, restNetworks);
    topologies.push({ topology, hasService: false });
  }

  // A resource can be visited by several topologies: keep each unknown once.
  const seen = new Set<string>();
  const unique = unknowns.filter((u) => {
    const key = `${u.id}|${u.attribute}|${u.why}|${u.codes.join(",")}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { topologies, unknowns: unique, sources, synthetic, policySources };
}

/** vpc-lattice ARNs written literally in a policy (not the placeholders of resources of the file). */
function literalArns(policy: string, synthetic: Set<string>): string[] {
  const found = policy.match(/arn:[a-z-]+:vpc-lattice:[^"*\s,]*/g) ?? [];
  return found.filter((arn) => ![...synthetic].some((s) => s.startsWith("arn:") && arn.startsWith(s)));
}

/**
 * The topology as `code` may see it: every part with a value unknown to that check left out, as
 * doctor leaves out what it could not read, so no finding of `code` rests on an unknown value and
 * the rest of the topology is still judged. Undefined when the subject itself (the service) is
 * unknown to the check: then it does not run on this topology.
 */
export function viewFor(
  topology: Topology,
  code: string,
  unknowns: readonly UnknownRecord[],
): Topology | undefined {
  const ids = new Set(unknowns.filter((u) => u.codes.includes(code)).map((u) => u.id));
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
