import type { NetworkAcl, NetworkAclEntry, PrefixList, Target, TargetGroup } from "../src/topology/types.js";
import { symptomKey } from "./lib/signals.js";
import { defineCheck, type CheckContext, type Evidence, type FindingDraft } from "./define.js";
import { awsCli } from "./lib/commands.js";
import { explicitHealthCheckPort, healthChecksOn, listTargetsEvidence, trafficPort } from "./lib/health.js";
import {
  DEFAULT_RULE_NUMBER,
  EPHEMERAL_PORTS,
  certainDenials,
  describeEntry,
  describePortRange,
  entryEvidence,
  evaluateNacl,
  freeRuleNumber,
  type NaclDecision,
  type NaclQuery,
  type PortRange,
} from "./lib/nacl.js";
import { inUseTargetGroups } from "./lib/traffic.js";
import { clientNaclFindings } from "./lib/client-nacl.js";

type Purpose = "requests" | "health checks" | "return traffic";

interface Problem {
  egress: boolean;
  ports: PortRange;
  cidr: string;
  purpose: Purpose;
  denials: NaclDecision[];
}

interface AclFindings {
  acl: NetworkAcl;
  subnets: Set<string>;
  problems: Map<string, Problem>;
  targets: Map<string, { tg: TargetGroup; targets: Target[] }>;
}

/** IPV4 INSTANCE/IP target groups: Lattice reaches their targets from the IPv4 prefix list. */
function inScope(tg: TargetGroup): boolean {
  const type = tg.type.toUpperCase();
  return (type === "INSTANCE" || type === "IP") && (tg.ipAddressType ?? "IPV4").toUpperCase() === "IPV4";
}

function ruleName(entry: NetworkAclEntry | undefined): string {
  return !entry || entry.ruleNumber === DEFAULT_RULE_NUMBER
    ? "the default rule *"
    : `rule ${entry.ruleNumber}`;
}

function problemText(p: Problem, long: boolean): string {
  const denied = p.denials.map((d) => describePortRange(d)).join(", ");
  const whole = describePortRange(p.ports);
  const ports = denied === whole ? whole : `${denied} (of ${whole})`;
  const by = [...new Set(p.denials.map((d) => (long ? describeEntry(d.entry) : ruleName(d.entry))))].join(
    ", ",
  );
  return `${p.egress ? "outbound" : "inbound"} TCP ${ports} ${p.egress ? "to" : "from"} ${p.cidr} (${p.purpose}) denied by ${by}`;
}

function deciding(p: Problem): number {
  return Math.min(...p.denials.map((d) => d.entry?.ruleNumber ?? DEFAULT_RULE_NUMBER));
}

function fixCommands(f: AclFindings, context: CheckContext): string[] {
  const added: NetworkAclEntry[] = [];
  const commands: string[] = [];
  for (const p of f.problems.values()) {
    const acl = { ...f.acl, entries: [...f.acl.entries, ...added] };
    const number = freeRuleNumber(acl, p.egress, deciding(p));
    if (number === undefined) continue;
    added.push({
      ruleNumber: number,
      egress: p.egress,
      protocol: "6",
      ruleAction: "allow",
      cidrBlock: p.cidr,
    });
    commands.push(
      awsCli(
        `aws ec2 create-network-acl-entry --network-acl-id ${f.acl.networkAclId} ${p.egress ? "--egress" : "--ingress"} ` +
          `--rule-number ${number} --protocol tcp --port-range From=${p.ports.from},To=${p.ports.to} ` +
          `--cidr-block ${p.cidr} --rule-action allow`,
        context,
      ),
    );
  }
  return commands;
}

