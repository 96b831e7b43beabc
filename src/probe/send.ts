/**
 * Sends the one request `lattice probe` was asked to send, with Node's own http/https. This is the
 * only place the tool talks to something other than the AWS APIs, and it is allowed to: the request
 * is the user's own data-plane call to their own service, explicitly asked for on the command line,
 * not an AWS control-plane operation (those go through gather and its read-only guard, which covers
 * the SDK clients only). Exactly one request, never retried, never redirected.
 *
 * The answer is untrusted: the body is read up to a cap and the rest dropped; printing escapes it.
 */
import { createRequire } from "node:module";
import type { OutgoingRequest } from "./sign.js";
import { monotonicMs } from "../core/util/clock.js";

/**
 * Through require(), not import: an import's module facade reads every export, and node:http's lazy
 * WebSocket getters then load undici (~35 ms on Node 22 and 24; see clients.ts requireBuiltin).
 */
const requireBuiltin = createRequire(import.meta.url);
const http = requireBuiltin("node:http") as typeof import("node:http");
const https = requireBuiltin("node:https") as typeof import("node:https");

export interface ProbeResponse {
  status: number;
  statusText: string;
  /** As received, in order (name, value) — names keep their case. */
  headers: [string, string][];
  body: Buffer;
  /** Bytes received (at most `maxBody` + what was in flight). */
  bodyBytes: number;
  /** The body was longer than `maxBody`: the rest was not read. */
  truncated: boolean;
  durationMs: number;
}

export class ProbeTimeoutError extends Error {
  override name = "ProbeTimeoutError";
  constructor(readonly timeoutMs: number) {
    super(`no complete answer within ${timeoutMs} ms`);
  }
}

export class ProbeNetworkError extends Error {
  override name = "ProbeNetworkError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface SendOptions {
  timeoutMs: number;
  /** Bytes of body kept (default 1 MiB). */
  maxBody?: number;
}

export const DEFAULT_MAX_BODY = 1024 * 1024;

export function send(request: OutgoingRequest, options: SendOptions): Promise<ProbeResponse> {
  const maxBody = options.maxBody ?? DEFAULT_MAX_BODY;
  const started = monotonicMs();
  const client = request.url.protocol === "https:" ? https : http;
  return new Promise<ProbeResponse>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, response?: ProbeResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(response!);
    };
    const req = client.request(request.url, {
      method: request.method,
      headers: request.headers,
      agent: false,
    });
    const timer = setTimeout(() => {
      finish(new ProbeTimeoutError(options.timeoutMs));
      req.destroy();
    }, options.timeoutMs);
    req.on("error", (error: NodeJS.ErrnoException) => {
      finish(new ProbeNetworkError(error.code ?? error.name, error.message));
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      let truncated = false;
      const headers: [string, string][] = [];
      for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
        headers.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
      const done = (): void =>
        finish(undefined, {
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? "",
          headers,
          body: Buffer.concat(chunks),
          bodyBytes: kept,
          truncated,
          durationMs: Math.round(monotonicMs() - started),
        });
      res.on("data", (chunk: Buffer) => {
        if (truncated) return;
        const room = maxBody - kept;
        if (chunk.length > room) {
          chunks.push(chunk.subarray(0, room));
          kept += room;
          truncated = true;
          // Enough read: stop the transfer and answer with what we have.
          res.destroy();
          done();
          return;
        }
        chunks.push(chunk);
        kept += chunk.length;
      });
      res.on("end", done);
      res.on("error", (error: NodeJS.ErrnoException) => {
        if (truncated) return;
        finish(new ProbeNetworkError(error.code ?? error.name, error.message));
      });
    });
    if (request.body !== undefined) req.end(request.body);
    else req.end();
  });
}
