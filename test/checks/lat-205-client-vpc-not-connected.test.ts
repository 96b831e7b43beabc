import { expect } from "vitest";
import lat205 from "../../checks/lat-205-client-vpc-not-connected.js";
import { checkTester } from "../support/check-tester.js";
import {
  IDS,
  failure,
  serviceAssociation,
  serviceNetwork,
  serviceNetworks,
  topology,
  vpcEndpointAssociation,
} from "../support/topology.js";
import {
  CLIENT_IDS,
  CONSUMER,
  PLATFORM,
  clientTopology,
  clientVpcAssociation,
  invitation,
  platformNetworkArn,
  sharing,
  threeAccountTopology,
} from "../support/xacct.js";

checkTester(lat205, {
  pass: [
    { name: "without --from there is no client to judge", topology: topology() },
    {
      name: "the client's VPC has an ACTIVE association with the service's network",
      topology: clientTopology(),
    },
    {
      name: "no association, but an available service-network VPC endpoint (any case of 'available')",
      topology: clientTopology({
        vpcAssociations: [],
        vpcEndpoints: [
          {
            vpcEndpointId: CLIENT_IDS.endpoint,
            vpcId: IDS.consumerVpc,
            serviceNetworkArn: platformNetworkArn(),
            state: "Available",
            securityGroupIds: [],
          },
        ],
      }),
    },
    {
      name: "an endpoint seen from the network's side (ListServiceNetworkVpcEndpointAssociations)",
      topology: clientTopology(
        { vpcAssociations: [] },
        { vpcEndpointAssociations: [vpcEndpointAssociation({ vpcId: IDS.consumerVpc, state: "available" })] },
      ),
    },
    {
      name: "associated with another network only: LAT-206 speaks instead",
      topology: clientTopology({
        vpcAssociations: [clientVpcAssociation({ serviceNetworkId: CLIENT_IDS.otherNetwork })],
      }),
    },
    {
      name: "the client's associations could not be read (LAT-901/LAT-211 say so)",
      topology: clientTopology(
        { vpcAssociations: undefined },
        { failures: [failure({ part: "clientVpcAssociations", resource: IDS.consumerVpc })] },
      ),
    },
    {
      name: "the service is in no network, the VPC is in one: LAT-201 alone (put the service there)",
      topology: clientTopology(
        { vpcAssociations: [clientVpcAssociation({ serviceNetworkId: CLIENT_IDS.otherNetwork })] },
        { serviceAssociations: [] },
      ),
    },
    {
      name: "the service is in no network, the VPC has an available endpoint",
      topology: clientTopology(
        {
          vpcAssociations: [],
          vpcEndpoints: [
            {
              vpcEndpointId: CLIENT_IDS.endpoint,
              serviceNetworkArn: platformNetworkArn(CLIENT_IDS.otherNetwork),
              state: "available",
              securityGroupIds: [],
            },
          ],
        },
        { serviceAssociations: [] },
      ),
    },
    { name: "three accounts, all accepted and associated", topology: threeAccountTopology() },
  ],
  fail: [
    {
      name: "the client's VPC has no association and no endpoint",
      topology: clientTopology({ vpcAssociations: [] }),
      expect: {
        resource: IDS.consumerVpc,
        severity: "critical",
        hop: "client",
        titleIncludes: [IDS.consumerVpc, IDS.serviceNetwork],
        affects: [IDS.consumerVpc, IDS.serviceNetwork],
      },
      assert: ([f]) => {
        expect(f!.fix.commands.at(-1)).toContain(
          `create-service-network-vpc-association --service-network-identifier ${IDS.serviceNetwork} --vpc-identifier ${IDS.consumerVpc} --security-group-ids ${CLIENT_IDS.securityGroup}`,
        );
      },
    },
    {
      name: "the service is in no network and the client's VPC in none either",
      topology: clientTopology({ vpcAssociations: [] }, { serviceAssociations: [] }),
      expect: {
        resource: IDS.consumerVpc,
        severity: "critical",
        hop: "vpc-association",
        count: 1,
        titleIncludes: [IDS.consumerVpc, "no service network"],
        affects: [IDS.consumerVpc],
      },
      assert: ([f]) => {
        expect(f!.fix.commands[0]).toContain(`--vpc-identifier ${IDS.consumerVpc}`);
      },
    },
    {
      name: "hub and spoke: no network on either side, a pending invitation for the platform's network",
      topology: clientTopology(
        { vpcAssociations: [], ownerAccountId: CONSUMER },
        {
          serviceAssociations: [],
          sharing: sharing({
            invitations: [invitation()],
            shares: [],
            resources: [],
          }),
        },
      ),
      expect: {
        resource: IDS.consumerVpc,
        detailIncludes: ["PENDING", "accept it first", platformNetworkArn()],
        affects: [IDS.consumerVpc, IDS.serviceNetwork],
      },
      assert: ([f]) => {
        expect(f!.fix.summary).toMatch(/^Accept the pending invitation/);
        expect(f!.fix.commands[0]).toContain(`--service-network-identifier ${platformNetworkArn()}`);
      },
    },
    {
      name: "the association with the right network is CREATE_FAILED",
      topology: clientTopology({ vpcAssociations: [clientVpcAssociation({ status: "CREATE_FAILED" })] }),
      expect: { resource: IDS.consumerVpc, detailIncludes: `${CLIENT_IDS.vpcAssociation} (CREATE_FAILED)` },
    },
    {
      name: "an endpoint that is still pending does not count",
      topology: clientTopology({
        vpcAssociations: [],
        vpcEndpoints: [
          {
            vpcEndpointId: CLIENT_IDS.endpoint,
            serviceNetworkArn: platformNetworkArn(),
            state: "pending",
            securityGroupIds: [],
          },
        ],
      }),
      expect: { resource: IDS.consumerVpc },
    },
    {
      name: "accepted but never associated (three accounts): only the association, by ARN, in the consumer's profile",
      topology: threeAccountTopology({ vpcAssociations: [] }),
      context: { profile: "producer" },
      expect: { resource: IDS.consumerVpc, detailIncludes: "only the association is missing" },
      assert: ([f]) => {
        expect(f!.fix.commands).toHaveLength(1);
        expect(f!.fix.commands[0]).toContain(`--service-network-identifier ${platformNetworkArn()}`);
        expect(f!.fix.commands[0]).toContain("--profile consumer-prod");
      },
    },
    {
      name: "not shared with the consumer yet (three accounts): share → accept → associate, by ARN",
      topology: threeAccountTopology(
        { vpcAssociations: [] },
        { sharing: sharing({ invitations: [], shares: [], resources: [] }) },
      ),
      context: { profile: "producer" },
      expect: { resource: IDS.consumerVpc, detailIncludes: `owned by account ${PLATFORM}` },
      assert: ([f]) => {
        const commands = f!.fix.commands;
        expect(commands[0]).toContain(`aws ram create-resource-share`);
        expect(commands[0]).toContain(`--principals ${CONSUMER}`);
        expect(commands.some((c) => c.startsWith("aws ram accept-resource-share-invitation"))).toBe(true);
        const associate = commands.at(-1)!;
        expect(associate).toContain(`--service-network-identifier ${platformNetworkArn()}`);
        expect(associate).toContain("--profile consumer-prod");
      },
    },
    {
      name: "the network cannot be shared (LAT-210): the fix shares a shareable one, never this network",
      topology: threeAccountTopology(
        { vpcAssociations: [] },
        {
          serviceNetworks: serviceNetworks(
            serviceNetwork({
              arn: platformNetworkArn(),
              ownerAccountId: PLATFORM,
              sharingConfig: { enabled: false },
            }),
          ),
        },
      ),
      expect: { resource: IDS.consumerVpc, detailIncludes: "cannot be shared at all (LAT-210)" },
      assert: ([f]) => {
        expect(f!.fix.commands.join("\n")).not.toContain(`--resource-arns ${platformNetworkArn()}`);
        expect(f!.fix.commands[0]).toContain("--resource-arns <arn-of-a-shareable-network>");
      },
    },
    {
      name: "the service is associated with two networks, the client with neither",
      topology: clientTopology(
        { vpcAssociations: [] },
        {
          serviceAssociations: [
            serviceAssociation(),
            serviceAssociation({ id: "snsa-0a1b2c3d4e5f60719", serviceNetworkId: IDS.serviceNetwork2 }),
          ],
        },
      ),
      expect: { count: 1, titleIncludes: IDS.serviceNetwork2 },
    },
  ],
});
