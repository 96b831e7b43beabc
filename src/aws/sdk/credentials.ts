// Loaded on the first credential look-up (clients.ts `sharedCredentialChain`): the SDK's own default
// chain, the one every client would otherwise build for itself. Its module is part of every
// client's graph already, so loading it here costs nothing more.
export { defaultProvider } from "@aws-sdk/credential-provider-node";
