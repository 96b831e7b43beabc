import { describe, expect, it } from "vitest";
import { formatWindow, InvalidWindowError, parseWindow } from "../../src/commands/window.js";

describe("--window", () => {
  it("accepts 90s, 5m, 15m, 1h, 2h30m and bare seconds", () => {
    expect(parseWindow("90s")).toBe(90);
    expect(parseWindow("5m")).toBe(300);
    expect(parseWindow("15m")).toBe(900);
    expect(parseWindow("1h")).toBe(3600);
    expect(parseWindow("2h30m")).toBe(9000);
    expect(parseWindow(" 120 ")).toBe(120);
    expect(parseWindow("1d")).toBe(86_400);
  });
  it("refuses what is not a duration, and what is shorter than one period or longer than a day", () => {
    for (const bad of ["", "15", "abc", "-5m", "5 m", "1.5h", "30s", "2d", "m"]) {
      if (bad === "15") continue; // 15 seconds is a number, refused below as too short
      expect(() => parseWindow(bad), bad).toThrow(InvalidWindowError);
    }
    expect(() => parseWindow("15")).toThrow(/between 1m/);
  });
  it("formats back", () => {
    expect(formatWindow(900)).toBe("15m");
    expect(formatWindow(5400)).toBe("1h30m");
    expect(formatWindow(90)).toBe("1m30s");
  });
});
