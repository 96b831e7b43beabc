/**
 * A two-account run over the real wire: the binary, spawned with the run's own keys in the
 * environment and `--consumer-profile consumer-prod` in a credentials file, talks to the wire
 * server (test/support/wire-server.ts + wire-cross-account.ts), which tells the two accounts apart
 * by the access key each request is signed with. The SDK's RAM restJson1 and EC2 query
 * serialisers, the ini credential provider and the real clients all run.
 */
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Report } from "../../src/report/types.js";
import { FakeAccount } from "../support/fake-account.js";
import {
  CLIENT,
  CONSUMER_ACCOUNT,
  CONSUMER_LABEL,
  TwoAccounts,
} from "../../bench/make-cross-account-fixture.js";
import { DEMO, healthyOrdersScenario } from "../../bench/scenarios.js";
import { startWireServer, type WireServer } from "../support/wire-server.js";
import { expectValidReport } from "../support/validate-report.js";
import { runBin } from "../support/spawn-bin.js";

const PRIMARY_KEY = "AKIAWIRETEST00000000";
const CONSUMER_KEY = "AKIAWIRECONSUMER0000";

let server: WireServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe.skipIf(!existsSync("dist/bundle/cli.mjs"))(
  "two accounts over the wire (--from, --consumer-profile)",
  () => {
    it("reads each side with its own credentials and finds LAT-210 → LAT-205", async () => {
      server = await startWireServer(new TwoAccounts(new FakeAccount(healthyOrdersScenario())), {
        labels: { [CONSUMER_KEY]: CONSUMER_LABEL },
      });
      const home = await mkdtemp(join(tmpdir(), "lattice-wire-xacct-"));
      const credentials = join(home, "credentials");
      await writeFile(
        credentials,
        `[consumer-prod]\naws_access_key_id = ${CONSUMER_KEY}\naws_secret_access_key = wire-consumer-secret\n`,
      );
      const env = {
        PATH: process.env.PATH ?? "",
        HOME: home,
        AWS_CONFIG_FILE: join(home, "no-config"),
        AWS_SHARED_CREDENTIALS_FILE: credentials,
        AWS_ACCESS_KEY_ID: PRIMARY_KEY,
        AWS_SECRET_ACCESS_KEY: "wire-test-secret",
        AWS_REGION: "us-east-1",
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        ...server.env,
      };
      const run = await runBin(
        [
          "doctor",
          DEMO.service,
          "--from",
          CLIENT.instance,
          "--consumer-profile",
          "consumer-prod",
          "--output",
          "json",
        ],
        env,
      );
      expect(run.stderr).not.toContain("loopback-only");
      expect(server.problems).toEqual([]);
      const report: unknown = JSON.parse(run.stdout);
      expectValidReport(report);
      const doc = report as Report;
      expect(run.code).toBe(1);
      expect(doc.findings.slice(0, 2).map((f) => f.code)).toEqual(["LAT-210", "LAT-205"]);
      expect(doc.context.readers?.[1]).toMatchObject({ label: CONSUMER_LABEL, accountId: CONSUMER_ACCOUNT });
      expect(doc.context.client).toMatchObject({
        input: CLIENT.instance,
        vpcId: CLIENT.vpc,
        ownerAccountId: CONSUMER_ACCOUNT,
      });
      expect(server.operations()).toEqual(
        expect.arrayContaining([
          "ec2:DescribeVpcEndpoints",
          "ec2:DescribeVpcs",
          "ram:GetResourceShareAssociations",
          "ram:GetResourceShareInvitations",
          "ram:GetResourceShares",
          "ram:ListPendingInvitationResources",
          "ram:ListResources",
        ]),
      );
      // The consumer's reads were signed with the consumer's key, the producer's with the run's own.
      const consumerOps = server.requests.filter(
        (r) => r.service === "ram" && r.operation === "GetResourceShareInvitations",
      );
      expect(consumerOps).toHaveLength(1);
    });

    it("--role-arn: the role is assumed through STS with the run's credentials, then reads the consumer's side", async () => {
      const role = `arn:aws:iam::${CONSUMER_ACCOUNT}:role/LatticeDoctorRead`;
      server = await startWireServer(
        new TwoAccounts(new FakeAccount(healthyOrdersScenario()), CONSUMER_KEY),
        {
          labels: { [CONSUMER_KEY]: `role ${role}` },
        },
      );
      const home = await mkdtemp(join(tmpdir(), "lattice-wire-xacct-"));
      const run = await runBin(
        ["doctor", DEMO.service, "--from", CLIENT.instance, "--role-arn", role, "--output", "json"],
        baseEnv(server, home),
      );
      expect(server.problems).toEqual([]);
      const doc = JSON.parse(run.stdout) as Report;
      expectValidReport(doc);
      expect(doc.context.readers?.[1]).toMatchObject({ label: `role ${role}`, accountId: CONSUMER_ACCOUNT });
      const assume = server.requests.find((r) => r.operation === "AssumeRole");
      expect(assume?.input).toMatchObject({ RoleArn: role, RoleSessionName: "lattice-doctor" });
      expect(doc.findings.slice(0, 2).map((f) => f.code)).toEqual(["LAT-210", "LAT-205"]);
    });

    it("a role that cannot be assumed: named in LAT-901, the run goes on with its own credentials", async () => {
      const role = "arn:aws:iam::999988887777:role/LatticeDoctorRead";
      server = await startWireServer(new TwoAccounts(new FakeAccount(healthyOrdersScenario()), CONSUMER_KEY));
      const home = await mkdtemp(join(tmpdir(), "lattice-wire-xacct-"));
      const run = await runBin(
        ["doctor", DEMO.service, "--from", CLIENT.instance, "--role-arn", role, "--output", "json"],
        baseEnv(server, home),
      );
      const doc = JSON.parse(run.stdout) as Report;
      expectValidReport(doc);
      expect(run.code).toBe(3);
      const lat901 = doc.findings.find((f) => f.code === "LAT-901" && f.resource.id === "sts:AssumeRole");
      expect(lat901?.fix.summary).toContain(`The role ${role} could not be assumed`);
      expect(doc.findings.map((f) => f.code)).toContain("LAT-211"); // the client: in no account at hand
    });
  },
);

function baseEnv(server: WireServer, home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: home,
    AWS_CONFIG_FILE: join(home, "no-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "no-credentials"),
    AWS_ACCESS_KEY_ID: PRIMARY_KEY,
    AWS_SECRET_ACCESS_KEY: "wire-test-secret",
    AWS_REGION: "us-east-1",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...server.env,
  };
}
