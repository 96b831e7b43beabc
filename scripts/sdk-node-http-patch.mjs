/**
 * The SDK's HTTP handler (`@smithy/node-http-handler/dist-es/node-http-handler.js`) loads node:http
 * only for an `http://` endpoint (an AWS-compatible endpoint on the loopback or in a test account:
 * moto, LocalStack, a proxy), and loads it with `await import("node:http")`. An import builds an
 * ES module facade that reads every export of the module, and node:http's lazy `WebSocket`,
 * `CloseEvent` and `MessageEvent` getters then load undici's WebSocket: 41 ms against 6 ms through
 * require() on Node 22 (and 24), before the first request to such an endpoint. The handler uses
 * only `Agent` and `request`.
 *
 * The bundle (scripts/bundle.mjs) loads it through require() instead (every chunk of the bundle
 * has one: the banner's createRequire): the same module object, without the facade. The handler
 * already reads `node_http.default ?? node_http`, so either form works.
 *
 * Hand-written exact-text replacement, as the XML patches (sdk-xml-parser-patch.mjs): replaced only
 * where it is found verbatim; not found (an SDK update changed the file), it is left as it was —
 * still correct, merely slower; the build warns and the bundle test fails on it.
 */

import { replaceExactly } from "./exact-text.mjs";

/** The files, as esbuild's onLoad filter. */
export const NODE_HTTP_FILES =
  /[\\/]@smithy[\\/](node-http-handler[\\/]dist-es[\\/]node-http-handler|credential-provider-imds[\\/]dist-es[\\/]remoteProvider[\\/]node-http)\.js$/;

/**
 * Each import as the SDK writes it and as the bundle runs it, by file; `marker`, what esbuild prints
 * of `to`. The second is the instance and container credential providers' (an EC2 instance profile,
 * an ECS or EKS task role), which load node:http for the metadata endpoint.
 */
export const NODE_HTTP_REPLACEMENTS = [
  {
    name: "HTTP handler's node:http import",
    file: "node-http-handler.js",
    marker: 'const node_http = __require("node:http")',
    from: `const node_http = await import("node:http");`,
    to: `const node_http = require("node:http");`,
  },
  {
    name: "metadata credentials' node:http import",
    file: "node-http.js",
    marker: 'var node_http = __require("node:http")',
    from: `import node_http from "node:http";`,
    to: `const node_http = require("node:http");`,
  },
];

/** The file's source with each of its replacements made, and the names of those not found. */
export function patchNodeHttp(source, path) {
  return replaceExactly(
    source,
    NODE_HTTP_REPLACEMENTS.filter(({ file }) => path.endsWith(file)),
  );
}
