/**
 * `lattice probe <url>`: one correctly signed request to a VPC Lattice service, its answer printed,
 * and a 403 or SigV4 error explained through the same mapping as `doctor --error`.
 *
 * The request is not an AWS API call and does not go through gather's read-only guard (which wraps
 * the SDK clients): it is the user's own data-plane request to their own service, sent once because
 * they asked for it on the command line (src/probe/send.ts).
 *
 * Exit codes: 0 for a 2xx/3xx answer (and for --dry-run), 1 for a 4xx/5xx answer, a timeout or a
 * connection failure, 2 for usage (bad URL, header, timeout, unreadable --data file), 253 when a
 * signed request has no usable credentials or region.
 */
import { readFile } from "node:fs/promises";
import type { Io } from "../cli.js";
import { awsCli, shellQuote } from "../core/util/shell.js";
import { AwsConfigError, toAwsConfigError } from "../aws/failures.js";
import { explainErrorText, SIGNING_NAME } from "../policy/error-text.js";
import { toCurl } from "../probe/curl.js";
import { PROBE_RESULT_SCHEMA, type ProbeResult } from "../probe/result.js";
import { ProbeNetworkError, ProbeTimeoutError, send } from "../probe/send.js";
import {
  describeAuthorization,
  regionOfHost,
  serviceIdOfHost,
  signForLattice,
  type OutgoingRequest,
  type ProbeCredentials,
} from "../probe/sign.js";
import { colorEnabled } from "../render/color.js";
import { renderProbeJson, renderProbeText } from "../render/probe.js";
import { escapeControl } from "../render/sanitize.js";
import { EXIT } from "../core/exit.js";
import { VERSION } from "../version.js";
import { configuredRegion } from "../aws/region.js";
import type { ProbeArgs } from "./probe-command.js";

export type { ProbeArgs } from "./probe-command.js";

/** What tests replace: where credentials come from, the clock. */
export interface ProbeDeps {
  credentials?: () => Promise<ProbeCredentials>;
  now?: () => Date;
}

class ProbeUsageError extends Error {}

/** `--timeout` when not given (applied here: see FAIL_ON in options.ts for why not as a yargs default). */
const DEFAULT_TIMEOUT = "10s";

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `10s`, `2.5s`, `500ms`, `10` (seconds, like curl --max-time). */
export function parseTimeout(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/i.exec(text);
  if (!m)
    throw new ProbeUsageError(`--timeout ${text}: expected seconds or milliseconds, e.g. 10s, 2.5s or 500ms`);
  const value = Number(m[1]);
  const ms = m[2]?.toLowerCase() === "ms" ? value : value * 1000;
  if (!(ms >= 1 && ms <= 600_000))
    throw new ProbeUsageError(`--timeout ${text}: must be between 1 ms and 600 s`);
  return Math.round(ms);
}

