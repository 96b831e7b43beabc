/**
 * The Lattice request built from a topology and the per-layer evaluation (src/policy/lattice.ts).
 */
import { describe, expect, it } from "vitest";
import {
  chooseListener,
  evaluateLatticeAuth,
  latticeRequest,
  type AuthRequest,
} from "../../src/policy/lattice.js";
import {
  ACCOUNT,
  IDS,
  authPolicies,
  authPolicy,
  httpListener,
  listener,
  policyDocument,
  service,
  serviceNetwork,
  serviceNetworks,
  tlsListener,
  topology,
  vpcAssociation,
} from "../support/topology.js";

const ROLE = `arn:aws:iam::${ACCOUNT}:role/orders-client`;
const SERVICE_ARN = `arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:service/${IDS.service}`;
const SN2 = IDS.serviceNetwork2;
const SN2_ARN = `arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:servicenetwork/${SN2}`;

const auth = (extra: Partial<AuthRequest> = {}): AuthRequest => ({
  principal: ROLE,
  method: "GET",
  path: "/",
  headers: {},
  query: {},
  ...extra,
});
const allowIf = (condition: Record<string, unknown>) =>
  policyDocument({
    Sid: "Cond",
    Effect: "Allow",
    Principal: "*",
    Action: "vpc-lattice-svcs:Invoke",
    Resource: "*",
    Condition: condition,
  });

function iamTopology(
  servicePolicy: string,
  networks = serviceNetworks(serviceNetwork({ authType: "NONE" })),
) {
  return topology({
    service: service({ authType: "AWS_IAM" }),
    serviceNetworks: networks,
    authPolicies: authPolicies(
      authPolicy(IDS.service, { policy: servicePolicy, state: "Active" }),
      authPolicy(IDS.serviceNetwork),
      authPolicy(SN2),
    ),
  });
}

describe("the request", () => {
  it("chooses the listener on --port, else HTTPS, then HTTP", () => {
    const https = listener();
    const http = httpListener();
    expect(chooseListener([http, https], undefined)).toBe(https);
    expect(chooseListener([http], undefined)).toBe(http);
    expect(chooseListener([http, https], 80)).toBe(http);
    expect(chooseListener([http, https], 8080)).toBeUndefined();
  });

  it("builds the resource, the Lattice keys and the caller's global keys", () => {
    const r = latticeRequest(
      topology(),
      auth({
        method: "post",
        path: "/orders/7",
        headers: { "x-tenant": "acme" },
        query: { v: ["1"] },
        sourceVpc: IDS.consumerVpc,
      }),
    );
    expect(r.action).toBe("vpc-lattice-svcs:Invoke");
    expect(r.resource).toBe(`${SERVICE_ARN}/orders/7`);
    expect(r.context).toMatchObject({
      "vpc-lattice-svcs:Port": 443,
      "vpc-lattice-svcs:RequestMethod": "POST",
      "vpc-lattice-svcs:RequestPath": "/orders/7",
      "vpc-lattice-svcs:RequestHeader/x-tenant": "acme",
      "vpc-lattice-svcs:RequestQueryString/v": ["1"],
      "vpc-lattice-svcs:SourceVpc": IDS.consumerVpc,
      "vpc-lattice-svcs:ServiceArn": SERVICE_ARN,
      "aws:PrincipalType": "AssumedRole",
      "aws:PrincipalAccount": ACCOUNT,
      "aws:PrincipalArn": ROLE,
      "aws:SecureTransport": true,
    });
    expect(r.serviceNetworkArn).toBe(
      `arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:servicenetwork/${IDS.serviceNetwork}`,
    );
    expect(r.unknownKeys).toEqual([
      "vpc-lattice-svcs:SourceVpcOwnerAccount",
      "aws:PrincipalOrgID",
      "aws:PrincipalTag/*",
      "aws:SourceIp",
    ]);
  });

  it("a TLS_PASSTHROUGH listener: Connect on the bare service ARN, as anonymous, no HTTP keys", () => {
    const r = latticeRequest(topology({ listeners: [tlsListener()] }), auth({ path: "/x" }));
    expect(r).toMatchObject({
      action: "vpc-lattice-svcs:Connect",
      resource: SERVICE_ARN,
      evaluatedAs: { type: "anonymous" },
    });
    expect(r.context).not.toHaveProperty("vpc-lattice-svcs:RequestPath");
    expect(r.notes.join(" ")).toContain("evaluated as anonymous");
  });

  it("--port with no listener on it is noted; --from i-… leaves SourceVpc unknown and says why", () => {
    const r = latticeRequest(topology(), auth({ port: 8443, from: "i-0a1b2c3d4e5f67890" }));
    expect(r.port).toBe(8443);
    expect(r.notes).toContain("the service has no listener on port 8443: evaluated as if it had one");
    expect(r.notes).toContain(
      "vpc-lattice-svcs:SourceVpc is unknown: --from i-0a1b2c3d4e5f67890 is not a VPC id",
    );
    expect(r.unknownKeys).toContain("vpc-lattice-svcs:SourceVpc");
  });
});

