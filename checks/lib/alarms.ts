/**
 * What LAT-602 and LAT-605 say alike about an alarm: which of the alarms read watch this service's
 * resources (and which of their metrics do), and the parts of a finding about one alarm — its hop,
 * its resource and its DescribeAlarms evidence.
 */
import type { Alarm, AlarmMetric, Topology } from "../../src/topology/types.js";
import type { Evidence, FindingResource, Hop } from "../define.js";
import { metricResources, resourceOf, type MetricResource } from "./signals.js";

export interface WatchedMetric {
  metric: AlarmMetric;
  resource: MetricResource;
}

/** Each alarm read with the metrics it watches on the service or its target groups; alarms on none are left out. */
export function alarmsOnService(topology: Topology): { alarm: Alarm; watched: WatchedMetric[] }[] {
  const alarms = topology.signals?.alarms;
  if (!alarms) return [];
  const resources = metricResources(topology);
  return alarms.flatMap((alarm) => {
    const watched = alarm.metrics.flatMap((metric) => {
      const resource = resourceOf(metric, resources);
      return resource ? [{ metric, resource }] : [];
    });
    return watched.length > 0 ? [{ alarm, watched }] : [];
  });
}

/** An alarm's finding sits where its (first) metric's resource does. */
export function alarmHop(resource: MetricResource): Hop {
  return resource.kind === "service" ? "service" : "target-group";
}

export function alarmResource(alarm: Alarm): FindingResource {
  return {
    type: "cloudwatch-alarm",
    id: alarm.alarmName,
    ...(alarm.alarmArn ? { arn: alarm.alarmArn } : {}),
  };
}

/** `cloudwatch:DescribeAlarms` evidence: the alarm's name and state, then the fields the finding rests on. */
export function describeAlarmsEvidence(alarm: Alarm, fields: Record<string, unknown>): Evidence {
  return {
    call: "cloudwatch:DescribeAlarms",
    observed: { AlarmName: alarm.alarmName, StateValue: alarm.stateValue, ...fields },
  };
}
