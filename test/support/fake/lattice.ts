/**
 * VPC Lattice as the simulated account answers it: identifiers as an id or an ARN, `maxResults`
 * (1–100, default 100) / `nextToken` paging, ResourceNotFoundException (404) for an unknown id,
 * ValidationException for what the Lattice model rejects. List items are derived from the Get
 * answers the scenario holds.
 */
import { fail, pick, str, type Handlers, type Input, type Output } from "./common.js";
import type { Pager } from "./paging.js";
import type {
  Scenario,
  ScenarioListener,
  ScenarioService,
  ScenarioServiceNetwork,
  ScenarioTargetGroup,
} from "./scenario.js";

const DEFAULT_PAGE = 100;

/** The members of each List item (the API reference's …Summary shapes), picked from the Get answer. */
const SERVICE_SUMMARY = [
  "id",
  "arn",
  "name",
  "status",
  "customDomainName",
  "dnsEntry",
  "createdAt",
  "lastUpdatedAt",
] as const;
const LISTENER_SUMMARY = ["id", "arn", "name", "protocol", "port", "createdAt", "lastUpdatedAt"] as const;
const RULE_SUMMARY = ["id", "arn", "name", "isDefault", "priority", "createdAt", "lastUpdatedAt"] as const;
const NETWORK_SUMMARY = [
  "id",
  "arn",
  "name",
  "numberOfAssociatedVPCs",
  "numberOfAssociatedServices",
  "createdAt",
  "lastUpdatedAt",
] as const;
const VPC_ASSOCIATION_SUMMARY = [
  "id",
  "arn",
  "status",
  "createdBy",
  "createdAt",
  "lastUpdatedAt",
  "serviceNetworkId",
  "serviceNetworkName",
  "serviceNetworkArn",
  "vpcId",
  "privateDnsEnabled",
  "dnsOptions",
] as const;

