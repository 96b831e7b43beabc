/** Endpoint naming, shared with src/ (src/core/util/endpoint.ts). */
export * from "../../src/core/util/endpoint.js";
