/**
 * End to end on a two-account recording made with --from and --consumer-profile
 * (fixtures/recordings/cross-account-not-shareable.recording.json, bench/make-cross-account-fixture.ts):
 * the CLI's `main` replays both sides, each from its own answers.
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Recording } from "../../src/aws/recording.js";
import { describe, expect, it } from "vitest";
import { runCli as run } from "../support/cli.js";
import type { Report } from "../../src/report/types.js";
import { expectValidReport } from "../support/validate-report.js";
import {
  CLIENT,
  CONSUMER_ACCOUNT,
  CONSUMER_LABEL,
  CROSS_ACCOUNT_FIXTURE,
  recordCrossAccount,
} from "../../bench/make-cross-account-fixture.js";

describe("lattice doctor --replay <two-account recording> (--from, --consumer-profile)", () => {
  it("the committed recording is what the generator makes", async () => {
    const committed = JSON.parse(await readFile(CROSS_ACCOUNT_FIXTURE, "utf8")) as unknown;
    expect(JSON.parse(JSON.stringify(await recordCrossAccount()))).toEqual(committed);
  });

  it("finds the network that cannot be shared, and the unconnected client VPC as its effect", async () => {
    const r = await run(["doctor", "--replay", CROSS_ACCOUNT_FIXTURE, "--output", "json"]);
    const report: unknown = JSON.parse(r.stdout);
    expectValidReport(report);
    const doc = report as Report;
    expect(r.code).toBe(1);
    expect(doc.complete).toBe(true);
    const codes = doc.findings.map((f) => f.code);
    expect(codes.slice(0, 2)).toEqual(["LAT-210", "LAT-205"]);
    expect(codes).not.toContain("LAT-208"); // the pending invitation is for another resource
    expect(doc.findings[1]!.causedBy).toBe("LAT-210");
    expect(doc.findings[0]!.severity).toBe("critical"); // takes its effect's severity
    expect(doc.context.readers).toEqual([
      expect.objectContaining({ label: "default", accountId: "111122223333" }),
      expect.objectContaining({ label: CONSUMER_LABEL, accountId: CONSUMER_ACCOUNT }),
    ]);
    expect(doc.context.client).toEqual({
      input: CLIENT.instance,
      kind: "instance",
      vpcId: CLIENT.vpc,
      ownerAccountId: CONSUMER_ACCOUNT,
      subnetId: CLIENT.subnet,
      securityGroupIds: [CLIENT.securityGroup],
      privateIpAddress: CLIENT.address,
      readBy: CONSUMER_LABEL,
    });
    const client = doc.trace[0]!;
    expect(client).toMatchObject({
      hop: "client",
      status: "fail",
      ownerAccountIds: [CONSUMER_ACCOUNT],
      readBy: [CONSUMER_LABEL],
      codes: ["LAT-205"],
    });
    expect(doc.trace.find((h) => h.hop === "service")).toMatchObject({
      ownerAccountIds: ["111122223333"],
      readBy: ["default"],
    });
    // the fix for the client's side runs with the consumer's profile
    expect(doc.findings[1]!.fix.commands.at(-1)).toContain("--profile consumer-prod");
  });

  it("text --trace shows each hop's account and credentials", async () => {
    const r = await run(["doctor", "--replay", CROSS_ACCOUNT_FIXTURE, "--trace", "--no-color"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`[account ${CONSUMER_ACCOUNT}; read by ${CONSUMER_LABEL}]`);
    expect(r.stdout).toContain("[account 111122223333; read by default]");
    expect(r.stdout).toContain(`also     ${CONSUMER_LABEL} (account ${CONSUMER_ACCOUNT})`);
    expect(r.stdout).toContain(
      `client   ${CLIENT.instance} in ${CLIENT.vpc} (account ${CONSUMER_ACCOUNT}), ${CLIENT.address}, ${CLIENT.securityGroup}`,
    );
  });

  it("markdown names the client and the other credentials in its context and the trace's accounts", async () => {
    const r = await run(["doctor", "--replay", CROSS_ACCOUNT_FIXTURE, "--output", "markdown"]);
    expect(r.stdout).toContain("| hop | status | resource | codes | account | read by |");
    expect(r.stdout).toMatch(/\| client \(--from\) \| .*i-0c1d2e3f4a5b6c7d8/);
    expect(r.stdout).toContain(
      "| also read with | `consumer-profile consumer-prod (account 222233334444)` |",
    );
  });

  it("--redact masks every account id, the trace's included", async () => {
    const r = await run(["doctor", "--replay", CROSS_ACCOUNT_FIXTURE, "--output", "json", "--redact"]);
    expect(r.stdout).not.toContain(CONSUMER_ACCOUNT);
    expect(r.stdout).not.toContain("111122223333");
  });

  it("without the consumer's credentials the client is not evaluable: LAT-211, incomplete, exit 3", async () => {
    const full = JSON.parse(await readFile(CROSS_ACCOUNT_FIXTURE, "utf8")) as Recording;
    const { otherCredentials: _other, ...meta } = full.meta;
    const oneSide: Recording = { ...full, meta, calls: full.calls.filter((c) => !c.credentials) };
    const path = join(await mkdtemp(join(tmpdir(), "lattice-xacct-")), "one-side.recording.json");
    await writeFile(path, JSON.stringify(oneSide));
    const r = await run(["doctor", "--replay", path, "--output", "json"]);
    const report: unknown = JSON.parse(r.stdout);
    expectValidReport(report);
    const doc = report as Report;
    expect(r.code).toBe(3);
    expect(doc.complete).toBe(false);
    expect(doc.findings.map((f) => f.code)).toContain("LAT-211");
    expect(doc.findings.map((f) => f.code)).not.toContain("LAT-901");
    const lat211 = doc.findings.find((f) => f.code === "LAT-211")!;
    expect(lat211.fix.commands.join("\n")).toContain(
      `aws ec2 describe-instances --instance-ids ${CLIENT.instance}`,
    );
    expect(doc.trace[0]).toMatchObject({ hop: "client", status: "unknown" });
  });

  it("--from on a replay must be the recorded one (exit 2)", async () => {
    const other = await run(["doctor", "--replay", CROSS_ACCOUNT_FIXTURE, "--from", "i-0aa00000000000001"]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(`was recorded with --from ${CLIENT.instance}`);
    const none = await run(["doctor", "--demo", "--from", CLIENT.instance]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("was recorded without --from");
    const same = await run([
      "doctor",
      "--replay",
      CROSS_ACCOUNT_FIXTURE,
      "--from",
      CLIENT.instance,
      "--output",
      "json",
    ]);
    expect(same.code).toBe(1);
  });

  it("a malformed --from is a usage error (exit 2)", async () => {
    const r = await run([
      "doctor",
      "svc-0e5b4c6a2d1f83a97",
      "--from",
      "instance-42",
      "--region",
      "us-east-1",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "--from instance-42: expected the failing client as vpc-…, i-…, eni-… or sg-…",
    );
    expect(r.stdout).toBe("");
  });

  it("a malformed --role-arn is a usage error (exit 2)", async () => {
    const r = await run([
      "doctor",
      "svc-0e5b4c6a2d1f83a97",
      "--role-arn",
      "LatticeDoctorRead",
      "--region",
      "us-east-1",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("expected an IAM role ARN");
  });
});

describe("--as with a --from instance: the request comes from the client's VPC", () => {
  it("vpc-lattice-svcs:SourceVpc is the VPC --from resolved, not unknown", async () => {
    const r = await run([
      "doctor",
      "--replay",
      CROSS_ACCOUNT_FIXTURE,
      "--as",
      `arn:aws:iam::${CONSUMER_ACCOUNT}:role/orders-client`,
      "--output",
      "json",
    ]);
    const report: unknown = JSON.parse(r.stdout);
    expectValidReport(report);
    const doc = report as Report;
    expect(doc.context.client?.input).toBe(CLIENT.instance);
    expect(doc.context.client?.vpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(doc.auth?.request.sourceVpc).toBe(doc.context.client?.vpcId);
    expect(doc.auth?.request.unknown).not.toContain("vpc-lattice-svcs:sourcevpc");
  });
});
