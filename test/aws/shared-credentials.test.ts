/**
 * Every client of one run resolves credentials through one default chain (clients.ts
 * `sharedCredentialChain`): a profile whose credentials cost a look-up (here a
 * credential_process, standing for assume-role or SSO) is asked once, not once per service.
 * Live clients against the loopback wire fake, through the real SDK.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClients } from "../../src/aws/clients.js";
import { closePrefetches } from "../../src/aws/prefetch.js";
import { REGION, SVC, fakeAccount } from "./default-account.js";
import { startWireServer, type WireServer } from "../support/wire-server.js";

let server: WireServer;
const saved = { ...process.env };
const dir = mkdtempSync(join(tmpdir(), "lattice-creds-"));
const counter = join(dir, "asked");

beforeAll(async () => {
  server = await startWireServer(fakeAccount());
  const script = join(dir, "credentials.cjs");
  writeFileSync(
    script,
    `require("node:fs").appendFileSync(${JSON.stringify(counter)}, "asked\\n");
process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: "AKIAWIRETEST00000000", SecretAccessKey: "wire-test-secret" }));\n`,
  );
  const config = join(dir, "config");
  writeFileSync(
    config,
    ["counted", "other"]
      .map(
        (name) =>
          `[profile ${name}]\nregion = ${REGION}\ncredential_process = ${process.execPath} ${script}\n`,
      )
      .join(""),
  );
  for (const key of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"])
    delete process.env[key];
  Object.assign(process.env, server.env, {
    AWS_PROFILE: "counted",
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: join(dir, "no-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
  });
});
afterAll(async () => {
  await server.close();
  process.env = saved;
});

const asked = () =>
  existsSync(counter) ? readFileSync(counter, "utf8").split("\n").filter(Boolean).length : 0;

describe("one credential chain per run", () => {
  it("asks a profile's credential_process once for Lattice, EC2 and STS calls", async () => {
    const clients = createClients({ region: REGION, maxAttempts: 1 });
    const { GetServiceCommand } = await clients.sdk.lattice();
    const { DescribeSubnetsCommand } = await clients.sdk.ec2();
    const { GetCallerIdentityCommand } = await clients.sdk.sts();
    const [service, subnets, identity] = await Promise.all([
      clients.lattice().then((c) => c.send(new GetServiceCommand({ serviceIdentifier: SVC }))),
      clients.ec2().then((c) => c.send(new DescribeSubnetsCommand({}))),
      clients.sts().then((c) => c.send(new GetCallerIdentityCommand({}))),
    ]);
    expect(service.id).toBe(SVC);
    expect(subnets.Subnets).toBeDefined();
    expect(identity.Account).toMatch(/^\d{12}$/);
    expect(clients.callLog.every((c) => c.ok)).toBe(true);
    expect(asked()).toBe(1);
  });

  it("the run's clients resolve through the early stage's chain, under the same environment only", async () => {
    const before = asked();
    const early = createClients({ region: REGION, maxAttempts: 1, prefetching: true });
    const { GetCallerIdentityCommand } = await early.sdk.sts();
    await (await early.sts()).send(new GetCallerIdentityCommand({}));
    expect(asked()).toBe(before + 1);
    const run = createClients({ region: REGION, maxAttempts: 1 });
    const { DescribeSubnetsCommand } = await run.sdk.ec2();
    await (await run.ec2()).send(new DescribeSubnetsCommand({}));
    expect(asked()).toBe(before + 1);
    // Another profile is another identity: its own look-up.
    process.env.AWS_PROFILE = "other";
    const another = createClients({ region: REGION, maxAttempts: 1 });
    await (await another.ec2()).send(new DescribeSubnetsCommand({}));
    expect(asked()).toBe(before + 2);
    process.env.AWS_PROFILE = "counted";
    // Once the run is over, nothing is kept for a later one.
    closePrefetches();
    const later = createClients({ region: REGION, maxAttempts: 1 });
    await (await later.ec2()).send(new DescribeSubnetsCommand({}));
    expect(asked()).toBe(before + 3);
  });

  it("every client of the process (the early stage's too) reuses one pool of connections", async () => {
    const opened = server.connections();
    const early = createClients({ region: REGION, maxAttempts: 1, prefetching: true });
    const { GetServiceCommand } = await early.sdk.lattice();
    await (await early.lattice()).send(new GetServiceCommand({ serviceIdentifier: SVC }));
    const run = createClients({ region: REGION, maxAttempts: 1 });
    const { DescribeSubnetsCommand } = await run.sdk.ec2();
    const { GetCallerIdentityCommand } = await run.sdk.sts();
    await (await run.lattice()).send(new GetServiceCommand({ serviceIdentifier: SVC }));
    await (await run.ec2()).send(new DescribeSubnetsCommand({}));
    await (await run.sts()).send(new GetCallerIdentityCommand({}));
    // Four calls one after another to one host (the fake): at most one new connection (none when
    // an earlier test left one open in the pool).
    expect(server.connections() - opened).toBeLessThanOrEqual(1);
  });
});
