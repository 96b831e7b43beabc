/**
 * A VPC Lattice request, as `--as` describes it, evaluated against both auth-policy layers of the
 * traced service: each service network the service is in, then the service (lattice-facts §3).
 *
 * - Action: `vpc-lattice-svcs:Invoke` on an HTTP/HTTPS listener, `Connect` on TLS_PASSTHROUGH;
 *   resource `<service ARN><path>` for Invoke (`…/svc-…/` for `/`), the bare service ARN for Connect.
 * - Context: the Lattice keys (Port, RequestMethod, RequestPath, RequestHeader/<name>,
 *   RequestQueryString/<key>, ServiceArn, ServiceNetworkArn, SourceVpc, SourceVpcOwnerAccount) and the
 *   global keys the caller implies or supplies (aws:PrincipalType, PrincipalAccount, PrincipalArn,
 *   username, PrincipalOrgID, PrincipalTag/<k>, SecureTransport, CurrentTime, EpochTime).
 * - What lattice doctor cannot know is "unknown", not absent: the source VPC without `--from vpc-…`,
 *   its owner account, the caller's organization and tags unless given, the source IP, resource tags.
 *   A layer whose decision depends on one is reported as unknown, never as a guess.
 * - A TLS_PASSTHROUGH listener cannot see who calls: every caller is anonymous there.
 * - authType NONE: the layer is not evaluated. AWS_IAM without a policy: denied. A policy that was not
 *   read (a failed read) or cannot be parsed: unknown.
 *
 * Pure: the command fills `currentTime`; nothing here reads a clock.
 */
import { COULD_NOT_CHECK, NOT_EVALUABLE_HERE } from "../core/codes.js";
import type { Listener, Topology } from "../topology/types.js";
import {
  compilePolicy,
  describeStatementRef,
  evaluate,
  PolicyFormatError,
  type Evaluation,
  type StatementRef,
} from "./evaluate.js";
import { parseCaller, principalAccount, principalArn, principalType, type Caller } from "./principal.js";

export const INVOKE = "vpc-lattice-svcs:Invoke";
export const CONNECT = "vpc-lattice-svcs:Connect";

/** What the user told lattice doctor about the request (`--as`, `--method` …). */
export interface AuthRequest {
  /** `--as` as given: an ARN, an account id, a service principal, or `anonymous`. */
  principal: string;
  method: string;
  path: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** Query-string keys and their values (a key may repeat). */
  query: Record<string, string[]>;
  port?: number;
  /** `vpc-…` from `--from`, when it named a VPC. */
  sourceVpc?: string;
  /** `--from` as given (an instance, ENI or security group leaves the VPC unknown here). */
  from?: string;
  principalOrgId?: string;
  principalType?: string;
  principalTags?: Record<string, string>;
  /** ISO 8601 time of the run, for aws:CurrentTime (set by the command: checks have no clock). */
  currentTime?: string;
}

export type LayerDecision = "allowed" | "denied" | "not-evaluated" | "unknown";

export interface LayerEvaluation {
  layer: "network" | "service";
  id: string;
  arn: string;
  name: string;
  authType: string;
  decision: LayerDecision;
  /** The deciding statement (0-based index as in the Statement list, and its Sid). */
  statement?: StatementRef;
  /** One line: `statement 2 (Sid "Deny") denies`, `no statement allows`, `authType NONE: …`. */
  reason: string;
  /** How the layer denied: by a statement, by no statement, or because there is no policy. */
  denial?: "explicit" | "implicit" | "no-policy";
  /** Why each Allow statement missed (implicit denies). */
  misses?: Evaluation["misses"];
  unknownKeys?: string[];
  /** The network the request passes (its VPC's), or the only one; the service layer always is. */
  onPath: boolean;
  /** The ServiceNetworkArn used for this layer's context, when known. */
  serviceNetworkArn?: string;
}

