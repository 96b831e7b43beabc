/** The tool's version and install root, read from its package.json wherever the code runs from (src/ or dist/src/). */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string };
      if (pkg.name === "lattice-doctor") return dir;
    }
    dir = dirname(dir);
  }
  throw new Error("cannot find lattice-doctor's package.json");
}

export const PACKAGE_ROOT = findRoot();
export const VERSION = (
  JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }
).version;
export const DEMO_RECORDING = join(PACKAGE_ROOT, "fixtures", "demo", "orders-api.recording.json");
