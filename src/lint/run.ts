/**
 * `lattice lint` without the CLI: recognise the file, read it into the model, build the topologies,
 * run the checks that configuration decides through the doctor's engine, drop what rests on an
 * unknown value (reported as inconclusive), locate each finding in the file, honour in-file
 * suppressions, rank, and assemble the lint report.
 */
import type { Finding } from "../core/finding.js";
import type { Check } from "../core/check.js";
import { runChecks } from "../engine/run-checks.js";
import { rank, severityIndex } from "../rank/rank.js";
import { exitCodeOf, verdictOf } from "../report/build.js";
import type { CheckResult, FailOn } from "../report/types.js";
import { lintChecks, LINT_CODES, notApplicableReason } from "./applicable.js";
import { applyDefaults } from "./defaults.js";
import { isTemplate, parseTemplateText, readCloudFormation } from "./cloudformation.js";
import { LintInputError, type LintModel, type Source } from "./model.js";
import { snippetFor } from "./fix-snippet.js";
import { mergeModels } from "./merge.js";
import { readTerraformPlan } from "./terraform.js";
import { buildTopologies, NO_SERVICE_ID, viewFor } from "./topology.js";
import type { LintFinding, LintReport, InconclusiveEntry } from "./report.js";

/** Findings whose fix commands are alternatives (attach a policy, or turn IAM auth off …). */
const ALTERNATIVE_FIXES = new Set(["LAT-401", "LAT-402"]);

/** Findings about what a policy says: located at the policy resource, where the fix goes. */
const POLICY_CODES = new Set(["LAT-402", "LAT-404", "LAT-405", "LAT-408"]);

export const REGION_PLACEHOLDER = "<region>";
export const ACCOUNT_PLACEHOLDER = "<account-id>";

export interface LintOptions {
  region?: string;
  /** The id of com.amazonaws.<region>.vpc-lattice (CloudFormation templates cannot look it up). */
  prefixList?: string;
  failOn: FailOn;
  /** `--strict`: inconclusive checks exit 3 (otherwise they are listed and exit 0). */
  strict?: boolean;
  toolVersion: string;
}

/**
 * Line (1-based) of the first `"address": "<address>"` of each resource in a plan, in one pass (plans
 * run to tens of megabytes). `terraform show -json` writes one line: then no line is reported.
 */
function planLineFinder(text: string): (address: string) => number | undefined {
  const lines = new Map<string, number>();
  if (text.trimEnd().split("\n", 3).length < 3) return () => undefined;
  const re = /"address"\s*:\s*("(?:[^"\\]|\\.)*")/g;
  let line = 1;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    for (let i = last; i < m.index; i++) if (text.charCodeAt(i) === 10) line++;
    last = m.index;
    const address = JSON.parse(m[1]!) as string;
    if (!lines.has(address)) lines.set(address, line);
  }
  return (address) => lines.get(address);
}

/** Reads one file's text into the model. Throws LintInputError for anything that is not a plan or a template. */
export function readLintFile(text: string, file: string, options: Pick<LintOptions, "region">): LintModel {
  if (text.trim() === "") throw new LintInputError(`${file}: the file is empty`);
  let json: unknown;
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined; // YAML flow style, or broken JSON: the YAML parser says which
    }
  }
  if (json && typeof json === "object" && !Array.isArray(json)) {
    const o = json as Record<string, unknown>;
    if (o.format_version !== undefined && (o.planned_values || o.resource_changes || o.configuration))
      return applyDefaults(readTerraformPlan(o, file, planLineFinder(text)));
  }
  const { template, spans } = parseTemplateText(text, file);
  if (isTemplate(template)) {
    return applyDefaults(
      readCloudFormation(template, text, spans, file, {
        region: options.region ?? REGION_PLACEHOLDER,
        accountId: ACCOUNT_PLACEHOLDER,
      }),
    );
  }
  if (typeof template.format_version === "string")
    throw new LintInputError(
      `${file}: a Terraform JSON document without planned_values or resource_changes: give the plan, terraform show -json plan.out`,
    );
  throw new LintInputError(
    `${file}: neither a Terraform plan (terraform show -json plan.out) nor a CloudFormation template (a Resources map)`,
  );
}

