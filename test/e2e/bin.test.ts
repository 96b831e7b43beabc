/**
 * The real binary, spawned: streams, EPIPE, exit codes as a shell sees them.
 * Needs the build (npm ci runs it through `prepare`; CI runs `npm run build` before the tests).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";

const BIN = "bin/lattice.js";
const env = {
  PATH: process.env.PATH ?? "",
  HOME: "/nonexistent",
  AWS_EC2_METADATA_DISABLED: "true",
};

describe.skipIf(!existsSync("dist/bundle/cli.mjs"))("bin/lattice.js", () => {
  it("prints the version", () => {
    const r = spawnSync(process.execPath, [BIN, "--version"], { env, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("runs the demo: report on stdout, exit 1, nothing from the SDK on stdout", () => {
    const r = spawnSync(process.execPath, [BIN, "doctor", "--demo"], { env, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("LAT-401");
    expect(r.stdout).not.toContain("NodeVersionSupportWarning");
    expect(r.stdout.includes("\x1b")).toBe(false);
  });

  it("ends quietly when stdout is closed early (| head -1)", () => {
    const r = spawnSync(
      "bash",
      ["-c", `node ${BIN} doctor --demo -v --trace | head -1; echo "status=\${PIPESTATUS[0]}"`],
      {
        env,
        encoding: "utf8",
      },
    );
    expect(r.stderr).not.toMatch(/EPIPE|Error/);
    expect(r.stdout.trim().split("\n")).toHaveLength(2);
  });

  it("NO_COLOR and FORCE_COLOR decide colour when piped", () => {
    const forced = spawnSync(process.execPath, [BIN, "doctor", "--demo"], {
      env: { ...env, FORCE_COLOR: "1" },
      encoding: "utf8",
    });
    expect(forced.stdout.includes("\x1b[")).toBe(true);
    const off = spawnSync(process.execPath, [BIN, "doctor", "--demo", "--no-color"], {
      env: { ...env, FORCE_COLOR: "1" },
      encoding: "utf8",
    });
    expect(off.stdout.includes("\x1b")).toBe(false);
  });
});
