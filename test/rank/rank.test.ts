import { describe, expect, it } from "vitest";
import { checks } from "../../checks/index.js";
import type { Finding, Severity, Hop } from "../../src/core/finding.js";
import { applySuppressions, parseSuppression, rank } from "../../src/rank/rank.js";
import { exitCodeOf, verdictOf } from "../../src/report/build.js";

function finding(code: string, severity: Severity, hop: Hop, id: string, affects?: string[]): Finding {
  return {
    rank: 0,
    code,
    name: code.toLowerCase(),
    severity,
    hop,
    title: `${code} on ${id}`,
    detail: "",
    resource: { type: "x", id, arn: `arn:aws:x:us-east-1:111122223333:thing/${id}` },
    evidence: [],
    fix: { summary: "", commands: [] },
    docs: `lattice explain ${code}`,
    ...(affects ? { affects } : {}),
  };
}

describe("rank", () => {
  it("orders by severity, then by hop nearest the client", () => {
    const ranked = rank(
      [
        finding("LAT-901", "info", "diagnosis", "ec2:DescribeInstances"),
        finding("LAT-501", "critical", "targets", "sg-0282b1d9c4e5f6a70"),
        finding("LAT-401", "critical", "service", "svc-0e5b4c6a2d1f83a97"),
        finding("LAT-207", "warning", "vpc-association", "snva-0c5e8a1f2b3d4e6f7"),
      ],
      { checks },
    );
    expect(ranked.map((f) => f.code)).toEqual(["LAT-401", "LAT-501", "LAT-207", "LAT-901"]);
    expect(ranked.map((f) => f.rank)).toEqual([1, 2, 3, 4]);
  });

  it("puts an effect right after its cause, marks causedBy and lifts the cause's severity", () => {
    const ranked = rank(
      [
        finding("LAT-301", "critical", "targets", "tg-0a9f1e2d3c4b5a697", ["tg-0a9f1e2d3c4b5a697"]),
        finding("LAT-401", "critical", "service", "svc-0e5b4c6a2d1f83a97"),
        finding("LAT-501", "error", "targets", "sg-0282b1d9c4e5f6a70", ["tg-0a9f1e2d3c4b5a697"]),
      ],
      { checks },
    );
    expect(ranked.map((f) => f.code)).toEqual(["LAT-401", "LAT-501", "LAT-301"]);
    expect(ranked[2]!.causedBy).toBe("LAT-501");
    expect(ranked[1]!.severity).toBe("critical");
    expect(ranked[0]!.causedBy).toBeUndefined();
  });

  it("links a firing alarm to the finding that explains what its metric counts, not to any on the resource", () => {
    const svc = "svc-0e5b4c6a2d1f83a97";
    const tg = "tg-0a9f1e2d3c4b5a697";
    const ranked = rank(
      [
        finding("LAT-605", "error", "service", "orders-api-auth-denied", [`${svc}#403`]),
        finding("LAT-605", "error", "service", "orders-api-5xx", [`${svc}#5xx`]),
        finding("LAT-605", "error", "target-group", "orders-tg-connection-errors", [`${tg}#connection`]),
        finding("LAT-401", "critical", "service", svc, [svc, `${svc}#403`]),
        finding("LAT-501", "critical", "targets", "sg-0282b1d9c4e5f6a70", [
          tg,
          `${tg}#connection`,
          `${tg}#5xx`,
        ]),
      ],
      { checks },
    );
    const causeOf = (id: string) => ranked.find((f) => f.resource.id === id)?.causedBy;
    expect(causeOf("orders-api-auth-denied")).toBe("LAT-401");
    expect(causeOf("orders-tg-connection-errors")).toBe("LAT-501");
    // The service's 5XX alarm is not explained by its auth policy: it stays a root of its own.
    expect(causeOf("orders-api-5xx")).toBeUndefined();
  });

  it("does not link a cause and an effect about different target groups", () => {
    const ranked = rank(
      [
        finding("LAT-301", "critical", "targets", "tg-0a9f1e2d3c4b5a697", ["tg-0a9f1e2d3c4b5a697"]),
        finding("LAT-501", "error", "targets", "sg-0282b1d9c4e5f6a70", ["tg-01234567890abcdef"]),
      ],
      { checks },
    );
    expect(ranked.find((f) => f.code === "LAT-301")!.causedBy).toBeUndefined();
    expect(ranked.find((f) => f.code === "LAT-501")!.severity).toBe("error");
  });

  it("puts LAT-201 (no network: no client can reach the service) before every downstream critical", () => {
    const ranked = rank(
      [
        finding("LAT-501", "critical", "targets", "sg-0282b1d9c4e5f6a70"),
        finding("LAT-101", "critical", "service", "svc-0e5b4c6a2d1f83a97"),
        finding("LAT-201", "critical", "service-association", "svc-0e5b4c6a2d1f83a97"),
        finding("LAT-104", "critical", "listener", "listener-0b1c2d3e4f5a6b7c8"),
      ],
      { checks },
    );
    expect(ranked[0]!.code).toBe("LAT-201");
  });

  it("brings findings that explain the symptom first within a severity", () => {
    const input = [
      finding("LAT-501", "critical", "targets", "sg-0282b1d9c4e5f6a70"),
      finding("LAT-401", "critical", "service", "svc-0e5b4c6a2d1f83a97"),
    ];
    expect(rank(input, { checks, symptom: "timeout" }).map((f) => f.code)).toEqual(["LAT-501", "LAT-401"]);
    expect(rank(input, { checks, symptom: "403" }).map((f) => f.code)).toEqual(["LAT-401", "LAT-501"]);
  });
});

