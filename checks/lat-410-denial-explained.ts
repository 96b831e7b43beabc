import type { ErrorTextMatch } from "../src/policy/error-text.js";
import type { Topology } from "../src/topology/types.js";
import { defineCheck, type CheckContext, type Evidence, type FindingDraft } from "./define.js";
import { parseArn } from "./lib/arn.js";
import { authLayers, getAuthPolicyCommand, isIam, layerLabel, type AuthLayer } from "./lib/auth-layers.js";
import { awsCli, shellQuote } from "./lib/commands.js";
import { listText } from "./lib/text.js";

/** The client's own call, as evidence: what it saw, quoted. */
function errorEvidence(match: ErrorTextMatch): Evidence {
  const observed: Record<string, unknown> = { errorText: match.phrase };
  if (match.principal !== undefined) observed.principal = match.principal;
  if (match.resource !== undefined) observed.resource = match.resource;
  if (match.header !== undefined) observed.header = match.header;
  return { call: "vpc-lattice-svcs:Invoke", observed };
}

/** authType, and whether an auth policy is stored (null when GetAuthPolicy was not read). */
function layerEvidence(layer: AuthLayer): Evidence[] {
  const evidence: Evidence[] = [
    {
      call: layer.kind === "service" ? "vpc-lattice:GetService" : "vpc-lattice:GetServiceNetwork",
      observed: { id: layer.id, name: layer.name, authType: layer.authType },
    },
  ];
  if (layer.policy) {
    const observed: Record<string, unknown> = {
      resourceIdentifier: layer.id,
      hasPolicy: layer.policyText !== undefined,
    };
    if (layer.policy.state !== undefined) observed.state = layer.policy.state;
    evidence.push({ call: "vpc-lattice:GetAuthPolicy", observed });
  }
  return evidence;
}

function who(match: ErrorTextMatch): string {
  if (match.principal === "anonymous") return "an unsigned (anonymous) request";
  return match.principal ? match.principal : "the caller";
}

/** What the layer's configuration says about the denial. */
function layerState(layer: AuthLayer): string {
  if (!isIam(layer))
    return `${layerLabel(layer)} has authType ${layer.authType}: it does not check identity now, so this error is older than its current configuration (auth changes take a few minutes) or came from another path`;
  if (!layer.policy) return `${layerLabel(layer)} has authType AWS_IAM; its auth policy could not be read`;
  if (layer.policyText === undefined)
    return `${layerLabel(layer)} has authType AWS_IAM and no auth policy, so it denies every request (LAT-401)`;
  return `${layerLabel(layer)} has authType AWS_IAM and an auth policy (state ${layer.policy.state ?? "unknown"}) that does not allow this request`;
}

/** `lattice doctor svc-… --as <principal>`: the evaluation that names the deciding statement. */
function asCommand(topology: Topology, match: ErrorTextMatch, context: CheckContext): string[] {
  if (!match.principal || match.principal === "anonymous") return [];
  return [awsCli(`lattice doctor ${topology.service.id} --as ${shellQuote(match.principal)}`, context)];
}

