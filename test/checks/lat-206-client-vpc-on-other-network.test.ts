import { expect } from "vitest";
import lat206 from "../../checks/lat-206-client-vpc-on-other-network.js";
import { checkTester } from "../support/check-tester.js";
import { IDS, topology } from "../support/topology.js";
import { CLIENT_IDS, clientTopology, clientVpcAssociation, platformNetworkArn } from "../support/xacct.js";

const onOther = clientVpcAssociation({
  id: CLIENT_IDS.otherAssociation,
  serviceNetworkId: CLIENT_IDS.otherNetwork,
  serviceNetworkArn: `arn:aws:vpc-lattice:us-east-1:111122223333:servicenetwork/${CLIENT_IDS.otherNetwork}`,
  serviceNetworkName: "payments-mesh",
});

checkTester(lat206, {
  pass: [
    { name: "without --from", topology: topology() },
    { name: "the client's VPC is on the service's network", topology: clientTopology() },
    {
      name: "on another network, but an available endpoint leads to the service's network",
      topology: clientTopology({
        vpcAssociations: [onOther],
        vpcEndpoints: [
          {
            vpcEndpointId: CLIENT_IDS.endpoint,
            serviceNetworkArn: platformNetworkArn(),
            state: "available",
            securityGroupIds: [],
          },
        ],
      }),
    },
    { name: "no association at all: LAT-205's case", topology: clientTopology({ vpcAssociations: [] }) },
  ],
  fail: [
    {
      name: "the client's VPC is associated with another network (one network per VPC by association)",
      topology: clientTopology({ vpcAssociations: [onOther] }),
      expect: {
        resource: IDS.consumerVpc,
        severity: "critical",
        hop: "client",
        titleIncludes: ["payments-mesh", IDS.serviceNetwork],
        detailIncludes: "ConflictException",
      },
      assert: ([f]) => {
        // Both ways out: the service joins the client's network, or an endpoint for the service's network.
        expect(f!.fix.commands[0]).toContain(
          `create-service-network-service-association --service-network-identifier ${onOther.serviceNetworkArn}`,
        );
        expect(f!.fix.commands[1]).toContain(
          `aws ec2 create-vpc-endpoint --vpc-endpoint-type ServiceNetwork --vpc-id ${IDS.consumerVpc}`,
        );
        expect(f!.fix.commands[1]).toContain(`--subnet-ids ${CLIENT_IDS.subnet}`);
      },
    },
    {
      name: "an ACTIVE association elsewhere plus a failed one with the service's network",
      topology: clientTopology({
        vpcAssociations: [onOther, clientVpcAssociation({ status: "CREATE_FAILED" })],
      }),
      expect: { resource: IDS.consumerVpc, count: 1 },
    },
  ],
});
