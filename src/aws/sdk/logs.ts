// Loaded by clients.ts on the first call to this service (see the header there).
export { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
