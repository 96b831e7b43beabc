import type { Listener, Topology } from "../src/topology/types.js";
import { defineCheck, type FindingDraft, type Severity } from "./define.js";
import { awsCli } from "./lib/commands.js";
import {
  carries,
  describeListener,
  findTargetGroup,
  forwardTo,
  routeSites,
  updateSiteCommand,
} from "./lib/service-routes.js";

/** A rule that may send requests to a target group (an unread or unknown action might). */
const mayForward = (listener: Listener): boolean =>
  listener.rules.some((r) => r.action === undefined || r.action.type !== "fixedResponse");

/** No listener of the service forwards anything, by default action or rule: every request gets a fixed response. */
function allFixed(topology: Topology): boolean {
  return routeSites(topology).every((s) => s.action?.type === "fixedResponse");
}

function severityFor(topology: Topology, listener: Listener): Severity {
  if (mayForward(listener)) return "info";
  return allFixed(topology) ? "critical" : "error";
}

/** A target group this service's rules already use, to suggest as the default. */
function knownTargetGroup(topology: Topology, listener: Listener): string | undefined {
  const sites = routeSites(topology);
  const ordered = [...sites.filter((s) => s.listener === listener), ...sites];
  for (const site of ordered) {
    if (site.action?.type !== "forward") continue;
    const t = site.action.targetGroups.find((t) => carries(t.weight));
    if (t) return findTargetGroup(topology, t.targetGroupIdentifier).id;
  }
  return Object.keys(topology.targetGroups)[0];
}

export default defineCheck({
  code: "LAT-107",
  name: "default-action-fixed-response",
  severity: "info",
  hop: "listener",
  symptoms: ["404"],
  lint: {
    judged: "file",
    scope: "service",
    reads: ["listener.action", "listener.protocol", "listener.port"],
  },
  needs: ["listeners"],
  run(topology, context) {
    const findings: FindingDraft[] = [];
    for (const listener of topology.listeners) {
      const action = listener.defaultAction;
      if (action?.type !== "fixedResponse") continue;
      const status = action.statusCode;
      const severity = severityFor(topology, listener);
      const rules = listener.rules.length;
      const name = describeListener(listener).replace(/^./, (c) => c.toUpperCase());
      const title =
        severity === "info"
          ? `${name} answers ${status} to every request that ${rules === 1 ? "does not match its only rule" : `matches none of its ${rules} rules`}`
          : `${name} answers ${status} to every request: its default action is a fixed response and no rule forwards`;
      const tg = knownTargetGroup(topology, listener);
      findings.push({
        severity,
        title,
        detail:
          `The default action of ${describeListener(listener)} is a fixed response with statusCode ${status}: Lattice ` +
          "answers it itself and the request never reaches a target. " +
          (severity === "info"
            ? "Requests that match one of the listener's rules are forwarded as the rule says; a client that gets " +
              `${status} sent a path, method or header no rule matches.`
            : `The listener has no rule that forwards, so every request to it gets ${status}` +
              (severity === "critical"
                ? ", and no other listener of the service forwards either."
                : "; other listeners of the service still forward.")),
        resource: { type: "listener", id: listener.id, arn: listener.arn },
        evidence: [
          {
            call: "vpc-lattice:GetListener",
            observed: {
              id: listener.id,
              name: listener.name,
              protocol: listener.protocol,
              port: listener.port,
              defaultAction: { fixedResponse: { statusCode: status } },
            },
          },
          {
            call: "vpc-lattice:ListRules",
            observed: {
              listenerIdentifier: listener.id,
              items: listener.rules.map((r) => {
                const item: Record<string, unknown> = { id: r.id, name: r.name };
                if (r.priority !== undefined) item.priority = r.priority;
                item.isDefault = r.isDefault;
                return item;
              }),
            },
          },
        ],
        fix: {
          summary:
            severity === "info"
              ? `If requests matching no rule should be served, forward the default action to a target group${tg ? ` (${tg})` : ""}; ` +
                "otherwise nothing to do — check the rule the failing request was expected to match."
              : `Forward the default action to the service's target group${tg ? ` (${tg})` : ""}, or add rules that forward.`,
          commands: [
            awsCli(
              `aws vpc-lattice list-rules --service-identifier ${topology.service.id} --listener-identifier ${listener.id}`,
              context,
            ),
            updateSiteCommand(topology, { listener, action }, forwardTo(tg), context),
          ],
        },
        affects: [listener.id],
      });
    }
    return findings;
  },
});