function parseUrl(text: string | undefined): URL {
  if (!text) throw new ProbeUsageError("name the URL: lattice probe https://<service DNS name>/<path>");
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ProbeUsageError(
      `${text}: not a URL; expected e.g. https://orders-api-0e5b4c6a2d1f83a97.7d67968.vpc-lattice-svcs.us-east-1.on.aws/orders`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new ProbeUsageError(`${text}: only http:// and https:// URLs can be probed`);
  if (!url.hostname) throw new ProbeUsageError(`${text}: the URL has no host`);
  if (url.username || url.password)
    throw new ProbeUsageError(`${text}: credentials in the URL are not sent; remove user:password@`);
  return url;
}

/** `name=value` or `name: value`. */
function parseHeader(text: string): [string, string] {
  const m = /^([^=:\s]+)\s*(?:=|:)\s?(.*)$/s.exec(text);
  if (!m || !TOKEN.test(m[1]!))
    throw new ProbeUsageError(`--header ${text}: expected name=value, e.g. --header accept=application/json`);
  if (/[\r\n\0]/.test(m[2]!))
    throw new ProbeUsageError(`--header ${m[1]}: the value may not hold a line break`);
  return [m[1]!.toLowerCase(), m[2]!];
}

async function readData(data: string | undefined): Promise<{ body?: Buffer; file?: string }> {
  if (data === undefined) return {};
  if (!data.startsWith("@")) return { body: Buffer.from(data, "utf8") };
  const file = data.slice(1);
  try {
    return { body: await readFile(file), file };
  } catch (error) {
    throw new ProbeUsageError(`--data @${file}: cannot read it (${(error as Error).message})`);
  }
}

async function defaultCredentials(profile: string | undefined): Promise<ProbeCredentials> {
  const { defaultProvider } = await import("@aws-sdk/credential-provider-node");
  return defaultProvider(profile ? { profile } : {})();
}

function credentialsMessage(error: AwsConfigError, profile: string | undefined): string {
  const name = profile ?? "<profile>";
  if (error.ssoExpired)
    return `the SSO session has expired or is missing: run 'aws sso login --profile ${name}' and try again.\n(${escapeControl(error.message)})`;
  return (
    `no usable AWS credentials to sign the request: ${escapeControl(error.message)}\n` +
    `Set credentials the way the AWS CLI takes them (AWS_PROFILE / --profile, environment variables, SSO: 'aws sso login --profile ${name}', an instance role), ` +
    "or send the request unsigned with --anonymous."
  );
}

function networkHint(error: ProbeNetworkError, url: URL): string {
  if (error.code === "ENOTFOUND" || error.code === "EAI_AGAIN")
    return regionOfHost(url.hostname)
      ? " VPC Lattice names resolve only inside a VPC associated with the service's network (or through a service-network endpoint): run the probe from there."
      : " The name does not resolve from here.";
  if (error.code === "ECONNREFUSED" || error.code === "ECONNRESET")
    return " Nothing accepted the connection: check the listener's port and protocol, the VPC association's security groups and the client's egress rules.";
  return "";
}

export async function runProbe(args: ProbeArgs, io: Io, deps: ProbeDeps = {}): Promise<number> {
  if (args.jsonSchema) {
    io.stdout.write(`${JSON.stringify(PROBE_RESULT_SCHEMA, null, 2)}\n`);
    return EXIT.ok;
  }
  let parsed: ParsedRequest;
  try {
    parsed = await parseRequest(args);
  } catch (error) {
    if (error instanceof ProbeUsageError) {
      io.stderr.write(`lattice: ${escapeControl(error.message)}\nRun 'lattice probe --help' for usage.\n`);
      return EXIT.usage;
    }
    throw error;
  }
  const signed = await sign(parsed.request, args, io, deps);
  if (!signed) return EXIT.noCredentials;

  const curl = args.dryRun ? dryRun(signed, parsed, args, io) : undefined;
  if (curl !== undefined && args.output !== "json") {
    io.stdout.write(`${curl}\n`);
    return EXIT.ok;
  }
  const outgoing = withContentLength(signed.request);
  const result = describeRequest(outgoing, signed, args);
  if (curl !== undefined) {
    // --dry-run -o json: the request that would be sent, and the curl command that sends it.
    result.dryRun = { curl };
    result.exitCode = EXIT.ok;
    io.stdout.write(renderProbeJson(result));
    return EXIT.ok;
  }
  await sendAndExplain(outgoing, parsed.timeoutMs, result, { ...signed, profile: args.profile }, io);
  io.stdout.write(
    args.output === "json"
      ? renderProbeJson(result)
      : renderProbeText(result, {
          color: colorEnabled({
            stream: io.stdout,
            env: io.env,
            ...(args.color === false ? { flag: false } : {}),
          }),
        }),
  );
  return result.exitCode;
}

/** What the command line asks to send; every mistake is a ProbeUsageError (exit 2). */
interface ParsedRequest {
  request: OutgoingRequest;
  timeoutMs: number;
  /** `--data @file`: the file, for the curl command of a dry run. */
  dataFile?: string;
}

async function parseRequest(args: ProbeArgs): Promise<ParsedRequest> {
  const url = parseUrl(args.url);
  const timeoutMs = parseTimeout(args.timeout ?? DEFAULT_TIMEOUT);
  const headers: Record<string, string> = {};
  for (const h of args.header ?? []) {
    const [name, value] = parseHeader(h);
    headers[name] = value;
  }
  const data = await readData(args.data);
  const method = (args.method ?? (data.body !== undefined ? "POST" : "GET")).toUpperCase();
  if (!TOKEN.test(method)) throw new ProbeUsageError(`--method ${args.method}: not an HTTP method`);
  return {
    request: { method, url, headers, ...(data.body !== undefined ? { body: data.body } : {}) },
    timeoutMs,
    ...(data.file !== undefined ? { dataFile: data.file } : {}),
  };
}

/** The request as sent: signed for the URL's region (or --region), or unsigned with --anonymous. */
interface SignedRequest {
  request: OutgoingRequest;
  /** The region signed for; none with --anonymous. */
  region?: string;
  /** The region the URL names (a …vpc-lattice-svcs.<region>.on.aws name). */
  hostRegion?: string;
}

/** Signs the request, or says on stderr why it cannot (no region, no credentials: exit 253). */
async function sign(
  request: OutgoingRequest,
  args: ProbeArgs,
  io: Io,
  deps: ProbeDeps,
): Promise<SignedRequest | undefined> {
  const hostRegion = regionOfHost(request.url.hostname);
  const inRegion = hostRegion ? { hostRegion } : {};
  if (args.anonymous)
    return { request: { ...request, headers: { ...request.headers, host: request.url.host } }, ...inRegion };
  const region = hostRegion ?? (await configuredRegion(args.region, io.env));
  if (hostRegion && args.region && args.region !== hostRegion)
    io.stderr.write(
      `lattice: the URL names region ${hostRegion}; signing for it, not for --region ${escapeControl(args.region)}\n`,
    );
  if (!region) {
    io.stderr.write(
      "lattice: no AWS region to sign for: the URL is not a …vpc-lattice-svcs.<region>.on.aws name; pass --region us-east-1 or set AWS_REGION\n",
    );
    return undefined;
  }
  const profile = args.profile ?? io.env.AWS_PROFILE;
  let credentials: ProbeCredentials;
  try {
    credentials = await (deps.credentials ?? (() => defaultCredentials(profile)))();
  } catch (error) {
    io.stderr.write(`lattice: ${credentialsMessage(toAwsConfigError(error), profile)}\n`);
    return undefined;
  }
  const headers = await signForLattice(request, {
    credentials,
    region,
    now: (deps.now ?? (() => new Date()))(),
  });
  return { request: { ...request, headers }, region, ...inRegion };
}

/** --dry-run: the curl command that sends the request, with a warning when it carries a signature. */
function dryRun(signed: SignedRequest, parsed: ParsedRequest, args: ProbeArgs, io: Io): string {
  if (!args.anonymous)
    io.stderr.write(
      "lattice: dry run, nothing sent. The command carries a signature valid for a few minutes" +
        (signed.request.headers["x-amz-security-token"] ? " and your session token" : "") +
        ": do not paste it into tickets or chats.\n",
    );
  return toCurl(signed.request, parsed.dataFile !== undefined ? { dataFile: parsed.dataFile } : {});
}

function withContentLength(request: OutgoingRequest): OutgoingRequest {
  return request.body !== undefined
    ? { ...request, headers: { ...request.headers, "content-length": String(request.body.length) } }
    : request;
}

/** The result document before an answer: the request, its signature's scope, no secrets. */
function describeRequest(outgoing: OutgoingRequest, signed: SignedRequest, args: ProbeArgs): ProbeResult {
  const auth = describeAuthorization(outgoing.headers.authorization);
  return {
    schemaVersion: 1,
    tool: { name: "lattice-doctor", version: VERSION },
    request: {
      method: outgoing.method,
      url: outgoing.url.toString(),
      signed: !args.anonymous,
      ...(args.anonymous ? {} : { signingName: SIGNING_NAME }),
      ...(signed.region ? { region: signed.region } : {}),
      ...(auth ? { credentialScope: auth.credentialScope, signedHeaders: auth.signedHeaders } : {}),
      headers: Object.entries(outgoing.headers)
        .filter(([name]) => name !== "authorization" && name !== "x-amz-security-token")
        .map(([name, value]) => ({ name, value })),
      bodyBytes: outgoing.body?.length ?? 0,
    },
    next: [],
    exitCode: EXIT.findings,
  };
}

/** Sends the request once and fills in the answer, its explanation and what to run next. */
async function sendAndExplain(
  outgoing: OutgoingRequest,
  timeoutMs: number,
  result: ProbeResult,
  where: SignedRequest & { profile: string | undefined },
  io: Io,
): Promise<void> {
  const { url } = outgoing;
  const context = {
    region: where.region ?? where.hostRegion ?? "",
    ...(where.profile ? { profile: where.profile } : {}),
  };
  try {
    const response = await send(outgoing, { timeoutMs });
    const body = response.body.toString("utf8");
    result.response = {
      status: response.status,
      statusText: response.statusText,
      durationMs: response.durationMs,
      headers: response.headers.map(([name, value]) => ({ name, value })),
      body,
      bodyBytes: response.bodyBytes,
      truncated: response.truncated,
    };
    result.exitCode = response.status >= 200 && response.status < 400 ? EXIT.ok : EXIT.findings;
    if (response.status >= 400) explainAnswer(result, response.status, body, url, context);
  } catch (error) {
    if (error instanceof ProbeTimeoutError) {
      result.error = {
        kind: "timeout",
        message:
          `no answer from ${url.host} within ${formatMs(timeoutMs)}. ` +
          "A Lattice service that times out instead of answering usually means the network path: the VPC " +
          "association's security groups, the client's egress, or targets Lattice cannot reach.",
      };
      const serviceId = serviceIdOfHost(url.hostname);
      if (serviceId) result.next.push(awsCli(`lattice doctor ${serviceId} --symptom timeout`, context));
    } else if (error instanceof ProbeNetworkError) {
      result.error = {
        kind: "network",
        code: error.code,
        message: `${error.code}: ${error.message}.${networkHint(error, url)}`,
      };
    } else throw error;
    result.exitCode = EXIT.findings;
    io.stderr.write(`lattice: ${escapeControl(result.error.message)}\n`);
  }
}

/** A 4xx/5xx answer: what its body says (the `doctor --error` mapping) and which doctor run goes on from it. */
function explainAnswer(
  result: ProbeResult,
  status: number,
  body: string,
  url: URL,
  context: { region: string; profile?: string },
): void {
  const match = explainErrorText(body);
  if (match) {
    result.explanation = {
      cause: match.cause,
      deniedBy: match.deniedBy,
      phrase: match.phrase,
      summary: match.summary,
      fix: match.fix,
      ...(match.principal ? { principal: match.principal } : {}),
      ...(match.resource ? { resource: match.resource } : {}),
      ...(match.serviceId ? { serviceId: match.serviceId } : {}),
    };
  }
  const serviceId = match?.serviceId ?? serviceIdOfHost(url.hostname);
  if (serviceId && match)
    result.next.push(awsCli(`lattice doctor ${serviceId} --error ${shellQuote(match.phrase)}`, context));
  else if (serviceId && status === 403)
    result.next.push(awsCli(`lattice doctor ${serviceId} --symptom 403`, context));
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
