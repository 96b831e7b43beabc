/**
 * Groups failed requests while they stream in, so a window of 100,000 entries never sits in
 * memory: per group only counts, first/last seen, a few sample request ids and a bounded tally of
 * method + path. Pure: no SDK, no clock.
 *
 * A group is "failed the same way": status | authDeniedReason/failureReason | caller principal |
 * source VPC | target (FailedRequestGroup.key).
 */
import type { AccessLogEntry, FailedRequestGroup } from "./access-log.js";
import { byText, compact } from "../core/util/collections.js";

/** Sample request ids kept per group. */
export const SAMPLES_PER_GROUP = 3;
/** Distinct method + path pairs tallied per group; later new pairs are not counted (a sample, not all). */
const PATHS_PER_GROUP = 32;

interface GroupState {
  group: FailedRequestGroup;
  first: number;
  last: number;
  paths: Map<string, number>;
}

/** The group key of an entry. */
export function groupKeyOf(entry: AccessLogEntry): string {
  const reason = [entry.authDeniedReason, entry.failureReason].filter((r) => r !== undefined).join("/");
  return [
    entry.responseCode ?? 0,
    reason,
    entry.callerPrincipal ?? "",
    entry.sourceVpcId ?? "",
    entry.targetIpPort ?? "",
  ].join("|");
}

export class GroupAccumulator {
  private readonly groups = new Map<string, GroupState>();
  private count = 0;

  /** Failed entries added so far. */
  get total(): number {
    return this.count;
  }

  /**
   * Adds one failed entry seen at `atMs` (its startTime, or the log event's timestamp when the
   * entry has none).
   */
  add(entry: AccessLogEntry, atMs: number): void {
    this.count++;
    const key = groupKeyOf(entry);
    let state = this.groups.get(key);
    if (!state) {
      state = {
        group: compact({
          key,
          responseCode: entry.responseCode ?? 0,
          authDeniedReason: entry.authDeniedReason,
          failureReason: entry.failureReason,
          callerPrincipal: entry.callerPrincipal,
          sourceVpcId: entry.sourceVpcId,
          targetIpPort: entry.targetIpPort,
          targetGroupArn: entry.targetGroupArn,
          count: 0,
          firstSeen: "",
          lastSeen: "",
          sampleRequestIds: [],
        }),
        first: atMs,
        last: atMs,
        paths: new Map(),
      };
      this.groups.set(key, state);
    }
    const { group } = state;
    group.count++;
    state.first = Math.min(state.first, atMs);
    state.last = Math.max(state.last, atMs);
    if (group.targetGroupArn === undefined && entry.targetGroupArn)
      group.targetGroupArn = entry.targetGroupArn;
    if (entry.requestId && group.sampleRequestIds.length < SAMPLES_PER_GROUP)
      group.sampleRequestIds.push(entry.requestId);
    if (entry.requestMethod !== undefined || entry.requestPath !== undefined) {
      const path = `${entry.requestMethod ?? ""} ${entry.requestPath ?? ""}`;
      const seen = state.paths.get(path);
      if (seen !== undefined) state.paths.set(path, seen + 1);
      else if (state.paths.size < PATHS_PER_GROUP) state.paths.set(path, 1);
    }
  }

  /** The groups, largest count first (ties by key, so the order is stable). */
  result(): FailedRequestGroup[] {
    return [...this.groups.values()]
      .map((state) => {
        const top = [...state.paths.entries()].sort((a, b) => b[1] - a[1] || byText(a[0], b[0]))[0];
        const [method, path] = top ? splitPath(top[0]) : [undefined, undefined];
        return compact({
          ...state.group,
          requestMethod: method,
          requestPath: path,
          firstSeen: new Date(state.first).toISOString(),
          lastSeen: new Date(state.last).toISOString(),
          sampleRequestIds: [...state.group.sampleRequestIds],
        });
      })
      .sort((a, b) => b.count - a.count || byText(a.key, b.key));
  }
}

function splitPath(pair: string): [string | undefined, string | undefined] {
  const space = pair.indexOf(" ");
  const method = pair.slice(0, space);
  const path = pair.slice(space + 1);
  return [method || undefined, path || undefined];
}
