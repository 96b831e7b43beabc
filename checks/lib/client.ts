/**
 * The client given with `--from`, as the checks see it: which networks hold the service, how the
 * client's VPC reaches them (association or service-network VPC endpoint), and the evidence blocks
 * the client checks share.
 */
import type { Client, ClientVpcAssociation, Topology, VpcAssociation } from "../../src/topology/types.js";
import type { Evidence } from "../define.js";

/** `sn-…` from an id or a network ARN (`…:servicenetwork/sn-…`). */
export function networkIdOf(identifier: string | undefined): string | undefined {
  if (!identifier) return undefined;
  const m = /(sn-[0-9a-z]+)/.exec(identifier);
  return m ? m[1] : undefined;
}

/** The networks the service is associated with (any status: LAT-202 speaks for the ones not ACTIVE). */
export function serviceNetworkIds(topology: Topology): Set<string> {
  return new Set(topology.serviceAssociations.map((a) => a.serviceNetworkId).filter((id) => !!id));
}

function isActive(status: string | undefined): boolean {
  return (status ?? "").toUpperCase() === "ACTIVE";
}

export function isAvailable(state: string | undefined): boolean {
  return (state ?? "").toLowerCase() === "available";
}

/** The client VPC's associations: the client-side read, else what the networks' side shows. */
export function clientAssociations(topology: Topology, client: Client): ClientVpcAssociation[] {
  if (client.vpcAssociations) return client.vpcAssociations;
  return topology.vpcAssociations.filter((a) => a.vpcId === client.vpcId);
}

/** How the client's VPC reaches the service's networks: ACTIVE associations and available endpoints. */
export function clientPaths(topology: Topology, client: Client) {
  const holding = serviceNetworkIds(topology);
  const associations = clientAssociations(topology, client);
  const activeToService = associations.filter((a) => isActive(a.status) && holding.has(a.serviceNetworkId));
  const endpoints = [
    ...(client.vpcEndpoints ?? []).map((e) => ({
      vpcEndpointId: e.vpcEndpointId,
      serviceNetworkId: networkIdOf(e.serviceNetworkArn),
      state: e.state,
    })),
    ...(topology.vpcEndpointAssociations ?? [])
      .filter((e) => e.vpcId === client.vpcId)
      .map((e) => ({ vpcEndpointId: e.vpcEndpointId, serviceNetworkId: e.serviceNetworkId, state: e.state })),
  ];
  const endpointsToService = endpoints.filter(
    (e) => e.serviceNetworkId && holding.has(e.serviceNetworkId) && isAvailable(e.state),
  );
  const otherNetworks = associations.filter((a) => !holding.has(a.serviceNetworkId));
  return { holding, associations, activeToService, endpoints, endpointsToService, otherNetworks };
}

/** Whether the client side could be read well enough to judge its VPC's connections. */
export function clientAssociationsKnown(topology: Topology, client: Client): boolean {
  if (client.vpcAssociations) return true;
  return !topology.failures.some((f) => f.part === "clientVpcAssociations");
}

export function clientEvidence(client: Client): Evidence {
  const observed: Record<string, unknown> = { input: client.input };
  for (const key of [
    "instanceId",
    "networkInterfaceIds",
    "vpcId",
    "ownerAccountId",
    "subnetId",
    "securityGroupIds",
    "privateIpAddress",
    "ipv6Addresses",
    "vpcCidrBlocks",
  ] as const) {
    const v = client[key];
    if (v !== undefined && !(Array.isArray(v) && v.length === 0)) observed[key] = v;
  }
  const call =
    client.kind === "instance"
      ? "ec2:DescribeInstances"
      : client.kind === "network-interface"
        ? "ec2:DescribeNetworkInterfaces"
        : client.kind === "security-group"
          ? "ec2:DescribeSecurityGroups"
          : "ec2:DescribeVpcs";
  return { call, observed };
}

export function associationsEvidence(vpcId: string | undefined, associations: VpcAssociation[]): Evidence {
  return {
    call: "vpc-lattice:ListServiceNetworkVpcAssociations",
    observed: {
      vpcIdentifier: vpcId,
      items: associations.map((a) => {
        const item: Record<string, unknown> = {
          id: a.id,
          serviceNetworkId: a.serviceNetworkId,
          status: a.status,
        };
        const named = a as ClientVpcAssociation;
        if (named.serviceNetworkName) item.serviceNetworkName = named.serviceNetworkName;
        if (a.securityGroupIds) item.securityGroupIds = a.securityGroupIds;
        return item;
      }),
    },
  };
}

/** The client VPC's service-network endpoints, as DescribeVpcEndpoints listed them. */
export function vpcEndpointsEvidence(vpcId: string, client: Client): Evidence {
  return {
    call: "ec2:DescribeVpcEndpoints",
    observed: {
      "vpc-id": vpcId,
      "vpc-endpoint-type": "ServiceNetwork",
      VpcEndpoints: (client.vpcEndpoints ?? []).map((e) => ({
        VpcEndpointId: e.vpcEndpointId,
        ServiceNetworkArn: e.serviceNetworkArn,
        State: e.state,
      })),
    },
  };
}

/** Listener ports of the service, ascending. */
export function listenerPorts(topology: Topology): number[] {
  return [...new Set(topology.listeners.map((l) => l.port).filter((p) => p > 0))].sort((a, b) => a - b);
}

/** `arn:…:servicenetwork/sn-…` for a network id, when the topology knows it. */
export function networkArnOf(topology: Topology, id: string): string | undefined {
  return (
    topology.serviceNetworks[id]?.arn ||
    topology.serviceAssociations.find((a) => a.serviceNetworkId === id)?.serviceNetworkArn
  );
}

/**
 * `--region`/`--profile` for commands that run in `account`: the run's profile when its own
 * credentials belong there, `--consumer-profile`'s name when those do, else a placeholder that
 * says which account's profile to use.
 */
export function contextFor(
  topology: Topology,
  account: string | undefined,
  context: { region: string; profile?: string },
): { region: string; profile?: string } {
  const readers = topology.readers ?? [];
  const reader = account ? readers.find((r) => r.accountId === account) : undefined;
  if (!account || (reader ? reader.label === "default" : account === topology.accountId)) return context;
  const profile = /^consumer-profile (.+)$/.exec(reader?.label ?? "")?.[1];
  return { region: context.region, profile: profile ?? `<profile-of-account:${account}>` };
}

/** Account id from an ARN (5th field). */
export { accountOfArn as accountOf } from "../../src/core/util/arn.js";
