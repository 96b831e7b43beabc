/**
 * `lattice explain [LAT-###]`: the offline page of a finding code, from the check module's metadata and
 * its page docs/findings/LAT-###.md.
 */
import type { Io } from "../cli.js";
import { checks } from "../../checks/index.js";
import { nearestCodes, renderExplain, renderExplainList } from "../render/explain.js";
import { loadExplanation } from "../render/explain-pages.js";
import { colorEnabled } from "../render/color.js";
import { escapeControl } from "../render/sanitize.js";
import { EXIT } from "../core/exit.js";

export async function runExplain(code: string | undefined, io: Io): Promise<number> {
  if (!code) {
    io.stdout.write(renderExplainList(checks));
    return EXIT.ok;
  }
  const wanted = code.trim().toUpperCase();
  const normalised = /^\d{3}$/.test(wanted) ? `LAT-${wanted}` : wanted;
  const check = checks.find((c) => c.code === normalised);
  if (!check) {
    const near = nearestCodes(code, checks);
    io.stderr.write(
      `lattice: unknown code ${escapeControl(code)}${near.length ? `; did you mean ${near.join(", ")}?` : ""}\n` +
        "Run 'lattice explain' to list every code.\n",
    );
    return EXIT.usage;
  }
  io.stdout.write(
    renderExplain(check, loadExplanation(check.code), {
      color: colorEnabled({ stream: io.stdout, env: io.env }),
    }),
  );
  return EXIT.ok;
}
