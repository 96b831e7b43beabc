import { describe, expect, it } from "vitest";
import check, { MAX_GROUPS } from "../../checks/lat-606-failed-requests-logged.js";
import { checks } from "../../checks/index.js";
import { runChecks } from "../../src/engine/run-checks.js";
import { rank } from "../../src/rank/rank.js";
import { checkTester, defaultContext } from "../support/check-tester.js";
import {
  IDS,
  securityGroup,
  securityGroups,
  service,
  serviceNetwork,
  serviceNetworks,
  sgRule,
  CONSUMER_CIDR,
} from "../support/topology.js";
import {
  BILLING_ROLE,
  failedRequests,
  group,
  logSource,
  REPORTING_ROLE,
  targetGroupFailure,
  TG_ARN,
  withFailedRequests,
} from "../support/access-log.js";
import { withSignals } from "../support/signals.js";
import { symptomKey } from "../../checks/lib/signals.js";

checkTester(check, {
  pass: [
    { name: "the access log was not read (--no-logs, or an older recording)", topology: withSignals() },
    { name: "read, and no failed request in the window", topology: withFailedRequests(failedRequests([])) },
  ],
  fail: [
    {
      name: "403s the service's auth policy denied, for one principal",
      topology: withFailedRequests(failedRequests([group()])),
      expect: {
        resource: IDS.service,
        severity: "error",
        hop: "service",
        count: 1,
        titleIncludes: [
          `212 requests failed with 403 authDeniedReason Service for ${REPORTING_ROLE}`,
          "the service's auth policy denied them",
        ],
        detailIncludes: [`from ${IDS.consumerVpc} on GET /orders`, "3f6c1a9e-8b2d-4e57-a0c4-9d1e7f25b6a8"],
        affects: ["failed-requests:denied-service", IDS.service, symptomKey(IDS.service, "403")],
      },
      assert([f]) {
        expect(f!.evidence[0]!.call).toBe("logs:FilterLogEvents");
        expect(f!.evidence[0]!.observed).toMatchObject({
          responseCode: 403,
          authDeniedReason: "Service",
          failureReason: "ClientAccessDenied",
          callerPrincipal: REPORTING_ROLE,
          count: 212,
        });
        expect(f!.evidence[0]!.observed).not.toHaveProperty("key");
        expect(f!.fix.commands).toContain(
          `aws vpc-lattice get-auth-policy --resource-identifier ${IDS.service} --region us-east-1 --profile oncall`,
        );
        expect(f!.fix.commands.at(-1)).toBe(
          `lattice why ${IDS.service} --request-id 3f6c1a9e-8b2d-4e57-a0c4-9d1e7f25b6a8 --region us-east-1 --profile oncall`,
        );
      },
    },
    {
      name: "403s the network denied sit on the network hop and affect its networks",
      topology: withFailedRequests(failedRequests([group({ authDeniedReason: "Network" })])),
      expect: {
        hop: "service-network",
        titleIncludes: "the service network's auth policy denied them",
        affects: [
          "failed-requests:denied-network",
          IDS.service,
          symptomKey(IDS.service, "403"),
          IDS.serviceNetwork,
        ],
      },
    },
    {
      name: "connection failures to one target, read from S3",
      topology: withFailedRequests(
        failedRequests([targetGroupFailure()], {
          sources: [
            logSource({
              kind: "s3",
              destinationArn: "arn:aws:s3:::acme-lattice-logs",
            }),
          ],
        }),
      ),
      expect: {
        resource: IDS.targetGroup,
        hop: "targets",
        titleIncludes: [
          `48 requests failed with 502 TargetConnectionError for ${BILLING_ROLE}`,
          "could not connect",
        ],
        detailIncludes: "(target 10.0.1.23:8080)",
        affects: [
          "failed-requests:target",
          IDS.targetGroup,
          symptomKey(IDS.targetGroup, "connection"),
          symptomKey(IDS.targetGroup, "5xx"),
        ],
      },
      assert([f]) {
        expect(f!.resource).toEqual({ type: "target-group", id: IDS.targetGroup, arn: TG_ARN });
        expect(f!.evidence[0]!.call).toBe("s3:GetObject");
      },
    },
    {
      name: "an identity denial names the caller's IAM and how to evaluate it",
      topology: withFailedRequests(failedRequests([group({ authDeniedReason: "Identity" })])),
      expect: { hop: "client", titleIncludes: "the caller's own IAM policies" },
      assert([f]) {
        expect(f!.fix.commands[0]).toBe(
          `lattice doctor ${IDS.service} --as ${REPORTING_ROLE} --region us-east-1 --profile oncall`,
        );
      },
    },
    {
      name: "404s: the service is not on the client's network",
      topology: withFailedRequests(
        failedRequests([group({ responseCode: 404, authDeniedReason: undefined, failureReason: undefined })]),
      ),
      expect: {
        hop: "service-association",
        affects: ["failed-requests:not-found", IDS.service, IDS.consumerVpc],
      },
    },
    {
      name: "more groups than shown: the last finding counts the rest",
      topology: withFailedRequests(
        failedRequests(
          Array.from({ length: MAX_GROUPS + 2 }, (_, i) =>
            group({ sourceVpcId: `vpc-0f9e8d7c6b5a4321${i}`, count: 20 - i }),
          ),
        ),
      ),
      expect: { count: MAX_GROUPS },
      assert(findings) {
        expect(findings.at(-1)!.detail).toContain("2 smaller groups (23 requests) are not shown");
      },
    },
  ],
});

