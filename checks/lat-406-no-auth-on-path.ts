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
  explain: {
    summary:
      "authType is NONE on the service and on every network it is in: any workload in an associated VPC can call it.",
    why:
      "VPC Lattice checks identity only at a layer whose authType is AWS_IAM. With NONE on the service and on " +
      "each of its service networks, every request that reaches the service is allowed: any instance, task or pod " +
      "in any VPC connected to those networks (limited only by the association's security groups) can call every " +
      "path. That may be intended; it should be a decision, not a default.",
    fix:
      "If callers should be authenticated, attach an auth policy first, then set authType to AWS_IAM on the service " +
      "(or the network), and have clients sign requests with SigV4 (signing name vpc-lattice-svcs).",
    bad:
      "CLI:\n" +
      "  aws vpc-lattice create-service --name orders-api          # authType defaults to NONE\n" +
      "  aws vpc-lattice create-service-network --name prod-mesh   # authType defaults to NONE\n" +
      "Terraform:\n" +
      '  resource "aws_vpclattice_service" "orders" {\n' +
      '    name      = "orders-api"\n' +
      '    auth_type = "NONE"\n' +
      "  }",
    good:
      "CLI:\n" +
      "  aws vpc-lattice put-auth-policy --resource-identifier svc-0e5b4c6a2d1f83a97 --policy \\\n" +
      '    \'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke",' +
      '"Resource":"arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-0e5b4c6a2d1f83a97/*",' +
      '"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}\'\n' +
      "  aws vpc-lattice update-service --service-identifier svc-0e5b4c6a2d1f83a97 --auth-type AWS_IAM\n" +
      "Terraform:\n" +
      '  resource "aws_vpclattice_service" "orders" {\n' +
      '    name      = "orders-api"\n' +
      '    auth_type = "AWS_IAM"\n' +
      "  }",
  },
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
