/**
 * `lattice lint` on Terraform plans: a passing and a failing plan per check, values known only after
 * apply that must not fire, modules, count and for_each, and suppression by tag.
 */
import { describe, expect, it } from "vitest";
import {
  ACCOUNT,
  LATTICE_PL,
  REGION,
  attachment,
  authPolicy,
  instance,
  listener,
  plan,
  refs,
  securityGroup,
  service,
  targetGroup,
  type PlanInstance,
} from "../support/plan.js";
import { active, codes, inconclusiveCodes, lintPlan } from "../support/lint.js";

const M = "module.orders";
const SVC_ID = "svc-0e5b4c6a2d1f83a97";
const SVC_ARN = `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:service/${SVC_ID}`;

interface Options {
  service?: Record<string, unknown>;
  existingService?: boolean;
  policy?: unknown | null;
  listener?: Record<string, unknown>;
  config?: Record<string, unknown>;
  tgValues?: Record<string, unknown>;
  ingress?: Record<string, unknown>[];
  ingressExpressions?: Record<string, unknown>[];
  vpcAssociationSgs?: string[] | null;
  extra?: PlanInstance[];
}

/** The orders module as the platform team writes it: everything right unless an option says otherwise. */
function ordersPlan(o: Options = {}): Record<string, unknown> {
  const inModule = (i: PlanInstance): PlanInstance => ({ ...i, module: M });
  const svc = o.existingService
    ? {
        ...service("this", { name: "orders-api", id: SVC_ID, arn: SVC_ARN, ...o.service }),
        unknown: {},
        actions: ["no-op"],
      }
    : service("this", { name: "orders-api", auth_type: "AWS_IAM", ...o.service });
  const instances: PlanInstance[] = [
    inModule(svc),
    inModule(
      listener("https", "aws_vpclattice_service.this", "aws_vpclattice_target_group.this", o.listener),
    ),
    inModule(
      targetGroup(
        "this",
        {
          health_check: [
            { enabled: true, path: "/healthz", matcher: [{ value: "200" }], port: 0, protocol: "HTTP" },
          ],
          ...o.config,
        },
        { name: "orders-targets", ...o.tgValues },
      ),
    ),
    inModule(attachment("this", "aws_vpclattice_target_group.this", "aws_instance.api", 0)),
    inModule(attachment("this", "aws_vpclattice_target_group.this", "aws_instance.api", 1)),
    inModule(instance("api", ["aws_security_group.targets"], 0)),
    inModule(instance("api", ["aws_security_group.targets"], 1)),
    inModule(
      securityGroup(
        "targets",
        o.ingress ?? [{ prefix_list_ids: [LATTICE_PL.values.id], description: "VPC Lattice" }],
        o.ingressExpressions ?? [{ prefix_list_ids: refs("var.lattice_prefix_list_id") }],
      ),
    ),
    LATTICE_PL,
    {
      type: "aws_vpclattice_service_network",
      name: "mesh",
      values: { name: "prod-mesh", auth_type: "NONE", tags: null },
      unknown: { id: true, arn: true },
    },
    {
      type: "aws_vpclattice_service_network_service_association",
      name: "orders",
      values: {},
      unknown: { id: true, arn: true, service_identifier: true, service_network_identifier: true },
      expressions: {
        service_identifier: refs("module.orders.service_id", "module.orders"),
        service_network_identifier: refs(
          "aws_vpclattice_service_network.mesh.id",
          "aws_vpclattice_service_network.mesh",
        ),
      },
    },
    {
      type: "aws_vpclattice_service_network_vpc_association",
      name: "consumer",
      values: {
        vpc_identifier: "vpc-0f1e2d3c4b5a69788",
        security_group_ids: o.vpcAssociationSgs === null ? [] : ["sg-0c4d5e6f7a8b9c0d1"],
      },
      unknown: { id: true, arn: true, service_network_identifier: true },
      expressions: {
        service_network_identifier: refs(
          "aws_vpclattice_service_network.mesh.id",
          "aws_vpclattice_service_network.mesh",
        ),
      },
    },
    ...(o.policy === null
      ? []
      : [
          inModule(
            o.existingService
              ? {
                  ...authPolicy("this", "aws_vpclattice_service.this", o.policy),
                  values: { resource_identifier: SVC_ARN, policy: JSON.stringify(o.policy) },
                  unknown: { id: true, state: true },
                }
              : authPolicy("this", "aws_vpclattice_service.this", o.policy),
          ),
        ]),
    ...(o.extra ?? []),
  ];
  return plan(instances, {
    modules: {
      orders: {
        expressions: {
          lattice_prefix_list_id: refs(
            "data.aws_ec2_managed_prefix_list.lattice.id",
            "data.aws_ec2_managed_prefix_list.lattice",
          ),
        },
        outputs: {
          service_id: {
            expression: { references: ["aws_vpclattice_service.this.id", "aws_vpclattice_service.this"] },
          },
        },
      },
    },
  });
}

