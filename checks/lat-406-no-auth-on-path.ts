import { defineCheck } from "./define.js";
import { parseArn } from "./lib/arn.js";
import { awsCli, shellQuote } from "./lib/commands.js";

export default defineCheck({
  code: "LAT-406",
  name: "no-auth-on-path",
  severity: "info",
  hop: "service",
  symptoms: ["403"],
  lint: { judged: "live", reason: "the service's networks may be defined in another stack" },
  needs: ["service", "serviceAssociations", "serviceNetworks"],
  run(topology, context) {
    const service = topology.service;
    const networkIds = [
      ...new Set(
        topology.serviceAssociations.filter((a) => a.status === "ACTIVE").map((a) => a.serviceNetworkId),
      ),
    ];
    if (networkIds.length === 0) return []; // not reachable at all: LAT-201/LAT-202
    if (service.authType !== "NONE") return [];
    const networks = networkIds.map((id) => topology.serviceNetworks[id]);
    // A network we could not read may check identity: say nothing.
    if (networks.some((n) => n === undefined || n.authType !== "NONE")) return [];
    const known = networks.filter((n) => n !== undefined);
    const vpcs = [
      ...new Set(
        topology.vpcAssociations
          .filter((v) => v.status === "ACTIVE" && networkIds.includes(v.serviceNetworkId))
          .map((v) => v.vpcId),
      ),
    ];
    const arn = parseArn(service.arn);
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: {
            AWS: `arn:${arn?.partition ?? "aws"}:iam::${topology.accountId ?? arn?.accountId ?? "<account-id>"}:root`,
          },
          Action: "vpc-lattice-svcs:Invoke",
          Resource: `${service.arn}/*`,
        },
      ],
    });
    return [
      {
        title:
          `Anyone in a connected VPC can call ${service.name} (${service.id}): authType is NONE on the service and ` +
          `on ${known.length === 1 ? `its network ${known[0]!.name}` : `all ${known.length} of its networks`}`,
        detail:
          `No layer on the path checks identity: the service and ${known.map((n) => `${n.name} (${n.id})`).join(", ")} ` +
          "all have authType NONE, so every request that reaches the service is allowed" +
          (vpcs.length > 0 ? `, from any workload in ${vpcs.join(", ")}` : "") +
          ", limited only by the VPC associations' security groups. This is context, not a failure.",
        resource: { type: "service", id: service.id, arn: service.arn },
        evidence: [
          {
            call: "vpc-lattice:GetService",
            observed: { id: service.id, name: service.name, authType: service.authType },
          },
          ...known.map((n) => ({
            call: "vpc-lattice:GetServiceNetwork",
            observed: { id: n.id, name: n.name, authType: n.authType },
          })),
        ],
        fix: {
          summary:
            "If callers should be authenticated: attach an auth policy (the one below allows the account's " +
            "authenticated principals; narrow it), then switch the service to AWS_IAM, and make clients sign " +
            "requests with SigV4 (signing name vpc-lattice-svcs). If open access is intended, nothing to do.",
          commands: [
            awsCli(
              `aws vpc-lattice put-auth-policy --resource-identifier ${service.id} --policy ${shellQuote(policy)}`,
              context,
            ),
            awsCli(
              `aws vpc-lattice update-service --service-identifier ${service.id} --auth-type AWS_IAM`,
              context,
            ),
          ],
        },
        affects: [service.id, ...networkIds],
      },
    ];
  },
});
