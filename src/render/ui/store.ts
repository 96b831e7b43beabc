/**
 * The state of the live terminal UI, fed by `lattice doctor` with the same events and the same
 * Report the other renderers get: the resolved service, gather's progress events, then the result.
 * No React here: the view (app.ts) subscribes to it with useSyncExternalStore.
 *
 * Snapshots are immutable and hops are kept in two lists: the ones still running (shown with a
 * spinner) and the finished ones in the order they finished (append-only: they go to <Static>).
 */
import type { GatherHop, ProgressEvent, ServiceRef } from "../../core/progress.js";
import type { Report } from "../../report/types.js";

/** What is known before the first call: shown in the header. */
export interface UiHeader {
  /** What the user named: svc-… id, ARN or name. */
  input: string;
  region: string;
  /** Where the region came from, e.g. "--region", "AWS_REGION", "the service ARN". */
  regionSource: string;
  profile?: string;
  /** AWS_ENDPOINT_URL* overrides in effect. */
  endpoints: Record<string, string>;
  /** The recording replayed, when not live. */
  replay?: string;
}

export interface RunningHop {
  hop: GatherHop;
  startedAt: number;
}

export interface FinishedHop {
  hop: GatherHop;
  read: number;
  failed: number;
  durationMs: number;
}

export interface UiState {
  header: UiHeader;
  /** Set once the service is resolved (or gather started without it). */
  service?: ServiceRef;
  /** In request-path order. */
  running: readonly RunningHop[];
  /** In the order they finished. */
  finished: readonly FinishedHop[];
  report?: Report;
  /** The run ended without a report (an error): the live part goes away. */
  aborted: boolean;
}

export interface UiStore {
  getSnapshot(): UiState;
  subscribe(listener: () => void): () => void;
  resolved(service: ServiceRef): void;
  progress(event: ProgressEvent): void;
  finish(report: Report): void;
  abort(): void;
}

/** The hops in request-path order (GatherHop's order), with the words the UI prints. */
export const HOP_LABELS: Readonly<Record<GatherHop, string>> = {
  service: "service",
  listeners: "listeners",
  rules: "rules",
  "target-groups": "target groups",
  targets: "targets",
  "service-networks": "service networks",
  "vpc-associations": "VPC associations",
  "resource-associations": "resource associations",
  "vpc-endpoint-associations": "VPC endpoint associations",
  sharing: "RAM shares",
  "auth-policies": "auth policies",
  "security-groups": "security groups",
  "network-acls": "network ACLs",
  "prefix-lists": "prefix lists",
  caller: "caller identity",
  signals: "CloudWatch signals",
  "access-logs": "access logs",
};

const ORDER = Object.keys(HOP_LABELS) as GatherHop[];

export function createUiStore(header: UiHeader, now: () => number = () => performance.now()): UiStore {
  let state: UiState = { header, running: [], finished: [], aborted: false };
  const listeners = new Set<() => void>();
  const set = (next: UiState): void => {
    state = next;
    for (const listener of listeners) listener();
  };
  // Once the result (or the end) is in, nothing else changes the view.
  const settled = (): boolean => state.report !== undefined || state.aborted;

  return {
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    resolved(service) {
      if (settled()) return;
      set({
        ...state,
        service: {
          id: service.id,
          ...(service.name ? { name: service.name } : {}),
          ...(service.arn ? { arn: service.arn } : {}),
        },
      });
    },
    progress(event) {
      if (settled()) return;
      // The header goes out before the first hop, even if nobody said the service was resolved.
      const service = state.service ?? { id: state.header.input };
      if (event.phase === "start") {
        if (state.running.some((h) => h.hop === event.hop)) return;
        if (state.finished.some((h) => h.hop === event.hop)) return;
        const running = [...state.running, { hop: event.hop, startedAt: now() }].sort(
          (a, b) => ORDER.indexOf(a.hop) - ORDER.indexOf(b.hop),
        );
        set({ ...state, service, running });
        return;
      }
      if (state.finished.some((h) => h.hop === event.hop)) return;
      const started = state.running.find((h) => h.hop === event.hop);
      const finished: FinishedHop = {
        hop: event.hop,
        read: event.read ?? 0,
        failed: event.failed ?? 0,
        durationMs: started ? now() - started.startedAt : 0,
      };
      set({
        ...state,
        service,
        running: state.running.filter((h) => h.hop !== event.hop),
        finished: [...state.finished, finished],
      });
    },
    finish(report) {
      if (settled()) return;
      set({ ...state, running: [], report });
    },
    abort() {
      if (settled()) return;
      set({ ...state, running: [], aborted: true });
    },
  };
}
