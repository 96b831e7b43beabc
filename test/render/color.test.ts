import { describe, expect, it } from "vitest";
import { colorEnabled, paint } from "../../src/render/color.js";

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe("colorEnabled", () => {
  it.each([
    ["TTY by default", tty, {}, undefined, true],
    ["pipe by default", pipe, {}, undefined, false],
    ["stream without isTTY", {}, {}, undefined, false],
    ["NO_COLOR=1 on a TTY", tty, { NO_COLOR: "1" }, undefined, false],
    ["NO_COLOR with any value", tty, { NO_COLOR: "false" }, undefined, false],
    ["empty NO_COLOR is ignored", tty, { NO_COLOR: "" }, undefined, true],
    ["FORCE_COLOR=1 when piped", pipe, { FORCE_COLOR: "1" }, undefined, true],
    ["FORCE_COLOR=3 when piped", pipe, { FORCE_COLOR: "3" }, undefined, true],
    ["FORCE_COLOR=0 on a TTY", tty, { FORCE_COLOR: "0" }, undefined, false],
    ["FORCE_COLOR=false on a TTY", tty, { FORCE_COLOR: "false" }, undefined, false],
    ["empty FORCE_COLOR is ignored", pipe, { FORCE_COLOR: "" }, undefined, false],
    ["--no-color on a TTY", tty, {}, false, false],
    ["--no-color beats FORCE_COLOR", pipe, { FORCE_COLOR: "1" }, false, false],
    ["--color (true) forces nothing", pipe, {}, true, false],
    ["NO_COLOR beats FORCE_COLOR", tty, { NO_COLOR: "1", FORCE_COLOR: "1" }, undefined, false],
    ["TERM=dumb on a TTY", tty, { TERM: "dumb" }, undefined, false],
    ["FORCE_COLOR beats TERM=dumb", tty, { TERM: "dumb", FORCE_COLOR: "1" }, undefined, true],
    ["TERM=xterm-256color on a TTY", tty, { TERM: "xterm-256color" }, undefined, true],
  ] as const)("%s", (_name, stream, env, flag, expected) => {
    expect(colorEnabled({ stream, env, flag })).toBe(expected);
  });
});

describe("paint", () => {
  it("is the identity when disabled", () => {
    const p = paint(false);
    for (const style of [p.red, p.yellow, p.green, p.cyan, p.gray, p.bold, p.dim]) {
      expect(style("text")).toBe("text");
    }
  });

  it("emits SGR sequences only, and re-opens the outer style after a nested one", () => {
    const p = paint(true);
    const out = p.red(`a${p.yellow("b")}c`) + p.bold(p.dim("d"));
    expect(out).toBe("\x1b[31ma\x1b[33mb\x1b[39m\x1b[31mc\x1b[39m\x1b[1m\x1b[2md\x1b[22m\x1b[1m\x1b[22m");
    // every escape sequence is an SGR (ends in m): no cursor movement, no erase
    const sequences = out.split("\x1b").slice(1);
    expect(sequences.length).toBeGreaterThan(0);
    for (const seq of sequences) expect(seq).toMatch(/^\[[0-9;]*m/);
  });
});