export interface LatticeRequest {
  caller: Caller;
  /** The caller as evaluated (anonymous on a TLS_PASSTHROUGH listener). */
  evaluatedAs: Caller;
  action: string;
  resource: string;
  method?: string;
  path?: string;
  port: number;
  protocol?: string;
  listenerId?: string;
  serviceArn: string;
  /** The network the request is taken to pass, when lattice doctor can tell. */
  serviceNetworkArn?: string;
  sourceVpc?: string;
  /** Always unknown to lattice doctor (null in the JSON). */
  sourceVpcOwnerAccount?: string;
  headers: Record<string, string>;
  query: Record<string, string[]>;
  /** The condition keys the request carries, as evaluated. */
  context: Record<string, string | number | boolean | string[]>;
  /** Keys whose value lattice doctor does not know (lower-cased). */
  unknownKeys: string[];
  notes: string[];
}

export interface AuthEvaluation {
  request: LatticeRequest;
  layers: LayerEvaluation[];
}

/** The listener the request reaches: the one on `port`, else the first HTTPS, then HTTP, then any. */
export function chooseListener(
  listeners: readonly Listener[],
  port: number | undefined,
): Listener | undefined {
  if (port !== undefined) return listeners.find((l) => l.port === port);
  return (
    listeners.find((l) => l.protocol === "HTTPS") ??
    listeners.find((l) => l.protocol === "HTTP") ??
    listeners[0]
  );
}

/** The networks the request passes: the `--from` VPC's (association or endpoint), else the only one. */
function pathNetworks(topology: Topology, request: AuthRequest): Set<string> {
  const networks = Object.keys(topology.serviceNetworks);
  if (request.sourceVpc) {
    const ids = new Set<string>();
    for (const a of topology.vpcAssociations)
      if (a.vpcId === request.sourceVpc && a.status === "ACTIVE") ids.add(a.serviceNetworkId);
    for (const e of topology.vpcEndpointAssociations ?? [])
      if (e.vpcId === request.sourceVpc) ids.add(e.serviceNetworkId);
    const known = [...ids].filter((id) => networks.includes(id));
    if (known.length > 0) return new Set(known);
  }
  return new Set(networks.length === 1 ? networks : []);
}

const KNOWN_ABSENT_PREFIXES = ["vpc-lattice-svcs:requestheader/", "vpc-lattice-svcs:requestquerystring/"];

function unknownPredicate(
  caller: Caller,
  request: AuthRequest,
  context: Record<string, unknown>,
): (key: string) => boolean {
  const present = new Set(Object.keys(context).map((k) => k.toLowerCase()));
  const anonymous = caller.type === "anonymous";
  return (key) => {
    if (present.has(key)) return false;
    if (KNOWN_ABSENT_PREFIXES.some((p) => key.startsWith(p))) return false; // the request is as described
    if (anonymous && (key.startsWith("aws:principal") || key === "aws:username" || key === "aws:userid"))
      return false;
    if (key.startsWith("aws:principaltag/") && request.principalTags) return false; // tags given: the rest are absent
    if (key === "aws:username" && caller.type !== "user") return false; // only IAM users have one
    return key.startsWith("aws:") || key.startsWith("vpc-lattice-svcs:");
  };
}

