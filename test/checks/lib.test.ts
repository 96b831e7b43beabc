import { describe, expect, it } from "vitest";
import { parseArn } from "../../checks/lib/arn.js";
import { cidrCovers, cidrCoversAll, isAnyAddress, parseCidr, parseIp } from "../../checks/lib/cidr.js";
import { awsCli, shellQuote } from "../../checks/lib/commands.js";
import { describeRulePorts, normalizeProtocol, ruleCoversPort } from "../../checks/lib/ports.js";
import {
  findLatticeAdmission,
  ruleAdmitsLattice,
  ruleMightAdmitLattice,
} from "../../checks/lib/security-groups.js";
import { everyRequestReaches, inUseTargetGroups, targetGroupIdOf } from "../../checks/lib/traffic.js";
import {
  CONSUMER_CIDR,
  IDS,
  fixedResponse,
  forward,
  listener,
  prefixLists,
  rule,
  securityGroup,
  sgRule,
  targetGroup,
  targetGroups,
  topology,
} from "../support/topology.js";

describe("cidr", () => {
  it("parses IPv4 and IPv6, with and without prefix", () => {
    expect(parseCidr("169.254.171.0/24")).toEqual({ family: 4, address: 0xa9feab00n, prefix: 24 });
    expect(parseCidr("10.0.1.15")).toMatchObject({ family: 4, prefix: 32 });
    expect(parseCidr("fd00:ec2:80::/64")).toEqual({ family: 6, address: 0xfd000ec20080n << 80n, prefix: 64 });
    expect(parseCidr("::/0")).toEqual({ family: 6, address: 0n, prefix: 0 });
    expect(parseIp("::ffff:10.0.0.1")).toEqual({ family: 6, address: 0xffff0a000001n });
    expect(parseIp("2001:db8:0:0:0:0:0:1")).toEqual(parseIp("2001:db8::1"));
  });

  it("rejects malformed input", () => {
    for (const bad of [
      "",
      "10.0.0",
      "10.0.0.256/8",
      "10.0.0.0/33",
      "fd00::/129",
      "1::2::3",
      "10.0.0.0/8/1",
      "g::/8",
      "1:2:3:4:5:6:7:8:9",
      "10.0.0.0/-1",
    ]) {
      expect(parseCidr(bad), bad).toBeUndefined();
    }
  });

  it("IPv4 coverage", () => {
    expect(cidrCovers("169.254.0.0/16", "169.254.171.0/24")).toBe(true);
    expect(cidrCovers("169.254.171.0/24", "169.254.171.0/24")).toBe(true);
    expect(cidrCovers("0.0.0.0/0", "169.254.171.0/24")).toBe(true);
    expect(cidrCovers("169.254.171.0/25", "169.254.171.0/24")).toBe(false);
    expect(cidrCovers(CONSUMER_CIDR, "169.254.171.0/24")).toBe(false);
    expect(cidrCovers("169.254.171.7/16", "169.254.171.0/24")).toBe(true); // host bits ignored
    expect(cidrCovers("10.0.0.0/8", "10.20.0.0/16")).toBe(true);
  });

  it("IPv6 coverage, and never across families", () => {
    expect(cidrCovers("fd00:ec2::/32", "fd00:ec2:80::/64")).toBe(true);
    expect(cidrCovers("fd00:ec2:80::/64", "fd00:ec2:80::1")).toBe(true);
    expect(cidrCovers("fd00:ec2:81::/64", "fd00:ec2:80::/64")).toBe(false);
    expect(cidrCovers("::/0", "fd00:ec2:80::/64")).toBe(true);
    expect(cidrCovers("::/0", "169.254.171.0/24")).toBe(false);
    expect(cidrCovers("0.0.0.0/0", "fd00:ec2:80::/64")).toBe(false);
    expect(cidrCovers("nonsense", "10.0.0.0/8")).toBe(false);
  });

  it("covers all, any address", () => {
    expect(cidrCoversAll("169.254.0.0/16", ["169.254.171.0/24", "169.254.172.0/24"])).toBe(true);
    expect(cidrCoversAll("169.254.171.0/24", ["169.254.171.0/24", "169.254.172.0/24"])).toBe(false);
    expect(cidrCoversAll("0.0.0.0/0", [])).toBe(false);
    expect(isAnyAddress("0.0.0.0/0")).toBe(true);
    expect(isAnyAddress("::/0")).toBe(true);
    expect(isAnyAddress("10.0.0.0/8")).toBe(false);
  });
});

