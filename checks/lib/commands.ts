/** Fix commands ready to paste (src/core/util/shell.ts, shared with the probe). */
export { awsCli, shellQuote, type AwsCliOptions } from "../../src/core/util/shell.js";
