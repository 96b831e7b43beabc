import { expect } from "vitest";
import check from "../../checks/lat-104-protocol-mismatch.js";
import { checkTester } from "../support/check-tester.js";
import {
  IDS,
  ROUTE_IDS,
  forward,
  httpListener,
  lambdaTargetGroup,
  listener,
  service,
  targetGroup,
  targetGroups,
  tcpTargetGroup,
  tlsPassthroughListener,
  topology,
} from "../support/topology.js";

const grpc = targetGroup({
  id: ROUTE_IDS.targetGroup3,
  name: "orders-grpc",
  port: 50051,
  protocolVersion: "GRPC",
});
const withCustomDomain = service({ customDomainName: "orders.example.com" });

checkTester(check, {
  pass: [
    { name: "HTTPS listener → HTTP1 target group", topology: topology() },
    {
      name: "GRPC target group behind an HTTPS listener",
      topology: topology({
        listeners: [listener({ defaultAction: forward(ROUTE_IDS.targetGroup3) })],
        targetGroups: targetGroups(grpc),
      }),
    },
    {
      name: "TCP target group behind a TLS_PASSTHROUGH listener",
      topology: topology({
        service: withCustomDomain,
        listeners: [tlsPassthroughListener()],
        targetGroups: targetGroups(tcpTargetGroup()),
      }),
    },
    {
      name: "LAMBDA target group behind an HTTP listener",
      topology: topology({
        listeners: [httpListener({ defaultAction: forward(IDS.targetGroup2) })],
        targetGroups: targetGroups(lambdaTargetGroup()),
      }),
    },
    {
      name: "HTTP2 target group with weight 0 behind HTTP: no request crosses it",
      topology: topology({
        listeners: [
          httpListener({
            defaultAction: forward(
              { id: IDS.targetGroup, weight: 100 },
              { id: ROUTE_IDS.targetGroup3, weight: 0 },
            ),
          }),
        ],
        targetGroups: targetGroups(targetGroup(), { ...grpc, protocolVersion: "HTTP2" }),
      }),
    },
    {
      name: "target group not read: nothing to compare",
      topology: topology({ listeners: [httpListener({ defaultAction: forward(ROUTE_IDS.targetGroup3) })] }),
    },
  ],
  fail: [
    {
      name: "GRPC target group behind the only (HTTP) listener: critical",
      topology: topology({
        listeners: [httpListener({ defaultAction: forward(ROUTE_IDS.targetGroup3) })],
        targetGroups: targetGroups(grpc),
      }),
      expect: {
        resource: ROUTE_IDS.listener2,
        severity: "critical",
        hop: "listener",
        count: 1,
        titleIncludes: [
          "Listener http-80 (HTTP:80) cannot talk to GRPC target group orders-grpc (tg-0e1f3a5b7c9d1e3f5)",
          "GRPC target groups need an HTTPS listener",
        ],
        detailIncludes: "every request fails",
        affects: [ROUTE_IDS.targetGroup3, ROUTE_IDS.listener2],
      },
      assert([f]) {
        expect(f!.evidence.map((e) => e.call)).toEqual([
          "vpc-lattice:GetListener",
          "vpc-lattice:GetTargetGroup",
        ]);
        expect(f!.evidence[1]!.observed).toMatchObject({
          config: { port: 50051, protocol: "HTTP", protocolVersion: "GRPC" },
        });
        expect(f!.fix.commands[0]).toContain(
          `create-listener --service-identifier ${IDS.service} --name https-443 --protocol HTTPS --port 443`,
        );
      },
    },
    {
      name: "GRPC behind HTTP while the HTTPS listener serves HTTP1: error",
      topology: topology({
        listeners: [listener(), httpListener({ defaultAction: forward(ROUTE_IDS.targetGroup3) })],
        targetGroups: targetGroups(targetGroup(), grpc),
      }),
      expect: { resource: ROUTE_IDS.listener2, severity: "error", count: 1 },
    },
    {
      name: "TCP target group behind an HTTPS listener: critical",
      topology: topology({
        service: withCustomDomain,
        listeners: [listener({ defaultAction: forward(ROUTE_IDS.targetGroup3) })],
        targetGroups: targetGroups(tcpTargetGroup()),
      }),
      expect: {
        resource: IDS.listener,
        severity: "critical",
        titleIncludes: "TCP target groups only work behind TLS_PASSTHROUGH listeners, not HTTPS",
      },
      assert([f]) {
        expect(f!.fix.commands[0]).toContain("--protocol TLS_PASSTHROUGH --port 443");
      },
    },
    {
      name: "TLS_PASSTHROUGH listener forwards to a LAMBDA target group, HTTPS listener fine: error",
      topology: topology({
        service: withCustomDomain,
        listeners: [listener(), tlsPassthroughListener({ defaultAction: forward(IDS.targetGroup2) })],
        targetGroups: targetGroups(targetGroup(), lambdaTargetGroup()),
      }),
      expect: {
        resource: ROUTE_IDS.listener2,
        severity: "error",
        titleIncludes: "must forward to a TCP target group, not a LAMBDA one",
      },
    },
    {
      name: "TLS_PASSTHROUGH listener forwards to an HTTP target group: critical, TCP replacement offered",
      topology: topology({
        service: withCustomDomain,
        listeners: [tlsPassthroughListener({ defaultAction: forward(IDS.targetGroup) })],
      }),
      expect: { resource: ROUTE_IDS.listener2, severity: "critical", titleIncludes: "not an HTTP one" },
      assert([f]) {
        expect(f!.fix.commands[0]).toBe(
          `aws vpc-lattice create-target-group --name orders-v1-tcp --type IP --config ` +
            `'{"port":8080,"protocol":"TCP","ipAddressType":"IPV4","vpcIdentifier":"${IDS.vpc}"}' --region us-east-1 --profile oncall`,
        );
        expect(f!.fix.commands[1]).toContain(
          "register-targets --target-group-identifier <new-tg-id> --targets id=10.0.1.15,port=8080 id=10.0.2.27,port=8080",
        );
      },
    },
  ],
});
