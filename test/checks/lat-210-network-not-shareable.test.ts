import lat210 from "../../checks/lat-210-network-not-shareable.js";
import { checkTester } from "../support/check-tester.js";
import { IDS, REGION, ACCOUNT, serviceNetwork, serviceNetworks, topology } from "../support/topology.js";
import {
  CONSUMER,
  PLATFORM,
  clientTopology,
  platformNetworkArn,
  shareAssociation,
  sharing,
  threeAccountTopology,
} from "../support/xacct.js";

const OWN_NETWORK_ARN = `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:servicenetwork/${IDS.serviceNetwork}`;
const OWN_SHARE = `arn:aws:ram:${REGION}:${ACCOUNT}:resource-share/3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d`;

const notShareable = serviceNetworks(
  serviceNetwork({ arn: platformNetworkArn(), ownerAccountId: PLATFORM, sharingConfig: { enabled: false } }),
);

checkTester(lat210, {
  pass: [
    { name: "a client of the network's own account", topology: clientTopology() },
    { name: "a shareable network with a foreign client", topology: threeAccountTopology() },
    {
      name: "sharingConfig not read (older recording)",
      topology: threeAccountTopology(
        {},
        {
          serviceNetworks: serviceNetworks(
            serviceNetwork({ arn: platformNetworkArn(), sharingConfig: undefined }),
          ),
        },
      ),
    },
  ],
  fail: [
    {
      name: "a consumer VPC of another account is given with --from",
      topology: threeAccountTopology({}, { serviceNetworks: notShareable }),
      expect: {
        resource: IDS.serviceNetwork,
        severity: "error",
        titleIncludes: [IDS.consumerVpc, CONSUMER],
        affects: [IDS.serviceNetwork, IDS.consumerVpc],
      },
    },
    {
      name: "a RAM share includes the network and its resource association FAILED",
      topology: threeAccountTopology(
        { ownerAccountId: PLATFORM },
        {
          serviceNetworks: notShareable,
          sharing: sharing({
            associations: [
              shareAssociation({
                associationType: "RESOURCE",
                associatedEntity: platformNetworkArn(),
                status: "FAILED",
              }),
            ],
          }),
        },
      ),
      expect: { resource: IDS.serviceNetwork, titleIncludes: "FAILED" },
    },
    {
      name: "the owner's own run (no --from): its share's network association FAILED",
      topology: topology({
        sharing: {
          resourceArns: [OWN_NETWORK_ARN],
          invitations: [],
          shares: [],
          associations: [
            shareAssociation({
              resourceShareArn: OWN_SHARE,
              associationType: "RESOURCE",
              associatedEntity: OWN_NETWORK_ARN,
              status: "FAILED",
              statusMessage: `The resource you are attempting to share ${OWN_NETWORK_ARN} is not shareable.`,
              external: false,
              readBy: "default",
            }),
          ],
          resources: [],
          unread: [],
        },
      }),
      expect: {
        resource: IDS.serviceNetwork,
        severity: "error",
        titleIncludes: "its RAM resource association FAILED",
        affects: [IDS.serviceNetwork],
      },
    },
  ],
});
