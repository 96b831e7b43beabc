/**
 * The defaults table (src/lint/defaults.ts): one case per entry, each read the way a plan writes an
 * attribute the author left out (absent from the configuration's expressions, known after apply) and
 * the way a template omits it; and the twin where the attribute is written but unknown until apply,
 * which must stay unknown.
 */
import { describe, expect, it } from "vitest";
import { DEFAULTS } from "../../src/lint/defaults.js";
import { isUnknown, type LResource } from "../../src/lint/model.js";
import { readLintFile } from "../../src/lint/run.js";
import { listener, plan, refs, service, targetGroup, type PlanInstance } from "../support/plan.js";

const read = (instances: PlanInstance[]) =>
  readLintFile(JSON.stringify(plan(instances)), "plan.json", {}).resources;
const cfn = (resources: Record<string, unknown>) =>
  readLintFile(JSON.stringify({ AWSTemplateFormatVersion: "2010-09-09", Resources: resources }), "t.json", {})
    .resources;
const of = <K extends LResource["kind"]>(rs: LResource[], kind: K) =>
  rs.find((r): r is Extract<LResource, { kind: K }> => r.kind === kind)!;

const tgPlan = (config: Record<string, unknown> = {}, values: Record<string, unknown> = {}) =>
  of(read([targetGroup("this", config, values)]), "target-group");
const tgCfn = (config: Record<string, unknown>, type = "INSTANCE") =>
  of(
    cfn({ Tg: { Type: "AWS::VpcLattice::TargetGroup", Properties: { Type: type, Config: config } } }),
    "target-group",
  );
const hcOf = (tg: { healthCheck: unknown }) => tg.healthCheck as Record<string, unknown>;
const VPC = { VpcIdentifier: "vpc-0a1b2c3d4e5f60718" };

