/**
 * `lattice lint` on CloudFormation templates (YAML with short-form intrinsics, and JSON): a passing
 * and a failing template per check, parameters and intrinsics that leave values unknown, the
 * prefix-list id a template cannot look up, and suppression by tag, comment and Metadata.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { active, codes, inconclusiveCodes, lintText } from "../support/lint.js";

const CLEAN = readFileSync("test/fixtures/lint/orders-clean.cfn.yaml", "utf8");
const BROKEN = readFileSync("test/fixtures/lint/orders-broken.cfn.yaml", "utf8");
const PL = "pl-0721a5f3c9b2e4d61";

function edit(text: string, from: string, to: string): string {
  expect(text, `the template contains ${JSON.stringify(from)}`).toContain(from);
  return text.replace(from, to);
}

const lint = (text: string) => lintText(text, "orders.yaml", "error", { prefixList: PL });

describe("lint: the reviewed template", () => {
  it("passes every check once it knows the prefix-list id", () => {
    const report = lint(CLEAN);
    expect(active(report)).toEqual([]);
    expect(report.inconclusive).toEqual([]);
    expect(report.exitCode).toBe(0);
  });

  it("without --prefix-list, a literal pl- id is inconclusive, and says so", () => {
    const report = lintText(CLEAN, "orders.yaml");
    expect(active(report)).toEqual([]);
    const entry = report.inconclusive.find((i) => i.codes.includes("LAT-501"))!;
    expect(entry.reason).toContain(`${PL} is a literal prefix-list id whose name is not in the file`);
    expect(entry.location).toEqual({
      file: "orders.yaml",
      address: "OrdersTargetSg",
      line: expect.any(Number),
    });
    expect(report.exitCode).toBe(0);
    expect(lintText(CLEAN, "orders.yaml", "error", { strict: true }).exitCode).toBe(3);
  });
});

describe("lint: one passing and one failing template per check", () => {
  const cases: { code: string; fail: (t: string) => string; at: string }[] = [
    {
      code: "LAT-401",
      fail: (t) =>
        edit(
          t,
          "      ResourceIdentifier: !Ref OrdersService\n",
          // The policy is attached to another, existing service (a misplaced copy).
          "      ResourceIdentifier: arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-0b1c2d3e4f5a6b7c8\n",
        ),
      at: "OrdersService",
    },
    {
      code: "LAT-402",
      fail: (t) =>
        edit(
          t,
          "      Name: orders-api\n      AuthType: AWS_IAM",
          "      Name: orders-api\n      AuthType: NONE",
        ),
      at: "OrdersPolicy",
    },
    {
      code: "LAT-404",
      fail: (t) =>
        edit(
          t,
          "            Action: vpc-lattice-svcs:Invoke\n            Resource: !Sub",
          "            Action: vpc-lattice:*\n            Resource: !Sub",
        ),
      at: "OrdersPolicy",
    },
    {
      code: "LAT-405",
      fail: (t) => edit(t, 'Resource: !Sub "${OrdersService.Arn}/*"', "Resource: !GetAtt OrdersService.Arn"),
      at: "OrdersPolicy",
    },
    {
      code: "LAT-104",
      fail: (t) =>
        edit(
          t,
          "        Port: 8080\n        Protocol: HTTP\n        VpcIdentifier: !Ref VpcId\n      Targets:",
          "        Port: 8080\n        Protocol: TCP\n        VpcIdentifier: !Ref VpcId\n      Targets:",
        ),
      at: "OrdersHttpsListener",
    },
    {
      code: "LAT-105",
      fail: (t) => edit(t, "      CertificateArn: !Ref CertificateArn\n", ""),
      at: "OrdersService",
    },
    {
      code: "LAT-106",
      fail: (t) =>
        edit(
          edit(
            t,
            "      CustomDomainName: orders.internal.example.com\n      CertificateArn: !Ref CertificateArn\n",
            "",
          ),
          "      Protocol: HTTPS\n",
          "      Protocol: TLS_PASSTHROUGH\n",
        ),
      at: "OrdersHttpsListener",
    },
    {
      code: "LAT-207",
      fail: (t) => edit(t, "      SecurityGroupIds:\n        - !GetAtt ConsumerClientsSg.GroupId\n", ""),
      at: "ConsumerAssociation",
    },
    {
      code: "LAT-305",
      fail: (t) =>
        edit(
          t,
          "          Enabled: true\n          Path: /healthz",
          "          Enabled: false\n          Path: /healthz",
        ),
      at: "OrdersTargets",
    },
    {
      code: "LAT-309",
      fail: (t) =>
        edit(
          t,
          "      Type: INSTANCE\n      Config:\n        Port: 8080\n        Protocol: HTTP\n        VpcIdentifier: !Ref VpcId\n      Targets:\n        - Id: !Ref OrdersCanaryInstance",
          "      Type: LAMBDA\n      Config:\n        HealthCheck:\n          Enabled: true\n      Targets:\n        - Id: arn:aws:lambda:us-east-1:111122223333:function:orders-canary",
        ),
      at: "OrdersCanaryTargets",
    },
    {
      code: "LAT-501",
      fail: (t) =>
        edit(
          t,
          "          SourcePrefixListId: !Ref LatticePrefixListId",
          "          SourceSecurityGroupId: !Ref ConsumerClientsSg",
        ),
      at: "OrdersTargetSg",
    },
    {
      code: "LAT-504",
      fail: (t) => edit(t, "      CidrIp: 10.0.0.0/8\n", "      CidrIp: 169.254.171.0/24\n"),
      at: "OrdersTargetSg",
    },
  ];
  for (const c of cases) {
    it(`${c.code}: passes on the reviewed template`, () => {
      const report = lint(CLEAN);
      expect(report.checks.find((x) => x.code === c.code)?.status).toBe("pass");
    });
    if (c.code === "LAT-504") {
      it("LAT-504: the documented Lattice range copied literally, without any prefix-list data: LAT-504", () => {
        const report = lintText(c.fail(CLEAN), "orders.yaml");
        expect(active(report)).toContain("LAT-504 @ OrdersTargetSg");
        expect(report.inconclusive.some((i) => i.codes.includes("LAT-504"))).toBe(false);
      });
    }
    it(`${c.code}: fails, located at ${c.at}`, () => {
      const report = lint(c.fail(CLEAN));
      expect(active(report)).toContain(`${c.code} @ ${c.at}`);
      const finding = report.findings.find((f) => f.code === c.code)!;
      const line =
        c
          .fail(CLEAN)
          .split("\n")
          .findIndex((l) => l === `  ${c.at}:`) + 1;
      expect(finding.location.line).toBe(line);
    });
  }
});

describe("lint: the broken template of the orders team", () => {
  it("finds every planted fault, most severe first", () => {
    const report = lintText(BROKEN, "orders-broken.cfn.yaml");
    expect(codes(report)).toEqual([
      "LAT-104",
      "LAT-105",
      "LAT-106",
      "LAT-207",
      "LAT-305",
      "LAT-309",
      "LAT-402",
      "LAT-404",
      "LAT-405",
      "LAT-501",
    ]);
    expect(report.findings[0]!.severity).toBe("critical");
    expect(report.verdict).toBe("blocked");
    expect(report.exitCode).toBe(1);
  });
});

describe("lint: CloudFormation values unknown before deploy", () => {
  it("a CidrIp from a parameter without Default: LAT-501 not fired, the parameter named", () => {
    const t = edit(
      edit(
        CLEAN,
        "          SourcePrefixListId: !Ref LatticePrefixListId",
        "          CidrIp: !Ref AllowedCidr",
      ),
      "Parameters:\n",
      "Parameters:\n  AllowedCidr:\n    Type: String\n",
    );
    const report = lint(t);
    expect(codes(report)).not.toContain("LAT-501");
    const entry = report.inconclusive.find((i) => i.codes.includes("LAT-501"))!;
    expect(entry.reason).toBe("parameter AllowedCidr has no Default: its value is given at deploy time");
    expect(entry.droppedFinding).toBe(true);
  });

  it("an auth type chosen by a condition: the LAT-4xx checks of that service are inconclusive", () => {
    const t = edit(
      CLEAN,
      "      Name: orders-api\n      AuthType: AWS_IAM",
      "      Name: orders-api\n      AuthType: !If [IsProd, AWS_IAM, NONE]",
    );
    const report = lint(t);
    expect(codes(report)).toEqual([]);
    expect(inconclusiveCodes(report)).toEqual(
      expect.arrayContaining(["LAT-401", "LAT-402", "LAT-404", "LAT-405"]),
    );
  });

  it("a policy that names the service by a literal ARN cannot be compared before the service exists", () => {
    const t = edit(
      CLEAN,
      'Resource: !Sub "${OrdersService.Arn}/*"',
      'Resource: "arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-0e5b4c6a2d1f83a97/*"',
    );
    const report = lint(t);
    expect(codes(report)).not.toContain("LAT-405");
    expect(report.inconclusive.find((i) => i.codes.includes("LAT-405"))?.location.address).toBe(
      "OrdersPolicy",
    );
  });

  it("a target group imported from another stack: nothing is guessed about it", () => {
    const t = edit(
      CLEAN,
      "            - TargetGroupIdentifier: !GetAtt OrdersTargets.Id\n",
      "            - TargetGroupIdentifier: !ImportValue shared-orders-tg\n",
    );
    const report = lint(t);
    expect(codes(report)).toEqual([]);
    expect(report.inconclusive.find((i) => i.location.address === "OrdersHttpsListener")?.reason).toBe(
      "imported from another stack (Fn::ImportValue shared-orders-tg), which none of the files given exports",
    );
  });
});

describe("lint: suppression in the template", () => {
  it("a YAML comment on the resource suppresses the finding, with its reason", () => {
    const t = edit(
      CLEAN.replace(
        "          SourcePrefixListId: !Ref LatticePrefixListId",
        "          CidrIp: 10.20.0.0/16",
      ),
      "  OrdersTargetSg:\n",
      "  # lattice-doctor:ignore LAT-501 traffic arrives through the NLB, not Lattice (ticket NET-4411)\n  OrdersTargetSg:\n",
    );
    const report = lint(t);
    expect(active(report)).toEqual([]);
    const f = report.findings.find((x) => x.code === "LAT-501")!;
    expect(f.suppressed).toEqual({
      by: "comment lattice-doctor:ignore on OrdersTargetSg",
      reason: "traffic arrives through the NLB, not Lattice (ticket NET-4411)",
    });
    expect(report.exitCode).toBe(0);
  });

  it("a Tags entry suppresses; a comment for another code does not", () => {
    const t = edit(
      CLEAN.replace("      SecurityGroupIds:\n        - !GetAtt ConsumerClientsSg.GroupId\n", ""),
      "      VpcIdentifier: !Ref ConsumerVpcId\n",
      "      VpcIdentifier: !Ref ConsumerVpcId # lattice-doctor:ignore LAT-501 unrelated\n      Tags:\n        - Key: lattice-doctor:ignore\n          Value: LAT-207 sandbox VPC, every workload may call\n",
    );
    const report = lint(t);
    expect(report.findings.map((f) => [f.code, f.suppressed?.reason])).toEqual([
      ["LAT-207", "sandbox VPC, every workload may call"],
    ]);
  });

  it("JSON templates: Metadata lattice-doctor.ignore", () => {
    const template = {
      AWSTemplateFormatVersion: "2010-09-09",
      Resources: {
        Mesh: {
          Type: "AWS::VpcLattice::ServiceNetwork",
          Properties: { Name: "sandbox", AuthType: "AWS_IAM" },
        },
        Svc: {
          Type: "AWS::VpcLattice::Service",
          Metadata: {
            "lattice-doctor": { ignore: ["LAT-401 the policy is attached by StackSet security-baseline"] },
          },
          Properties: { Name: "orders-api", AuthType: "AWS_IAM" },
        },
      },
    };
    const report = lintText(JSON.stringify(template, null, 2), "orders.json");
    expect(report.findings.map((f) => [f.code, f.location.address, f.suppressed?.by ?? "active"])).toEqual([
      ["LAT-401", "Mesh", "active"],
      ["LAT-401", "Svc", "Metadata lattice-doctor.ignore on Svc"],
    ]);
    expect(report.findings[0]!.location.line).toBe(4);
  });
});
