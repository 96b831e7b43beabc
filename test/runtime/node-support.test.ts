import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import module from "node:module";
import { describe, expect, it } from "vitest";
import { nodeSupportNote } from "../../src/node-support.js";
// @ts-expect-error plain-JS launcher helper, no types
import { compileCacheDir } from "../../bin/compile-cache.js";

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe("nodeSupportNote", () => {
  it("says nothing for a tested version inside its support window", () => {
    expect(nodeSupportNote("v22.23.5", day("2026-12-07"))).toBeUndefined();
    expect(nodeSupportNote("v24.22.3", day("2026-12-07"))).toBeUndefined();
    expect(nodeSupportNote("v20.20.2", day("2026-04-29"))).toBeUndefined();
  });

  it("names end of life for a tested line past it", () => {
    expect(nodeSupportNote("v20.20.2", day("2026-12-07"))).toBe(
      "Node v20.20.2 reached end of life on 2026-04-30; lattice-doctor is tested on Node 20, 22 and 24",
    );
  });

  it("calls an odd or newer major untested", () => {
    expect(nodeSupportNote("v25.1.0", day("2026-12-07"))).toMatch(
      /^Node v25\.1\.0 is untested: .*20, 22 and 24$/,
    );
    expect(nodeSupportNote("18.20.0", day("2026-12-07"))).toMatch(/^Node v18\.20\.0 is untested/);
  });
});

describe("compile cache directory", () => {
  it("is under XDG_CACHE_HOME, else ~/.cache, never relative", () => {
    expect(compileCacheDir({ XDG_CACHE_HOME: "/c", HOME: "/h" })).toBe("/c/lattice-doctor");
    expect(compileCacheDir({ XDG_CACHE_HOME: "rel", HOME: "/h" })).toBe("/h/.cache/lattice-doctor");
    expect(compileCacheDir({ HOME: "/h" })).toBe("/h/.cache/lattice-doctor");
  });
});

const BIN = "bin/lattice.js";
const built = existsSync("dist/bundle/cli.mjs");
const hasCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === "function";

describe.skipIf(!built)("the launcher on this Node", () => {
  const env = { PATH: process.env.PATH ?? "", AWS_EC2_METADATA_DISABLED: "true" };

  it.skipIf(!hasCache)("fills the compile cache in the user's cache directory, not the package", () => {
    const home = mkdtempSync(join(tmpdir(), "lattice-cc-"));
    try {
      const r = spawnSync(process.execPath, [BIN, "explain", "LAT-401"], {
        env: { ...env, HOME: home },
        encoding: "utf8",
      });
      expect(r.status).toBe(0);
      expect(r.stderr).toBe("");
      // Node names a cache directory after its version (v22.23.5-x64-…).
      const cacheDirs = (dir: string) => readdirSync(dir).filter((n) => /^v\d+\.\d+\.\d+-/.test(n));
      expect(cacheDirs(join(home, ".cache", "lattice-doctor")).length).toBeGreaterThan(0);
      for (const dir of [".", "bin", "dist", "dist/bundle"]) expect(cacheDirs(dir)).toEqual([]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it("runs as usual when the cache cannot be written", () => {
    const home = mkdtempSync(join(tmpdir(), "lattice-cc-"));
    try {
      writeFileSync(join(home, ".cache"), "a file where the directory would go");
      const r = spawnSync(process.execPath, [BIN, "doctor", "--demo"], {
        env: { ...env, HOME: home },
        encoding: "utf8",
      });
      expect(r.status).toBe(1);
      expect(r.stdout).toContain("LAT-401");
      expect(r.stderr).toBe("");
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it("prints the Node support note only with -v", () => {
    const note = nodeSupportNote(process.version, new Date());
    const quiet = spawnSync(process.execPath, [BIN, "doctor", "--demo"], {
      env: { ...env, HOME: "/nonexistent" },
      encoding: "utf8",
    });
    expect(quiet.stderr).not.toContain("note: Node");
    const loud = spawnSync(process.execPath, [BIN, "doctor", "--demo", "-v"], {
      env: { ...env, HOME: "/nonexistent" },
      encoding: "utf8",
    });
    if (note) expect(loud.stderr).toContain(`lattice: note: ${note}`);
    else expect(loud.stderr).not.toContain("note: Node");
    expect(loud.stderr + loud.stdout).not.toContain("NodeVersionSupportWarning");
  });
});
