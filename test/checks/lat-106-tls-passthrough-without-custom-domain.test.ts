import { expect } from "vitest";
import check from "../../checks/lat-106-tls-passthrough-without-custom-domain.js";
import { checkTester } from "../support/check-tester.js";
import {
  IDS,
  ROUTE_IDS,
  listener,
  service,
  targetGroup,
  targetGroups,
  tcpTargetGroup,
  tlsPassthroughListener,
  topology,
} from "../support/topology.js";

checkTester(check, {
  pass: [
    { name: "HTTPS listener, no custom domain", topology: topology() },
    {
      name: "TLS_PASSTHROUGH listener with a custom domain",
      topology: topology({
        service: service({ customDomainName: "orders.example.com" }),
        listeners: [tlsPassthroughListener()],
        targetGroups: targetGroups(tcpTargetGroup()),
      }),
    },
  ],
  fail: [
    {
      name: "the only listener is TLS_PASSTHROUGH and there is no custom domain: critical",
      topology: topology({
        listeners: [tlsPassthroughListener()],
        targetGroups: targetGroups(tcpTargetGroup()),
      }),
      expect: {
        resource: ROUTE_IDS.listener2,
        severity: "critical",
        hop: "listener",
        count: 1,
        titleIncludes: "Listener tls-443 (TLS_PASSTHROUGH:443) is TLS_PASSTHROUGH but service orders-api",
        detailIncludes: "every connection fails",
        affects: [ROUTE_IDS.listener2, IDS.service],
      },
      assert([f]) {
        expect(f!.evidence[0]).toEqual({
          call: "vpc-lattice:GetService",
          observed: { id: IDS.service, name: "orders-api", customDomainName: null },
        });
        expect(f!.fix.commands[0]).toBe(
          "aws vpc-lattice create-service --name orders-api-tls --custom-domain-name <domain-name> --region us-east-1 --profile oncall",
        );
        expect(f!.fix.commands[1]).toContain(
          `--protocol TLS_PASSTHROUGH --port 443 --default-action '{"forward":{"targetGroups":[{"targetGroupIdentifier":"${ROUTE_IDS.targetGroup3}"}]}}'`,
        );
      },
    },
    {
      name: "TLS_PASSTHROUGH beside a working HTTPS listener: error",
      topology: topology({
        listeners: [listener(), tlsPassthroughListener()],
        targetGroups: targetGroups(targetGroup(), tcpTargetGroup()),
      }),
      expect: { resource: ROUTE_IDS.listener2, severity: "error", count: 1, detailIncludes: "https-443" },
    },
  ],
});
