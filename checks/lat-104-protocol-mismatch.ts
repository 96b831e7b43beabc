import type { Listener, TargetGroup, Topology } from "../src/topology/types.js";
import { defineCheck, type CheckContext, type FindingDraft } from "./define.js";
import { awsCli, shellQuote } from "./lib/commands.js";
import {
  carries,
  createTargetGroupCommand,
  describeListener,
  describeSite,
  everyRouteFails,
  findTargetGroup,
  forwardTo,
  routeSites,
  siteEvidence,
  targetGroupEvidence,
  updateSiteCommand,
  type RouteSite,
} from "./lib/service-routes.js";
import { listText } from "./lib/text.js";

type Mismatch =
  | { kind: "needs-https"; version: string }
  | { kind: "tcp-behind-http" }
  | { kind: "passthrough-needs-tcp"; what: string };

const LISTENER_PROTOCOLS = new Set(["HTTP", "HTTPS", "TLS_PASSTHROUGH"]);

/** Why `listener` and `tg` cannot talk, or undefined when they can (or we cannot tell). */
function mismatchOf(listener: Listener, tg: TargetGroup): Mismatch | undefined {
  const lp = listener.protocol.toUpperCase();
  if (!LISTENER_PROTOCOLS.has(lp)) return undefined;
  const type = tg.type.toUpperCase();
  const protocol = tg.protocol?.toUpperCase();
  const version = tg.protocolVersion?.toUpperCase();
  if (lp === "TLS_PASSTHROUGH") {
    if (type === "LAMBDA") return { kind: "passthrough-needs-tcp", what: "a LAMBDA" };
    if (protocol !== undefined && protocol !== "TCP")
      return { kind: "passthrough-needs-tcp", what: `an ${protocol}` };
    return undefined;
  }
  if (type === "LAMBDA") return undefined; // no protocol: Lambda speaks whatever the HTTP(S) listener receives
  if (protocol === "TCP") return { kind: "tcp-behind-http" };
  if ((version === "HTTP2" || version === "GRPC") && lp !== "HTTPS") return { kind: "needs-https", version };
  return undefined;
}

function because(m: Mismatch, listener: Listener): string {
  switch (m.kind) {
    case "needs-https":
      return `${m.version} target groups need an HTTPS listener`;
    case "tcp-behind-http":
      return `TCP target groups only work behind TLS_PASSTHROUGH listeners, not ${listener.protocol}`;
    case "passthrough-needs-tcp":
      return `a TLS_PASSTHROUGH listener must forward to a TCP target group, not ${m.what} one`;
  }
}

function tgKind(tg: TargetGroup): string {
  if (tg.type.toUpperCase() === "LAMBDA") return "LAMBDA";
  const version = tg.protocolVersion?.toUpperCase();
  if (version === "HTTP2" || version === "GRPC") return version;
  return tg.protocol ?? tg.type;
}

interface Pair {
  listener: Listener;
  tg: TargetGroup;
  mismatch: Mismatch;
  sites: RouteSite[];
}

function pairsOf(topology: Topology): Pair[] {
  const pairs = new Map<string, Pair>();
  for (const site of routeSites(topology)) {
    if (site.action?.type !== "forward") continue;
    for (const t of site.action.targetGroups) {
      if (!carries(t.weight)) continue; // weight 0: no request crosses this pair now
      const tg = findTargetGroup(topology, t.targetGroupIdentifier).targetGroup;
      if (!tg) continue;
      const mismatch = mismatchOf(site.listener, tg);
      if (!mismatch) continue;
      const key = `${site.listener.id}|${tg.id}`;
      const pair = pairs.get(key) ?? { listener: site.listener, tg, mismatch, sites: [] };
      if (!pair.sites.includes(site)) pair.sites.push(site);
      pairs.set(key, pair);
    }
  }
  return [...pairs.values()];
}

