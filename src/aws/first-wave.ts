/**
 * The first wave of gather's reads for one service id, sent by the early stage (src/early.ts) on
 * clients built exactly as the doctor builds them (createClients, same region resolution, same
 * per-attempt timeout), for the real run to adopt (prefetch.ts): GetService, ListListeners,
 * ListServiceNetworkServiceAssociations, GetAuthPolicy and ListAccessLogSubscriptions of the
 * service, and GetCallerIdentity. While the CLI loads, the longest chain of dependent reads goes on
 * from ListListeners' answer: GetListener and ListRules per listener, GetRule per rule.
 *
 * One read of the wave is a hint rather than a read of the diagnosis: ListTargetGroups' first page.
 * Each target group names the services it serves (`serviceArns`), so the groups serving this one
 * have their GetTargetGroup and first ListTargets page sent at once, beside ListListeners → ListRules
 * → GetRule instead of after it; when GetRule names them, the run adopts the answers and goes on to
 * the targets' EC2 reads a round trip sooner. The hint itself is never adopted (gather does not ask
 * it) and so is in no report or recording; denied or missing, it only means no head start. A group
 * the rules do not name after all costs a read, never a result (its prefetches are not adopted).
 *
 * The inputs are gather's (gather.ts run(), readListeners, readRules, readRule; gather-signals.ts):
 * a call whose input differs is simply not adopted, and test/e2e/early.test.ts sees it asked twice.
 */
import type {
  ListListenersResponse,
  ListRulesResponse,
  ListTargetGroupsResponse,
} from "@aws-sdk/client-vpc-lattice";
import type * as LatticeSdk from "./sdk/vpc-lattice.js";
import { attemptTimeoutMs, createClients, prefetch } from "./clients.js";
import { configuredRegion } from "./region.js";
import { parseServiceInput } from "./resolve.js";
import type { EarlyTarget } from "../early.js";

/**
 * gather.ts LATTICE_PAGE_SIZE and gather-signals.ts ACCESS_LOG_PAGE_SIZE, restated: importing them
 * would load gather (and EC2, CloudWatch) before the first call. test/aws/prefetch.test.ts checks
 * that they are the same.
 */
export const FIRST_WAVE_PAGE_SIZES = { lattice: 100, accessLogs: 100 };

/** Every first page as the SDK's paginator asks it: no token yet, the page size gather gives. */
const firstPage = { nextToken: undefined, maxResults: FIRST_WAVE_PAGE_SIZES.lattice };

/**
 * Sends the wave; resolves once every request of it has been handed to the network. `built` is
 * called once the Lattice client is built, just before its requests are sent.
 */
export async function sendFirstWave(
  target: EarlyTarget,
  env: NodeJS.ProcessEnv,
  built: () => void = noop,
): Promise<void> {
  const parsed = parseServiceInput(target.input);
  if (parsed.kind !== "id" && parsed.kind !== "arn") return;
  // As doctor's locate(): the profile first (its region and endpoint_url apply), then the region.
  if (target.profile) env.AWS_PROFILE = target.profile;
  const region = parsed.kind === "arn" ? parsed.region : await configuredRegion(target.region, env);
  if (!region) return;
  const id = parsed.id;
  const requestTimeoutMs = attemptTimeoutMs(env);
  const handedOver = counter();
  const clients = createClients({
    region,
    prefetching: true,
    onRequest: handedOver.add,
    ...(requestTimeoutMs ? { requestTimeoutMs } : {}),
  });
  // The commands come with the client, from the lattice module alone (clients.ts `sdk`).
  const sdk = await clients.sdk.lattice();
  const {
    GetAuthPolicyCommand,
    GetServiceCommand,
    ListAccessLogSubscriptionsCommand,
    ListListenersCommand,
    ListServiceNetworkServiceAssociationsCommand,
    ListTargetGroupsCommand,
  } = sdk;
  const lattice = await clients.lattice();
  built();
  prefetch(lattice, "vpc-lattice", "GetService", new GetServiceCommand({ serviceIdentifier: id }));
  const listeners = prefetch(
    lattice,
    "vpc-lattice",
    "ListListeners",
    new ListListenersCommand({ serviceIdentifier: id, ...firstPage }),
  );
  // The longest chain starts here: its next reads follow each answer while the CLI loads.
  listeners?.then((page) => followListeners(sdk, lattice, id, page as ListListenersResponse), noop);
  prefetch(
    lattice,
    "vpc-lattice",
    "ListServiceNetworkServiceAssociations",
    new ListServiceNetworkServiceAssociationsCommand({ serviceIdentifier: id, ...firstPage }),
  );
  prefetch(lattice, "vpc-lattice", "GetAuthPolicy", new GetAuthPolicyCommand({ resourceIdentifier: id }));
  prefetch(
    lattice,
    "vpc-lattice",
    "ListAccessLogSubscriptions",
    new ListAccessLogSubscriptionsCommand({
      resourceIdentifier: id,
      nextToken: undefined,
      maxResults: FIRST_WAVE_PAGE_SIZES.accessLogs,
    }),
  );
  const groups = prefetch(
    lattice,
    "vpc-lattice",
    "ListTargetGroups",
    new ListTargetGroupsCommand(firstPage),
    {
      adoptable: false,
    },
  );
  groups?.then((page) => followTargetGroups(sdk, lattice, id, page as ListTargetGroupsResponse), noop);
  // The Lattice requests are written before STS's module is loaded (loading it holds the thread).
  await handedOver.reached(6);
  const { GetCallerIdentityCommand } = await clients.sdk.sts();
  prefetch(await clients.sts(), "sts", "GetCallerIdentity", new GetCallerIdentityCommand({}));
  await handedOver.reached(7);
}

