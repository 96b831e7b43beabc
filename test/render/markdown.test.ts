import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { mdCode, mdFence, mdText, renderMarkdown } from "../../src/render/markdown.js";
import type { Report } from "../../src/report/types.js";
import { demoFindings, demoReport, healthyReport, SG_FIX_COMMAND, withFindings } from "../support/report.js";

const lines = (out: string): string[] => out.split("\n");

/** The cells of a GFM table row, split as GitHub splits them: on `|` not escaped by a backslash pair. */
function cells(row: string): string[] {
  const out: string[] = [];
  let cell = "";
  for (let i = 1; i < row.length - 1; i++) {
    const c = row[i]!;
    if (c === "\\" && i + 1 < row.length - 1 && /[!-/:-@[-`{-~]/.test(row[i + 1]!)) {
      cell += c + row[++i];
    } else if (c === "|") {
      out.push(cell.trim());
      cell = "";
    } else cell += c;
  }
  out.push(cell.trim());
  return out;
}

/** Every table row of the document has as many cells as its header. */
function expectTablesIntact(out: string): void {
  const all = lines(out);
  let width = 0;
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!;
    if (!line.startsWith("|")) {
      width = 0;
      continue;
    }
    if (width === 0) {
      width = cells(line).length;
      expect(all[i + 1], `delimiter row after ${line}`).toMatch(/^\| ---( \| ---)* \|$/);
    } else expect(cells(line), line).toHaveLength(width);
  }
}

/** The contents of the fenced code blocks, closed as CommonMark closes them (a run at least as long). */
function codeBlocks(out: string): string[][] {
  const blocks: string[][] = [];
  let fence = 0;
  let block: string[] = [];
  for (const line of lines(out)) {
    const run = /^(`{3,})\s*$/.exec(line)?.[1]?.length ?? 0;
    if (fence === 0) {
      fence = /^(`{3,})[^`]*$/.exec(line)?.[1]?.length ?? 0;
      block = [];
    } else if (run >= fence) {
      blocks.push(block);
      fence = 0;
    } else block.push(line);
  }
  expect(fence, "every fence is closed").toBe(0);
  return blocks;
}

describe("renderMarkdown: document", () => {
  const out = renderMarkdown(demoReport());

  it("starts with a title naming the service and the verdict, then the verdict line", () => {
    expect(lines(out)[0]).toBe("# lattice-doctor: orders-api (`svc-0e5b4c6a2d1f83a97`) is blocked");
    expect(out).toContain(
      "\n**✖ blocked by LAT-401 (iam-auth-without-policy): 3 critical, 1 warning — exit 1**\n",
    );
    expect(out).not.toContain("Replay");
  });

  it("says a replay is one, dated by its recording rather than by when it was rendered", () => {
    const report = demoReport();
    report.context.replay = { file: "fixtures/x.recording.json", recordedAt: "2025-11-28T09:30:00.000Z" };
    const md = renderMarkdown(report, { generatedAt: "2026-12-07T18:00:00.000Z" });
    expect(lines(md)[2]).toBe(
      "> **Replay** of the recording `fixtures/x.recording.json`, recorded 2025-11-28 09:30 UTC: not a live run.",
    );
    expect(md).toContain("| recorded | `2025-11-28T09:30:00.000Z` |");
    expect(md).not.toContain("2026-12-07");
    expect(renderMarkdown(demoReport(), { generatedAt: "2026-12-07T18:00:00.000Z" })).toContain(
      "| generated | `2026-12-07T18:00:00.000Z` |",
    );
  });

  it("has a summary table: verdict, counts per severity, completeness, exit code", () => {
    expect(out).toContain(
      "| verdict | critical | error | warning | info | suppressed | checks passed | checks skipped | complete | exit code |",
    );
    expect(out).toContain("| **blocked** | 3 | 0 | 1 | 0 | 1 | 9 | 0 | yes | 1 |");
    const incomplete = { ...healthyReport(), complete: false, exitCode: 3 };
    expect(renderMarkdown(incomplete)).toContain("| **no** (incomplete) | 3 |");
  });

  it("has the findings in rank order, each a section", () => {
    const headings = lines(out).filter((l) => l.startsWith("### "));
    expect(headings.map((h) => /LAT-\d{3}/.exec(h)![0])).toEqual([
      "LAT-401",
      "LAT-501",
      "LAT-301",
      "LAT-603",
      "LAT-601",
    ]);
    expect(headings[1]).toBe(
      "### 2. critical LAT-501: Targets never see Lattice traffic: sg-0282b1d9c4e5f6a70 allows 8080 only from 10.20.0.0/16",
    );
  });

  it("shows resource, cause, suppression, evidence and fix commands in sh blocks", () => {
    expect(out).toContain(
      "- **resource:** security-group `sg-0282b1d9c4e5f6a70` (`arn:aws:ec2:us-east-1:111122223333:security-group/sg-0282b1d9c4e5f6a70`)",
    );
    expect(out).toContain("- **caused by:** LAT-501");
    expect(out).toContain(
      "### 5. warning LAT-601: No alarm watches orders-api's 5XX or connection errors (suppressed)",
    );
    expect(out).toContain("> **Suppressed** by `--ignore LAT-601`: suppressed on the command line.");
    expect(out).toContain("| `ec2:DescribeSecurityGroupRules` | `groupId` | `sg-0282b1d9c4e5f6a70` |");
    expect(out).toContain("|  | `fromPort` | `8080` |");
    expect(out).toContain(`\`\`\`sh\n${SG_FIX_COMMAND}\n\`\`\``);
    expect(out).toContain("**Fix:** Fix LAT-501 first: the health checks come from the same prefix list.");
  });

  it("has the request path, the checks and the context", () => {
    expect(out).toContain("| targets | × fail | 2 UNHEALTHY | LAT-501, LAT-301 |");
    expect(out).toContain("| listener | ✔ ok | https-443 HTTPS:443 (listener-0b1c2d3e4f5a6b7c8) |  |");
    expect(out).toContain("- **passed (9):** LAT-101, LAT-102");
    expect(out).toContain("| caller | `arn:aws:sts::111122223333:assumed-role/OnCall/alice` |");
    expect(out).toContain("| AWS calls | 42 AWS calls, 0 failed, 1.3 s |");
    expect(out).toContain("| tool | lattice-doctor 0.1.0 |");
    expectTablesIntact(out);
  });

  it("lists skipped checks with their reasons", () => {
    const report = demoReport();
    report.checks.push({ code: "LAT-601", status: "skip", reason: "could not read alarms (AccessDenied)" });
    const md = renderMarkdown(report);
    expect(md).toContain("- **skipped (1):** LAT-601");
    expect(md).toContain("| LAT-601 | could not read alarms (AccessDenied) |");
  });

  it("prints a time only when given one: the output is deterministic", () => {
    expect(out).not.toContain("generated");
    expect(renderMarkdown(demoReport())).toBe(out);
    expect(renderMarkdown(demoReport(), { generatedAt: "2025-06-01T12:00:00Z" })).toContain(
      "| generated | `2025-06-01T12:00:00Z` |",
    );
  });

  it("says so when there are no findings", () => {
    expect(renderMarkdown(withFindings(healthyReport(), []))).toContain("## Findings\n\nNo findings.\n");
  });

  it("ends with exactly one newline", () => {
    expect(out.endsWith("\n")).toBe(true);
    expect(out.endsWith("\n\n")).toBe(false);
  });
});

describe("renderMarkdown: untrusted text", () => {
  it("escapes pipes so that names cannot add table cells", () => {
    const report = demoReport();
    report.trace[3]!.resource = "orders|api (svc-x) | injected";
    report.context.callerArn = "arn:aws:sts::1:assumed-role/a|b";
    report.context.endpoints = { "EC2|X": "http://a|b" };
    report.findings[0]!.evidence[0]!.observed = { "k|1": "v|1", "back\\": "slash\\|pipe" };
    report.checks.push({ code: "LAT-601", status: "skip", reason: "denied | twice" });
    const out = renderMarkdown(report);
    expectTablesIntact(out);
    expect(out).toContain("| service | × fail | orders\\|api (svc-x) \\| injected |");
    expect(out).toContain("| caller | arn:aws:sts::1:assumed-role/a\\|b |");
    expect(out).toContain("| endpoint EC2\\|X | http://a\\|b |");
    expect(out).toContain("| `vpc-lattice:GetService` | k\\|1 | v\\|1 |");
    expect(out).toContain("|  | `back\\` | slash\\\\\\|pipe |");
  });

  it("escapes newlines and control characters in single-line fields, ANSI included", () => {
    const report = demoReport();
    report.target.name = "orders\x1b[2J\x1b[31m\u009b2J";
    report.findings[0]!.title = "two\nlines # \x1b]0;pwned\x07";
    report.findings[0]!.fix.commands = ["aws x --name a\nrm -rf ~"];
    report.findings[0]!.evidence[0]!.observed = { tag: "\x1b[1mbold", nested: { a: "\x1b\u009b" } };
    report.trace[0]!.resource = "line\r\nbreak";
    const out = renderMarkdown(report);
    for (const c of ["\x1b", "\u009b", "\r", "\x07"]) expect(out.includes(c)).toBe(false);
    expect(lines(out)[0]).toBe(
      "# lattice-doctor: orders\\\\x1b\\[2J\\\\x1b\\[31m\\\\u009b2J (`svc-0e5b4c6a2d1f83a97`) is blocked",
    );
    expect(out).toContain("### 1. critical LAT-401: two\\\\nlines \\# \\\\x1b\\]0;pwned\\\\x07\n");
    expect(out).toContain("```sh\naws x --name a\\nrm -rf ~\n```");
    expect(out).toContain("| `tag` | `\\x1b[1mbold` |");
    expect(out).toContain('| `nested` | `{"a":"\\u001b\\u009b"}` |');
    expect(out).toContain("| vpc-association | ✔ ok | line\\\\r\\\\nbreak |");
    expectTablesIntact(out);
  });

  it("keeps line breaks in prose as paragraphs, and a line cannot become a heading, list or fence", () => {
    const report = demoReport();
    report.findings[0]!.detail = "first\n# heading\n- item\n    indented\n```\n1. one\n<details>\n---";
    const out = renderMarkdown(report);
    expect(out).toContain(
      "first\n\n\\# heading\n\n\\- item\n\nindented\n\n\\`\\`\\`\n\n1\\. one\n\n\\<details\\>\n\n\\---\n",
    );
  });

  it("never lets a value close a code fence or a code span", () => {
    const report = demoReport();
    report.findings[0]!.fix.commands = ["echo ```", "```", "echo ````` done"];
    report.findings[1]!.resource.id = "sg-`x`";
    report.target.id = "svc-``";
    const out = renderMarkdown(report);
    expect(out).toContain("``````sh\necho ```\n```\necho ````` done\n``````\n");
    expect(out).toContain("- **resource:** security-group `` sg-`x` `` (");
    expect(out).toContain("(``` svc-`` ```)");
    // as CommonMark reads it: the block holds the commands, one a line, and nothing else
    expect(codeBlocks(out)).toContainEqual(["echo ```", "```", "echo ````` done"]);
    expect(codeBlocks(out)).toHaveLength(3); // LAT-401, LAT-501, LAT-603
  });

  it("escapes Markdown in titles and prose: no links, HTML or emphasis from AWS", () => {
    const report = withFindings(demoReport(), [
      {
        ...demoFindings()[3]!,
        title: "[click](http://evil) <img src=x onerror=alert(1)> *bold* _it_ ~~del~~ &amp;",
        detail: "see [here](http://evil)",
      },
    ]);
    const out = renderMarkdown(report);
    expect(out).toContain(
      "LAT-603: \\[click\\](http://evil) \\<img src=x onerror=alert(1)\\> \\*bold\\* \\_it\\_ \\~\\~del\\~\\~ \\&amp;\n",
    );
    expect(out).toContain("\nsee \\[here\\](http://evil)\n");
  });
});

describe("Markdown helpers", () => {
  it("mdText escapes markup punctuation and backslashes, nothing else", () => {
    expect(mdText("a|b\\c`d*e _f_ [g]h<i>j~k&l#m")).toBe(
      "a\\|b\\\\c\\`d\\*e \\_f\\_ \\[g\\]h\\<i\\>j\\~k\\&l\\#m",
    );
    expect(mdText("AWS_IAM HTTPCode_5XX_Count")).toBe("AWS_IAM HTTPCode_5XX_Count"); // intraword: no emphasis
    expect(mdText("orders-api (svc-1) 10.0.0.0/16: ok!")).toBe("orders-api (svc-1) 10.0.0.0/16: ok!");
  });

  it("mdCode uses a delimiter longer than any backtick run, padded when needed", () => {
    expect(mdCode("abc")).toBe("`abc`");
    expect(mdCode("a`b")).toBe("``a`b``");
    expect(mdCode("`a``")).toBe("``` `a`` ```");
    expect(mdCode(" a")).toBe("`  a `");
    expect(mdCode("")).toBe('""');
  });

  it("mdFence is longer than any backtick run of its lines", () => {
    expect(mdFence(["ls"], "sh")).toBe("```sh\nls\n```");
    expect(mdFence(["a ```` b"], "sh")).toBe("`````sh\na ```` b\n`````");
  });
});

describe("renderMarkdown: golden files", () => {
  const golden = (name: string) => fileURLToPath(new URL(`../golden/${name}`, import.meta.url));
  it.each<[string, () => Report]>([
    ["demo.md", demoReport],
    ["healthy.md", healthyReport],
  ])("%s", (name, build) => {
    const out = renderMarkdown(build());
    // UPDATE_GOLDEN=1 npx vitest run test/render — then review the diff by eye.
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden(name), out);
    expect(out).toBe(readFileSync(golden(name), "utf8"));
  });
});
