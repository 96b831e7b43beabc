import { expect } from "vitest";
import lat506 from "../../checks/lat-506-client-egress-blocks-lattice.js";
import { checkTester } from "../support/check-tester.js";
import {
  CONSUMER_CIDR,
  IDS,
  LATTICE_IPV4_CIDR,
  listener,
  prefixLists,
  securityGroups,
  sgRule,
  topology,
  associationSecurityGroup,
  securityGroup,
} from "../support/topology.js";
import { CLIENT_IDS, client, clientGroup, clientTopology } from "../support/xacct.js";

const SG = CLIENT_IDS.securityGroup;
const egress = (overrides: Parameters<typeof sgRule>[0]) =>
  sgRule({ groupId: SG, isEgress: true, fromPort: 443, toPort: 443, ...overrides });

function withEgress(...rules: ReturnType<typeof sgRule>[]) {
  return clientTopology(
    {},
    {
      securityGroups: securityGroups(securityGroup(), associationSecurityGroup(), clientGroup({ rules })),
    },
  );
}

checkTester(lat506, {
  pass: [
    { name: "without --from", topology: topology() },
    { name: "default allow-all egress", topology: clientTopology() },
    {
      name: "egress to the Lattice prefix list on 443",
      topology: withEgress(egress({ prefixListId: IDS.prefixListIpv4 })),
    },
    {
      name: "protocol -1 to the prefix list",
      topology: withEgress(
        egress({ ipProtocol: "-1", fromPort: -1, toPort: -1, prefixListId: IDS.prefixListIpv4 }),
      ),
    },
    {
      name: "a port range covering 443 to 0.0.0.0/0",
      topology: withEgress(egress({ fromPort: 1, toPort: 65535, cidrIpv4: "0.0.0.0/0" })),
    },
    {
      name: "a CIDR covering every prefix-list entry (169.254.0.0/16)",
      topology: withEgress(egress({ cidrIpv4: "169.254.0.0/16" })),
    },
    {
      name: "an IPv6 client allowed to the ipv6 prefix list",
      topology: {
        ...withEgress(egress({ prefixListId: IDS.prefixListIpv6 })),
        client: client({ ipv6Addresses: ["2600:1f18:4a2b:8c00::15"] }),
      },
    },
    {
      name: "a CIDR rule while the prefix list's entries are unknown: not certain, no finding",
      topology: {
        ...withEgress(egress({ cidrIpv4: "169.254.171.0/24" })),
        prefixLists: prefixLists({ ipv4: { cidrs: undefined } }),
      },
    },
    {
      name: "a VPC as the client has no security groups of its own",
      topology: clientTopology({ kind: "vpc", input: IDS.consumerVpc, securityGroupIds: [] }),
    },
    {
      name: "the client's group could not be read",
      topology: { ...withEgress(), securityGroups: securityGroups(securityGroup()) },
    },
  ],
  fail: [
    {
      name: "egress only to the VPC's CIDR (restricted client egress)",
      topology: withEgress(egress({ cidrIpv4: CONSUMER_CIDR })),
      expect: {
        resource: SG,
        severity: "critical",
        hop: "client",
        titleIncludes: ["443", `tcp 443 to ${CONSUMER_CIDR}`],
      },
      assert: ([f]) => {
        expect(f!.fix.commands[0]).toContain(
          `aws ec2 authorize-security-group-egress --group-id ${SG} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,PrefixListIds=[{PrefixListId=${IDS.prefixListIpv4}}]'`,
        );
      },
    },
    {
      name: "egress referencing a security group never matches Lattice",
      topology: withEgress(
        egress({ referencedGroupInfo: { groupId: IDS.securityGroup, userId: "111122223333" } }),
      ),
      expect: { resource: SG, titleIncludes: `security group ${IDS.securityGroup}` },
    },
    {
      name: "no egress rule at all",
      topology: withEgress(),
      expect: { resource: SG, titleIncludes: "no outbound rule at all" },
    },
    {
      name: "a CIDR covering only part of the prefix list's entries",
      topology: {
        ...withEgress(egress({ cidrIpv4: LATTICE_IPV4_CIDR })),
        prefixLists: prefixLists({ ipv4: { cidrs: [LATTICE_IPV4_CIDR, "169.254.172.0/24"] } }),
      },
      expect: { resource: SG },
    },
    {
      name: "the prefix list allowed on 80 only, listeners on 443 and 80: only 443 blocked (error)",
      topology: {
        ...withEgress(egress({ fromPort: 80, toPort: 80, prefixListId: IDS.prefixListIpv4 })),
        listeners: [
          listener(),
          listener({ id: "listener-0d4e6f8a0b2c4d6e8", name: "http", protocol: "HTTP", port: 80 }),
        ],
      },
      expect: { resource: SG, severity: "error", titleIncludes: "TCP 443" },
    },
    {
      name: "udp to the prefix list does not carry TCP",
      topology: withEgress(egress({ ipProtocol: "udp", prefixListId: IDS.prefixListIpv4 })),
      expect: { resource: SG },
    },
    {
      name: "an IPv6-only allowance does not help an IPv4-only client",
      topology: withEgress(egress({ cidrIpv6: "::/0" })),
      expect: { resource: SG },
    },
  ],
});
