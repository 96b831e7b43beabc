/**
 * What AWS uses for an attribute the file does not set: the one table of documented defaults lint
 * judges with (a Terraform plan shows an attribute the configuration does not write as "known after
 * apply"; a CloudFormation template simply omits it). Each entry names where the default is
 * documented. A default that depends on a value lint does not know is itself unknown, and where no
 * default is documented (a TLS_PASSTHROUGH listener's port) the attribute stays unknown: never guessed.
 *
 * Readers leave an unset attribute `undefined`; `applyDefaults` fills it from this table, after the
 * resource is read, so Terraform and CloudFormation share it.
 */
import {
  isUnknown,
  unknown,
  type LHealthCheck,
  type LintModel,
  type LListener,
  type LNetwork,
  type LResource,
  type LService,
  type LTargetGroup,
  type Unknown,
  type Val,
} from "./model.js";

const API = "https://docs.aws.amazon.com/vpc-lattice/latest/APIReference";
const UG = "https://docs.aws.amazon.com/vpc-lattice/latest/ug";

export interface DefaultEntry {
  /** Resource kind and attribute, e.g. `target-group config.ip_address_type`. */
  attribute: string;
  /** The default, as documented (a human-readable rule when it depends on other attributes). */
  value: string;
  source: string;
}

/** The documented defaults lint applies, with their sources (rendered into docs and tested entry by entry). */
export const DEFAULTS = {
  serviceAuthType: {
    attribute: "service auth_type / AuthType",
    value: "NONE",
    source: `${API}/API_CreateService.html (authType: NONE by default)`,
  },
  networkAuthType: {
    attribute: "service network auth_type / AuthType",
    value: "NONE",
    source: `${API}/API_CreateServiceNetwork.html (authType: NONE by default)`,
  },
  listenerPort: {
    attribute: "listener port / Port",
    value: "HTTP 80, HTTPS 443 (none documented for TLS_PASSTHROUGH: stays unknown)",
    source: `${API}/API_CreateListener.html (port: for HTTP the default is 80, for HTTPS 443)`,
  },
  targetGroupPort: {
    attribute: "target group config.port / Config.Port",
    value: "HTTP 80, HTTPS 443 (none for TCP: stays unknown; LAMBDA has no port)",
    source: `${API}/API_TargetGroupConfig.html (port: for HTTP the default is 80, for HTTPS 443)`,
  },
  targetGroupProtocolVersion: {
    attribute: "target group config.protocol_version / Config.ProtocolVersion",
    value: "HTTP1 (LAMBDA: none)",
    source: `${API}/API_TargetGroupConfig.html (protocolVersion: the default is HTTP1)`,
  },
  targetGroupIpAddressType: {
    attribute: "target group config.ip_address_type / Config.IpAddressType",
    value: "IPV4 (LAMBDA, ALB: none)",
    source: `${API}/API_TargetGroupConfig.html (ipAddressType: the default is IPV4)`,
  },
  healthCheckEnabled: {
    attribute: "target group health_check.enabled / HealthCheck.Enabled",
    value:
      "true for HTTP1 INSTANCE/IP target groups; false for HTTP2, GRPC and TCP; no health check for LAMBDA and ALB",
    source:
      `${UG}/target-group-health-checks.html (HTTP1: enabled by default; HTTP2: not enabled by default; ` +
      "gRPC not supported; Lambda and ALB not supported); lattice-facts §2.10 (TCP disabled by default)",
  },
  healthCheckPath: {
    attribute: "health_check.path / HealthCheck.Path",
    value: "/",
    source: `${API}/API_HealthCheckConfig.html (path: the default path is /)`,
  },
  healthCheckInterval: {
    attribute: "health_check.health_check_interval_seconds / HealthCheckIntervalSeconds",
    value: "30",
    source: `${API}/API_HealthCheckConfig.html (the default is 30 seconds)`,
  },
  healthCheckTimeout: {
    attribute: "health_check.health_check_timeout_seconds / HealthCheckTimeoutSeconds",
    value: "5",
    source: `${API}/API_HealthCheckConfig.html (the default is 5 seconds)`,
  },
  healthyThreshold: {
    attribute: "health_check.healthy_threshold_count / HealthyThresholdCount",
    value: "5",
    source: `${API}/API_HealthCheckConfig.html (the default is 5)`,
  },
  unhealthyThreshold: {
    attribute: "health_check.unhealthy_threshold_count / UnhealthyThresholdCount",
    value: "2",
    source: `${API}/API_HealthCheckConfig.html (the default is 2)`,
  },
  healthCheckMatcher: {
    attribute: "health_check.matcher / HealthCheck.Matcher",
    value: "200",
    source: `${API}/API_Matcher.html; ${UG}/target-group-health-checks.html (success code default 200)`,
  },
  vpcAssociationSecurityGroups: {
    attribute: "service network VPC association security_group_ids / SecurityGroupIds",
    value: "none (no security group filters the VPC's traffic)",
    source: `${API}/API_CreateServiceNetworkVpcAssociation.html (securityGroupIds optional)`,
  },
} as const satisfies Record<string, DefaultEntry>;

/** An instance launched without security groups gets its VPC's default group, whose id the file does not have. */
export const DEFAULT_SG =
  "not set: the instance gets its VPC's default security group, whose rules the file does not show";

