// Loaded on the first call to this service (clients.ts `sdk`): the client class and only the commands and
// paginators src/aws sends, so nothing of the SDK is loaded before the run needs it.
export {
  VPCLatticeClient,
  GetAuthPolicyCommand,
  GetListenerCommand,
  GetRuleCommand,
  GetServiceCommand,
  GetServiceNetworkCommand,
  GetServiceNetworkServiceAssociationCommand,
  GetServiceNetworkVpcAssociationCommand,
  GetTargetGroupCommand,
  // The early stage's first pages (first-wave.ts), sent as the paginators send them.
  ListAccessLogSubscriptionsCommand,
  ListListenersCommand,
  ListRulesCommand,
  ListServiceNetworkServiceAssociationsCommand,
  // The early stage's hint (first-wave.ts): the account's target groups, and the first ListTargets
  // page of those that serve the service.
  ListTargetGroupsCommand,
  ListTargetsCommand,
  paginateListAccessLogSubscriptions,
  paginateListListeners,
  paginateListRules,
  paginateListServiceNetworkResourceAssociations,
  paginateListServiceNetworkServiceAssociations,
  paginateListServiceNetworkVpcAssociations,
  paginateListServiceNetworkVpcEndpointAssociations,
  paginateListServices,
  paginateListTargets,
} from "@aws-sdk/client-vpc-lattice";
