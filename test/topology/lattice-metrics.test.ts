/** Which dimension values name a resource (valueNames), as the alarms and the checks read them. */
import { describe, expect, it } from "vitest";
import { valueNames } from "../../src/topology/lattice-metrics.js";

interface Resource {
  id: string;
  arn?: string;
}

const SERVICE_ARN = "arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-0a1b2c3d4e5f60718";
const SERVICE: Resource = { id: "svc-0a1b2c3d4e5f60718", arn: SERVICE_ARN };
const TARGET_GROUP: Resource = { id: "tg-0f1e2d3c4b5a69788" }; // its ARN not read (yet)
const NO_ARN: Resource = { id: "tg-0aaa2d3c4b5a69700", arn: "" };

const namesAnyOf = (resources: Resource[]) => (value: string) =>
  resources.some((r) => valueNames(value, r.id, r.arn));

describe("valueNames", () => {
  it("matches the id, the ARN, and any value ending in /id; not another id's prefix", () => {
    const names = namesAnyOf([SERVICE, TARGET_GROUP]);
    expect(names(SERVICE_ARN)).toBe(true);
    expect(names("arn:aws:vpc-lattice:us-east-1:111122223333:targetgroup/tg-0f1e2d3c4b5a69788")).toBe(true);
    expect(names("svc-0a1b2c3d4e5f60718x")).toBe(false);
    expect(names("")).toBe(false);
  });

  it("an empty ARN names nothing but the id", () => {
    expect(valueNames("", NO_ARN.id, NO_ARN.arn)).toBe(false);
    expect(valueNames(NO_ARN.id, NO_ARN.id, NO_ARN.arn)).toBe(true);
  });
});
