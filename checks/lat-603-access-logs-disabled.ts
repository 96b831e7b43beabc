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
  lint: { judged: "live", reason: "needs live state" },
  needs: ["service", "serviceAssociations", "accessLogs"],
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
