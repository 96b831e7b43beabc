/**
 * The light stand-ins (src/aws/light-sdk.ts) against the SDK modules they stand for
 * (src/aws/sdk/*.ts): every command and paginator exists in both, and each paginator sends exactly
 * the requests the SDK's sends for the same pages (token names, page size, when it stops).
 */
import { describe, expect, it } from "vitest";
import { lightSdk, OPERATIONS, type LightCommand } from "../../src/aws/light-sdk.js";
import type { ServiceKey } from "../../src/aws/clients.js";

const MODULES: Record<ServiceKey, () => Promise<Record<string, unknown>>> = {
  "vpc-lattice": () => import("../../src/aws/sdk/vpc-lattice.js"),
  ec2: () => import("../../src/aws/sdk/ec2.js"),
  sts: () => import("../../src/aws/sdk/sts.js"),
  cloudwatch: () => import("../../src/aws/sdk/cloudwatch.js"),
  iam: () => import("../../src/aws/sdk/iam.js"),
  ram: () => import("../../src/aws/sdk/ram.js"),
  logs: () => import("../../src/aws/sdk/logs.js"),
  s3: () => import("../../src/aws/sdk/s3.js"),
};

interface Sent {
  operation: string;
  input: Record<string, unknown>;
}

type Paginate = (
  config: { client: unknown; pageSize?: number; stopOnSameToken?: boolean },
  input: Record<string, unknown>,
) => AsyncIterable<Record<string, unknown>>;

/** A real SDK client that answers each call from `pages` at the outermost step (nothing is sent). */
function sdkClient(Client: new (config: object) => unknown, sent: Sent[], pages: Record<string, unknown>[]) {
  const client = new Client({
    region: "eu-west-1",
    credentials: {
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    },
  }) as {
    middlewareStack: { add: (mw: unknown, options: object) => void };
    send: (command: unknown) => Promise<unknown>;
  };
  client.middlewareStack.add(
    (_next: unknown, context: { commandName: string }) =>
      async (args: { input: Record<string, unknown> }) => {
        sent.push({
          operation: context.commandName.replace(/Command$/, ""),
          input: structuredClone(args.input),
        });
        return { output: pages.shift() ?? {} };
      },
    { step: "initialize", priority: "high", name: "answerFromPages" },
  );
  return client;
}

/** A light client answering from `pages`. */
function lightClient(sent: Sent[], pages: Record<string, unknown>[]) {
  return {
    send: async (command: LightCommand) => {
      sent.push({ operation: command.operation, input: structuredClone(command.input) });
      return pages.shift() ?? {};
    },
  };
}

async function drain(pages: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const _ of pages) n++;
  return n;
}

/** Pages carrying `token` under `outputToken` (a dotted path), then one without. */
function pagesOf(outputToken: string, tokens: string[]): Record<string, unknown>[] {
  const at = (value: string) =>
    outputToken.split(".").reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<
      string,
      unknown
    >;
  return [...tokens.map(at), {}];
}

const services = Object.keys(OPERATIONS) as ServiceKey[];

describe.each(services)("light %s module", (service) => {
  const { client: clientName, operations } = OPERATIONS[service];

  it("has every command and paginator of src/aws/sdk, and the same client name", async () => {
    const real = await MODULES[service]();
    const light = lightSdk(service) as unknown as Record<string, unknown>;
    expect(typeof real[clientName]).toBe("function");
    for (const name of Object.keys(real)) expect(typeof light[name], name).toBe("function");
  });

  it("sends each command as the SDK's command does", async () => {
    const real = await MODULES[service]();
    const light = lightSdk(service) as unknown as Record<string, unknown>;
    for (const name of Object.keys(real).filter((n) => n.endsWith("Command"))) {
      const sdkSent: Sent[] = [];
      const input = { Example: "value", nested: { a: [1, 2] } };
      const client = sdkClient(real[clientName] as never, sdkSent, [{}]) as {
        send: (c: unknown) => Promise<unknown>;
      };
      await client.send(new (real[name] as new (i: object) => unknown)(structuredClone(input)));
      const command = new (light[name] as new (i: object) => LightCommand)(structuredClone(input));
      expect({ operation: command.operation, input: command.input }, name).toEqual(sdkSent[0]);
    }
  });

  const paginated = Object.entries(operations).filter(([, tokens]) => tokens !== null);
  if (paginated.length === 0) return;

  it.each(paginated)("paginate%s sends what the SDK's paginator sends", async (operation, tokens) => {
    const real = await MODULES[service]();
    const light = lightSdk(service) as unknown as Record<string, unknown>;
    const name = `paginate${operation}`;
    expect(typeof real[name], `${name} is not exported by src/aws/sdk/${service}`).toBe("function");
    const outputToken = tokens![1];
    for (const [config, input, tokenList] of [
      [{ pageSize: 7 }, { Filter: "x" }, ["t-1", "t-2"]],
      [{}, {}, ["t-1"]],
      [{ pageSize: 3, stopOnSameToken: true }, {}, ["same", "same"]],
    ] as const) {
      const sdkSent: Sent[] = [];
      const lightSent: Sent[] = [];
      const sdkPages = await drain(
        (real[name] as Paginate)(
          {
            ...config,
            client: sdkClient(real[clientName] as never, sdkSent, pagesOf(outputToken, [...tokenList])),
          },
          { ...input },
        ),
      );
      const lightPages = await drain(
        (light[name] as Paginate)(
          { ...config, client: lightClient(lightSent, pagesOf(outputToken, [...tokenList])) },
          { ...input },
        ),
      );
      expect(lightSent).toEqual(sdkSent);
      expect(lightPages).toBe(sdkPages);
      // The output token really is the SDK's: it followed every page.
      expect(sdkPages).toBe(config.stopOnSameToken ? 2 : tokenList.length + 1);
    }
  });
});
