/**
 * Builds Terraform plans in the `terraform show -json` format (format_version 1.2) from a short list of
 * resource instances: planned_values with child_modules, resource_changes with after_unknown, and
 * configuration with module_calls and expressions (references), so a test case reads like the
 * Terraform it stands for. Unknown attributes are left out of values/after, as Terraform does.
 */
export interface PlanInstance {
  /** Module instance prefix, e.g. `module.orders` or `module.orders["blue"]`; "" for the root. */
  module?: string;
  mode?: "managed" | "data";
  type: string;
  name: string;
  index?: number | string;
  values: Record<string, unknown>;
  /** after_unknown: `true` for each attribute (or nested) known only after apply. */
  unknown?: Record<string, unknown>;
  /** The configuration's expressions (`{ references: [...] }` / `{ constant_value: … }`). */
  expressions?: Record<string, unknown>;
  actions?: string[];
}

export interface ModuleCall {
  source?: string;
  expressions?: Record<string, unknown>;
  outputs?: Record<string, { expression: { references: string[] } }>;
}

export const ACCOUNT = "111122223333";
export const REGION = "us-east-1";

export const refs = (...references: string[]) => ({ references });

function address(i: PlanInstance): string {
  const local = `${i.mode === "data" ? "data." : ""}${i.type}.${i.name}`;
  const index = i.index === undefined ? "" : `[${JSON.stringify(i.index)}]`;
  return `${i.module ? `${i.module}.` : ""}${local}${index}`;
}

const stripIndexes = (prefix: string) =>
  prefix
    .split(/\.(?=module\.)/)
    .map((p) => p.replace(/\[.*\]$/, "").replace(/^module\./, ""))
    .filter(Boolean);

export function plan(
  instances: PlanInstance[],
  options: { modules?: Record<string, ModuleCall>; region?: string } = {},
): Record<string, unknown> {
  type Mod = { address?: string; resources: unknown[]; child_modules?: Mod[] };
  const root: Mod = { resources: [] };
  const mods = new Map<string, Mod>();
  const modFor = (prefix: string): Mod => {
    if (!prefix) return root;
    let m = mods.get(prefix);
    if (m) return m;
    m = { address: prefix, resources: [] };
    mods.set(prefix, m);
    const parentPrefix = prefix.includes(".module.") ? prefix.slice(0, prefix.lastIndexOf(".module.")) : "";
    const parent = modFor(parentPrefix);
    (parent.child_modules ??= []).push(m);
    return m;
  };
  const configRoot: Record<string, unknown> = { resources: [] };
  const configFor = (prefix: string): Record<string, unknown> => {
    let mod = configRoot;
    for (const name of stripIndexes(prefix)) {
      const calls = (mod.module_calls ??= {}) as Record<string, Record<string, unknown>>;
      const declared = options.modules?.[name] ?? {};
      calls[name] ??= {
        source: declared.source ?? `./modules/${name}`,
        expressions: declared.expressions ?? {},
        module: { resources: [], ...(declared.outputs ? { outputs: declared.outputs } : {}) },
      };
      mod = calls[name].module as Record<string, unknown>;
    }
    return mod;
  };
  const changes: unknown[] = [];
  const priorData: unknown[] = [];
  for (const i of instances) {
    const addr = address(i);
    const mode = i.mode ?? "managed";
    if (mode === "data" && !i.actions) {
      // Read while planning: Terraform writes it in prior_state, not in resource_changes.
      priorData.push({
        address: addr,
        mode,
        type: i.type,
        name: i.name,
        provider_name: "registry.terraform.io/hashicorp/aws",
        schema_version: 0,
        values: i.values,
        sensitive_values: {},
      });
      const list = configFor(i.module ?? "").resources as Record<string, unknown>[];
      list.push({
        address: `data.${i.type}.${i.name}`,
        mode,
        type: i.type,
        name: i.name,
        provider_config_key: "aws",
        expressions: i.expressions ?? {},
        schema_version: 0,
      });
      continue;
    }
    const entry: Record<string, unknown> = {
      address: addr,
      mode,
      type: i.type,
      name: i.name,
      ...(i.index !== undefined ? { index: i.index } : {}),
      provider_name: "registry.terraform.io/hashicorp/aws",
      schema_version: 0,
      values: i.values,
      sensitive_values: {},
    };
    modFor(i.module ?? "").resources.push(entry);
    changes.push({
      address: addr,
      ...(i.module ? { module_address: i.module } : {}),
      mode,
      type: i.type,
      name: i.name,
      ...(i.index !== undefined ? { index: i.index } : {}),
      provider_name: "registry.terraform.io/hashicorp/aws",
      change: {
        actions: i.actions ?? (mode === "data" ? ["read"] : ["create"]),
        before: null,
        after: i.values,
        after_unknown: i.unknown ?? {},
        before_sensitive: false,
        after_sensitive: {},
      },
    });
    const config = configFor(i.module ?? "");
    const local = `${mode === "data" ? "data." : ""}${i.type}.${i.name}`;
    const list = config.resources as Record<string, unknown>[];
    if (!list.some((r) => r.address === local)) {
      list.push({
        address: local,
        mode,
        type: i.type,
        name: i.name,
        provider_config_key: "aws",
        expressions: i.expressions ?? {},
        schema_version: 0,
        ...(typeof i.index === "number" ? { count_expression: { constant_value: 2 } } : {}),
        ...(typeof i.index === "string" ? { for_each_expression: { references: ["var.services"] } } : {}),
      });
    }
  }
  return {
    format_version: "1.2",
    terraform_version: "1.9.5",
    planned_values: { root_module: root },
    resource_changes: changes,
    ...(priorData.length
      ? {
          prior_state: {
            format_version: "1.0",
            terraform_version: "1.9.5",
            values: { root_module: { resources: priorData } },
          },
        }
      : {}),
    configuration: {
      provider_config: {
        aws: {
          name: "aws",
          full_name: "registry.terraform.io/hashicorp/aws",
          expressions: { region: { constant_value: options.region ?? REGION } },
        },
      },
      root_module: configRoot,
    },
    timestamp: "2026-11-28T09:14:03Z",
    applyable: true,
    complete: true,
    errored: false,
  };
}

