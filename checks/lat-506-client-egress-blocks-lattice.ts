import type { PrefixList, SecurityGroup, SecurityGroupRule } from "../src/topology/types.js";
import { defineCheck, type Evidence } from "./define.js";
import { cidrCoversAll, isAnyAddress, parseCidr, type AddressFamily } from "./lib/cidr.js";
import { clientEvidence, contextFor, listenerPorts } from "./lib/client.js";
import { awsCli, shellQuote } from "./lib/commands.js";
import { describeRulePorts, ruleCoversPort } from "./lib/ports.js";
import { describeRuleSource, ruleEvidence } from "./lib/security-groups.js";
import { listText } from "./lib/text.js";

type Verdict = "admits" | "might" | "no";

/**
 * Whether an egress rule lets TCP `port` out to the Lattice prefix list of `family`. A rule naming
 * another security group never does (Lattice is not a group); a customer prefix list or a CIDR
 * compared with unknown entries might.
 */
function egressAdmits(
  rule: SecurityGroupRule,
  port: number,
  prefixList: PrefixList | undefined,
  family: AddressFamily,
): Verdict {
  if (!rule.isEgress || !ruleCoversPort(rule, "tcp", port)) return "no";
  if (rule.prefixListId) {
    if (prefixList && rule.prefixListId === prefixList.prefixListId) return "admits";
    return prefixList ? "no" : "might";
  }
  const text = family === 4 ? rule.cidrIpv4 : rule.cidrIpv6;
  if (text === undefined) return "no";
  const cidr = parseCidr(text);
  if (!cidr || cidr.family !== family) return "no";
  if (isAnyAddress(cidr)) return "admits";
  if (!prefixList?.cidrs || prefixList.cidrs.length === 0) return "might";
  return cidrCoversAll(cidr, prefixList.cidrs) ? "admits" : "no";
}

function groupsVerdict(
  groups: SecurityGroup[],
  port: number,
  lists: { family: AddressFamily; list: PrefixList | undefined }[],
): Verdict {
  let might = false;
  for (const g of groups) {
    for (const r of g.rules) {
      for (const { family, list } of lists) {
        const v = egressAdmits(r, port, list, family);
        if (v === "admits") return "admits";
        if (v === "might") might = true;
      }
    }
  }
  return might ? "might" : "no";
}

export default defineCheck({
  code: "LAT-506",
  name: "client-egress-blocks-lattice",
  severity: "critical",
  hop: "client",
  symptoms: ["timeout"],
  lint: { judged: "live", reason: "needs live state" },
  needs: ["client", "clientNetwork", "prefixLists", "listeners"],
  requires: "--from",
  run(topology, context) {
    const client = topology.client;
    if (!client || client.securityGroupIds.length === 0) return [];
    const groups = client.securityGroupIds.map((id) => topology.securityGroups[id]);
    if (groups.some((g) => g === undefined)) return []; // not read: LAT-901 / LAT-211 say so
    const known = groups as SecurityGroup[];
    const ports = listenerPorts(topology);
    if (ports.length === 0) return [];
    const lists: { family: AddressFamily; list: PrefixList | undefined }[] = [
      { family: 4, list: topology.prefixLists.ipv4 },
    ];
    if (client.ipv6Addresses?.length) lists.push({ family: 6, list: topology.prefixLists.ipv6 });
    const blocked = ports.filter((p) => groupsVerdict(known, p, lists) === "no");
    if (blocked.length === 0) return [];
    const every = blocked.length === ports.length;
    const pl = topology.prefixLists.ipv4;
    const plId = pl?.prefixListId ?? "<pl-id of com.amazonaws." + topology.region + ".vpc-lattice>";
    const egress = known.flatMap((g) => g.rules.filter((r) => r.isEgress));
    const allowed = [...new Set(egress.map((r) => `${describeRulePorts(r)} to ${describeRuleSource(r)}`))];
    const first = known[0]!.groupId;
    const ctx = contextFor(topology, client.ownerAccountId, context);
    const evidence: Evidence[] = [
      clientEvidence(client),
      ...known.map((g) => ({
        call: "ec2:DescribeSecurityGroupRules",
        observed: {
          groupId: g.groupId,
          ...(g.groupName !== undefined ? { groupName: g.groupName } : {}),
          egressRules: g.rules.filter((r) => r.isEgress).map(ruleEvidence),
        },
      })),
    ];
    if (pl) {
      evidence.push({
        call: "ec2:GetManagedPrefixListEntries",
        observed: { prefixListId: pl.prefixListId, prefixListName: pl.prefixListName, entries: pl.cidrs },
      });
    }
    return [
      {
        severity: every ? "critical" : "error",
        title:
          `${client.input} cannot open connections to Lattice: its security group${known.length === 1 ? "" : "s"} ` +
          `${listText(known.map((g) => g.groupId))} allow${known.length === 1 ? "s" : ""} no outbound TCP ${listText(blocked.map(String))} ` +
          `to the Lattice prefix list` +
          (allowed.length ? ` (only ${allowed.join(", ")})` : " (no outbound rule at all)"),
        detail:
          `Requests to a Lattice service leave ${client.input} for the link-local addresses of ${pl?.prefixListName ?? "the Lattice prefix list"}` +
          `${pl?.cidrs?.length ? ` (${pl.cidrs.join(", ")})` : ""} on the listener port. The client's security groups ` +
          `have a customised egress that admits none of them on ${listText(blocked.map(String))}: a rule referencing a ` +
          "security group never matches Lattice, and a CIDR must cover every prefix-list entry. The connection is " +
          "dropped before it leaves the client and times out. " +
          (every
            ? "No listener port is open: every request from this client fails."
            : `Ports ${listText(ports.filter((p) => !blocked.includes(p)).map(String))} are open.`),
        resource: { type: "security-group", id: first },
        evidence,
        fix: {
          summary: `Allow outbound TCP ${listText(blocked.map(String))} to ${plId} on ${first}.`,
          commands: blocked.map((port) =>
            awsCli(
              `aws ec2 authorize-security-group-egress --group-id ${first} --ip-permissions ` +
                shellQuote(
                  `IpProtocol=tcp,FromPort=${port},ToPort=${port},PrefixListIds=[{PrefixListId=${plId}}]`,
                ),
              ctx,
            ),
          ),
        },
        affects: [client.input, ...client.securityGroupIds],
      },
    ];
  },
});