const noop = () => undefined;

/**
 * The reads gather.ts starts for each listener of ListListeners' first page (readListener,
 * readRules: GetListener, and ListRules' first page), then for each rule of that page that is not
 * the default (readRule: GetRule). Registered before the run sees the answer (this callback was
 * attached first), so the run adopts them instead of sending its own.
 */
function followListeners(
  sdk: typeof LatticeSdk,
  lattice: object,
  serviceIdentifier: string,
  page: ListListenersResponse,
): void {
  for (const { id: listenerIdentifier } of page.items ?? []) {
    if (!listenerIdentifier) continue;
    const ids = { serviceIdentifier, listenerIdentifier };
    prefetch(lattice, "vpc-lattice", "GetListener", new sdk.GetListenerCommand(ids));
    prefetch(lattice, "vpc-lattice", "ListRules", new sdk.ListRulesCommand({ ...ids, ...firstPage }))?.then(
      (rules) => followRules(sdk, lattice, ids, rules as ListRulesResponse),
      noop,
    );
  }
}

function followRules(
  sdk: typeof LatticeSdk,
  lattice: object,
  ids: { serviceIdentifier: string; listenerIdentifier: string },
  page: ListRulesResponse,
): void {
  for (const { id: ruleIdentifier, isDefault } of page.items ?? [])
    if (ruleIdentifier && !isDefault)
      prefetch(lattice, "vpc-lattice", "GetRule", new sdk.GetRuleCommand({ ...ids, ruleIdentifier }));
}

/**
 * The reads gather.ts starts for a target group a rule forwards to (readTargetGroup: GetTargetGroup,
 * and ListTargets' first page), for each group of ListTargetGroups' first page that serves the
 * service (`…:service/<id>` in its serviceArns).
 */
function followTargetGroups(
  sdk: typeof LatticeSdk,
  lattice: object,
  serviceId: string,
  page: ListTargetGroupsResponse,
): void {
  const servesThis = (arn: string) => arn.endsWith(`:service/${serviceId}`);
  for (const { id: targetGroupIdentifier, serviceArns } of page.items ?? []) {
    if (!targetGroupIdentifier || !serviceArns?.some(servesThis)) continue;
    prefetch(
      lattice,
      "vpc-lattice",
      "GetTargetGroup",
      new sdk.GetTargetGroupCommand({ targetGroupIdentifier }),
    );
    prefetch(
      lattice,
      "vpc-lattice",
      "ListTargets",
      new sdk.ListTargetsCommand({ targetGroupIdentifier, ...firstPage }),
    );
  }
}

/**
 * Counts requests handed to the HTTP handler; `reached(n)` settles on the second turn of the event
 * loop after the n-th, by when a loopback connection has been made and the request written.
 */
function counter(): { add: () => void; reached: (n: number) => Promise<void> } {
  let count = 0;
  const waiting: { n: number; resolve: () => void }[] = [];
  const twoTurns = (resolve: () => void) => setImmediate(() => setImmediate(resolve));
  return {
    add: () => {
      count++;
      for (const w of waiting.filter((w) => w.n <= count)) {
        waiting.splice(waiting.indexOf(w), 1);
        twoTurns(w.resolve);
      }
    },
    reached: (n) => new Promise((resolve) => (count >= n ? twoTurns(resolve) : waiting.push({ n, resolve }))),
  };
}
