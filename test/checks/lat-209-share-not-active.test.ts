import lat209 from "../../checks/lat-209-share-not-active.js";
import { checkTester } from "../support/check-tester.js";
import { IDS, topology } from "../support/topology.js";
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

const withSharing = (overrides: Parameters<typeof sharing>[0]) =>
  threeAccountTopology({}, { sharing: sharing(overrides) });

checkTester(lat209, {
  pass: [
    { name: "no cross-account run", topology: topology() },
    { name: "share ACTIVE, resource AVAILABLE", topology: threeAccountTopology() },
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
