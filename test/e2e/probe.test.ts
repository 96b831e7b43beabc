/**
 * `lattice probe` against a loopback HTTP server (node:http on 127.0.0.1): what arrives is checked
 * header by header, and the signature is recomputed by an independent SigV4 implementation
 * (test/support/sigv4-reference.ts, node:crypto, itself checked against the AWS test suite's
 * published get-vanilla values). Nothing leaves the machine.
 */
import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Ajv } from "ajv";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { main, type Io } from "../../src/cli.js";
import { runProbe, parseTimeout, type ProbeArgs, type ProbeDeps } from "../../src/commands/probe.js";
import { PROBE_RESULT_SCHEMA, type ProbeResult } from "../../src/probe/result.js";
import { regionOfHost, serviceIdOfHost } from "../../src/probe/sign.js";
import {
  EMPTY_SHA256,
  computeSignature,
  parseAuthorization,
  type ReceivedRequest,
} from "../support/sigv4-reference.js";

const CREDENTIALS = {
  accessKeyId: "AKID",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  sessionToken: "IQoJb3JpZ2luX2VjEXAMPLETOKEN//////////wEaCXVzLWVhc3QtMSJHMEUCIQD",
};
const NOW = new Date("2025-03-19T10:15:00Z");
const SVC = "svc-0e5b4c6a2d1f83a97";
const DENIED_ANONYMOUS = `AccessDeniedException: User: anonymous is not authorized to perform: vpc-lattice-svcs:Invoke on resource: arn:aws:vpc-lattice:us-east-1:111122223333:service/${SVC}/orders because no network-based policy allows the vpc-lattice-svcs:Invoke action`;

interface Seen extends ReceivedRequest {
  body: string;
}

/** What the server answers next: status, headers, body — or nothing at all (`hang`). */
interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  hang?: boolean;
}

