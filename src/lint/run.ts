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
import type { Topology } from "../topology/types.js";
import {
  isFileJudged,
  type FileLint,
  lintChecks,
  notApplicable as notApplicableOf,
  reads,
  readersOf,
} from "./applicable.js";
import { applyDefaults } from "./defaults.js";
import { isTemplate, parseTemplateText, readCloudFormation } from "./cloudformation.js";
import { LintInputError, type LintModel, type Source } from "./model.js";
import { snippetFor } from "./fix-snippet.js";
import { mergeModels } from "./merge.js";
import { readTerraformPlan } from "./terraform.js";
import { buildTopologies, NO_SERVICE_ID, viewFor, type LintBuild, type UnknownRecord } from "./topology.js";
import type { LintFinding, LintReport, InconclusiveEntry } from "./report.js";
import { byText } from "../core/util/collections.js";

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

/** Where a finding is written in the files, and its fix in their language. */
class Placement {
  private readonly formats: Map<string, LintModel["format"]>;
  /** The run's made-up ARNs, longest first, with the id each ends in. */
  private readonly arns: [string, string][];
  private readonly prefixListData: string | undefined;

  constructor(
    private readonly built: LintBuild,
    private readonly model: LintModel,
    models: LintModel[],
    private readonly lintOf: ReadonlyMap<string, FileLint>,
  ) {
    this.formats = new Map(models.map((m) => [m.file, m.format]));
    this.arns = [...built.synthetic]
      .filter((s) => s.startsWith("arn:"))
      .map((arn): [string, string] => [arn, arn.slice(arn.indexOf("/") + 1)])
      .sort((a, b) => b[0].length - a[0].length);
    this.prefixListData = model.resources.find((r) => r.kind === "prefix-list")?.source.address;
  }

  /** The finding as lint reports it: located, its evidence said to be planned, its fix usable, suppressed if asked. */
  finding(f: Finding): LintFinding {
    const source = this.locate(f);
    const location = source
      ? { file: source.file, address: source.address, ...(source.line ? { line: source.line } : {}) }
      : { file: this.model.file, address: f.resource.id };
    const out: LintFinding = {
      ...f,
      // The values were read from the file, in the shape the API would return them.
      evidence: f.evidence.map((e) => ({ ...e, call: `${e.call} (as planned in ${location.file})` })),
      fix: {
        summary: f.fix.summary,
        commands: commandsFor(f, this.built.synthetic),
        ...this.snippet(f, location.file),
      },
      location,
    };
    const ignore = [
      ...(source?.ignores ?? []),
      ...(this.built.sources.get(f.resource.id)?.ignores ?? []),
    ].find((i) => i.code === f.code);
    if (ignore) out.suppressed = { by: ignore.by, reason: ignore.reason };
    return out;
  }

  private locate(f: Finding): Source | undefined {
    const { sources, policySources } = this.built;
    return (
      (this.lintOf.get(f.code)?.locateAt === "policy" ? policySources.get(f.resource.id) : undefined) ??
      sources.get(f.resource.id) ??
      (f.resource.arn ? sources.get(f.resource.arn) : undefined) ??
      (f.affects ?? []).map((id) => sources.get(id)).find((s) => s !== undefined)
    );
  }

  private snippet(f: Finding, file: string): { snippet?: string } {
    const inFile = (source: Source | undefined) =>
      source && source.file === file ? source.address : undefined;
    const snippet = snippetFor(f.fix.commands, {
      language: this.formats.get(file) === "cloudformation" ? "cloudformation" : "terraform",
      addressOf: (id) => inFile(this.built.sources.get(id)),
      arns: this.arns,
      policyAddressOf: (id) => inFile(this.built.policySources.get(id)),
      alternatives: this.lintOf.get(f.code)?.alternativeFixes === true,
      ...(this.prefixListData ? { prefixListData: this.prefixListData.replace(/\[.*\]$/, "") } : {}),
    });
    return snippet ? { snippet } : {};
  }
}

/**
 * Which unknown values hide a finding (`code|id`): what the checks would say if the placeholders were
 * values. Only to mark the inconclusive entries; the findings reported come from each check's own view.
 */
function hiddenFindings(
  topology: Topology,
  applicable: Check[],
  unknowns: UnknownRecord[],
  region: string,
): string[] {
  const byCode = new Map(applicable.map((c) => [c.code, c]));
  return runChecks(topology, applicable, { region }).findings.flatMap((f) => {
    const tainted = unknowns.find((u) => reads(byCode.get(f.code)!, u.input) && involved(f).includes(u.id));
    return tainted ? [`${f.code}|${tainted.id}`] : [];
  });
}

/** Each check on its own view of the topology (what it reads unknown: left out). */
function judge(
  topology: Topology,
  applicable: Check[],
  unknowns: UnknownRecord[],
  region: string,
): { findings: Finding[]; checks: CheckResult[] } {
  const run: { findings: Finding[]; checks: CheckResult[] } = { findings: [], checks: [] };
  for (const check of applicable) {
    const view = viewFor(topology, check, unknowns);
    if (!view) {
      // The service itself is unknown to this check: nothing judged here (listed inconclusive).
      run.checks.push({ code: check.code, status: "pass" });
      continue;
    }
    const one = runChecks(view, [check], { region });
    run.findings.push(...one.findings);
    run.checks.push(...one.checks);
  }
  return run;
}

