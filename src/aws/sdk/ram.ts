// Loaded by clients.ts on the first call to this service (see the header there).
export { RAMClient } from "@aws-sdk/client-ram";
