/**
 * The `--as` block in every renderer: text, Markdown, the terminal UI, and the JSON Schema.
 */
import { describe, expect, it } from "vitest";
import { startLiveUi } from "../../src/render/ui/run.js";
import { renderText } from "../../src/render/text.js";
import { renderMarkdown } from "../../src/render/markdown.js";
import { authBlock, demoReport, SERVICE_ID, SN_ID } from "../support/report.js";
import { expectValidReport } from "../support/validate-report.js";

const withAuth = () => ({ ...demoReport(), auth: authBlock() });

describe("the auth block", () => {
  it("text: one line per layer with its decision and reason, after the checks", () => {
    const out = renderText(withAuth(), { color: false, verbose: false, trace: false });
    const lines = out.split("\n");
    const start = lines.findIndex((l) =>
      l.startsWith("auth as arn:aws:iam::111122223333:role/orders-client"),
    );
    expect(lines[start]).toBe(
      "auth as arn:aws:iam::111122223333:role/orders-client — POST /orders, port 443, from vpc-0f9e8d7c6b5a43210",
    );
    expect(lines.slice(start + 1, start + 5)).toEqual([
      "  ✔ identity  allowed — the identity policies allow vpc-lattice-svcs:Invoke",
      `  ✔ network   prod-mesh (${SN_ID}) allowed — statement 1 (Sid "AllowOrg") allows`,
      `  × service   orders-api (${SERVICE_ID}) denied — no statement allows`,
      "  unknown to lattice doctor: vpc-lattice-svcs:SourceVpcOwnerAccount, aws:SourceIp",
    ]);
    expect(renderText(demoReport(), { color: false, verbose: false, trace: false })).not.toContain("auth as");
  });

  it("text escapes control characters from AWS in the block", () => {
    const report = withAuth();
    report.auth.layers[1]!.name = "orders\u001b[31m-api";
    expect(renderText(report, { color: false, verbose: false, trace: false })).not.toContain("\u001b[31m");
  });

  it("Markdown: an Auth section with a table", () => {
    const md = renderMarkdown(withAuth());
    expect(md).toContain("## Auth");
    expect(md).toContain(`| service | orders-api \`${SERVICE_ID}\` | denied | no statement allows |`);
    expect(md.indexOf("## Auth")).toBeLessThan(md.indexOf("## Request path"));
  });

  it("the terminal UI shows the same block", async () => {
    let out = "";
    const stdout = {
      isTTY: true,
      columns: 160,
      rows: 40,
      on: () => stdout,
      off: () => stdout,
      write: (s: string) => ((out += s), true),
    };
    const ui = startLiveUi({
      stdout: stdout as unknown as NodeJS.WriteStream,
      header: { input: SERVICE_ID, region: "us-east-1", regionSource: "AWS_REGION", endpoints: {} },
      color: false,
      verbose: false,
      trace: false,
    });
    expect(await ui.finish(withAuth())).toBe(true);
    expect(out).toContain(`× service   orders-api (${SERVICE_ID}) denied — no statement allows`);
  });

  it("the JSON Schema accepts the block and rejects a wrong decision or an unknown key", () => {
    expectValidReport(withAuth());
    const bad = withAuth();
    (bad.auth.layers[0] as { decision: string }).decision = "maybe";
    expect(() => expectValidReport(bad)).toThrow();
    const extra = withAuth() as unknown as { auth: { request: Record<string, unknown> } };
    extra.auth.request.surprise = 1;
    expect(() => expectValidReport(extra)).toThrow();
  });
});
