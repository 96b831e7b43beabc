import { describe, expect, it } from "vitest";
import { defineCheck, type Check } from "../../checks/define.js";
import { runChecks } from "../../src/engine/run-checks.js";
import type { Topology } from "../../src/topology/types.js";

const targetsCheck: Check = defineCheck({
  code: "LAT-301",
  name: "all-targets-unhealthy",
  severity: "critical",
  hop: "targets",
  lint: { judged: "live", reason: "a test check" },
  needs: ["targetGroups", "targets"],
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
  lint: { judged: "live", reason: "a test check" },
  needs: ["service"],
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

  it("skips a check behind an unread part: no listeners read, no target groups known (never a pass on [])", () => {
    const listenersFailed = {
      part: "listeners" as const,
      call: "vpc-lattice:ListListeners",
      action: "vpc-lattice:ListListeners",
      resource: "svc-0e5b4c6a2d1f83a97",
      kind: "error" as const,
      errorCode: "InternalServerException",
      message: "Internal server error",
    };
    let seenNeeds: Record<string, unknown> | undefined;
    const spy = defineCheck({
      ...serviceCheck,
      code: "LAT-901",
      needs: [],
      run: (_t, context) => {
        seenNeeds = context.checkNeeds;
        return [];
      },
    });
    const run = runChecks(
      topology({ targetGroups: {}, failures: [listenersFailed] }),
      [targetsCheck, serviceCheck, spy],
      {
        region: "us-east-1",
      },
    );
    expect(run.checks[0]).toEqual({
      code: "LAT-301",
      status: "skip",
      // Not a denial: nothing to grant.
      reason:
        "could not read listeners (vpc-lattice:ListListeners failed (InternalServerException)), so targetGroups, targets are unknown",
    });
    expect(run.checks[1]!.status).toBe("pass");
    // LAT-901 is told what LAT-301 depends on through the chain, so it names it as skipped.
    expect(seenNeeds?.["LAT-301"]).toEqual(["targetGroups", "listeners", "rules", "targets"]);
  });

  describe("partlyNeeds: findings that do not rest on an unread part stand; no pass", () => {
    const associationsFailed = {
      part: "serviceAssociations" as const,
      call: "vpc-lattice:ListServiceNetworkServiceAssociations",
      action: "vpc-lattice:ListServiceNetworkServiceAssociations",
      resource: "svc-0e5b4c6a2d1f83a97",
      kind: "error" as const,
      errorCode: "HTTP 500",
      message: "not an AWS API answer",
    };
    const ownPolicyCheck = (finds: boolean): Check =>
      defineCheck({
        ...serviceCheck,
        code: "LAT-401",
        needs: ["service"],
        partlyNeeds: ["serviceNetworks", "authPolicies"],
        run: (t) =>
          finds
            ? [
                {
                  title: `${t.service.id} requires AWS_IAM but has no auth policy`,
                  detail: "",
                  resource: { type: "service", id: t.service.id },
                  evidence: [],
                  fix: { summary: "", commands: [] },
                },
              ]
            : [],
      });

    it("a finding from the parts that were read is reported (fail), the networks unread", () => {
      const run = runChecks(topology({ failures: [associationsFailed] }), [ownPolicyCheck(true)], {
        region: "us-east-1",
      });
      expect(run.checks[0]).toMatchObject({ code: "LAT-401", status: "fail" });
      expect(run.findings.map((f) => f.code)).toEqual(["LAT-401"]);
    });

    it("no finding while a partly-needed part is unread: skip with the failed read, never pass", () => {
      const run = runChecks(topology({ failures: [associationsFailed] }), [ownPolicyCheck(false)], {
        region: "us-east-1",
      });
      expect(run.checks[0]).toMatchObject({ code: "LAT-401", status: "skip" });
      expect(run.checks[0]!.reason).toContain("vpc-lattice:ListServiceNetworkServiceAssociations");
    });

    it("everything read and no finding: pass", () => {
      const run = runChecks(topology(), [ownPolicyCheck(false)], { region: "us-east-1" });
      expect(run.checks[0]).toMatchObject({ code: "LAT-401", status: "pass" });
    });
  });

  it("reports a check that throws as skipped instead of crashing", () => {
    const run = runChecks(topology(), [brokenCheck], { region: "us-east-1" });
    expect(run.checks[0]).toMatchObject({ code: "LAT-102", status: "skip" });
    expect(run.checks[0]!.reason).toContain("boom");
  });
});

