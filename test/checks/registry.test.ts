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
  "LAT-101": "service-not-active",
  "LAT-102": "service-has-no-listeners",
  "LAT-103": "listener-routes-nowhere",
  "LAT-104": "protocol-mismatch",
  "LAT-105": "custom-domain-without-certificate",
  "LAT-106": "tls-passthrough-without-custom-domain",
  "LAT-107": "default-action-fixed-response",
  "LAT-201": "service-not-in-any-network",
  "LAT-202": "service-association-not-active",
  "LAT-203": "network-has-no-consumers",
  "LAT-204": "vpc-association-not-active",
  "LAT-205": "client-vpc-not-connected",
  "LAT-206": "client-vpc-on-other-network",
  "LAT-207": "vpc-association-without-security-groups",
  "LAT-208": "share-not-accepted",
  "LAT-209": "share-not-active",
  "LAT-210": "network-not-shareable",
  "LAT-211": "foreign-resource-not-evaluable",
  "LAT-301": "all-targets-unhealthy",
  "LAT-302": "some-targets-unhealthy",
  "LAT-303": "no-targets-registered",
  "LAT-304": "target-group-not-wired",
  "LAT-305": "health-check-disabled",
  "LAT-306": "target-group-not-active",
  "LAT-307": "health-check-defaults-suspect",
  "LAT-308": "targets-draining",
  "LAT-309": "health-check-on-unsupported-type",
  "LAT-401": "iam-auth-without-policy",
  "LAT-402": "auth-policy-inactive",
  "LAT-403": "principal-denied",
  "LAT-404": "policy-uses-control-plane-action",
  "LAT-405": "policy-resource-never-matches",
  "LAT-406": "no-auth-on-path",
  "LAT-407": "resource-configurations-unprotected",
  "LAT-408": "tls-listener-requires-anonymous",
  "LAT-409": "caller-lacks-invoke",
  "LAT-410": "denial-explained",
  "LAT-501": "target-sg-blocks-lattice",
  "LAT-502": "target-sg-blocks-health-check",
  "LAT-503": "target-sg-missing-ipv6-prefix-list",
  "LAT-504": "sg-copies-prefix-list-cidrs",
  "LAT-505": "association-sg-blocks-listener",
  "LAT-506": "client-egress-blocks-lattice",
  "LAT-507": "nacl-blocks-lattice",
  "LAT-601": "no-error-alarm",
  "LAT-602": "alarm-on-missing-metric",
  "LAT-603": "access-logs-disabled",
  "LAT-604": "recent-errors",
  "LAT-605": "alarm-firing",
  "LAT-606": "failed-requests-logged",
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
        // runPure runs twice on a deep-frozen copy and compares; each check's own tester table
        // proves it fires on its failing cases.
        runPure(c, input);
        expect(input).toEqual(broken());
      });

      it("reports nothing above info about a healthy service", () => {
        expect(runPure(c, topology()).filter((f) => (f.severity ?? c.severity) !== "info")).toEqual([]);
      });
    });
  }
});
