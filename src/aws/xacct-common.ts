/**
 * What gather-xacct.ts (the client's side) and gather-sharing.ts (RAM) share: the credentials at
 * hand, the call spec a failure is recorded under, and the run's call / limiter hooks.
 */
import type { Reader, TopologyPart } from "../topology/types.js";
import type { AwsClients, ServiceKey } from "./clients.js";

/** The label of the run's own credentials (`readers[0]`, trace `readBy`). */
export const PRIMARY_LABEL = "default";
/** RAM allows maxResults 1–500. */
export const RAM_PAGE_SIZE = 500;

/** One set of credentials and its clients. */
export interface ReaderClients {
  reader: Reader;
  clients: AwsClients;
}

export interface Spec {
  part: TopologyPart;
  service: ServiceKey;
  operation: string;
  resource?: string;
  reader: Reader;
  /** The account the resource belongs to, when known and not the reader's. */
  owner?: string;
}

/** The run's hooks: a call that never rejects (failures recorded), the limiter, the credentials. */
export interface XacctContext {
  call<T>(spec: Spec, fn: () => Promise<T>): Promise<T | undefined>;
  lim<C extends { send: (...args: never[]) => Promise<unknown> }>(client: C): C;
  readers: ReaderClients[];
}
