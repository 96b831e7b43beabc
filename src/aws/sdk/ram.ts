// Loaded on the first call to this service (clients.ts `sdk`): the client class and only the commands and
// paginators src/aws sends, so nothing of the SDK is loaded before the run needs it.
export {
  RAMClient,
  paginateGetResourceShareAssociations,
  paginateGetResourceShareInvitations,
  paginateGetResourceShares,
  paginateListPendingInvitationResources,
  paginateListResources,
} from "@aws-sdk/client-ram";