/** The finding's resource ids (and ARN) and the ids it affects: what an unknown value can taint. */
function involved(f: Finding): string[] {
  return [f.resource.id, ...(f.resource.arn ? [f.resource.arn] : []), ...(f.affects ?? [])];
}

/** Drops fix commands that name ids that exist only in this run (an address is not an AWS id). */
function commandsFor(f: Finding, synthetic: Set<string>): string[] {
  return f.fix.commands.filter((c) => ![...synthetic].some((s) => c.includes(s)));
}

export function runLint(models: LintModel[], checks: readonly Check[], options: LintOptions): LintReport {
  const findings: LintFinding[] = [];
  const results = new Map<string, CheckResult>();
  const inconclusive: InconclusiveEntry[] = [];
  let regionUsed = options.region;

  // One deployment: the files are read into one model, so references resolve across them.
  for (const model of [mergeModels(models)]) {
    const region = options.region ?? model.region ?? REGION_PLACEHOLDER;
    regionUsed ??= model.region;
    const built = buildTopologies(model, {
      region,
      accountId: ACCOUNT_PLACEHOLDER,
      ...(options.prefixList ? { prefixListId: options.prefixList } : {}),
    });
    const locate = (f: Finding): Source | undefined =>
      (POLICY_CODES.has(f.code) ? built.policySources.get(f.resource.id) : undefined) ??
      built.sources.get(f.resource.id) ??
      (f.resource.arn ? built.sources.get(f.resource.arn) : undefined) ??
      (f.affects ?? []).map((id) => built.sources.get(id)).find((s) => s !== undefined);
    const formats = new Map(models.map((m) => [m.file, m.format]));
    const arns = [...built.synthetic]
      .filter((s) => s.startsWith("arn:"))
      .map((arn): [string, string] => [arn, arn.slice(arn.indexOf("/") + 1)])
      .sort((a, b) => b[0].length - a[0].length);
    const prefixListData = model.resources.find((r) => r.kind === "prefix-list")?.source.address;
    const withSnippet = (f: Finding, file: string): { snippet?: string } => {
      const snippet = snippetFor(f.fix.commands, {
        language: formats.get(file) === "cloudformation" ? "cloudformation" : "terraform",
        addressOf: (id) => {
          const source = built.sources.get(id);
          return source && source.file === file ? source.address : undefined;
        },
        arns,
        policyAddressOf: (id) => {
          const source = built.policySources.get(id);
          return source && source.file === file ? source.address : undefined;
        },
        alternatives: ALTERNATIVE_FIXES.has(f.code),
        ...(prefixListData ? { prefixListData: prefixListData.replace(/\[.*\]$/, "") } : {}),
      });
      return snippet ? { snippet } : {};
    };
    const perFile: LintFinding[] = [];
    const lines = new Map(
      model.resources.map((r) => [`${r.source.file}|${r.source.address}`, r.source.line]),
    );
    const dropped = new Set<string>();

    for (const { topology, hasService } of built.topologies) {
      const applicable = lintChecks(checks, hasService);
      // What the checks would say if the placeholders were values: only to tell which inconclusive
      // entry hides a finding. The findings reported come from each check's own view below.
      for (const f of runChecks(topology, applicable, { region }).findings) {
        const tainted = built.unknowns.find((u) => u.codes.includes(f.code) && involved(f).includes(u.id));
        if (tainted) dropped.add(`${f.code}|${tainted.id}`);
      }
      const run: { findings: Finding[]; checks: CheckResult[] } = { findings: [], checks: [] };
      for (const check of applicable) {
        const view = viewFor(topology, check.code, built.unknowns);
        if (!view) {
          // The service itself is unknown to this check: nothing judged here (listed inconclusive).
          run.checks.push({ code: check.code, status: "pass" });
          continue;
        }
        const one = runChecks(view, [check], { region });
        run.findings.push(...one.findings);
        run.checks.push(...one.checks);
      }
      for (const f of run.findings) {
        const source = locate(f);
        const location = source
          ? { file: source.file, address: source.address, ...(source.line ? { line: source.line } : {}) }
          : { file: model.file, address: f.resource.id };
        const out: LintFinding = {
          ...f,
          // The values were read from the file, in the shape the API would return them.
          evidence: f.evidence.map((e) => ({ ...e, call: `${e.call} (as planned in ${location.file})` })),
          fix: {
            summary: f.fix.summary,
            commands: commandsFor(f, built.synthetic),
            ...withSnippet(f, location.file),
          },
          location,
        };
        const ignore = [
          ...(source?.ignores ?? []),
          ...(built.sources.get(f.resource.id)?.ignores ?? []),
        ].find((i) => i.code === f.code);
        if (ignore) out.suppressed = { by: ignore.by, reason: ignore.reason };
        // The same resource seen from several services: keep it once, at its worst.
        const twin = perFile.findIndex(
          (g) => g.code === out.code && g.resource.id === out.resource.id && g.title === out.title,
        );
        if (twin < 0) perFile.push(out);
        else if (severityIndex(out.severity) < severityIndex(perFile[twin]!.severity)) perFile[twin] = out;
      }
      for (const r of run.checks) {
        const prev = results.get(r.code);
        if (!prev || (prev.status === "pass" && r.status !== "pass")) {
          const { durationMs: _d, ...rest } = r;
          results.set(r.code, rest);
        }
      }
    }
    findings.push(...perFile);
    const ran = new Set(built.topologies.flatMap((t) => lintChecks(checks, t.hasService).map((c) => c.code)));
    for (const u of built.unknowns) {
      const codes = u.codes.filter((c) => ran.has(c));
      if (codes.length === 0) continue;
      const line = lines.get(`${u.file}|${u.address}`);
      inconclusive.push({
        codes,
        location: { file: u.file, address: u.address, ...(line ? { line } : {}) },
        attribute: u.attribute,
        reason: u.why,
        ...(codes.some((c) => dropped.has(`${c}|${u.id}`)) ? { droppedFinding: true } : {}),
      });
    }
  }

  const ranked = rank(findings, { checks }) as LintFinding[];
  const active = ranked.filter((f) => !f.suppressed);
  const complete = inconclusive.length === 0;
  const count = (s: string) => active.filter((f) => f.severity === s).length;
  const checkList = [...results.values()].sort((a, b) => a.code.localeCompare(b.code));
  for (const check of checkList) {
    const where = [
      ...new Set(inconclusive.filter((i) => i.codes.includes(check.code)).map((i) => i.location.address)),
    ];
    if (where.length > 0 && check.status === "pass")
      check.reason = `nothing found, but inconclusive on ${where.join(", ")} (values known only after apply)`;
  }
  const notApplicable = checks
    .filter((c) => !LINT_CODES.has(c.code))
    .map((c) => ({ code: c.code, reason: notApplicableReason(c.code) }));
  return {
    schemaVersion: 1,
    tool: { name: "lattice-doctor", version: options.toolVersion },
    command: "lint",
    context: { region: regionUsed ?? REGION_PLACEHOLDER },
    files: models.map((m) => ({
      file: m.file,
      format: m.format,
      resources: m.resources.filter((r) => r.kind !== "attachment" || !r.key.includes(".Targets[")).length,
      services: m.resources.filter((r) => r.kind === "service").length,
    })),
    verdict: verdictOf(ranked),
    complete,
    // Inconclusive is not a failure in CI unless asked (`--strict`): cli.md, lint.
    exitCode: exitCodeOf(ranked, complete || !options.strict, options.failOn),
    summary: {
      critical: count("critical"),
      error: count("error"),
      warning: count("warning"),
      info: count("info"),
      suppressed: ranked.length - active.length,
      passed: checkList.filter((c) => c.status === "pass").length,
      inconclusive: new Set(inconclusive.flatMap((i) => i.codes)).size,
      notApplicable: notApplicable.length,
    },
    findings: ranked.map(({ affects: _a, ...rest }) => rest),
    checks: checkList,
    inconclusive,
    notApplicable,
  };
}

export { NO_SERVICE_ID };