/** The consumers' security group (it exists: the association names it by id), admitting `port`. */
function consumersSg(port: number): PlanInstance {
  const sg = securityGroup(
    "consumers",
    [{ from_port: port, to_port: port, cidr_blocks: ["10.20.0.0/16"], description: "clients" }],
    [{ cidr_blocks: { constant_value: ["10.20.0.0/16"] } }],
    { id: "sg-0c4d5e6f7a8b9c0d1", vpc_id: "vpc-0f1e2d3c4b5a69788" },
  );
  return { ...sg, unknown: {}, actions: ["update"] };
}

const INVOKE_OWN = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: "vpc-lattice-svcs:Invoke",
      Resource: `${SVC_ARN}/*`,
    },
  ],
};

describe("lint: a Terraform plan as teams write it", () => {
  it("passes a module written right, following module outputs, variables and count.index", () => {
    const report = lintPlan(
      ordersPlan({ service: { auth_type: "AWS_IAM" }, existingService: true, policy: INVOKE_OWN }),
    );
    expect(active(report)).toEqual([]);
    expect(report.inconclusive).toEqual([]);
    expect(report.exitCode).toBe(0);
    expect(report.verdict).toBe("healthy");
    expect(report.checks.find((c) => c.code === "LAT-501")?.status).toBe("pass");
  });
});

