/**
 * Builders for the client's side (`--from`) and cross-account topologies: three accounts as they
 * usually split a Lattice deployment — the producer owns the service (the fixture account of
 * topology.ts), a platform account owns the network and shares it through RAM, a consumer account
 * owns the client's VPC. Field names as the APIs return them.
 */
import type {
  Client,
  ClientVpcAssociation,
  RamInvitation,
  RamResource,
  RamShare,
  RamShareAssociation,
  SecurityGroup,
  Sharing,
  Topology,
} from "../../src/topology/types.js";
import {
  ACCOUNT,
  CONSUMER_CIDR,
  IDS,
  REGION,
  associationSecurityGroup,
  egressAllRule,
  networkAcl,
  networkAcls,
  securityGroups,
  serviceAssociation,
  serviceNetwork,
  serviceNetworks,
  subnet,
  subnets,
  topology,
  vpcAssociation,
} from "./topology.js";

export const PRODUCER = ACCOUNT;
export const PLATFORM = "444455556666";
export const CONSUMER = "222233334444";
export const CONSUMER_PROFILE_LABEL = "consumer-profile consumer-prod";

export const CLIENT_IDS = {
  instance: "i-0c1d2e3f4a5b6c7d8",
  eni: "eni-0e1f2a3b4c5d6e7f8",
  securityGroup: "sg-0e7f6a5b4c3d21098",
  subnet: "subnet-0d1e2f3a4b5c6d7e8",
  networkAcl: "acl-0c2d4e6f8a0b1c3d5",
  address: "10.20.1.15",
  /** The client VPC's association with the service's network. */
  vpcAssociation: "snva-0e2c4a6b8d0f13579",
  /** A network that does not hold the service. */
  otherNetwork: "sn-0b8c9d0e1f2a3b4c5",
  otherAssociation: "snva-0f3d5b7a9c1e24680",
  endpoint: "vpce-0a1b2c3d4e5f60718",
  share: `arn:aws:ram:${REGION}:${PLATFORM}:resource-share/7ab63972-b505-4f3a-a2b6-1d5f1c2c3b4a`,
  invitation: `arn:aws:ram:${REGION}:${PLATFORM}:resource-share-invitation/5d7c1e3a-7f10-4a3b-9c2d-6e8f0a1b2c3d`,
} as const;

export const platformNetworkArn = (id: string = IDS.serviceNetwork) =>
  `arn:aws:vpc-lattice:${REGION}:${PLATFORM}:servicenetwork/${id}`;

export function clientVpcAssociation(overrides: Partial<ClientVpcAssociation> = {}): ClientVpcAssociation {
  return {
    ...vpcAssociation({ id: CLIENT_IDS.vpcAssociation }),
    serviceNetworkArn: `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:servicenetwork/${IDS.serviceNetwork}`,
    serviceNetworkName: "prod-mesh",
    ...overrides,
  };
}

/** An instance in the consumer VPC (10.20.1.15), group sg-0e7f… (allow-all egress), same account. */
export function client(overrides: Partial<Client> = {}): Client {
  return {
    input: CLIENT_IDS.instance,
    kind: "instance",
    instanceId: CLIENT_IDS.instance,
    networkInterfaceIds: [CLIENT_IDS.eni],
    vpcId: IDS.consumerVpc,
    ownerAccountId: ACCOUNT,
    subnetId: CLIENT_IDS.subnet,
    securityGroupIds: [CLIENT_IDS.securityGroup],
    privateIpAddress: CLIENT_IDS.address,
    vpcCidrBlocks: [CONSUMER_CIDR],
    readBy: "default",
    vpcAssociations: [clientVpcAssociation()],
    vpcEndpoints: [],
    ...overrides,
  };
}

export function clientGroup(overrides: Partial<SecurityGroup> = {}): SecurityGroup {
  const groupId = overrides.groupId ?? CLIENT_IDS.securityGroup;
  return {
    groupId,
    groupName: "checkout-workers",
    vpcId: IDS.consumerVpc,
    ownerId: ACCOUNT,
    rules: [egressAllRule(groupId)],
    ...overrides,
  };
}

/**
 * The default healthy topology plus a client: its instance, group, subnet (default ACL) and ACTIVE
 * association (whose group admits 443 from the consumer CIDR). Top-level keys replace the defaults.
 */
