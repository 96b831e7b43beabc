/**
 * What a client saw → what produced it. `lattice doctor --error "<text>"` (denial-explained) and
 * `lattice probe` (on a 403) both read an error through this table: the VPC Lattice denial
 * (`… because no network-based policy allows …` names the auth layer that said no) or the SigV4
 * fault (`IncompleteSignatureException`, `InvalidSignatureException`, a credential scope for the
 * wrong service …). Pure: no I/O, no clock.
 *
 * The texts are the ones clients actually print (lattice-facts.md §3.5–3.6, AWS workshop and issue
 * transcripts): JSON bodies, curl output, SDK messages with escaped quotes, pastes broken over
 * several lines, any letter case. The text is normalised first (JSON/HTML escapes undone, every run
 * of white space one space), then the rules below are tried in order; the first that matches wins.
 * Signing faults come before layers: a badly signed request never reaches policy evaluation.
 *
 * Written here rather than taken from a library: no package maps AWS error prose to causes.
 */

/** Where the denial came from: an auth-policy layer, the caller's IAM, or the request's signing. */
export type DeniedBy = "network" | "service" | "identity" | "signing";

export type ErrorCause =
  | "network-policy"
  | "service-policy"
  | "identity-policy"
  | "unsigned"
  | "missing-content-sha256"
  | "empty-session-token"
  | "hop-by-hop-signed"
  | "signed-header-stripped"
  | "payload-signed"
  | "wrong-signing-name"
  | "wrong-region"
  | "clock-skew"
  | "expired-token"
  | "invalid-token"
  | "signature-mismatch"
  | "incomplete-signature";

export interface ErrorTextMatch {
  cause: ErrorCause;
  deniedBy: DeniedBy;
  /** The passage that decided it, as normalised (at most PHRASE_LIMIT characters). */
  phrase: string;
  /** "network-based", "identity-based", "permissions boundary" … (layer causes). */
  policyType?: string;
  /** The statement was an explicit Deny (`with an explicit deny in …`), not a missing Allow. */
  explicitDeny?: boolean;
  /** `User: …` — "anonymous" or the caller's ARN. */
  principal?: string;
  /** `on resource: …` — the service ARN and path the request was evaluated against. */
  resource?: string;
  /** The `svc-…` id inside `resource`. */
  serviceId?: string;
  /** The header an IncompleteSignatureException names. */
  header?: string;
  /** One line: what it means. */
  summary: string;
  /** What to change, concretely (SDK setting, header, or where to look). */
  fix: string;
}

/** Longer pastes are cut before matching: a 403 body is small, a log dump need not be read whole. */
export const MAX_INPUT = 64 * 1024;
export const PHRASE_LIMIT = 400;

