import { expect } from "vitest";
import check from "../../checks/lat-105-custom-domain-without-certificate.js";
import { checkTester } from "../support/check-tester.js";
import {
  IDS,
  ROUTE_IDS,
  httpListener,
  listener,
  service,
  tcpTargetGroup,
  targetGroup,
  targetGroups,
  tlsPassthroughListener,
  topology,
} from "../support/topology.js";

const CERT = "arn:aws:acm:us-east-1:111122223333:certificate/5e6f7a8b-1c2d-4e3f-9a0b-1c2d3e4f5a6b";
const custom = (overrides = {}) => service({ customDomainName: "orders.example.com", ...overrides });

checkTester(check, {
  pass: [
    { name: "no custom domain", topology: topology() },
    {
      name: "custom domain with a certificate",
      topology: topology({ service: custom({ certificateArn: CERT }) }),
    },
    {
      name: "custom domain, no certificate, but no HTTPS listener (HTTP only)",
      topology: topology({ service: custom(), listeners: [httpListener()] }),
    },
    {
      name: "custom domain, no certificate, TLS_PASSTHROUGH only (the certificate is not used)",
      topology: topology({
        service: custom(),
        listeners: [tlsPassthroughListener()],
        targetGroups: targetGroups(tcpTargetGroup()),
      }),
    },
  ],
  fail: [
    {
      name: "custom domain, HTTPS listener, no certificate: critical",
      topology: topology({ service: custom() }),
      expect: {
        resource: IDS.service,
        severity: "critical",
        hop: "service",
        count: 1,
        titleIncludes: "has custom domain orders.example.com but no certificate",
        detailIncludes: [
          "certificateArn is not set",
          "orders-api-0e5b4c6a2d1f83a97.7d67968.vpc-lattice-svcs",
        ],
        affects: [IDS.service, IDS.listener],
      },
      assert([f]) {
        expect(f!.evidence[0]).toMatchObject({
          call: "vpc-lattice:GetService",
          observed: { customDomainName: "orders.example.com", certificateArn: null },
        });
        expect(f!.fix.commands).toEqual([
          "aws acm request-certificate --domain-name orders.example.com --validation-method DNS --region us-east-1 --profile oncall",
          `aws vpc-lattice update-service --service-identifier ${IDS.service} --certificate-arn <certificate-arn> --region us-east-1 --profile oncall`,
        ]);
      },
    },
    {
      name: "HTTPS and HTTP listeners: HTTP still answers, error",
      topology: topology({
        service: custom(),
        listeners: [listener(), httpListener()],
        targetGroups: targetGroups(targetGroup()),
      }),
      expect: { resource: IDS.service, severity: "error", detailIncludes: "http-80 (HTTP:80) still answers" },
    },
    {
      name: "HTTPS beside TLS_PASSTHROUGH: error",
      topology: topology({
        service: custom(),
        listeners: [listener(), tlsPassthroughListener()],
        targetGroups: targetGroups(targetGroup(), tcpTargetGroup()),
      }),
      expect: { severity: "error", affects: [IDS.service, IDS.listener] },
      assert(findings) {
        expect(findings[0]!.affects).not.toContain(ROUTE_IDS.listener2);
      },
    },
  ],
});