describe("lint: one passing and one failing plan per check", () => {
  const cases: { code: string; pass: Options; fail: Options; at: string }[] = [
    {
      code: "LAT-401",
      pass: { service: { auth_type: "AWS_IAM" } },
      fail: { service: { auth_type: "AWS_IAM" }, policy: null },
      at: `${M}.aws_vpclattice_service.this`,
    },
    {
      code: "LAT-402",
      pass: { existingService: true, service: { auth_type: "AWS_IAM" }, policy: INVOKE_OWN },
      fail: { existingService: true, service: { auth_type: "NONE" }, policy: INVOKE_OWN },
      at: `${M}.aws_vpclattice_auth_policy.this`,
    },
    {
      code: "LAT-404",
      pass: { existingService: true, service: { auth_type: "AWS_IAM" }, policy: INVOKE_OWN },
      fail: {
        existingService: true,
        service: { auth_type: "AWS_IAM" },
        policy: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: "*", Action: "vpc-lattice:*", Resource: "*" }],
        },
      },
      at: `${M}.aws_vpclattice_auth_policy.this`,
    },
    {
      code: "LAT-405",
      pass: { existingService: true, service: { auth_type: "AWS_IAM" }, policy: INVOKE_OWN },
      fail: {
        existingService: true,
        service: { auth_type: "AWS_IAM" },
        policy: {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: "*",
              Action: "vpc-lattice-svcs:Invoke",
              Resource: `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:service/svc-07a1c3e5b7d9f2468/*`,
            },
          ],
        },
      },
      at: `${M}.aws_vpclattice_auth_policy.this`,
    },
    {
      code: "LAT-104",
      pass: {
        listener: { protocol: "HTTPS", port: 443 },
        config: {
          protocol: "HTTPS",
          protocol_version: "GRPC",
          health_check: [{ enabled: true, protocol_version: "HTTP1" }],
        },
      },
      fail: {
        listener: { protocol: "HTTP", port: 80 },
        config: {
          protocol: "HTTP",
          protocol_version: "GRPC",
          health_check: [{ enabled: true, protocol_version: "HTTP1" }],
        },
      },
      at: `${M}.aws_vpclattice_listener.https`,
    },
    {
      code: "LAT-105",
      pass: {
        service: {
          custom_domain_name: "orders.internal.example.com",
          certificate_arn: `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/4f3e2d1c-0b9a-4876-8543-210fedcba987`,
        },
      },
      fail: { service: { custom_domain_name: "orders.internal.example.com" } },
      at: `${M}.aws_vpclattice_service.this`,
    },
    {
      code: "LAT-106",
      pass: {
        service: { custom_domain_name: "orders.internal.example.com" },
        listener: { protocol: "TLS_PASSTHROUGH" },
        config: { protocol: "TCP", health_check: [{ enabled: true, protocol: "TCP" }] },
      },
      fail: {
        listener: { protocol: "TLS_PASSTHROUGH" },
        config: { protocol: "TCP", health_check: [{ enabled: true, protocol: "TCP" }] },
      },
      at: `${M}.aws_vpclattice_listener.https`,
    },
    {
      code: "LAT-207",
      pass: {},
      fail: { vpcAssociationSgs: null },
      at: "aws_vpclattice_service_network_vpc_association.consumer",
    },
    {
      code: "LAT-305",
      pass: {},
      fail: { config: { health_check: [{ enabled: false }] } },
      at: `${M}.aws_vpclattice_target_group.this`,
    },
    {
      code: "LAT-309",
      pass: { tgValues: { type: "LAMBDA", config: [] } },
      fail: {
        tgValues: { type: "LAMBDA", config: [{ health_check: [{ enabled: true, path: "/health" }] }] },
      },
      at: `${M}.aws_vpclattice_target_group.this`,
    },
    {
      code: "LAT-501",
      pass: {},
      fail: {
        ingress: [{ cidr_blocks: ["10.20.0.0/16"], description: "consumer VPC" }],
        ingressExpressions: [{}],
      },
      at: `${M}.aws_security_group.targets`,
    },
    {
      code: "LAT-505",
      pass: { extra: [consumersSg(443)] },
      fail: { extra: [consumersSg(80)] },
      at: "aws_vpclattice_service_network_vpc_association.consumer",
    },
    {
      code: "LAT-107",
      pass: {},
      fail: { listener: { default_action: [{ fixed_response: [{ status_code: 404 }], forward: [] }] } },
      at: `${M}.aws_vpclattice_listener.https`,
    },
    {
      code: "LAT-502",
      pass: {},
      fail: {
        config: {
          health_check: [
            { enabled: true, path: "/healthz", matcher: [{ value: "200" }], port: 9000, protocol: "HTTP" },
          ],
        },
      },
      at: `${M}.aws_security_group.targets`,
    },
    {
      code: "LAT-503",
      pass: { tgValues: { type: "IP" } },
      fail: { tgValues: { type: "IP" }, config: { ip_address_type: "IPV6" } },
      at: `${M}.aws_security_group.targets`,
    },
    {
      code: "LAT-504",
      pass: {},
      fail: {
        ingress: [
          { prefix_list_ids: [LATTICE_PL.values.id] },
          {
            from_port: 9090,
            to_port: 9090,
            cidr_blocks: ["169.254.171.0/24"],
            description: "copied from the console",
          },
        ],
        ingressExpressions: [{}, {}],
      },
      at: `${M}.aws_security_group.targets`,
    },
  ];
  for (const c of cases) {
    it(`${c.code}: passes`, () => {
      const report = lintPlan(ordersPlan(c.pass));
      expect(codes(report)).not.toContain(c.code);
      expect(report.checks.find((x) => x.code === c.code)?.status).toBe("pass");
    });
    it(`${c.code}: fails, located at ${c.at}`, () => {
      const report = lintPlan(ordersPlan(c.fail));
      expect(active(report)).toContain(`${c.code} @ ${c.at}`);
      const finding = report.findings.find((f) => f.code === c.code)!;
      expect(finding.location.file).toBe("plan.json");
      expect(finding.location.line).toBeGreaterThan(1);
      // No command names an address: those are not AWS ids.
      for (const command of finding.fix.commands)
        expect(command).not.toMatch(/aws_vpclattice|aws_security_group\./);
    });
  }

  it("LAT-501 also fires for a standalone aws_vpc_security_group_ingress_rule admitting a client security group", () => {
    const report = lintPlan(
      ordersPlan({
        ingress: [],
        ingressExpressions: [],
        extra: [
          {
            module: M,
            type: "aws_vpc_security_group_ingress_rule",
            name: "from_clients",
            values: {
              ip_protocol: "tcp",
              from_port: 8080,
              to_port: 8080,
              referenced_security_group_id: "sg-0c4d5e6f7a8b9c0d1",
            },
            unknown: { id: true, arn: true, security_group_id: true, security_group_rule_id: true },
            expressions: {
              security_group_id: refs("aws_security_group.targets.id", "aws_security_group.targets"),
            },
          },
        ],
      }),
    );
    const finding = report.findings.find((f) => f.code === "LAT-501")!;
    expect(finding.title).toContain("only from security group sg-0c4d5e6f7a8b9c0d1");
    expect(finding.severity).toBe("critical");
  });

  it("LAT-501 passes for aws_security_group_rule from the prefix list data source read at apply time", () => {
    const pl = {
      ...LATTICE_PL,
      values: { name: `com.amazonaws.${REGION}.vpc-lattice`, filter: [] },
      unknown: { id: true, entries: true, arn: true },
    };
    const report = lintPlan(
      ordersPlan({
        ingress: [],
        ingressExpressions: [],
        extra: [
          { ...pl, name: "lattice_late" },
          {
            module: M,
            type: "aws_security_group_rule",
            name: "lattice",
            values: { type: "ingress", protocol: "tcp", from_port: 8080, to_port: 8080, cidr_blocks: null },
            unknown: { id: true, security_group_id: true, prefix_list_ids: true },
            expressions: {
              security_group_id: refs("aws_security_group.targets.id", "aws_security_group.targets"),
              prefix_list_ids: refs("var.lattice_prefix_list_id"),
            },
          },
        ],
      }),
    );
    expect(codes(report)).not.toContain("LAT-501");
  });
});

