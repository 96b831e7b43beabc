/**
 * The readers' corner cases: references by explicit index, through two module levels, resources
 * being destroyed, listener rules, one group shared by two services, a network-only plan; and
 * CloudFormation intrinsics (Join, FindInMap, Select, Sub with a variable map, If) and long forms.
 */
import { describe, expect, it } from "vitest";
import { readLintFile } from "../../src/lint/run.js";
import { readTerraformPlan } from "../../src/lint/terraform.js";
import {
  LATTICE_PL,
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
import { active, lintPlan, lintText } from "../support/lint.js";

const HC = { health_check: [{ enabled: true, path: "/healthz" }] };

describe("Terraform references", () => {
  it("an explicit index (aws_instance.api[1].id) names that instance only", () => {
    const a = attachment("second", "aws_vpclattice_target_group.this", "aws_instance.api");
    a.expressions = {
      target_group_identifier: refs(
        "aws_vpclattice_target_group.this.id",
        "aws_vpclattice_target_group.this",
      ),
      target: [{ id: refs("aws_instance.api[1].id", "aws_instance.api[1]", "aws_instance.api") }],
    };
    const model = readTerraformPlan(
      plan([
        instance("api", ["aws_security_group.a"], 0),
        instance("api", ["aws_security_group.b"], 1),
        targetGroup("this", HC),
        a,
        securityGroup("a", []),
        securityGroup("b", []),
      ]),
      "plan.json",
      () => undefined,
    );
    const att = model.resources.find((r) => r.kind === "attachment")!;
    expect(att.kind === "attachment" && att.target).toEqual({ ref: "aws_instance.api[1]" });
  });

  it("a variable passed through two module levels reaches the root resource", () => {
    const sg = securityGroup(
      "targets",
      [{ prefix_list_ids: null }],
      [{ prefix_list_ids: refs("var.lattice_pl") }],
    );
    sg.unknown = { ...sg.unknown, ingress: [{ prefix_list_ids: true }] };
    const pl = {
      ...LATTICE_PL,
      values: { name: LATTICE_PL.values.name, filter: [] },
      unknown: { id: true, entries: true },
    };
    const p = plan([{ ...sg, module: "module.app.module.net" }, pl], {
      modules: {
        app: {
          expressions: {
            lattice_pl: refs(
              "data.aws_ec2_managed_prefix_list.lattice.id",
              "data.aws_ec2_managed_prefix_list.lattice",
            ),
          },
        },
        net: { expressions: { lattice_pl: refs("var.lattice_pl") } },
      },
    });
    const model = readTerraformPlan(p, "plan.json", () => undefined);
    const group = model.resources.find((r) => r.kind === "security-group")!;
    expect(group.kind === "security-group" && group.rules).toEqual([
      expect.objectContaining({ prefixList: { ref: "data.aws_ec2_managed_prefix_list.lattice" } }),
      expect.objectContaining({ isEgress: true }),
    ]);
  });

  it("resources being destroyed are not linted", () => {
    const gone = { ...service("old", { auth_type: "AWS_IAM" }), actions: ["delete"] };
    const p = plan([gone]);
    (p.planned_values as { root_module: { resources: unknown[] } }).root_module.resources = [];
    for (const rc of p.resource_changes as { change: { after: unknown } }[]) rc.change.after = null;
    expect(readTerraformPlan(p, "plan.json", () => undefined).resources).toEqual([]);
  });

  it("a listener rule forwarding GRPC through an HTTP listener fails LAT-104 (error: only that rule's requests)", () => {
    const rule: PlanInstance = {
      type: "aws_vpclattice_listener_rule",
      name: "grpc",
      values: {
        name: "grpc",
        priority: 10,
        match: [
          { http_match: [{ path_match: [{ match: [{ prefix: "/orders.v1." }], case_sensitive: true }] }] },
        ],
        action: [{ fixed_response: [], forward: [{ target_groups: [{ weight: 100 }] }] }],
      },
      unknown: {
        id: true,
        arn: true,
        listener_identifier: true,
        service_identifier: true,
        action: [{ forward: [{ target_groups: [{ target_group_identifier: true }] }] }],
      },
      expressions: {
        listener_identifier: refs("aws_vpclattice_listener.http.listener_id", "aws_vpclattice_listener.http"),
        service_identifier: refs("aws_vpclattice_service.orders.id", "aws_vpclattice_service.orders"),
        action: [
          {
            forward: [
              {
                target_groups: [
                  {
                    target_group_identifier: refs(
                      "aws_vpclattice_target_group.grpc.id",
                      "aws_vpclattice_target_group.grpc",
                    ),
                  },
                ],
              },
            ],
          },
        ],
      },
    };
    const report = lintPlan(
      plan([
        service("orders", {}),
        listener("http", "aws_vpclattice_service.orders", "aws_vpclattice_target_group.web", {
          protocol: "HTTP",
          port: 80,
        }),
        targetGroup("web", HC),
        targetGroup("grpc", {
          protocol_version: "GRPC",
          protocol: "HTTP",
          health_check: [{ enabled: true, protocol_version: "HTTP1" }],
        }),
        rule,
      ]),
    );
    const f = report.findings.find((x) => x.code === "LAT-104")!;
    expect(f.severity).toBe("error");
    expect(f.detail).toContain("Rule grpc (aws_vpclattice_listener_rule.grpc) of listener http (HTTP:80)");
  });

  it("one security group behind two services: one LAT-501 finding", () => {
    const instances: PlanInstance[] = [
      LATTICE_PL,
      securityGroup("shared", [{ cidr_blocks: ["10.20.0.0/16"] }], [{}]),
    ];
    for (const name of ["orders", "billing"]) {
      instances.push(
        service(name, {}),
        listener(name, `aws_vpclattice_service.${name}`, `aws_vpclattice_target_group.${name}`),
        targetGroup(name, HC, { name }),
        attachment(name, `aws_vpclattice_target_group.${name}`, `aws_instance.${name}`),
        instance(name, ["aws_security_group.shared"]),
      );
    }
    const report = lintPlan(plan(instances));
    expect(active(report)).toEqual(["LAT-501 @ aws_security_group.shared"]);
  });

  it("a plan with only a service network (the platform stack): LAT-401 on the network", () => {
    const report = lintPlan(
      plan([
        {
          type: "aws_vpclattice_service_network",
          name: "mesh",
          values: { name: "prod-mesh", auth_type: "AWS_IAM" },
          unknown: { id: true, arn: true },
        },
      ]),
    );
    expect(active(report)).toEqual(["LAT-401 @ aws_vpclattice_service_network.mesh"]);
    expect(report.findings[0]!.hop).toBe("service-network");
  });

  it("an auth policy on the network known after apply satisfies LAT-401", () => {
    const report = lintPlan(
      plan([
        {
          type: "aws_vpclattice_service_network",
          name: "mesh",
          values: { name: "prod-mesh", auth_type: "AWS_IAM" },
          unknown: { id: true, arn: true },
        },
        authPolicy("mesh", "aws_vpclattice_service_network.mesh", undefined),
      ]),
    );
    expect(active(report)).toEqual([]);
  });
});

describe("CloudFormation intrinsics", () => {
  const template = (ingress: string) => `
AWSTemplateFormatVersion: "2010-09-09"
Mappings:
  Networks:
    us-east-1:
      Consumers: 10.20.0.0/16
Parameters:
  Env:
    Type: String
    Default: prod
Resources:
  Svc:
    Type: AWS::VpcLattice::Service
    Properties:
      Name: !Join ["-", [orders, !Ref Env]]
  Listener:
    Type: AWS::VpcLattice::Listener
    Properties:
      ServiceIdentifier: !Sub
        - "\${Id}"
        - Id: !GetAtt Svc.Id
      Protocol: HTTPS
      Port: 443
      DefaultAction:
        Forward:
          TargetGroups:
            - TargetGroupIdentifier: !Select [0, [!Ref Tg, !Ref AWS::NoValue]]
  Tg:
    Type: AWS::VpcLattice::TargetGroup
    Properties:
      Type: IP
      Config:
        Port: 8080
        Protocol: HTTP
        VpcIdentifier: vpc-0a1b2c3d4e5f60718
      Targets:
        - Id: 10.1.2.15
          Port: 8080
  Host:
    Type: AWS::EC2::Instance
    Properties:
      PrivateIpAddress: 10.1.2.15
      SecurityGroupIds: [!Ref Sg]
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: targets
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 8080
          ToPort: 8080
${ingress}
`;

  it("FindInMap, Join, Sub with a variable map, Select; an IP target matched to the instance that holds the address", () => {
    const report = lintText(
      template("          CidrIp: !FindInMap [Networks, us-east-1, Consumers]"),
      "t.yaml",
      "error",
      {
        prefixList: "pl-0721a5f3c9b2e4d61",
      },
    );
    expect(active(report)).toEqual(["LAT-501 @ Sg"]);
    expect(report.findings[0]!.title).toContain("allows 8080 only from 10.20.0.0/16");
    expect(report.findings[0]!.severity).toBe("critical");
  });

  it("Fn::If whose branches agree is known; whose branches differ is not", () => {
    const same = lintText(
      template("          CidrIp: !If [IsProd, 10.20.0.0/16, 10.20.0.0/16]"),
      "t.yaml",
      "error",
      {
        prefixList: "pl-0721a5f3c9b2e4d61",
      },
    );
    expect(active(same)).toEqual(["LAT-501 @ Sg"]);
    const differ = lintText(
      template("          CidrIp: !If [IsProd, 10.20.0.0/16, 0.0.0.0/0]"),
      "t.yaml",
      "error",
      {
        prefixList: "pl-0721a5f3c9b2e4d61",
      },
    );
    expect(active(differ)).toEqual([]);
    expect(differ.inconclusive[0]!.reason).toBe("depends on condition IsProd");
  });

  it("long forms in JSON templates", () => {
    const json = {
      Resources: {
        Svc: { Type: "AWS::VpcLattice::Service", Properties: { Name: "orders-api", AuthType: "AWS_IAM" } },
        Policy: {
          Type: "AWS::VpcLattice::AuthPolicy",
          Properties: {
            ResourceIdentifier: { "Fn::GetAtt": ["Svc", "Arn"] },
            Policy: {
              Statement: [
                {
                  Effect: "Allow",
                  Principal: "*",
                  Action: "vpc-lattice-svcs:Invoke",
                  Resource: { "Fn::Join": ["", [{ Ref: "Svc" }, "/*"]] },
                },
              ],
            },
          },
        },
      },
    };
    const model = readLintFile(JSON.stringify(json, null, 2), "t.json", {});
    const policy = model.resources.find((r) => r.kind === "auth-policy")!;
    expect(policy.kind === "auth-policy" && JSON.parse(policy.policy as string)).toEqual({
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "arn:aws:vpc-lattice:<region>:<account-id>:service/Svc/*",
        },
      ],
    });
    expect(active(lintText(JSON.stringify(json), "t.json"))).toEqual([]);
  });
});

describe("YAML anchors, aliases and merge keys", () => {
  it("are resolved like CloudFormation's YAML parser does", () => {
    const text = `
Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: targets
      SecurityGroupIngress:
        - &app
          IpProtocol: tcp
          FromPort: 8080
          ToPort: 8080
          CidrIp: 10.20.0.0/16
        - <<: *app
          FromPort: 9090
          ToPort: 9090
`;
    const model = readLintFile(text, "t.yaml", {});
    const sg = model.resources.find((r) => r.kind === "security-group")!;
    expect(sg.kind === "security-group" && sg.rules).toEqual([
      expect.objectContaining({ fromPort: 8080, toPort: 8080, cidrIpv4: "10.20.0.0/16" }),
      expect.objectContaining({ fromPort: 9090, toPort: 9090, cidrIpv4: "10.20.0.0/16" }),
    ]);
  });
});
