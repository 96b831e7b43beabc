import { describe, expect, it } from "vitest";
import lat211 from "../../checks/lat-211-foreign-resource-not-evaluable.js";
import lat901 from "../../checks/lat-901-could-not-check.js";
import { checkTester, defaultContext, runPure } from "../support/check-tester.js";
import { IDS, failure, service, serviceAssociation, topology } from "../support/topology.js";
import { CLIENT_IDS, PLATFORM, platformNetworkArn } from "../support/xacct.js";

const clientNotFound = failure({
  part: "client",
  call: "ec2:DescribeInstances",
  action: "ec2:DescribeInstances",
  resource: CLIENT_IDS.instance,
  kind: "not-found",
  errorCode: "InvalidInstanceID.NotFound",
  message: `The instance ID '${CLIENT_IDS.instance}' does not exist`,
  foreignAccountId: "unknown",
});

const sharedNetworkDenied = topology({
  serviceAssociations: [serviceAssociation({ serviceNetworkArn: platformNetworkArn() })],
  serviceNetworks: {},
  failures: [
    failure({
      part: "serviceNetworks",
      call: "vpc-lattice:GetServiceNetwork",
      action: "vpc-lattice:GetServiceNetwork",
      resource: IDS.serviceNetwork,
      errorCode: "AccessDeniedException",
      message: "not authorized",
    }),
  ],
});

checkTester(lat211, {
  pass: [
    { name: "nothing failed", topology: topology() },
    { name: "an own resource denied is LAT-901's", topology: topology({ failures: [failure()] }) },
    {
      name: "a throttled read of a foreign network is not a visibility limit",
      topology: {
        ...sharedNetworkDenied,
        failures: [
          { ...sharedNetworkDenied.failures[0]!, kind: "throttled", errorCode: "ThrottlingException" },
        ],
      },
    },
  ],
  fail: [
    {
      name: "a service shared with this account: its listeners cannot be listed here",
      topology: topology({
        service: service({ arn: `arn:aws:vpc-lattice:us-east-1:${PLATFORM}:service/${IDS.service}` }),
        failures: [
          failure({
            part: "listeners",
            call: "vpc-lattice:ListListeners",
            action: "vpc-lattice:ListListeners",
            resource: IDS.service,
          }),
        ],
      }),
      expect: { resource: PLATFORM, titleIncludes: "listeners" },
    },
    {
      name: "the client is in no account the run can read",
      topology: topology({ failures: [clientNotFound] }),
      expect: {
        resource: CLIENT_IDS.instance,
        severity: "info",
        hop: "diagnosis",
        titleIncludes: "the account that owns it",
      },
      assert: ([f]) => {
        expect(f!.fix.commands[0]).toContain(
          `aws ec2 describe-instances --instance-ids ${CLIENT_IDS.instance}`,
        );
        expect(f!.fix.commands.at(-1)).toContain("--consumer-profile");
      },
    },
    {
      name: "GetServiceNetwork of the platform's shared network denied: names the owner and the read to run there",
      topology: sharedNetworkDenied,
      expect: { resource: PLATFORM, titleIncludes: `account ${PLATFORM}` },
      assert: ([f]) => {
        expect(f!.fix.commands[0]).toBe(
          `aws vpc-lattice get-service-network --service-network-identifier ${IDS.serviceNetwork} --region us-east-1 --profile '<profile-of-account:${PLATFORM}>'`,
        );
      },
    },
  ],
});

describe("LAT-211 and LAT-901 split the failures", () => {
  it("a foreign failure is not also reported by LAT-901", () => {
    expect(runPure(lat901, sharedNetworkDenied, defaultContext())).toEqual([]);
    expect(runPure(lat211, sharedNetworkDenied, defaultContext())).toHaveLength(1);
  });
});

describe("LAT-901 for the other side's credentials", () => {
  it("a read of the client's own account refused to --consumer-profile names those credentials", () => {
    const t = topology({
      failures: [
        failure({
          part: "clientNetwork",
          call: "ec2:DescribeSecurityGroupRules",
          action: "ec2:DescribeSecurityGroupRules",
          resource: CLIENT_IDS.securityGroup,
          errorCode: "UnauthorizedOperation",
          readBy: "consumer-profile consumer-prod",
        }),
      ],
    });
    expect(runPure(lat211, t, defaultContext())).toEqual([]);
    const [f] = runPure(lat901, t, defaultContext());
    expect(f!.fix.summary).toContain(
      "Grant ec2:DescribeSecurityGroupRules to the consumer-profile consumer-prod credentials",
    );
  });
});