describe("lint: values known only after apply never fire", () => {
  it("a policy that interpolates the new service's ARN: LAT-404/405 inconclusive, LAT-401 satisfied", () => {
    const report = lintPlan(ordersPlan({ service: { auth_type: "AWS_IAM" } }));
    expect(codes(report)).toEqual([]);
    expect(inconclusiveCodes(report)).toEqual(expect.arrayContaining(["LAT-404", "LAT-405"]));
    const entry = report.inconclusive.find((i) => i.codes.includes("LAT-404"))!;
    expect(entry.location.address).toBe(`${M}.aws_vpclattice_auth_policy.this`);
    expect(entry.reason).toBe("known after apply");
    expect(report.complete).toBe(false);
    expect(report.exitCode).toBe(0);
    expect(report.checks.find((c) => c.code === "LAT-404")).toEqual({
      code: "LAT-404",
      status: "pass",
      reason: `nothing found, but inconclusive on ${M}.aws_vpclattice_auth_policy.this (values known only after apply)`,
    });
  });

  it("a CIDR known after apply on the target port: LAT-501 is inconclusive, not fired", () => {
    const p = ordersPlan({
      ingress: [{ cidr_blocks: null }],
      ingressExpressions: [{ cidr_blocks: refs("aws_vpc.consumer.cidr_block", "aws_vpc.consumer") }],
    });
    for (const rc of p.resource_changes as {
      type: string;
      change: { after_unknown: Record<string, unknown> };
    }[])
      if (rc.type === "aws_security_group") rc.change.after_unknown.ingress = [{ cidr_blocks: true }];
    const report = lintPlan(p);
    expect(codes(report)).not.toContain("LAT-501");
    const entry = report.inconclusive.find((i) => i.codes.includes("LAT-501"))!;
    expect(entry).toMatchObject({
      location: { address: `${M}.aws_security_group.targets` },
      reason: "known after apply",
      droppedFinding: true,
    });
  });

  it("security groups of the instances that cannot be resolved: the targets are not judged", () => {
    const p = ordersPlan({ ingress: [{ cidr_blocks: ["10.20.0.0/16"] }], ingressExpressions: [{}] });
    // The instances take their groups from a module output we cannot follow.
    for (const rc of p.resource_changes as {
      type: string;
      change: { after_unknown: Record<string, unknown> };
    }[])
      if (rc.type === "aws_instance") rc.change.after_unknown.vpc_security_group_ids = true;
    const config = (
      p.configuration as {
        root_module: {
          module_calls: {
            orders: { module: { resources: { type: string; expressions: Record<string, unknown> }[] } };
          };
        };
      }
    ).root_module.module_calls.orders.module.resources;
    for (const r of config)
      if (r.type === "aws_instance") r.expressions.vpc_security_group_ids = refs("module.sg.id");
    const report = lintPlan(p);
    expect(codes(report)).not.toContain("LAT-501");
    expect(
      report.inconclusive.some(
        (i) => i.codes.includes("LAT-501") && i.attribute.includes("vpc_security_group_ids"),
      ),
    ).toBe(true);
  });
});

