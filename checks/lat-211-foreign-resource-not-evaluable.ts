import type { ReadFailure, Topology } from "../src/topology/types.js";
import { defineCheck, type CheckContext, type FindingDraft } from "./define.js";
import { awsCli, shellQuote } from "./lib/commands.js";
import { foreignAccountOf } from "./lib/sharing.js";
import { listText } from "./lib/text.js";

/** The AWS CLI read that failed, to run in the owner's account. */
function readCommand(f: ReadFailure, account: string, context: CheckContext): string {
  const ctx = { region: context.region, profile: `<profile-of-account:${account}>` };
  const [service, operation] = f.call.split(":") as [string, string];
  const kebab = operation.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
  const r = f.resource;
  const args: Record<string, string> = {
    GetServiceNetwork: `--service-network-identifier ${r}`,
    GetAuthPolicy: `--resource-identifier ${r}`,
    ListServiceNetworkVpcAssociations: r?.startsWith("vpc-")
      ? `--vpc-identifier ${r}`
      : `--service-network-identifier ${r}`,
    GetServiceNetworkVpcAssociation: `--service-network-vpc-association-identifier ${r}`,
    ListServiceNetworkResourceAssociations: `--service-network-identifier ${r}`,
    ListServiceNetworkVpcEndpointAssociations: `--service-network-identifier ${r}`,
    DescribeInstances: `--instance-ids ${r}`,
    DescribeNetworkInterfaces: `--network-interface-ids ${r}`,
    DescribeSecurityGroups: `--group-ids ${r}`,
    DescribeVpcs: `--vpc-ids ${r}`,
    DescribeSecurityGroupRules: `--filters Name=group-id,Values=${r}`,
  };
  const arg = r ? (args[operation] ?? "") : "";
  return awsCli(`aws ${service} ${kebab} ${arg}`.trim(), ctx);
}

function rerun(topology: Topology, account: string, context: CheckContext): string {
  const client = topology.client?.input;
  let command = `lattice doctor ${topology.service.arn || topology.service.id} --region ${shellQuote(context.region)}`;
  if (context.profile) command += ` --profile ${shellQuote(context.profile)}`;
  if (client) command += ` --from ${client}`;
  return `${command} --consumer-profile ${shellQuote(`<profile-of-account:${account}>`)}`;
}

export default defineCheck({
  code: "LAT-211",
  name: "foreign-resource-not-evaluable",
  severity: "info",
  hop: "diagnosis",
  crossAccount: true,
  symptoms: ["404", "timeout"],
  incomplete: true,
  lint: { judged: "live", reason: "needs live state" },
  needs: [],
  run(topology, context) {
    const byAccount = new Map<string, ReadFailure[]>();
    for (const f of topology.failures) {
      const account = foreignAccountOf(f, topology);
      if (!account) continue;
      byAccount.set(account, [...(byAccount.get(account) ?? []), f]);
    }
    const out: FindingDraft[] = [];
    for (const [account, failures] of byAccount) {
      const known = account !== "unknown";
      const owner = known ? `account ${account}` : "the account that owns it";
      const what = [...new Set(failures.map((f) => `${f.call}${f.resource ? ` (${f.resource})` : ""}`))];
      const parts = [...new Set(failures.map((f) => f.part))];
      const placeholder = known ? account : "owner";
      out.push({
        title: `Not evaluable from here: ${listText(parts)} belong${parts.length === 1 ? "s" : ""} to ${owner}`,
        detail:
          `${listText(what)} ${failures.length === 1 ? "was" : "were"} refused or not found with ` +
          `${failures[0]!.readBy ? `the ${failures[0]!.readBy} credentials` : "this run's credentials"}` +
          `${topology.accountId ? ` (account ${topology.accountId})` : ""}: ${known ? `the resource belongs to ${account}` : "the resource is in another account (or does not exist)"}. ` +
          "This is not a fault of the configuration; the checks that need it did not run, so the result is incomplete.",
        resource: { type: "account", id: known ? account : (failures[0]!.resource ?? "unknown") },
        evidence: failures.map((f) => ({
          call: f.call,
          observed: {
            ...(f.resource !== undefined ? { resource: f.resource } : {}),
            errorCode: f.errorCode,
            message: f.message,
            ...(f.readBy ? { readBy: f.readBy } : {}),
          },
        })),
        fix: {
          summary: `Read it in ${owner}: run the command there, or run lattice doctor with credentials of that account for the other side.`,
          commands: [
            ...[...new Map(failures.map((f) => [readCommand(f, placeholder, context), true])).keys()].slice(
              0,
              3,
            ),
            rerun(topology, placeholder, context),
          ],
        },
        affects: [account],
      });
    }
    return out;
  },
});
