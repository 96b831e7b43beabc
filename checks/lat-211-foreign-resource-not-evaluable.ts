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
  explain: {
    summary:
      "A hop the diagnosis needs belongs to another account and could not be read from here; names the owner and what to run there.",
    why:
      "Across accounts, the credentials of one account see only part of the path: a service network shared through RAM " +
      "can be described but not everything about it, a client VPC or instance of another account not at all. That is not " +
      "a fault of the configuration, but the checks that need that hop could not run, so the result is incomplete " +
      "(exit code 3 when nothing else fails). Reads that no check needs (tags of shared resources) are not attempted.",
    fix:
      "Run the named read in the owner's account, or run lattice doctor again with --consumer-profile <profile> (or " +
      "--role-arn <role in that account>) so the same run reads both sides.",
    bad:
      "CLI: the client is in the consumer account, the run uses the producer's credentials only:\n" +
      "  lattice doctor svc-0e5b4c6a2d1f83a97 --from i-0a1b2c3d4e5f67890\n" +
      "  → ec2:DescribeInstances: InvalidInstanceID.NotFound (the instance is in the consumer account)\n" +
      "  aws ec2 describe-instances --instance-ids i-0a1b2c3d4e5f67890   # with the producer's profile: not found\n" +
      "Terraform: the doctor's read role exists in the producer account only:\n" +
      '  resource "aws_iam_role" "lattice_doctor_read" { name = "LatticeDoctorRead" }',
    good:
      "CLI:\n" +
      "  lattice doctor svc-0e5b4c6a2d1f83a97 --from i-0a1b2c3d4e5f67890 --consumer-profile consumer-prod\n" +
      "  lattice doctor svc-0e5b4c6a2d1f83a97 --from i-0a1b2c3d4e5f67890 \\\n" +
      "    --role-arn arn:aws:iam::222233334444:role/LatticeDoctorRead\n" +
      "  aws ec2 describe-instances --instance-ids i-0a1b2c3d4e5f67890 --profile consumer-prod\n" +
      "Terraform (consumer account): a read role the producer may assume:\n" +
      '  resource "aws_iam_role" "lattice_doctor_read" {\n' +
      '    name               = "LatticeDoctorRead"\n' +
      "    assume_role_policy = data.aws_iam_policy_document.trust_producer.json\n" +
      "  }",
  },
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
