import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checks } from "../../checks/index.js";
import {
  findingPagesDir,
  formatExplainPage,
  loadExplanation,
  parseExplainPage,
  type Explanation,
} from "../../src/render/explain-pages.js";

const DIR = findingPagesDir();
const pages = readdirSync(DIR).filter((f) => f.endsWith(".md"));

describe("docs/findings: one page per check", () => {
  it("every registered check has a page, and every page belongs to a registered check", () => {
    expect(pages.map((f) => f.replace(/\.md$/, "")).sort()).toEqual(checks.map((c) => c.code).sort());
  });

  for (const check of checks) {
    describe(check.code, () => {
      const markdown = readFileSync(join(DIR, `${check.code}.md`), "utf8");

      it("is headed with the check's code and name, then the five sections in order", () => {
        expect(markdown.split("\n")[0]).toBe(`# ${check.code} ${check.name}`);
        expect(markdown.match(/^## .+$/gm)).toEqual([
          "## What it means",
          "## Why it breaks traffic",
          "## How to fix",
          "## Bad",
          "## Good",
        ]);
      });

      it("shows a CLI and a Terraform example, fenced, in Bad and in Good", () => {
        const [, bad, good] = markdown.split(/^## (?:Bad|Good)$/m);
        for (const [section, text] of [
          ["Bad", bad!],
          ["Good", good!],
        ]) {
          expect(text, `${section}: a CLI example`).toMatch(/^```sh\n(?:.*\n)*?aws [a-z0-9-]+ [a-z-]+/m);
          expect(text, `${section}: a Terraform example`).toMatch(
            /^```hcl\n(?:.*\n)*?resource "aws_[a-z0-9_]+"/m,
          );
        }
      });

      it("reads back into the page it was written from (the file is in canonical form)", () => {
        const page = parseExplainPage(markdown);
        expect({ code: page.code, name: page.name }).toEqual({ code: check.code, name: check.name });
        expect(formatExplainPage(check, page.explanation)).toBe(markdown);
      });
    });
  }
});

describe("parseExplainPage", () => {
  const explanation: Explanation = {
    summary: "The policy allows vpc-lattice:* on com.amazonaws.<region>.vpc-lattice, delivered in ~2 min.",
    why: "It says `Principal: *` in a code span, and a back\\slash.",
    fix: "Run `lattice explain <code>`.",
    bad: 'CLI:\n  aws vpc-lattice get-auth-policy --resource-identifier svc-0e5b4c6a2d1f83a97\nTerraform:\n  resource "aws_vpclattice_auth_policy" "orders" {\n    policy = "{}"\n  }',
    good: "CLI: first\n  aws ec2 describe-managed-prefix-lists\nor (second):\n  aws ec2 describe-security-groups",
  };
  const markdown = formatExplainPage(
    { code: "LAT-404", name: "policy-uses-control-plane-action" },
    explanation,
  );

  it("undoes formatting exactly: prose escaped for Markdown, examples fenced by their label", () => {
    expect(markdown).toContain(
      "vpc-lattice:\\* on com.amazonaws.\\<region>.vpc-lattice, delivered in \\~2 min.",
    );
    expect(markdown).toContain("`Principal: *`");
    expect(markdown).toContain("```sh\naws vpc-lattice get-auth-policy");
    expect(markdown).toContain(
      '```hcl\nresource "aws_vpclattice_auth_policy" "orders" {\n  policy = "{}"\n}\n```',
    );
    expect(markdown).toContain("or (second):\n\n```sh\naws ec2 describe-security-groups\n```");
    expect(parseExplainPage(markdown)).toEqual({
      code: "LAT-404",
      name: "policy-uses-control-plane-action",
      explanation,
    });
  });

  it("rejects a page out of shape, saying what is wrong", () => {
    expect(() => parseExplainPage("LAT-404\n")).toThrow(/does not start with '# LAT-nnn name'/);
    expect(() => parseExplainPage(markdown.replace("## How to fix", "## Fix"))).toThrow(
      /sections What it means, Why it breaks traffic, Fix, Bad, Good; expected/,
    );
    expect(() => parseExplainPage(markdown.replace(/```\n\nTerraform/, "\n\nTerraform"))).toThrow(
      /sections .*; expected|not closed/,
    );
  });
});

describe("loadExplanation", () => {
  it("reads the page of a code from a pages directory, and names the file when it is missing or wrong", () => {
    const dir = mkdtempSync(join(tmpdir(), "lattice-pages-"));
    const explanation = parseExplainPage(readFileSync(join(DIR, "LAT-501.md"), "utf8")).explanation;
    writeFileSync(join(dir, "LAT-501.md"), readFileSync(join(DIR, "LAT-501.md")));
    writeFileSync(join(dir, "LAT-502.md"), readFileSync(join(DIR, "LAT-501.md")));
    expect(loadExplanation("LAT-501", dir)).toEqual(explanation);
    expect(() => loadExplanation("LAT-502", dir)).toThrow(/LAT-502\.md is headed LAT-501, not LAT-502/);
    expect(() => loadExplanation("LAT-503", dir)).toThrow(/explain page .*LAT-503\.md: ENOENT/);
  });

  it("finds the package's pages from the bundle's chunks as from the sources", () => {
    const root = join(DIR, "..", "..");
    expect(findingPagesDir(join(root, "dist", "bundle", "chunks", "explain-ABC123.js"))).toBe(DIR);
    expect(findingPagesDir(join(root, "dist", "bundle", "cli.js"))).toBe(DIR);
    expect(() => findingPagesDir("/nonexistent/dir/file.js")).toThrow(/package\.json not found/);
  });
});
