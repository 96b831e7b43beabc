// Loaded on the first call to this service (clients.ts `sdk`): the client class and only the commands and
// paginators src/aws sends, so nothing of the SDK is loaded before the run needs it.
export {
  CloudWatchClient,
  paginateDescribeAlarms,
  paginateGetMetricData,
  paginateListMetrics,
} from "@aws-sdk/client-cloudwatch";
