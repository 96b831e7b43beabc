import type { RamShare } from "../../src/topology/types.js";
import lat209 from "../../checks/lat-209-share-not-active.js";
import { checkTester } from "../support/check-tester.js";
import { ACCOUNT, IDS, REGION, serviceNetwork, serviceNetworks, topology } from "../support/topology.js";
import {
  CLIENT_IDS,
  CONSUMER,
  platformNetworkArn,
  ramResource,
  share,
  shareAssociation,
  sharing,
  threeAccountTopology,
} from "../support/xacct.js";

const OWN_NETWORK_ARN = `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:servicenetwork/${IDS.serviceNetwork}`;
const OWN_SHARE = `arn:aws:ram:${REGION}:${ACCOUNT}:resource-share/3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d`;

/** The owner's own run (no --from): what gather reads of the shares of its own network. */
const ownerRun = (assoc: Parameters<typeof shareAssociation>[0], shares: RamShare[] = []) =>
  topology({
    serviceNetworks: serviceNetworks(serviceNetwork({ sharingConfig: { enabled: true } })),
    sharing: {
      resourceArns: [OWN_NETWORK_ARN],
      invitations: [],
      shares,
      associations: [
        shareAssociation({
          resourceShareArn: OWN_SHARE,
          associationType: "RESOURCE",
          associatedEntity: OWN_NETWORK_ARN,
          external: false,
          readBy: "default",
          ...assoc,
        }),
      ],
      resources: [],
      unread: [],
    },
  });

const withSharing = (overrides: Parameters<typeof sharing>[0]) =>
  threeAccountTopology({}, { sharing: sharing(overrides) });

checkTester(lat209, {
  pass: [
    { name: "no cross-account run", topology: topology() },
    { name: "share ACTIVE, resource AVAILABLE", topology: threeAccountTopology() },
    {
      name: "the owner's own run: its network ASSOCIATED with an ACTIVE share",
      topology: ownerRun({ status: "ASSOCIATED" }, [
        share({ resourceShareArn: OWN_SHARE, resourceOwner: "SELF", readBy: "default" }),
      ]),
    },
    {
      name: "owner side: resource and principal ASSOCIATED",
      topology: withSharing({
        associations: [
          shareAssociation({ associationType: "RESOURCE", associatedEntity: platformNetworkArn() }),
          shareAssociation(),
        ],
      }),
    },
    {
      name: "a principal still ASSOCIATING is LAT-208's",
      topology: withSharing({
        associations: [
          shareAssociation({ associationType: "RESOURCE", associatedEntity: platformNetworkArn() }),
          shareAssociation({ status: "ASSOCIATING" }),
        ],
      }),
    },
    {
      name: "another account's principal association is not this path's",
      topology: withSharing({
        associations: [
          shareAssociation({ associationType: "RESOURCE", associatedEntity: platformNetworkArn() }),
          shareAssociation({ associatedEntity: "999988887777", status: "DISASSOCIATED" }),
        ],
      }),
    },
  ],
  fail: [
    {
      name: "the owner's own run (no --from): the network's association in its share FAILED",
      topology: ownerRun({ status: "FAILED", statusMessage: "An internal error occurred." }),
      expect: {
        resource: OWN_SHARE,
        severity: "critical",
        titleIncludes: [IDS.serviceNetwork, "FAILED"],
        detailIncludes: "An internal error occurred.",
      },
    },
    {
      name: "the owner's own run: the share itself is not ACTIVE",
      topology: ownerRun({ status: "ASSOCIATED" }, [
        share({
          resourceShareArn: OWN_SHARE,
          resourceOwner: "SELF",
          status: "DELETING",
          readBy: "default",
        }),
      ]),
      expect: { resource: OWN_SHARE, titleIncludes: "DELETING" },
    },
    {
      name: "the share is DELETING",
      topology: withSharing({ shares: [share({ status: "DELETING" })] }),
      expect: {
        resource: CLIENT_IDS.share,
        severity: "critical",
        titleIncludes: "DELETING",
        affects: [IDS.serviceNetwork, IDS.consumerVpc],
      },
    },
    {
      name: "the consumer was DISASSOCIATED from the share",
      topology: withSharing({
        associations: [
          shareAssociation({ associationType: "RESOURCE", associatedEntity: platformNetworkArn() }),
          shareAssociation({ status: "DISASSOCIATED" }),
        ],
      }),
      expect: { resource: CLIENT_IDS.share, titleIncludes: [CONSUMER, "DISASSOCIATED"] },
    },
    {
      name: "the network's resource association FAILED on a shareable network",
      topology: withSharing({
        associations: [
          shareAssociation({
            associationType: "RESOURCE",
            associatedEntity: platformNetworkArn(),
            status: "FAILED",
            statusMessage: "internal error",
          }),
        ],
      }),
      expect: { resource: CLIENT_IDS.share, detailIncludes: "internal error" },
    },
    {
      name: "the resource is UNAVAILABLE in the consumer's view",
      topology: withSharing({ resources: [ramResource({ status: "UNAVAILABLE" })] }),
      expect: { resource: IDS.serviceNetwork, titleIncludes: "UNAVAILABLE" },
    },
  ],
});
