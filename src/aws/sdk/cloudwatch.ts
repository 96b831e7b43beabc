// Loaded by clients.ts on the first call to this service (see the header there).
export { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
