// Loaded by clients.ts on the first call to this service (see the header there).
export { IAMClient } from "@aws-sdk/client-iam";
