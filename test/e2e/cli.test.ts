/**
 * The command line as a person at 3 a.m. types it: help pages with examples, groups and exit codes;
 * typos answered with the nearest command or option; choices in any case; `--symptom` as typed.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { COMMAND_HELP, TOP_EXAMPLES } from "../../src/commands/help-text.js";
import { editDistance, nearest } from "../../src/commands/suggest.js";
import { choice, SYMPTOM_ALIASES, SYMPTOMS } from "../../src/cli.js";
import { runCli } from "../support/cli.js";

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const COMMANDS = ["doctor", "why", "explain", "probe", "lint"] as const;

describe("--help", () => {
  it.each(COMMANDS)("lattice %s --help: examples, exit codes, on stdout, exit 0", async (command) => {
    const run = await runCli([command, "--help"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const examples = run.stdout.slice(run.stdout.indexOf("\nExamples:\n"));
    expect(examples.length).toBeLessThan(run.stdout.length);
    for (const [line, what] of COMMAND_HELP[command].examples) {
      expect(examples).toContain(`\n  ${line}\n      ${what}\n`);
    }
    const codes = run.stdout.slice(run.stdout.indexOf("\nExit codes:\n"));
    for (const [code, meaning] of COMMAND_HELP[command].exitCodes)
      expect(codes).toContain(`  ${String(code).padEnd(4)} ${meaning}`);
  });

  it("every example in a help page is a README line (the README test runs them all)", () => {
    const readmeLines = README.split("\n").map((l) => l.replace(/\s+#.*$/, "").trim());
    const all = [...COMMANDS.flatMap((c) => COMMAND_HELP[c].examples), ...TOP_EXAMPLES].map(([l]) => l);
    for (const example of all) {
      const inReadme = readmeLines.some((l) => ` ${l} `.includes(` ${example} `));
      expect(inReadme, `help example not in README.md: ${example}`).toBe(true);
    }
  });

  it("doctor --help groups its options: target, request (--as), output, AWS and credentials", async () => {
    const { stdout } = await runCli(["doctor", "--help"]);
    const section = (title: string) => {
      const start = stdout.indexOf(`\n${title}\n`);
      expect(start, title).toBeGreaterThan(0);
      const end = stdout.indexOf("\n\n", start + 1);
      return stdout.slice(start, end);
    };
    const request = section("Request (with --as):");
    for (const flag of ["--as", "--method", "--path", "--header", "--query", "--port", "--principal-tag"])
      expect(request).toContain(flag);
    expect(section("Target:")).toContain("--symptom");
    expect(section("Target:")).toContain("--from");
    expect(section("Output:")).toContain("--output");
    expect(section("Output:")).not.toContain("--as ");
    expect(section("AWS and credentials:")).toContain("--profile");
    expect(section("AWS and credentials:")).toContain("--role-arn");
  });

  it.each([["doctor"], ["probe"], ["lint"], ["explain"], []])(
    "lattice %s --help: no type tag glued to a description",
    async (...command) => {
      const { stdout } = await runCli([...command.filter(Boolean), "--help"]);
      expect(stdout).not.toMatch(/\S\[(boolean|string|array|number|choices:|default:)/);
      expect(stdout).not.toMatch(/\[boolean\]/);
    },
  );

  it("the top-level help lists the commands, examples and exit codes", async () => {
    const run = await runCli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Examples:\n  lattice doctor --demo\n");
    expect(run.stdout).toContain("Exit codes (lattice doctor):");
  });
});

describe("start-up", () => {
  it(
    "a command's run does not render the help text it does not show (no string-width measuring)",
    { timeout: 60_000 },
    async () => {
      const segment = vi.spyOn(Intl.Segmenter.prototype, "segment");
      try {
        expect((await runCli(["doctor", "--demo", "-o", "json"])).code).toBe(1);
        expect(segment).not.toHaveBeenCalled();
        // The help itself still measures its columns.
        expect((await runCli(["doctor", "--help"])).stdout).toContain("--demo");
        expect(segment).toHaveBeenCalled();
      } finally {
        segment.mockRestore();
      }
    },
  );
});

describe("typos", () => {
  it("a mistyped command: the nearest one, and the valid options after it are not blamed", async () => {
    const run = await runCli(["docter", "--demo"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("Unknown command 'docter'. Did you mean doctor?");
    expect(run.stderr).not.toContain("demo");
  });

  it.each([
    [["explian", "LAT-501"], "explain"],
    [["prob", "https://x.example.com/"], "probe"],
    [["lnit", "plan.json"], "lint"],
  ])("%j → did you mean %s", async (argv, wanted) => {
    const run = await runCli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Did you mean ${wanted}?`);
  });

  it("a word near no command gets no guess", async () => {
    const run = await runCli(["kubectl"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown command 'kubectl'.");
    expect(run.stderr).not.toContain("Did you mean");
  });

  it.each([
    [["doctor", "--demo", "--outptu", "json"], "Unknown option --outptu. Did you mean --output?", "doctor"],
    [["doctor", "--demo", "--symtom", "403"], "Unknown option --symptom", "doctor"],
    [["doctor", "--demo", "--trcae"], "Unknown option --trcae. Did you mean --trace?", "doctor"],
    [["doctor", "--demo", "--json"], "Unknown option --json. Did you mean --output json?", "doctor"],
    [["lint", "plan.json", "--prefixlist", "pl-1"], "Did you mean --prefix-list?", "lint"],
    [["probe", "https://x.example.com/", "--dryrun"], "Did you mean --dry-run?", "probe"],
  ])("%j: the nearest option, and the command's own help", async (argv, message, command) => {
    const run = await runCli(argv);
    expect(run.code).toBe(2);
    if (message.startsWith("Unknown option --symptom"))
      expect(run.stderr).toContain("Did you mean --symptom?");
    else expect(run.stderr).toContain(message);
    expect(run.stderr).toContain(`Run 'lattice ${command} --help' for usage.`);
    expect(run.stdout).toBe("");
  });

  it("a value that is a command's name does not change the command", async () => {
    const run = await runCli(["explain", "LAT-501", "--outptu", "doctor"]);
    expect(run.stderr).toContain("Run 'lattice explain --help' for usage.");
  });

  it("a usage error found by doctor itself points to doctor's help too", async () => {
    const run = await runCli(["doctor", "svc-XYZ"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Run 'lattice doctor --help' for usage.");
  });

  it("edit distance counts a swap of neighbours as one edit", () => {
    expect(editDistance("outptu", "output")).toBe(1);
    expect(editDistance("docter", "doctor")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(nearest("doc", ["doctor", "explain"])).toBe("doctor");
    expect(nearest("zz", ["doctor", "explain"])).toBeUndefined();
  });
});

describe("choices and values", () => {
  it.each([
    [["-o", "JSON"]],
    [["--output", "Json"]],
    [["--fail-on", "CRITICAL", "-o", "json"]],
    [["--symptom", "5XX", "-o", "json"]],
    [["--symptom", "TIMEOUT", "-o", "json"]],
  ])("doctor --demo %j is accepted in any case", async (args) => {
    const run = await runCli(["doctor", "--demo", ...args]);
    expect(run.code, run.stderr).toBe(1);
    expect(JSON.parse(run.stdout)).toHaveProperty("schemaVersion", 1);
  });

  it("lint -o SARIF is accepted", async () => {
    const run = await runCli(["lint", "test/fixtures/lint/orders-clean.cfn.yaml", "-o", "SARIF"]);
    expect(run.code).not.toBe(2);
    expect(JSON.parse(run.stdout)).toHaveProperty("version", "2.1.0");
  });

  it("--fail-on NONE turns the demo's exit code to 0", async () => {
    expect((await runCli(["doctor", "--demo", "--fail-on", "NONE", "-o", "json"])).code).toBe(0);
  });

  it.each(["403", "404"])("--symptom %s is taken as typed, not as a number", async (symptom) => {
    const run = await runCli(["doctor", "--demo", "--symptom", symptom, "-o", "json"]);
    expect(run.code, run.stderr).toBe(1);
  });

  it.each([
    ["500", "5xx"],
    ["502", "5xx"],
    ["503", "5xx"],
    ["504", "5xx"],
    ["5XX", "5xx"],
    ["Timeout", "timeout"],
    ["403", "403"],
    [403, "403"],
  ])("--symptom %s means %s", (typed, meant) => {
    expect(choice("symptom", SYMPTOMS, SYMPTOM_ALIASES)(typed)).toBe(meant);
  });

  it("--symptom 503 ranks the demo as --symptom 5xx does; the symptom does re-rank (timeout differs)", async () => {
    const order = async (s: string) =>
      (
        JSON.parse((await runCli(["doctor", "--demo", "--symptom", s, "-o", "json"])).stdout) as {
          findings: { code: string; resource: unknown }[];
        }
      ).findings.map((f) => `${f.code} ${JSON.stringify(f.resource)}`);
    const fiveXx = await order("5xx");
    expect(await order("503")).toEqual(fiveXx);
    expect(await order("timeout")).not.toEqual(fiveXx);
  });

  it.each([
    [["doctor", "--demo", "-o"], "--output needs a value: text, json or markdown"],
    [["doctor", "--demo", "--output"], "--output needs a value: text, json or markdown"],
    [["doctor", "--demo", "--fail-on"], "--fail-on needs a value: critical, error, warning, info or none"],
    [["doctor", "--demo", "--symptom", "--trace"], "--symptom needs a value: 403, 404, timeout or 5xx"],
    [["doctor", "--demo", "-o", "xml"], "--output xml: expected text, json or markdown"],
    [
      ["doctor", "--demo", "-o", "jsno"],
      "--output jsno: expected text, json or markdown (did you mean json?)",
    ],
    [["doctor", "--demo", "--symptom", "401"], "--symptom 401: expected 403, 404, timeout or 5xx"],
    [["lint", "plan.json", "-o", "html"], "--output html: expected text, json, sarif or markdown"],
    [["probe", "https://x.example.com/", "-o", "markdown"], "--output markdown: expected text or json"],
  ])("%j → a clear message, exit 2, never 'Given: true'", async (argv, message) => {
    const run = await runCli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`lattice: ${message}\n`);
    expect(run.stderr).not.toContain("Given:");
    expect(run.stdout).toBe("");
  });
});
