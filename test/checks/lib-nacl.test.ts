import { describe, expect, it } from "vitest";
import {
  EPHEMERAL_PORTS,
  certainDenials,
  describeEntry,
  entryAddressMatch,
  entryTcpPorts,
  evaluateNacl,
  freeRuleNumber,
} from "../../checks/lib/nacl.js";
import { LATTICE_IPV4_CIDR, defaultDenyEntries, naclEntry, networkAcl } from "../support/topology.js";

const inbound8080 = { egress: false, cidr: LATTICE_IPV4_CIDR, ports: { from: 8080, to: 8080 } };
const outboundEphemeral = { egress: true, cidr: LATTICE_IPV4_CIDR, ports: EPHEMERAL_PORTS };

describe("nacl entries", () => {
  it("address match: covers, partial, none", () => {
    expect(entryAddressMatch({ cidrBlock: "0.0.0.0/0" }, LATTICE_IPV4_CIDR)).toBe("covers");
    expect(entryAddressMatch({ cidrBlock: "169.254.0.0/16" }, LATTICE_IPV4_CIDR)).toBe("covers");
    expect(entryAddressMatch({ cidrBlock: "169.254.171.0/25" }, LATTICE_IPV4_CIDR)).toBe("partial");
    expect(entryAddressMatch({ cidrBlock: "10.0.0.0/16" }, LATTICE_IPV4_CIDR)).toBe("none");
    expect(entryAddressMatch({}, LATTICE_IPV4_CIDR)).toBe("none");
  });

  it("tcp ports: -1 all, 6 by range, udp not at all", () => {
    expect(entryTcpPorts({ protocol: "-1" })).toEqual({ from: 0, to: 65535 });
    expect(entryTcpPorts({ protocol: "6", portRange: { from: 8080, to: 8080 } })).toEqual({
      from: 8080,
      to: 8080,
    });
    expect(entryTcpPorts({ protocol: "17", portRange: { from: 53, to: 53 } })).toBeUndefined();
  });

  it("describes entries", () => {
    expect(describeEntry(undefined)).toBe("the default rule * (deny all traffic)");
    expect(describeEntry(naclEntry({ ruleNumber: 32767, ruleAction: "deny" }))).toBe(
      "the default rule * (deny all traffic)",
    );
    expect(
      describeEntry(
        naclEntry({
          ruleNumber: 90,
          egress: true,
          protocol: "6",
          ruleAction: "deny",
          portRange: { from: 1024, to: 65535 },
        }),
      ),
    ).toBe("rule 90 (deny tcp 1024-65535 to 0.0.0.0/0)");
  });
});

describe("evaluateNacl", () => {
  it("rule 100 allow all: allowed both ways", () => {
    const acl = networkAcl();
    expect(certainDenials(evaluateNacl(acl, inbound8080))).toEqual([]);
    expect(certainDenials(evaluateNacl(acl, outboundEphemeral))).toEqual([]);
  });

  it("only the default rule 32767: denied, by the * entry", () => {
    const acl = networkAcl({ entries: defaultDenyEntries() });
    const [d] = certainDenials(evaluateNacl(acl, inbound8080));
    expect(d).toMatchObject({ from: 8080, to: 8080, action: "deny", entry: { ruleNumber: 32767 } });
  });

  it("no entries at all: implicit deny", () => {
    expect(certainDenials(evaluateNacl(networkAcl({ entries: [] }), inbound8080))).toEqual([
      { from: 8080, to: 8080, action: "deny" },
    ]);
  });

  it("first match wins, in ruleNumber order whatever the array order", () => {
    const acl = networkAcl({
      entries: [
        naclEntry({ ruleNumber: 200, ruleAction: "allow" }),
        naclEntry({ ruleNumber: 50, ruleAction: "deny", cidrBlock: "169.254.0.0/16" }),
        ...defaultDenyEntries(),
      ],
    });
    expect(certainDenials(evaluateNacl(acl, inbound8080))[0]?.entry?.ruleNumber).toBe(50);
  });

  it("a tcp entry for other ports does not decide", () => {
    const acl = networkAcl({
      entries: [
        naclEntry({ ruleNumber: 10, protocol: "6", ruleAction: "deny", portRange: { from: 22, to: 22 } }),
        naclEntry({ ruleNumber: 20, protocol: "6", portRange: { from: 8080, to: 8080 } }),
        ...defaultDenyEntries(),
      ],
    });
    expect(certainDenials(evaluateNacl(acl, inbound8080))).toEqual([]);
  });

  it("a deny on part of the ephemeral range denies that part only", () => {
    const acl = networkAcl({
      entries: [
        naclEntry({
          ruleNumber: 90,
          egress: true,
          protocol: "6",
          ruleAction: "deny",
          portRange: { from: 1024, to: 32767 },
        }),
        naclEntry({ egress: true }),
        naclEntry(),
        ...defaultDenyEntries(),
      ],
    });
    const denials = certainDenials(evaluateNacl(acl, outboundEphemeral));
    expect(denials).toHaveLength(1);
    expect(denials[0]).toMatchObject({ from: 1024, to: 32767, entry: { ruleNumber: 90 } });
  });

  it("an allow for part of the Lattice CIDR is ambiguous: a later deny is not certain", () => {
    const acl = networkAcl({
      entries: [naclEntry({ ruleNumber: 10, cidrBlock: "169.254.171.0/25" }), ...defaultDenyEntries()],
    });
    const evaluation = evaluateNacl(acl, inbound8080);
    expect(evaluation.ambiguous).toHaveLength(1);
    expect(certainDenials(evaluation)).toEqual([]);
  });

  it("a deny for part of the Lattice CIDR does not decide; a later allow wins", () => {
    const acl = networkAcl({
      entries: [
        naclEntry({ ruleNumber: 10, ruleAction: "deny", cidrBlock: "169.254.171.128/25" }),
        naclEntry({ ruleNumber: 20 }),
        ...defaultDenyEntries(),
      ],
    });
    expect(certainDenials(evaluateNacl(acl, inbound8080))).toEqual([]);
  });
});

describe("freeRuleNumber", () => {
  it("picks a free number before the deciding deny, preferring ≤ 100", () => {
    const acl = networkAcl({ entries: [naclEntry({ ruleNumber: 100 }), ...defaultDenyEntries()] });
    expect(freeRuleNumber(acl, false, 32767)).toBe(99);
    expect(freeRuleNumber(acl, true, 32767)).toBe(100);
    expect(freeRuleNumber(acl, false, 50)).toBe(49);
    expect(freeRuleNumber(networkAcl({ entries: [naclEntry({ ruleNumber: 1 })] }), false, 2)).toBeUndefined();
  });
});
