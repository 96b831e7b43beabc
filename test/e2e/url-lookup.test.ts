/**
 * `lattice doctor <url|host>` and name look-ups, end to end: the CLI against the loopback wire server
 * (the real SDK, real pagination), so the generated DNS name, the custom domain across
 * pages, a name with no match and a name with several matches are seen as a user sees them.
 */
import { afterEach, describe, expect, it } from "vitest";
import { FakeAccount, type Scenario } from "../support/fake-account.js";
import { brokenOrdersScenario, DEMO, latticeArn, REGION, service } from "../../bench/scenarios.js";
import type { Report } from "../../src/report/types.js";
import { wireEnv } from "../support/wire-env.js";
import { runWithEnv } from "../support/in-process.js";
import { expectValidReport } from "../support/validate-report.js";
import { startWireServer, type WireServer } from "../support/wire-server.js";

const servers: WireServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    expect(server.problems).toEqual([]);
    await server.close();
  }
});

async function serve(scenario: Scenario): Promise<WireServer> {
  // One item a page: every look-up has to follow nextToken.
  const server = await startWireServer(new FakeAccount(scenario, { pageSize: 1 }), { region: REGION });
  servers.push(server);
  return server;
}

/** The demo's account (orders-api and inventory) plus payments; orders-api may get a custom domain. */
function scenario(customDomain?: string): Scenario {
  const s = brokenOrdersScenario();
  const orders = s.services.find((x) => x.service.id === DEMO.service)!;
  if (customDomain) orders.service = { ...orders.service, customDomainName: customDomain };
  s.services.unshift({
    service: service("svc-0aa11bb22cc33dd44", "payments", "NONE", {
      customDomainName: "payments.internal.example.com",
    }),
    listeners: [],
  });
  return s;
}

async function doctor(server: WireServer, args: string[]) {
  return runWithEnv(["doctor", ...args], await wireEnv(server));
}

function report(stdout: string): Report {
  const doc: unknown = JSON.parse(stdout);
  expectValidReport(doc);
  return doc as Report;
}

const generated = (s: Scenario) =>
  s.services.find((x) => x.service.id === DEMO.service)!.service.dnsEntry!.domainName!;

describe("doctor <url | DNS name> over the wire", () => {
  it("a generated DNS name: the id and region come from the name, no ListServices; the URL's path is --as's", async () => {
    const s = scenario();
    const server = await serve(s);
    const url = `https://${generated(s)}/orders/42`;
    const run = await doctor(server, [url, "--as", "anonymous", "--output", "json"]);
    expect(run.code, run.stderr).toBe(1);
    const doc = report(run.stdout);
    expect(doc.target.id).toBe(DEMO.service);
    expect(doc.target.input).toBe(url);
    expect(doc.auth?.request.path).toBe("/orders/42");
    expect(server.requests.map((r) => r.operation)).not.toContain("ListServices");
  });

  it("--path wins over the URL's path", async () => {
    const s = scenario();
    const server = await serve(s);
    const run = await doctor(server, [
      `https://${generated(s)}/orders`,
      "--as",
      "anonymous",
      "--path",
      "/health",
      "-o",
      "json",
    ]);
    expect(report(run.stdout).auth?.request.path).toBe("/health");
  });

  it("a custom domain: found in ListServices' customDomainName on a later page", async () => {
    const server = await serve(scenario("orders.internal.example.com"));
    const run = await doctor(server, ["https://Orders.Internal.Example.com/orders", "-o", "json"]);
    expect(run.code, run.stderr).toBe(1);
    expect(report(run.stdout).target.id).toBe(DEMO.service);
    const pages = server.requests.filter((r) => r.operation === "ListServices");
    expect(pages.length).toBeGreaterThanOrEqual(2);
  });

  it("no service has the custom domain: exit 4, naming what was searched", async () => {
    const server = await serve(scenario("orders.internal.example.com"));
    const run = await doctor(server, ["https://billing.internal.example.com/"]);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(
      `no VPC Lattice service in ${REGION} has the custom domain name billing.internal.example.com (searched the customDomainName of 3 services, every page of ListServices`,
    );
  });

  it("a generated name whose service does not exist: exit 4", async () => {
    const server = await serve(scenario());
    const run = await doctor(server, [
      `https://gone-0123456789abcdef0.7d67968.vpc-lattice-svcs.${REGION}.on.aws/`,
    ]);
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain("svc-0123456789abcdef0");
  });

  it("a name several services share: exit 4, each match once, one a line, no literal \\n", async () => {
    const s = scenario();
    const twin = "svc-0cc99dd88ee77ff66";
    s.services.push({
      service: { ...service(twin, "orders-api", "NONE"), arn: latticeArn("service", twin, "444455556666") },
      listeners: [],
    });
    const server = await serve(s);
    const run = await doctor(server, ["orders-api"]);
    expect(run.code).toBe(4);
    expect(run.stderr).not.toContain("\\n");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe(
      `lattice: 2 services are named "orders-api" in ${REGION} (services shared with this account included); name one by id or ARN:`,
    );
    expect(lines.slice(1)).toEqual([
      `  ${DEMO.service}  orders-api  ${latticeArn("service", DEMO.service)}`,
      `  ${twin}  orders-api  ${latticeArn("service", twin, "444455556666")}`,
    ]);
  });
});