const CASES: Record<keyof typeof DEFAULTS, () => void> = {
  serviceAuthType: () => {
    const svc = service("this", {});
    delete svc.values.auth_type;
    svc.unknown = { ...svc.unknown, auth_type: true };
    expect(of(read([svc]), "service").authType).toBe("NONE");
    expect(
      of(cfn({ S: { Type: "AWS::VpcLattice::Service", Properties: { Name: "a-b" } } }), "service").authType,
    ).toBe("NONE");
    // Written, unknown until apply: stays unknown.
    svc.expressions = { auth_type: refs("var.auth_type") };
    expect(isUnknown(of(read([svc]), "service").authType)).toBe(true);
  },
  networkAuthType: () => {
    const n: PlanInstance = {
      type: "aws_vpclattice_service_network",
      name: "mesh",
      values: { name: "mesh" },
      unknown: { id: true, arn: true, auth_type: true },
    };
    expect(of(read([n]), "network").authType).toBe("NONE");
    expect(
      of(cfn({ N: { Type: "AWS::VpcLattice::ServiceNetwork", Properties: { Name: "mesh" } } }), "network")
        .authType,
    ).toBe("NONE");
  },
  listenerPort: () => {
    const port = (protocol: string) =>
      of(
        read([
          listener("l", "aws_vpclattice_service.s", "aws_vpclattice_target_group.t", {
            protocol,
            port: null,
          }),
        ]),
        "listener",
      ).port;
    expect(port("HTTPS")).toBe(443);
    expect(port("HTTP")).toBe(80);
    expect(isUnknown(port("TLS_PASSTHROUGH"))).toBe(true);
    const l = (p: Record<string, unknown>) =>
      of(
        cfn({
          L: {
            Type: "AWS::VpcLattice::Listener",
            Properties: { ServiceIdentifier: "svc-0e5b4c6a2d1f83a97", ...p },
          },
        }),
        "listener",
      ).port;
    expect(l({ Protocol: "HTTP" })).toBe(80);
    expect(l({ Protocol: "HTTPS" })).toBe(443);
    const written = listener("l", "aws_vpclattice_service.s", "aws_vpclattice_target_group.t", {
      port: null,
    });
    written.expressions = { ...written.expressions, port: refs("var.port") };
    expect(isUnknown(of(read([written]), "listener").port)).toBe(true);
  },
  targetGroupPort: () => {
    const tg = targetGroup("this", {});
    const config = (tg.values.config as Record<string, unknown>[])[0]!;
    config.port = null;
    const exprs = (tg.expressions!.config as Record<string, unknown>[])[0]!;
    delete exprs.port;
    expect(of(read([tg]), "target-group").port).toBe(80);
    expect(tgCfn({ Protocol: "HTTPS", ...VPC }).port).toBe(443);
    expect(isUnknown(tgCfn({ Protocol: "TCP", ...VPC }).port)).toBe(true);
    expect(tgCfn({}, "LAMBDA").port).toBeUndefined();
  },
  targetGroupProtocolVersion: () => {
    expect(tgPlan().protocolVersion).toBe("HTTP1");
    expect(tgCfn({ Port: 8080, Protocol: "HTTP", ...VPC }).protocolVersion).toBe("HTTP1");
    expect(tgPlan({ protocol_version: "GRPC" }).protocolVersion).toBe("GRPC");
  },
  targetGroupIpAddressType: () => {
    expect(tgPlan().ipAddressType).toBe("IPV4");
    expect(tgCfn({ Port: 8080, Protocol: "HTTP", ...VPC }, "IP").ipAddressType).toBe("IPV4");
    expect(tgPlan({ ip_address_type: "IPV6" }).ipAddressType).toBe("IPV6");
    expect(tgCfn({}, "LAMBDA").ipAddressType).toBeUndefined();
  },
  healthCheckEnabled: () => {
    expect(hcOf(tgPlan()).enabled).toBe(true);
    expect(hcOf(tgPlan({ protocol_version: "HTTP2" })).enabled).toBe(false);
    expect(hcOf(tgPlan({ protocol_version: "GRPC" })).enabled).toBe(false);
    expect(hcOf(tgCfn({ Port: 443, Protocol: "TCP", ...VPC })).enabled).toBe(false);
    expect(tgCfn({ Port: 80, Protocol: "HTTP", ...VPC }, "ALB").healthCheck).toBeUndefined();
    expect(tgCfn({}, "LAMBDA").healthCheck).toBeUndefined();
    // A written block without `enabled` (CloudFormation): the protocol's default.
    expect(
      hcOf(tgCfn({ Port: 8080, Protocol: "HTTP", ...VPC, HealthCheck: { Path: "/healthz" } })).enabled,
    ).toBe(true);
  },
  healthCheckPath: () => {
    expect(hcOf(tgPlan()).path).toBe("/");
    expect(hcOf(tgPlan({ health_check: [{ enabled: true }] })).path).toBe("/");
    expect(hcOf(tgPlan({ health_check: [{ enabled: true, path: "/healthz" }] })).path).toBe("/healthz");
  },
  healthCheckInterval: () => {
    expect(hcOf(tgPlan()).healthCheckIntervalSeconds).toBe(30);
    expect(
      hcOf(tgCfn({ Port: 8080, Protocol: "HTTP", ...VPC, HealthCheck: { Enabled: true } }))
        .healthCheckIntervalSeconds,
    ).toBe(30);
  },
  healthCheckTimeout: () => {
    expect(hcOf(tgPlan()).healthCheckTimeoutSeconds).toBe(5);
  },
  healthyThreshold: () => {
    expect(hcOf(tgPlan()).healthyThresholdCount).toBe(5);
  },
  unhealthyThreshold: () => {
    expect(hcOf(tgPlan()).unhealthyThresholdCount).toBe(2);
  },
  healthCheckMatcher: () => {
    expect(hcOf(tgPlan()).matcher).toBe("200");
    expect(hcOf(tgPlan({ health_check: [{ enabled: true }] })).matcher).toBe("200");
  },
  vpcAssociationSecurityGroups: () => {
    const assoc: PlanInstance = {
      type: "aws_vpclattice_service_network_vpc_association",
      name: "consumer",
      values: { vpc_identifier: "vpc-0f1e2d3c4b5a69788" },
      unknown: { id: true, arn: true, security_group_ids: true, service_network_identifier: true },
      expressions: {
        vpc_identifier: { constant_value: "vpc-0f1e2d3c4b5a69788" },
        service_network_identifier: refs("aws_vpclattice_service_network.mesh.id"),
      },
    };
    expect(of(read([assoc]), "vpc-association").securityGroups).toEqual([]);
    assoc.expressions = { ...assoc.expressions, security_group_ids: refs("aws_security_group.consumers.id") };
    expect(isUnknown(of(read([assoc]), "vpc-association").securityGroups)).toBe(true);
  },
};

describe("the defaults table: one case per entry", () => {
  it("every entry has a case and a source", () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(DEFAULTS).sort());
    for (const entry of Object.values(DEFAULTS))
      expect(entry.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });
  for (const [key, run] of Object.entries(CASES)) {
    const entry = DEFAULTS[key as keyof typeof DEFAULTS];
    it(`${entry.attribute}: ${entry.value}`, run);
  }
});
