/** ARN parsing (src/core/util/arn.ts, shared with src/). */
export { parseArn, type ArnParts } from "../../src/core/util/arn.js";