// --- building blocks, as teams write them -----------------------------------------------------------

export const LATTICE_PL = {
  mode: "data" as const,
  type: "aws_ec2_managed_prefix_list",
  name: "lattice",
  values: {
    id: "pl-0721a5f3c9b2e4d61",
    arn: `arn:aws:ec2:${REGION}:aws:prefix-list/pl-0721a5f3c9b2e4d61`,
    name: `com.amazonaws.${REGION}.vpc-lattice`,
    address_family: "IPv4",
    owner_id: "AWS",
    entries: [{ cidr: "169.254.171.0/24", description: "" }],
    filter: [],
  },
  expressions: { name: { references: ["data.aws_region.current.name", "data.aws_region.current"] } },
};

export function service(
  name: string,
  values: Record<string, unknown>,
  extra: Partial<PlanInstance> = {},
): PlanInstance {
  return {
    type: "aws_vpclattice_service",
    name,
    values: {
      name: `${name}-api`,
      auth_type: "NONE",
      custom_domain_name: null,
      certificate_arn: null,
      tags: null,
      ...values,
    },
    unknown: { id: true, arn: true, dns_entry: true, status: true, tags_all: true },
    ...extra,
  };
}

/** A listener of `service`, forwarding to `targetGroup` (addresses relative to the module). */
export function listener(
  name: string,
  service: string,
  targetGroup: string,
  values: Record<string, unknown> = {},
  extra: Partial<PlanInstance> = {},
): PlanInstance {
  return {
    type: "aws_vpclattice_listener",
    name,
    values: Object.fromEntries(
      Object.entries({
        name,
        protocol: "HTTPS",
        port: 443,
        default_action: [{ fixed_response: [], forward: [{ target_groups: [{ weight: 100 }] }] }],
        ...values,
      }).filter(([, v]) => v !== null),
    ),
    unknown: {
      id: true,
      arn: true,
      listener_id: true,
      service_arn: true,
      tags_all: true,
      ...(values.port === null ? { port: true } : {}),
      service_identifier: true,
      default_action: [
        { fixed_response: [], forward: [{ target_groups: [{ target_group_identifier: true }] }] },
      ],
    },
    expressions: {
      name: { constant_value: name },
      protocol: { constant_value: values.protocol ?? "HTTPS" },
      ...(values.port === null ? {} : { port: { constant_value: values.port ?? 443 } }),
      service_identifier: refs(`${service}.id`, service),
      default_action: [
        {
          forward: [{ target_groups: [{ target_group_identifier: refs(`${targetGroup}.id`, targetGroup) }] }],
        },
      ],
    },
    ...extra,
  };
}

/** Attributes of aws_vpclattice_target_group's config that the provider computes when not written. */
const TG_COMPUTED = ["protocol_version", "ip_address_type", "lambda_event_structure_version"];
/** health_check attributes with a schema default (in the plan when the block is written) … */
const HC_SCHEMA_DEFAULTS = {
  enabled: true,
  health_check_interval_seconds: 30,
  health_check_timeout_seconds: 5,
  healthy_threshold_count: 5,
  unhealthy_threshold_count: 2,
};
/** … and those the provider computes (known after apply when not written). */
const HC_COMPUTED = ["matcher", "path", "port", "protocol", "protocol_version"];

const constants = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, { constant_value: v }]));

/**
 * A target group as `terraform show -json` shows it: `config` holds what the author wrote (port 8080,
 * HTTP and the VPC unless `config` says otherwise); what the provider computes and the author left
 * out (protocol_version, ip_address_type, an unwritten health_check, the health-check attributes
 * without a schema default) is absent from the values and `true` in after_unknown; expressions name
 * only what was written.
 */
