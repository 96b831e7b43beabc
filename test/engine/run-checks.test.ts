import { describe, expect, it } from "vitest";
import { defineCheck, type Check } from "../../checks/define.js";
import { runChecks } from "../../src/engine/run-checks.js";
import type { Topology } from "../../src/topology/types.js";

const explain = { summary: "s", why: "w", fix: "f", bad: "b", good: "g" };

const targetsCheck: Check = defineCheck({
  code: "LAT-301",
  name: "all-targets-unhealthy",
  severity: "critical",
  hop: "targets",
  needs: ["targetGroups", "targets"],
  explain,
  run: (t) =>
    Object.values(t.targetGroups).map((tg) => ({
      severity: "error" as const,
      title: `targets of ${tg.id}`,
      detail: "",
      resource: { type: "target-group", id: tg.id },
      evidence: [],
      fix: { summary: "", commands: [] },
    })),
});

const serviceCheck: Check = defineCheck({
  code: "LAT-101",
  name: "service-not-active",
  severity: "critical",
  hop: "service",
  needs: ["service"],
  explain,
  run: () => [],
});

const brokenCheck: Check = defineCheck({
  ...serviceCheck,
  code: "LAT-102",
  run: () => {
    throw new Error("boom");
  },
});

function topology(overrides: Partial<Topology> = {}): Topology {
  return {
    topologyVersion: 1,
    region: "us-east-1",
    service: {
      id: "svc-0e5b4c6a2d1f83a97",
      arn: "arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-0e5b4c6a2d1f83a97",
      name: "orders-api",
      status: "ACTIVE",
      authType: "NONE",
    },
    listeners: [],
    targetGroups: {
      "tg-0a9f1e2d3c4b5a697": {
        id: "tg-0a9f1e2d3c4b5a697",
        arn: "arn:aws:vpc-lattice:us-east-1:111122223333:targetgroup/tg-0a9f1e2d3c4b5a697",
        name: "orders",
        type: "INSTANCE",
        status: "ACTIVE",
        serviceArns: [],
        targets: [],
      },
    },
    serviceAssociations: [],
    serviceNetworks: {},
    vpcAssociations: [],
    authPolicies: {},
    securityGroups: {},
    prefixLists: {},
    failures: [],
    ...overrides,
  };
}

describe("runChecks", () => {
  it("runs every check and fills name, docs, severity and hop from the metadata", () => {
    const run = runChecks(topology(), [targetsCheck, serviceCheck], { region: "us-east-1" });
    expect(run.checks.map((c) => [c.code, c.status])).toEqual([
      ["LAT-301", "fail"],
      ["LAT-101", "pass"],
    ]);
    expect(run.findings[0]).toMatchObject({
      code: "LAT-301",
      name: "all-targets-unhealthy",
      severity: "error",
      hop: "targets",
      docs: "lattice explain LAT-301",
    });
  });

  it("skips a check whose needed part could not be read, naming the IAM action", () => {
    const run = runChecks(
      topology({
        failures: [
          {
            part: "targets",
            call: "vpc-lattice:ListTargets",
            action: "vpc-lattice:ListTargets",
            resource: "tg-0a9f1e2d3c4b5a697",
            kind: "access-denied",
            errorCode: "AccessDeniedException",
            message: "denied",
          },
        ],
      }),
      [targetsCheck, serviceCheck],
      { region: "us-east-1" },
    );
    expect(run.checks[0]).toMatchObject({ code: "LAT-301", status: "skip" });
    expect(run.checks[0]!.reason).toContain("vpc-lattice:ListTargets");
    expect(run.checks[1]!.status).toBe("pass");
    expect(run.findings).toHaveLength(0);
  });

  it("reports a check that throws as skipped instead of crashing", () => {
    const run = runChecks(topology(), [brokenCheck], { region: "us-east-1" });
    expect(run.checks[0]).toMatchObject({ code: "LAT-102", status: "skip" });
    expect(run.checks[0]!.reason).toContain("boom");
  });
});
