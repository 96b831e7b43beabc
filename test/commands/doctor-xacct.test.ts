import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { crossAccountWanted, otherSideClients, otherSideLabel } from "../../src/commands/doctor-xacct.js";

describe("--from / --consumer-profile / --role-arn", () => {
  it("accepts the four client kinds, 8 or 17 hex digits", () => {
    for (const from of [
      "vpc-0f9e8d7c6b5a43210",
      "i-0c1d2e3f4a5b6c7d8",
      "eni-0e1f2a3b",
      "sg-0e7f6a5b4c3d21098",
    ])
      expect(crossAccountWanted({ from })).toBeUndefined();
  });

  it("refuses anything else with what was expected", () => {
    for (const from of ["subnet-0d1e2f3a4b5c6d7e8", "i-xyz", "10.20.1.15", ""])
      expect(crossAccountWanted({ from })).toMatch(
        /expected the failing client as vpc-…, i-…, eni-… or sg-…/,
      );
    expect(crossAccountWanted({ roleArn: "arn:aws:iam::222233334444:user/jdoe" })).toMatch(/IAM role ARN/);
    expect(
      crossAccountWanted({ roleArn: "arn:aws:iam::222233334444:role/ops/LatticeDoctorRead" }),
    ).toBeUndefined();
  });

  it("labels the other side's credentials", () => {
    expect(otherSideLabel({})).toBeUndefined();
    expect(otherSideLabel({ consumerProfile: "consumer-prod" })).toBe("consumer-profile consumer-prod");
    expect(otherSideLabel({ roleArn: "arn:aws:iam::222233334444:role/R" })).toBe(
      "role arn:aws:iam::222233334444:role/R",
    );
    expect(otherSideLabel({ roleArn: "arn:aws:iam::222233334444:role/R", consumerProfile: "hub" })).toBe(
      "role arn:aws:iam::222233334444:role/R via hub",
    );
  });
});

describe("otherSideClients", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("--consumer-profile reads the named profile through the SDK's ini provider, not the default chain", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lattice-xacct-"));
    const credentials = join(dir, "credentials");
    await writeFile(
      credentials,
      "[consumer-prod]\naws_access_key_id = AKIACONSUMEREXAMPLE1\naws_secret_access_key = consumer-secret\n",
    );
    process.env.AWS_SHARED_CREDENTIALS_FILE = credentials;
    process.env.AWS_CONFIG_FILE = join(dir, "config");
    process.env.AWS_ACCESS_KEY_ID = "AKIADEFAULTEXAMPLE01";
    process.env.AWS_SECRET_ACCESS_KEY = "default-secret";
    const clients = otherSideClients({
      label: "consumer-profile consumer-prod",
      consumerProfile: "consumer-prod",
      region: "us-east-1",
      callLog: [],
    });
    expect(clients.label).toBe("consumer-profile consumer-prod");
    const resolved = await (await clients.ec2()).config.credentials();
    expect(resolved.accessKeyId).toBe("AKIACONSUMEREXAMPLE1");
  });

  it("an unknown profile fails when used, as a credentials error (recorded, not a crash)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lattice-xacct-"));
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, "none");
    process.env.AWS_CONFIG_FILE = join(dir, "none-config");
    const clients = otherSideClients({
      label: "consumer-profile nosuch",
      consumerProfile: "nosuch",
      region: "us-east-1",
      callLog: [],
    });
    await expect((await clients.sts()).config.credentials()).rejects.toThrow(
      /nosuch|Could not resolve credentials|profile/i,
    );
  });
});
