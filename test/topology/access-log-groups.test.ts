/** The access-log line parser and the streaming group accumulator (pure). */
import { describe, expect, it } from "vitest";
import { filterPatternFor, matchesStatus, parseAccessLogLine } from "../../src/topology/access-log-entry.js";
import { GroupAccumulator, SAMPLES_PER_GROUP } from "../../src/topology/access-log-groups.js";

const PRINCIPAL = "arn:aws:sts::111122223333:assumed-role/checkout-api/i-0a1b2c3d4e5f60001";

describe("parseAccessLogLine", () => {
  it('reads "-" as absent, numeric strings as numbers, the VPC id from its ARN', () => {
    const entry = parseAccessLogLine(
      JSON.stringify({
        startTime: "2026-03-02T10:01:02Z",
        requestId: "5e1d7f0a-0001-4a8b-9c3d-2f6e8a0b1c4d",
        responseCode: "403",
        authDeniedReason: "Network",
        failureReason: "ClientAccessDenied",
        callerPrincipal: PRINCIPAL,
        sourceVpcArn: "arn:aws:ec2:us-east-1:111122223333:vpc/vpc-0c11e0000000000b1",
        targetIpPort: "-",
        requestToTargetDuration: "-",
        duration: "7",
      }),
    );
    expect(entry).toEqual({
      startTime: "2026-03-02T10:01:02Z",
      requestId: "5e1d7f0a-0001-4a8b-9c3d-2f6e8a0b1c4d",
      responseCode: 403,
      authDeniedReason: "Network",
      failureReason: "ClientAccessDenied",
      callerPrincipal: PRINCIPAL,
      sourceVpcArn: "arn:aws:ec2:us-east-1:111122223333:vpc/vpc-0c11e0000000000b1",
      sourceVpcId: "vpc-0c11e0000000000b1",
      duration: 7,
    });
  });

  it("takes resolvedUser when callerPrincipal is absent, and skips what is not a JSON object", () => {
    expect(parseAccessLogLine('{"resolvedUser":"Anonymous","responseCode":403}')).toEqual({
      callerPrincipal: "Anonymous",
      responseCode: 403,
    });
    expect(
      parseAccessLogLine('{"resolvedUser":"Unknown","callerPrincipal":"Anonymous"}')?.callerPrincipal,
    ).toBe("Anonymous");
    expect(parseAccessLogLine("")).toBeUndefined();
    expect(parseAccessLogLine("[1,2]")).toBeUndefined();
    expect(parseAccessLogLine("{not json")).toBeUndefined();
  });
});

describe("matchesStatus / filterPatternFor", () => {
  it.each([
    [undefined, { responseCode: 200 }, false],
    [undefined, { responseCode: 404 }, true],
    [undefined, { failureReason: "ClientConnectionClosed" }, true],
    ["403", { responseCode: 403 }, true],
    ["403", { responseCode: 404 }, false],
    ["5xx", { responseCode: 502 }, true],
    ["5xx", { responseCode: 499 }, false],
    ["timeout", { responseCode: 504 }, true],
    ["timeout", { responseCode: 500, failureReason: "TargetDataTimeout" }, true],
    ["timeout", { responseCode: 502, failureReason: "TargetConnectionError" }, false],
  ] as const)("%s %j → %s", (status, entry, expected) => {
    expect(matchesStatus(entry, status)).toBe(expected);
  });

  it("quotes a request id as JSON in the pattern", () => {
    expect(filterPatternFor(undefined, 'a"b')).toBe('{ $.requestId = "a\\"b" }');
    expect(filterPatternFor("404")).toBe("{ $.responseCode = 404 }");
  });
});

describe("GroupAccumulator", () => {
  it("groups by status, reason, principal, source VPC and target; keeps counts, times, samples and the top path", () => {
    const groups = new GroupAccumulator();
    const base = Date.parse("2026-03-02T10:00:00Z");
    for (let i = 0; i < 10; i++)
      groups.add(
        {
          responseCode: 403,
          authDeniedReason: "Service",
          failureReason: "ClientAccessDenied",
          callerPrincipal: PRINCIPAL,
          sourceVpcId: "vpc-0c11e0000000000b1",
          requestId: `r-${i}`,
          requestMethod: "GET",
          requestPath: i < 7 ? "/orders" : "/admin",
        },
        base + (9 - i) * 1000,
      );
    groups.add(
      { responseCode: 502, failureReason: "TargetConnectionError", targetIpPort: "10.30.2.41:8080" },
      base,
    );
    const result = groups.result();
    expect(groups.total).toBe(11);
    expect(result).toHaveLength(2);
    expect(result[0]).toEqual({
      key: `403|Service/ClientAccessDenied|${PRINCIPAL}|vpc-0c11e0000000000b1|`,
      responseCode: 403,
      authDeniedReason: "Service",
      failureReason: "ClientAccessDenied",
      callerPrincipal: PRINCIPAL,
      sourceVpcId: "vpc-0c11e0000000000b1",
      requestMethod: "GET",
      requestPath: "/orders",
      count: 10,
      firstSeen: "2026-03-02T10:00:00.000Z",
      lastSeen: "2026-03-02T10:00:09.000Z",
      sampleRequestIds: ["r-0", "r-1", "r-2"].slice(0, SAMPLES_PER_GROUP),
    });
    expect(result[1]).toMatchObject({
      responseCode: 502,
      targetIpPort: "10.30.2.41:8080",
      count: 1,
      sampleRequestIds: [],
    });
  });
});