const upper = (v: Val<string | undefined>): Val<string | undefined> =>
  isUnknown(v) || v === undefined ? v : v.toUpperCase();

function dependsOn(what: string, on: Unknown): Unknown {
  return unknown(`not set; its default depends on ${what}, which is ${on.why}`);
}

/** Listener port by protocol: HTTP 80, HTTPS 443; else unknown. */
export function defaultListenerPort(protocol: Val<string | undefined>): Val<number | undefined> {
  const p = upper(protocol);
  if (isUnknown(p)) return dependsOn("the protocol", p);
  if (p === "HTTP") return 80;
  if (p === "HTTPS") return 443;
  return unknown(`not set, and no default port is documented for a ${p ?? "protocol-less"} listener`);
}

/** Target-group port by protocol: HTTP 80, HTTPS 443; LAMBDA has none; else unknown. */
export function defaultTargetGroupPort(
  type: Val<string>,
  protocol: Val<string | undefined>,
): Val<number | undefined> {
  const t = upper(type);
  if (t === "LAMBDA") return undefined;
  const p = upper(protocol);
  if (isUnknown(p)) return dependsOn("the protocol", p);
  if (p === "HTTP") return 80;
  if (p === "HTTPS") return 443;
  return unknown(`not set, and no default port is documented for a ${p ?? "protocol-less"} target group`);
}

export function defaultProtocolVersion(type: Val<string>): Val<string | undefined> {
  return upper(type) === "LAMBDA" ? undefined : DEFAULTS.targetGroupProtocolVersion.value.split(" ")[0];
}

export function defaultIpAddressType(type: Val<string>): Val<string | undefined> {
  const t = upper(type);
  return t === "LAMBDA" || t === "ALB" ? undefined : "IPV4";
}

/**
 * Whether health checks are on when `enabled` is not set: HTTP1 INSTANCE/IP target groups yes; HTTP2,
 * GRPC and TCP no; LAMBDA and ALB have none (undefined). Unknown when what decides it is unknown.
 */
export function defaultHealthCheckEnabled(
  type: Val<string>,
  protocol: Val<string | undefined>,
  protocolVersion: Val<string | undefined>,
): Val<boolean | undefined> {
  const t = upper(type);
  if (isUnknown(t)) return dependsOn("the target-group type", t);
  if (t !== "INSTANCE" && t !== "IP") return undefined;
  const p = upper(protocol);
  if (isUnknown(p)) return dependsOn("the protocol", p);
  if (p === "TCP") return false;
  const v = upper(protocolVersion);
  if (isUnknown(v)) return dependsOn("the protocol version", v);
  return (v ?? "HTTP1") === "HTTP1";
}

/** The health check of a target group: what is written, the rest from the table. */
export function withHealthCheckDefaults(tg: LTargetGroup): Val<LHealthCheck | undefined> {
  const hc = tg.healthCheck;
  if (isUnknown(hc)) return hc;
  const enabled = defaultHealthCheckEnabled(tg.type, tg.protocol, tg.protocolVersion);
  if (hc === undefined) {
    if (enabled === undefined) return undefined; // LAMBDA / ALB: no health check
    if (isUnknown(enabled)) return { enabled };
    return enabled ? { enabled: true, ...healthCheckValues() } : { enabled: false };
  }
  const out: LHealthCheck = { ...hc };
  // A written block with `enabled` unset: the provider and CloudFormation send the API's default.
  if (out.enabled === undefined && enabled !== undefined) out.enabled = enabled;
  for (const [key, value] of Object.entries(healthCheckValues()) as [keyof LHealthCheck, never][])
    if (out[key] === undefined) out[key] = value;
  return out;
}

function healthCheckValues(): Partial<LHealthCheck> {
  return {
    path: DEFAULTS.healthCheckPath.value,
    healthCheckIntervalSeconds: Number(DEFAULTS.healthCheckInterval.value),
    healthCheckTimeoutSeconds: Number(DEFAULTS.healthCheckTimeout.value),
    healthyThresholdCount: Number(DEFAULTS.healthyThreshold.value),
    unhealthyThresholdCount: Number(DEFAULTS.unhealthyThreshold.value),
    matcher: DEFAULTS.healthCheckMatcher.value,
  };
}

function resourceDefaults(r: LResource): LResource {
  switch (r.kind) {
    case "service":
    case "network": {
      const s = r as LService | LNetwork;
      return s.authType === undefined ? { ...s, authType: DEFAULTS.serviceAuthType.value } : s;
    }
    case "listener": {
      const l = r as LListener;
      return l.port === undefined ? { ...l, port: defaultListenerPort(l.protocol) } : l;
    }
    case "target-group": {
      const tg = { ...r };
      if (tg.protocolVersion === undefined) tg.protocolVersion = defaultProtocolVersion(tg.type);
      if (tg.ipAddressType === undefined) tg.ipAddressType = defaultIpAddressType(tg.type);
      if (tg.port === undefined) tg.port = defaultTargetGroupPort(tg.type, tg.protocol);
      tg.healthCheck = withHealthCheckDefaults(tg);
      return tg;
    }
    default:
      return r;
  }
}

/** The model with every unset attribute lint judges set to its documented default. */
export function applyDefaults(model: LintModel): LintModel {
  return { ...model, resources: model.resources.map(resourceDefaults) };
}
