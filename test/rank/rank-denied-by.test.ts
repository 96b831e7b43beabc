/** `--error`: the findings of the layer (or fault) a pasted error names come first within a severity. */
import { describe, expect, it } from "vitest";
import { checks } from "../../checks/index.js";
import type { Finding, Hop, Severity } from "../../src/core/finding.js";
import { rank } from "../../src/rank/rank.js";

function finding(code: string, severity: Severity, hop: Hop, type: string, id: string): Finding {
  return {
    rank: 0,
    code,
    name: code.toLowerCase(),
    severity,
    hop,
    title: `${code} on ${id}`,
    detail: "",
    resource: { type, id },
    evidence: [],
    fix: { summary: "", commands: [] },
    docs: `lattice explain ${code}`,
  };
}

const SVC = "svc-0e5b4c6a2d1f83a97";
const SN = "sn-0c4f1a2b3d5e6f789";
const f201 = finding("LAT-201", "critical", "service-association", "service", SVC);
const f401svc = finding("LAT-401", "critical", "service", "service", SVC);
const f401sn = finding("LAT-401", "critical", "service-network", "service-network", SN);
const f409 = finding(
  "LAT-409",
  "critical",
  "client",
  "iam-role",
  "arn:aws:iam::111122223333:role/orders-client",
);
const f410 = finding("LAT-410", "critical", "service-network", "service-network", SN);
const f410client = finding("LAT-410", "critical", "client", "service", SVC);
const f501 = finding("LAT-501", "critical", "targets", "security-group", "sg-0282b1d9c4e5f6a70");
const f402sn = finding("LAT-402", "warning", "service-network", "service-network", SN);
const f207 = finding("LAT-207", "warning", "vpc-association", "vpc-association", "snva-0a2b4c6d8e0f13579");
const f405svc = finding("LAT-405", "warning", "service", "service", SVC);

const codes = (fs: Finding[]): string[] => fs.map((f) => `${f.code}@${f.resource.id}`);

describe("rank with deniedBy (--error)", () => {
  it("without it, the usual order: hop nearest the client first", () => {
    expect(codes(rank([f501, f401svc, f401sn, f410, f201], { checks }))).toEqual([
      `LAT-401@${SN}`,
      `LAT-410@${SN}`,
      `LAT-201@${SVC}`,
      `LAT-401@${SVC}`,
      "LAT-501@sg-0282b1d9c4e5f6a70",
    ]);
  });

  it("network: the network's auth findings and LAT-410 first, then the rest; severity still wins", () => {
    const ranked = rank([f501, f401svc, f201, f402sn, f207, f401sn, f410, f405svc], {
      checks,
      deniedBy: "network",
    });
    expect(codes(ranked)).toEqual([
      `LAT-401@${SN}`,
      `LAT-410@${SN}`,
      `LAT-201@${SVC}`,
      `LAT-401@${SVC}`,
      "LAT-501@sg-0282b1d9c4e5f6a70",
      `LAT-402@${SN}`,
      "LAT-207@snva-0a2b4c6d8e0f13579",
      `LAT-405@${SVC}`,
    ]);
  });

  it("service: the service's auth findings first, before nearer hops of the same severity", () => {
    const ranked = rank([f501, f401sn, f201, f401svc, f410client, f405svc, f207], {
      checks,
      deniedBy: "service",
    });
    expect(codes(ranked)).toEqual([
      `LAT-410@${SVC}`,
      `LAT-401@${SVC}`,
      `LAT-401@${SN}`,
      `LAT-201@${SVC}`,
      "LAT-501@sg-0282b1d9c4e5f6a70",
      `LAT-405@${SVC}`,
      "LAT-207@snva-0a2b4c6d8e0f13579",
    ]);
  });

  it("identity: LAT-409 first, then LAT-410", () => {
    const ranked = rank([f401sn, f201, f410client, f409], { checks, deniedBy: "identity" });
    expect(codes(ranked).slice(0, 2)).toEqual([
      "LAT-409@arn:aws:iam::111122223333:role/orders-client",
      `LAT-410@${SVC}`,
    ]);
  });

  it("signing: LAT-410 alone first; auth findings keep their usual place", () => {
    const ranked = rank([f501, f401sn, f201, f410client, f401svc], { checks, deniedBy: "signing" });
    expect(codes(ranked)).toEqual([
      `LAT-410@${SVC}`,
      `LAT-401@${SN}`,
      `LAT-201@${SVC}`,
      `LAT-401@${SVC}`,
      "LAT-501@sg-0282b1d9c4e5f6a70",
    ]);
  });

  it("goes before --symptom when both are given", () => {
    const ranked = rank([f501, f401svc, f401sn], { checks, deniedBy: "service", symptom: "timeout" });
    expect(codes(ranked)).toEqual([`LAT-401@${SVC}`, "LAT-501@sg-0282b1d9c4e5f6a70", `LAT-401@${SN}`]);
  });
});
