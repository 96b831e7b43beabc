/**
 * What VPC Lattice publishes to CloudWatch (lattice-facts §5.2, the User Guide's
 * monitoring-cloudwatch page): namespace, dimension names, metric names per resource kind. Plain
 * constants shared by gather (which series to fetch), the checks (which alarms can fire) and
 * ranking (which recent errors point where). No I/O.
 *
 * There is no HealthyHostCount, UnHealthyHostCount, HTTPCode_Target_5XX_Count or RequestCount, and
 * no `ServiceName` / `LoadBalancer` dimension: those are Elastic Load Balancing names that guides
 * copy. Target health is not a metric in Lattice: ListTargets is the truth.
 */

export const LATTICE_NAMESPACE = "AWS/VpcLattice";
export const PERIOD_SECONDS = 60;

export type MetricResourceKind = "service" | "targetGroup";

/** The dimension that names the resource; `AvailabilityZone` may accompany it. */
export const RESOURCE_DIMENSION: Record<MetricResourceKind, string> = {
  service: "Service",
  targetGroup: "TargetGroup",
};
export const ZONE_DIMENSION = "AvailabilityZone";

const HTTP_CODES = ["2XX", "3XX", "4XX", "5XX"].map((c) => `HTTPCode_${c}_Count`);

/** Target-group metrics and the target-group protocols they exist for. */
export const TARGET_GROUP_METRICS: Readonly<Record<string, readonly string[]>> = {
  TotalConnectionCount: ["HTTP", "HTTPS", "TCP"],
  ActiveConnectionCount: ["HTTP", "HTTPS", "TCP"],
  ConnectionErrorCount: ["HTTP", "HTTPS", "TCP"],
  ConnectionTimeoutCount: ["HTTP", "HTTPS", "TCP"],
  HTTP1_ConnectionCount: ["HTTP", "HTTPS"],
  HTTP2_ConnectionCount: ["HTTP", "HTTPS"],
  TotalReceivedConnectionBytes: ["HTTP", "HTTPS", "TCP"],
  TotalSentConnectionBytes: ["HTTP", "HTTPS", "TCP"],
  TotalRequestCount: ["HTTP", "HTTPS"],
  ActiveRequestCount: ["HTTP", "HTTPS"],
  RequestTime: ["HTTP", "HTTPS"],
  ...Object.fromEntries(HTTP_CODES.map((m) => [m, ["HTTP", "HTTPS"]])),
  TLSConnectionErrorCount: ["HTTP", "HTTPS", "TCP"],
  TotalTLSConnectionHandshakeCount: ["HTTP", "HTTPS", "TCP"],
};

export const SERVICE_METRICS: readonly string[] = [
  "RequestTimeoutCount",
  "TotalRequestCount",
  "RequestTime",
  ...HTTP_CODES,
  ...["400", "403", "404", "429", "500", "502", "504"].map((c) => `HTTPCode_VpcLattice_${c}_Count`),
];

/** Names people alarm on that Lattice never publishes, with the Lattice metric that says it instead. */
export const ELB_LOOKALIKES: Readonly<Record<string, string>> = {
  // Target health is not a metric in VPC Lattice: ListTargets reports it.
  HealthyHostCount: "",
  UnHealthyHostCount: "",
  HTTPCode_Target_5XX_Count: "HTTPCode_5XX_Count",
  HTTPCode_Target_4XX_Count: "HTTPCode_4XX_Count",
  HTTPCode_ELB_5XX_Count: "HTTPCode_5XX_Count",
  RequestCount: "TotalRequestCount",
  TargetResponseTime: "RequestTime",
  TargetConnectionErrorCount: "ConnectionErrorCount",
};

/** Whether Lattice publishes `metricName` for a resource of this kind (and target-group protocol). */
export function isPublished(kind: MetricResourceKind, metricName: string, protocol?: string): boolean {
  if (kind === "service") return SERVICE_METRICS.includes(metricName);
  const protocols = TARGET_GROUP_METRICS[metricName];
  if (!protocols) return false;
  // LAMBDA and ALB target groups have no protocol in their config: only TCP is known to lack HTTP metrics.
  return protocol !== "TCP" || protocols.includes("TCP");
}

/** Error metrics whose recent non-zero counts are recent errors (a finding), and what the client sees from them. */
export type SignalSymptom = "403" | "timeout" | "5xx";

export interface ErrorMetric {
  kind: MetricResourceKind;
  metricName: string;
  symptom: SignalSymptom;
  /** Worth an alarm (no-error-alarm): the 5XX and connection-error metrics. */
  alarmWorthy: boolean;
}

export const ERROR_METRICS: readonly ErrorMetric[] = [
  { kind: "service", metricName: "HTTPCode_5XX_Count", symptom: "5xx", alarmWorthy: true },
  { kind: "service", metricName: "HTTPCode_VpcLattice_403_Count", symptom: "403", alarmWorthy: false },
  { kind: "service", metricName: "RequestTimeoutCount", symptom: "timeout", alarmWorthy: true },
  { kind: "targetGroup", metricName: "HTTPCode_5XX_Count", symptom: "5xx", alarmWorthy: true },
  { kind: "targetGroup", metricName: "ConnectionErrorCount", symptom: "timeout", alarmWorthy: true },
  { kind: "targetGroup", metricName: "ConnectionTimeoutCount", symptom: "timeout", alarmWorthy: true },
];

/** Series gather fetches: the error metrics, plus each service's request count for context. */
export const FETCHED_METRICS: readonly { kind: MetricResourceKind; metricName: string }[] = [
  { kind: "service", metricName: "TotalRequestCount" },
  ...ERROR_METRICS.map(({ kind, metricName }) => ({ kind, metricName })),
];

export function errorMetric(kind: MetricResourceKind, metricName: string): ErrorMetric | undefined {
  return ERROR_METRICS.find((m) => m.kind === kind && m.metricName === metricName);
}

/** Does a dimension value name the resource (`svc-…` id, its ARN, or any value ending in the id)? */
export function valueNames(value: string, id: string, arn?: string): boolean {
  return value === id || (arn !== undefined && arn !== "" && value === arn) || value.endsWith(`/${id}`);
}

/** "id" when a dimension value is the bare id, "arn" when it is an ARN, else "other". */
export function valueForm(value: string): "id" | "arn" | "other" {
  if (value.startsWith("arn:")) return "arn";
  if (/^(svc|tg)-[0-9a-z]+$/.test(value)) return "id";
  return "other";
}