export function clientTopology(
  clientOverrides: Partial<Client> = {},
  overrides: Partial<Topology> = {},
): Topology {
  const base = topology();
  return {
    ...base,
    client: client(clientOverrides),
    securityGroups: {
      ...base.securityGroups,
      ...securityGroups(associationSecurityGroup(), clientGroup()),
    },
    subnets: subnets(
      subnet({
        subnetId: CLIENT_IDS.subnet,
        vpcId: IDS.consumerVpc,
        cidrBlock: "10.20.1.0/24",
        networkAclId: CLIENT_IDS.networkAcl,
      }),
    ),
    networkAcls: networkAcls(networkAcl({ networkAclId: CLIENT_IDS.networkAcl, vpcId: IDS.consumerVpc })),
    ...overrides,
  };
}

// ——— RAM ———

export function invitation(overrides: Partial<RamInvitation> = {}): RamInvitation {
  return {
    resourceShareInvitationArn: CLIENT_IDS.invitation,
    resourceShareArn: CLIENT_IDS.share,
    resourceShareName: "platform-mesh",
    senderAccountId: PLATFORM,
    receiverAccountId: CONSUMER,
    status: "PENDING",
    invitationTimestamp: "2026-11-20T09:15:00.000Z",
    resourceArns: [platformNetworkArn()],
    readBy: CONSUMER_PROFILE_LABEL,
    ...overrides,
  };
}

export function share(overrides: Partial<RamShare> = {}): RamShare {
  return {
    resourceShareArn: CLIENT_IDS.share,
    name: "platform-mesh",
    owningAccountId: PLATFORM,
    status: "ACTIVE",
    allowExternalPrincipals: true,
    featureSet: "STANDARD",
    resourceOwner: "OTHER-ACCOUNTS",
    readBy: CONSUMER_PROFILE_LABEL,
    ...overrides,
  };
}

export function shareAssociation(overrides: Partial<RamShareAssociation> = {}): RamShareAssociation {
  return {
    resourceShareArn: CLIENT_IDS.share,
    resourceShareName: "platform-mesh",
    associatedEntity: CONSUMER,
    associationType: "PRINCIPAL",
    status: "ASSOCIATED",
    external: true,
    readBy: "role arn:aws:iam::444455556666:role/LatticeDoctorRead",
    ...overrides,
  };
}

export function ramResource(overrides: Partial<RamResource> = {}): RamResource {
  return {
    arn: platformNetworkArn(),
    type: "vpc-lattice:ServiceNetwork",
    resourceShareArn: CLIENT_IDS.share,
    status: "AVAILABLE",
    resourceOwner: "OTHER-ACCOUNTS",
    readBy: CONSUMER_PROFILE_LABEL,
    ...overrides,
  };
}

export function sharing(overrides: Partial<Sharing> = {}): Sharing {
  return {
    resourceArns: [platformNetworkArn()],
    invitations: [invitation({ status: "ACCEPTED" })],
    shares: [share()],
    associations: [],
    resources: [ramResource()],
    unread: [],
    ...overrides,
  };
}

/**
 * Three accounts: the producer's service (run's own credentials) in the platform's shareable network,
 * the client in the consumer's VPC read with --consumer-profile consumer-prod. Everything accepted and
 * ACTIVE unless overridden.
 */
export function threeAccountTopology(
  clientOverrides: Partial<Client> = {},
  overrides: Partial<Topology> = {},
): Topology {
  const networkArn = platformNetworkArn();
  const base = clientTopology(
    {
      ownerAccountId: CONSUMER,
      readBy: CONSUMER_PROFILE_LABEL,
      vpcAssociations: [
        clientVpcAssociation({
          arn: `arn:aws:vpc-lattice:${REGION}:${CONSUMER}:servicenetworkvpcassociation/${CLIENT_IDS.vpcAssociation}`,
          serviceNetworkArn: networkArn,
        }),
      ],
      ...clientOverrides,
    },
    {
      serviceAssociations: [serviceAssociation({ serviceNetworkArn: networkArn })],
      serviceNetworks: serviceNetworks(
        serviceNetwork({ arn: networkArn, ownerAccountId: PLATFORM, sharingConfig: { enabled: true } }),
      ),
      readers: [
        {
          label: "default",
          accountId: PRODUCER,
          callerArn: `arn:aws:sts::${PRODUCER}:assumed-role/OnCall/jdoe`,
        },
        {
          label: CONSUMER_PROFILE_LABEL,
          accountId: CONSUMER,
          callerArn: `arn:aws:sts::${CONSUMER}:assumed-role/ReadOnly/jdoe`,
        },
      ],
      sharing: sharing(),
    },
  );
  return { ...base, ...overrides };
}
