/**
 * Which Node versions this release is tested on (CI runs the suite on each), and when each
 * leaves upstream support. A run on any other version works as usual and says nothing unless
 * `-v` asks for detail: the note below.
 */
export const TESTED_NODE_MAJORS = [20, 22, 24] as const;

/** End of life of each tested line (nodejs.org release schedule). */
const END_OF_LIFE: Record<number, string> = { 20: "2026-04-30", 22: "2027-04-30", 24: "2028-04-30" };

/** One line for `-v` when the running Node is untested or past end of life; undefined otherwise. */
export function nodeSupportNote(version: string, today: Date): string | undefined {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  const tested = `tested on Node ${TESTED_NODE_MAJORS.slice(0, -1).join(", ")} and ${TESTED_NODE_MAJORS.at(-1)}`;
  const v = version.replace(/^v?/, "v");
  if (!(TESTED_NODE_MAJORS as readonly number[]).includes(major))
    return `Node ${v} is untested: lattice-doctor is ${tested}`;
  const eol = END_OF_LIFE[major];
  if (eol && today.toISOString().slice(0, 10) >= eol)
    return `Node ${v} reached end of life on ${eol}; lattice-doctor is ${tested}`;
  return undefined;
}