let server: http.Server;
let base: string;
let seen: Seen[] = [];
let answer: Answer = {};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        headers[k] = Array.isArray(v) ? v.join(",") : (v ?? "");
      seen.push({
        method: req.method ?? "",
        target: req.url ?? "",
        headers,
        body: Buffer.concat(chunks).toString(),
      });
      if (answer.hang) return;
      res.writeHead(answer.status ?? 200, answer.headers ?? { "content-type": "application/json" });
      res.end(answer.body ?? '{"orders":[]}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

afterEach(() => {
  seen = [];
  answer = {};
  server.closeAllConnections();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function io(): { io: Io; out: () => Run & { code: number } } {
  let stdout = "";
  let stderr = "";
  return {
    io: {
      stdout: { write: (s: string) => (stdout += s), isTTY: false },
      stderr: { write: (s: string) => (stderr += s), isTTY: false },
      env: { AWS_EC2_METADATA_DISABLED: "true" },
    },
    out: () => ({ code: 0, stdout, stderr }),
  };
}

async function probe(args: Partial<ProbeArgs>, deps: ProbeDeps = {}): Promise<Run> {
  const { io: streams, out } = io();
  const code = await runProbe(
    { anonymous: false, dryRun: false, timeout: "5s", region: "us-east-1", url: `${base}/orders`, ...args },
    streams,
    { credentials: async () => CREDENTIALS, now: () => NOW, ...deps },
  );
  return { ...out(), code };
}

const ajv = new Ajv({ allErrors: true, strict: true });
const validate = ajv.compile<ProbeResult>(PROBE_RESULT_SCHEMA);
function parseResult(stdout: string): ProbeResult {
  const doc: unknown = JSON.parse(stdout);
  expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  return doc as ProbeResult;
}

/** Recomputes the signature of what the server received, from the signed-header list it names. */
function verify(request: Seen, secret = CREDENTIALS.secretAccessKey): void {
  const auth = parseAuthorization(request.headers.authorization ?? "");
  expect(auth, request.headers.authorization).toBeDefined();
  const expected = computeSignature(request, {
    secretAccessKey: secret,
    amzDate: request.headers["x-amz-date"]!,
    region: auth!.region,
    service: auth!.service,
    signedHeaders: auth!.signedHeaders,
    payloadHash: request.headers["x-amz-content-sha256"]!,
  });
  expect(auth!.signature).toBe(expected.signature);
}

describe("the reference SigV4 implementation", () => {
  const suite = {
    secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    amzDate: "20150830T123600Z",
    region: "us-east-1",
    service: "service",
    signedHeaders: ["host", "x-amz-date"],
    payloadHash: EMPTY_SHA256,
  };
  const headers = { host: "example.amazonaws.com", "x-amz-date": "20150830T123600Z" };

  it("reproduces the AWS SigV4 test suite's get-vanilla", () => {
    const v = computeSignature({ method: "GET", target: "/", headers }, suite);
    expect(v.stringToSign.split("\n")[3]).toBe(
      "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
    );
    expect(v.signature).toBe("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  });

  it("reproduces get-vanilla-query-order-key-case and post-vanilla", () => {
    expect(
      computeSignature({ method: "GET", target: "/?Param2=value2&Param1=value1", headers }, suite).signature,
    ).toBe("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
    expect(computeSignature({ method: "POST", target: "/", headers }, suite).signature).toBe(
      "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
    );
  });
});

describe("lattice probe: the signed request", () => {
  it("arrives signed for vpc-lattice-svcs with UNSIGNED-PAYLOAD, the session token, and a signature that verifies", async () => {
    const r = await probe({});
    expect(r.code).toBe(0);
    expect(seen).toHaveLength(1);
    const req = seen[0]!;
    expect(req.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKID\/20250319\/us-east-1\/vpc-lattice-svcs\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
    expect(req.headers["x-amz-content-sha256"]).toBe("UNSIGNED-PAYLOAD");
    expect(req.headers["x-amz-date"]).toBe("20250319T101500Z");
    expect(req.headers["x-amz-security-token"]).toBe(CREDENTIALS.sessionToken);
    verify(req);
  });

  it("the signature matches the independently computed value exactly (fixed clock, fixed credentials)", async () => {
    await probe({});
    const req = seen[0]!;
    const { signature, canonicalRequest } = computeSignature(req, {
      secretAccessKey: CREDENTIALS.secretAccessKey,
      amzDate: "20250319T101500Z",
      region: "us-east-1",
      service: "vpc-lattice-svcs",
      signedHeaders: ["host", "x-amz-content-sha256", "x-amz-date", "x-amz-security-token"],
      payloadHash: "UNSIGNED-PAYLOAD",
    });
    expect(canonicalRequest).toBe(
      [
        "GET",
        "/orders",
        "",
        `host:${new URL(base).host}`,
        "x-amz-content-sha256:UNSIGNED-PAYLOAD",
        "x-amz-date:20250319T101500Z",
        `x-amz-security-token:${CREDENTIALS.sessionToken}`,
        "",
        "host;x-amz-content-sha256;x-amz-date;x-amz-security-token",
        "UNSIGNED-PAYLOAD",
      ].join("\n"),
    );
    expect(req.headers.authorization).toContain(`Signature=${signature}`);
  });

  it("POST with a body, query, encoded path and headers: the body is not hashed, the signature verifies", async () => {
    const r = await probe({
      url: `${base}/orders/a%20b/./items?b=2&a=1&a=0&q=x%2By`,
      method: "put",
      header: ["Content-Type=application/json", "x-tenant:  acme   corp ", "connection=keep-alive"],
      data: '{"qty":2}',
    });
    expect(r.code).toBe(0);
    const req = seen[0]!;
    expect(req.method).toBe("PUT");
    expect(req.body).toBe('{"qty":2}');
    expect(req.headers["x-amz-content-sha256"]).toBe("UNSIGNED-PAYLOAD");
    const auth = parseAuthorization(req.headers.authorization!)!;
    expect(auth.signedHeaders).toEqual([
      "content-type",
      "host",
      "x-amz-content-sha256",
      "x-amz-date",
      "x-amz-security-token",
      "x-tenant",
    ]);
    // hop-by-hop and transport headers are sent but never signed
    expect(auth.signedHeaders).not.toContain("connection");
    expect(auth.signedHeaders).not.toContain("content-length");
    verify(req);
  });

  it("long-term keys: no x-amz-security-token (an empty token is not sent as an empty header)", async () => {
    for (const sessionToken of [undefined, ""]) {
      seen = [];
      await probe({}, { credentials: async () => ({ ...CREDENTIALS, sessionToken }) });
      const req = seen[0]!;
      expect(req.headers).not.toHaveProperty("x-amz-security-token");
      expect(parseAuthorization(req.headers.authorization!)!.signedHeaders).toEqual([
        "host",
        "x-amz-content-sha256",
        "x-amz-date",
      ]);
      verify(req);
    }
  });

  it("a tampered request does not verify (the check can fail)", async () => {
    await probe({});
    const req = { ...seen[0]!, target: "/orders/other" };
    const auth = parseAuthorization(req.headers.authorization!)!;
    const v = computeSignature(req, {
      secretAccessKey: CREDENTIALS.secretAccessKey,
      amzDate: req.headers["x-amz-date"]!,
      region: auth.region,
      service: auth.service,
      signedHeaders: auth.signedHeaders,
      payloadHash: "UNSIGNED-PAYLOAD",
    });
    expect(v.signature).not.toBe(auth.signature);
  });

  it("through the CLI, with credentials from the SDK's default chain (environment)", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: "AKIDENV",
      AWS_SECRET_ACCESS_KEY: "env-secret",
      AWS_SESSION_TOKEN: "env-token",
    });
    try {
      const { io: streams, out } = io();
      const code = await main(["probe", `${base}/health`, "--region", "eu-west-1"], streams);
      expect(code, out().stderr).toBe(0);
      const req = seen[0]!;
      expect(req.headers.authorization).toContain("Credential=AKIDENV/");
      expect(req.headers.authorization).toContain("/eu-west-1/vpc-lattice-svcs/aws4_request");
      expect(req.headers["x-amz-security-token"]).toBe("env-token");
      verify(req, "env-secret");
    } finally {
      process.env = saved;
    }
  });
});

describe("lattice probe: options", () => {
  it("--anonymous sends no authorization and no x-amz-* headers", async () => {
    const r = await probe({ anonymous: true });
    expect(r.code).toBe(0);
    const req = seen[0]!;
    expect(req.headers).not.toHaveProperty("authorization");
    expect(Object.keys(req.headers).filter((h) => h.startsWith("x-amz-"))).toEqual([]);
    expect(r.stdout).toContain("unsigned (--anonymous)");
  });

  it("--dry-run sends nothing and prints a curl command that, run, sends a request that verifies", async () => {
    const dir = await mkdtemp(join(tmpdir(), "probe-"));
    const file = join(dir, "it's a body.json");
    await writeFile(file, '{"note":"it\'s $HOME `x`"}\n');
    const r = await probe({ dryRun: true, method: "POST", data: `@${file}`, header: ["x-tenant=a'b c"] });
    expect(r.code).toBe(0);
    expect(seen).toHaveLength(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    expect(r.stdout).toMatch(/^curl --silent --show-error --include --request POST /);
    expect(r.stderr).toContain("nothing sent");
    expect(r.stderr).toContain("session token");
    // the command runs in a POSIX shell and reaches the loopback server with the same signed bytes
    await promisify(execFile)("/bin/sh", ["-c", r.stdout.trim()], { timeout: 10_000 });
    expect(seen).toHaveLength(1);
    const req = seen[0]!;
    expect(req.body).toBe('{"note":"it\'s $HOME `x`"}\n');
    expect(req.headers["x-tenant"]).toBe("a'b c");
    expect(req.headers["x-amz-date"]).toBe("20250319T101500Z");
    verify(req);
  });

  it("--dry-run --output json: one valid document with the request and the curl command, nothing sent", async () => {
    const r = await probe({ dryRun: true, output: "json", method: "PUT", data: "{}" });
    expect(r.code).toBe(0);
    expect(seen).toHaveLength(0);
    const doc = parseResult(r.stdout);
    expect(doc.response).toBeUndefined();
    expect(doc.exitCode).toBe(0);
    expect(doc.request).toMatchObject({ method: "PUT", signed: true, signingName: "vpc-lattice-svcs" });
    expect(doc.request.credentialScope).toBe("20250319/us-east-1/vpc-lattice-svcs/aws4_request");
    // the signature and the token stay out of the headers list; the curl command carries them
    expect(doc.request.headers.map((h) => h.name)).not.toContain("authorization");
    expect(doc.dryRun?.curl).toMatch(/^curl --silent --show-error --include --request PUT /);
    expect(doc.dryRun?.curl).toContain("authorization: AWS4-HMAC-SHA256");
    expect(r.stderr).toContain("nothing sent");
  });

  it("--dry-run --anonymous --output json: unsigned, still JSON", async () => {
    const r = await probe({ dryRun: true, anonymous: true, output: "json" });
    const doc = parseResult(r.stdout);
    expect(doc.request.signed).toBe(false);
    expect(doc.dryRun?.curl).not.toContain("authorization");
  });

  it("probe --json-schema prints the schema the documents are validated with", async () => {
    const { io: streams, out } = io();
    expect(await main(["probe", "--json-schema"], streams)).toBe(0);
    expect(JSON.parse(out().stdout)).toEqual(JSON.parse(JSON.stringify(PROBE_RESULT_SCHEMA)));
  });

  it("--output json: the documented document, headers and body as received", async () => {
    answer = {
      status: 201,
      headers: { "content-type": "application/json", "x-amzn-requestid": "req-1" },
      body: '{"id":7}',
    };
    const r = await probe({ output: "json" });
    expect(r.code).toBe(0);
    const doc = parseResult(r.stdout);
    expect(doc.request).toMatchObject({
      method: "GET",
      signed: true,
      signingName: "vpc-lattice-svcs",
      region: "us-east-1",
      credentialScope: "20250319/us-east-1/vpc-lattice-svcs/aws4_request",
      signedHeaders: ["host", "x-amz-content-sha256", "x-amz-date", "x-amz-security-token"],
    });
    // the signature and the session token are not repeated in the document
    expect(JSON.stringify(doc.request.headers)).not.toContain(CREDENTIALS.sessionToken);
    expect(doc.request.headers.map((h) => h.name)).not.toContain("authorization");
    expect(doc.response).toMatchObject({ status: 201, body: '{"id":7}', bodyBytes: 8, truncated: false });
    expect(doc.response!.headers).toContainEqual({ name: "x-amzn-requestid", value: "req-1" });
    expect(doc.exitCode).toBe(0);
  });

  it("parses --timeout as seconds or milliseconds", () => {
    expect(parseTimeout("10")).toBe(10_000);
    expect(parseTimeout("2.5s")).toBe(2500);
    expect(parseTimeout("500ms")).toBe(500);
    expect(() => parseTimeout("soon")).toThrow(/expected seconds or milliseconds/);
    expect(() => parseTimeout("0")).toThrow(/between 1 ms and 600 s/);
  });

  it("reads the region and service id from a Lattice DNS name", () => {
    const host = "orders-api-0e5b4c6a2d1f83a97.7d67968.vpc-lattice-svcs.ap-southeast-2.on.aws";
    expect(regionOfHost(host)).toBe("ap-southeast-2");
    expect(serviceIdOfHost(host)).toBe(SVC);
    expect(regionOfHost("orders.example.com")).toBeUndefined();
    expect(serviceIdOfHost("orders.example.com")).toBeUndefined();
    expect(regionOfHost("x.vpc-lattice-svcs.us-gov-west-1.on.aws")).toBe("us-gov-west-1");
  });
});

describe("lattice probe: answers", () => {
  it("a 403 'User: anonymous … no network-based policy' is explained, exit 1", async () => {
    answer = { status: 403, headers: { "content-type": "text/plain" }, body: DENIED_ANONYMOUS };
    const r = await probe({ anonymous: true });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("HTTP 403 Forbidden");
    expect(r.stdout).toContain(
      "denied by the network layer: The service network's auth policy denied an unsigned (anonymous) request",
    );
    expect(r.stdout).toContain(`lattice doctor ${SVC} --error 'AccessDeniedException: User: anonymous`);

    const json = await probe({ anonymous: true, output: "json" });
    const doc = parseResult(json.stdout);
    expect(doc.explanation).toMatchObject({
      cause: "network-policy",
      deniedBy: "network",
      principal: "anonymous",
      serviceId: SVC,
    });
    expect(doc.exitCode).toBe(1);
  });

  it("a SigV4 error body is explained as a signing fault", async () => {
    answer = {
      status: 403,
      body: '{"message":"InvalidSignatureException: Signed payloads are not supported"}',
    };
    const r = await probe({ output: "json" });
    expect(r.code).toBe(1);
    expect(parseResult(r.stdout).explanation).toMatchObject({ cause: "payload-signed", deniedBy: "signing" });
  });

  it("a 503 is exit 1 with no explanation invented", async () => {
    answer = { status: 503, body: "upstream connect error or disconnect/reset before headers" };
    const r = await probe({ output: "json" });
    expect(r.code).toBe(1);
    expect(parseResult(r.stdout).explanation).toBeUndefined();
  });

  it("escapes control characters of the body and headers", async () => {
    answer = { status: 200, headers: { "x-evil": "a\u009bb" }, body: "ok\u001b[2J\u0007\r\nline 2\n" };
    const r = await probe({});
    expect(r.stdout).not.toContain("\u001b");
    expect(r.stdout).not.toContain("\u0007");
    expect(r.stdout).toContain("ok\\x1b[2J\\x07\nline 2");
    expect(r.stdout).toContain("x-evil: a\\u009bb");
  });

  it("cuts a very large body and says so", async () => {
    answer = {
      status: 200,
      headers: { "content-type": "text/plain" },
      body: Buffer.alloc(3 * 1024 * 1024, "a"),
    };
    const json = parseResult((await probe({ output: "json" })).stdout);
    expect(json.response!.truncated).toBe(true);
    expect(json.response!.body.length).toBe(1024 * 1024);
    const text = await probe({});
    expect(text.stdout).toMatch(
      /\[body cut: more than 1048576 bytes, 65536 characters shown; the rest was not read/,
    );
    expect(text.stdout.length).toBeLessThan(70_000);
  });

  it("a timeout: a clear message, exit 1", async () => {
    answer = { hang: true };
    const started = Date.now();
    const r = await probe({ timeout: "300ms" });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`no answer from ${new URL(base).host} within 300 ms`);
    expect(r.stdout).toContain("no answer (timeout)");
  });

  it("a refused connection: the error and a hint, exit 1", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const r = await probe({ url: `http://127.0.0.1:${port}/`, output: "json" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("ECONNREFUSED");
    expect(parseResult(r.stdout).error).toMatchObject({ kind: "network", code: "ECONNREFUSED" });
  });
});

describe("lattice probe: usage and credentials", () => {
  async function cli(args: string[]): Promise<Run> {
    const { io: streams, out } = io();
    const code = await main(["probe", ...args], streams);
    return { ...out(), code };
  }

  it.each([
    [["not a url"], "not a URL"],
    [["ftp://orders.example.com/"], "only http:// and https://"],
    [[], "name the URL"],
    [["https://orders.example.com/", "--header", "no-value-here"], "expected name=value"],
    [["https://orders.example.com/", "--timeout", "forever"], "--timeout forever"],
    [["https://orders.example.com/", "--data", "@/nonexistent/body.json"], "cannot read it"],
  ])("%j → exit 2 (%s)", async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe("");
    expect(seen).toHaveLength(0);
  });

  it("no usable credentials → exit 253, nothing sent", async () => {
    const r = await probe(
      {},
      {
        credentials: async () => {
          throw Object.assign(new Error("Could not load credentials from any providers"), {
            name: "CredentialsProviderError",
          });
        },
      },
    );
    expect(r.code).toBe(253);
    expect(r.stderr).toContain("no usable AWS credentials");
    expect(r.stderr).toContain("--anonymous");
    expect(seen).toHaveLength(0);
  });

  it("an expired SSO session → exit 253 naming aws sso login --profile", async () => {
    const r = await probe(
      { profile: "oncall" },
      {
        credentials: async () => {
          throw Object.assign(
            new Error("The SSO session associated with this profile has expired or is otherwise invalid."),
            {
              name: "TokenProviderError",
            },
          );
        },
      },
    );
    expect(r.code).toBe(253);
    expect(r.stderr).toContain("aws sso login --profile oncall");
  });

  it("no region for a custom domain → exit 253; the URL's region wins over --region", async () => {
    const saved = { ...process.env };
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    process.env.AWS_CONFIG_FILE = "/nonexistent/config";
    try {
      const r = await probe({ region: undefined });
      expect(r.code).toBe(253);
      expect(r.stderr).toContain("no AWS region to sign for");
    } finally {
      process.env = saved;
    }
    const dry = await probe({
      url: "https://orders-api-0e5b4c6a2d1f83a97.7d67968.vpc-lattice-svcs.eu-central-1.on.aws/",
      region: "us-east-1",
      dryRun: true,
    });
    expect(dry.stdout).toContain("/eu-central-1/vpc-lattice-svcs/aws4_request");
    expect(dry.stderr).toContain("signing for it, not for --region us-east-1");
  });
});
