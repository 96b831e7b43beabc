import { describe, expect, it } from "vitest";
import { checks } from "../../checks/index.js";
import type { Evidence, Finding, Hop, Severity } from "../../src/core/finding.js";
import { inferSymptom } from "../../src/rank/infer-symptom.js";
import { rank } from "../../src/rank/rank.js";

function finding(
  code: string,
  severity: Severity,
  hop: Hop,
  id: string,
  evidence: Evidence[] = [],
  affects?: string[],
): Finding {
  return {
    rank: 0,
    code,
    name: code.toLowerCase(),
    severity,
    hop,
    title: `${code} on ${id}`,
    detail: "",
    resource: { type: "x", id },
    evidence,
    fix: { summary: "", commands: [] },
    docs: `lattice explain ${code}`,
    ...(affects ? { affects } : {}),
  };
}

const counts = (MetricName: string, Sum: number): Evidence => ({
  call: "cloudwatch:GetMetricData",
  observed: { MetricName, Sum, countsPerMinute: {} },
});

const recent = (...evidence: Evidence[]) =>
  finding("LAT-604", "error", "service", "svc-0e5b4c6a2d1f83a97", evidence);

describe("inferSymptom", () => {
  it("nothing recent, nothing inferred", () => {
    expect(
      inferSymptom([finding("LAT-401", "critical", "service", "svc-0e5b4c6a2d1f83a97")], checks),
    ).toBeUndefined();
  });

  it("403s from Lattice → 403", () => {
    expect(inferSymptom([recent(counts("HTTPCode_VpcLattice_403_Count", 35))], checks)).toEqual({
      symptom: "403",
      reason: "inferred from LAT-604: 35 HTTPCode_VpcLattice_403_Count in the window",
    });
  });

  it("connection errors and timeouts → timeout; 5XX → 5xx; the kind with most errors wins", () => {
    expect(
      inferSymptom([recent(counts("ConnectionErrorCount", 8), counts("ConnectionTimeoutCount", 3))], checks)
        ?.symptom,
    ).toBe("timeout");
    expect(
      inferSymptom([recent(counts("HTTPCode_5XX_Count", 40), counts("ConnectionErrorCount", 8))], checks)
        ?.symptom,
    ).toBe("5xx");
    expect(
      inferSymptom(
        [recent(counts("HTTPCode_5XX_Count", 4), counts("HTTPCode_VpcLattice_403_Count", 9))],
        checks,
      )?.symptom,
    ).toBe("403");
  });

  it("a tie goes to 403, then timeout", () => {
    expect(
      inferSymptom([recent(counts("HTTPCode_5XX_Count", 5), counts("ConnectionErrorCount", 5))], checks)
        ?.symptom,
    ).toBe("timeout");
    expect(
      inferSymptom(
        [recent(counts("ConnectionErrorCount", 5), counts("HTTPCode_VpcLattice_403_Count", 5))],
        checks,
      )?.symptom,
    ).toBe("403");
  });

  it("a suppressed LAT-604 infers nothing", () => {
    const f = {
      ...recent(counts("HTTPCode_VpcLattice_403_Count", 35)),
      suppressed: { by: "--ignore LAT-604", reason: "x" },
    };
    expect(inferSymptom([f], checks)).toBeUndefined();
  });

  it("the inferred symptom re-ranks: 403 raises auth findings, timeout raises network findings", () => {
    const findings = [
      finding("LAT-501", "critical", "targets", "sg-0282b1d9c4e5f6a70"),
      finding("LAT-401", "critical", "service", "svc-0e5b4c6a2d1f83a97"),
      finding("LAT-301", "critical", "target-group", "tg-0a9f1e2d3c4b5a697"),
    ];
    const timeout = inferSymptom([recent(counts("ConnectionErrorCount", 12))], checks)!.symptom;
    expect(rank(findings, { checks, symptom: timeout }).map((f) => f.code)).toEqual([
      "LAT-301",
      "LAT-501",
      "LAT-401",
    ]);
    const denied = inferSymptom([recent(counts("HTTPCode_VpcLattice_403_Count", 12))], checks)!.symptom;
    expect(rank(findings, { checks, symptom: denied })[0]!.code).toBe("LAT-401");
    const fivexx = inferSymptom([recent(counts("HTTPCode_5XX_Count", 12))], checks)!.symptom;
    expect(rank(findings, { checks, symptom: fivexx })[0]!.code).toBe("LAT-301");
  });

  it("recent errors rank after the finding that causes them", () => {
    const ranked = rank(
      [
        finding(
          "LAT-604",
          "error",
          "target-group",
          "tg-0a9f1e2d3c4b5a697",
          [counts("ConnectionErrorCount", 9)],
          ["tg-0a9f1e2d3c4b5a697"],
        ),
        finding("LAT-501", "critical", "targets", "sg-0282b1d9c4e5f6a70", [], ["tg-0a9f1e2d3c4b5a697"]),
      ],
      { checks },
    );
    expect(ranked.map((f) => `${f.code} ${f.causedBy ?? ""}`)).toEqual(["LAT-501 ", "LAT-604 LAT-501"]);
  });
});
