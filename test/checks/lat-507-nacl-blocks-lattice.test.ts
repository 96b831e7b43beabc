import { expect } from "vitest";
import check from "../../checks/lat-507-nacl-blocks-lattice.js";
import type { NetworkAclEntry } from "../../src/topology/types.js";
import { checkTester } from "../support/check-tester.js";
import {
  IDS,
  LATTICE_IPV4_CIDR,
  NETWORK_ACL,
  defaultDenyEntries,
  naclEntry,
  networkAcl,
  targetGroup,
  targetGroups,
  targetNetwork,
  topology,
} from "../support/topology.js";

const withAcl = (...entries: NetworkAclEntry[]) =>
  topology({
    ...targetNetwork(networkAcl({ isDefault: false, entries: [...entries, ...defaultDenyEntries()] })),
  });
const allowOut = naclEntry({ egress: true });
const allowIn = naclEntry();

checkTester(check, {
  pass: [
    { name: "subnets and ACLs not read (default fixture)", topology: topology() },
    { name: "rule 100 allows all both ways", topology: topology({ ...targetNetwork() }) },
    {
      name: "tcp 8080 from the Lattice CIDR in, 1024-65535 out",
      topology: withAcl(
        naclEntry({ protocol: "6", portRange: { from: 8080, to: 8080 }, cidrBlock: LATTICE_IPV4_CIDR }),
        naclEntry({
          egress: true,
          protocol: "6",
          portRange: { from: 1024, to: 65535 },
          cidrBlock: "169.254.0.0/16",
        }),
      ),
    },
    {
      name: "an allow for half the Lattice CIDR is ambiguous: stay silent",
      topology: withAcl(naclEntry({ cidrBlock: "169.254.171.0/25" }), allowOut),
    },
    {
      name: "IPV6 target group not evaluated",
      topology: topology({
        ...targetNetwork(networkAcl({ entries: defaultDenyEntries() })),
        targetGroups: targetGroups(targetGroup({ ipAddressType: "IPV6" })),
      }),
    },
  ],
  fail: [
    {
      name: "only the default rule 32767: denied both ways",
      topology: withAcl(),
      expect: {
        resource: NETWORK_ACL,
        severity: "error",
        hop: "targets",
        count: 1,
        titleIncludes: [
          "inbound TCP 8080 from 169.254.171.0/24 (requests) denied by the default rule *",
          "outbound TCP 1024-65535 to 169.254.171.0/24 (return traffic)",
        ],
        affects: [IDS.targetGroup, `${IDS.targetGroup}#connection`, `${IDS.targetGroup}#5xx`],
      },
      assert([f]) {
        expect(f!.fix.commands).toEqual([
          `aws ec2 create-network-acl-entry --network-acl-id ${NETWORK_ACL} --ingress --rule-number 100 --protocol tcp --port-range From=8080,To=8080 --cidr-block 169.254.171.0/24 --rule-action allow --region us-east-1 --profile oncall`,
          `aws ec2 create-network-acl-entry --network-acl-id ${NETWORK_ACL} --egress --rule-number 100 --protocol tcp --port-range From=1024,To=65535 --cidr-block 169.254.171.0/24 --rule-action allow --region us-east-1 --profile oncall`,
        ]);
      },
    },
    {
      name: "deny on ephemeral outbound before the allow-all",
      topology: withAcl(
        allowIn,
        naclEntry({
          ruleNumber: 90,
          egress: true,
          protocol: "6",
          ruleAction: "deny",
          portRange: { from: 1024, to: 65535 },
        }),
        allowOut,
      ),
      expect: {
        resource: NETWORK_ACL,
        count: 1,
        titleIncludes: "outbound TCP 1024-65535 to 169.254.171.0/24 (return traffic) denied by rule 90",
      },
      assert([f]) {
        expect(f!.title).not.toContain("inbound");
        expect(f!.fix.commands[0]).toContain("--egress --rule-number 89");
      },
    },
    {
      name: "protocol -1 allowed from the VPC CIDR only",
      topology: withAcl(naclEntry({ cidrBlock: "10.0.0.0/16" }), allowOut),
      expect: { resource: NETWORK_ACL, titleIncludes: "inbound TCP 8080 from 169.254.171.0/24" },
    },
    {
      name: "health-check port 8081 denied while the traffic port is allowed",
      topology: {
        ...withAcl(naclEntry({ protocol: "6", portRange: { from: 8080, to: 8080 } }), allowOut),
        targetGroups: targetGroups(
          targetGroup({ healthCheck: { enabled: true, port: 8081, path: "/health" } }),
        ),
      },
      expect: {
        resource: NETWORK_ACL,
        titleIncludes: "inbound TCP 8081 from 169.254.171.0/24 (health checks)",
      },
    },
  ],
});