/** The same resource seen from several services: keep it once, at its worst. */
function keepWorst(found: LintFinding[], out: LintFinding): void {
  const twin = found.findIndex(
    (g) => g.code === out.code && g.resource.id === out.resource.id && g.title === out.title,
  );
  if (twin < 0) found.push(out);
  else if (severityIndex(out.severity) < severityIndex(found[twin]!.severity)) found[twin] = out;
}

/** A check's result over all topologies: a failure anywhere wins over a pass. */
function mergeResults(results: Map<string, CheckResult>, checks: CheckResult[]): void {
  for (const r of checks) {
    const prev = results.get(r.code);
    if (!prev || (prev.status === "pass" && r.status !== "pass")) {
      const { durationMs: _d, ...rest } = r;
      results.set(r.code, rest);
    }
  }
}

/** One entry per unknown value some check that ran reads, in the order they were met. */
function inconclusiveOf(
  built: LintBuild,
  model: LintModel,
  checks: readonly Check[],
  dropped: ReadonlySet<string>,
): InconclusiveEntry[] {
  const ran = new Set(built.topologies.flatMap((t) => lintChecks(checks, t.hasService).map((c) => c.code)));
  const lines = new Map(model.resources.map((r) => [`${r.source.file}|${r.source.address}`, r.source.line]));
  return built.unknowns.flatMap((u) => {
    const codes = readersOf(checks, u.input).filter((c) => ran.has(c));
    if (codes.length === 0) return [];
    const line = lines.get(`${u.file}|${u.address}`);
    return [
      {
        codes,
        location: { file: u.file, address: u.address, ...(line ? { line } : {}) },
        attribute: u.attribute,
        reason: u.why,
        ...(codes.some((c) => dropped.has(`${c}|${u.id}`)) ? { droppedFinding: true } : {}),
      },
    ];
  });
}

/** A check that passed where something was inconclusive says so. */
function withReasons(results: Map<string, CheckResult>, inconclusive: InconclusiveEntry[]): CheckResult[] {
  const checkList = [...results.values()].sort((a, b) => byText(a.code, b.code));
  for (const check of checkList) {
    const where = [
      ...new Set(inconclusive.filter((i) => i.codes.includes(check.code)).map((i) => i.location.address)),
    ];
    if (where.length > 0 && check.status === "pass")
      check.reason = `nothing found, but inconclusive on ${where.join(", ")} (values known only after apply)`;
  }
  return checkList;
}

export function runLint(models: LintModel[], checks: readonly Check[], options: LintOptions): LintReport {
  // One deployment: the files are read into one model, so references resolve across them.
  const model = mergeModels(models);
  const region = options.region ?? model.region ?? REGION_PLACEHOLDER;
  const built = buildTopologies(model, {
    region,
    accountId: ACCOUNT_PLACEHOLDER,
    ...(options.prefixList ? { prefixListId: options.prefixList } : {}),
  });
  const lintOf = new Map(checks.filter(isFileJudged).map((c) => [c.code, c.lint]));
  const placement = new Placement(built, model, models, lintOf);
  const findings: LintFinding[] = [];
  const results = new Map<string, CheckResult>();
  const dropped = new Set<string>();
  for (const { topology, hasService } of built.topologies) {
    const applicable = lintChecks(checks, hasService);
    hiddenFindings(topology, applicable, built.unknowns, region).forEach((d) => dropped.add(d));
    const run = judge(topology, applicable, built.unknowns, region);
    for (const f of run.findings) keepWorst(findings, placement.finding(f));
    mergeResults(results, run.checks);
  }
  const inconclusive = inconclusiveOf(built, model, checks, dropped);
  return assemble({
    models,
    ranked: rank(findings, { checks }) as LintFinding[],
    checks: withReasons(results, inconclusive),
    inconclusive,
    notApplicable: notApplicableOf(checks),
    region,
    options,
  });
}

function assemble(run: {
  models: LintModel[];
  ranked: LintFinding[];
  checks: CheckResult[];
  inconclusive: InconclusiveEntry[];
  notApplicable: LintReport["notApplicable"];
  region: string;
  options: LintOptions;
}): LintReport {
  const { ranked, inconclusive, options } = run;
  const active = ranked.filter((f) => !f.suppressed);
  const complete = inconclusive.length === 0;
  const count = (s: string) => active.filter((f) => f.severity === s).length;
  return {
    schemaVersion: 1,
    tool: { name: "lattice-doctor", version: options.toolVersion },
    command: "lint",
    context: { region: run.region },
    files: run.models.map((m) => ({
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
      passed: run.checks.filter((c) => c.status === "pass").length,
      inconclusive: new Set(inconclusive.flatMap((i) => i.codes)).size,
      notApplicable: run.notApplicable.length,
    },
    findings: ranked.map(({ affects: _a, ...rest }) => rest),
    checks: run.checks,
    inconclusive,
    notApplicable: run.notApplicable,
  };
}

export { NO_SERVICE_ID };
