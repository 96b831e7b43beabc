import { expect } from "vitest";
import lat208 from "../../checks/lat-208-share-not-accepted.js";
import { checkTester } from "../support/check-tester.js";
import { IDS, REGION, service, topology } from "../support/topology.js";
import {
  CLIENT_IDS,
  CONSUMER,
  PLATFORM,
  clientTopology,
  invitation,
  platformNetworkArn,
  ramResource,
  shareAssociation,
  sharing,
  threeAccountTopology,
} from "../support/xacct.js";

const pending = (overrides = {}) =>
  threeAccountTopology(
    { vpcAssociations: [] },
    { sharing: sharing({ invitations: [invitation()], resources: [], shares: [], ...overrides }) },
  );

checkTester(lat208, {
  pass: [
    { name: "no cross-account run", topology: topology() },
    { name: "the invitation was accepted", topology: threeAccountTopology() },
    {
      name: "inside an Organization: no invitation at all, the resource is AVAILABLE",
      topology: threeAccountTopology({}, { sharing: sharing({ invitations: [] }) }),
    },
    {
      name: "an old REJECTED invitation, but the network is AVAILABLE through another share",
      topology: threeAccountTopology(
        {},
        { sharing: sharing({ invitations: [invitation({ status: "REJECTED", resourceArns: undefined })] }) },
      ),
    },
    {
      name: "a pending invitation for something else",
      topology: pending({
        invitations: [
          invitation({
            resourceArns: [
              "arn:aws:vpc-lattice:us-east-1:444455556666:resourceconfiguration/rcfg-0a1b2c3d4e5f60718",
            ],
          }),
        ],
      }),
    },
    {
      name: "owner side: the consumer's principal association is ASSOCIATED",
      topology: threeAccountTopology({}, { sharing: sharing({ associations: [shareAssociation()] }) }),
    },
  ],
  fail: [
    {
      name: "hub and spoke: the app account's service is in no network, the platform's invitation is PENDING",
      // The app account (the run's own, CONSUMER here) owns the service and the client's VPC.
      topology: clientTopology(
        { vpcAssociations: [], ownerAccountId: CONSUMER },
        {
          service: service({ arn: `arn:aws:vpc-lattice:${REGION}:${CONSUMER}:service/${IDS.service}` }),
          serviceAssociations: [],
          serviceNetworks: {},
          vpcAssociations: [],
          sharing: sharing({
            resourceArns: [platformNetworkArn()],
            invitations: [invitation({ readBy: "default" })],
            shares: [],
            resources: [],
          }),
        },
      ),
      expect: {
        resource: CLIENT_IDS.invitation,
        severity: "critical",
        titleIncludes: [IDS.serviceNetwork, CONSUMER, "PENDING"],
        affects: [IDS.serviceNetwork, IDS.consumerVpc, IDS.service],
      },
      assert: ([f]) => {
        // accept first, then the service and the VPC join the shared network (by ARN)
        const [accept, service, vpc] = f!.fix.commands;
        expect(accept).toContain("aws ram accept-resource-share-invitation");
        expect(service).toContain(
          `create-service-network-service-association --service-network-identifier ${platformNetworkArn()} --service-identifier ${IDS.service}`,
        );
        expect(vpc).toContain(`--vpc-identifier ${IDS.consumerVpc}`);
        expect(f!.detail).toContain("access denied");
      },
    },
    {
      name: "the invitation is still PENDING (consumer side)",
      topology: pending(),
      expect: {
        resource: CLIENT_IDS.invitation,
        severity: "critical",
        hop: "service-network",
        titleIncludes: [IDS.serviceNetwork, CONSUMER, "PENDING"],
        affects: [IDS.serviceNetwork, IDS.consumerVpc],
      },
      assert: ([f]) => {
        // accept → associate, in the consumer's profile
        expect(f!.fix.commands[0]).toContain(
          `aws ram accept-resource-share-invitation --resource-share-invitation-arn ${CLIENT_IDS.invitation}`,
        );
        expect(f!.fix.commands[0]).toContain("--profile consumer-prod");
        expect(f!.fix.commands[1]).toContain(
          `create-service-network-vpc-association --service-network-identifier ${platformNetworkArn()}`,
        );
        expect(f!.evidence.map((e) => e.call)).toEqual([
          "ram:GetResourceShareInvitations",
          "ram:ListPendingInvitationResources",
        ]);
      },
    },
    {
      name: "the invitation EXPIRED: the owner must invite again (share → accept → associate)",
      topology: pending({ invitations: [invitation({ status: "EXPIRED", resourceArns: undefined })] }),
      expect: { resource: CLIENT_IDS.invitation, titleIncludes: ["EXPIRED", "probably"] },
      assert: ([f]) => {
        const c = f!.fix.commands;
        expect(c[0]).toContain(
          `aws ram disassociate-resource-share --resource-share-arn ${CLIENT_IDS.share} --principals ${CONSUMER}`,
        );
        expect(c[0]).toContain(`--profile '<profile-of-account:${PLATFORM}>'`);
        expect(c[1]).toContain("aws ram associate-resource-share");
        expect(c[3]).toContain("aws ram accept-resource-share-invitation");
        expect(c[4]).toContain("create-service-network-vpc-association");
      },
    },
    {
      name: "a REJECTED invitation",
      topology: pending({ invitations: [invitation({ status: "REJECTED" })] }),
      expect: { resource: CLIENT_IDS.invitation, titleIncludes: "REJECTED" },
    },
    {
      name: "owner side: the external principal's association is still ASSOCIATING",
      topology: threeAccountTopology(
        {},
        {
          sharing: sharing({
            invitations: [],
            resources: [ramResource({ status: "PENDING" })],
            associations: [
              shareAssociation({ associationType: "RESOURCE", associatedEntity: platformNetworkArn() }),
              shareAssociation({ status: "ASSOCIATING" }),
            ],
          }),
        },
      ),
      expect: { resource: CLIENT_IDS.share, count: 1, titleIncludes: "ASSOCIATING" },
    },
  ],
});
