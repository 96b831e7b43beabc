/**
 * The two codes the program names in its own words, outside the checks: the diagnosis's own findings
 * about what it could not judge (a read that failed; a resource of another account not readable from
 * here). Shown in "see …" pointers of the report and the auth answers. Every other code is known
 * through the registry's metadata only (checks/index.ts).
 */
export const COULD_NOT_CHECK = "LAT-901";
export const NOT_EVALUABLE_HERE = "LAT-211";
