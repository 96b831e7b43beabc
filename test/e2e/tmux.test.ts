/**
 * `lattice doctor --demo` in a real terminal (tmux), as a paged engineer runs it: the built binary
 * (dist/, `npm run build` first) at 140×50 and 80×24. What is on the screen when the run ends must be
 * the answer: the root causes, each with its fix command, and the verdict naming the top cause.
 * The raw output never holds a screen clear (ESC[2J) or a scrollback erase (ESC[3J).
 *
 * The header and the hop list come first, as plain text, before ink draws anything (loading ink and
 * React takes about a second): on the screen within 0.5 s of the program having loaded
 * `lattice doctor` (its modules, the AWS SDK among them, measured here first and counted twice, so
 * a loaded CI machine does not fail the test).
 *
 * Skipped, saying so, when tmux is not installed (.ci/run installs it).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Report } from "../../src/report/types.js";

const ROOT = resolve(import.meta.dirname, "../..");
const HAS_TMUX = spawnSync("tmux", ["-V"]).status === 0;
if (!HAS_TMUX) console.warn("tmux is not installed: the terminal tests (test/e2e/tmux.test.ts) are skipped");

const SOCKET = `lattice-test-${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), "lattice-tmux-"));
afterAll(() => {
  spawnSync("tmux", ["-L", SOCKET, "kill-server"]);
  rmSync(dir, { recursive: true, force: true });
});

function tmux(...args: string[]): string {
  const r = spawnSync("tmux", ["-L", SOCKET, "-f", "/dev/null", ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tmux ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What starting `lattice doctor` costs on this machine: node and the command's modules. */
function startupMs(): number {
  const t = performance.now();
  spawnSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      "await import('./dist/src/cli.js'); await import('./dist/src/commands/doctor.js')",
    ],
    { cwd: ROOT },
  );
  return performance.now() - t;
}

/** The fix commands of the demo's root causes, from its JSON report. */
function demoReport(): Report {
  const r = spawnSync(process.execPath, ["bin/lattice.js", "doctor", "--demo", "--output", "json"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  return JSON.parse(r.stdout) as Report;
}

describe.skipIf(!HAS_TMUX)("lattice doctor --demo in tmux", () => {
  const report = HAS_TMUX ? demoReport() : undefined;

  for (const [columns, rows] of [
    [140, 50],
    [80, 24],
  ] as const) {
    it(`${columns}×${rows}: the header at once, the root causes and their fixes on the last screen, no clears`, async () => {
      const session = `s${columns}`;
      const raw = join(dir, `${session}.raw`);
      tmux("new-session", "-d", "-s", session, "-x", String(columns), "-y", String(rows), "sh");
      tmux("pipe-pane", "-t", session, "-o", `cat >> ${raw}`);
      const startup = startupMs();
      // CI and NO_COLOR would turn the live view or its colours off: this is a person's terminal.
      tmux(
        "send-keys",
        "-t",
        session,
        `cd ${ROOT} && env -u CI -u NO_COLOR TERM=xterm-256color node bin/lattice.js doctor --demo; echo "DONE=$?"`,
        "Enter",
      );
      const sent = performance.now();
      let first = "";
      while (!/reading svc-0e5b4c6a2d1f83a97/.test(first) && performance.now() - sent < 60_000) {
        await sleep(50);
        first = tmux("capture-pane", "-p", "-t", session);
      }
      const headerMs = performance.now() - sent;
      expect(headerMs, `header after ${Math.round(headerMs)} ms`).toBeLessThanOrEqual(500 + 2 * startup);
      expect(first).toMatch(/reading svc-0e5b4c6a2d1f83a97 in us-east-1/);
      expect(first).toMatch(/^. service\b/m);

      let screen = "";
      for (let i = 0; i < 600 && !/DONE=\d/.test(screen); i++) {
        await sleep(100);
        screen = tmux("capture-pane", "-p", "-J", "-t", session);
      }
      expect(screen).toMatch(/DONE=1/);
      // What fails now (critical, error) and nothing else caused: a missing alarm is not a cause.
      const causes = report!.findings
        .filter((f) => !f.causedBy && !f.suppressed && (f.severity === "critical" || f.severity === "error"))
        .slice(0, 3);
      expect(causes.map((f) => f.code).slice(0, 2)).toEqual(["LAT-401", "LAT-501"]);
      // -J joins the lines the terminal wrapped: each fix command is whole on the screen
      for (const f of causes) {
        expect(screen).toMatch(new RegExp(`\\d\\. . ${f.code} `));
        expect(screen).toContain(f.fix.commands[0]!);
      }
      expect(screen).toMatch(/✖ blocked by LAT-401\b.*: 3 critical, 3 error, 4 warning — exit 1/);
      // nothing but the answer needs the last screen: its block starts on it
      expect(screen).toContain("root causes");

      await sleep(200);
      const bytes = readFileSync(raw, "latin1");
      expect(bytes.length).toBeGreaterThan(1000);
      expect(bytes).not.toContain("\x1b[3J");
      expect(bytes).not.toContain("\x1b[2J");
      // the first frame is out before ink's first redraw (cursor up, erase line)
      // eslint-disable-next-line no-control-regex
      const plain = bytes.replace(/\x1b\[[0-9;]*m/g, "");
      expect(plain.indexOf("reading svc-0e5b4c6a2d1f83a97")).toBeGreaterThan(0);
      expect(plain.indexOf("reading svc-0e5b4c6a2d1f83a97")).toBeLessThan(plain.indexOf("\x1b[1A\x1b[2K"));
      tmux("kill-session", "-t", session);
    }, 90_000);
  }
});