describe("ports", () => {
  it("normalises protocols", () => {
    expect(normalizeProtocol("-1")).toBe("all");
    expect(normalizeProtocol("6")).toBe("tcp");
    expect(normalizeProtocol("TCP")).toBe("tcp");
    expect(normalizeProtocol("17")).toBe("udp");
    expect(normalizeProtocol("58")).toBe("icmpv6");
  });

  it("port coverage", () => {
    expect(ruleCoversPort({ ipProtocol: "tcp", fromPort: 8080, toPort: 8080 }, "tcp", 8080)).toBe(true);
    expect(ruleCoversPort({ ipProtocol: "6", fromPort: 8000, toPort: 8999 }, "tcp", 8080)).toBe(true);
    expect(ruleCoversPort({ ipProtocol: "tcp", fromPort: 8000, toPort: 8079 }, "tcp", 8080)).toBe(false);
    expect(ruleCoversPort({ ipProtocol: "-1", fromPort: -1, toPort: -1 }, "tcp", 8080)).toBe(true);
    expect(ruleCoversPort({ ipProtocol: "-1" }, "tcp", 443)).toBe(true);
    expect(ruleCoversPort({ ipProtocol: "tcp", fromPort: 0, toPort: 65535 }, "tcp", 8080)).toBe(true);
    expect(ruleCoversPort({ ipProtocol: "udp", fromPort: 8080, toPort: 8080 }, "tcp", 8080)).toBe(false);
    expect(ruleCoversPort({ ipProtocol: "icmp", fromPort: -1, toPort: -1 }, "tcp", 8080)).toBe(false);
  });

  it("describes rules", () => {
    expect(describeRulePorts({ ipProtocol: "tcp", fromPort: 443, toPort: 443 })).toBe("tcp 443");
    expect(describeRulePorts({ ipProtocol: "6", fromPort: 8000, toPort: 8999 })).toBe("tcp 8000-8999");
    expect(describeRulePorts({ ipProtocol: "-1" })).toBe("all traffic");
  });
});

describe("security-group rules admitting Lattice", () => {
  const pl = prefixLists().ipv4;
  it("admits by prefix list id, 0.0.0.0/0 or a CIDR covering every entry", () => {
    expect(ruleAdmitsLattice(sgRule(), 8080, pl)).toBe("prefix-list");
    expect(ruleAdmitsLattice(sgRule({ cidrIpv4: "0.0.0.0/0" }), 8080, pl)).toBe("anywhere");
    expect(ruleAdmitsLattice(sgRule({ cidrIpv4: "169.254.0.0/16" }), 8080, pl)).toBe(
      "cidr-covers-prefix-list",
    );
    expect(ruleAdmitsLattice(sgRule({ ipProtocol: "-1", fromPort: -1, toPort: -1 }), 9090, pl)).toBe(
      "prefix-list",
    );
  });

  it("does not admit from the client's CIDR or security group, egress, udp or other ports", () => {
    expect(ruleAdmitsLattice(sgRule({ cidrIpv4: CONSUMER_CIDR }), 8080, pl)).toBeUndefined();
    expect(
      ruleAdmitsLattice(
        sgRule({ referencedGroupInfo: { groupId: IDS.clientSecurityGroup, userId: "111122223333" } }),
        8080,
        pl,
      ),
    ).toBeUndefined();
    expect(ruleAdmitsLattice(sgRule({ isEgress: true }), 8080, pl)).toBeUndefined();
    expect(ruleAdmitsLattice(sgRule({ ipProtocol: "udp" }), 8080, pl)).toBeUndefined();
    expect(ruleAdmitsLattice(sgRule({ fromPort: 443, toPort: 443 }), 8080, pl)).toBeUndefined();
    expect(ruleAdmitsLattice(sgRule({ cidrIpv6: "::/0" }), 8080, pl)).toBeUndefined();
    expect(ruleAdmitsLattice(sgRule({ prefixListId: "pl-0aaaabbbbccccdddd" }), 8080, pl)).toBeUndefined();
  });

  it("without the prefix list, only 0.0.0.0/0 is certain; CIDRs and prefix lists might admit", () => {
    expect(ruleAdmitsLattice(sgRule(), 8080, undefined)).toBeUndefined();
    expect(ruleAdmitsLattice(sgRule({ cidrIpv4: "0.0.0.0/0" }), 8080, undefined)).toBe("anywhere");
    expect(ruleMightAdmitLattice(sgRule(), 8080, undefined)).toBe(true);
    expect(ruleMightAdmitLattice(sgRule({ cidrIpv4: CONSUMER_CIDR }), 8080, undefined)).toBe(true);
    expect(
      ruleMightAdmitLattice(
        sgRule({ referencedGroupInfo: { groupId: IDS.clientSecurityGroup } }),
        8080,
        undefined,
      ),
    ).toBe(false);
    expect(ruleMightAdmitLattice(sgRule({ cidrIpv4: CONSUMER_CIDR }), 8080, pl)).toBe(false);
    expect(
      ruleMightAdmitLattice(sgRule({ cidrIpv4: CONSUMER_CIDR }), 8080, { ...pl!, cidrs: undefined }),
    ).toBe(true);
  });

  it("finds the admitting rule across groups", () => {
    const blocked = securityGroup({ rules: [sgRule({ cidrIpv4: CONSUMER_CIDR })] });
    const open = securityGroup({
      groupId: IDS.securityGroup2,
      rules: [sgRule({ groupId: IDS.securityGroup2 })],
    });
    expect(findLatticeAdmission([blocked], 8080, pl)).toBeUndefined();
    expect(findLatticeAdmission([blocked, open], 8080, pl)?.rule.groupId).toBe(IDS.securityGroup2);
  });
});