/** Builds the request context for one layer (`serviceNetworkArn` differs per network). */
export function latticeRequest(topology: Topology, request: AuthRequest): LatticeRequest {
  const caller = parseCaller(request.principal);
  const notes: string[] = [];
  const listener = chooseListener(topology.listeners, request.port);
  if (request.port !== undefined && !listener) {
    notes.push(`the service has no listener on port ${request.port}: evaluated as if it had one`);
  }
  const tls = listener?.protocol === "TLS_PASSTHROUGH";
  const evaluatedAs: Caller = tls ? { type: "anonymous" } : caller;
  if (tls && caller.type !== "anonymous") {
    notes.push(
      "the listener is TLS_PASSTHROUGH: Lattice cannot see who calls, so the request is evaluated as anonymous",
    );
  }
  const port = request.port ?? listener?.port ?? 443;
  const serviceArn = topology.service.arn;
  const action = tls ? CONNECT : INVOKE;
  const path = request.path.startsWith("/") ? request.path : `/${request.path}`;
  const resource = tls ? serviceArn : `${serviceArn}${path}`;

  const context: LatticeRequest["context"] = {
    "vpc-lattice-svcs:Port": port,
    "vpc-lattice-svcs:ServiceArn": serviceArn,
  };
  if (!tls) {
    context["vpc-lattice-svcs:RequestMethod"] = request.method.toUpperCase();
    context["vpc-lattice-svcs:RequestPath"] = path;
    for (const [name, value] of Object.entries(request.headers))
      context[`vpc-lattice-svcs:RequestHeader/${name.toLowerCase()}`] = value;
    for (const [key, values] of Object.entries(request.query))
      context[`vpc-lattice-svcs:RequestQueryString/${key}`] = values;
  }
  if (request.sourceVpc) context["vpc-lattice-svcs:SourceVpc"] = request.sourceVpc;
  else if (request.from)
    notes.push(`vpc-lattice-svcs:SourceVpc is unknown: --from ${request.from} is not a VPC id`);
  else notes.push("vpc-lattice-svcs:SourceVpc is unknown: pass --from vpc-… to evaluate conditions on it");
  notes.push(
    "vpc-lattice-svcs:SourceVpcOwnerAccount is unknown to lattice doctor: conditions on it are not judged",
  );
  if (listener) context["aws:SecureTransport"] = listener.protocol !== "HTTP";
  if (request.currentTime) {
    context["aws:CurrentTime"] = request.currentTime;
    context["aws:EpochTime"] = String(Math.floor(Date.parse(request.currentTime) / 1000));
  }
  const type = request.principalType ?? principalType(evaluatedAs);
  if (type) context["aws:PrincipalType"] = type;
  if (evaluatedAs.type !== "anonymous") {
    const account = principalAccount(evaluatedAs);
    if (account) context["aws:PrincipalAccount"] = account;
    const arn = principalArn(evaluatedAs);
    if (arn) context["aws:PrincipalArn"] = arn;
    if (evaluatedAs.type === "user") context["aws:username"] = evaluatedAs.name;
    if (evaluatedAs.type !== "service") context["aws:PrincipalIsAWSService"] = false;
    if (evaluatedAs.type === "service") {
      context["aws:PrincipalIsAWSService"] = true;
      context["aws:PrincipalServiceName"] = evaluatedAs.service;
    }
    if (request.principalOrgId) context["aws:PrincipalOrgID"] = request.principalOrgId;
    for (const [k, v] of Object.entries(request.principalTags ?? {})) context[`aws:PrincipalTag/${k}`] = v;
  }
  const paths = pathNetworks(topology, request);
  const onlyNetwork = paths.size === 1 ? topology.serviceNetworks[[...paths][0]!] : undefined;
  const isUnknown = unknownPredicate(evaluatedAs, request, context);
  return {
    caller,
    evaluatedAs,
    action,
    resource,
    ...(tls ? {} : { method: request.method.toUpperCase(), path }),
    port,
    ...(listener ? { protocol: listener.protocol, listenerId: listener.id } : {}),
    serviceArn,
    ...(onlyNetwork ? { serviceNetworkArn: onlyNetwork.arn } : {}),
    ...(request.sourceVpc ? { sourceVpc: request.sourceVpc } : {}),
    headers: tls ? {} : { ...request.headers },
    query: tls ? {} : { ...request.query },
    context,
    unknownKeys: [
      ...(request.sourceVpc ? [] : ["vpc-lattice-svcs:SourceVpc"]),
      "vpc-lattice-svcs:SourceVpcOwnerAccount",
      ...(evaluatedAs.type !== "anonymous" && !request.principalOrgId ? ["aws:PrincipalOrgID"] : []),
      ...(evaluatedAs.type !== "anonymous" && !request.principalTags ? ["aws:PrincipalTag/*"] : []),
      "aws:SourceIp",
    ].filter((k) => isUnknown(k.replace("/*", "/x").toLowerCase())),
    notes,
  };
}

