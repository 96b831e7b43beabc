/**
 * The registry: every check `lattice doctor` runs and `lattice explain` knows, in code order.
 * Adding a check = one module + one line here.
 */
import type { Check } from "./define.js";
import lat101 from "./lat-101-service-not-active.js";
import lat102 from "./lat-102-service-has-no-listeners.js";
import lat103 from "./lat-103-listener-routes-nowhere.js";
import lat104 from "./lat-104-protocol-mismatch.js";
import lat105 from "./lat-105-custom-domain-without-certificate.js";
import lat106 from "./lat-106-tls-passthrough-without-custom-domain.js";
import lat107 from "./lat-107-default-action-fixed-response.js";
import lat201 from "./lat-201-service-not-in-any-network.js";
import lat202 from "./lat-202-service-association-not-active.js";
import lat203 from "./lat-203-network-has-no-consumers.js";
import lat204 from "./lat-204-vpc-association-not-active.js";
import lat205 from "./lat-205-client-vpc-not-connected.js";
import lat206 from "./lat-206-client-vpc-on-other-network.js";
import lat207 from "./lat-207-vpc-association-without-security-groups.js";
import lat208 from "./lat-208-share-not-accepted.js";
import lat209 from "./lat-209-share-not-active.js";
import lat210 from "./lat-210-network-not-shareable.js";
import lat211 from "./lat-211-foreign-resource-not-evaluable.js";
import lat301 from "./lat-301-all-targets-unhealthy.js";
import lat302 from "./lat-302-some-targets-unhealthy.js";
import lat303 from "./lat-303-no-targets-registered.js";
import lat304 from "./lat-304-target-group-not-wired.js";
import lat305 from "./lat-305-health-check-disabled.js";
import lat306 from "./lat-306-target-group-not-active.js";
import lat307 from "./lat-307-health-check-defaults-suspect.js";
import lat308 from "./lat-308-targets-draining.js";
import lat309 from "./lat-309-health-check-on-unsupported-type.js";
import lat401 from "./lat-401-iam-auth-without-policy.js";
import lat402 from "./lat-402-auth-policy-inactive.js";
import lat403 from "./lat-403-principal-denied.js";
import lat404 from "./lat-404-policy-uses-control-plane-action.js";
import lat405 from "./lat-405-policy-resource-never-matches.js";
import lat406 from "./lat-406-no-auth-on-path.js";
import lat407 from "./lat-407-resource-configurations-unprotected.js";
import lat408 from "./lat-408-tls-listener-requires-anonymous.js";
import lat409 from "./lat-409-caller-lacks-invoke.js";
import lat410 from "./lat-410-denial-explained.js";
import lat501 from "./lat-501-target-sg-blocks-lattice.js";
import lat502 from "./lat-502-target-sg-blocks-health-check.js";
import lat503 from "./lat-503-target-sg-missing-ipv6-prefix-list.js";
import lat504 from "./lat-504-sg-copies-prefix-list-cidrs.js";
import lat505 from "./lat-505-association-sg-blocks-listener.js";
import lat506 from "./lat-506-client-egress-blocks-lattice.js";
import lat507 from "./lat-507-nacl-blocks-lattice.js";
import lat601 from "./lat-601-no-error-alarm.js";
import lat602 from "./lat-602-alarm-on-missing-metric.js";
import lat603 from "./lat-603-access-logs-disabled.js";
import lat604 from "./lat-604-recent-errors.js";
import lat605 from "./lat-605-alarm-firing.js";
import lat606 from "./lat-606-failed-requests-logged.js";
import lat901 from "./lat-901-could-not-check.js";

export const checks: Check[] = [
  lat101,
  lat102,
  lat103,
  lat104,
  lat105,
  lat106,
  lat107,
  lat201,
  lat202,
  lat203,
  lat204,
  lat205,
  lat206,
  lat207,
  lat208,
  lat209,
  lat210,
  lat211,
  lat301,
  lat302,
  lat303,
  lat304,
  lat305,
  lat306,
  lat307,
  lat308,
  lat309,
  lat401,
  lat402,
  lat403,
  lat404,
  lat405,
  lat406,
  lat407,
  lat408,
  lat409,
  lat410,
  lat501,
  lat502,
  lat503,
  lat504,
  lat505,
  lat506,
  lat507,
  lat601,
  lat602,
  lat603,
  lat604,
  lat605,
  lat606,
  lat901,
];

/** The check for a code (`LAT-501`, case-insensitive, surrounding spaces ignored), or undefined. */
export function findCheck(code: string): Check | undefined {
  const wanted = code.trim().toUpperCase();
  return checks.find((c) => c.code === wanted);
}
