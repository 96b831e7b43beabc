/**
 * Each command's `Args` type is inferred from its yargs options (src/commands/*-command.ts): these
 * assertions are checked by `tsc -p tsconfig.test.json` (npm run lint), so an option whose type or
 * default changes changes what the run function is told, or this file stops compiling.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import type { DoctorArgs } from "../../src/commands/doctor-command.js";
import type { ProbeArgs } from "../../src/commands/probe-command.js";
import type { LintArgs } from "../../src/commands/lint-command.js";
import type { FailOn } from "../../src/report/types.js";
import type { Symptom } from "../../src/core/check.js";
import { main } from "../../src/cli.js";

describe("Args inferred from the options", () => {
  it("doctor: choices narrowed by their coerce, defaults required, the rest optional", () => {
    expectTypeOf<DoctorArgs["output"]>().toEqualTypeOf<"text" | "json" | "markdown" | undefined>();
    expectTypeOf<DoctorArgs["symptom"]>().toEqualTypeOf<Symptom | undefined>();
    expectTypeOf<DoctorArgs["failOn"]>().toEqualTypeOf<FailOn | undefined>();
    expectTypeOf<DoctorArgs["demo"]>().toEqualTypeOf<boolean>();
    expectTypeOf<DoctorArgs["concurrency"]>().toEqualTypeOf<number>();
    expectTypeOf<DoctorArgs["principalTag"]>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<DoctorArgs["service"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<DoctorArgs>().not.toHaveProperty("fail-on");
  });

  it("probe and lint", () => {
    expectTypeOf<ProbeArgs["output"]>().toEqualTypeOf<"text" | "json" | undefined>();
    expectTypeOf<ProbeArgs["dryRun"]>().toEqualTypeOf<boolean>();
    expectTypeOf<ProbeArgs["header"]>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<LintArgs["output"]>().toEqualTypeOf<"text" | "json" | "sarif" | "markdown" | undefined>();
    expectTypeOf<LintArgs["files"]>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<LintArgs["prefixList"]>().toEqualTypeOf<string | undefined>();
  });
});

describe("the defaults the commands apply after parsing", () => {
  const run = async (argv: string[]) => {
    let stdout = "";
    let stderr = "";
    const code = await main(argv, {
      stdout: { write: (s: string) => (stdout += s), isTTY: false },
      stderr: { write: (s: string) => (stderr += s), isTTY: false },
      env: { AWS_EC2_METADATA_DISABLED: "true" },
    });
    return { code, stdout, stderr };
  };

  it("--fail-on error when not given: the demo's errors fail the run", async () => {
    const implicit = await run(["doctor", "--demo", "--output", "json"]);
    const explicit = await run(["doctor", "--demo", "--output", "json", "--fail-on", "error"]);
    const lenient = await run(["doctor", "--demo", "--output", "json", "--fail-on", "none"]);
    expect(implicit.code).toBe(1);
    expect(explicit.code).toBe(1);
    expect(lenient.code).toBe(0);
  });

  it("--fail-on typed without a value is a usage error, not the default", async () => {
    const r = await run(["doctor", "--demo", "--fail-on"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--fail-on needs a value: critical, error, warning, info or none");
    expect(r.stdout).toBe("");
  });
});