describe("per-layer decisions", () => {
  it("a condition on SourceVpc without --from is unknown, with --from it decides", () => {
    const t = iamTopology(allowIf({ StringEquals: { "vpc-lattice-svcs:SourceVpc": IDS.consumerVpc } }));
    const service = (a: AuthRequest) => evaluateLatticeAuth(t, a).layers.find((l) => l.layer === "service")!;
    expect(service(auth())).toMatchObject({
      decision: "unknown",
      unknownKeys: ["vpc-lattice-svcs:SourceVpc"],
    });
    expect(service(auth({ sourceVpc: IDS.consumerVpc }))).toMatchObject({
      decision: "allowed",
      statement: { index: 0, sid: "Cond" },
    });
    expect(service(auth({ sourceVpc: IDS.vpc }))).toMatchObject({ decision: "denied", denial: "implicit" });
  });

  it("two networks: each network layer gets its own ServiceNetworkArn; the service layer's is the --from VPC's network", () => {
    const networks = serviceNetworks(
      serviceNetwork({ authType: "NONE" }),
      serviceNetwork({ id: SN2, arn: SN2_ARN, name: "shared-mesh", authType: "NONE" }),
    );
    const t = {
      ...iamTopology(allowIf({ ArnEquals: { "vpc-lattice-svcs:ServiceNetworkArn": SN2_ARN } }), networks),
      vpcAssociations: [vpcAssociation({ serviceNetworkId: SN2, vpcId: IDS.consumerVpc })],
    };
    const service = (a: AuthRequest) => evaluateLatticeAuth(t, a).layers.find((l) => l.layer === "service")!;
    expect(service(auth()).decision).toBe("unknown");
    expect(service(auth({ sourceVpc: IDS.consumerVpc }))).toMatchObject({
      decision: "allowed",
      serviceNetworkArn: SN2_ARN,
    });
    const layers = evaluateLatticeAuth(t, auth({ sourceVpc: IDS.consumerVpc })).layers;
    expect(layers.map((l) => [l.id, l.decision, l.onPath])).toEqual([
      [IDS.serviceNetwork, "not-evaluated", false],
      [SN2, "not-evaluated", true],
      [IDS.service, "allowed", true],
    ]);
  });

  it("AWS_IAM without a policy denies; an unread policy and a malformed one are unknown", () => {
    const t = topology({
      service: service({ authType: "AWS_IAM" }),
      authPolicies: authPolicies(authPolicy(IDS.service), authPolicy(IDS.serviceNetwork)),
    });
    expect(evaluateLatticeAuth(t, auth()).layers[1]).toMatchObject({
      decision: "denied",
      denial: "no-policy",
    });
    const unread = { ...t, authPolicies: {} };
    expect(evaluateLatticeAuth(unread, auth()).layers[1]).toMatchObject({
      decision: "unknown",
      reason: "the auth policy could not be read (see LAT-901): not judged",
    });
    const broken = { ...t, authPolicies: authPolicies(authPolicy(IDS.service, { policy: "{not json" })) };
    expect(evaluateLatticeAuth(broken, auth()).layers[1]!.decision).toBe("unknown");
    expect(evaluateLatticeAuth(broken, auth()).layers[1]!.reason).toMatch(
      /^the auth policy cannot be evaluated: the policy is not valid JSON/,
    );
  });

  it("--principal-tag given: other tags are absent, not unknown; anonymous has no principal keys", () => {
    const t = iamTopology(allowIf({ StringEquals: { "aws:PrincipalTag/team": "checkout" } }));
    const service = (a: AuthRequest) => evaluateLatticeAuth(t, a).layers.find((l) => l.layer === "service")!;
    expect(service(auth()).decision).toBe("unknown");
    expect(service(auth({ principalTags: { team: "checkout" } })).decision).toBe("allowed");
    expect(service(auth({ principalTags: { env: "prod" } })).decision).toBe("denied");
    expect(service(auth({ principal: "anonymous" })).decision).toBe("denied");
  });
});

describe("a network that could not be read", () => {
  it("is a layer whose answer is unknown, never skipped silently", () => {
    const t = topology({ serviceNetworks: {} });
    const layers = evaluateLatticeAuth(t, auth()).layers;
    expect(layers.map((l) => [l.layer, l.id, l.decision])).toEqual([
      ["network", IDS.serviceNetwork, "unknown"],
      ["service", IDS.service, "not-evaluated"],
    ]);
    expect(layers[0]!.reason).toContain("could not be read");
  });
});
