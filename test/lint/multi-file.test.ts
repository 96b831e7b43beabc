/**
 * Several files in one run are one deployment: a reference by id or ARN reaches the resource of
 * another file, and the same address in two files stays two resources, each located in its file.
 */
import { describe, expect, it } from "vitest";
import { checks } from "../../checks/index.js";
import { readLintFile, runLint } from "../../src/lint/run.js";
import { ciPlan } from "../support/ci-plans.js";
import { ACCOUNT, REGION, authPolicy, plan, service } from "../support/plan.js";

const SVC_ID = "svc-0e5b4c6a2d1f83a97";
const SVC_ARN = `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:service/${SVC_ID}`;
const POLICY = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: "*", Action: "vpc-lattice-svcs:Invoke", Resource: "*" }],
};

const lint = (files: [string, unknown][]) =>
  runLint(
    files.map(([name, p]) => readLintFile(JSON.stringify(p), name, {})),
    checks,
    { failOn: "error", toolVersion: "test" },
  );

describe("several files in one run", () => {
  // The services plan updates a service that exists; the security team's plan holds its policy.
  const services = plan([
    {
      ...service("orders", { name: "orders-api", auth_type: "AWS_IAM", id: SVC_ID, arn: SVC_ARN }),
      unknown: {},
      actions: ["no-op"],
    },
  ]);
  const policies = plan([
    {
      ...authPolicy("orders", "aws_vpclattice_service.orders", POLICY),
      values: { resource_identifier: SVC_ARN, policy: JSON.stringify(POLICY) },
      unknown: { id: true, state: true },
      expressions: { resource_identifier: { constant_value: SVC_ARN }, policy: {} },
    },
  ]);

  it("a policy attached by ARN in another plan satisfies LAT-401", () => {
    expect(lint([["services.plan.json", services]]).findings.map((f) => f.code)).toEqual(["LAT-401"]);
    const both = lint([
      ["services.plan.json", services],
      ["security/policies.plan.json", policies],
    ]);
    expect(both.findings).toEqual([]);
    expect(both.inconclusive).toEqual([]);
  });

  it("the same address in two plans: two resources, each finding located in its own file", () => {
    const report = lint([
      ["a/payments.plan.json", ciPlan("lat-501")],
      ["b/payments.plan.json", ciPlan("lat-501")],
    ]);
    expect(report.findings.map((f) => `${f.code} ${f.location.file} ${f.location.address}`).sort()).toEqual([
      "LAT-501 a/payments.plan.json aws_security_group.payments_targets",
      "LAT-501 b/payments.plan.json aws_security_group.payments_targets",
    ]);
  });
});
