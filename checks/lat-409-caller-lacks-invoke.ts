/**
 * LAT-409: with `--as` a role, user or role session, IAM's simulation of the caller's identity
 * policies (iam:SimulatePrincipalPolicy, read by src/aws/gather-identity.ts) does not allow
 * `vpc-lattice-svcs:Invoke` on the request's resource. Lattice requires an Allow in the caller's own
 * identity policies as well as in the auth policies, even for a caller of the same account.
 */
import { identityResult, matchedStatementText } from "../src/policy/identity.js";
import { parseCaller } from "../src/policy/principal.js";
import { defineCheck } from "./define.js";
import { awsCli, shellQuote } from "./lib/commands.js";

export default defineCheck({
  code: "LAT-409",
  name: "caller-lacks-invoke",
  severity: "critical",
  hop: "client",
  causes: ["LAT-606"],
  symptoms: ["403"],
  denial: "identity",
  lint: { judged: "live", reason: "needs live state" },
  needs: ["identity"],
  requires: "--as",
  run(topology, context) {
    if (!context.auth) return [];
    const result = identityResult(topology, context.auth);
    const sim = result.simulation;
    if (result.decision !== "denied" || !sim) return [];
    const caller = parseCaller(context.auth.principal);
    const isUser = caller.type === "user";
    const name = caller.type === "assumed-role" ? caller.roleName : "name" in caller ? caller.name : "<name>";
    const kind = isUser ? "user" : "role";
    const resourcePattern = sim.action.endsWith(":Connect")
      ? topology.service.arn
      : `${topology.service.arn}/*`;
    const statement = { Effect: "Allow", Action: sim.action, Resource: resourcePattern };
    const document = JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
    const putCommand = awsCli(
      `aws iam put-${kind}-policy --${kind}-name ${shellQuote(name)} --policy-name ${shellQuote(`lattice-invoke-${topology.service.id}`)} --policy-document ${shellQuote(document)}`,
      context,
      { region: false },
    );
    const matched = sim.matchedStatements.map(matchedStatementText);
    const observed: Record<string, unknown> = {
      PolicySourceArn: sim.policySourceArn,
      ActionNames: [sim.action],
      ResourceArns: [sim.resource],
      EvalDecision: sim.evalDecision,
      MatchedStatements: sim.matchedStatements,
    };
    if (sim.missingContextValues.length) observed.MissingContextValues = sim.missingContextValues;
    if (sim.allowedByPermissionsBoundary !== undefined)
      observed.PermissionsBoundaryDecisionDetail = {
        AllowedByPermissionsBoundary: sim.allowedByPermissionsBoundary,
      };
    if (sim.allowedByOrganizations !== undefined)
      observed.OrganizationsDecisionDetail = { AllowedByOrganizations: sim.allowedByOrganizations };
    const who = `${context.auth.principal}${caller.type === "assumed-role" ? ` (role ${sim.policySourceArn})` : ""}`;
    const explicit = result.denial === "explicit";
    const listCommands = [
      awsCli(`aws iam list-${kind}-policies --${kind}-name ${shellQuote(name)}`, context, { region: false }),
      awsCli(`aws iam list-attached-${kind}-policies --${kind}-name ${shellQuote(name)}`, context, {
        region: false,
      }),
    ];
    let fix;
    if (explicit) {
      fix = {
        summary:
          `An identity-based policy of the caller denies ${sim.action}${matched.length ? `: ${matched.join("; ")}` : ""}. ` +
          "Narrow that Deny (its Resource or Condition) so it does not cover this service; the commands list the policies to find it.",
        commands: listCommands,
      };
    } else if (sim.allowedByPermissionsBoundary === false || sim.allowedByOrganizations === false) {
      fix = {
        summary:
          (sim.allowedByPermissionsBoundary === false
            ? `The ${kind}'s permissions boundary does not allow ${sim.action}: add it to the boundary policy. `
            : "") +
          (sim.allowedByOrganizations === false
            ? `A service control policy of the organization does not allow ${sim.action}: ask the organization's administrators to allow it. `
            : "") +
          `The ${kind}'s own policy also needs the statement ${JSON.stringify(statement)}.`,
        commands: [putCommand],
      };
    } else {
      fix = {
        summary:
          `Allow ${sim.action} on ${resourcePattern} in the ${kind}'s identity policy: ${JSON.stringify(statement)} ` +
          "(or attach the AWS managed policy VPCLatticeServicesInvokeAccess).",
        commands: [putCommand],
      };
    }
    return [
      {
        title: explicit
          ? `${who} gets 403: its identity policy explicitly denies ${sim.action} on ${topology.service.name || topology.service.id}`
          : `${who} gets 403: no identity-based policy of the caller allows ${sim.action} on ${topology.service.name || topology.service.id}`,
        detail:
          `IAM's simulation of ${sim.policySourceArn} for ${sim.action} on ${sim.resource} says ${sim.evalDecision}: ` +
          `${result.reason}. Lattice requires the caller's own identity policies to allow the action as well as the ` +
          `auth policies, so every request of this caller fails with 403 "… no identity-based policy allows …"` +
          (sim.missingContextValues.length
            ? `. IAM lacked values for ${sim.missingContextValues.join(", ")}: a condition on them may differ on the real request.`
            : "."),
        resource: { type: `iam-${kind}`, id: sim.policySourceArn, arn: sim.policySourceArn },
        evidence: [{ call: "iam:SimulatePrincipalPolicy", observed }],
        fix,
        affects: [topology.service.id],
      },
    ];
  },
});