describe("commands", () => {
  it("adds --region and --profile", () => {
    expect(awsCli("aws vpc-lattice list-services", { region: "us-east-1" })).toBe(
      "aws vpc-lattice list-services --region us-east-1",
    );
    expect(awsCli("aws vpc-lattice list-services", { region: "eu-west-1", profile: "prod admin" })).toBe(
      "aws vpc-lattice list-services --region eu-west-1 --profile 'prod admin'",
    );
    expect(
      awsCli("aws iam get-role --role-name x", { region: "us-east-1", profile: "p" }, { region: false }),
    ).toBe("aws iam get-role --role-name x --profile p");
    expect(awsCli("aws ec2 x --region eu-west-1", { region: "us-east-1" })).toBe(
      "aws ec2 x --region eu-west-1",
    );
  });

  it("quotes for the shell", () => {
    expect(shellQuote("svc-0e5b4c6a2d1f83a97")).toBe("svc-0e5b4c6a2d1f83a97");
    expect(shellQuote('{"a":"b c"}')).toBe(`'{"a":"b c"}'`);
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote("")).toBe("''");
  });

  it("parses ARNs", () => {
    expect(parseArn(`arn:aws:vpc-lattice:us-east-1:111122223333:service/${IDS.service}`)).toEqual({
      partition: "aws",
      service: "vpc-lattice",
      region: "us-east-1",
      accountId: "111122223333",
      resource: `service/${IDS.service}`,
    });
    expect(parseArn("svc-0e5b4c6a2d1f83a97")).toBeUndefined();
  });
});

describe("traffic: in-use target groups", () => {
  it("one default action to one target group: it takes all traffic", () => {
    const [only] = inUseTargetGroups(topology());
    expect(only).toMatchObject({
      id: IDS.targetGroup,
      byDefaultAction: true,
      receivesTraffic: true,
      onlyTarget: true,
    });
    expect(only!.targetGroup?.name).toBe("orders-v1");
  });

  it("a canary rule's target group is in use but not the only target", () => {
    const t = topology({
      listeners: [listener({ rules: [rule()] })],
      targetGroups: targetGroups(targetGroup(), targetGroup({ id: IDS.targetGroup2, name: "orders-v2" })),
    });
    const used = inUseTargetGroups(t);
    expect(used.map((u) => [u.id, u.byDefaultAction, u.onlyTarget])).toEqual([
      [IDS.targetGroup, true, false],
      [IDS.targetGroup2, false, false],
    ]);
    expect(used[1]!.references).toEqual([{ listenerId: IDS.listener, ruleId: IDS.rule }]);
  });

  it("weights, fixed responses, ARNs and unknown actions", () => {
    const tgArn = `arn:aws:vpc-lattice:us-east-1:111122223333:targetgroup/${IDS.targetGroup}`;
    expect(targetGroupIdOf(tgArn)).toBe(IDS.targetGroup);
    const weighted = topology({
      listeners: [
        listener({ defaultAction: forward({ id: tgArn, weight: 100 }, { id: IDS.targetGroup2, weight: 0 }) }),
      ],
    });
    const used = inUseTargetGroups(weighted);
    expect(used.map((u) => [u.id, u.receivesTraffic, u.onlyTarget])).toEqual([
      [IDS.targetGroup, true, true],
      [IDS.targetGroup2, false, false],
    ]);
    expect(used[1]!.targetGroup).toBeUndefined();

    const fixed = topology({
      listeners: [
        listener({ defaultAction: fixedResponse(404), rules: [rule({ action: forward(IDS.targetGroup) })] }),
      ],
    });
    expect(everyRequestReaches(fixed, (id) => id === IDS.targetGroup)).toBe(true);
    const unread = topology({ listeners: [listener({ rules: [rule({ action: undefined })] })] });
    expect(everyRequestReaches(unread, (id) => id === IDS.targetGroup)).toBe(false);
    const nothing = topology({ listeners: [listener({ defaultAction: fixedResponse(404) })] });
    expect(everyRequestReaches(nothing, () => true)).toBe(false);
    expect(inUseTargetGroups(nothing)).toEqual([]);
  });

  it("two listeners: the target group must take the traffic of both", () => {
    const second = listener({
      id: "listener-0f1e2d3c4b5a69788",
      name: "http-80",
      protocol: "HTTP",
      port: 80,
      defaultAction: forward(IDS.targetGroup2),
    });
    const t = topology({ listeners: [listener(), second] });
    expect(inUseTargetGroups(t).every((u) => !u.onlyTarget)).toBe(true);
    expect(everyRequestReaches(t, (id) => id === IDS.targetGroup || id === IDS.targetGroup2)).toBe(true);
  });
});
