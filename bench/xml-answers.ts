/**
 * Every XML answer the loopback wire fake gives a run, as the SDK receives it: the large service's
 * whole gather (EC2 and STS answer in XML), IAM's policy simulation (`--as`) and each XML
 * service's error document (an unsigned request). Captured through an HTTP proxy in front of the
 * fake, with the Query action each answers. Used by the XML benchmark (bench/xml-deser-bench.ts)
 * and the differential tests of the SDK XML patches (test/scripts/).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gather } from "../src/aws/gather.js";
import { gatherIdentity } from "../src/aws/gather-identity.js";
import { authRequestFrom } from "../src/commands/auth-args.js";
import { FakeAccount, type Scenario } from "../test/support/fake-account.js";
import { startWireServer, type WireServer } from "../test/support/wire-server.js";
import { wireClients } from "../test/support/wire-clients.js";
import {
  AUTH,
  DEMO,
  LARGE_SERVICE,
  SYNTHETIC_SERVICE,
  authLayersScenario,
  syntheticScenario,
} from "./scenarios.js";

export interface XmlAnswer {
  /** The fake's path prefix: `ec2`, `sts`, `iam`, `s3`. */
  service: string;
  /** The Query `Action` of the request (`DescribeInstances`), or "" (S3, a bad request). */
  action: string;
  status: number;
  body: string;
}

const REGION = "us-east-1";

/** An HTTP proxy in front of `server` that keeps every XML answer it passes back. */
async function capture(server: WireServer, answers: XmlAnswer[], proxies: Server[]): Promise<string> {
  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request = Buffer.concat(chunks);
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([k]) => !["host", "connection", "content-length"].includes(k)),
      ) as Record<string, string>;
      void fetch(`${server.url}${req.url}`, {
        method: req.method,
        headers,
        ...(req.method === "GET" ? {} : { body: request }),
      }).then(async (answer) => {
        const body = Buffer.from(await answer.arrayBuffer());
        if (/xml/.test(answer.headers.get("content-type") ?? ""))
          answers.push({
            service: (req.url ?? "").split("/")[1] ?? "",
            action: new URLSearchParams(request.toString("utf8")).get("Action") ?? "",
            status: answer.status,
            body: body.toString("utf8"),
          });
        res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "" });
        res.end(body);
      });
    });
  });
  proxies.push(proxy);
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}

/** Runs the three captures above and returns the answers in the order the SDK received them. */
export async function captureXmlAnswers(): Promise<XmlAnswer[]> {
  const answers: XmlAnswer[] = [];
  const servers: WireServer[] = [];
  const proxies: Server[] = [];
  const clientsFor = async (scenario: Scenario) => {
    const server = await startWireServer(new FakeAccount(scenario), { region: REGION });
    servers.push(server);
    return wireClients(await capture(server, answers, proxies), REGION);
  };
  try {
    const large = await gather({
      clients: await clientsFor(syntheticScenario(LARGE_SERVICE)),
      region: REGION,
      serviceId: SYNTHETIC_SERVICE,
    });
    if (large.failures.length) throw new Error(`gather failed: ${JSON.stringify(large.failures)}`);
    const clients = await clientsFor(authLayersScenario());
    const topology = await gather({ clients, region: REGION, serviceId: DEMO.service });
    const request = await authRequestFrom(
      { as: AUTH.frontendSession, path: "/cart" },
      "2025-11-28T09:30:00.000Z",
    );
    await gatherIdentity(clients, topology, request!);
    const proxy = await capture(servers[0]!, answers, proxies);
    for (const service of ["ec2", "sts", "iam", "s3"])
      await fetch(`${proxy}/${service}/`, { method: "POST", body: "Action=X" });
  } finally {
    for (const p of proxies) await new Promise((resolve) => p.close(resolve));
    for (const s of servers) await s.close();
  }
  return answers;
}
