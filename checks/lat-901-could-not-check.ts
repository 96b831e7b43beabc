import type { FailureKind, ReadFailure, Topology, TopologyPart } from "../src/topology/types.js";
import { defineCheck, type CheckContext, type FindingDraft } from "./define.js";
import { parseArn } from "./lib/arn.js";
import { awsCli, shellQuote } from "./lib/commands.js";
import { listText } from "./lib/text.js";
import { foreignAccountOf } from "./lib/sharing.js";
import { endpointLabel, endpointOverrideHint } from "./lib/endpoint.js";

const WHAT: Record<FailureKind, string> = {
  "access-denied": "was denied",
  throttled: "was throttled (still after the SDK's retries)",
  timeout: "timed out",
  unreachable: "could not reach its endpoint",
  "not-aws-answer": "got an answer that is not AWS's",
  "service-error": "failed with a service error (after the SDK's retries)",
  "not-found": "found nothing",
  error: "failed",
};

/**
 * One finding per thing to fix: a denied action (the IAM action to grant: the only `iam-action`
 * resource), an endpoint that could not be reached or did not answer as AWS (every call to it
 * failed alike), or a call that failed otherwise (timeout, throttling, a 5xx, not found).
 */
type Group = { type: "iam-action" | "endpoint" | "api-call"; id: string };

function groupOf(failure: ReadFailure): Group {
  if (failure.kind === "access-denied") return { type: "iam-action", id: failure.action };
  if ((failure.kind === "unreachable" || failure.kind === "not-aws-answer") && failure.endpoint)
    return { type: "endpoint", id: failure.endpoint };
  return { type: "api-call", id: failure.action };
}

const serviceOf = (failure: ReadFailure) => failure.call.split(":")[0] ?? "";

function describeKinds(failures: readonly ReadFailure[], plural = false): string {
  const kinds = [...new Set(failures.map((f) => f.kind))];
  const codes = [...new Set(failures.map((f) => f.errorCode))];
  const verbs = kinds.map((k) => WHAT[k] ?? "failed").map((v) => (plural ? v.replace(/^was /, "were ") : v));
  return `${verbs.join(" / ")} (${codes.join(", ")})`;
}

function describeCodes(failures: readonly ReadFailure[]): string {
  return [...new Set(failures.map((f) => f.errorCode))].join(", ");
}

