import type { ServiceNetwork } from "../src/topology/types.js";
import { defineCheck, type FindingDraft } from "./define.js";
import { parseArn } from "./lib/arn.js";
import { awsCli } from "./lib/commands.js";

export default defineCheck({
  code: "LAT-203",
  name: "network-has-no-consumers",
  severity: "critical",
  hop: "vpc-association",
  symptoms: ["404", "timeout"],
  lint: { judged: "live", reason: "consumers may be associated from other stacks or accounts" },
  needs: ["serviceAssociations", "vpcAssociations", "vpcEndpointAssociations"],
  run(topology, context) {
    const endpoints = topology.vpcEndpointAssociations;
    // Endpoints not read (older recording, gather without them): a consumer may exist; say nothing.
    if (endpoints === undefined) return [];
    const activeNetworkIds = [
      ...new Set(
        topology.serviceAssociations.filter((a) => a.status === "ACTIVE").map((a) => a.serviceNetworkId),
      ),
    ];
    // Not in any network (LAT-201) or in none ACTIVE (LAT-202).
    if (activeNetworkIds.length === 0) return [];
    const networks = activeNetworkIds.map((id): ServiceNetwork | undefined => topology.serviceNetworks[id]);
    // Another account's network: its owner's and other consumers' associations are not listed to us.
    const foreign = networks.some((n) => {
      const owner = n?.ownerAccountId ?? parseArn(n?.arn)?.accountId;
      return owner !== undefined && topology.accountId !== undefined && owner !== topology.accountId;
    });
    if (foreign) return [];

    const inNetworks = (id: string): boolean => activeNetworkIds.includes(id);
    const vpcAssociations = topology.vpcAssociations.filter((v) => inNetworks(v.serviceNetworkId));
    const endpointsHere = endpoints.filter((e) => inNetworks(e.serviceNetworkId));
    if (vpcAssociations.some((v) => v.status === "ACTIVE")) return [];
    if (endpointsHere.some((e) => e.state?.toLowerCase() === "available")) return [];

    const service = topology.service;
    const names = activeNetworkIds.map((id) => {
      const n = topology.serviceNetworks[id];
      return n ? `${n.name} (${id})` : id;
    });
    const single = activeNetworkIds.length === 1 ? activeNetworkIds[0]! : undefined;
    const singleNetwork = single ? topology.serviceNetworks[single] : undefined;
    const existing = [
      ...vpcAssociations.map((v) => `VPC association ${v.id} (${v.vpcId}) is ${v.status}`),
      ...endpointsHere.map((e) => `endpoint ${e.vpcEndpointId} is ${e.state ?? "in an unknown state"}`),
    ];
    const target = single ?? "<sn-id>";
    const evidence: FindingDraft["evidence"] = activeNetworkIds.flatMap((id) => [
      {
        call: "vpc-lattice:ListServiceNetworkVpcAssociations",
        observed: {
          serviceNetworkIdentifier: id,
          items: vpcAssociations
            .filter((v) => v.serviceNetworkId === id)
            .map((v) => ({ id: v.id, vpcId: v.vpcId, status: v.status })),
        },
      },
      {
        call: "vpc-lattice:ListServiceNetworkVpcEndpointAssociations",
        observed: {
          serviceNetworkIdentifier: id,
          items: endpointsHere
            .filter((e) => e.serviceNetworkId === id)
            .map((e) => ({ vpcEndpointId: e.vpcEndpointId, vpcId: e.vpcId ?? null, state: e.state ?? null })),
        },
      },
    ]);
    return [
      {
        title:
          `No VPC can reach ${service.name} (${service.id}): ` +
          (single
            ? `its network ${names[0]} has no ACTIVE VPC association and no available service-network endpoint`
            : `none of its networks (${names.join(", ")}) has an ACTIVE VPC association or an available service-network endpoint`),
        detail:
          `${service.id} is in ${names.join(", ")}, but no client VPC is connected to ` +
          (single ? "that network" : "any of them") +
          ": there is no ACTIVE VPC association and no service-network VPC endpoint in state available" +
          (existing.length > 0 ? ` (${existing.join("; ")})` : "") +
          ". Every client call fails before it reaches the service.",
        resource: singleNetwork
          ? { type: "service-network", id: singleNetwork.id, arn: singleNetwork.arn }
          : { type: "service", id: service.id, arn: service.arn },
        evidence,
        fix: {
          summary:
            "Associate the clients' VPC with the network (one network per VPC by association; the security " +
            "groups must admit the listener ports from the clients), or, if that VPC is already associated with " +
            "another network or the clients arrive over peering/Transit Gateway/VPN, create a service-network VPC " +
            "endpoint in it. Then wait until the association is ACTIVE or the endpoint is available.",
          commands: [
            awsCli(
              `aws vpc-lattice create-service-network-vpc-association --service-network-identifier ${target} ` +
                "--vpc-identifier <client-vpc-id> --security-group-ids <sg-id>",
              context,
            ),
            awsCli(
              "aws ec2 create-vpc-endpoint --vpc-endpoint-type ServiceNetwork --vpc-id <client-vpc-id> " +
                `--service-network-arn ${singleNetwork?.arn ?? "<sn-arn>"} --subnet-ids <subnet-id> ` +
                "--security-group-ids <sg-id>",
              context,
            ),
          ],
        },
        affects: [...activeNetworkIds, service.id],
      },
    ];
  },
});
