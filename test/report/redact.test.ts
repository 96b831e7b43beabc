import { describe, expect, it } from "vitest";
import { ACCOUNT_MASK, redactDeep, redactText } from "../../src/report/redact.js";

describe("--redact", () => {
  it("masks account ids in ARNs, principals and plain fields", () => {
    expect(redactText("arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-0e5b4c6a2d1f83a97")).toBe(
      `arn:aws:vpc-lattice:us-east-1:${ACCOUNT_MASK}:service/svc-0e5b4c6a2d1f83a97`,
    );
    expect(redactText("arn:aws:iam::444455556666:root")).toBe(`arn:aws:iam::${ACCOUNT_MASK}:root`);
    expect(redactDeep({ accountId: "111122223333", OwnerId: "111122223333", n: 3 })).toEqual({
      accountId: ACCOUNT_MASK,
      OwnerId: ACCOUNT_MASK,
      n: 3,
    });
  });

  it("leaves resource ids, addresses and longer numbers alone", () => {
    for (const text of [
      "sg-0282b1d9c4e5f6a70",
      "tg-012345678901abcde",
      "svc-01234567890123456",
      "10.20.0.0/16",
      "1700000000000",
      "i-0123456789012",
    ]) {
      expect(redactText(text)).toBe(text);
    }
  });
});
