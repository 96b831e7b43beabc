import { describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { GetServiceCommand, ListServicesCommand, VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import { createClients } from "../../src/aws/clients.js";
import { builtNow } from "./mock-clients.js";
import { AmbiguousServiceError, ServiceNotFoundError } from "../../src/aws/gather-api.js";
import { AwsConfigError } from "../../src/aws/failures.js";
import {
  InvalidServiceInputError,
  isNonStandardServiceId,
  parseServiceInput,
  regionOfInput,
  resolveService,
} from "../../src/aws/resolve.js";

const ID = "svc-0a1b2c3d4e5f67890";
const OTHER = "svc-0f9e8d7c6b5a43210";
const arn = (id: string, region = "us-east-1", account = "111122223333") =>
  `arn:aws:vpc-lattice:${region}:${account}:service/${id}`;

function setup() {
  const clients = createClients({ region: "us-east-1" });
  // Built now (createClients builds it on first use) so it can be stubbed.
  const lattice = mockClient(builtNow(clients, "lattice", new VPCLatticeClient({ region: "us-east-1" })));
  return { clients, lattice };
}

describe("parseServiceInput", () => {
  it.each([
    [ID, { kind: "id", id: ID }],
    [`  ${ID} `, { kind: "id", id: ID }],
    [
      arn(ID, "eu-west-1"),
      { kind: "arn", id: ID, region: "eu-west-1", accountId: "111122223333", partition: "aws" },
    ],
    [
      `arn:aws-us-gov:vpc-lattice:us-gov-west-1:111122223333:service/${ID}`,
      { kind: "arn", id: ID, region: "us-gov-west-1", partition: "aws-us-gov" },
    ],
    ["payments", { kind: "name", name: "payments" }],
    ["abc", { kind: "name", name: "abc" }],
    ["a".repeat(40), { kind: "name" }],
    ["checkout-api-v2", { kind: "name", name: "checkout-api-v2" }],
  ])("accepts %s", (input, expected) => {
    expect(parseServiceInput(input)).toMatchObject(expected);
  });

  it.each([
    "svc-0a1b2c3d4e5f6789", // 16: not AWS's form, left to the endpoint
    "svc-0a1b2c3d4e5f678901", // 18
    "svc-da114ed4-e162-41a", // as moto's server issues them
  ])("takes %s as an id and lets the endpoint judge it", (input) => {
    expect(parseServiceInput(input)).toEqual({ kind: "id", id: input });
    expect(isNonStandardServiceId(input)).toBe(true);
  });

  it("knows AWS's own form", () => {
    expect(isNonStandardServiceId("svc-0a1b2c3d4e5f67890")).toBe(false);
  });

  it.each([
    "svc-XYZ",
    "svc-0A1B2C3D4E5F67890", // upper case
    "svc-",
    "svc--0a1b2c3d4e5f6789", // starts with a hyphen
    "svc-0a1b2c3d4e5f6789-", // ends with a hyphen
  ])("refuses the malformed id %s, saying what an id looks like", (input) => {
    const run = () => parseServiceInput(input);
    expect(run).toThrow(InvalidServiceInputError);
    expect(run).toThrow(
      `"${input}" is not a service id: expected svc- followed by 17 lowercase letters or digits (e.g. svc-0a1b2c3d4e5f67890)`,
    );
  });

  it.each([
    `arn:aws:vpc-lattice:us-east-1:111122223333:servicenetwork/sn-0a1b2c3d4e5f67890`,
    `arn:aws:elasticloadbalancing:us-east-1:111122223333:service/${ID}`,
    `arn:aws:vpc-lattice:us-east-1:1111:service/${ID}`,
    `arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-`,
    `arn:aws:vpc-lattice:us-east-1:111122223333:service/${ID}/listener/listener-0aa1bb2cc3dd4ee5f`,
  ])("refuses the non-service ARN %s", (input) => {
    expect(() => parseServiceInput(input)).toThrow(/is not a VPC Lattice service ARN: expected svc-/);
  });

  it.each([
    "ab",
    "a".repeat(41),
    "-payments",
    "payments-",
    "pay--ments",
    "Payments",
    "pay_ments",
    "pay ments",
    "",
  ])("refuses the invalid name %j", (input) => {
    expect(() => parseServiceInput(input)).toThrow(InvalidServiceInputError);
  });
});

describe("resolveService", () => {
  it("takes an id as it is, without calling AWS (gather's GetService checks it)", async () => {
    const { clients, lattice } = setup();
    await expect(resolveService(ID, clients, "us-east-1")).resolves.toEqual({ id: ID, region: "us-east-1" });
    expect(lattice.calls()).toHaveLength(0);
  });

  it("takes the region from an ARN without calling AWS", async () => {
    const { clients, lattice } = setup();
    await expect(resolveService(arn(ID, "eu-west-1"), clients, "us-east-1")).resolves.toEqual({
      id: ID,
      arn: arn(ID, "eu-west-1"),
      region: "eu-west-1",
    });
    expect(lattice.calls()).toHaveLength(0);
  });

  it("finds a name on the second page of ListServices", async () => {
    const { clients, lattice } = setup();
    lattice
      .on(ListServicesCommand, { nextToken: undefined })
      .resolves({ items: [{ id: OTHER, arn: arn(OTHER), name: "orders" }], nextToken: "t2" })
      .on(ListServicesCommand, { nextToken: "t2" })
      .resolves({ items: [{ id: ID, arn: arn(ID), name: "payments" }] });
    await expect(resolveService("payments", clients, "us-east-1")).resolves.toEqual({
      id: ID,
      arn: arn(ID),
      name: "payments",
      region: "us-east-1",
    });
    expect(lattice.commandCalls(ListServicesCommand)).toHaveLength(2);
    expect(lattice.commandCalls(ListServicesCommand)[0]!.args[0].input.maxResults).toBe(100);
  });

  it("follows a RAM-style empty page with a token", async () => {
    const { clients, lattice } = setup();
    lattice
      .on(ListServicesCommand, { nextToken: undefined })
      .resolves({ items: [], nextToken: "t2" })
      .on(ListServicesCommand, { nextToken: "t2" })
      .resolves({ items: [{ id: ID, arn: arn(ID), name: "payments" }] });
    await expect(resolveService("payments", clients, "us-east-1")).resolves.toMatchObject({ id: ID });
  });

  it("refuses a name matched by several services (across pages), listing them", async () => {
    const { clients, lattice } = setup();
    const shared = arn(OTHER, "us-east-1", "444455556666");
    lattice
      .on(ListServicesCommand, { nextToken: undefined })
      .resolves({ items: [{ id: ID, arn: arn(ID), name: "payments" }], nextToken: "t2" })
      .on(ListServicesCommand, { nextToken: "t2" })
      .resolves({
        items: [
          { id: OTHER, arn: shared, name: "payments" },
          { id: "svc-0000000000000000a", name: "payments-v2" },
        ],
      });
    const error = await resolveService("payments", clients, "us-east-1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmbiguousServiceError);
    const ambiguous = error as AmbiguousServiceError;
    expect(ambiguous.matches).toEqual([
      { id: ID, arn: arn(ID), name: "payments" },
      { id: OTHER, arn: shared, name: "payments" },
    ]);
    // The matches are a list of their own (printed one a line); the message does not repeat them.
    expect(ambiguous.message).toBe(
      '2 services are named "payments" in us-east-1 (services shared with this account included); name one by id or ARN:',
    );
  });

  it("reports an unknown name as ServiceNotFoundError (exact match only)", async () => {
    const { clients, lattice } = setup();
    lattice.on(ListServicesCommand).resolves({ items: [{ id: ID, arn: arn(ID), name: "payments-v2" }] });
    await expect(resolveService("payments", clients, "us-east-1")).rejects.toThrow(ServiceNotFoundError);
    await expect(resolveService("payments", clients, "us-east-1")).rejects.toThrow(
      /no VPC Lattice service named "payments" in us-east-1/,
    );
  });

  it("throws InvalidServiceInputError before calling AWS", async () => {
    const { clients, lattice } = setup();
    await expect(resolveService("svc-XYZ", clients, "us-east-1")).rejects.toBeInstanceOf(
      InvalidServiceInputError,
    );
    expect(lattice.calls()).toHaveLength(0);
  });

  it("rethrows credential errors as AwsConfigError", async () => {
    const { clients, lattice } = setup();
    const e = Object.assign(new Error("Token is expired. To refresh this SSO session run 'aws sso login'"), {
      name: "TokenProviderError",
    });
    lattice.on(ListServicesCommand).rejects(e);
    const error = await resolveService("payments", clients, "us-east-1").catch((x: unknown) => x);
    expect(error).toBeInstanceOf(AwsConfigError);
    expect((error as AwsConfigError).ssoExpired).toBe(true);
  });
});

describe("the URL or DNS name the client called", () => {
  const GENERATED = "orders-api-0e5b4c6a2d1f83a97.7d67968.vpc-lattice-svcs.eu-west-1.on.aws";
  const ORDERS = "svc-0e5b4c6a2d1f83a97";

  it.each([
    [`https://${GENERATED}/orders`, { kind: "dns", id: ORDERS, region: "eu-west-1", path: "/orders" }],
    [
      `http://${GENERATED.toUpperCase()}.:8080/v1/orders?x=1`,
      { kind: "dns", id: ORDERS, path: "/v1/orders" },
    ],
    [GENERATED, { kind: "dns", id: ORDERS, region: "eu-west-1" }],
    [
      "https://orders.internal.example.com/orders/42",
      { kind: "domain", host: "orders.internal.example.com", path: "/orders/42" },
    ],
    ["orders.internal.example.com", { kind: "domain", host: "orders.internal.example.com" }],
    ["orders.internal.example.com/orders", { kind: "domain", path: "/orders" }],
  ])("parses %s", (input, expected) => {
    expect(parseServiceInput(input)).toMatchObject(expected);
  });

  it("a bare host name carries no request path", () => {
    expect(parseServiceInput(GENERATED)).not.toHaveProperty("path");
  });

  it.each([
    "https://10.0.3.7/orders",
    "https:///orders",
    "https://orders-api.7d67968.vpc-lattice-svcs.us-east-1.on.aws/", // no id in the name
    "https://exa mple.com/",
  ])("refuses %s with a usage error", (input) => {
    expect(() => parseServiceInput(input)).toThrow(InvalidServiceInputError);
  });

  it("a generated name's region wins, like an ARN's; a custom domain names none", () => {
    expect(regionOfInput(`https://${GENERATED}/`)).toBe("eu-west-1");
    expect(regionOfInput(arn(ID, "ap-south-1"))).toBe("ap-south-1");
    expect(regionOfInput("https://orders.internal.example.com/")).toBeUndefined();
  });

  it("a generated name resolves to its id and region without a call", async () => {
    const { clients, lattice } = setup();
    await expect(resolveService(`https://${GENERATED}/orders`, clients, "us-east-1")).resolves.toEqual({
      id: ORDERS,
      region: "eu-west-1",
    });
    expect(lattice.calls()).toHaveLength(0);
  });

  it("a custom domain is found by customDomainName across pages of ListServices, in any case", async () => {
    const { clients, lattice } = setup();
    lattice
      .on(ListServicesCommand, { nextToken: undefined })
      .resolves({
        items: [
          { id: OTHER, arn: arn(OTHER), name: "payments", customDomainName: "payments.internal.example.com" },
        ],
        nextToken: "t2",
      })
      .on(ListServicesCommand, { nextToken: "t2" })
      .resolves({
        items: [{ id: ID, arn: arn(ID), name: "orders", customDomainName: "Orders.Internal.Example.com" }],
      });
    await expect(
      resolveService("https://orders.internal.example.com/orders", clients, "us-east-1"),
    ).resolves.toEqual({ id: ID, arn: arn(ID), name: "orders", region: "us-east-1" });
    expect(lattice.commandCalls(GetServiceCommand)).toHaveLength(0);
  });

  it("when no summary carries customDomainName, each service's GetService is read", async () => {
    const { clients, lattice } = setup();
    lattice
      .on(ListServicesCommand, { nextToken: undefined })
      .resolves({ items: [{ id: OTHER, arn: arn(OTHER), name: "payments" }], nextToken: "t2" })
      .on(ListServicesCommand, { nextToken: "t2" })
      .resolves({ items: [{ id: ID, arn: arn(ID), name: "orders" }] })
      .on(GetServiceCommand, { serviceIdentifier: OTHER })
      .resolves({ id: OTHER, name: "payments" })
      .on(GetServiceCommand, { serviceIdentifier: ID })
      .resolves({ id: ID, name: "orders", customDomainName: "orders.internal.example.com" });
    await expect(resolveService("orders.internal.example.com", clients, "us-east-1")).resolves.toMatchObject({
      id: ID,
    });
    expect(lattice.commandCalls(GetServiceCommand)).toHaveLength(2);
  });

  it("a GetService that fails while nothing matched is not reported as not found", async () => {
    const { clients, lattice } = setup();
    lattice
      .on(ListServicesCommand)
      .resolves({ items: [{ id: ID, arn: arn(ID), name: "orders" }] })
      .on(GetServiceCommand)
      .rejects(Object.assign(new Error("User is not authorized"), { name: "AccessDeniedException" }));
    const error = await resolveService("orders.internal.example.com", clients, "us-east-1").catch(
      (e: unknown) => e,
    );
    expect(error).not.toBeInstanceOf(ServiceNotFoundError);
    expect((error as Error).name).toBe("AccessDeniedException");
  });

  it("no match: ServiceNotFoundError saying what was searched", async () => {
    const { clients, lattice } = setup();
    lattice.on(ListServicesCommand).resolves({
      items: [
        { id: ID, arn: arn(ID), name: "orders", customDomainName: "orders.example.com" },
        { id: OTHER, arn: arn(OTHER), name: "payments" },
      ],
    });
    const error = await resolveService("https://orders.internal.example.com/", clients, "us-east-1").catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ServiceNotFoundError);
    expect((error as Error).message).toMatch(
      /no VPC Lattice service in us-east-1 has the custom domain name orders\.internal\.example\.com \(searched the customDomainName of 2 services, every page of ListServices/,
    );
    expect((error as Error).message).toContain("pass --region");
  });
});