describe("suppressions", () => {
  it("parses LAT-### and LAT-###=resource, rejects anything else", () => {
    expect(parseSuppression("LAT-501")).toMatchObject({ code: "LAT-501", resource: undefined });
    expect(parseSuppression("LAT-501=sg-0282b1d9c4e5f6a70")).toMatchObject({
      resource: "sg-0282b1d9c4e5f6a70",
    });
    expect(parseSuppression("501")).toBeUndefined();
    expect(parseSuppression("LAT-5011")).toBeUndefined();
  });

  it("marks the matching finding (by id or ARN), which then counts toward neither verdict nor exit code", () => {
    const findings = [
      finding("LAT-501", "critical", "targets", "sg-0282b1d9c4e5f6a70"),
      finding("LAT-501", "critical", "targets", "sg-0aaaaaaaaaaaaaaaa"),
    ];
    const byId = applySuppressions(findings, [parseSuppression("LAT-501=sg-0282b1d9c4e5f6a70")!]);
    expect(byId[0]!.suppressed?.by).toBe("--ignore LAT-501=sg-0282b1d9c4e5f6a70");
    expect(byId[1]!.suppressed).toBeUndefined();
    expect(verdictOf(byId)).toBe("blocked");

    const all = applySuppressions(findings, [parseSuppression("LAT-501")!]);
    expect(verdictOf(all)).toBe("healthy");
    expect(exitCodeOf(all, true, "error")).toBe(0);
    const byArn = applySuppressions(findings, [
      parseSuppression("LAT-501=arn:aws:x:us-east-1:111122223333:thing/sg-0aaaaaaaaaaaaaaaa")!,
    ]);
    expect(byArn[1]!.suppressed).toBeDefined();
    expect(rank(byArn, { checks }).at(-1)!.resource.id).toBe("sg-0aaaaaaaaaaaaaaaa");
  });
});

describe("verdict and exit code", () => {
  const warning = finding("LAT-207", "warning", "vpc-association", "snva-0c5e8a1f2b3d4e6f7");
  const info = finding("LAT-901", "info", "diagnosis", "ec2:DescribeInstances");
  it.each([
    [[finding("LAT-401", "critical", "service", "svc-1")], "blocked"],
    [[finding("LAT-302", "error", "targets", "tg-1")], "degraded"],
    [[warning], "at-risk"],
    [[info], "healthy"],
    [[], "healthy"],
  ] as const)("verdict %#", (findings, verdict) => {
    expect(verdictOf(findings)).toBe(verdict);
  });

  it("follows --fail-on, and says incomplete (3) when nothing reached it", () => {
    expect(exitCodeOf([warning], true, "error")).toBe(0);
    expect(exitCodeOf([warning], true, "warning")).toBe(1);
    expect(exitCodeOf([warning], false, "error")).toBe(3);
    expect(exitCodeOf([warning], false, "warning")).toBe(1);
    expect(exitCodeOf([finding("LAT-401", "critical", "service", "svc-1")], true, "none")).toBe(0);
    expect(exitCodeOf([finding("LAT-401", "critical", "service", "svc-1")], true, "critical")).toBe(1);
  });
});