function findingFor(f: AclFindings, prefixList: PrefixList, context: CheckContext): FindingDraft {
  const problems = [...f.problems.values()];
  const subnets = [...f.subnets];
  const tgs = [...f.targets.values()];
  const decidingEntries = [
    ...new Map(
      problems
        .flatMap((p) => p.denials.map((d) => d.entry))
        .filter((e): e is NetworkAclEntry => e !== undefined)
        .map((e) => [`${e.egress}:${e.ruleNumber}`, e]),
    ).values(),
  ];
  const evidence: Evidence[] = [
    {
      call: "ec2:DescribeNetworkAcls",
      observed: {
        networkAclId: f.acl.networkAclId,
        ...(f.acl.isDefault !== undefined ? { isDefault: f.acl.isDefault } : {}),
        associations: subnets.map((subnetId) => ({ networkAclId: f.acl.networkAclId, subnetId })),
        entries: [...f.acl.entries]
          .sort((a, b) => Number(a.egress) - Number(b.egress) || a.ruleNumber - b.ruleNumber)
          .map(entryEvidence),
        decidingEntries: decidingEntries.map(entryEvidence),
      },
    },
  ];
  evidence.push({
    call: "ec2:GetManagedPrefixListEntries",
    observed: {
      prefixListId: prefixList.prefixListId,
      prefixListName: prefixList.prefixListName,
      entries: prefixList.cidrs,
    },
  });
  for (const { tg, targets } of tgs) evidence.push(listTargetsEvidence(tg, targets));
  const outbound = problems.some((p) => p.egress);
  const inbound = problems.some((p) => !p.egress);
  return {
    title:
      `Network ACL ${f.acl.networkAclId} of ${subnets.join(", ")} blocks VPC Lattice: ` +
      problems.map((p) => problemText(p, false)).join("; "),
    detail:
      `The targets ${tgs.flatMap((t) => t.targets.map((x) => x.id)).join(", ")} of ` +
      `${tgs.map((t) => `${t.tg.name} (${t.tg.id})`).join(", ")} sit in ${subnets.join(", ")}, whose network ACL ` +
      `${f.acl.networkAclId} is evaluated rule by rule in ascending order, first match wins, and denies what no rule ` +
      "allows (rule *). VPC Lattice reaches targets from the addresses of its managed prefix list. " +
      (inbound ? "Inbound, the ACL drops Lattice's connections on the port they need. " : "") +
      (outbound
        ? "Outbound, network ACLs are stateless: the targets' replies to Lattice go to its ephemeral ports " +
          "(1024-65535) and must be allowed explicitly, and they are not. "
        : "") +
      `Denied: ${problems.map((p) => problemText(p, true)).join("; ")}. ` +
      "Connections from Lattice to these targets time out: requests routed there fail and the health checks fail too.",
    resource: { type: "network-acl", id: f.acl.networkAclId },
    evidence,
    fix: {
      summary:
        `Add allow entries to ${f.acl.networkAclId} ahead of the denying ones (a lower rule number): inbound TCP on the ` +
        "target and health-check ports from the Lattice prefix list's CIDRs, outbound TCP 1024-65535 to them.",
      commands: fixCommands(f, context),
    },
    // The target groups, and what their alarms count when Lattice cannot reach the targets.
    affects: tgs.flatMap((t) => [t.tg.id, symptomKey(t.tg.id, "connection"), symptomKey(t.tg.id, "5xx")]),
  };
}

export default defineCheck({
  code: "LAT-507",
  name: "nacl-blocks-lattice",
  severity: "error",
  hop: "targets",
  causes: ["LAT-301", "LAT-302", "LAT-604", "LAT-605", "LAT-606"],
  symptoms: ["timeout"],
  lint: { judged: "live", reason: "network ACLs of the target subnets are not read by lint" },
  needs: ["targetGroups", "targets", "targetNetwork", "networkAcls", "prefixLists"],
  run(topology, context) {
    // With --from, the client subnet's ACL too (outbound listener port, inbound ephemeral ports).
    const clientSide = clientNaclFindings(topology, context);
    const prefixList = topology.prefixLists.ipv4;
    const cidrs = prefixList?.cidrs;
    if (!prefixList || !topology.subnets || !topology.networkAcls || !cidrs || cidrs.length === 0)
      return clientSide;
    const byAcl = new Map<string, AclFindings>();
    // Targets share their subnets' ACLs and their group's ports: each ACL answers each query once,
    // not once per target (200 targets × 3 queries × every prefix-list CIDR on a large service).
    const decided = new Map<string, NaclDecision[]>();
    const denialsOf = (acl: NetworkAcl, query: NaclQuery): NaclDecision[] => {
      const key = `${acl.networkAclId}:${query.egress}:${query.ports.from}-${query.ports.to}:${query.cidr}`;
      let denials = decided.get(key);
      if (!denials) decided.set(key, (denials = certainDenials(evaluateNacl(acl, query))));
      return denials;
    };
    for (const use of inUseTargetGroups(topology)) {
      const tg = use.targetGroup;
      if (!tg?.targets || !inScope(tg)) continue;
      for (const target of tg.targets) {
        const subnet = target.subnetId ? topology.subnets[target.subnetId] : undefined;
        const acl = subnet?.networkAclId ? topology.networkAcls[subnet.networkAclId] : undefined;
        if (!subnet || !acl) continue;
        const queries: { egress: boolean; ports: PortRange; purpose: Purpose }[] = [];
        const port = trafficPort(tg, target);
        if (port !== undefined)
          queries.push({ egress: false, ports: { from: port, to: port }, purpose: "requests" });
        const hcPort = healthChecksOn(tg) ? explicitHealthCheckPort(tg.healthCheck) : undefined;
        if (hcPort !== undefined && hcPort !== port)
          queries.push({ egress: false, ports: { from: hcPort, to: hcPort }, purpose: "health checks" });
        queries.push({ egress: true, ports: EPHEMERAL_PORTS, purpose: "return traffic" });
        for (const query of queries) {
          for (const cidr of cidrs) {
            const denials = denialsOf(acl, { ...query, cidr });
            if (denials.length === 0) continue;
            let entry = byAcl.get(acl.networkAclId);
            if (!entry) {
              entry = { acl, subnets: new Set(), problems: new Map(), targets: new Map() };
              byAcl.set(acl.networkAclId, entry);
            }
            entry.subnets.add(subnet.subnetId);
            const key = `${query.egress}:${query.ports.from}-${query.ports.to}:${cidr}`;
            if (!entry.problems.has(key)) entry.problems.set(key, { ...query, cidr, denials });
            const t = entry.targets.get(tg.id) ?? { tg, targets: [] };
            if (!t.targets.includes(target)) t.targets.push(target);
            entry.targets.set(tg.id, t);
          }
        }
      }
    }
    return [...byAcl.values()].map((f) => findingFor(f, prefixList, context)).concat(clientSide);
  },
});