function fixFor(topology: Topology, context: CheckContext, pair: Pair): FindingDraft["fix"] {
  const { listener, tg, mismatch } = pair;
  const service = topology.service;
  const site = pair.sites[0]!;
  const commands: string[] = [];
  if (mismatch.kind === "needs-https") {
    const https = topology.listeners.find((l) => l.protocol.toUpperCase() === "HTTPS");
    if (https) {
      commands.push(
        awsCli(
          `aws vpc-lattice get-listener --service-identifier ${service.id} --listener-identifier ${https.id}`,
          context,
        ),
      );
      return {
        summary:
          `${tg.id} (${mismatch.version}) can only be reached through an HTTPS listener: route its traffic through ` +
          `${describeListener(https)} (a rule or its default action) and have clients call it over HTTPS, and ` +
          `point ${describeSite(site)} at an HTTP1 target group.`,
        commands,
      };
    }
    const action = shellQuote(
      JSON.stringify({ forward: { targetGroups: [{ targetGroupIdentifier: tg.id }] } }),
    );
    commands.push(
      awsCli(
        `aws vpc-lattice create-listener --service-identifier ${service.id} --name https-443 --protocol HTTPS ` +
          `--port 443 --default-action ${action}`,
        context,
      ),
    );
    return {
      summary:
        `Serve ${tg.id} (${mismatch.version}) from an HTTPS listener and have clients call it over HTTPS ` +
        "(target-group and listener protocols cannot be changed in place); the service may hold 2 listeners.",
      commands,
    };
  }
  if (mismatch.kind === "tcp-behind-http") {
    if (service.customDomainName) {
      const action = shellQuote(
        JSON.stringify({ forward: { targetGroups: [{ targetGroupIdentifier: tg.id }] } }),
      );
      commands.push(
        awsCli(
          `aws vpc-lattice create-listener --service-identifier ${service.id} --name tls-443 ` +
            `--protocol TLS_PASSTHROUGH --port 443 --default-action ${action}`,
          context,
        ),
      );
    }
    commands.push(
      createTargetGroupCommand(tg, context, {
        name: `${tg.name}-http`,
        config: {
          protocol: listener.protocol.toUpperCase() === "HTTPS" ? "HTTPS" : "HTTP",
          protocolVersion: "HTTP1",
        },
      }),
      updateSiteCommand(topology, site, forwardTo("<new-tg-id>"), context),
    );
    return {
      summary:
        `${tg.id} is a TCP target group: serve it from a TLS_PASSTHROUGH listener` +
        (service.customDomainName ? "" : " (which needs a service with a custom domain name)") +
        `, or point ${describeSite(site)} at an HTTP/HTTPS target group with the same targets registered.`,
      commands,
    };
  }
  const lambda = tg.type.toUpperCase() === "LAMBDA";
  commands.push(
    lambda
      ? awsCli(
          `aws vpc-lattice create-target-group --name ${shellQuote(`${tg.name}-tcp`)} --type IP ` +
            `--config ${shellQuote(JSON.stringify({ port: 443, protocol: "TCP", vpcIdentifier: "<vpc-id>" }))}`,
          context,
        )
      : createTargetGroupCommand(tg, context, {
          name: `${tg.name}-tcp`,
          config: { protocol: "TCP", protocolVersion: undefined },
        }),
  );
  const targets = lambda ? [] : (tg.targets ?? []);
  if (targets.length > 0) {
    const list = targets.map((t) => `id=${t.id}${t.port !== undefined ? `,port=${t.port}` : ""}`).join(" ");
    commands.push(
      awsCli(
        `aws vpc-lattice register-targets --target-group-identifier <new-tg-id> --targets ${list}`,
        context,
      ),
    );
  }
  commands.push(updateSiteCommand(topology, site, forwardTo("<new-tg-id>"), context));
  return {
    summary:
      "A TLS_PASSTHROUGH listener hands the encrypted stream to the targets unchanged: create a TCP target group " +
      (lambda
        ? "with INSTANCE or IP targets (Lambda cannot take TLS connections)"
        : "with the same targets") +
      ` and point ${describeSite(site)} at it.`,
    commands,
  };
}

function findingFor(topology: Topology, context: CheckContext, pair: Pair, critical: boolean): FindingDraft {
  const { listener, tg, mismatch } = pair;
  const reason = because(mismatch, listener);
  const where = listText(pair.sites.map(describeSite));
  return {
    severity: critical ? "critical" : "error",
    title:
      `${describeListener(listener).replace(/^./, (c) => c.toUpperCase())} cannot talk to ${tgKind(tg)} target group ` +
      `${tg.name} (${tg.id}): ${reason}`,
    detail:
      `${where.replace(/^./, (c) => c.toUpperCase())} forward${pair.sites.length === 1 ? "s" : ""} to ${tg.name} (${tg.id}), ` +
      `a ${tgKind(tg)} target group, but ${reason}. The listener and the target group speak different protocols, ` +
      "so the requests that take this route fail. " +
      (critical
        ? "No route of the service avoids such a mismatch: every request fails."
        : "Other routes of the service are not affected."),
    resource: { type: "listener", id: listener.id, arn: listener.arn },
    evidence: [...pair.sites.map(siteEvidence), targetGroupEvidence(tg)],
    fix: fixFor(topology, context, pair),
    affects: [tg.id, listener.id],
  };
}

export default defineCheck({
  code: "LAT-104",
  name: "protocol-mismatch",
  severity: "critical",
  hop: "listener",
  symptoms: ["404", "5xx"],
  lint: {
    judged: "file",
    scope: "service",
    reads: [
      "targetGroup.config",
      "listener.action",
      "listener.forward",
      "listener.protocol",
      "listener.port",
    ],
  },
  needs: ["listeners", "targetGroups"],
  run(topology, context) {
    const pairs = pairsOf(topology);
    if (pairs.length === 0) return [];
    const critical = everyRouteFails(topology, (site) => {
      if (site.action.type === "fixedResponse") return "neutral";
      if (site.action.type !== "forward") return "works";
      const carrying = site.action.targetGroups.filter((t) => carries(t.weight));
      if (carrying.length === 0) return "neutral"; // LAT-103's
      const broken = carrying.every((t) => {
        const tg = findTargetGroup(topology, t.targetGroupIdentifier).targetGroup;
        return !!tg && mismatchOf(site.listener, tg) !== undefined;
      });
      return broken ? "fails" : "works";
    });
    return pairs.map((pair) => findingFor(topology, context, pair, critical));
  },
});
