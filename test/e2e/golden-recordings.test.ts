/**
 * The text and Markdown reports of the bundled recordings, compared with reviewed expected files in
 * test/golden/recordings/. Timings and the generation time are the only parts that vary between
 * runs; they are masked. After a deliberate change: `UPDATE_GOLDEN=1 npx vitest run test/e2e/golden-recordings.test.ts`,
 * then read the diff before committing it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { main, type Io } from "../../src/cli.js";

const RECORDINGS: Record<string, string[]> = {
  demo: ["--demo"],
  "healthy-orders": ["--replay", "fixtures/recordings/healthy-orders.recording.json"],
  "healthy-https-ip": ["--replay", "fixtures/recordings/healthy-https-ip.recording.json"],
  "denied-auth-policy": ["--replay", "fixtures/recordings/denied-auth-policy.recording.json"],
};

async function render(args: string[]): Promise<string> {
  let stdout = "";
  const io: Io = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: () => true, isTTY: false },
    env: { AWS_EC2_METADATA_DISABLED: "true" },
  };
  await main(["doctor", ...args], io);
  return stdout
    .replace(/(\d+ AWS calls, \d+ failed, )[\d.<]+ ?(ms|s)/g, "$1<duration>")
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "<time>");
}

function golden(name: string, actual: string): void {
  const path = `test/golden/recordings/${name}`;
  if (process.env.UPDATE_GOLDEN || !existsSync(path)) {
    mkdirSync("test/golden/recordings", { recursive: true });
    writeFileSync(path, actual);
  }
  expect(actual).toBe(readFileSync(path, "utf8"));
}

describe("reports of the bundled recordings", () => {
  for (const [name, args] of Object.entries(RECORDINGS)) {
    it(`${name}: text (with --trace)`, async () => {
      golden(`${name}.txt`, await render([...args, "--trace"]));
    });
    it(`${name}: markdown`, async () => {
      golden(`${name}.md`, await render([...args, "--output", "markdown"]));
    });
  }
});
