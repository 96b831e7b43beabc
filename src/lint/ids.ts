/**
 * Identifiers of the resources of a lint model, as the topology holds them. A resource that exists
 * already keeps its real id; one still to be created is known by its address (Terraform) or logical
 * id (CloudFormation), and its ARN is built from that with the run's region and account placeholders.
 * Those made-up ids and ARNs are remembered (`synthetic`) so that no fix command names one.
 */
import { isRef, isUnknown, type IdVal, type LintModel, type LResource, type Source } from "./model.js";

const ARN_TYPE: Partial<Record<LResource["kind"], string>> = {
  service: "service",
  network: "servicenetwork",
  "target-group": "targetgroup",
  listener: "listener",
  rule: "rule",
};

export class FileIds {
  /** Topology id (and ARN) → where the resource is written. */
  readonly sources = new Map<string, Source>();
  /** Ids and ARNs that exist only in this run (addresses, placeholders): never put in a command. */
  readonly synthetic = new Set<string>();
  private readonly byKey: Map<string, LResource>;

  constructor(
    private readonly model: LintModel,
    private readonly arnPrefix: { region: string; accountId: string },
  ) {
    this.byKey = new Map(model.resources.map((r) => [r.key, r]));
    for (const r of model.resources) {
      const id = this.idOfKey(r.key);
      if (!r.knownId) this.synthetic.add(id);
      if (!this.sources.has(id)) this.sources.set(id, r.source);
      if (ARN_TYPE[r.kind]) this.sources.set(this.arnOf(r), r.source);
    }
  }

  resource(key: string): LResource | undefined {
    return this.byKey.get(key);
  }

  idOfKey(key: string): string {
    return this.byKey.get(key)?.knownId ?? key;
  }

  arnOf(r: LResource): string {
    if (r.knownArn) return r.knownArn;
    const type = ARN_TYPE[r.kind] ?? r.kind;
    const { region, accountId } = this.arnPrefix;
    const arn = `arn:aws:vpc-lattice:${region}:${accountId}:${type}/${this.idOfKey(r.key)}`;
    this.synthetic.add(arn);
    return arn;
  }

  /** The key of the resource an identifier names (a reference, or a literal id/ARN of a resource of the file). */
  keyOf(v: IdVal | undefined): string | undefined {
    if (v === undefined || isUnknown(v)) return undefined;
    if (isRef(v)) return this.byKey.has(v.ref) ? v.ref : undefined;
    return this.model.resources.find((r) => r.knownId === v || r.knownArn === v)?.key;
  }

  /** An identifier as the topology holds it: the id of a resource of the file, else the literal. */
  idOf(v: IdVal | undefined): string | undefined {
    if (v === undefined || isUnknown(v)) return undefined;
    const key = this.keyOf(v);
    if (key) return this.idOfKey(key);
    return isRef(v) ? v.ref : v;
  }
}