function evaluateLayer(
  kind: "network" | "service",
  item: { id: string; arn: string; name: string; authType: string },
  topology: Topology,
  request: LatticeRequest,
  authRequest: AuthRequest,
  onPath: boolean,
  serviceNetworkArn: string | undefined,
): LayerEvaluation {
  const base = { layer: kind, id: item.id, arn: item.arn, name: item.name, authType: item.authType, onPath };
  const withArn = serviceNetworkArn ? { serviceNetworkArn } : {};
  if (item.authType === "NONE") {
    return {
      ...base,
      ...withArn,
      decision: "not-evaluated",
      reason: "authType NONE: this layer does not check who calls",
    };
  }
  if (item.authType !== "AWS_IAM") {
    return {
      ...base,
      ...withArn,
      decision: "unknown",
      reason: `authType is ${item.authType || "unknown"}: the ${kind === "service" ? "service" : "service network"} could not be read`,
    };
  }
  const entry = topology.authPolicies[item.id];
  if (!entry) {
    return {
      ...base,
      ...withArn,
      decision: "unknown",
      reason: `the auth policy could not be read (see ${COULD_NOT_CHECK}): not judged`,
    };
  }
  if (entry.policy === undefined || entry.policy.trim() === "") {
    return {
      ...base,
      ...withArn,
      decision: "denied",
      denial: "no-policy",
      reason: "authType AWS_IAM and no auth policy: every request is denied",
    };
  }
  const context = { ...request.context };
  if (serviceNetworkArn) context["vpc-lattice-svcs:ServiceNetworkArn"] = serviceNetworkArn;
  let evaluation: Evaluation;
  try {
    evaluation = evaluate(compilePolicy(entry.policy), {
      caller: request.evaluatedAs,
      action: request.action,
      resource: request.resource,
      context,
      isUnknown: unknownPredicate(request.evaluatedAs, authRequest, context),
    });
  } catch (error) {
    if (!(error instanceof PolicyFormatError)) throw error;
    return {
      ...base,
      ...withArn,
      decision: "unknown",
      reason: `the auth policy cannot be evaluated: ${error.message}`,
    };
  }
  const out: LayerEvaluation = { ...base, ...withArn, decision: "unknown", reason: evaluation.reason };
  if (evaluation.statement) out.statement = evaluation.statement;
  switch (evaluation.decision) {
    case "allow":
      out.decision = "allowed";
      break;
    case "explicit-deny":
      out.decision = "denied";
      out.denial = "explicit";
      break;
    case "implicit-deny":
      out.decision = "denied";
      out.denial = "implicit";
      out.misses = evaluation.misses;
      break;
    default:
      out.unknownKeys = evaluation.unknownKeys;
  }
  return out;
}

/** Both layers for the request: every network of the service (topology order), then the service. */
export function evaluateLatticeAuth(topology: Topology, authRequest: AuthRequest): AuthEvaluation {
  const request = latticeRequest(topology, authRequest);
  const paths = pathNetworks(topology, authRequest);
  const layers: LayerEvaluation[] = Object.values(topology.serviceNetworks).map((n) =>
    evaluateLayer("network", n, topology, request, authRequest, paths.has(n.id), n.arn),
  );
  // A network the service is associated with but that could not be read is a layer of unknown answer.
  const listed = new Set(layers.map((l) => l.id));
  for (const a of topology.serviceAssociations) {
    if (a.status !== "ACTIVE" || listed.has(a.serviceNetworkId)) continue;
    listed.add(a.serviceNetworkId);
    layers.push({
      layer: "network",
      id: a.serviceNetworkId,
      arn: a.serviceNetworkArn ?? "",
      name: a.serviceNetworkName ?? "",
      authType: "UNKNOWN",
      decision: "unknown",
      reason: `the service network could not be read (see ${COULD_NOT_CHECK} or ${NOT_EVALUABLE_HERE}): its auth type and policy are unknown`,
      onPath: paths.has(a.serviceNetworkId),
    });
  }
  layers.push(
    evaluateLayer(
      "service",
      topology.service,
      topology,
      request,
      authRequest,
      true,
      request.serviceNetworkArn,
    ),
  );
  return { request, layers };
}

/** `statement 2 (Sid "X")` or `no statement`. */
export function statementText(layer: LayerEvaluation): string {
  return layer.statement ? describeStatementRef(layer.statement) : "no statement";
}
