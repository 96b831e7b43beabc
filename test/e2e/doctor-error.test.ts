/**
 * `lattice doctor --error "<text>"` end to end on recordings: the pasted text becomes LAT-410, its
 * layer's findings rank first, unknown text is said so and ranked as usual, the run never fails
 * because of the text.
 */
import { describe, expect, it } from "vitest";
import { runCli as run, runJson as json } from "../support/cli.js";

const HEALTHY = "fixtures/recordings/healthy-orders.recording.json";
/** Both auth layers NONE. */
const HEALTHY_NONE = "fixtures/recordings/healthy-alb.recording.json";
const SVC = "svc-0e5b4c6a2d1f83a97";
const SVC_ARN = `arn:aws:vpc-lattice:us-east-1:111122223333:service/${SVC}`;
const CALLER = "arn:aws:sts::111122223333:assumed-role/checkout-api/i-0f1e2d3c4b5a69788";

const denial = (layer: string, user = CALLER, serviceArn = SVC_ARN): string =>
  `AccessDeniedException: User: ${user} is not authorized to perform: vpc-lattice-svcs:Invoke on resource: ${serviceArn}/orders because no ${layer}-based policy allows the vpc-lattice-svcs:Invoke action`;

describe("lattice doctor --demo --error", () => {
  it("service-based: LAT-410 names the service, and the service's LAT-401 ranks first", async () => {
    const { run: r, report } = await json(["doctor", "--demo", "--error", denial("service")]);
    expect(r.code).toBe(1);
    // Root causes in order: the service's LAT-401 first, then LAT-410 (LAT-401's own effects, such as
    // the recent 403s of LAT-604, sit right after it).
    const roots = report.findings.filter((f) => !f.causedBy).map((f) => f.code);
    expect(roots.slice(0, 2)).toEqual(["LAT-401", "LAT-410"]);
    const f410 = report.findings.find((f) => f.code === "LAT-410")!;
    expect(f410.severity).toBe("critical");
    expect(f410.resource).toMatchObject({ type: "service", id: SVC });
    expect(f410.evidence[0]).toEqual({
      call: "vpc-lattice-svcs:Invoke",
      observed: { errorText: denial("service"), principal: CALLER, resource: `${SVC_ARN}/orders` },
    });
    expect(f410.evidence).toContainEqual({
      call: "vpc-lattice:GetAuthPolicy",
      observed: { resourceIdentifier: SVC, hasPolicy: false },
    });
    expect(f410.fix.commands[0]).toBe(
      `aws vpc-lattice get-auth-policy --resource-identifier ${SVC} --region us-east-1`,
    );
    expect(r.stderr).not.toContain("not one lattice knows");
  });

  it("signing fault: LAT-410 first, ahead of every other critical", async () => {
    const { report } = await json([
      "doctor",
      "--demo",
      "--error",
      `{"__type":"IncompleteSignatureException","message":"'x-amz-security-token' is named as a SignedHeader, but it does not exist in the HTTP request."}`,
    ]);
    expect(report.findings[0]!.code).toBe("LAT-410");
    expect(report.findings[0]!.hop).toBe("client");
    expect(report.findings[0]!.fix.summary).toContain("AWS_SESSION_TOKEN");
    expect(report.findings[0]!.fix.commands[0]).toMatch(
      /^lattice probe https:\/\/orders-api-.*\.vpc-lattice-svcs\.us-east-1\.on\.aws\/ --region us-east-1$/,
    );
  });

  it("without --error the order is the usual one (LAT-410 absent, not applicable)", async () => {
    const { report } = await json(["doctor", "--demo"]);
    expect(report.findings.map((f) => f.code)).not.toContain("LAT-410");
    expect(report.checks.find((c) => c.code === "LAT-410")?.status).toBe("not-applicable");
  });

  it("unknown text: says so on stderr, ranks as usual, exit code unchanged", async () => {
    const plain = await json(["doctor", "--demo"]);
    const { run: r, report } = await json(["doctor", "--demo", "--error", "upstream request timeout"]);
    expect(r.stderr).toContain("--error: this text is not one lattice knows");
    expect(r.code).toBe(plain.run.code);
    expect(report.findings.map((f) => f.code)).toEqual(plain.report.findings.map((f) => f.code));
  });

  it("an empty --error is a usage error (exit 2), not a crash", async () => {
    const r = await run(["doctor", "--demo", "--error", "  "]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--error needs the text the client saw");
    expect(r.stdout).toBe("");
  });

  it("text output carries the explanation, control characters escaped", async () => {
    const r = await run(["doctor", "--demo", "--output", "text", "--error", `${denial("service")}\u001b[2J`]);
    expect(r.stdout).toContain("LAT-410 The 403 comes from the auth policy of service orders-api");
    expect(r.stdout).not.toContain("\u001b[2J");
  });
});

describe("lattice doctor --error on a healthy service", () => {
  it("a network-based 403 on a network that enforces IAM with a policy: the network is named, critical", async () => {
    const { run: r, report } = await json([
      "doctor",
      "--replay",
      HEALTHY,
      "--error",
      denial("network", "anonymous"),
    ]);
    expect(r.code).toBe(1);
    expect(report.findings).toHaveLength(1);
    const [f] = report.findings;
    expect(f!.code).toBe("LAT-410");
    expect(f!.severity).toBe("critical");
    expect(f!.resource.type).toBe("service-network");
    expect(f!.title).toContain("it does not allow an unsigned (anonymous) request");
    expect(f!.evidence).toContainEqual({
      call: "vpc-lattice:GetAuthPolicy",
      observed: { resourceIdentifier: f!.resource.id, hasPolicy: true, state: "Active" },
    });
  });

  it("a network-based 403 where no network checks identity: info, exit 0", async () => {
    const legacyWeb = "arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-656965f4eb3d5b161";
    const { run: r, report } = await json([
      "doctor",
      "--replay",
      HEALTHY_NONE,
      "--error",
      denial("network", "anonymous", legacyWeb),
    ]);
    expect(r.code).toBe(0);
    expect(report.verdict).toBe("healthy");
    const f = report.findings.find((x) => x.code === "LAT-410")!;
    expect(f.severity).toBe("info");
    expect(f.title).toContain("does not check identity now (authType NONE)");
  });

  it("a signing fault is critical even there: Lattice refuses a bad signature whatever the policies", async () => {
    const { run: r, report } = await json([
      "doctor",
      "--replay",
      HEALTHY,
      "--error",
      "InvalidSignatureException: Signed payloads are not supported",
    ]);
    expect(r.code).toBe(1);
    expect(report.findings.map((f) => [f.code, f.severity])).toEqual([["LAT-410", "critical"]]);
  });

  it("an error about another service: info, pointing at that service", async () => {
    const other = denial("service").replace(SVC, "svc-0b1f56d26672bf677");
    const { run: r, report } = await json(["doctor", "--replay", HEALTHY, "--error", other]);
    expect(r.code).toBe(0);
    expect(report.findings[0]!.title).toContain("svc-0b1f56d26672bf677, not");
  });
});
