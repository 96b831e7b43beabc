import { describe, expect, it } from "vitest";
import { logRedactor, redactLogEvidence } from "../../src/report/redact.js";
import { buildWhyReport, splitIpPort, whyExitCode } from "../../src/report/why.js";
import { withSignals } from "../support/signals.js";
import { accessLog } from "../support/signals.js";
import type { Report } from "../../src/report/types.js";

const doctor = {
  tool: { name: "lattice-doctor", version: "0.0.0" },
  context: { region: "us-east-1", endpoints: {} },
  target: { input: "orders-api", id: "svc-0e5b4c6a2d1f83a97" },
  verdict: "healthy",
  complete: true,
  calls: { total: 1, failed: 0, durationMs: 1 },
  findings: [],
} as unknown as Report;

describe("log evidence redaction", () => {
  it("numbers callers and addresses, keeps the role type and the port", () => {
    const out = redactLogEvidence({
      a: "arn:aws:sts::111122223333:assumed-role/reporting-job/i-0b7e2c4d6f8a01357",
      b: "arn:aws:iam::111122223333:role/billing-sync",
      c: "arn:aws:sts::111122223333:assumed-role/reporting-job/i-0b7e2c4d6f8a01357",
      ip: "10.0.1.23:8080",
      v6: "[2600:1f18:4a3:6902::17]:443",
      same: "from 10.0.1.23",
      sg: "sg-0282b1d9c4e5f6a70",
    });
    expect(out).toEqual({
      a: "arn:aws:sts::************:assumed-role/principal-1",
      b: "arn:aws:iam::************:role/principal-2",
      c: "arn:aws:sts::************:assumed-role/principal-1",
      ip: "ip-1:8080",
      v6: "[ip-2]:443",
      same: "from ip-1",
      sg: "sg-0282b1d9c4e5f6a70",
    });
  });

  it("a second pass over the same document keeps the numbers", () => {
    const r = logRedactor();
    const once = r.deep("arn:aws:iam::111122223333:role/a arn:aws:iam::111122223333:role/b");
    expect(r.deep(once, { ips: false })).toBe(once);
    expect(r.deep("10.0.0.1", { ips: false })).toBe("10.0.0.1");
  });
});

describe("lattice why document", () => {
  const build = (topology: ReturnType<typeof withSignals>) =>
    buildWhyReport({
      doctor,
      findings: [],
      topology,
      failed: undefined,
      query: { limit: 5000 },
      context: { region: "us-east-1" },
      currentTime: "2025-11-28T09:30:00.000Z",
    });

  it("Firehose only: cannot be read back, says where to look; exit 3", () => {
    const r = build(
      withSignals({
        accessLogSubscriptions: [
          accessLog({
            destinationArn: "arn:aws:firehose:us-east-1:111122223333:deliverystream/orders-api-access",
          }),
        ],
      }),
    );
    expect(r.logs.status).toBe("not-read");
    expect(r.logs.note).toContain(
      "Firehose (arn:aws:firehose:us-east-1:111122223333:deliverystream/orders-api-access)",
    );
    expect(r.exitCode).toBe(3);
  });

  it("no subscription: LAT-603, exit 3", () => {
    expect(build(withSignals({ accessLogSubscriptions: [] })).logs.note).toContain("LAT-603");
  });

  it("exit codes", () => {
    const read = { status: "read" as const, sources: [], total: 0 };
    expect(whyExitCode({ logs: read, groups: [], filter: { limit: 1 } })).toBe(0);
    expect(whyExitCode({ logs: { ...read, status: "partial" }, groups: [], filter: { limit: 1 } })).toBe(3);
    expect(
      whyExitCode({
        logs: read,
        groups: [],
        filter: { limit: 1, requestId: "x" },
        entry: { responseCode: 200 },
      }),
    ).toBe(0);
    expect(
      whyExitCode({
        logs: read,
        groups: [],
        filter: { limit: 1, requestId: "x" },
        entry: { responseCode: 403 },
      }),
    ).toBe(1);
  });

  it("splits ip:port, IPv6 in brackets", () => {
    expect(splitIpPort("10.0.1.23:8080")).toEqual(["10.0.1.23", "8080"]);
    expect(splitIpPort("[2600:1f18::1]:443")).toEqual(["2600:1f18::1", "443"]);
    expect(splitIpPort(undefined)).toEqual([undefined, undefined]);
  });
});
