/**
 * Every `lattice …` command line in README.md runs, and none is a usage error (exit 2).
 *
 * The lines are extracted from the README's code blocks (continuation lines and multi-line quotes
 * joined, comments and redirections dropped, `npx` allowed), so a line added to the README is
 * covered without touching this file — unless no harness below fits it, which fails the test.
 * Each harness says what data the line runs against and which exit code it must give:
 *
 * - `explain`, `doctor --demo`, `--replay <file in the repo>`: offline, as typed;
 * - `doctor <id | ARN | name | URL>`: the loopback wire server (the real SDK over HTTP) serving the
 *   demo's broken account in the region the line names, profiles of the line defined in config files;
 * - `why <service>`: the same, with an access log holding the window's failed requests (why-scenario.ts);
 * - `--replay <file>` of a file an earlier line records: the demo recording under that name;
 * - `lint <file>`, `probe … -d @file`: the files the line names, made from the lint fixtures;
 * - `probe <url>`: with `--dry-run` added (the examples' hosts resolve only inside a VPC).
 *
 * The runs are in process (test/support/in-process.ts: process.env and the directory set per run).
 */
import { copyFile, mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeAccount } from "./support/fake-account.js";
import { brokenOrdersScenario } from "../bench/scenarios.js";
import { DEMO_RECORDING } from "../src/version.js";
import { runWithEnv } from "./support/in-process.js";
import { events, loggedScenario } from "./support/why-scenario.js";
import { startWireServer, type WireServer } from "./support/wire-server.js";

const ROOT = resolve(import.meta.dirname, "..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");

/** What `$(…)` in a README line stands for: a 403 body as a client logs it. */
const SUBSTITUTION =
  "AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/orders-client/task-7f3a is not authorized to perform: vpc-lattice-svcs:Invoke on resource: arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-0e5b4c6a2d1f83a97/orders because no service-based policy allows the vpc-lattice-svcs:Invoke action";

// ---------------------------------------------------------------------------------------------
// Extraction

/** The text of every fenced code block. */
function codeBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
}

/** Physical lines joined into logical ones: a trailing `\`, or a quote still open. */
function logicalLines(block: string): string[] {
  const out: string[] = [];
  let current = "";
  for (const line of block.split("\n")) {
    current = current ? `${current}\n${line}` : line;
    if (current.endsWith("\\")) {
      current = current.slice(0, -1);
      continue;
    }
    if (openQuote(current)) continue;
    out.push(current);
    current = "";
  }
  if (current) out.push(current);
  return out;
}

function openQuote(text: string): boolean {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === "\\" && quote === '"') i++;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(text[i - 1]!))) return false;
  }
  return quote !== undefined;
}

/**
 * Shell words of the first `lattice …` command on a line (after `npx`, `&&`, `;` or at the start),
 * up to a pipe, `&&`, `;`, a redirection or a comment. `$(…)` becomes SUBSTITUTION.
 */
export function latticeCommand(line: string): string[] | undefined {
  const words = shellWords(line);
  let i = words.findIndex(
    (w, k) => w === "lattice" && (k === 0 || ["npx", "&&", ";", "||"].includes(words[k - 1]!)),
  );
  if (i < 0) return undefined;
  const out: string[] = [];
  for (i++; i < words.length; i++) {
    const w = words[i]!;
    if (["|", "&&", ";", "||"].includes(w)) break;
    if (w === ">" || w === "<" || w === "2>") {
      i++;
      continue;
    }
    out.push(w);
  }
  return out;
}

const OPERATORS = new Set(["|", "&&", ";", "||", ">", "<", "2>"]);

function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "#" && word === undefined) break;
    else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      word = (word ?? "") + line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let text = "";
      while (j < line.length && line[j] !== '"') {
        if (line.startsWith("$(", j)) {
          j = closingParen(line, j + 1);
          text += SUBSTITUTION;
        } else text += line[j];
        j++;
      }
      word = (word ?? "") + text;
      i = j;
    } else if (line.startsWith("$(", i)) {
      i = closingParen(line, i + 1);
      word = (word ?? "") + SUBSTITUTION;
    } else if (word === undefined && OPERATORS.has(line.slice(i, i + 2).trim()) && /[|&;<>2]/.test(c)) {
      const op = [...OPERATORS].find((o) => line.startsWith(o, i) && (o.length === 2 || line[i + 1] !== o))!;
      words.push(op ?? c);
      i += (op ?? c).length - 1;
    } else word = (word ?? "") + c;
  }
  if (word !== undefined) words.push(word);
  return words;
}