describe("runChecks: checks that need a flag (requires)", () => {
  const asCheck: Check = defineCheck({
    code: "LAT-403",
    name: "principal-denied",
    severity: "critical",
    hop: "service",
    lint: { judged: "live", reason: "a test check" },
    needs: ["authPolicies"],
    requires: "--as",
    run: () => {
      throw new Error("must not run without --as");
    },
  });
  const fromCheck: Check = defineCheck({ ...asCheck, code: "LAT-506", requires: "--from", needs: [] });
  const errorCheck: Check = defineCheck({ ...asCheck, code: "LAT-410", requires: "--error", needs: [] });
  const authDenied = {
    part: "authPolicies" as const,
    call: "vpc-lattice:GetAuthPolicy",
    action: "vpc-lattice:GetAuthPolicy",
    resource: "svc-0e5b4c6a2d1f83a97",
    kind: "access-denied" as const,
    errorCode: "AccessDeniedException",
    message: "denied",
  };

  it("without the flag: not run, not-applicable (never pass), never skipped by a failed read", () => {
    let seenNeeds: Record<string, unknown> | undefined;
    const spy: Check = defineCheck({
      ...serviceCheck,
      code: "LAT-901",
      run: (_t, context) => {
        seenNeeds = context.checkNeeds;
        return [];
      },
    });
    const run = runChecks(topology({ failures: [authDenied] }), [asCheck, fromCheck, errorCheck, spy], {
      region: "us-east-1",
    });
    expect(run.checks.slice(0, 3)).toEqual([
      { code: "LAT-403", status: "not-applicable", reason: "not applicable without --as" },
      { code: "LAT-506", status: "not-applicable", reason: "not applicable without --from" },
      { code: "LAT-410", status: "not-applicable", reason: "not applicable without --error" },
    ]);
    // LAT-901 is not told that LAT-403 was skipped by the failed GetAuthPolicy
    expect(Object.keys(seenNeeds ?? {})).toEqual(["LAT-901"]);
  });

  it("with the flag: runs, and a failed read skips it as usual", () => {
    const auth = { principal: "anonymous", method: "GET", path: "/", headers: {}, query: {} };
    const ran = runChecks(topology({ failures: [authDenied] }), [asCheck], { region: "us-east-1", auth });
    expect(ran.checks[0]).toMatchObject({ code: "LAT-403", status: "skip" });
    const thrown = runChecks(topology(), [asCheck], { region: "us-east-1", auth });
    expect(thrown.checks[0]).toMatchObject({ code: "LAT-403", status: "skip" });
    expect(thrown.checks[0]!.reason).toContain("must not run without --as");
    const client = runChecks(
      topology({ client: { input: "vpc-0f9e8d7c6b5a43210", kind: "vpc", securityGroupIds: [] } }),
      [fromCheck],
      { region: "us-east-1" },
    );
    expect(client.checks[0]!.reason).toContain("must not run without --as");
  });
});

describe("runChecks: --from given but the client not resolved", () => {
  it("the client checks apply (and are skipped by the failed read), not 'not applicable'", () => {
    const fromCheck: Check = defineCheck({
      ...serviceCheck,
      code: "LAT-205",
      needs: ["client"],
      requires: "--from",
    });
    const failure = {
      part: "client" as const,
      call: "ec2:DescribeInstances",
      action: "ec2:DescribeInstances",
      resource: "i-0c1d2e3f4a5b6c7d8",
      kind: "not-found" as const,
      errorCode: "InvalidInstanceID.NotFound",
      message: "The instance ID 'i-0c1d2e3f4a5b6c7d8' does not exist",
    };
    const run = runChecks(topology({ failures: [failure] }), [fromCheck], {
      region: "us-east-1",
      from: "i-0c1d2e3f4a5b6c7d8",
    });
    expect(run.checks[0]).toMatchObject({ code: "LAT-205", status: "skip" });
  });
});