describe("lint: for_each services and suppression by tag", () => {
  function forEachPlan(tags: Record<string, string> | null): Record<string, unknown> {
    const instances: PlanInstance[] = [];
    for (const key of ["blue", "green"]) {
      instances.push({
        ...service("this", { name: `orders-${key}`, auth_type: "AWS_IAM", tags }),
        index: key,
      });
      instances.push({
        ...authPolicy("this", "aws_vpclattice_service.this", undefined),
        index: key,
        expressions: {
          resource_identifier: refs("aws_vpclattice_service.this", "each.key"),
          policy: refs("aws_vpclattice_service.this", "each.key"),
        },
      });
    }
    // green lost its policy in a refactor
    instances.splice(3, 1);
    return plan(instances);
  }

  it("for_each: the instance whose policy is missing is named by its address with the key", () => {
    const report = lintPlan(forEachPlan(null));
    expect(active(report)).toEqual([`LAT-401 @ aws_vpclattice_service.this["green"]`]);
    expect(report.findings[0]!.title).toContain("orders-green");
  });

  it("a lattice-doctor:ignore tag suppresses the finding with its reason; it counts toward nothing", () => {
    const report = lintPlan(
      forEachPlan({ "lattice-doctor:ignore": "LAT-401 policy attached by the security team's stack" }),
    );
    expect(active(report)).toEqual([]);
    const suppressed = report.findings.find((f) => f.code === "LAT-401")!;
    expect(suppressed.suppressed).toEqual({
      by: `tag lattice-doctor:ignore on aws_vpclattice_service.this["green"]`,
      reason: "policy attached by the security team's stack",
    });
    expect(report.summary.suppressed).toBe(1);
    expect(report.verdict).not.toBe("blocked");
  });
});