function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i;
  }
  return text.length;
}

const EXAMPLES = codeBlocks(README)
  .flatMap(logicalLines)
  .map((line) => ({ line: line.trim(), argv: latticeCommand(line) }))
  .filter((e): e is { line: string; argv: string[] } => e.argv !== undefined);

// ---------------------------------------------------------------------------------------------
// Harnesses

interface Harness {
  name: string;
  fits(argv: string[]): boolean;
  /** The argv actually run (probe gets --dry-run). */
  argv?(argv: string[]): string[];
  /** Runs against the wire server for this region (else offline). */
  live?: boolean;
  /** The account the wire server serves (default: the demo's broken account). */
  account?: "demo" | "logged";
  expectCode: number | ((argv: string[]) => number);
}

const valueOf = (argv: string[], flag: string) => {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
};
const inRepo = (file: string | undefined) => file !== undefined && readFileExists(join(ROOT, file));
function readFileExists(path: string): boolean {
  try {
    readFileSync(path);
    return true;
  } catch {
    return false;
  }
}

const HARNESSES: Harness[] = [
  { name: "explain, offline", fits: (a) => a[0] === "explain", expectCode: 0 },
  { name: "the bundled demo", fits: (a) => a[0] === "doctor" && a.includes("--demo"), expectCode: 1 },
  {
    name: "a recording in the repository",
    fits: (a) => a[0] === "doctor" && inRepo(valueOf(a, "--replay")),
    // The cross-account fixture is a broken deployment too.
    expectCode: 1,
  },
  {
    name: "a recording an earlier README line writes (the demo's, under that name)",
    fits: (a) => a[0] === "doctor" && valueOf(a, "--replay") !== undefined,
    expectCode: 1,
  },
  {
    name: "doctor against the demo account on the loopback wire server",
    fits: (a) => a[0] === "doctor" && a[1] !== undefined && !a[1].startsWith("-"),
    live: true,
    // The demo account is broken: critical findings, so 1 whatever --fail-on; a custom domain
    // the account does not have is not found (4).
    expectCode: (a) => (a[1]!.includes("orders.internal.example.com") ? 4 : 1),
  },
  {
    name: "why against the demo account with an access log, on the loopback wire server",
    fits: (a) => a[0] === "why",
    live: true,
    account: "logged",
    // Failed requests in the window (the --request-id line's entry is a 403).
    expectCode: 1,
  },
  { name: "lint on the lint fixtures", fits: (a) => a[0] === "lint", expectCode: 1 },
  {
    name: "probe, --dry-run added",
    fits: (a) => a[0] === "probe",
    argv: (a) => (a.includes("--dry-run") ? a : [...a, "--dry-run"]),
    expectCode: 0,
  },
];

/** Files the README's lines read, made in the scratch directory the lines run in. */
const FILES: Record<string, string> = {
  "plan.json": join(ROOT, "test/fixtures/lint/payments-broken.plan.json"),
  "stacks/orders.yaml": join(ROOT, "test/fixtures/lint/orders-broken.cfn.yaml"),
  "orders-api.recording.json": DEMO_RECORDING,
};

// ---------------------------------------------------------------------------------------------
// Running

