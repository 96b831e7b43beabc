/**
 * Signs one request to a VPC Lattice service the way Lattice needs it (lattice-facts.md §3.5):
 * SigV4 with the signing name `vpc-lattice-svcs` (not the control plane's `vpc-lattice`), the
 * service's region, `x-amz-content-sha256: UNSIGNED-PAYLOAD` signed and the body never hashed
 * (Lattice refuses signed payloads), the session token of temporary credentials as
 * `x-amz-security-token`, and no hop-by-hop header under the signature. The signing itself is
 * @smithy/signature-v4, the SDK's own signer; this module only chooses its inputs.
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { SIGNING_NAME } from "../policy/error-text.js";

export interface ProbeCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface OutgoingRequest {
  method: string;
  url: URL;
  /** Header names lower-case. */
  headers: Record<string, string>;
  body?: Buffer;
}

export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

/**
 * Never signed: consumed or rewritten between the client and Lattice (hop by hop), or set by the
 * HTTP stack after signing. The signer already leaves out connection, keep-alive, te, trailer,
 * transfer-encoding, upgrade, proxy-*, user-agent and a few more; these are the ones it would sign.
 */
const NOT_SIGNED = new Set(["content-length", "accept-encoding", "proxy-connection"]);

// The DNS-name parsing lives with the AWS naming rules; re-exported for the probe's callers.
export { regionOfHost, serviceIdOfHost } from "../aws/dns-name.js";

function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const seen = query[key];
    query[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return query;
}

/** The headers to send: the caller's, plus host, x-amz-date, x-amz-content-sha256, the token, authorization. */
export async function signForLattice(
  request: OutgoingRequest,
  options: { credentials: ProbeCredentials; region: string; now: Date },
): Promise<Record<string, string>> {
  const { url } = request;
  const unsigned = new HttpRequest({
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query: queryOf(url),
    headers: { ...request.headers, host: url.host, "x-amz-content-sha256": UNSIGNED_PAYLOAD },
    // No body: with the header set, the signer takes UNSIGNED-PAYLOAD as the payload hash.
  });
  const credentials: ProbeCredentials = {
    accessKeyId: options.credentials.accessKeyId,
    secretAccessKey: options.credentials.secretAccessKey,
    // An empty token must not become an empty x-amz-security-token header (clients then drop it).
    ...(options.credentials.sessionToken ? { sessionToken: options.credentials.sessionToken } : {}),
  };
  const signer = new SignatureV4({
    service: SIGNING_NAME,
    region: options.region,
    credentials,
    sha256: Sha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(unsigned, {
    signingDate: options.now,
    unsignableHeaders: NOT_SIGNED,
  });
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) out[name.toLowerCase()] = String(value);
  return out;
}

/** `Credential=AKID/20250319/us-east-1/vpc-lattice-svcs/aws4_request` → its parts, for the report. */
export function describeAuthorization(
  authorization: string | undefined,
): { credentialScope: string; signedHeaders: string[] } | undefined {
  if (!authorization) return undefined;
  const scope = /Credential=[^/\s]+\/([^,\s]+)/.exec(authorization)?.[1];
  const signed = /SignedHeaders=([^,\s]+)/.exec(authorization)?.[1];
  if (!scope || !signed) return undefined;
  return { credentialScope: scope, signedHeaders: signed.split(";") };
}