/** An endpoint that refused, could not be resolved, or answered with something that is not AWS's. */
function endpointFix(failures: readonly ReadFailure[]): string {
  const first = failures[0]!;
  const service = serviceOf(first);
  const hint = endpointOverrideHint(service, first.endpointSource);
  const whatHappened =
    first.kind === "unreachable"
      ? `could not be reached: ${sentence(first.message)}`
      : `answered ${first.errorCode} with something that is not an AWS API answer (an HTML page: a proxy, a captive portal, or an endpoint that does not serve this API).`;
  return (
    `${endpointLabel(service)} ${first.endpoint ?? ""} ${whatHappened} This is not a missing permission. ` +
    `The endpoint is ${hint}. Check DNS, proxies (HTTPS_PROXY) and firewalls between here and it, then re-run.`
  );
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
  group: Group,
  failures: ReadFailure[],
): FindingDraft {
  const action = failures[0]!.action;
  const parts = [...new Set(failures.map((f) => f.part))];
  const skipped = skippedBy(parts, context);
  const denied = failures.every((f) => f.kind === "access-denied");
  const skippedText = skipped.length > 0 ? `${skipped.join(", ")} did not run` : "no check was skipped";
  const statement = JSON.stringify({ Effect: "Allow", Action: [action], Resource: "*" });
  const resources = [...new Set(failures.flatMap((f) => (f.resource ? [f.resource] : [])))];

  let fix: FindingDraft["fix"];
  const readBy = failures.every((f) => f.readBy) ? failures[0]!.readBy : undefined;
  if (action === "sts:AssumeRole" && group.type === "iam-action") {
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
  } else if (group.type === "endpoint") {
    fix = { summary: endpointFix(failures), commands: [rerunCommand(topology, context)] };
  } else if (failures.every((f) => f.kind === "timeout")) {
    const where = failures[0]!.endpoint ? ` from ${failures[0]!.endpoint}` : "";
    fix = {
      summary:
        `${action} got no answer${where}: ${sentence(failures[0]!.message)} The endpoint is slow or not reachable from here ` +
        `(${endpointOverrideHint(serviceOf(failures[0]!), failures[0]!.endpointSource)}). Re-run; give a longer --timeout if it is only slow.`,
      commands: [rerunCommand(topology, context)],
    };
  } else if (failures.every((f) => f.kind === "service-error")) {
    fix = {
      summary:
        `${action} failed on the service's side (${describeCodes(failures)}) after the SDK's retries: not a permission problem. ` +
        "Re-run in a minute; if it persists, check the AWS Health Dashboard for the region" +
        (failures[0]!.endpoint ? ` and the endpoint ${failures[0]!.endpoint}.` : "."),
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
    const where = failures[0]!.endpoint
      ? ` Check that ${failures[0]!.endpoint} (${endpointOverrideHint(serviceOf(failures[0]!), failures[0]!.endpointSource)}) serves ${action}, and re-run.`
      : " Re-run; if it persists, check the endpoint the call goes to (AWS_ENDPOINT_URL_* overrides, proxies).";
    fix = {
      summary: `${action} ${describeKinds(failures)}: ${sentence(failures[0]!.message)} This is not a missing permission.${where}`,
      commands: [rerunCommand(topology, context)],
    };
  }

  const subject =
    group.type === "endpoint"
      ? `${endpointLabel(serviceOf(failures[0]!))} ${group.id} ${failures.every((f) => f.kind === "unreachable") ? "could not be reached" : "did not answer as AWS"} (${describeCodes(failures)})`
      : `${action} ${describeKinds(failures)}`;
  const calls = [...new Set(failures.map((f) => f.call))];
  return {
    title: `Incomplete: ${subject}, so ${skippedText}`,
    detail:
      (group.type === "endpoint"
        ? `${failures.length === 1 ? "A call" : `${failures.length} calls`} the diagnosis needed (${listText(calls)}) ${describeKinds(failures, failures.length > 1)}`
        : `${failures.length === 1 ? "A call" : `${failures.length} calls`} the diagnosis needed ${describeKinds(failures, failures.length > 1)}`) +
      `${resources.length > 0 ? ` (for ${listText(resources)})` : ""}, leaving ${listText(parts)} unknown. ` +
      (skipped.length > 0
        ? `These checks could not run and their problems, if any, are not in this report: ${skipped.join(", ")}.`
        : "No registered check needed it.") +
      " The result is incomplete: absence of a finding does not mean the service is healthy there.",
    resource: { type: group.type, id: group.id },
    evidence: failures.map((f) => {
      const observed: Record<string, unknown> = {};
      if (f.resource !== undefined) observed.resource = f.resource;
      observed.kind = f.kind;
      observed.errorCode = f.errorCode;
      observed.message = f.message;
      if (f.endpoint !== undefined) observed.endpoint = f.endpoint;
      return { call: f.call, observed };
    }),
    fix,
    affects: [...new Set(failures.map((f) => f.action))],
  };
}

export default defineCheck({
  code: "LAT-901",
  name: "could-not-check",
  severity: "info",
  hop: "diagnosis",
  incomplete: true,
  lint: { judged: "live", reason: "lint makes no AWS calls" },
  needs: [],
  run(topology, context) {
    const groups = new Map<string, { group: Group; failures: ReadFailure[] }>();
    for (const failure of topology.failures) {
      if (foreignAccountOf(failure, topology)) continue; // another account's resource: LAT-211 speaks
      const group = groupOf(failure);
      const key = `${group.type} ${group.id}`;
      const entry = groups.get(key) ?? { group, failures: [] };
      entry.failures.push(failure);
      groups.set(key, entry);
    }
    return [...groups.values()].map(({ group, failures }) => findingFor(topology, context, group, failures));
  },
});

/** A message as one sentence: its first line, ending in one full stop. */
function sentence(message: string): string {
  const line = message.split("\n")[0]!.trim();
  return /[.!?]$/.test(line) ? line : `${line}.`;
}
