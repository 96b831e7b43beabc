/**
 * LAT-507's client side (with `--from`): the client subnet's network ACL must allow outbound TCP on
 * the listener port to the Lattice ranges and inbound TCP 1025-65535 (the replies to the client's
 * ephemeral ports) from them (lattice-facts §4.4). Same evaluation as the target side
 * (checks/lib/nacl.ts): rule-number order, first match wins, the implicit deny last.
 */
import type { NetworkAclEntry, Topology } from "../../src/topology/types.js";
import type { CheckContext, FindingDraft } from "../define.js";
import { clientEvidence, contextFor, listenerPorts } from "./client.js";
import { awsCli } from "./commands.js";
import {
  certainDenials,
  describeEntry,
  describePortRange,
  entryEvidence,
  evaluateNacl,
  freeRuleNumber,
  type NaclDecision,
  type PortRange,
} from "./nacl.js";
import { listText } from "./text.js";

/** The ports the client's replies come back to (lattice-facts §4.4: client subnets, inbound 1025–65535). */
export const CLIENT_EPHEMERAL_PORTS: PortRange = { from: 1025, to: 65535 };

interface Problem {
  egress: boolean;
  ports: PortRange;
  cidr: string;
  purpose: string;
  denials: NaclDecision[];
}

export function clientNaclFindings(topology: Topology, context: CheckContext): FindingDraft[] {
  const client = topology.client;
  const cidrs = topology.prefixLists.ipv4?.cidrs;
  if (!client?.subnetId || !cidrs?.length) return [];
  const subnet = topology.subnets?.[client.subnetId];
  const acl = subnet?.networkAclId ? topology.networkAcls?.[subnet.networkAclId] : undefined;
  if (!acl) return [];
  const ports = listenerPorts(topology);
  const queries = [
    ...ports.map((p) => ({ egress: true, ports: { from: p, to: p }, purpose: "requests" })),
    { egress: false, ports: CLIENT_EPHEMERAL_PORTS, purpose: "replies" },
  ];
  const problems: Problem[] = [];
  for (const q of queries) {
    for (const cidr of cidrs) {
      const denials = certainDenials(evaluateNacl(acl, { egress: q.egress, cidr, ports: q.ports }));
      if (denials.length) problems.push({ ...q, cidr, denials });
    }
  }
  if (problems.length === 0) return [];
  const blockedOut = new Set(problems.filter((p) => p.egress).map((p) => p.ports.from));
  const every = problems.some((p) => !p.egress) || ports.every((p) => blockedOut.has(p));
  const text = (p: Problem) =>
    `${p.egress ? "outbound" : "inbound"} TCP ${p.denials.map(describePortRange).join(", ")} ${p.egress ? "to" : "from"} ${p.cidr} ` +
    `(${p.purpose}) denied by ${[...new Set(p.denials.map((d) => describeEntry(d.entry)))].join(", ")}`;
  const ctx = contextFor(topology, client.ownerAccountId, context);
  const added: NetworkAclEntry[] = [];
  const commands: string[] = [];
  for (const p of problems) {
    const before = Math.min(...p.denials.map((d) => d.entry?.ruleNumber ?? 32767));
    const number = freeRuleNumber({ ...acl, entries: [...acl.entries, ...added] }, p.egress, before);
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
        `aws ec2 create-network-acl-entry --network-acl-id ${acl.networkAclId} ${p.egress ? "--egress" : "--ingress"} ` +
          `--rule-number ${number} --protocol tcp --port-range From=${p.ports.from},To=${p.ports.to} ` +
          `--cidr-block ${p.cidr} --rule-action allow`,
        ctx,
      ),
    );
  }
  const pl = topology.prefixLists.ipv4!;
  return [
    {
      severity: every ? "critical" : "error",
      hop: "client",
      title:
        `Network ACL ${acl.networkAclId} of the client's subnet ${client.subnetId} blocks VPC Lattice: ` +
        listText(problems.map(text)),
      detail:
        `${client.input} sits in ${client.subnetId}, whose network ACL ${acl.networkAclId} is stateless: requests to ` +
        `Lattice leave on the listener port (${listText(ports.map(String))}) for the prefix list's CIDRs, and the ` +
        "replies come back to the client's ephemeral ports (1025-65535); both directions must be allowed explicitly. " +
        `Denied: ${listText(problems.map(text))}. Connections from this client time out.`,
      resource: { type: "network-acl", id: acl.networkAclId },
      evidence: [
        clientEvidence(client),
        {
          call: "ec2:DescribeNetworkAcls",
          observed: {
            networkAclId: acl.networkAclId,
            ...(acl.isDefault !== undefined ? { isDefault: acl.isDefault } : {}),
            associations: [{ networkAclId: acl.networkAclId, subnetId: client.subnetId }],
            entries: [...acl.entries]
              .sort((a, b) => Number(a.egress) - Number(b.egress) || a.ruleNumber - b.ruleNumber)
              .map(entryEvidence),
          },
        },
        {
          call: "ec2:GetManagedPrefixListEntries",
          observed: { prefixListId: pl.prefixListId, prefixListName: pl.prefixListName, entries: pl.cidrs },
        },
      ],
      fix: {
        summary:
          `Add allow entries to ${acl.networkAclId} ahead of the denying ones: outbound TCP on the listener port to the ` +
          "Lattice prefix list's CIDRs, inbound TCP 1025-65535 from them.",
        commands,
      },
      affects: [client.input, client.subnetId],
    },
  ];
}
