/**
 * Which command lines get the early stage (src/early.ts earlyTarget): `doctor`, one id or ARN, and
 * only options that cannot change what the first reads are or where they go.
 */
import { describe, expect, it } from "vitest";
import { earlyTarget } from "../../src/early.js";

const ID = "svc-0e5b4c6a2d1f83a97";
const ARN = `arn:aws:vpc-lattice:eu-west-1:111122223333:service/${ID}`;

describe("earlyTarget", () => {
  it.each<[string[], object]>([
    [["doctor", ID], { input: ID }],
    [["doctor", ARN, "--output", "json"], { input: ARN }],
    [["doctor", "--output=json", ID], { input: ID }],
    [["doctor", "-o", "json", "--symptom", "403", ID, "--no-color", "--fail-on", "none"], { input: ID }],
    [
      ["doctor", ID, "--region", "eu-west-1", "--profile", "prod"],
      { input: ID, region: "eu-west-1", profile: "prod" },
    ],
    [
      ["doctor", ID, "--as", "arn:aws:iam::111122223333:role/app", "--header", "x-a=1", "x-b=2", "--verbose"],
      { input: ID },
    ],
    [["doctor", ID, "--record", "run.json", "--timeout", "30s", "--redact"], { input: ID }],
  ])("%j → %j", (argv, target) => {
    expect(earlyTarget(argv)).toEqual(target);
  });

  it.each<[string, string[]]>([
    ["another command", ["why", ID]],
    ["a name (looked up in ListServices)", ["doctor", "orders-api"]],
    ["a DNS name", ["doctor", "orders-api-0e5b4c6a2d1f83a97.7d67968.vpc-lattice-svcs.us-east-1.on.aws"]],
    ["no service", ["doctor", "--output", "json"]],
    ["--demo", ["doctor", "--demo"]],
    ["--replay", ["doctor", ID, "--replay", "run.json"]],
    ["--help", ["doctor", ID, "--help"]],
    ["an unknown option (a typo)", ["doctor", ID, "--outptu", "json"]],
    ["an option given twice", ["doctor", ID, "--region", "us-east-1", "--region", "eu-west-1"]],
    ["other credentials", ["doctor", ID, "--consumer-profile", "client"]],
    ["--debug", ["doctor", ID, "--debug"]],
    ["two services", ["doctor", ID, "svc-0a1b2c3d4e5f67890"]],
    ["an array option swallowing the service, as yargs does", ["doctor", "--header", "x-a=1", ID]],
    ["a value that looks like an option", ["doctor", ID, "--region", "--output"]],
    ["a switch given a value", ["doctor", ID, "--verbose", "false"]],
    ["--", ["doctor", "--", ID]],
    ["combined short options", ["doctor", ID, "-vo", "json"]],
  ])("none for %s", (_what, argv) => {
    expect(earlyTarget(argv)).toBeUndefined();
  });
});
