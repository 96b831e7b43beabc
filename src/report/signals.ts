/**
 * The report's `signals` block: the live-signal window, every series fetched (the full minute
 * grid, `null` where CloudWatch had no datapoint), the alarms aimed at the service, its access-log
 * subscriptions, the target health summary per target group (from ListTargets: Lattice has no
 * target-health metric), and the symptom inferred from them when none was given.
 */
import type { Topology } from "../topology/types.js";
import type { InferredSymptom } from "../rank/infer-symptom.js";

export interface ReportSeries {
  id: string;
  resource: { type: "service" | "target-group"; id: string };
  metric: string;
  dimensions: { name: string; value: string }[];
  stat: string;
  timestamps: string[];
  values: (number | null)[];
  statusCode?: string;
}

export interface ReportAlarm {
  name: string;
  arn?: string;
  state: string;
  stateReason?: string;
  stateUpdatedTimestamp?: string;
  metrics: { namespace?: string; metricName?: string; dimensions: { name: string; value: string }[] }[];
}

export interface TargetHealth {
  targetGroupId: string;
  name: string;
  total: number;
  /** Target count per `status`. */
  byStatus: Record<string, number>;
  /** Target count per status and `reasonCode` (only targets that have a reasonCode). */
  byReason: { status: string; reasonCode: string; count: number }[];
}

export interface ReportSignals {
  window: { start: string; end: string; periodSeconds: number };
  series?: ReportSeries[];
  alarms?: ReportAlarm[];
  accessLogs?: { resourceId: string; id: string; destinationArn?: string; serviceNetworkLogType?: string }[];
  targetHealth: TargetHealth[];
  /** Present when no --symptom was given and the live evidence suggested one. */
  inferredSymptom?: InferredSymptom;
}

export function targetHealthOf(topology: Topology): TargetHealth[] {
  return Object.values(topology.targetGroups)
    .filter((tg) => tg.targets !== undefined)
    .map((tg) => {
      const byStatus: Record<string, number> = {};
      const reasons = new Map<string, { status: string; reasonCode: string; count: number }>();
      for (const t of tg.targets ?? []) {
        byStatus[t.status] = (byStatus[t.status] ?? 0) + 1;
        if (!t.reasonCode) continue;
        const key = `${t.status}|${t.reasonCode}`;
        const entry = reasons.get(key) ?? { status: t.status, reasonCode: t.reasonCode, count: 0 };
        entry.count++;
        reasons.set(key, entry);
      }
      return {
        targetGroupId: tg.id,
        name: tg.name,
        total: tg.targets?.length ?? 0,
        byStatus,
        byReason: [...reasons.values()],
      };
    });
}

export function buildSignals(topology: Topology, inferred?: InferredSymptom): ReportSignals | undefined {
  const signals = topology.signals;
  const targetHealth = targetHealthOf(topology);
  if (!signals) return undefined;
  const isService = (id: string) => id === topology.service.id;
  return {
    window: signals.window,
    ...(signals.series
      ? {
          series: signals.series.map((s) => ({
            id: s.id,
            resource: {
              type: isService(s.resourceId) ? ("service" as const) : ("target-group" as const),
              id: s.resourceId,
            },
            metric: s.metricName,
            dimensions: s.dimensions,
            stat: s.stat,
            timestamps: s.timestamps,
            values: s.values,
            ...(s.statusCode ? { statusCode: s.statusCode } : {}),
          })),
        }
      : {}),
    ...(signals.alarms
      ? {
          alarms: signals.alarms.map((a) => ({
            name: a.alarmName,
            ...(a.alarmArn ? { arn: a.alarmArn } : {}),
            state: a.stateValue,
            ...(a.stateReason !== undefined ? { stateReason: a.stateReason } : {}),
            ...(a.stateUpdatedTimestamp !== undefined
              ? { stateUpdatedTimestamp: a.stateUpdatedTimestamp }
              : {}),
            metrics: a.metrics.map((m) => ({
              ...(m.namespace !== undefined ? { namespace: m.namespace } : {}),
              ...(m.metricName !== undefined ? { metricName: m.metricName } : {}),
              dimensions: m.dimensions,
            })),
          })),
        }
      : {}),
    ...(signals.accessLogSubscriptions
      ? {
          accessLogs: signals.accessLogSubscriptions.map((a) => ({
            resourceId: a.resourceId,
            id: a.id,
            ...(a.destinationArn ? { destinationArn: a.destinationArn } : {}),
            ...(a.serviceNetworkLogType ? { serviceNetworkLogType: a.serviceNetworkLogType } : {}),
          })),
        }
      : {}),
    targetHealth,
    ...(inferred ? { inferredSymptom: inferred } : {}),
  };
}
