// Loaded by clients.ts on the first call to this service (see the header there).
export { STSClient } from "@aws-sdk/client-sts";
