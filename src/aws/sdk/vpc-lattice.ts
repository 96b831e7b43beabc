// Loaded by clients.ts on the first call to this service (see the header there).
export { VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
