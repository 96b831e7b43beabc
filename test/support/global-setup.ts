/** Before any test imports the sources: the check registry is generated from checks/lat-*.ts. */
import { writeRegistry } from "../../scripts/checks-registry.mjs";

export default function setup(): void {
  writeRegistry();
}
