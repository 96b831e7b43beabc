/**
 * The order the SDK modules load in (clients.ts `sdk`): lattice's first, every other one once the
 * first lattice request is out (or its first call has ended), so loading EC2's or CloudWatch's
 * module never delays the first lattice calls. A set of clients that asks for no lattice module
 * first holds nothing back. Live clients (the loopback wire fake, through the real SDK): a replay
 * loads no SDK module at all (light-sdk.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClients, type ClientOptions } from "../../src/aws/clients.js";
import { REGION, SVC, fakeAccount } from "./default-account.js";
import { startWireServer, type WireServer } from "../support/wire-server.js";

let server: WireServer;
const saved = { ...process.env };
afterAll(async () => {
  await server.close();
  process.env = saved;
});

const live = (options: Partial<ClientOptions> = {}) =>
  createClients({ region: REGION, maxAttempts: 1, ...options });

const settled = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe("SDK modules: lattice's first", () => {
  // Loaded once (ESM's cache) before any test, so only the ordering is measured, never a cold load
  // that outlasts the safety net's second.
  beforeAll(async () => {
    server = await startWireServer(fakeAccount());
    Object.assign(process.env, server.env, {
      AWS_ACCESS_KEY_ID: "AKIAWIRETEST00000000",
      AWS_SECRET_ACCESS_KEY: "wire-test-secret",
      AWS_EC2_METADATA_DISABLED: "true",
    });
    await Promise.all([
      import("../../src/aws/sdk/vpc-lattice.js"),
      import("../../src/aws/sdk/ec2.js"),
      import("../../src/aws/sdk/sts.js"),
      import("../../src/aws/sdk/cloudwatch.js"),
    ]);
  });

  it("holds EC2's module back until the first lattice request has gone out", async () => {
    const order: string[] = [];
    const clients = live({ onRequest: (service) => order.push(`${service} request out`) });
    const lattice = clients.sdk.lattice().then((m) => (order.push("lattice module"), m));
    const ec2 = clients.sdk.ec2().then(() => order.push("ec2 module"));
    const { GetServiceCommand } = await lattice;
    // Loaded long ago were it not held back (well within the safety net's second).
    expect(await settled(ec2, 200)).toBe(false);
    const service = await (await clients.lattice()).send(new GetServiceCommand({ serviceIdentifier: SVC }));
    expect(service.id).toBe(SVC);
    await ec2;
    expect(order).toEqual(["lattice module", "vpc-lattice request out", "ec2 module"]);
  });

  it("holds nothing back in a set of clients that asks for no lattice module first", async () => {
    const clients = live();
    expect(await settled(clients.sdk.sts(), 500)).toBe(true);
    expect(await settled(clients.sdk.ec2(), 500)).toBe(true);
  });

  it("a lattice call that fails lets the others load as well", async () => {
    const clients = live();
    const { GetServiceCommand } = await clients.sdk.lattice();
    const cloudwatch = clients.sdk.cloudwatch();
    await expect(
      (await clients.lattice()).send(new GetServiceCommand({ serviceIdentifier: "svc-0000000000000000f" })),
    ).rejects.toThrow();
    expect(await settled(cloudwatch, 500)).toBe(true);
  });
});
