import type { FailureKind, ReadFailure, Topology, TopologyPart } from "../src/topology/types.js";
import { defineCheck, type CheckContext, type FindingDraft } from "./define.js";
import { parseArn } from "./lib/arn.js";
import { awsCli, shellQuote } from "./lib/commands.js";
import { listText } from "./lib/text.js";
import { foreignAccountOf } from "./lib/sharing.js";

const WHAT: Record<FailureKind, string> = {
  "access-denied": "was denied",
  throttled: "was throttled (still after the SDK's retries)",
  timeout: "timed out",
  "not-found": "found nothing",
  error: "failed",
};

function describeKinds(failures: readonly ReadFailure[], plural = false): string {
  const kinds = [...new Set(failures.map((f) => f.kind))];
  const codes = [...new Set(failures.map((f) => f.errorCode))];
  const verbs = kinds.map((k) => WHAT[k] ?? "failed").map((v) => (plural ? v.replace(/^was /, "were ") : v));
  return `${verbs.join(" / ")} (${codes.join(", ")})`;
}

/** Only Lattice's own actions are in the managed read-only policy; EC2, CloudWatch, IAM … are not. */
function managedPolicyHint(action: string): string {
  return action.startsWith("vpc-lattice:")
    ? " (or attach the managed policy VPCLatticeReadOnlyAccess)"
    : " (the README's read-only policy lists every action lattice doctor needs)";
}

/** Codes of the checks whose `needs` include one of `parts`, in code order; never LAT-901 itself. */
function skippedBy(parts: readonly TopologyPart[], context: CheckContext): string[] {
  return Object.entries(context.checkNeeds ?? {})
    .filter(([code, needs]) => code !== "LAT-901" && needs.some((n) => parts.includes(n)))
    .map(([code]) => code)
    .sort();
}

/** `aws iam put-role-policy …` for the caller's role or user, when its ARN says which. */
function grantCommand(topology: Topology, action: string, context: CheckContext): string {
  const statement = { Effect: "Allow", Action: [action], Resource: "*" };
  const document = shellQuote(JSON.stringify({ Version: "2012-10-17", Statement: [statement] }));
  const resource = parseArn(topology.callerArn)?.resource ?? "";
  const role = /^assumed-role\/([^/]+)\//.exec(resource)?.[1];
  const user = /^user\/(?:.*\/)?([^/]+)$/.exec(resource)?.[1];
  const name = `lattice-doctor-${action.replace(/[^A-Za-z0-9]+/g, "-")}`;
  if (user) {
    return awsCli(
      `aws iam put-user-policy --user-name ${shellQuote(user)} --policy-name ${name} --policy-document ${document}`,
      context,
      { region: false },
    );
  }
  return awsCli(
    `aws iam put-role-policy --role-name ${shellQuote(role ?? "<role-name>")} --policy-name ${name} --policy-document ${document}`,
    context,
    { region: false },
  );
}

function rerunCommand(topology: Topology, context: CheckContext): string {
  let command = `lattice doctor ${topology.service.id} --region ${shellQuote(context.region)}`;
  if (context.profile) command += ` --profile ${shellQuote(context.profile)}`;
  return command;
}

function findingFor(
  topology: Topology,
  context: CheckContext,
  action: string,
  failures: ReadFailure[],
): FindingDraft {
  const parts = [...new Set(failures.map((f) => f.part))];
  const skipped = skippedBy(parts, context);
  const denied = failures.every((f) => f.kind === "access-denied");
  const skippedText = skipped.length > 0 ? `${skipped.join(", ")} did not run` : "no check was skipped";
  const statement = JSON.stringify({ Effect: "Allow", Action: [action], Resource: "*" });
  const resources = [...new Set(failures.flatMap((f) => (f.resource ? [f.resource] : [])))];

  let fix: FindingDraft["fix"];
  const readBy = failures.every((f) => f.readBy) ? failures[0]!.readBy : undefined;
  if (action === "sts:AssumeRole") {
    // --role-arn: the run's (or --consumer-profile's) credentials could not assume the role.
    fix = {
      summary:
        `The role ${resources[0] ?? ""} could not be assumed: allow sts:AssumeRole on it to the credentials that ` +
        "assume it, and make its trust policy trust them; until then the other account's side is not read.",
      commands: [rerunCommand(topology, context)],
    };
  } else if (denied && readBy) {
    // The other side's credentials (--consumer-profile / --role-arn) were refused.
    fix = {
      summary: `Grant ${action} to the ${readBy} credentials with the statement ${statement}, then re-run.`,
      commands: [rerunCommand(topology, context)],
    };
  } else if (denied) {
    fix = {
      summary:
        `Grant ${action} to the identity running lattice doctor (${topology.callerArn ?? "the caller"}) with the statement ` +
        `${statement}${managedPolicyHint(action)}, then re-run.` +
        (topology.callerArn?.includes(":assumed-role/AWSReservedSSO_")
          ? " This is an IAM Identity Center role: add the statement to its permission set instead of the role."
          : ""),
      commands: [grantCommand(topology, action, context), rerunCommand(topology, context)],
    };
  } else if (failures.every((f) => f.kind === "throttled")) {
    fix = {
      summary: `${action} was throttled after the SDK's retries: re-run in a minute, when fewer tools are calling the API at once.`,
      commands: [rerunCommand(topology, context)],
    };
  } else if (failures.every((f) => f.kind === "not-found")) {
    fix = {
      summary:
        `${resources.length > 0 ? listText(resources) : "The resource"} was not found: it was deleted during the run, or it ` +
        "belongs to another account or region. Re-run; if it persists, check the resource exists where the service says.",
      commands: [rerunCommand(topology, context)],
    };
  } else {
    fix = {
      summary:
        `${action} ${describeKinds(failures)}: ${sentence(failures[0]!.message)} Check the network path to the endpoint ` +
        "(AWS_ENDPOINT_URL_* overrides, proxies) and re-run.",
      commands: [rerunCommand(topology, context)],
    };
  }

  return {
    title: `Incomplete: ${action} ${describeKinds(failures)}, so ${skippedText}`,
    detail:
      `${failures.length === 1 ? "A call" : `${failures.length} calls`} the diagnosis needed ${describeKinds(failures, failures.length > 1)}` +
      `${resources.length > 0 ? ` (for ${listText(resources)})` : ""}, leaving ${listText(parts)} unknown. ` +
      (skipped.length > 0
        ? `These checks could not run and their problems, if any, are not in this report: ${skipped.join(", ")}.`
        : "No registered check needed it.") +
      " The result is incomplete: absence of a finding does not mean the service is healthy there.",
    resource: { type: "iam-action", id: action },
    evidence: failures.map((f) => {
      const observed: Record<string, unknown> = {};
      if (f.resource !== undefined) observed.resource = f.resource;
      observed.errorCode = f.errorCode;
      observed.message = f.message;
      return { call: f.call, observed };
    }),
    fix,
    affects: [action],
  };
}

