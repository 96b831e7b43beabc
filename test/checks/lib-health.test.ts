import { describe, expect, it } from "vitest";
import {
  describeHealthCheck,
  enableHealthCheckJson,
  explicitHealthCheckPort,
  healthChecksOff,
  healthChecksOn,
  isHealthCheckUnsupported,
  isUnhealthy,
  usesDefaultPathAndMatcher,
} from "../../checks/lib/health.js";
import { lambdaTargetGroup, targetGroup } from "../support/topology.js";

describe("health", () => {
  it("on/off by type and configuration", () => {
    expect(healthChecksOn(targetGroup())).toBe(true);
    expect(healthChecksOff(targetGroup({ healthCheck: { enabled: false } }))).toBe(true);
    expect(healthChecksOff(targetGroup({ healthCheck: undefined }))).toBe(true);
    expect(healthChecksOff(targetGroup({ healthCheck: { path: "/" } }))).toBe(false);
    expect(healthChecksOff(lambdaTargetGroup())).toBe(false);
    expect(healthChecksOn(lambdaTargetGroup())).toBe(false);
    expect(isHealthCheckUnsupported(targetGroup({ type: "ALB" }))).toBe(true);
  });

  it("only UNHEALTHY is a failure", () => {
    expect(isUnhealthy({ status: "UNHEALTHY" })).toBe(true);
    for (const status of ["UNAVAILABLE", "INITIAL", "DRAINING", "UNUSED", "HEALTHY"])
      expect(isUnhealthy({ status })).toBe(false);
  });

  it("explicit port, defaults, description", () => {
    expect(explicitHealthCheckPort({ port: 8081 })).toBe(8081);
    expect(explicitHealthCheckPort({ port: 0 })).toBeUndefined();
    expect(explicitHealthCheckPort(undefined)).toBeUndefined();
    expect(usesDefaultPathAndMatcher({ path: "/", matcher: { httpCode: "200" } })).toBe(true);
    expect(usesDefaultPathAndMatcher({})).toBe(true);
    expect(usesDefaultPathAndMatcher({ path: "/healthz" })).toBe(false);
    expect(usesDefaultPathAndMatcher({ path: "/", matcher: { httpCode: "200-399" } })).toBe(false);
    expect(describeHealthCheck(targetGroup())).toBe("HTTP port 8080, path /healthz, expecting 200");
  });

  it("enable JSON keeps what is set and checks HTTP2/GRPC over HTTP2", () => {
    expect(
      JSON.parse(
        enableHealthCheckJson(
          targetGroup({ healthCheck: undefined, protocolVersion: "GRPC", protocol: "HTTPS" }),
        ),
      ),
    ).toEqual({
      enabled: true,
      protocol: "HTTPS",
      protocolVersion: "HTTP2",
      port: 8080,
      path: "/",
      matcher: { httpCode: "200" },
    });
  });
});
