/**
 * Several files in one run (`lattice lint network.plan.json services/*.json stacks/*.yaml`) are one
 * deployment: their resources are read into one model, so a reference by id or ARN (a resource that
 * exists, `knownId` / `knownArn`) or by CloudFormation `Fn::ImportValue` of another file's
 * `Outputs.*.Export` reaches the resource it names. An import that no file given exports stays
 * unknown, never "nothing".
 *
 * Keys (Terraform addresses, logical ids) that two files share are prefixed with their file, and the
 * references of that file follow; findings are located through each resource's own `source`.
 */
import { IMPORT_PREFIX, STACK_NAME } from "./cloudformation.js";
import { isRef, unknown, type IdVal, type LintModel, type LResource } from "./model.js";

type Json = Record<string, unknown>;

/** Rewrites every reference inside `value` (never the `source`). */
function mapRefs(value: unknown, f: (ref: string) => unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => mapRefs(v, f));
  if (!value || typeof value !== "object") return value;
  if (isRef(value)) return f(value.ref);
  return Object.fromEntries(
    Object.entries(value as Json).map(([k, v]) => [k, k === "source" ? v : mapRefs(v, f)]),
  );
}

function exportMatches(exported: string, imported: string): boolean {
  if (!exported.includes(STACK_NAME)) return exported === imported;
  const pattern = exported
    .split(STACK_NAME)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("[A-Za-z][-A-Za-z0-9]*");
  return new RegExp(`^${pattern}$`).test(imported);
}

export function mergeModels(models: LintModel[]): LintModel {
  const seen = new Map<string, number>();
  for (const m of models)
    for (const key of new Set(m.resources.map((r) => r.key))) seen.set(key, (seen.get(key) ?? 0) + 1);
  const local = (m: LintModel, key: string) => ((seen.get(key) ?? 0) > 1 ? `${m.file}:${key}` : key);

  const namespaced = models.map((m) => {
    const rename = (ref: string) => ({ ref: ref.startsWith(IMPORT_PREFIX) ? ref : local(m, ref) });
    return {
      model: m,
      resources: m.resources.map((r) => ({ ...(mapRefs(r, rename) as LResource), key: local(m, r.key) })),
      exports: (m.exports ?? []).map((e) => ({ name: e.name, value: mapRefs(e.value, rename) as IdVal })),
    };
  });
  const exports = namespaced.flatMap((n) => n.exports);
  const resolveImport = (ref: string): unknown => {
    if (!ref.startsWith(IMPORT_PREFIX)) return { ref };
    const name = ref.slice(IMPORT_PREFIX.length);
    const found = exports.filter((e) => exportMatches(e.name, name));
    if (found.length === 1) return found[0]!.value;
    return unknown(
      found.length === 0
        ? `imported from another stack (Fn::ImportValue ${name}), which none of the files given exports`
        : `imported from another stack (Fn::ImportValue ${name}), which several files export`,
    );
  };
  const resources = namespaced.flatMap((n) => n.resources.map((r) => mapRefs(r, resolveImport) as LResource));
  const region = models.find((m) => m.region)?.region;
  return {
    file: models.map((m) => m.file).join(", "),
    format: models[0]!.format,
    ...(region ? { region } : {}),
    resources,
    ignoredTypes: models.flatMap((m) => m.ignoredTypes),
  };
}