export default defineCheck({
  code: "LAT-901",
  name: "could-not-check",
  severity: "info",
  hop: "diagnosis",
  needs: [],
  explain: {
    summary: "An AWS call the diagnosis needed failed; the checks that needed its answer were skipped.",
    why:
      "lattice doctor reads the service's whole path (listeners, target groups, targets, networks, auth policies, " +
      "security groups, prefix lists). When a call is denied (AccessDenied, UnauthorizedOperation), throttled after " +
      "retries, times out or finds nothing, the part it would have read is unknown, and every check that needs that " +
      "part is skipped rather than guessed. The report is then incomplete (exit code 3 when nothing else fails): a " +
      "problem may hide in what was not read.",
    fix:
      "Grant the IAM action named in the finding to the identity running the tool (the AWS managed policies " +
      "VPCLatticeReadOnlyAccess plus ec2:DescribeSecurityGroupRules, ec2:DescribeManagedPrefixLists, " +
      "ec2:GetManagedPrefixListEntries, ec2:DescribeInstances and ec2:DescribeNetworkInterfaces cover a full " +
      "diagnosis), or re-run after throttling or a timeout.",
    bad:
      "CLI: the on-call role can read Lattice but not EC2:\n" +
      "  aws iam put-role-policy --role-name OnCall --policy-name lattice --policy-document \\\n" +
      '    \'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["vpc-lattice:Get*","vpc-lattice:List*"],"Resource":"*"}]}\'\n' +
      "  → ec2:DescribeSecurityGroupRules is denied, LAT-501…LAT-507 are skipped\n" +
      "Terraform:\n" +
      '  resource "aws_iam_role_policy" "lattice_doctor" {\n' +
      "    role   = aws_iam_role.oncall.id\n" +
      "    policy = jsonencode({\n" +
      '      Version   = "2012-10-17"\n' +
      '      Statement = [{ Effect = "Allow", Action = ["vpc-lattice:Get*", "vpc-lattice:List*"], Resource = "*" }]\n' +
      "    })\n" +
      "  }",
    good:
      "CLI:\n" +
      "  aws iam attach-role-policy --role-name OnCall --policy-arn arn:aws:iam::aws:policy/VPCLatticeReadOnlyAccess\n" +
      "  aws iam put-role-policy --role-name OnCall --policy-name lattice-doctor-ec2 --policy-document \\\n" +
      '    \'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:DescribeSecurityGroupRules","ec2:DescribeManagedPrefixLists",' +
      '"ec2:GetManagedPrefixListEntries","ec2:DescribeInstances","ec2:DescribeNetworkInterfaces"],"Resource":"*"}]}\'\n' +
      "Terraform:\n" +
      '  resource "aws_iam_role_policy_attachment" "lattice_read" {\n' +
      "    role       = aws_iam_role.oncall.name\n" +
      '    policy_arn = "arn:aws:iam::aws:policy/VPCLatticeReadOnlyAccess"\n' +
      "  }\n" +
      '  resource "aws_iam_role_policy" "lattice_doctor_ec2" {\n' +
      "    role   = aws_iam_role.oncall.id\n" +
      "    policy = jsonencode({\n" +
      '      Version = "2012-10-17"\n' +
      "      Statement = [{\n" +
      '        Effect   = "Allow"\n' +
      '        Action   = ["ec2:DescribeSecurityGroupRules", "ec2:DescribeManagedPrefixLists", "ec2:GetManagedPrefixListEntries",\n' +
      '                    "ec2:DescribeInstances", "ec2:DescribeNetworkInterfaces"]\n' +
      '        Resource = "*"\n' +
      "      }]\n" +
      "    })\n" +
      "  }",
  },
  run(topology, context) {
    const byAction = new Map<string, ReadFailure[]>();
    for (const failure of topology.failures) {
      if (foreignAccountOf(failure, topology)) continue; // another account's resource: LAT-211 speaks
      byAction.set(failure.action, [...(byAction.get(failure.action) ?? []), failure]);
    }
    return [...byAction].map(([action, failures]) => findingFor(topology, context, action, failures));
  },
});

/** A message as one sentence: its first line, ending in one full stop. */
function sentence(message: string): string {
  const line = message.split("\n")[0]!.trim();
  return /[.!?]$/.test(line) ? line : `${line}.`;
}
