/**
 * What gather reports while it reads, and what the live view shows: the hops of reading (a third
 * list beside the request path's `Hop` and the topology's `TopologyPart`, because one hop of reading
 * fills several parts), the progress events, and the service once it is resolved. It lives here so
 * that the renderers need not import src/aws to draw gather's progress.
 */

/** Hops as the progress view shows them while gathering. */
export type GatherHop =
  | "service"
  | "listeners"
  | "rules"
  | "target-groups"
  | "targets"
  | "service-networks"
  | "vpc-associations"
  | "resource-associations"
  | "vpc-endpoint-associations"
  | "sharing"
  | "auth-policies"
  | "security-groups"
  | "network-acls"
  | "prefix-lists"
  | "caller"
  | "signals"
  | "access-logs";

export interface ProgressEvent {
  hop: GatherHop;
  /** "start" when the first call of the hop goes out, "done" when the hop's last call returned. */
  phase: "start" | "done";
  /** With "done": how many resources of the hop were read, and how many calls failed. */
  read?: number;
  failed?: number;
}

/** The service a run is about, as far as it is known once its name or id is resolved. */
export interface ServiceRef {
  id: string;
  arn?: string;
  name?: string;
}