export const SIGNING_NAME = "vpc-lattice-svcs";

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** Undo the escaping a paste picks up on its way (JSON string, HTML page, shell), fold white space. */
export function normaliseErrorText(text: string): string {
  return text
    .slice(0, MAX_INPUT)
    .replace(/\\u0027|&#0?39;|&#x27;|&apos;/gi, "'")
    .replace(/\\u0022|&quot;|&#0?34;|&#x22;/gi, '"')
    .replace(/&amp;/gi, "&")
    .replace(/\\[rnt]/g, " ")
    .replace(/\\+(["'/])/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

function clip(text: string): string {
  const t = text.trim();
  return t.length <= PHRASE_LIMIT ? t : `${t.slice(0, PHRASE_LIMIT - 1)}…`;
}

const PRINCIPAL = /\bUser:\s*(anonymous|arn:[^\s"',;]+)/i;
const RESOURCE = /\bon resource:\s*(arn:[^\s"',;]+)/i;
const ACTION = /\bnot authorized to perform:\s*([a-z0-9-]+:[A-Za-z*]+)/i;
const SERVICE_ID = /:service\/(svc-[0-9a-z]{17})\b/;

function trimArn(value: string): string {
  return value.replace(/[.,]+$/, "");
}

/** The denial sentence the phrase sits in: from the nearest `User:` (and the error name) to the match's end. */
function denialPassage(text: string, index: number, end: number): string {
  const before = text.slice(0, index);
  let start = before.toLowerCase().lastIndexOf("user:");
  if (start < 0 || index - start > 1200) start = index;
  const name = /AccessDenied(?:Exception)?:?\s*$/i.exec(text.slice(0, start));
  if (name) start = name.index;
  return clip(text.slice(start, end));
}

interface Context {
  text: string;
  principal?: string;
  resource?: string;
  serviceId?: string;
  action?: string;
}

function context(text: string): Context {
  const principal = PRINCIPAL.exec(text)?.[1];
  const resource = RESOURCE.exec(text)?.[1];
  const action = ACTION.exec(text)?.[1];
  const ctx: Context = { text };
  if (principal) ctx.principal = /^anonymous$/i.test(principal) ? "anonymous" : trimArn(principal);
  if (resource) {
    ctx.resource = trimArn(resource);
    const id = SERVICE_ID.exec(ctx.resource)?.[1];
    if (id) ctx.serviceId = id;
  }
  if (action) ctx.action = action;
  return ctx;
}

/** A denial for another action (`ec2:Describe…`, `execute-api:Invoke`) is not a Lattice data-plane denial. */
function isLatticeDenial(ctx: Context): boolean {
  return ctx.action === undefined || ctx.action.toLowerCase().startsWith(`${SIGNING_NAME}:`);
}

type Found = Omit<ErrorTextMatch, "summary" | "fix" | "deniedBy">;

interface Rule {
  cause: ErrorCause;
  /** Returns what it found, or undefined. */
  find(ctx: Context): Found | undefined;
}

function byRegex(
  cause: ErrorCause,
  pattern: RegExp,
  extra: (m: RegExpExecArray, ctx: Context) => Partial<Found> | undefined = () => ({}),
): Rule {
  return {
    cause,
    find(ctx) {
      const m = pattern.exec(ctx.text);
      if (!m) return undefined;
      const more = extra(m, ctx);
      if (more === undefined) return undefined;
      return { cause, phrase: clip(m[0]), ...more };
    },
  };
}

const SIGNED_HEADER_ABSENT =
  /'?([a-z0-9-]{1,64})'? is named as a SignedHeader,? but it does not exist in the HTTP request\.?/i;

/** `'<header>' is named as a SignedHeader, but it does not exist in the HTTP request` → which fault. */
function signedHeaderAbsent(cause: ErrorCause, accept: (header: string) => boolean): Rule {
  return byRegex(cause, SIGNED_HEADER_ABSENT, (m) => {
    const header = m[1]!.toLowerCase();
    return accept(header) ? { header } : undefined;
  });
}

const isSpecialHeader = (h: string): boolean =>
  h === "x-amz-security-token" || h === "x-amz-content-sha256" || HOP_BY_HOP.has(h);

function layerOf(word: string): { cause: ErrorCause; policyType: string } | undefined {
  const w = word.toLowerCase().replace(/\s+/g, " ");
  if (w.startsWith("network")) return { cause: "network-policy", policyType: "network-based" };
  if (w.startsWith("service-based") || w.startsWith("service based"))
    return { cause: "service-policy", policyType: "service-based" };
  if (w.startsWith("identity")) return { cause: "identity-policy", policyType: "identity-based" };
  if (w.startsWith("permissions boundary"))
    return { cause: "identity-policy", policyType: "permissions boundary" };
  if (w.startsWith("session policy")) return { cause: "identity-policy", policyType: "session policy" };
  if (w.startsWith("service control policy"))
    return { cause: "identity-policy", policyType: "service control policy" };
  return undefined;
}

const LAYER_PHRASE =
  /(because no|with an explicit deny in an?)\s+(network[- ]based polic(?:y|ies)|service[- ]based polic(?:y|ies)|identity[- ]based polic(?:y|ies)|permissions boundary|session policy|service control policy)(?:\s+allows the [a-z0-9-]+:[A-Za-z*]+ action)?/i;

const layerRule: Rule = {
  cause: "network-policy",
  find(ctx) {
    if (!isLatticeDenial(ctx)) return undefined;
    const m = LAYER_PHRASE.exec(ctx.text);
    if (!m) return undefined;
    const layer = layerOf(m[2]!);
    if (!layer) return undefined;
    const found: Found = {
      cause: layer.cause,
      policyType: layer.policyType,
      explicitDeny: /explicit deny/i.test(m[1]!),
      phrase: denialPassage(ctx.text, m.index, m.index + m[0].length),
    };
    if (ctx.principal) found.principal = ctx.principal;
    if (ctx.resource) found.resource = ctx.resource;
    if (ctx.serviceId) found.serviceId = ctx.serviceId;
    return found;
  },
};

/** An access-log entry pasted instead of the response: `"authDeniedReason": "Network"`. */
const accessLogRule: Rule = {
  cause: "network-policy",
  find(ctx) {
    const m = /"authDeniedReason"\s*:\s*"(Network|Service|Identity)"/i.exec(ctx.text);
    if (!m) return undefined;
    const reason = m[1]!.toLowerCase();
    const cause: ErrorCause =
      reason === "network" ? "network-policy" : reason === "service" ? "service-policy" : "identity-policy";
    const found: Found = { cause, policyType: `${reason}-based`, phrase: clip(m[0]) };
    const user = /"resolvedUser"\s*:\s*"([^"]+)"/i.exec(ctx.text)?.[1];
    if (user && user !== "-") found.principal = /^anonymous$/i.test(user) ? "anonymous" : user;
    const service = /"serviceArn"\s*:\s*"(arn:[^"]+)"/i.exec(ctx.text)?.[1];
    if (service) {
      found.resource = service;
      const id = SERVICE_ID.exec(service)?.[1];
      if (id) found.serviceId = id;
    }
    return found;
  },
};

const anonymousRule: Rule = {
  cause: "unsigned",
  find(ctx) {
    if (!isLatticeDenial(ctx)) return undefined;
    const m =
      /\bUser:\s*anonymous\b(?: is not authorized to perform: \S+(?: on resource: \S+)?)?/i.exec(ctx.text) ??
      /"resolvedUser"\s*:\s*"Anonymous"/i.exec(ctx.text);
    if (!m) return undefined;
    // "User: anonymous" alone is too common a phrase (API Gateway, S3) to claim without Lattice's action.
    if (ctx.action === undefined && !/vpc-lattice|resolvedUser/i.test(ctx.text)) return undefined;
    const found: Found = { cause: "unsigned", principal: "anonymous", phrase: clip(m[0]) };
    if (ctx.resource) found.resource = ctx.resource;
    if (ctx.serviceId) found.serviceId = ctx.serviceId;
    return found;
  },
};

const INCOMPLETE = /IncompleteSignature(?:Exception)?/i;
const INVALID_SIG = /InvalidSignature(?:Exception)?/i;

/**
 * The table, in the order tried. Exported so the tests can count it and prove every rule is
 * reached by some realistic text.
 */
export const RULES: readonly Rule[] = [
  // Lattice's own answer to payload signing (§3.5), and SDK forms that show a signed payload.
  byRegex("payload-signed", /signed payloads? (?:are|is) not supported\.?/i),
  byRegex("payload-signed", /payload signing is not supported\.?/i),
  byRegex(
    "payload-signed",
    /x-amz-content-sha256\s*[:=]\s*"?(?:[0-9a-f]{64}|STREAMING-[A-Z0-9-]+)/i,
    (_m, ctx) => (INVALID_SIG.test(ctx.text) ? {} : undefined),
  ),
  // Signed headers that never arrived.
  signedHeaderAbsent("empty-session-token", (h) => h === "x-amz-security-token"),
  signedHeaderAbsent("hop-by-hop-signed", (h) => HOP_BY_HOP.has(h)),
  signedHeaderAbsent("missing-content-sha256", (h) => h === "x-amz-content-sha256"),
  signedHeaderAbsent("signed-header-stripped", (h) => !isSpecialHeader(h)),
  // The payload-hash header is missing, or present but not signed.
  byRegex(
    "missing-content-sha256",
    /missing (?:the |required header for this request:? )?'?x-amz-content-sha256'?(?: in (?:the )?canonical headers)?\.?/i,
    () => ({ header: "x-amz-content-sha256" }),
  ),
  byRegex(
    "missing-content-sha256",
    /(?:header )?'?x-amz-content-sha256'? (?:must be included in (?:the )?signature|is required|header is missing)\.?/i,
    () => ({ header: "x-amz-content-sha256" }),
  ),
  // The exception's own message names the header (not a header dump pasted with it: `name: value`).
  byRegex(
    "missing-content-sha256",
    /IncompleteSignature(?:Exception)?\b.{0,200}?(?<![;=])\bx-amz-content-sha256\b(?![;])'?(?!\s*[:=])/i,
    () => ({ header: "x-amz-content-sha256" }),
  ),
  byRegex(
    "empty-session-token",
    /IncompleteSignature(?:Exception)?\b.{0,200}?(?<![;=])\bx-amz-security-token\b(?![;])'?(?!\s*[:=])/i,
    () => ({ header: "x-amz-security-token" }),
  ),
  byRegex(
    "hop-by-hop-signed",
    /SignedHeaders=[a-z0-9;-]{0,512}?\bconnection\b[a-z0-9;-]{0,512}/i,
    (_m, ctx) =>
      INCOMPLETE.test(ctx.text) || INVALID_SIG.test(ctx.text) ? { header: "connection" } : undefined,
  ),
  // Wrong signing name: the control-plane name instead of the data-plane one.
  byRegex(
    "wrong-signing-name",
    /Credential should be scoped to correct service:?\s*'?vpc-lattice-svcs'?\.?/i,
  ),
  byRegex("wrong-signing-name", /\/\d{8}\/[a-z0-9-]{1,32}\/vpc-lattice\/aws4_request/i),
  byRegex("wrong-signing-name", /aws:amz:[a-z0-9-]{0,32}:vpc-lattice(?![a-z0-9-])/i),
  byRegex("wrong-region", /Credential should be scoped to a valid Region,? not '?[a-z0-9-]*'?\.?/i),
  byRegex(
    "clock-skew",
    /Signature expired:?[^.]*|Signature not yet current:?[^.]*|RequestTimeTooSkewed|request time (?:is )?too skewed/i,
  ),
  byRegex(
    "expired-token",
    /ExpiredToken(?:Exception)?|security token included in the request is expired\.?/i,
  ),
  byRegex(
    "invalid-token",
    /UnrecognizedClientException|InvalidClientTokenId|security token included in the request is invalid\.?/i,
  ),
  // The denial itself: a layer, or the anonymous principal.
  layerRule,
  accessLogRule,
  anonymousRule,
  // Generic signature failures, last: a more specific rule above says more.
  byRegex(
    "signature-mismatch",
    /The request signature we calculated does not match the signature you provided\.?|SignatureDoesNotMatch/i,
  ),
  byRegex("signature-mismatch", /InvalidSignatureException[^.]*\.?/i),
  byRegex("incomplete-signature", /IncompleteSignatureException[^.]*\.?/i),
];

const DENIED_BY: Record<ErrorCause, DeniedBy> = {
  "network-policy": "network",
  "service-policy": "service",
  "identity-policy": "identity",
  unsigned: "signing",
  "missing-content-sha256": "signing",
  "empty-session-token": "signing",
  "hop-by-hop-signed": "signing",
  "signed-header-stripped": "signing",
  "payload-signed": "signing",
  "wrong-signing-name": "signing",
  "wrong-region": "signing",
  "clock-skew": "signing",
  "expired-token": "signing",
  "invalid-token": "signing",
  "signature-mismatch": "signing",
  "incomplete-signature": "signing",
};

const UNSIGNED_PAYLOAD_HOW =
  "botocore: headers={'x-amz-content-sha256': 'UNSIGNED-PAYLOAD'} and request.context['payload_signing_enabled'] = False; " +
  "JavaScript (@smithy/signature-v4): set the header on the request before sign(); " +
  "Java SDK v2: ENABLE_PAYLOAD_SIGNING false (over plain HTTP its signer still signs the body: use HTTPS); " +
  "Envoy aws_request_signing: use_unsigned_payload: true; curl --aws-sigv4: -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD'";

function explainMatch(found: Found): Pick<ErrorTextMatch, "summary" | "fix"> {
  const who =
    found.principal === "anonymous"
      ? "an unsigned (anonymous) request"
      : found.principal
        ? `the caller ${found.principal}`
        : "the caller";
  const how = found.explicitDeny ? "a Deny statement matches" : "no statement allows";
  const anonymousFix =
    found.principal === "anonymous"
      ? " The request was not signed: if the caller is meant to be authenticated, sign it (SigV4, signing name vpc-lattice-svcs, x-amz-content-sha256: UNSIGNED-PAYLOAD) — or check that no proxy strips the Authorization header; if anonymous callers are meant to get in, the policy must allow them."
      : "";
  switch (found.cause) {
    case "network-policy":
      return {
        summary: `The service network's auth policy denied ${who}: ${how} it.`,
        fix:
          `Read the service network's auth policy (aws vpc-lattice get-auth-policy --resource-identifier <sn-…>; ` +
          `list-service-network-service-associations --service-identifier ${found.serviceId ?? "<svc-…>"} names the networks) and ` +
          `${found.explicitDeny ? "find the Deny that matches this request" : "add a statement that allows vpc-lattice-svcs:Invoke for this caller and path"}; ` +
          `with authType AWS_IAM and no policy, the network denies everything.${anonymousFix}`,
      };
    case "service-policy":
      return {
        summary: `The service's own auth policy denied ${who}: ${how} it.`,
        fix:
          `Read the service's auth policy (aws vpc-lattice get-auth-policy --resource-identifier ${found.serviceId ?? "<svc-…>"}) and ` +
          `${found.explicitDeny ? "find the Deny that matches this request" : "add a statement that allows vpc-lattice-svcs:Invoke for this caller and path"}; ` +
          `with authType AWS_IAM and no policy, the service denies everything.${anonymousFix}`,
      };
    case "identity-policy": {
      const type = found.policyType ?? "identity-based";
      const where =
        type === "service control policy"
          ? "an AWS Organizations service control policy (ask the organization's administrators)"
          : type === "permissions boundary"
            ? "the caller's permissions boundary"
            : type === "session policy"
              ? "the session policy passed when the role was assumed"
              : "the caller's IAM policies";
      return {
        summary: `The caller's own permissions denied the request (${type}): ${how} vpc-lattice-svcs:Invoke.`,
        fix:
          `Grant vpc-lattice-svcs:Invoke on the service (arn:…:service/svc-…/*) in ${where}` +
          `${found.explicitDeny ? ", or remove the Deny that matches" : ""}. The auth policies of the network and the service must allow it too.`,
      };
    }
    case "unsigned":
      return {
        summary: "The request reached VPC Lattice unsigned, so it was evaluated as the anonymous principal.",
        fix:
          "Sign the request with SigV4 (signing name vpc-lattice-svcs, the service's region, header " +
          "x-amz-content-sha256: UNSIGNED-PAYLOAD). If the client does sign, a proxy or sidecar between it and " +
          "Lattice is dropping the Authorization header. If anonymous callers are meant to get in, the auth " +
          "policies must allow them.",
      };
    case "missing-content-sha256":
      return {
        summary:
          "The request carries no signed x-amz-content-sha256 header: VPC Lattice requires it, with the value UNSIGNED-PAYLOAD.",
        fix: `Add the header x-amz-content-sha256: UNSIGNED-PAYLOAD before signing, so it is one of the signed headers (${UNSIGNED_PAYLOAD_HOW}).`,
      };
    case "empty-session-token":
      return {
        summary:
          "x-amz-security-token is named as signed but was not sent: the session token was empty or missing.",
        fix:
          "Temporary credentials (a role, SSO, an instance or task role) need their session token: make sure the " +
          'client has it (AWS_SESSION_TOKEN). curl drops a header whose value is empty, so -H "x-amz-security-token: ' +
          '$AWS_SESSION_TOKEN" with the variable unset produces exactly this. With long-term keys, send no token header at all.',
      };
    case "hop-by-hop-signed":
      return {
        summary: `A hop-by-hop header (${found.header ?? "connection"}) was signed; it is consumed or rewritten on the way, so Lattice cannot verify it.`,
        fix:
          "Do not sign hop-by-hop headers (connection, keep-alive, proxy-*, te, trailer, transfer-encoding, upgrade): " +
          "sign host, the x-amz-* headers and your own headers only. Upgrade the signing library or exclude them from " +
          "the signed headers explicitly.",
      };
    case "signed-header-stripped":
      return {
        summary: `The header ${found.header ?? ""} was signed but did not reach VPC Lattice: something between the client and Lattice removed it.`,
        fix:
          "Find the proxy, sidecar or HTTP client that drops the header, or leave that header out of the signature " +
          "(sign host, the x-amz-* headers and headers you know arrive unchanged).",
      };
    case "payload-signed":
      return {
        summary: "The request body was signed: VPC Lattice does not support payload signing.",
        fix: `Send x-amz-content-sha256: UNSIGNED-PAYLOAD and turn payload signing off (${UNSIGNED_PAYLOAD_HOW}).`,
      };
    case "wrong-signing-name":
      return {
        summary:
          "The request was signed for vpc-lattice (the control-plane API), not vpc-lattice-svcs (calls to a Lattice service).",
        fix:
          "Sign with the service name vpc-lattice-svcs: botocore SigV4Auth(credentials, 'vpc-lattice-svcs', region); " +
          "curl --aws-sigv4 'aws:amz:<region>:vpc-lattice-svcs'; Envoy service_name: vpc-lattice-svcs; " +
          "@smithy/signature-v4 new SignatureV4({ service: 'vpc-lattice-svcs', … }).",
      };
    case "wrong-region":
      return {
        summary: "The signature is scoped to another region than the service's.",
        fix: "Sign with the region the service is in: the one in its DNS name (…vpc-lattice-svcs.<region>.on.aws).",
      };
    case "clock-skew":
      return {
        summary: "The signature's time (x-amz-date) is too far from AWS's clock.",
        fix: "Synchronise the client's clock (chrony / NTP) and sign each request just before it is sent; a signature is valid for about 5 minutes.",
      };
    case "expired-token":
      return {
        summary: "The temporary credentials the request was signed with have expired.",
        fix:
          "Refresh them (aws sso login --profile …, assume the role again); a long-running client must use a " +
          "credential provider that refreshes (the SDK's default chain does).",
      };
    case "invalid-token":
      return {
        summary: "AWS does not recognise the access key or session token the request was signed with.",
        fix:
          "Check which credentials the client really uses (aws sts get-caller-identity in the same environment): " +
          "a key from one source with a token from another, a deleted key, or credentials of another partition.",
      };
    case "signature-mismatch":
      return {
        summary: "VPC Lattice computed a different signature than the client sent.",
        fix:
          "Something changed the request after it was signed (a proxy rewrote a signed header, the path or the query), " +
          "or the secret key is wrong. Compare with a request that lattice probe signs for the same URL.",
      };
    case "incomplete-signature":
      return {
        summary: "The Authorization header is incomplete or malformed.",
        fix:
          "Sign with an SDK signer rather than by hand: AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/vpc-lattice-svcs/aws4_request, " +
          "SignedHeaders=…, Signature=…, with x-amz-date and x-amz-content-sha256: UNSIGNED-PAYLOAD.",
      };
  }
}

/** The cause of an error text, or undefined when the text is not one this table knows. */
export function explainErrorText(text: string): ErrorTextMatch | undefined {
  const ctx = context(normaliseErrorText(text));
  if (ctx.text === "") return undefined;
  for (const rule of RULES) {
    const found = rule.find(ctx);
    if (found) return { ...found, deniedBy: DENIED_BY[found.cause], ...explainMatch(found) };
  }
  return undefined;
}
