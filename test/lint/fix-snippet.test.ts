/**
 * Lint fixes point at something: the change in the file's own language, with the file's names, in
 * JSON (`fix.snippet`), text (doctor's layout) and SARIF.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checks } from "../../checks/index.js";
import { renderLintText } from "../../src/lint/render-text.js";
import { renderSarif } from "../../src/lint/sarif.js";
import { ciPlan } from "../support/ci-plans.js";
import { lintPlan, lintText } from "../support/lint.js";

describe("fix snippets", () => {
  it("Terraform: LAT-501 adds an ingress rule from the file's prefix-list data source to the file's group", () => {
    const f = lintPlan(ciPlan("lat-501")).findings.find((x) => x.code === "LAT-501")!;
    expect(f.fix.snippet).toBe(
      [
        'resource "aws_vpc_security_group_ingress_rule" "payments_targets_vpc_lattice_8080" {',
        "  security_group_id = aws_security_group.payments_targets.id",
        '  ip_protocol       = "tcp"',
        "  from_port         = 8080",
        "  to_port           = 8080",
        "  prefix_list_id    = data.aws_ec2_managed_prefix_list.lattice.id",
        '  description       = "VPC Lattice"',
        "}",
      ].join("\n"),
    );
  });

  it("Terraform: LAT-104 adds an HTTPS listener of the file's service forwarding to the file's target group", () => {
    const f = lintPlan(ciPlan("lat-104")).findings.find((x) => x.code === "LAT-104")!;
    expect(f.fix.snippet).toContain('resource "aws_vpclattice_listener" "https_443" {');
    expect(f.fix.snippet).toContain("service_identifier = aws_vpclattice_service.payments.id");
    expect(f.fix.snippet).toContain("target_group_identifier = aws_vpclattice_target_group.payments.id");
  });

  it("CloudFormation: LAT-405 rewrites the file's own policy resource with a !Sub of the service ARN", () => {
    const report = lintText(readFileSync("test/fixtures/lint/orders-broken.cfn.yaml", "utf8"), "orders.yaml");
    const f = report.findings.find((x) => x.code === "LAT-405")!;
    expect(f.fix.snippet).toMatch(/^OrdersPolicy:\n {2}Type: AWS::VpcLattice::AuthPolicy\n/);
    expect(f.fix.snippet).toContain('Resource: !Sub "${OrdersService.Arn}/*"');
    expect(f.fix.snippet).toContain('Version: "2012-10-17"');
    // Text: doctor's layout, and the snippet follows the fix.
    const text = renderLintText(report, { color: false });
    expect(text).toMatch(/^× critical LAT-405 /m);
    expect(text).not.toMatch(/^\d+\. CRITICAL/m);
    expect(text).toContain("      OrdersPolicy:\n        Type: AWS::VpcLattice::AuthPolicy");
    // SARIF: in the result's message.
    const sarif = JSON.parse(renderSarif(report, checks)) as {
      runs: { results: { ruleId: string; message: { text: string } }[] }[];
    };
    expect(sarif.runs[0]!.results.find((r) => r.ruleId === "LAT-405")!.message.text).toContain(
      'Resource: !Sub "${OrdersService.Arn}/*"',
    );
  });

  it("CloudFormation: LAT-501 without a prefix-list id says where to find it", () => {
    const report = lintText(readFileSync("test/fixtures/lint/orders-broken.cfn.yaml", "utf8"), "orders.yaml");
    expect(report.findings.find((x) => x.code === "LAT-501")!.fix.snippet).toContain(
      "SourcePrefixListId: pl-xxxxxxxx  # id of com.amazonaws.<region>.vpc-lattice",
    );
  });
});
