/**
 * ruleMightAdmitLattice when the prefix list is known but its entries are not (lint: the list is named
 * in the file). Live behaviour is unchanged: without `entriesExcludePrivateIpv4` any CIDR might admit.
 */
import { describe, expect, it } from "vitest";
import { ruleMightAdmitLattice } from "../../checks/lib/security-groups.js";
import type { PrefixList, SecurityGroupRule } from "../../src/topology/types.js";

const rule = (cidrIpv4: string): SecurityGroupRule => ({
  groupId: "sg-0282a7c3e1f4b5d69",
  isEgress: false,
  ipProtocol: "tcp",
  fromPort: 8080,
  toPort: 8080,
  cidrIpv4,
});
const live: PrefixList = {
  prefixListId: "pl-0721a5f3c9b2e4d61",
  prefixListName: "com.amazonaws.us-east-1.vpc-lattice",
};
const fromFile: PrefixList = { ...live, entriesExcludePrivateIpv4: true };

describe("ruleMightAdmitLattice with unread entries", () => {
  it("live: a private CIDR might still admit (nothing is assumed)", () => {
    expect(ruleMightAdmitLattice(rule("10.20.0.0/16"), 8080, live)).toBe(true);
  });
  it("from a file: RFC 1918 and 100.64/10 cannot hold Lattice's addresses", () => {
    for (const cidr of ["10.20.0.0/16", "172.31.0.0/16", "192.168.10.0/24", "100.64.0.0/16"])
      expect(ruleMightAdmitLattice(rule(cidr), 8080, fromFile), cidr).toBe(false);
  });
  it("from a file: link-local and public ranges might, so the check stays silent", () => {
    for (const cidr of ["169.254.0.0/16", "169.254.171.0/24", "129.224.0.0/17", "8.0.0.0/8"])
      expect(ruleMightAdmitLattice(rule(cidr), 8080, fromFile), cidr).toBe(true);
  });
  it("another port is not about Lattice on this port", () => {
    expect(ruleMightAdmitLattice(rule("169.254.0.0/16"), 9090, fromFile)).toBe(false);
  });
});