const servers = new Map<string, WireServer>();
let scratch = "";
let home = "";
const savedEnv = { ...process.env };

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "lattice-readme-"));
  home = await mkdtemp(join(tmpdir(), "lattice-readme-home-"));
  await symlink(join(ROOT, "fixtures"), join(scratch, "fixtures"));
  for (const [name, source] of Object.entries(FILES)) {
    await mkdir(dirname(join(scratch, name)), { recursive: true });
    await copyFile(source, join(scratch, name));
  }
  await writeFile(join(scratch, "order.json"), '{"sku":"A-1","quantity":2}\n');
  // Every profile a README line names exists, with the wire server's dummy keys.
  const profiles = new Set(
    EXAMPLES.flatMap((e) => [valueOf(e.argv, "--profile"), valueOf(e.argv, "--consumer-profile")]).filter(
      (p): p is string => p !== undefined,
    ),
  );
  const keys = "aws_access_key_id = AKIAWIRETEST00000000\naws_secret_access_key = wire-test-secret\n";
  await writeFile(join(home, "credentials"), [...profiles].map((p) => `[${p}]\n${keys}`).join("\n"));
  await writeFile(join(home, "config"), [...profiles].map((p) => `[profile ${p}]\n`).join("\n"));
});

afterAll(async () => {
  for (const server of servers.values()) await server.close();
});

async function serverFor(region: string, account: Harness["account"] = "demo"): Promise<WireServer> {
  let server = servers.get(`${account} ${region}`);
  if (!server) {
    const scenario = account === "logged" ? loggedScenario(events(Date.now())) : brokenOrdersScenario();
    server = await startWireServer(new FakeAccount(scenario), { region });
    servers.set(`${account} ${region}`, server);
  }
  return server;
}

/** The region a line names (an ARN's, a DNS name's, --region), else the demo's. */
function regionOf(argv: string[]): string {
  const named = /(?:vpc-lattice:|vpc-lattice-svcs\.)([a-z]{2}(?:-[a-z]+)+-\d)/.exec(argv[1] ?? "")?.[1];
  return named ?? valueOf(argv, "--region") ?? "us-east-1";
}

async function run(argv: string[], live: boolean, account?: Harness["account"]) {
  const env: Record<string, string> = {
    PATH: savedEnv.PATH ?? "",
    HOME: home,
    AWS_CONFIG_FILE: join(home, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
    AWS_ACCESS_KEY_ID: "AKIAWIRETEST00000000",
    AWS_SECRET_ACCESS_KEY: "wire-test-secret",
    AWS_REGION: "us-east-1",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    AWS_MAX_ATTEMPTS: "1",
  };
  if (live) Object.assign(env, (await serverFor(regionOf(argv), account)).env);
  // Offline lines must not reach anything: an endpoint that refuses every connection.
  else env.AWS_ENDPOINT_URL = "http://127.0.0.1:9";
  return runWithEnv(argv, env, { cwd: scratch });
}

describe("every lattice command line in README.md", () => {
  it("finds the README's examples (doctor, explain, probe and lint, joined over lines)", () => {
    const commands = new Set(EXAMPLES.map((e) => e.argv[0]));
    expect([...commands].sort()).toEqual(["doctor", "explain", "lint", "probe", "why"]);
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(25);
    // A multi-line quoted --error and a backslash continuation are one command each.
    expect(EXAMPLES.some((e) => e.argv.includes("--role-arn"))).toBe(true);
    expect(EXAMPLES.find((e) => e.argv.includes("--error") && e.line.includes("\n"))?.argv).toHaveLength(4);
  });

  it.each(EXAMPLES.map((e) => [e.line.replace(/\s+/g, " ").slice(0, 110), e] as const))(
    "%s",
    async (_title, example) => {
      const harness = HARNESSES.find((h) => h.fits(example.argv));
      expect(harness, `no harness runs this README line; add one: ${example.line}`).toBeDefined();
      const argv = harness!.argv?.(example.argv) ?? example.argv;
      const sent = () => [...servers.values()].reduce((n, s) => n + s.requests.length, 0);
      const before = sent();
      const result = await run(argv, harness!.live === true, harness!.account);
      // A live line really went over the wire; an offline one sent nothing.
      if (harness!.live) expect(sent()).toBeGreaterThan(before);
      else expect(sent()).toBe(before);
      const expected =
        typeof harness!.expectCode === "function" ? harness!.expectCode(argv) : harness!.expectCode;
      expect(result.code, `${harness!.name}: lattice ${argv.join(" ")}\n${result.stderr}`).not.toBe(2);
      expect(result.code, `${harness!.name}: lattice ${argv.join(" ")}\n${result.stderr}`).toBe(expected);
      for (const server of servers.values()) expect(server.problems).toEqual([]);
    },
    60_000,
  );
});
