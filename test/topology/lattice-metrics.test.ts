/** Which dimension values name a resource: one at a time (valueNames) and several at once (namesAnyOf). */
import { describe, expect, it } from "vitest";
import { namesAnyOf, valueNames } from "../../src/topology/lattice-metrics.js";

interface Resource {
  id: string;
  arn?: string;
}

const SERVICE_ARN = "arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-0a1b2c3d4e5f60718";
const SERVICE: Resource = { id: "svc-0a1b2c3d4e5f60718", arn: SERVICE_ARN };
const TARGET_GROUP: Resource = { id: "tg-0f1e2d3c4b5a69788" }; // its ARN not read (yet)
const NO_ARN: Resource = { id: "tg-0aaa2d3c4b5a69700", arn: "" };

const VALUES = [
  SERVICE.id,
  SERVICE_ARN,
  TARGET_GROUP.id,
  "arn:aws:vpc-lattice:us-east-1:111122223333:targetgroup/tg-0f1e2d3c4b5a69788",
  "arn:aws:vpc-lattice:us-east-1:444455556666:service/svc-0a1b2c3d4e5f60718",
  "svc-0a1b2c3d4e5f60718x",
  "x/svc-0a1b2c3d4e5f6071",
  "tg-0aaa2d3c4b5a69700",
  "",
  "i-0123456789abcdef0",
];

describe("namesAnyOf", () => {
  it("says of every value what valueNames says of some resource", () => {
    const sets: Resource[][] = [[SERVICE, TARGET_GROUP, NO_ARN], [SERVICE], [TARGET_GROUP], []];
    for (const resources of sets) {
      const names = namesAnyOf(resources);
      for (const value of VALUES) {
        expect(names(value), `${value} against ${resources.map((r) => r.id).join(",")}`).toBe(
          resources.some((r) => valueNames(value, r.id, r.arn)),
        );
      }
    }
  });

  it("matches the id, the ARN, and any value ending in /id; not another id's prefix", () => {
    const names = namesAnyOf([SERVICE, TARGET_GROUP]);
    expect(names(SERVICE_ARN)).toBe(true);
    expect(names("arn:aws:vpc-lattice:us-east-1:111122223333:targetgroup/tg-0f1e2d3c4b5a69788")).toBe(true);
    expect(names("svc-0a1b2c3d4e5f60718x")).toBe(false);
    expect(names("")).toBe(false);
  });
});
