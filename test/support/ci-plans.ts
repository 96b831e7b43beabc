/**
 * The plans of issue 14's "done when", as `terraform show -json` writes them for the AWS provider:
 * the author writes only what a platform team writes (no protocol_version, no ip_address_type, no
 * health_check block, a listener without a port where the protocol decides it), the provider's
 * computed attributes are "known after apply", the prefix list is a data source read while planning
 * (prior_state), and instances come from `count`. Each variant differs from `clean` only in what the
 * author wrote. Written to test/fixtures/lint/ci/ by test/lint/ci-fixtures.test.ts.
 */
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
} from "./plan.js";

export type CiVariant = "clean" | "lat-501" | "lat-104" | "unknown-port";

const CONSUMER_VPC = "vpc-0f1e2d3c4b5a69788";
const CONSUMER_CIDR = "10.20.0.0/16";

const POLICY = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: "*",
      Action: "vpc-lattice-svcs:Invoke",
      Resource: "*",
      Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
    },
  ],
};

export function ciPlan(variant: CiVariant): Record<string, unknown> {
  // The port is left to the protocol's default (HTTPS 443, HTTP 80).
  const listenerValues: Record<string, unknown> =
    variant === "lat-104" ? { name: "http", protocol: "HTTP", port: null } : { port: null };
  const https = listener(
    variant === "lat-104" ? "http" : "https",
    "aws_vpclattice_service.payments",
    "aws_vpclattice_target_group.payments",
    listenerValues,
  );
  if (variant === "unknown-port") {
    // port = var.listener_port, a module input fed from a resource not yet created: unknown until apply.
    https.unknown = { ...https.unknown, port: true };
    https.expressions = {
      ...https.expressions,
      port: refs("random_integer.listener_port.result", "random_integer.listener_port"),
    };
  }
  const ingress =
    variant === "lat-501"
      ? [{ cidr_blocks: [CONSUMER_CIDR], description: "payments clients" }]
      : [{ prefix_list_ids: [LATTICE_PL.values.id], description: "VPC Lattice" }];
  const ingressExpressions =
    variant === "lat-501"
      ? [{ cidr_blocks: { constant_value: [CONSUMER_CIDR] } }]
      : [
          {
            prefix_list_ids: refs(
              "data.aws_ec2_managed_prefix_list.lattice.id",
              "data.aws_ec2_managed_prefix_list.lattice",
            ),
          },
        ];
  const instances: PlanInstance[] = [
    {
      mode: "data",
      type: "aws_region",
      name: "current",
      values: { id: "us-east-1", name: "us-east-1", description: "US East (N. Virginia)", endpoint: "" },
    },
    LATTICE_PL,
    service("payments", { name: "payments-api", auth_type: "AWS_IAM" }),
    authPolicy("payments", "aws_vpclattice_service.payments", POLICY),
    https,
    targetGroup("payments", variant === "lat-104" ? { protocol_version: "GRPC" } : {}, {
      name: "payments-targets",
    }),
    attachment("payments", "aws_vpclattice_target_group.payments", "aws_instance.api", 0, 0),
    attachment("payments", "aws_vpclattice_target_group.payments", "aws_instance.api", 1, 0),
    instance("api", ["aws_security_group.payments_targets"], 0),
    instance("api", ["aws_security_group.payments_targets"], 1),
    securityGroup("payments_targets", ingress, ingressExpressions),
    securityGroup(
      "consumers",
      [
        { from_port: 443, to_port: 443, cidr_blocks: [CONSUMER_CIDR], description: "clients https" },
        { from_port: 80, to_port: 80, cidr_blocks: [CONSUMER_CIDR], description: "clients http" },
      ],
      [
        { cidr_blocks: { constant_value: [CONSUMER_CIDR] } },
        { cidr_blocks: { constant_value: [CONSUMER_CIDR] } },
      ],
      { vpc_id: CONSUMER_VPC },
    ),
    {
      type: "aws_vpclattice_service_network",
      name: "mesh",
      values: { name: "prod-mesh", auth_type: "NONE", tags: null },
      unknown: { id: true, arn: true, tags_all: true },
      expressions: { name: { constant_value: "prod-mesh" }, auth_type: { constant_value: "NONE" } },
    },
    {
      type: "aws_vpclattice_service_network_service_association",
      name: "payments",
      values: { tags: null },
      unknown: {
        id: true,
        arn: true,
        created_by: true,
        custom_domain_name: true,
        dns_entry: true,
        service_identifier: true,
        service_network_identifier: true,
        status: true,
        tags_all: true,
      },
      expressions: {
        service_identifier: refs("aws_vpclattice_service.payments.id", "aws_vpclattice_service.payments"),
        service_network_identifier: refs(
          "aws_vpclattice_service_network.mesh.id",
          "aws_vpclattice_service_network.mesh",
        ),
      },
    },
    {
      type: "aws_vpclattice_service_network_vpc_association",
      name: "consumer",
      values: { vpc_identifier: CONSUMER_VPC, tags: null },
      unknown: {
        id: true,
        arn: true,
        created_by: true,
        security_group_ids: [true],
        service_network_identifier: true,
        status: true,
        tags_all: true,
      },
      expressions: {
        vpc_identifier: { constant_value: CONSUMER_VPC },
        security_group_ids: refs("aws_security_group.consumers.id", "aws_security_group.consumers"),
        service_network_identifier: refs(
          "aws_vpclattice_service_network.mesh.id",
          "aws_vpclattice_service_network.mesh",
        ),
      },
    },
  ];
  // Attachments register the instances on the target group's port (port 0 = not written).
  for (const a of instances.filter((i) => i.type === "aws_vpclattice_target_group_attachment")) {
    a.values = { target: [{}] };
    a.unknown = { ...a.unknown, target: [{ id: true, port: true }] };
    a.expressions = {
      ...a.expressions,
      target: [{ id: refs("aws_instance.api[count.index].id", "aws_instance.api", "count.index") }],
    };
  }
  return plan(instances);
}
