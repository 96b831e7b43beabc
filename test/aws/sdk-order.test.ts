/**
 * The order the SDK modules load in (clients.ts `sdk`): lattice's first, every other one once the
 * first lattice request is out (or its first call has ended), so loading EC2's or CloudWatch's
 * module never delays the first lattice calls. A set of clients that asks for no lattice module
 * first holds nothing back.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createClients } from "../../src/aws/clients.js";
import { REGION, SVC, fakeAccount } from "./default-account.js";

const settled = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe("SDK modules: lattice's first", () => {
  // Loaded once (ESM's cache) before any test, so only the ordering is measured, never a cold load
  // that outlasts the safety net's second.
  beforeAll(async () => {
    await Promise.all([
      import("../../src/aws/sdk/vpc-lattice.js"),
      import("../../src/aws/sdk/ec2.js"),
      import("../../src/aws/sdk/sts.js"),
      import("../../src/aws/sdk/cloudwatch.js"),
    ]);
  });

  it("holds EC2's module back until the first lattice call has gone out and ended", async () => {
    const clients = createClients({ region: REGION, replayer: fakeAccount() });
    const order: string[] = [];
    const lattice = clients.sdk.lattice().then((m) => (order.push("lattice module"), m));
    const ec2 = clients.sdk.ec2().then(() => order.push("ec2 module"));
    const { GetServiceCommand } = await lattice;
    // Loaded long ago were it not held back (well within the safety net's second).
    expect(await settled(ec2, 200)).toBe(false);
    const service = await (await clients.lattice()).send(new GetServiceCommand({ serviceIdentifier: SVC }));
    order.push("GetService answered");
    expect(service.id).toBe(SVC);
    await ec2;
    expect(order).toEqual(["lattice module", "GetService answered", "ec2 module"]);
  });

  it("holds nothing back in a set of clients that asks for no lattice module first", async () => {
    const clients = createClients({ region: REGION, replayer: fakeAccount() });
    expect(await settled(clients.sdk.sts(), 500)).toBe(true);
    expect(await settled(clients.sdk.ec2(), 500)).toBe(true);
  });

  it("a failed lattice call lets the others load as well (no request ever left)", async () => {
    const clients = createClients({ region: REGION, replayer: fakeAccount() });
    const { GetServiceCommand } = await clients.sdk.lattice();
    const cloudwatch = clients.sdk.cloudwatch();
    await expect(
      (await clients.lattice()).send(new GetServiceCommand({ serviceIdentifier: "svc-0000000000000000f" })),
    ).rejects.toThrow();
    expect(await settled(cloudwatch, 500)).toBe(true);
  });
});
