/** LAT-507's client side (--from): the client subnet's network ACL. */
import { expect } from "vitest";
import lat507 from "../../checks/lat-507-nacl-blocks-lattice.js";
import { checkTester } from "../support/check-tester.js";
import {
  CONSUMER_CIDR,
  IDS,
  defaultDenyEntries,
  naclEntry,
  networkAcl,
  networkAcls,
  prefixLists,
} from "../support/topology.js";
import { CLIENT_IDS, clientTopology } from "../support/xacct.js";

const ACL = CLIENT_IDS.networkAcl;

function withAcl(...entries: ReturnType<typeof naclEntry>[]) {
  return clientTopology(
    {},
    {
      networkAcls: networkAcls(
        networkAcl({ networkAclId: ACL, vpcId: IDS.consumerVpc, isDefault: false, entries }),
      ),
    },
  );
}

checkTester(lat507, {
  pass: [
    { name: "the default ACL (allow all both ways)", topology: clientTopology() },
    {
      name: "outbound 443 and inbound 1025-65535 allowed to/from the Lattice range",
      topology: withAcl(
        naclEntry({
          ruleNumber: 100,
          egress: true,
          protocol: "6",
          cidrBlock: "169.254.171.0/24",
          portRange: { from: 443, to: 443 },
        }),
        naclEntry({
          ruleNumber: 100,
          protocol: "6",
          cidrBlock: "169.254.171.0/24",
          portRange: { from: 1025, to: 65535 },
        }),
        ...defaultDenyEntries(),
      ),
    },
    {
      name: "the client has no subnet (--from vpc-…)",
      topology: {
        ...withAcl(...defaultDenyEntries()),
        client: { ...clientTopology().client!, kind: "vpc", input: IDS.consumerVpc, subnetId: undefined },
      },
    },
    {
      name: "the prefix list's entries are unknown",
      topology: {
        ...withAcl(...defaultDenyEntries()),
        prefixLists: prefixLists({ ipv4: { cidrs: undefined } }),
      },
    },
  ],
  fail: [
    {
      name: "a custom ACL allowing only the VPC's own range",
      topology: withAcl(
        naclEntry({ ruleNumber: 100, egress: true, cidrBlock: CONSUMER_CIDR }),
        naclEntry({ ruleNumber: 100, cidrBlock: CONSUMER_CIDR }),
        ...defaultDenyEntries(),
      ),
      expect: {
        resource: ACL,
        severity: "critical",
        hop: "client",
        titleIncludes: [
          "outbound TCP 443 to 169.254.171.0/24",
          "inbound TCP 1025-65535 from 169.254.171.0/24",
        ],
        affects: [CLIENT_IDS.instance, CLIENT_IDS.subnet],
      },
      assert: ([f]) => {
        expect(f!.fix.commands).toHaveLength(2);
        expect(f!.fix.commands[0]).toContain(
          `--network-acl-id ${ACL} --egress --rule-number 99 --protocol tcp --port-range From=443,To=443 --cidr-block 169.254.171.0/24 --rule-action allow`,
        );
        expect(f!.fix.commands[1]).toContain(
          "--ingress --rule-number 99 --protocol tcp --port-range From=1025,To=65535",
        );
      },
    },
    {
      name: "replies denied only: an explicit deny of the ephemeral range ahead of the allow",
      topology: withAcl(
        naclEntry({
          ruleNumber: 50,
          protocol: "6",
          ruleAction: "deny",
          cidrBlock: "0.0.0.0/0",
          portRange: { from: 1024, to: 65535 },
        }),
        naclEntry({ ruleNumber: 100 }),
        naclEntry({ ruleNumber: 100, egress: true }),
        ...defaultDenyEntries(),
      ),
      expect: { resource: ACL, count: 1, titleIncludes: "inbound TCP 1025-65535", detailIncludes: "rule 50" },
    },
  ],
});
