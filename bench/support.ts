/**
 * What the benchmarks share: their numeric flags, the median they quote, and the environment of a
 * CLI spawned against the loopback fake as a user would run it.
 */
import { join } from "node:path";

/** `--name N` or `--name=N` (a non-negative number), else `fallback`. */
export function flag(name: string, fallback: number, argv: readonly string[] = process.argv): number {
  const i = argv.indexOf(`--${name}`);
  const raw = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} expects a non-negative number, got ${raw}`);
  return n;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A user's environment: a home (so the compile cache has somewhere to live), no AWS config files. */
export function userEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "",
    HOME: home,
    AWS_CONFIG_FILE: join(home, "no-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "no-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

/** Keys the loopback fake accepts (test/support/wire-server.ts signs nothing back). */
export const WIRE_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: "AKIAWIRETEST00000000",
  AWS_SECRET_ACCESS_KEY: "wire-test-secret",
};

/** `userEnv` with the fake's keys, region and endpoints (`server.env`). */
export function wireUserEnv(home: string, endpoints: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...userEnv(home), ...WIRE_CREDENTIALS, AWS_REGION: "us-east-1", ...endpoints };
}