function layerFinding(topology: Topology, match: ErrorTextMatch, context: CheckContext): FindingDraft {
  const layers = authLayers(topology);
  const wanted = match.deniedBy === "network" ? "service-network" : "service";
  const ofKind = layers.filter((l) => l.kind === wanted);
  const enforcing = ofKind.filter(isIam);
  // The networks (or the service) that could have said no; when none enforces IAM, all of them.
  const suspects = enforcing.length > 0 ? enforcing : ofKind;
  const single = suspects.length === 1 ? suspects[0] : undefined;
  const service = topology.service;
  // The networks could not be read (LAT-901 says why): name the layer without guessing which network.
  const networksUnread =
    wanted === "service-network" &&
    topology.failures.some((f) => f.part === "serviceNetworks" || f.part === "serviceAssociations");
  const place =
    match.deniedBy === "service"
      ? `the auth policy of service ${service.name} (${service.id})`
      : single
        ? `the auth policy of service network ${single.name} (${single.id})`
        : suspects.length > 0
          ? `the auth policy of one of the service networks ${listText(suspects.map((l) => l.id))} (the one the client's VPC uses)`
          : networksUnread
            ? "the auth policy of the service network the client's VPC uses (the service's networks could not be read: see LAT-901)"
            : "a service network's auth policy, but the service is in no network";
  const verb = match.explicitDeny ? "explicitly denies" : "does not allow";
  const states = suspects.map(layerState);
  const anonymous =
    match.principal === "anonymous"
      ? " The request was not signed, so Lattice evaluated it as the anonymous principal."
      : "";
  const anonymousFix =
    match.principal === "anonymous"
      ? " If the caller should be authenticated, sign the request (SigV4, signing name vpc-lattice-svcs, " +
        "x-amz-content-sha256: UNSIGNED-PAYLOAD) or find the proxy that strips its Authorization header; if " +
        'anonymous callers should get in, the policy must allow them (Principal "*").'
      : "";
  // The named layer does not check identity now: the error cannot come from today's configuration.
  const stale = enforcing.length === 0 && !networksUnread;
  return {
    hop: wanted,
    ...(stale ? { severity: "info" as const } : {}),
    title: stale
      ? `The pasted 403 names the ${match.policyType ?? wanted} policy, but ${suspects.length > 0 ? listText(suspects.map((l) => l.id)) : "no layer"} does not check identity now (authType NONE)`
      : `The 403 comes from ${place}: it ${verb} ${who(match)}`,
    detail:
      `The client's error names the ${match.policyType ?? wanted} policy ("${match.phrase}"). ` +
      `${states.length > 0 ? `${states.join("; ")}.` : ""} ` +
      (stale
        ? "A layer with authType NONE evaluates no policy, so it cannot have produced this denial today."
        : "Both auth layers must allow a request, and the caller's IAM policy too; this one said no.") +
      anonymous,
    resource: single
      ? { type: single.kind, id: single.id, arn: single.arn }
      : { type: "service", id: service.id, arn: service.arn },
    evidence: [errorEvidence(match), ...suspects.flatMap(layerEvidence)],
    fix: {
      summary: stale
        ? "Check when the client saw this error and which service it called (the resource in the error): the " +
          "configuration read now would not produce it. Re-run the failing call (lattice probe) to see today's answer."
        : `${match.explicitDeny ? "Find the Deny statement that matches this request" : "Add a statement that allows vpc-lattice-svcs:Invoke for this caller and path"} ` +
          `in ${place}${single?.foreign ? ` (account ${single.ownerAccountId} owns it)` : ""}, or attach one if there is none. ` +
          "`--as` evaluates the policy for this caller and names the deciding statement. Changes take a few minutes." +
          anonymousFix,
      commands: [
        ...suspects.map((l) => getAuthPolicyCommand(l, context)),
        ...(stale ? probeCommand(topology, context) : asCommand(topology, match, context)),
      ],
    },
    affects: single ? [single.id] : [service.id],
  };
}

/** arn:aws:sts::111122223333:assumed-role/orders-client/session → its role. */
function roleOf(principal: string): { arn: string; name: string } | undefined {
  const arn = parseArn(principal);
  if (!arn) return undefined;
  const assumed = /^assumed-role\/([^/]+)\//.exec(arn.resource);
  if (arn.service === "sts" && assumed)
    return { arn: `arn:${arn.partition}:iam::${arn.accountId}:role/${assumed[1]}`, name: assumed[1]! };
  const role = /^role\/(?:.*\/)?([^/]+)$/.exec(arn.resource);
  if (arn.service === "iam" && role) return { arn: principal, name: role[1]! };
  return undefined;
}

function identityFinding(topology: Topology, match: ErrorTextMatch, context: CheckContext): FindingDraft {
  const service = topology.service;
  const resource = `${service.arn}/*`;
  const role = match.principal ? roleOf(match.principal) : undefined;
  const statement = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "vpc-lattice-svcs:Invoke", Resource: resource }],
  };
  const commands: string[] = [];
  if (role) {
    commands.push(
      `aws iam simulate-principal-policy --policy-source-arn ${role.arn} --action-names vpc-lattice-svcs:Invoke --resource-arns ${shellQuote(resource)}` +
        (context.profile ? ` --profile ${shellQuote(context.profile)}` : ""),
    );
    if (match.policyType === "identity-based" && !match.explicitDeny)
      commands.push(
        `aws iam put-role-policy --role-name ${shellQuote(role.name)} --policy-name lattice-invoke-${service.id} --policy-document ${shellQuote(JSON.stringify(statement))}` +
          (context.profile ? ` --profile ${shellQuote(context.profile)}` : ""),
      );
  }
  commands.push(...asCommand(topology, match, context));
  const type = match.policyType ?? "identity-based";
  return {
    hop: "client",
    title: `The 403 comes from the caller's own permissions (${type}): ${who(match)} may not invoke ${service.name}`,
    detail:
      `The client's error names the ${type} policy ("${match.phrase}"): the caller's side said no before the ` +
      `auth policies mattered. VPC Lattice needs vpc-lattice-svcs:Invoke on ${resource} in the caller's IAM ` +
      "policies, as well as an allow from the network's and the service's auth policies." +
      (type === "service control policy"
        ? " A service control policy is set by the AWS Organization: its administrators must change it."
        : ""),
    resource: role
      ? { type: "iam-role", id: role.arn, arn: role.arn }
      : { type: "service", id: service.id, arn: service.arn },
    evidence: [
      errorEvidence(match),
      {
        call: "vpc-lattice:GetService",
        observed: { id: service.id, arn: service.arn, authType: service.authType },
      },
    ],
    fix: {
      summary: `${match.fix} The statement to add: ${JSON.stringify(statement.Statement[0])}.`,
      commands,
    },
    affects: [service.id],
  };
}

