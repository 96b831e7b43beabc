// Loaded by clients.ts on the first call to this service (see the header there).
export { EC2Client } from "@aws-sdk/client-ec2";
