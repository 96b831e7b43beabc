import { defineCheck } from "./define.js";
import { awsCli, shellQuote } from "./lib/commands.js";
import { accountOfArn, parseArn } from "../src/core/util/arn.js";

/** `arn:aws:…` → `aws` (aws-cn, aws-us-gov …). */
function partitionOf(arn: string): string {
  return parseArn(arn)?.partition || "aws";
}

export default defineCheck({
  code: "LAT-603",
  name: "access-logs-disabled",
  severity: "warning",
  hop: "service",
  needs: ["service", "serviceAssociations", "accessLogs"],
  explain: {
    summary:
      "Neither the service nor any network it is in has an access-log subscription: the reason for a 403 (authDeniedReason) cannot be seen.",
    why:
      "VPC Lattice tells the caller only `AccessDeniedException … because no <network|service|identity>-based " +
      "policy allows` — and sometimes less. The access log says, per request, responseCode, authDeniedReason " +
      "(Service, Network, Identity), resolvedUser, failureReason (TargetConnectionError, TargetDataTimeout …) and " +
      "the target it went to. Without a subscription on the service (every client) or on its network (clients in " +
      "that network's VPCs), none of it is recorded: there is nothing to look at when a call fails.",
    fix: "Create an access-log subscription on the service to CloudWatch Logs (delivery ~2 min), S3 or Firehose.",
    bad:
      "CLI:\n" +
      "  aws vpc-lattice list-access-log-subscriptions --resource-identifier svc-0e5b4c6a2d1f83a97   →  items: []\n" +
      "Terraform: the service, and no aws_vpclattice_access_log_subscription naming it or its network:\n" +
      '  resource "aws_vpclattice_service" "orders" {\n' +
      '    name      = "orders-api"\n' +
      '    auth_type = "AWS_IAM"\n' +
      "  }",
    good:
      "CLI:\n" +
      "  aws logs create-log-group --log-group-name /aws/vendedlogs/vpclattice/orders-api\n" +
      "  aws vpc-lattice create-access-log-subscription --resource-identifier svc-0e5b4c6a2d1f83a97 \\\n" +
      "    --destination-arn arn:aws:logs:us-east-1:111122223333:log-group:/aws/vendedlogs/vpclattice/orders-api\n" +
      "Terraform:\n" +
      '  resource "aws_vpclattice_access_log_subscription" "orders" {\n' +
      "    resource_identifier = aws_vpclattice_service.orders.id\n" +
      "    destination_arn     = aws_cloudwatch_log_group.orders_access.arn\n" +
      "  }",
  },
  run(topology, context) {
    const subscriptions = topology.signals?.accessLogSubscriptions;
    if (!subscriptions) return [];
    const service = topology.service;
    const networkIds = new Set([
      ...Object.keys(topology.serviceNetworks),
      ...topology.serviceAssociations.map((a) => a.serviceNetworkId),
    ]);
    const onService = subscriptions.filter((s) => s.resourceId === service.id);
    // A network's RESOURCE-type log covers resource configurations only, not services.
    const onNetworks = subscriptions.filter(
      (s) => networkIds.has(s.resourceId) && s.serviceNetworkLogType !== "RESOURCE",
    );
    if (onService.length > 0 || onNetworks.length > 0) return [];

    const name = service.name || service.id;
    const account = topology.accountId ?? accountOfArn(service.arn) ?? "";
    const partition = service.arn ? partitionOf(service.arn) : "aws";
    const group = `/aws/vendedlogs/vpclattice/${name}`;
    const groupArn = `arn:${partition}:logs:${context.region}:${account}:log-group:${group}`;
    const networks = [...networkIds].sort();
    return [
      {
        title: `No access logs for ${name}: why a call got 403 or 5XX cannot be looked up`,
        detail:
          `Neither ${service.id} nor ${networks.length ? `its network${networks.length === 1 ? "" : "s"} (${networks.join(", ")})` : "any network (it is in none)"} ` +
          "has an access-log subscription. The access log is where VPC Lattice records, per request, " +
          "authDeniedReason (which auth layer denied a 403), resolvedUser, failureReason and the target it used; " +
          "without one, a failed call leaves no trace beyond counts in CloudWatch.",
        resource: { type: "service", id: service.id, ...(service.arn ? { arn: service.arn } : {}) },
        evidence: [
          {
            call: "vpc-lattice:ListAccessLogSubscriptions",
            observed: { resourceIdentifier: service.id, items: [] },
          },
          ...networks.map((id) => ({
            call: "vpc-lattice:ListAccessLogSubscriptions",
            observed: {
              resourceIdentifier: id,
              items: subscriptions
                .filter((s) => s.resourceId === id)
                .map((s) => ({ id: s.id, serviceNetworkLogType: s.serviceNetworkLogType })),
            },
          })),
        ],
        fix: {
          summary:
            "Send the service's access logs to CloudWatch Logs (the log group first), or use an S3 bucket or a " +
            "Firehose stream as destination.",
          commands: [
            awsCli(`aws logs create-log-group --log-group-name ${shellQuote(group)}`, context),
            awsCli(
              `aws vpc-lattice create-access-log-subscription --resource-identifier ${service.id} --destination-arn ${shellQuote(groupArn)}`,
              context,
            ),
          ],
        },
        affects: [service.id, ...networks],
      },
    ];
  },
});
