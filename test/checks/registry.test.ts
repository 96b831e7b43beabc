import { describe, expect, it } from "vitest";
import { HOPS, SEVERITIES } from "../../checks/define.js";
import { checks, findCheck } from "../../checks/index.js";
import type { Topology } from "../../src/topology/types.js";
import { runPure } from "../support/check-tester.js";
import {
  CONSUMER_CIDR,
  IDS,
  authPolicies,
  authPolicy,
  failure,
  listener,
  rule,
  securityGroup,
  securityGroups,
  service,
  serviceNetwork,
  serviceNetworks,
  sgRule,
  target,
  targetGroup,
  targetGroups,
  topology,
} from "../support/topology.js";

/** The catalogue's names (../shared/spec/findings.md), hard-coded to keep the test self-contained. */
const NAMES: Record<string, string> = {
  "LAT-201": "service-not-in-any-network",
  "LAT-301": "all-targets-unhealthy",
  "LAT-401": "iam-auth-without-policy",
  "LAT-501": "target-sg-blocks-lattice",
  "LAT-901": "could-not-check",
};

/** A service broken in every way these checks know, so every check has something to say. */
function broken(): Topology {
  return topology({
    service: service({ authType: "AWS_IAM" }),
    listeners: [listener({ rules: [rule()] })],
    targetGroups: targetGroups(
      targetGroup({ targets: [target({ status: "UNHEALTHY", reasonCode: "HealthCheckFailed" })] }),
      targetGroup({
        id: IDS.targetGroup2,
        name: "orders-v2",
        targets: [target({ id: "10.0.3.41", securityGroupIds: [IDS.securityGroup2] })],
      }),
    ),
    serviceAssociations: [],
    serviceNetworks: serviceNetworks(serviceNetwork({ authType: "AWS_IAM" })),
    authPolicies: authPolicies(authPolicy(IDS.service), authPolicy(IDS.serviceNetwork)),
    securityGroups: securityGroups(
      securityGroup({ rules: [sgRule({ cidrIpv4: CONSUMER_CIDR })] }),
      securityGroup({ groupId: IDS.securityGroup2, rules: [] }),
    ),
    failures: [
      failure({
        part: "vpcAssociations",
        call: "vpc-lattice:ListServiceNetworkVpcAssociations",
        action: "vpc-lattice:ListServiceNetworkVpcAssociations",
        resource: IDS.serviceNetwork,
      }),
    ],
  });
}

describe("check registry", () => {
  it("registers exactly the expected checks, in code order, with the catalogue's names", () => {
    expect(checks.map((c) => c.code)).toEqual(Object.keys(NAMES));
    expect(checks.map((c) => c.code)).toEqual([...checks.map((c) => c.code)].sort());
    for (const c of checks) expect(c.name, c.code).toBe(NAMES[c.code]);
  });

  it("codes are unique", () => {
    expect(new Set(checks.map((c) => c.code)).size).toBe(checks.length);
  });

  it("findCheck finds by code, case-insensitively", () => {
    expect(findCheck("LAT-501")?.name).toBe("target-sg-blocks-lattice");
    expect(findCheck(" lat-201 ")?.code).toBe("LAT-201");
    expect(findCheck("LAT-999")).toBeUndefined();
  });

  for (const c of checks) {
    describe(c.code, () => {
      it("has valid metadata", () => {
        expect(SEVERITIES).toContain(c.severity);
        expect(HOPS).toContain(c.hop);
        expect(Array.isArray(c.needs)).toBe(true);
      });

      it("has complete explain text with CLI and Terraform examples", () => {
        for (const key of ["summary", "why", "fix", "bad", "good"] as const) {
          expect(c.explain[key].trim().length, key).toBeGreaterThan(20);
        }
        expect(c.explain.summary, "summary is one line").not.toMatch(/\n/);
        for (const key of ["bad", "good"] as const) {
          expect(c.explain[key], `${key} has a CLI example`).toMatch(/\baws [a-z0-9-]+ [a-z-]+/);
          expect(c.explain[key], `${key} has a Terraform example`).toMatch(/\bresource "aws_[a-z0-9_]+"/);
        }
      });

      it("is pure: same output twice, input untouched (deep-frozen)", () => {
        const input = broken();
        const findings = runPure(c, input);
        expect(findings.length, "the broken fixture should trip every check").toBeGreaterThan(0);
        expect(input).toEqual(broken());
      });

      it("says nothing about a healthy service", () => {
        expect(runPure(c, topology())).toEqual([]);
      });
    });
  }
});
