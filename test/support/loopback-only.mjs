/**
 * Preloaded into the spawned CLI by test/e2e/wire.test.ts (`node --import …`): refuses every TCP
 * connection that is not to a loopback address, so a wire test can never reach AWS (or anything
 * else) even if an endpoint variable were missing or the SDK tried instance metadata. A refused
 * connection fails with an error and leaves a `loopback-only: refused …` line on stderr, which the
 * tests look for.
 */
import net from "node:net";

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/i;
const connect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function (...args) {
  // net.createConnection passes its normalised [options, callback] array as the first argument.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  let host;
  let path;
  if (first && typeof first === "object") {
    host = first.host;
    path = first.path;
  } else if (typeof args[1] === "string") {
    host = args[1];
  } else if (typeof first === "string" && !/^\d+$/.test(first)) {
    path = first;
  }
  // http.Agent passes `path: null` for TCP; only a non-empty path is a local (IPC) socket.
  if (!path) {
    const target = String(host ?? "localhost").replace(/^\[|\]$/g, "");
    if (!LOOPBACK.test(target)) {
      process.stderr.write(`loopback-only: refused a connection to ${target}\n`);
      const error = new Error(`loopback-only: refused a connection to ${target}`);
      error.code = "ECONNREFUSED";
      process.nextTick(() => this.destroy(error));
      return this;
    }
  }
  return Reflect.apply(connect, this, args);
};