function required(input: Input, key: string): string {
  const value = str(input, key);
  if (!value) {
    fail(
      "ValidationException",
      400,
      `1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

function notFound(type: string, identifier: string): never {
  fail("ResourceNotFoundException", 404, `The specified ${type} ${identifier} does not exist.`);
}

/** The item named by id or ARN. */
function byIdentifier<T>(items: T[], of: (item: T) => { id?: string; arn?: string }, identifier: string) {
  return items.find((item) => of(item).id === identifier || of(item).arn === identifier);
}

export class LatticeApi {
  constructor(
    private readonly scenario: Scenario,
    private readonly pager: Pager,
  ) {}

  handlers(): Handlers {
    return {
      GetService: (i) => this.findService(i).service as Output,
      ListServices: (i) => this.listServices(i),
      ListListeners: (i) => this.listListeners(i),
      GetListener: (i) => this.findListener(i).listener as Output,
      ListRules: (i) => this.listRules(i),
      GetRule: (i) => this.getRule(i),
      ListTargetGroups: (i) => this.listTargetGroups(i),
      GetTargetGroup: (i) => this.findTargetGroup(i).targetGroup as Output,
      ListTargets: (i) => this.listTargets(i),
      ListServiceNetworks: (i) => this.listServiceNetworks(i),
      GetServiceNetwork: (i) =>
        this.findNetwork(required(i, "serviceNetworkIdentifier")).serviceNetwork as Output,
      ListServiceNetworkServiceAssociations: (i) => this.listServiceAssociations(i),
      GetServiceNetworkServiceAssociation: (i) => this.getServiceAssociation(i),
      ListServiceNetworkVpcAssociations: (i) => this.listVpcAssociations(i),
      GetServiceNetworkVpcAssociation: (i) => this.getVpcAssociation(i),
      ListServiceNetworkResourceAssociations: (i) => this.listResourceAssociations(i),
      ListServiceNetworkVpcEndpointAssociations: (i) => this.listEndpointAssociations(i),
      GetAuthPolicy: (i) => this.getAuthPolicy(i),
      ListAccessLogSubscriptions: (i) => this.listAccessLogSubscriptions(i),
    };
  }

  /** One page of a Lattice list: `{items, nextToken?}`. */
  private page<T>(operation: string, input: Input, items: T[]): Output {
    const maxResults = input.maxResults;
    if (maxResults !== undefined && (typeof maxResults !== "number" || maxResults < 1 || maxResults > 100)) {
      fail(
        "ValidationException",
        400,
        `1 validation error detected: Value '${String(maxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100`,
      );
    }
    const { nextToken: _t, maxResults: _m, ...query } = input;
    const page = this.pager.page(
      {
        operation,
        scope: `${operation}:${JSON.stringify(query)}`,
        token: str(input, "nextToken"),
        requested: (maxResults as number | undefined) ?? DEFAULT_PAGE,
        invalidToken: () => fail("ValidationException", 400, "Invalid pagination token"),
      },
      items,
    );
    return page.next === undefined ? { items: page.items } : { items: page.items, nextToken: page.next };
  }

  // --- services, listeners, rules ------------------------------------------------------------

  private findService(input: Input): ScenarioService {
    const id = required(input, "serviceIdentifier");
    return byIdentifier(this.scenario.services, (s) => s.service, id) ?? notFound("service", id);
  }

  private findListener(input: Input): ScenarioListener {
    const service = this.findService(input);
    const id = required(input, "listenerIdentifier");
    return byIdentifier(service.listeners, (l) => l.listener, id) ?? notFound("listener", id);
  }

  private listServices(input: Input): Output {
    const items = this.scenario.services.map(({ service }) => pick(service, SERVICE_SUMMARY));
    return this.page("ListServices", input, items);
  }

  private listListeners(input: Input): Output {
    const items = this.findService(input).listeners.map(({ listener }) => pick(listener, LISTENER_SUMMARY));
    return this.page("ListListeners", input, items);
  }

  private listRules(input: Input): Output {
    const items = this.findListener(input).rules.map((rule) => pick(rule, RULE_SUMMARY));
    return this.page("ListRules", input, items);
  }

  private getRule(input: Input): Output {
    const listener = this.findListener(input);
    const id = required(input, "ruleIdentifier");
    return (byIdentifier(listener.rules, (r) => r, id) ?? notFound("rule", id)) as Output;
  }

  // --- target groups ---------------------------------------------------------------------------

  private findTargetGroup(input: Input): ScenarioTargetGroup {
    const id = required(input, "targetGroupIdentifier");
    return byIdentifier(this.scenario.targetGroups, (t) => t.targetGroup, id) ?? notFound("target group", id);
  }

  private listTargetGroups(input: Input): Output {
    const vpc = str(input, "vpcIdentifier");
    const type = str(input, "targetGroupType");
    const items = this.scenario.targetGroups
      .map((t) => t.targetGroup)
      .filter((t) => (!vpc || t.config?.vpcIdentifier === vpc) && (!type || t.type === type))
      .map((t) => ({
        id: t.id,
        arn: t.arn,
        name: t.name,
        type: t.type,
        status: t.status,
        port: t.config?.port,
        protocol: t.config?.protocol,
        ipAddressType: t.config?.ipAddressType,
        vpcIdentifier: t.config?.vpcIdentifier,
        serviceArns: t.serviceArns,
        createdAt: t.createdAt,
        lastUpdatedAt: t.lastUpdatedAt,
      }));
    return this.page("ListTargetGroups", input, items);
  }

  private listTargets(input: Input): Output {
    const tg = this.findTargetGroup(input);
    const wanted = Array.isArray(input.targets) ? (input.targets as { id?: string; port?: number }[]) : [];
    const targets = wanted.length
      ? tg.targets.filter((t) =>
          wanted.some((w) => w.id === t.id && (w.port === undefined || w.port === t.port)),
        )
      : tg.targets;
    return this.page("ListTargets", input, targets);
  }

  // --- service networks and their associations ------------------------------------------------

  private findNetwork(identifier: string): ScenarioServiceNetwork {
    return (
      byIdentifier(this.scenario.serviceNetworks, (n) => n.serviceNetwork, identifier) ??
      notFound("service network", identifier)
    );
  }

  private listServiceNetworks(input: Input): Output {
    const items = this.scenario.serviceNetworks.map(({ serviceNetwork }) =>
      pick(serviceNetwork, NETWORK_SUMMARY),
    );
    return this.page("ListServiceNetworks", input, items);
  }

  private listServiceAssociations(input: Input): Output {
    const network = str(input, "serviceNetworkIdentifier");
    const service = str(input, "serviceIdentifier");
    if (!network && !service) {
      fail(
        "ValidationException",
        400,
        "Either serviceNetworkIdentifier or serviceIdentifier must be specified.",
      );
    }
    const networkId = network ? this.findNetwork(network).serviceNetwork.id : undefined;
    const serviceId = service ? this.findService({ serviceIdentifier: service }).service.id : undefined;
    const items = this.scenario.serviceAssociations.filter(
      (a) => (!networkId || a.serviceNetworkId === networkId) && (!serviceId || a.serviceId === serviceId),
    );
    return this.page("ListServiceNetworkServiceAssociations", input, items);
  }

  private getServiceAssociation(input: Input): Output {
    const id = required(input, "serviceNetworkServiceAssociationIdentifier");
    const found =
      byIdentifier(this.scenario.serviceAssociations, (a) => a, id) ??
      notFound("service network service association", id);
    return { ...found, ...this.scenario.serviceAssociationDetails?.[found.id ?? ""] } as Output;
  }

  private listVpcAssociations(input: Input): Output {
    const network = str(input, "serviceNetworkIdentifier");
    const vpc = str(input, "vpcIdentifier");
    if (!network && !vpc) {
      fail("ValidationException", 400, "Either serviceNetworkIdentifier or vpcIdentifier must be specified.");
    }
    if (vpc && !/^vpc-[0-9a-f]{8,17}$/.test(vpc)) {
      fail("ValidationException", 400, `Invalid vpcIdentifier: ${vpc}`);
    }
    const networks = network ? [this.findNetwork(network)] : this.scenario.serviceNetworks;
    const items = networks
      .flatMap((n) => n.vpcAssociations)
      .filter((a) => !vpc || a.vpcId === vpc)
      .map((a) => pick(a, VPC_ASSOCIATION_SUMMARY));
    return this.page("ListServiceNetworkVpcAssociations", input, items);
  }

  private getVpcAssociation(input: Input): Output {
    const id = required(input, "serviceNetworkVpcAssociationIdentifier");
    const all = this.scenario.serviceNetworks.flatMap((n) => n.vpcAssociations);
    return (byIdentifier(all, (a) => a, id) ?? notFound("service network VPC association", id)) as Output;
  }

  private listResourceAssociations(input: Input): Output {
    const network = str(input, "serviceNetworkIdentifier");
    const config = str(input, "resourceConfigurationIdentifier");
    if (!network && !config) {
      fail(
        "ValidationException",
        400,
        "Either serviceNetworkIdentifier or resourceConfigurationIdentifier must be specified.",
      );
    }
    const networks = network ? [this.findNetwork(network)] : this.scenario.serviceNetworks;
    const items = networks
      .flatMap((n) => n.resourceAssociations ?? [])
      .filter(
        (a) => !config || a.resourceConfigurationId === config || a.resourceConfigurationArn === config,
      );
    return this.page("ListServiceNetworkResourceAssociations", input, items);
  }

  private listEndpointAssociations(input: Input): Output {
    const network = this.findNetwork(required(input, "serviceNetworkIdentifier"));
    return this.page(
      "ListServiceNetworkVpcEndpointAssociations",
      input,
      network.vpcEndpointAssociations ?? [],
    );
  }

  // --- auth policies and access logs -----------------------------------------------------------

  /** The `svc-…` / `sn-…` id of an existing service or network named by id or ARN, or not found. */
  private resourceId(identifier: string): string {
    const service = byIdentifier(this.scenario.services, (s) => s.service, identifier);
    if (service?.service.id) return service.service.id;
    const network = byIdentifier(this.scenario.serviceNetworks, (n) => n.serviceNetwork, identifier);
    if (network?.serviceNetwork.id) return network.serviceNetwork.id;
    return notFound("resource", identifier);
  }

  private getAuthPolicy(input: Input): Output {
    const identifier = required(input, "resourceIdentifier");
    const policy = this.scenario.authPolicies[this.resourceId(identifier)];
    if (!policy) fail("ResourceNotFoundException", 404, `No auth policy found for resource ${identifier}.`);
    return policy as Output;
  }

  private listAccessLogSubscriptions(input: Input): Output {
    const id = this.resourceId(required(input, "resourceIdentifier"));
    return this.page("ListAccessLogSubscriptions", input, this.scenario.accessLogSubscriptions?.[id] ?? []);
  }
}
