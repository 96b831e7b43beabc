// Loaded by clients.ts on the first call to this service (see the header there).
export { S3Client } from "@aws-sdk/client-s3";
