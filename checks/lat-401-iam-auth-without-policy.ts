import type { AuthPolicy, Topology } from "../src/topology/types.js";
import { defineCheck, type CheckContext, type FindingDraft } from "./define.js";
import { parseArn } from "./lib/arn.js";
import { awsCli, shellQuote } from "./lib/commands.js";
import { symptomKey } from "./lib/signals.js";

function hasNoPolicy(policy: AuthPolicy | undefined): boolean {
  // No entry: the policy was not read (the engine reports why); say nothing.
  return policy !== undefined && (policy.policy === undefined || policy.policy.trim() === "");
}

/** The caller's account (who will call the service), else the service owner's, else a placeholder. */
function principalAccount(topology: Topology): string {
  return topology.accountId ?? parseArn(topology.service.arn)?.accountId ?? "<account-id>";
}

function minimalPolicy(partition: string, account: string, resource: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${account}:root` },
        Action: "vpc-lattice-svcs:Invoke",
        Resource: resource,
      },
    ],
  });
}

function evidenceFor(
  call: string,
  observed: Record<string, unknown>,
  policy: AuthPolicy,
): FindingDraft["evidence"] {
  const got: Record<string, unknown> = {
    resourceIdentifier: policy.resourceId,
    policy: policy.policy ?? null,
  };
  if (policy.state !== undefined) got.state = policy.state;
  return [
    { call, observed },
    { call: "vpc-lattice:GetAuthPolicy", observed: got },
  ];
}

function serviceFinding(topology: Topology, context: CheckContext): FindingDraft | undefined {
  const service = topology.service;
  const policy = topology.authPolicies[service.id];
  if (service.authType !== "AWS_IAM" || !hasNoPolicy(policy)) return undefined;
  const arn = parseArn(service.arn);
  const partition = arn?.partition ?? "aws";
  const region = arn?.region || context.region;
  const owner = arn?.accountId ?? principalAccount(topology);
  const account = principalAccount(topology);
  const document = minimalPolicy(
    partition,
    account,
    `arn:${partition}:vpc-lattice:${region}:${owner}:service/${service.id}/*`,
  );
  return {
    hop: "service",
    title: `Service ${service.name} (${service.id}) requires AWS_IAM but has no auth policy: every request is denied (403)`,
    detail:
      `The service's authType is AWS_IAM and it has no auth policy. With AWS_IAM every request is implicitly ` +
      `denied until a policy allows it, so every call fails with 403 AccessDeniedException ("no service-based ` +
      `policy allows the vpc-lattice-svcs:Invoke action"), whatever the network's policy and the caller's IAM ` +
      `permissions say.`,
    resource: { type: "service", id: service.id, arn: service.arn },
    evidence: evidenceFor(
      "vpc-lattice:GetService",
      { id: service.id, name: service.name, authType: service.authType },
      policy!,
    ),
    fix: {
      summary:
        `Attach an auth policy to the service. The one below lets authenticated principals of account ${account} ` +
        "invoke every path (they still need vpc-lattice-svcs:Invoke in their own IAM policy); narrow it as needed. " +
        "Or, if the service should not check identity, set its auth type to NONE. Changes take a few minutes.",
      commands: [
        awsCli(
          `aws vpc-lattice put-auth-policy --resource-identifier ${service.id} --policy ${shellQuote(document)}`,
          context,
        ),
        awsCli(`aws vpc-lattice update-service --service-identifier ${service.id} --auth-type NONE`, context),
      ],
    },
    affects: [service.id, symptomKey(service.id, "403")],
  };
}

export default defineCheck({
  code: "LAT-401",
  name: "iam-auth-without-policy",
  severity: "critical",
  hop: "service",
  causes: ["LAT-604", "LAT-605", "LAT-606"],
  symptoms: ["403"],
  denial: "layer",
  lint: {
    judged: "file",
    scope: "any",
    reads: ["service.authType", "network.authType", "authPolicy.resource"],
    alternativeFixes: true,
  },
  needs: ["service"],
  // The service's own policy is judged even when its networks were not read (src/engine/run-checks.ts).
  partlyNeeds: ["serviceNetworks", "authPolicies"],
  run(topology, context) {
    const findings: FindingDraft[] = [];
    const own = serviceFinding(topology, context);
    if (own) findings.push(own);

    const networks = Object.values(topology.serviceNetworks);
    const denying = networks.filter(
      (n) => n.authType === "AWS_IAM" && hasNoPolicy(topology.authPolicies[n.id]),
    );
    // Critical only when every network the service is in denies: otherwise clients of the other networks get through.
    const everyNetwork = denying.length === networks.length;
    const account = principalAccount(topology);
    for (const network of denying) {
      const arn = parseArn(network.arn);
      const partition = arn?.partition ?? "aws";
      const owner = network.ownerAccountId ?? arn?.accountId;
      const foreign = owner !== undefined && topology.accountId !== undefined && owner !== topology.accountId;
      const document = minimalPolicy(partition, account, "*");
      findings.push({
        hop: "service-network",
        severity: everyNetwork ? "critical" : "error",
        title:
          `Service network ${network.name} (${network.id}) requires AWS_IAM but has no auth policy: ` +
          `every request through it is denied (403)`,
        detail:
          `The service network's authType is AWS_IAM and it has no auth policy. The network layer is evaluated ` +
          `before the service's own policy, so every request from a VPC connected through ${network.id} fails with ` +
          `403 AccessDeniedException ("no network-based policy allows the vpc-lattice-svcs:Invoke action"), for ` +
          `every service in the network` +
          (everyNetwork
            ? "."
            : `; clients reaching ${topology.service.id} through its other networks are not affected.`),
        resource: { type: "service-network", id: network.id, arn: network.arn },
        evidence: evidenceFor(
          "vpc-lattice:GetServiceNetwork",
          { id: network.id, name: network.name, authType: network.authType },
          topology.authPolicies[network.id]!,
        ),
        fix: {
          summary:
            `Attach an auth policy to the service network${foreign ? ` (run in account ${owner}, which owns it)` : ""}. ` +
            `The one below lets authenticated principals of account ${account} reach every service in the network; ` +
            "narrow it as needed. Or set the network's auth type to NONE to leave access control to the services. " +
            "Changes take a few minutes.",
          commands: [
            awsCli(
              `aws vpc-lattice put-auth-policy --resource-identifier ${network.id} --policy ${shellQuote(document)}`,
              context,
            ),
            awsCli(
              `aws vpc-lattice update-service-network --service-network-identifier ${network.id} --auth-type NONE`,
              context,
            ),
          ],
        },
        affects: [network.id, topology.service.id, symptomKey(topology.service.id, "403")],
      });
    }
    return findings;
  },
});
