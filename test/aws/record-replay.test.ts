/**
 * gather through the real middleware of createClients: a simulated account (CallAnswerer) is
 * recorded, the recording replayed, and both runs must give the same topology.
 */
import { describe, expect, it } from "vitest";
import { createClients } from "../../src/aws/clients.js";
import { gather } from "../../src/aws/gather.js";
import { newRecording, parseRecording, Replayer, type Recording } from "../../src/aws/recording.js";
import type { FakeAccount } from "../support/fake-account.js";
import { R2, REGION, SVC, TG_B, defaultAccount, fakeAccount } from "./default-account.js";

/** The run's clock, as a replay takes it from the recording: the signals' window must not move between runs. */
const NOW = new Date("2026-03-02T10:15:00.000Z");

async function recordRun(fake: FakeAccount) {
  const recording = newRecording({ input: SVC, region: REGION, description: "simulated account" });
  const clients = createClients({ region: REGION, replayer: fake, recording });
  const topology = await gather({ clients, region: REGION, serviceId: SVC, now: NOW });
  return { topology, recording, clients };
}

describe("record → replay", () => {
  it("replaying a recording reproduces the same topology, failures included", async () => {
    const scenario = defaultAccount();
    scenario.faults = [
      {
        service: "vpc-lattice",
        operation: "GetRule",
        match: { ruleIdentifier: R2 },
        error: {
          name: "AccessDeniedException",
          message: "not authorized to perform: vpc-lattice:GetRule",
          httpStatusCode: 403,
        },
      },
      {
        service: "vpc-lattice",
        operation: "ListTargets",
        match: { targetGroupIdentifier: TG_B },
        error: { name: "ThrottlingException", message: "Rate exceeded", httpStatusCode: 429 },
      },
    ];
    const fake = fakeAccount(scenario);
    const recorded = await recordRun(fake);
    expect(recorded.topology.failures.map((f) => [f.call, f.resource, f.kind])).toEqual([
      ["vpc-lattice:GetRule", R2, "access-denied"],
      ["vpc-lattice:ListTargets", TG_B, "throttled"],
    ]);
    expect(recorded.recording.calls).toHaveLength(fake.calls.length);
    // + the shared network's auth policy: ResourceNotFoundException, i.e. "no policy"
    const failedCodes = (log: { ok: boolean; errorCode?: string }[]) =>
      log
        .filter((c) => !c.ok)
        .map((c) => c.errorCode)
        .sort();
    expect(failedCodes(recorded.clients.callLog)).toEqual([
      "AccessDeniedException",
      "ResourceNotFoundException",
      "ThrottlingException",
    ]);

    // Through a file: what --record writes and --replay reads
    const file = JSON.stringify(recorded.recording);
    const replayer = new Replayer(parseRecording(file, "recording.json"));
    const clients = createClients({ region: REGION, replayer });
    const replayed = await gather({ clients, region: REGION, serviceId: SVC, now: NOW });

    expect(replayed).toStrictEqual(recorded.topology);
    expect(replayer.answered).toBe(recorded.recording.calls.length);
    expect(failedCodes(clients.callLog)).toEqual(failedCodes(recorded.clients.callLog));
  });

  it("a recording missing calls replays with ReplayMiss failures, not a crash", async () => {
    const { recording, topology } = await recordRun(fakeAccount());
    expect(topology.failures).toEqual([]);
    const trimmed: Recording = {
      ...recording,
      calls: recording.calls.filter((c) => c.operation !== "DescribeSecurityGroupRules"),
    };
    const replayed = await gather({
      clients: createClients({ region: REGION, replayer: new Replayer(trimmed) }),
      region: REGION,
      serviceId: SVC,
      now: NOW,
    });
    // DescribeSecurityGroups (still recorded) stands in for the missing rules
    expect(replayed.failures).toEqual([]);
    expect(Object.keys(replayed.securityGroups)).toEqual(Object.keys(topology.securityGroups));

    const noTargets: Recording = {
      ...recording,
      calls: recording.calls.filter((c) => c.operation !== "ListTargets"),
    };
    const partial = await gather({
      clients: createClients({ region: REGION, replayer: new Replayer(noTargets) }),
      region: REGION,
      serviceId: SVC,
      now: NOW,
    });
    expect(
      partial.failures.every(
        (f) => f.call === "vpc-lattice:ListTargets" && f.errorCode === "ReplayMiss" && f.kind === "error",
      ),
    ).toBe(true);
    expect(partial.failures).toHaveLength(4);
    expect(Object.values(partial.targetGroups).every((tg) => tg.targets === undefined)).toBe(true);
  });
});