describe("LAT-606 in the ranked output", () => {
  const denyService = group();
  const denyNetwork = group({
    authDeniedReason: "Network",
    callerPrincipal: BILLING_ROLE,
    count: 31,
  });
  const ranked = (t: ReturnType<typeof withFailedRequests>) =>
    rank(runChecks(t, checks, defaultContext()).findings, { checks });

  it("a service-layer LAT-401 explains the service's 403 group, not the network's", () => {
    const t = withFailedRequests(failedRequests([denyService, denyNetwork]), {
      service: service({ authType: "AWS_IAM" }),
    });
    const groups = ranked(t).filter((f) => f.code === "LAT-606");
    expect(groups.map((g) => [g.hop, g.causedBy])).toEqual([
      ["service", "LAT-401"],
      ["service-network", undefined],
    ]);
  });

  it("a network-layer LAT-401 explains the network's 403 group", () => {
    const t = withFailedRequests(failedRequests([denyNetwork]), {
      serviceNetworks: serviceNetworks(serviceNetwork({ authType: "AWS_IAM" })),
    });
    const findings = ranked(t);
    const g = findings.find((f) => f.code === "LAT-606")!;
    expect(g.causedBy).toBe("LAT-401");
    const cause = findings.find((f) => f.code === "LAT-401")!;
    expect(cause.hop).toBe("service-network");
    // Placed right after its cause.
    expect(findings.indexOf(g)).toBeGreaterThan(findings.indexOf(cause));
  });

  it("LAT-501 on the target's security group explains its connection failures", () => {
    const t = withFailedRequests(failedRequests([targetGroupFailure()]), {
      securityGroups: securityGroups(securityGroup({ rules: [sgRule({ cidrIpv4: CONSUMER_CIDR })] })),
    });
    const findings = ranked(t);
    const g = findings.find((f) => f.code === "LAT-606")!;
    expect(["LAT-501", "LAT-301"]).toContain(g.causedBy);
    const chain: string[] = [];
    for (let c: string | undefined = g.causedBy; c; c = findings.find((f) => f.code === c)?.causedBy)
      chain.push(c);
    expect(chain.at(-1)).toBe("LAT-501");
  });

  it("a 403 group is not explained by a target finding", () => {
    const t = withFailedRequests(failedRequests([denyService]), {
      securityGroups: securityGroups(securityGroup({ rules: [sgRule({ cidrIpv4: CONSUMER_CIDR })] })),
    });
    expect(ranked(t).find((f) => f.code === "LAT-606")!.causedBy).toBeUndefined();
  });
});
