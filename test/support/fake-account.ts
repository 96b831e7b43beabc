/**
 * A simulated AWS account: answers the VPC Lattice, EC2, STS, CloudWatch, IAM and RAM reads
 * lattice-doctor makes from a `Scenario`, the way the real APIs do, so the real `gather` can run
 * against it — behind `createClients({replayer: fakeAccount})` (the real read-only guard, call log
 * and recorder in the path), behind aws-sdk-client-mock stubs, or behind the loopback wire server;
 * to make the committed recordings, for the benchmarks and in tests.
 *
 * Each service lives in its own module under ./fake/ (identifiers as id or ARN, each API's paging
 * and errors); this class dispatches, logs the calls and injects the scenario's faults.
 *
 * Answers are JSON-plain copies (timestamps as ISO strings) — exactly what a Replayer returns from a
 * recording, so a live run against the fake and a replay of its recording see the same values.
 * Errors are `ReplayedServiceError`s, shaped like the SDK's ServiceException.
 */
import { ReplayedServiceError, type CallAnswerer } from "../../src/aws/recording.js";
import { CloudWatchApi } from "./fake/cloudwatch.js";
import { fail, plain, sameIdentifier, type Handlers, type Input } from "./fake/common.js";
import { Ec2Api } from "./fake/ec2.js";
import { IamApi } from "./fake/iam.js";
import { LatticeApi } from "./fake/lattice.js";
import { Pager } from "./fake/paging.js";
import { RamError, answerRam, isRamRead } from "./fake/ram.js";
import { FakeAccessLogs } from "./fake/logs.js";
import type { FakeAccountOptions, FakeCall, Fault, Scenario } from "./fake/scenario.js";

export * from "./fake/scenario.js";
export { awsError, lastSegment, type AwsErrorShape } from "./fake/common.js";
export type { RamData } from "./fake/ram.js";

/** Whether a call carries the input values a fault names (identifiers compare by id or ARN). */
function faultMatches(fault: Fault, input: Input): boolean {
  return Object.entries(fault.match ?? {}).every(([key, expected]) => {
    const actual = input[key];
    return typeof expected === "string"
      ? typeof actual === "string" && sameIdentifier(actual, expected)
      : JSON.stringify(actual) === JSON.stringify(expected);
  });
}

export class FakeAccount implements CallAnswerer {
  /** Every call answered or failed, in arrival order. */
  readonly calls: FakeCall[] = [];
  /** Operations the fake does not implement (they fail as UnknownOperationException). */
  readonly unsupported: string[] = [];
  /** Calls being answered now, and the most at once (delayMs makes them overlap): in all, and per service. */
  inFlight = 0;
  maxInFlight = 0;
  private readonly inFlightOf = new Map<string, number>();
  readonly maxInFlightOf = new Map<string, number>();
  private logs: FakeAccessLogs | undefined;
  private readonly faultUses = new Map<Fault, number>();
  private readonly services: Record<string, Handlers>;

  constructor(
    readonly scenario: Scenario,
    private readonly options: FakeAccountOptions = {},
  ) {
    const pager = new Pager(options);
    this.services = {
      "vpc-lattice": new LatticeApi(scenario, pager).handlers(),
      ec2: new Ec2Api(scenario, pager).handlers(),
      cloudwatch: new CloudWatchApi(scenario, pager).handlers(),
      iam: new IamApi(scenario, pager).handlers(),
      sts: { GetCallerIdentity: () => plain(scenario.caller) as Input },
    };
  }

  /** Calls made, optionally only of one service and/or operation. */
  count(service?: string, operation?: string): number {
    return this.calls.filter(
      (c) => (!service || c.service === service) && (!operation || c.operation === operation),
    ).length;
  }

  /** The calls of one operation, in arrival order. */
  callsOf(operation: string): FakeCall[] {
    return this.calls.filter((c) => c.operation === operation);
  }

  async answer(service: string, operation: string, input: unknown): Promise<Record<string, unknown>> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const ofService = (this.inFlightOf.get(service) ?? 0) + 1;
    this.inFlightOf.set(service, ofService);
    this.maxInFlightOf.set(service, Math.max(this.maxInFlightOf.get(service) ?? 0, ofService));
    try {
      if (this.options.delayMs) await new Promise((resolve) => setTimeout(resolve, this.options.delayMs));
      if (service === "logs" || service === "s3") return await this.answerLogs(service, operation, input);
      return this.answerNow(service, operation, input);
    } finally {
      this.inFlight--;
      this.inFlightOf.set(service, this.inFlightOf.get(service)! - 1);
    }
  }

  private answerNow(service: string, operation: string, input: unknown): Record<string, unknown> {
    const args = (input && typeof input === "object" ? plain(input) : {}) as Input;
    const call: FakeCall = { service, operation, input: args };
    this.calls.push(call);
    try {
      this.injectFault(service, operation, args);
      return { ...plain(this.dispatch(service, operation, args)), $metadata: {} };
    } catch (error) {
      call.error = (error as Error).name;
      throw error;
    }
  }

  /** CloudWatch Logs and S3: what the access logs' destinations hold (fake/logs.ts). */
  private async answerLogs(
    service: string,
    operation: string,
    input: unknown,
  ): Promise<Record<string, unknown>> {
    const args = (input && typeof input === "object" ? plain(input) : {}) as Input;
    const call: FakeCall = { service, operation, input: args };
    this.calls.push(call);
    try {
      this.injectFault(service, operation, args);
      this.logs ??= new FakeAccessLogs(this.scenario.accessLogData ?? {}, undefined, {
        emptyByDefault: true,
      });
      return { ...(await this.logs.answer(service, operation, args)), $metadata: {} };
    } catch (error) {
      call.error = (error as Error).name;
      throw error;
    }
  }

  private dispatch(service: string, operation: string, input: Input): Record<string, unknown> {
    if (service === "ram" && isRamRead(operation)) return this.answerRam(operation, input);
    const handler = this.services[service]?.[operation];
    if (!handler) {
      this.unsupported.push(`${service}:${operation}`);
      fail("UnknownOperationException", 400, `FakeAccount does not implement ${service}:${operation}`);
    }
    return handler(input);
  }

  private answerRam(operation: string, input: Input): Record<string, unknown> {
    try {
      return answerRam(this.scenario.ram ?? {}, operation, input, this.options.pageSize);
    } catch (error) {
      if (error instanceof RamError) fail(error.name, 400, error.message);
      throw error;
    }
  }

  private injectFault(service: string, operation: string, input: Input): void {
    for (const fault of this.scenario.faults ?? []) {
      if (fault.service !== service || fault.operation !== operation) continue;
      if (!faultMatches(fault, input)) continue;
      const used = this.faultUses.get(fault) ?? 0;
      if (fault.times !== undefined && used >= fault.times) continue;
      this.faultUses.set(fault, used + 1);
      throw new ReplayedServiceError({
        fault: (fault.error.httpStatusCode ?? 400) >= 500 ? "server" : "client",
        ...fault.error,
      });
    }
  }
}