/** `lattice probe https://<the service's name>/`: one correctly signed request, to compare with. */
function probeCommand(topology: Topology, context: CheckContext): string[] {
  const host = topology.service.customDomainName ?? topology.service.dnsEntry?.domainName;
  return host ? [awsCli(`lattice probe https://${host}/`, context)] : [];
}

function signingFinding(topology: Topology, match: ErrorTextMatch, context: CheckContext): FindingDraft {
  const service = topology.service;
  const commands = probeCommand(topology, context);
  const host = commands.length > 0;
  const layers = authLayers(topology);
  const iam = layers.filter(isIam);
  // An unsigned request is only refused by a layer that checks identity.
  const stale = match.cause === "unsigned" && iam.length === 0;
  return {
    hop: "client",
    ...(stale ? { severity: "info" as const } : {}),
    title: `Calls to ${service.name} (${service.id}) fail at the client's signing, before any policy: ${match.summary.replace(/\.$/, "")}`,
    detail:
      `The client's error ("${match.phrase}") is a signing fault, not a policy decision. ` +
      "VPC Lattice authenticates every request that carries a SigV4 signature and rejects it when the signature is " +
      "not what it expects (signing name vpc-lattice-svcs, x-amz-content-sha256: UNSIGNED-PAYLOAD, the service's " +
      "region), even where the auth policies would allow the caller. " +
      (iam.length > 0
        ? `${listText(iam.map(layerLabel))} ${iam.length === 1 ? "has" : "have"} authType AWS_IAM.`
        : "No layer of this service has authType AWS_IAM: an unsigned request would not be denied by a policy here."),
    resource: { type: "service", id: service.id, arn: service.arn },
    evidence: [errorEvidence(match), ...layers.map((l) => layerEvidence(l)[0]!)],
    fix: {
      summary: `${match.fix}${host ? " `lattice probe` sends one correctly signed request to compare with." : ""}`,
      commands,
    },
    affects: [service.id],
  };
}

function otherServiceFinding(topology: Topology, match: ErrorTextMatch, context: CheckContext): FindingDraft {
  const service = topology.service;
  return {
    severity: "info",
    hop: "client",
    title: `The pasted error is about ${match.serviceId}, not ${service.id}: it says nothing about this service`,
    detail:
      `The error names the resource ${match.resource} ("${match.phrase}"), which belongs to another service than the ` +
      `one diagnosed (${service.name}, ${service.id}). Findings are ranked as usual.`,
    resource: { type: "service", id: service.id, arn: service.arn },
    evidence: [errorEvidence(match)],
    fix: {
      summary: "Diagnose the service the error is about.",
      commands: [awsCli(`lattice doctor ${match.serviceId} --error ${shellQuote(match.phrase)}`, context)],
    },
    affects: [service.id],
  };
}

export default defineCheck({
  code: "LAT-410",
  name: "denial-explained",
  severity: "critical",
  hop: "client",
  symptoms: ["403"],
  denial: "explains-error",
  lint: { judged: "live", reason: "needs live state" },
  // Only the service: a signing fault needs nothing else, and a layer whose read failed is named as unread.
  needs: ["service"],
  requires: "--error",
  run(topology, context) {
    const match = context.pastedError?.match;
    if (!match) return [];
    if (match.serviceId !== undefined && match.serviceId !== topology.service.id)
      return [otherServiceFinding(topology, match, context)];
    switch (match.deniedBy) {
      case "network":
      case "service":
        return [layerFinding(topology, match, context)];
      case "identity":
        return [identityFinding(topology, match, context)];
      case "signing":
        return [signingFinding(topology, match, context)];
    }
  },
});
