import lat210 from "../../checks/lat-210-network-not-shareable.js";
import { checkTester } from "../support/check-tester.js";
import { IDS, serviceNetwork, serviceNetworks } from "../support/topology.js";
import {
  CONSUMER,
  PLATFORM,
  clientTopology,
  platformNetworkArn,
  shareAssociation,
  sharing,
  threeAccountTopology,
} from "../support/xacct.js";

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
  ],
});
