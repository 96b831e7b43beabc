import { describe, expect, it } from "vitest";
import { HOPS, SEVERITIES } from "../../src/core/finding.js";
import { checks, findCheck } from "../../checks/index.js";
import { loadExplanation } from "../../src/render/explain-pages.js";
import type { Check } from "../../src/core/check.js";
import { checkModules } from "../../scripts/checks-registry.mjs";
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
  it("registers every module of checks/, in code order; each module's file is named after its code and name", async () => {
    const files = checkModules();
    expect(checks.map((c) => c.code)).toEqual([...checks.map((c) => c.code)].sort());
    expect(files.length).toBe(checks.length);
    for (const file of files) {
      const check = ((await import(`../../checks/${file}`)) as { default: Check }).default;
      expect(checks, file).toContain(check);
      expect(file).toBe(`${check.code.toLowerCase()}-${check.name}.ts`);
    }
  });

  it("names only registered codes in its metadata", () => {
    const codes = new Set(checks.map((c) => c.code));
    for (const c of checks) {
      expect(c.code).toMatch(/^LAT-\d{3}$/);
      expect(c.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const effect of c.causes ?? []) expect(codes.has(effect), `${c.code} causes ${effect}`).toBe(true);
      for (const s of c.symptoms ?? []) expect(["403", "404", "timeout", "5xx"], c.code).toContain(s);
    }
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

      it("has an explain page with complete text, CLI and Terraform examples", () => {
        const explain = loadExplanation(c.code);
        for (const key of ["summary", "why", "fix", "bad", "good"] as const) {
          expect(explain[key].trim().length, key).toBeGreaterThan(20);
        }
        expect(explain.summary, "summary is one line").not.toMatch(/\n/);
        for (const key of ["bad", "good"] as const) {
          expect(explain[key], `${key} has a CLI example`).toMatch(/\baws [a-z0-9-]+ [a-z-]+/);
          expect(explain[key], `${key} has a Terraform example`).toMatch(/\bresource "aws_[a-z0-9_]+"/);
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
