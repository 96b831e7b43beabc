import { describe, expect, it } from "vitest";
import { escapeControl, sanitizeDeep, sanitizeReport } from "../../src/render/sanitize.js";
import { renderJson } from "../../src/render/json.js";
import { demoReport } from "../support/report.js";

describe("escapeControl", () => {
  it("shows ESC literally", () => {
    expect(escapeControl("orders\x1b[31mapi")).toBe("orders\\x1b[31mapi");
  });

  it("escapes C0, DEL and C1 controls", () => {
    expect(escapeControl("a\nb\tc\rd\x00e\x07f\x7fg\u009bh\u0085")).toBe(
      "a\\nb\\tc\\rd\\x00e\\x07f\\x7fg\\u009bh\\u0085",
    );
  });

  it("escapes line separators and bidi overrides", () => {
    expect(escapeControl("a\u2028b\u202ec\u2066d")).toBe("a\\u2028b\\u202ec\\u2066d");
  });

  it("leaves printable text, backslashes and non-ASCII alone", () => {
    const text = "orders-api — ✔ Zürich C:\\path \u00a0 日本";
    expect(escapeControl(text)).toBe(text);
  });

  it("keeps \\n and \\t in multiline mode, not \\r or ESC", () => {
    expect(escapeControl("a\nb\tc\r\x1b", { multiline: true })).toBe("a\nb\tc\\r\\x1b");
  });

  it("produces no control character at all", () => {
    let all = "";
    for (let c = 0; c < 0x100; c++) all += String.fromCharCode(c);
    const out = escapeControl(all);
    for (const ch of out) {
      const c = ch.charCodeAt(0);
      expect(c < 0x20 || (c >= 0x7f && c <= 0x9f)).toBe(false);
    }
  });
});

describe("sanitizeDeep / sanitizeReport", () => {
  it("escapes nested strings and object keys, leaves other values", () => {
    expect(sanitizeDeep({ "k\x1b": ["v\n", 1, true, null, { x: "\u009b" }] })).toEqual({
      "k\\x1b": ["v\\n", 1, true, null, { x: "\\u009b" }],
    });
  });

  it("keeps line breaks in a finding's detail, escapes them in its title and commands", () => {
    const report = demoReport();
    report.findings[0]!.title = "line\nbreak";
    report.findings[0]!.detail = "first\nsecond\x1b[2J";
    report.findings[0]!.fix.commands = ["aws x\nrm -rf /"];
    const safe = sanitizeReport(report);
    expect(safe.findings[0]!.title).toBe("line\\nbreak");
    expect(safe.findings[0]!.detail).toBe("first\nsecond\\x1b[2J");
    expect(safe.findings[0]!.fix.commands).toEqual(["aws x\\nrm -rf /"]);
    expect(report.findings[0]!.title).toBe("line\nbreak"); // the input is not changed
  });
});

describe("JSON output needs no sanitising", () => {
  it("JSON.stringify escapes every C0 control, so no ESC byte reaches the output", () => {
    const report = demoReport();
    let c0 = "";
    for (let c = 0; c < 0x20; c++) c0 += String.fromCharCode(c);
    report.target.name = `orders\x1b[2J\x1b[31m${c0}`;
    const out = renderJson(report);
    for (let c = 0; c < 0x20; c++) {
      if (c === 0x0a) continue; // the document's own line breaks
      expect(out.includes(String.fromCharCode(c))).toBe(false);
    }
    expect(out).toContain("orders\\u001b[2J\\u001b[31m");
    expect(JSON.parse(out).target.name).toBe(report.target.name);
  });
});