export function targetGroup(
  name: string,
  config: Record<string, unknown>,
  values: Record<string, unknown> = {},
  extra: Partial<PlanInstance> = {},
): PlanInstance {
  const { health_check: hcWritten, ...written } = {
    port: 8080,
    protocol: "HTTP",
    vpc_identifier: "vpc-0a1b2c3d4e5f60718",
    ...config,
  } as Record<string, unknown> & { health_check?: Record<string, unknown>[] };
  const hc = hcWritten?.[0];
  const unknownConfig: Record<string, unknown> = Object.fromEntries(
    TG_COMPUTED.filter((k) => !(k in written)).map((k) => [k, true]),
  );
  const configValues: Record<string, unknown> = {
    port: null,
    protocol: null,
    vpc_identifier: null,
    ...written,
  };
  if (hc) {
    const { matcher, ...scalars } = hc;
    configValues.health_check = [
      { ...HC_SCHEMA_DEFAULTS, ...scalars, ...(matcher !== undefined ? { matcher } : {}) },
    ];
    const missing = HC_COMPUTED.filter((k) => !(k in hc));
    if (missing.length) unknownConfig.health_check = [Object.fromEntries(missing.map((k) => [k, true]))];
  } else unknownConfig.health_check = true;
  const writtenExpressions: Record<string, unknown> = constants(written);
  if (hc) {
    const { matcher, ...scalars } = hc;
    writtenExpressions.health_check = [
      {
        ...constants(scalars),
        ...(Array.isArray(matcher) ? { matcher: [{ value: { constant_value: obj0(matcher).value } }] } : {}),
      },
    ];
  }
  return {
    type: "aws_vpclattice_target_group",
    name,
    values: { name, type: "INSTANCE", config: [configValues], tags: null, ...values },
    unknown: { id: true, arn: true, status: true, tags_all: true, config: [unknownConfig] },
    expressions: {
      name: { constant_value: (values.name as string | undefined) ?? name },
      type: { constant_value: (values.type as string | undefined) ?? "INSTANCE" },
      config: [writtenExpressions],
    },
    ...extra,
  };
}

const obj0 = (list: unknown[]): Record<string, unknown> => (list[0] ?? {}) as Record<string, unknown>;

export function attachment(
  name: string,
  tg: string,
  target: string,
  index?: number,
  port = 8080,
): PlanInstance {
  return {
    type: "aws_vpclattice_target_group_attachment",
    name,
    ...(index !== undefined ? { index } : {}),
    values: { target: [{ port }] },
    unknown: { id: true, target_group_identifier: true, target: [{ id: true }] },
    expressions: {
      target_group_identifier: refs(`${tg}.id`, tg),
      target: [
        {
          id: refs(`${target}.id`, target, ...(index !== undefined ? ["count.index"] : [])),
          port: { constant_value: port },
        },
      ],
    },
  };
}

export function instance(name: string, securityGroups: string[], index?: number): PlanInstance {
  return {
    type: "aws_instance",
    name,
    ...(index !== undefined ? { index } : {}),
    values: {
      ami: "ami-0c1d2e3f4a5b6c7d8",
      instance_type: "t3.small",
      subnet_id: "subnet-0123456789abcdef0",
      tags: { Name: name },
    },
    unknown: { id: true, arn: true, private_ip: true, vpc_security_group_ids: true },
    expressions: {
      vpc_security_group_ids: refs(...securityGroups.flatMap((sg) => [`${sg}.id`, sg])),
    },
  };
}

export function securityGroup(
  name: string,
  ingress: Record<string, unknown>[],
  expressions: Record<string, unknown>[] = [],
  values: Record<string, unknown> = {},
): PlanInstance {
  return {
    type: "aws_security_group",
    name,
    values: {
      name,
      description: `${name} targets`,
      vpc_id: "vpc-0a1b2c3d4e5f60718",
      ingress: ingress.map((r) => ({
        from_port: 8080,
        to_port: 8080,
        protocol: "tcp",
        cidr_blocks: [],
        ipv6_cidr_blocks: [],
        prefix_list_ids: [],
        security_groups: [],
        self: false,
        description: "",
        ...r,
      })),
      egress: [
        {
          from_port: 0,
          to_port: 0,
          protocol: "-1",
          cidr_blocks: ["0.0.0.0/0"],
          ipv6_cidr_blocks: [],
          prefix_list_ids: [],
          security_groups: [],
          self: false,
          description: "",
        },
      ],
      ...values,
    },
    unknown: { id: true, arn: true, owner_id: true },
    expressions: { ingress: expressions.length ? expressions : ingress.map(() => ({})) },
  };
}

export function authPolicy(name: string, resource: string, policy: unknown | undefined): PlanInstance {
  return {
    type: "aws_vpclattice_auth_policy",
    name,
    values: policy === undefined ? {} : { policy: JSON.stringify(policy) },
    unknown: {
      id: true,
      state: true,
      resource_identifier: true,
      ...(policy === undefined ? { policy: true } : {}),
    },
    expressions: {
      resource_identifier: refs(`${resource}.arn`, resource),
      policy: policy === undefined ? refs(`${resource}.arn`, resource) : {},
    },
  };
}
